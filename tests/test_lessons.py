"""The notebooks read as lessons and the library stays in its layers.

- Exported cells are small: in every notebook the median exported code cell has at most 12 lines and none has more
  than 60 (lines counted without blank lines and `#|` directives).
- No module of the library is over 600 lines (`_modidx.py`, which nbdev writes, aside).
- Imports run one way: each module imports only modules of lower layers, so interpretation, widgets, sparse and
  symbolic models read a run through `run` and never import the training loop."""
import ast, json, statistics
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT/'nbs'
LIB = ROOT/'affinity_interp'
MEDIAN_MAX, CELL_MAX, MODULE_MAX = 12, 60, 600

def _notebooks():
    return sorted(p for p in NBS.rglob('*.ipynb') if not any(q.startswith(('.', '_')) for q in p.relative_to(NBS).parts))

def exported_cell_lengths(nb:Path)->list:
    "Lines of each exported code cell of a notebook, blank lines and `#|` directives not counted."
    cells = json.loads(nb.read_text())['cells']
    out = []
    for c in cells:
        src = ''.join(c['source']) if isinstance(c['source'], list) else c['source']
        if c['cell_type'] != 'code' or not src.lstrip().startswith('#| export'): continue
        out.append(sum(1 for l in src.splitlines() if l.strip() and not l.lstrip().startswith('#|')))
    return out

@pytest.mark.parametrize('nb', [p for p in _notebooks() if exported_cell_lengths(p)], ids=lambda p: str(p.relative_to(NBS)))
def test_exported_cells_are_small(nb):
    n = exported_cell_lengths(nb)
    long = [l for l in n if l > CELL_MAX]
    assert statistics.median(n) <= MEDIAN_MAX and not long, \
        f"{nb.name}: median exported cell {statistics.median(n)} lines (at most {MEDIAN_MAX}), cells over {CELL_MAX}: {long}"

def test_modules_are_small():
    big = {p.name: n for p in LIB.glob('*.py') if p.name != '_modidx.py' and (n := len(p.read_text().splitlines())) > MODULE_MAX}
    assert not big, f"modules over {MODULE_MAX} lines: {big}"

# the layers, lowest first; a module may import modules of its own layer or lower ones (and never one of its siblings
# among interpret/widgets/sparse/symbolic but along the flow: sparse -> symbolic)
LAYERS = [{'core'}, {'geometry', 'show'}, {'readers'}, {'affinity'}, {'dataset'}, {'inspection', 'simulate', 'nuclei', 'prior'},
          {'models', 'losses'}, {'config'}, {'run'}, {'runtime'}, {'train', 'interpret', 'widgets', 'sparse', 'symbolic'},
          {'evaluate'}, {'compare', 'explain'}, {'demo'}, {'cli'}]
READERS_OF_RUNS = {'interpret', 'widgets', 'sparse', 'symbolic'}
ALLOWED_SIBLINGS = {('symbolic', 'sparse')}     # the flow: sparse -> symbolic

def _imports(mod:str)->set:
    "The package's modules that `mod` imports, anywhere in its source (functions included)."
    tree, found = ast.parse((LIB/f'{mod}.py').read_text()), set()
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom):
            if n.level == 1 and n.module: found.add(n.module.split('.')[0])
            elif n.level == 1: found |= {a.name for a in n.names}
            elif n.module and n.module.startswith('affinity_interp.'): found.add(n.module.split('.')[1])
            elif n.module == 'affinity_interp': found |= {a.name for a in n.names}
        elif isinstance(n, ast.Import):
            found |= {a.name.split('.')[1] for a in n.names if a.name.startswith('affinity_interp.')}
    return found - {'__version__', mod}

def test_imports_run_one_way():
    layer = {m: i for i, ms in enumerate(LAYERS) for m in ms}
    modules = {p.stem for p in LIB.glob('*.py') if not p.stem.startswith('_')}
    assert modules == set(layer), f"modules not placed in a layer: {modules ^ set(layer)}"
    wrong = []
    for m in sorted(modules):
        for dep in sorted(_imports(m)):
            if layer[dep] > layer[m]: wrong.append(f"{m} imports {dep}, a later layer")
            elif layer[dep] == layer[m] and m in READERS_OF_RUNS | {'train'} and (m, dep) not in ALLOWED_SIBLINGS:
                wrong.append(f"{m} imports its sibling {dep}")
    assert not wrong, '\n'.join(wrong)
