"""Simulation throughput: subtomograms per second for 32^3 and 64^3 boxes, and nucleus images per second.

Times the full particle pipeline (rotation, shift, CTF, missing wedge, noise) in memory, and the same with writing
.mrc files, for procedural molecules; and the structural affinity (batched over rotations) for 6 and 12 maps.
Prints a table and writes JSON.

    python benchmarks/simulate.py [--n 64] [--out benchmarks/results/simulate.json]
"""
import argparse, json, os, platform, tempfile, time
from pathlib import Path

import numpy as np
import torch

from affinity_interp.simulate import ParticleSettings, procedural_templates, simulate_particles, simulate_subtomograms, structural_affinity
from affinity_interp.nuclei import simulate_nuclei

def best_of(fn, repeats=3)->float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return min(times)

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--n', type=int, default=64, help='particles per timing')
    p.add_argument('--out', default=str(Path(__file__).parent/'results'/'simulate.json'))
    a = p.parse_args()
    rows = []
    for size in (32, 64):
        templates, _ = procedural_templates(3, 2, box=size, seed=0)
        t0 = next(iter(templates.values()))
        g = torch.Generator().manual_seed(0)
        dt = best_of(lambda: simulate_particles(t0, a.n, ParticleSettings(), g))
        rows.append(dict(task=f'particles {size}^3, in memory', n=a.n, seconds=round(dt, 3), per_s=round(a.n / dt, 1)))
        with tempfile.TemporaryDirectory() as d:
            n = 6 * (a.n // 6)
            dt = best_of(lambda: simulate_subtomograms(Path(d)/'s', size=size, n_per_class=n // 6, n_rotations=50,
                                                       overwrite=True), repeats=1)
        rows.append(dict(task=f'dataset {size}^3 (6 classes, .mrc files, affinity 50 rotations)', n=n,
                         seconds=round(dt, 3), per_s=round(n / dt, 1)))
        dt = best_of(lambda: structural_affinity(templates, n_rotations=200), repeats=1)
        rows.append(dict(task=f'affinity {size}^3, 6 maps x 200 rotations', n=36, seconds=round(dt, 3), per_s=round(36 / dt, 1)))
    templates, _ = procedural_templates(6, 2, box=32, seed=0)
    dt = best_of(lambda: structural_affinity(templates, n_rotations=200), repeats=1)
    rows.append(dict(task='affinity 32^3, 12 maps x 200 rotations', n=144, seconds=round(dt, 3), per_s=round(144 / dt, 1)))
    with tempfile.TemporaryDirectory() as d:
        dt = best_of(lambda: simulate_nuclei(Path(d)/'n', n_per_class=40, size=64, overwrite=True), repeats=1)
    rows.append(dict(task='nuclei 64^2, .tif files', n=200, seconds=round(dt, 3), per_s=round(200 / dt, 1)))
    print(f"\n{'task':<62} {'n':>5} {'seconds':>8} {'per s':>8}")
    for r in rows: print(f"{r['task']:<62} {r['n']:>5} {r['seconds']:>8} {r['per_s']:>8}")
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(dict(machine=dict(python=platform.python_version(), cpu_count=os.cpu_count(),
                                                torch=torch.__version__, threads=torch.get_num_threads()), rows=rows), indent=2))
    print(f"\nwritten {out}")

if __name__ == '__main__': main()
