"""Build the wheel and import every module from it in a fresh virtual environment.

This catches what an editable install hides: a subpackage left out of the wheel, or a dependency used but not
declared in pyproject.toml. torch is installed into the environment first by its exact installed version, so
pip does not pick another build (on a CPU machine, that would be a multi-GB CUDA download)."""
import os, subprocess, sys, venv, zipfile
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parents[1]

def _pip(py, *args):
    r = subprocess.run([str(py), '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', *args],
                       capture_output=True, text=True)
    assert r.returncode == 0, f"pip install {' '.join(args)} failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"

def _clean_copy(dest:Path)->Path:
    "What the wheel is built from, without a build/ folder an earlier build left (setuptools would pack its stale files)."
    import shutil
    for f in ('pyproject.toml', 'README.md'): shutil.copy(ROOT/f, dest)
    shutil.copytree(ROOT/'affinity_interp', dest/'affinity_interp', ignore=shutil.ignore_patterns('__pycache__'))
    return dest

def test_wheel_installs_and_imports(tmp_path):
    dist = tmp_path/'dist'
    (tmp_path/"src").mkdir(); src = _clean_copy(tmp_path/"src")
    r = subprocess.run([sys.executable, '-m', 'pip', 'wheel', '--no-deps', '--quiet', '-w', str(dist), str(src)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    wheel, = dist.glob('affinity_interp-*.whl')
    modules = sorted(n[:-3].replace('/', '.').removesuffix('.__init__') for n in zipfile.ZipFile(wheel).namelist()
                     if n.endswith('.py'))
    lib_modules = sorted(p.relative_to(ROOT).with_suffix('').as_posix().replace('/', '.').removesuffix('.__init__')
                         for p in (ROOT/'affinity_interp').rglob('*.py') if '__pycache__' not in p.parts)
    assert modules == lib_modules, f"the wheel holds {modules}, the package has {lib_modules}"

    env = tmp_path/'venv'
    venv.create(env, with_pip=True, clear=True)
    py = env/'bin'/'python'
    _pip(py, f"torch=={torch.__version__.split('+')[0]}")
    _pip(py, str(wheel))
    code = ';'.join(f'import {m}' for m in modules) + "; print('imported', %d, 'modules')" % len(modules)
    r = subprocess.run([str(py), '-c', code], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, f"importing from the wheel failed:\n{r.stderr[-3000:]}"
    r = subprocess.run([str(env/'bin'/'affinity-interp'), '--version'], capture_output=True, text=True)
    assert r.returncode == 0 and 'affinity-interp' in r.stdout, r.stderr
