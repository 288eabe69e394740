"""Run notebooks top to bottom and save their outputs, with the state of the widgets they display.

    python tools/run_notebook.py nbs/07_widgets.ipynb [more.ipynb ...] [--timeout 1800]

Every cell runs, `#| slow` ones included (their outputs are what the docs site shows), unless `--skip-slow`, which
keeps their saved outputs as they were; `#| cuda` cells are skipped when no GPU is present (their saved outputs are
kept as they were). nbclient records the state of every widget the
kernel created; only the models that a saved output displays (and the models they refer to) are kept in the
notebook's `metadata.widgets`, so test widgets that were never shown do not bloat the file. Run `nbdev-clean`
afterwards, as for any notebook edit.
"""
import argparse, json, os, re, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import nbformat
from nbclient import NotebookClient

VIEW = 'application/vnd.jupyter.widget-view+json'
STATE = 'application/vnd.jupyter.widget-state+json'
REF = re.compile(r'IPY_MODEL_([0-9a-f]+)')

def _has_gpu()->bool:
    try:
        import torch
        return torch.cuda.is_available()
    except ImportError: return False

def _flag(cell, flag:str)->bool:
    return cell.cell_type == 'code' and any(l.strip().replace(' ', '') == f'#|{flag}' for l in cell.source.splitlines()[:5])

def displayed_models(nb)->set:
    "Model ids shown by the notebook's saved outputs."
    ids = set()
    for c in nb.cells:
        for o in c.get('outputs', []):
            v = o.get('data', {}).get(VIEW)
            if v: ids.add(v['model_id'])
    return ids

def prune_widget_state(nb)->tuple:
    "Keep only the widget models reachable from displayed outputs; (kept, dropped) counts."
    meta = nb.metadata.get('widgets', {}).get(STATE)
    if not meta: return 0, 0
    state, keep, todo = meta['state'], set(), list(displayed_models(nb))
    while todo:
        m = todo.pop()
        if m in keep or m not in state: continue
        keep.add(m)
        todo += REF.findall(json.dumps(state[m]))
    dropped = len(state) - len(keep)
    meta['state'] = {k: v for k, v in state.items() if k in keep}
    if not meta['state']: del nb.metadata['widgets']
    return len(keep), dropped

def run(path:Path, timeout:int, skip_slow:bool=False):
    nb = nbformat.read(path, as_version=4)
    skipped, gpu = {}, _has_gpu()
    for i, c in enumerate(nb.cells):   # run without these cells, then put their old outputs back
        if (_flag(c, 'cuda') and not gpu) or (skip_slow and _flag(c, 'slow')): skipped[i] = c.source; c.source = '# (skipped)'
    t0 = time.time()
    # the cells this run executes must not be skipped by the kernel's own rule (core.skip_flagged_cells reads AI_TEST_FLAGS)
    asked = set(os.environ.get('AI_TEST_FLAGS', '').split()) | ({'cuda'} if gpu else set()) | (set() if skip_slow else {'slow'})
    os.environ['AI_TEST_FLAGS'] = ' '.join(sorted(asked))
    client = NotebookClient(nb, timeout=timeout, kernel_name='python3', store_widget_state=True,
                            resources={'metadata': {'path': str(path.parent)}})
    client.execute()
    old = nbformat.read(path, as_version=4)
    for i, source in skipped.items():
        nb.cells[i].source, nb.cells[i].outputs = source, old.cells[i].get('outputs', [])
    kept, dropped = prune_widget_state(nb)
    nbformat.write(nb, path)
    from chart_images import convert   # charts saved with a PNG of themselves, whatever renderer drew them
    convert(path)
    print(f"{path}: ran in {time.time() - t0:.0f} s; widget models kept {kept}, dropped {dropped}"
          + (f"; {len(skipped)} cuda/slow cell(s) not run, their saved outputs kept" if skipped else ''))

def main(argv=None)->int:
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('notebooks', nargs='+', type=Path)
    p.add_argument('--timeout', type=int, default=1800, help='seconds per cell')
    p.add_argument('--skip-slow', action='store_true', help='do not run `#| slow` cells; keep their saved outputs')
    a = p.parse_args(argv)
    for nb in a.notebooks: run(nb, a.timeout, a.skip_slow)
    return 0

if __name__ == '__main__': sys.exit(main())
