"""The repository is in step with its notebooks: exporting or cleaning them changes nothing, README matches index."""
import shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def _snapshot(d:Path)->dict:
    return {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob('*'))
            if p.is_file() and '__pycache__' not in p.parts and '.ipynb_checkpoints' not in p.parts}

def _copy_project(dest:Path)->Path:
    "A copy of what nbdev reads and writes: the config, the notebooks and the library."
    shutil.copy(ROOT/'pyproject.toml', dest)
    for d in ('nbs', 'affinity_interp'):
        shutil.copytree(ROOT/d, dest/d, ignore=shutil.ignore_patterns('__pycache__', '.ipynb_checkpoints', '_docs', '.quarto'))
    return dest

def _changed(before:dict, after:dict)->list:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))

def _run(cmd, cwd):
    exe = shutil.which(cmd)
    assert exe, f"{cmd} not found: install the dev extras (pip install -e '.[dev]')"
    r = subprocess.run([exe], cwd=cwd, capture_output=True, text=True)
    assert r.returncode == 0, f"{cmd} failed:\n{r.stdout}\n{r.stderr}"

def test_library_in_step_with_notebooks(tmp_path):
    "`nbdev-export` on the notebooks reproduces affinity_interp/ exactly."
    proj = _copy_project(tmp_path)
    before = _snapshot(proj/'affinity_interp')
    _run('nbdev-export', proj)
    changed = _changed(before, _snapshot(proj/'affinity_interp'))
    assert not changed, f"affinity_interp/ is not what the notebooks export: {changed}. Run nbdev-export and commit."

def test_notebooks_clean(tmp_path):
    "`nbdev-clean` leaves every notebook as committed."
    proj = _copy_project(tmp_path)
    before = _snapshot(proj/'nbs')
    _run('nbdev-clean', proj)
    changed = _changed(before, _snapshot(proj/'nbs'))
    assert not changed, f"notebooks not clean: {changed}. Run nbdev-clean and commit."

def test_readme_in_step_with_index():
    r = subprocess.run([sys.executable, str(ROOT/'tools'/'make_readme.py'), '--check'], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr

def test_ci_runs_the_readme_test_command():
    "The README's test command is what .ci/run runs."
    readme, ci = (ROOT/'README.md').read_text(), (ROOT/'.ci'/'run').read_text()
    assert 'pip install -e ".[dev]" && pytest' in readme
    assert 'pytest' in ci and '.[dev]' in ci

def test_exported_functions_documented():
    "Every exported function and class has a docstring, and every parameter of an exported function a docments comment."
    import importlib, inspect, pkgutil
    import affinity_interp
    from fastcore.docments import docments
    missing = []
    for m in pkgutil.iter_modules(affinity_interp.__path__):
        if m.name.startswith('_'): continue
        mod = importlib.import_module(f'affinity_interp.{m.name}')
        for name in getattr(mod, '__all__', []):
            obj = getattr(mod, name)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)) or getattr(obj, '__module__', '') != mod.__name__: continue
            if not (obj.__doc__ or '').strip(): missing.append(f"{m.name}.{name}: no docstring")
            if inspect.isfunction(obj):
                params = inspect.signature(obj).parameters
                docs = docments(obj)
                undocumented = [p for p, v in params.items() if v.kind not in (v.VAR_POSITIONAL, v.VAR_KEYWORD) and not docs.get(p)]
                if undocumented: missing.append(f"{m.name}.{name}: parameters without a comment: {', '.join(undocumented)}")
    assert not missing, '\n'.join(missing)
