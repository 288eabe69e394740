"""Give every altair chart saved in notebooks a PNG of itself, so that it shows offline and on GitHub.

    python tools/chart_images.py nbs/*.ipynb nbs/tutorials/*.ipynb [--check]

A chart saved by altair's default renderer is HTML whose script loads vega from a CDN: blank wherever there is no
network or no script (GitHub, an offline docs build). This replaces each such output by what
`affinity_interp.show.use_offline_charts` makes a notebook save: the chart's vega-lite specification and a PNG drawn
by vl-convert. Outputs already in that form are left alone. `--check` changes nothing and exits 1 if any notebook
still holds a CDN-loading chart.
"""
import argparse, json, sys
from pathlib import Path

MARK = 'vegaEmbed'

def spec_of(html:str):
    "The vega-lite specification inside altair's HTML output, or None."
    i = html.rfind('})(')
    if MARK not in html or i < 0: return None
    try: spec, _ = json.JSONDecoder().raw_decode(html[i + 3:])
    except ValueError: return None
    return spec if isinstance(spec, dict) and '$schema' in spec else None

def convert(path:Path, check:bool=False)->int:
    "Convert the CDN-loading charts of one notebook; the number found."
    from affinity_interp.show import chart_mimebundle
    nb = json.loads(path.read_text())
    found = 0
    for cell in nb['cells']:
        for out in cell.get('outputs', []):
            html = out.get('data', {}).get('text/html')
            spec = spec_of(''.join(html)) if html else None
            if spec is None: continue
            found += 1
            if not check: out['data'] = chart_mimebundle(spec)
    if found and not check: path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
    return found

def main(argv=None)->int:
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('notebooks', nargs='+', type=Path)
    p.add_argument('--check', action='store_true', help='change nothing; exit 1 if a chart would be converted')
    a = p.parse_args(argv)
    total = 0
    for nb in a.notebooks:
        n = convert(nb, a.check); total += n
        if n: print(f"{nb}: {n} chart(s) {'to convert' if a.check else 'converted'}")
    return 1 if a.check and total else 0

if __name__ == '__main__': sys.exit(main())
