"""Reading throughput of the data stage: memory-mapped vs fully read MRC files.

Two cases:
1. a folder of N single-particle 64^3 MRC files (the reference Affinity-VAE layout), read sample by sample;
2. random samples from one large .mrcs stack of 2D particles, where memory-mapping reads only the sample asked for.

Prints a table (samples/s and MB/s) and writes the same as JSON. The page cache is dropped before each cold run
where the machine allows it (root on Linux); otherwise only warm figures (files in the page cache) are reported.

    python benchmarks/io.py [--n-files 256] [--size 64] [--stack 20000] [--out benchmarks/results/io.json]
"""
import argparse, json, os, platform, subprocess, tempfile, time
from pathlib import Path

import numpy as np
import torch

from affinity_interp.dataset import ImageFolder
from affinity_interp.readers import read_image, write_mrc

def drop_caches()->bool:
    "Ask Linux to drop the page cache, so the next read comes from disk. False where not allowed."
    try:
        subprocess.run(['sync'], check=True)
        Path('/proc/sys/vm/drop_caches').write_text('3\n')
        return True
    except (OSError, subprocess.CalledProcessError): return False

REPEATS = 3

def timed(fn, n_samples:int, nbytes:int, cold:bool)->dict:
    "Median over REPEATS runs of `fn`; the page cache is dropped before each run when `cold`."
    times = []
    for _ in range(REPEATS):
        if cold: drop_caches()
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    dt = float(np.median(times))
    return dict(seconds=round(dt, 4), samples_per_s=round(n_samples / dt, 1), mb_per_s=round(nbytes / dt / 1e6, 1))

def folder_case(root:Path, n_files:int, size:int)->list:
    rng = np.random.default_rng(0)
    for i in range(n_files): write_mrc(root/f'c{i % 4}_{i:05d}.mrc', rng.normal(size=(size,) * 3).astype(np.float32))
    files = sorted(root.glob('*.mrc'))
    nbytes = sum(f.stat().st_size for f in files)
    ds = ImageFolder(root)
    rows = []
    ds_full = ImageFolder(root, mmap=False)
    for label, fn in [('read_image, mmap', lambda: [read_image(f, mmap=True) for f in files]),
                      ('read_image, full read', lambda: [read_image(f, mmap=False) for f in files]),
                      ('ImageFolder[i], default', lambda: [ds[i] for i in range(len(ds))]),
                      ('ImageFolder[i], mmap=False', lambda: [ds_full[i] for i in range(len(ds_full))]),
                      ('DataLoader, batch 32, 2 workers', lambda: list(torch.utils.data.DataLoader(ds, batch_size=32, num_workers=2)))]:
        for cache in ('cold', 'warm'):
            if cache == 'cold' and not drop_caches(): continue
            if cache == 'warm': fn()   # make sure everything is in the page cache
            rows.append(dict(case=f'{n_files} files of {size}^3', method=label, cache=cache,
                             **timed(fn, len(files), nbytes, cache == 'cold')))
    return rows

def stack_case(root:Path, n_images:int, size:int=64, n_reads:int=2000)->list:
    path = root/'p_stack.mrcs'
    rng = np.random.default_rng(1)
    write_mrc(path, rng.normal(size=(n_images, size, size)).astype(np.float32))
    frames = rng.integers(0, n_images, n_reads)
    per = size * size * 4
    rows = []
    for label, fn, n in [('read_image, mmap', lambda: [read_image(path, frame=int(f), mmap=True) for f in frames], n_reads),
                         ('read_image, full read', lambda: [read_image(path, frame=int(f), mmap=False) for f in frames[:5]], 5)]:
        for cache in ('cold', 'warm'):
            if cache == 'cold' and not drop_caches(): continue
            if cache == 'warm': fn()
            rows.append(dict(case=f'{n_reads if n == n_reads else n} random images of a {n_images} x {size}^2 stack '
                             f'({path.stat().st_size / 1e6:.0f} MB)', method=label, cache=cache, **timed(fn, n, n * per, cache == 'cold')))
    return rows

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--n-files', type=int, default=256)
    p.add_argument('--size', type=int, default=64)
    p.add_argument('--stack', type=int, default=20000, help='images in the .mrcs stack')
    p.add_argument('--out', default=str(Path(__file__).parent/'results'/'io.json'))
    a = p.parse_args()
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as d:
        (Path(d)/'folder').mkdir(); (Path(d)/'stack').mkdir()
        rows = folder_case(Path(d)/'folder', a.n_files, a.size) + stack_case(Path(d)/'stack', a.stack)
    print(f"\n{'case':<52} {'method':<32} {'cache':<5} {'samples/s':>10} {'MB/s':>8}")
    for r in rows: print(f"{r['case']:<52} {r['method']:<32} {r['cache']:<5} {r['samples_per_s']:>10} {r['mb_per_s']:>8}")
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(dict(machine=dict(python=platform.python_version(), cpu_count=os.cpu_count(),
                                                platform=platform.platform(), torch=torch.__version__),
                                   rows=rows), indent=2))
    print(f"\nwritten {out}")

if __name__ == '__main__': main()
