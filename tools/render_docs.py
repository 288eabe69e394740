"""Render every notebook to HTML with its saved outputs, into one folder with an index: the docs, offline.

    python tools/render_docs.py [OUT]      # default: _docs_offline/

The docs site is built with Quarto by the docs workflow (.github/workflows/deploy.yaml). Where Quarto cannot be
installed, this gives a way to read the same notebooks as pages: nbconvert's HTML export of each notebook in
`nbs/` and `nbs/tutorials/`, in the sidebar's order, with the saved outputs (pictures embedded, charts as the PNGs
that `show.use_offline_charts` saved beside them, widget state as saved) and an `index.html` linking them. Pictures
and charts need no network; the live widgets and the LaTeX of the prose load their scripts from a CDN when one is
reachable, and show as their saved pictures and as TeX source when not.
"""
import argparse, html, sys
from pathlib import Path

import nbformat
import yaml
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT/'nbs'

def notebooks()->list:
    "The notebooks in the sidebar's order (index, stages, tutorials), then any the sidebar does not list."
    listed = []
    def walk(items):
        for it in items:
            if isinstance(it, str) and it.endswith('.ipynb'): listed.append(NBS/it)
            elif isinstance(it, dict): walk(it.get('contents', []))
    walk(yaml.safe_load((NBS/'sidebar.yml').read_text())['website']['sidebar']['contents'])
    rest = sorted(p for p in NBS.rglob('*.ipynb') if p not in listed and not any(q.startswith(('.', '_')) for q in p.relative_to(NBS).parts))
    return [p for p in listed if p.is_file()] + rest

def title(nb)->str:
    "The notebook's first heading."
    for c in nb.cells:
        if c.cell_type == 'markdown':
            for line in c.source.splitlines():
                if line.startswith('# '): return line[2:].strip()
    return 'untitled'

def render(out:Path)->list:
    "Write one HTML page per notebook and an index; the pages written."
    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name='lab')
    pages = []
    for p in notebooks():
        nb = nbformat.read(p, as_version=4)
        body, _ = exporter.from_notebook_node(nb, resources={'metadata': {'name': title(nb)}})
        name = p.relative_to(NBS).with_suffix('.html').as_posix().replace('/', '_')
        (out/name).write_text(body)
        pages.append((name, title(nb), p.relative_to(NBS).as_posix()))
    links = '\n'.join(f'<li><a href="{n}">{html.escape(t)}</a> <small>({html.escape(s)})</small></li>' for n, t, s in pages)
    (out/'index.html').write_text(f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>affinity-interp</title>
<style>body{{font-family:system-ui,sans-serif;max-width:800px;margin:2em auto;line-height:1.6}}</style></head>
<body><h1>affinity-interp: the notebooks</h1><p>Each page is a notebook of the library with its saved outputs.</p><ol>
{links}
</ol></body></html>
""")
    return [out/n for n, _, _ in pages]

def main(argv=None)->int:
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('out', nargs='?', default=str(ROOT/'_docs_offline'), type=Path)
    a = p.parse_args(argv)
    pages = render(a.out)
    print(f"wrote {len(pages)} pages and index.html to {a.out}")
    return 0

if __name__ == '__main__': sys.exit(main())
