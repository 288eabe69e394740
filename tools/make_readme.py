"""Write README.md from nbs/index.ipynb without Quarto (nbdev-readme needs Quarto, which is not everywhere).

Markdown cells are copied; visible code cells become ```python blocks followed by their text output.
`tests/test_repo.py` checks that README.md is what this script writes."""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def _src(cell): return ''.join(cell['source']) if isinstance(cell['source'], list) else cell['source']

def _hidden(src): return bool(re.search(r'^#\|\s*(hide|export|exporti|exports)\b', src, re.M))

def _text_output(cell):
    "All text the cell printed or displayed, in order."
    outs = [''.join(o.get('text') or o.get('data', {}).get('text/plain') or '').rstrip('\n') for o in cell.get('outputs', [])]
    return '\n'.join(o for o in outs if o) or None

def readme_text(nb_path=ROOT/'nbs'/'index.ipynb')->str:
    nb = json.loads(Path(nb_path).read_text(encoding='utf-8'))
    parts = ['<!-- WARNING: generated from nbs/index.ipynb by tools/make_readme.py; edit the notebook, not this file -->']
    for c in nb['cells']:
        src = _src(c).strip()
        if not src: continue
        if c['cell_type'] == 'markdown':
            # the nbdev subtitle line `> ...` under the title stays a quote, as on the docs site
            src = re.sub(r'\]\((?!https?:)([^)]+\.ipynb)\)', r'](nbs/\1)', src)          # notebook links from the repo root
            parts.append(re.sub(r'\]\((images/[^)]+)\)', r'](nbs/\1)', src))              # and pictures
        elif c['cell_type'] == 'code' and not _hidden(src):
            parts.append(f"```python\n{src}\n```")
            out = _text_output(c)
            if out: parts.append('\n'.join(('    ' + l).rstrip() for l in out.splitlines()))
    return '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    txt = readme_text()
    if '--check' in sys.argv:
        ok = (ROOT/'README.md').read_text(encoding='utf-8') == txt
        print('README.md is in step with nbs/index.ipynb' if ok else 'README.md differs from nbs/index.ipynb: run python tools/make_readme.py')
        sys.exit(0 if ok else 1)
    (ROOT/'README.md').write_text(txt, encoding='utf-8')
    print('wrote README.md')
