"""Run every notebook in nbs/ through nbdev's test runner: one pytest test per notebook, so a failure names it.

Cells flagged with the `tst_flags` of pyproject.toml (`notest slow cuda`) are skipped; to run some of them, set
AI_TEST_FLAGS, e.g. `AI_TEST_FLAGS="slow" pytest`."""
import os
from pathlib import Path

import pytest
import nbdev.test as nbt
from nbdev.config import get_config

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT/'nbs'
NOTEBOOKS = sorted(p for p in NBS.rglob('*.ipynb')
                   if not any(part.startswith(('.', '_')) for part in p.relative_to(NBS).parts))

def _flags():
    cfg = get_config(ROOT)
    skip = cfg.tst_flags.split() if isinstance(cfg.tst_flags, str) else list(cfg.tst_flags)
    force = os.environ.get('AI_TEST_FLAGS', '').split()
    return skip, force

def test_notebooks_found():
    assert {'index.ipynb', '01a_readers.ipynb', '01b_affinity.ipynb', '01c_dataset.ipynb', '01d_inspection.ipynb', '02_simulate.ipynb', '02a_nuclei.ipynb', '03_models.ipynb', '04_losses.ipynb', '05_train.ipynb',
            '10_cli.ipynb', '00_core.ipynb', '00_geometry.ipynb', '00_show.ipynb', '06_interpret.ipynb', '07_widgets.ipynb', '08_sparse.ipynb', '09_symbolic.ipynb', '09b_explain.ipynb', '11_demo.ipynb'} <= {p.name for p in NOTEBOOKS}

@pytest.mark.parametrize('nb', NOTEBOOKS, ids=lambda p: str(p.relative_to(NBS)))
def test_notebook(nb):
    skip, force = _flags()
    ok, secs = nbt.test_nb(nb, skip_flags=skip, force_flags=force, basepath=str(ROOT), showerr=True)
    assert ok, f"{nb.relative_to(ROOT)} failed after {secs:.1f}s; its traceback is printed above"
