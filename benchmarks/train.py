"""Training throughput: compute only (a batch already on the device) and end to end (from files, through `train()`),
for our default network and the reference Affinity-VAE's (`arch: reference`), on the CPU or a CUDA GPU.

Compute only times full training steps (forward, the loss with reconstruction + KL + affinity terms, backward,
Adam step) on one random batch kept on the device; model FLOPs per step are counted with torch.utils.flop_counter and
compared with a dense matmul measured in the same run on the same device (best of 5; 4096 on CPU, 8192 on CUDA, in
the precision of the run). End to end trains on simulated subtomograms written as MRC files, with the data cache on
and off, and takes the training time of the epochs after the first (the first one reads the files and warms up).
The ratio end to end / compute only says how much the data path costs. Each configuration runs in its own process,
so that the CPU peak (max resident set size) belongs to it alone.

    python benchmarks/train.py                       # the CPU table: 32^3 and 64^3, batch 32, both networks, fp32/bf16
    python benchmarks/train.py --configs '3D 64^3' --batches 128 --precisions bf16   # the GPU targets' setting
"""
import argparse, json, os, platform, resource, subprocess, sys, tempfile, time
from pathlib import Path

import torch

CONFIGS = {'2D 64^2': (1, 64, 64), '3D 32^3': (1, 32, 32, 32), '3D 64^3': (1, 64, 64, 64)}
BENCH = dict(latent_dims=8, pose_dims=1, channels=(64, 128, 256), norm='none')   # the reference's `bench` settings

def matmul_flops(device:str, dtype)->float:
    "Dense matmul FLOP/s measured now on `device`."
    n = 8192 if device == 'cuda' else 4096
    a, b = torch.randn(n, n, device=device, dtype=dtype), torch.randn(n, n, device=device, dtype=dtype)
    a @ b
    best = float('inf')
    for _ in range(5):
        if device == 'cuda': torch.cuda.synchronize()
        t = time.perf_counter(); a @ b
        if device == 'cuda': torch.cuda.synchronize()
        best = min(best, time.perf_counter() - t)
    return 2 * n**3 / best

def _peak(device)->float:
    return (torch.cuda.max_memory_allocated() if device == 'cuda' else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024) / 2**20

def compute_only(name:str, batch:int, arch:str, precision:str, steps:int, min_seconds:float)->dict:
    "Training steps on one batch kept on the device."
    from torch.utils.flop_counter import FlopCounterMode
    from affinity_interp.models import AffinityVAE
    from affinity_interp.losses import vae_loss
    shape, device = CONFIGS[name], 'cuda' if torch.cuda.is_available() else 'cpu'
    torch.manual_seed(0)
    model = AffinityVAE(shape, arch=arch, **BENCH).to(device)
    if device == 'cuda': torch.backends.cudnn.benchmark = True
    if device == 'cuda' or len(shape) == 4:   # as train() does with channels_last: auto
        model = model.to(memory_format=torch.channels_last if len(shape) == 3 else torch.channels_last_3d)
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    x, y = torch.randn(batch, *shape, device=device), torch.randint(0, 5, (batch,), device=device)
    A = torch.rand(5, 5, device=device); table = (A + A.T) / 2; table.fill_diagonal_(1.)
    dtype = torch.bfloat16 if precision == 'bf16' else torch.float32
    def step():
        with torch.autocast(device, dtype=dtype, enabled=precision == 'bf16'):
            out = model(x)
            loss = vae_loss(out['x_hat'], x, out['mu'], out['logvar'], z=out['z'], labels=y, table=table, beta=1., gamma=2.,
                            reduction='mean', kl_reduction='mean')['loss']
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
    step()
    with FlopCounterMode(display=False) as fc: step()
    flops = fc.get_total_flops()
    if device == 'cuda': torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats()
    t, done = time.perf_counter(), 0
    while done < steps or time.perf_counter() - t < min_seconds:
        step(); done += 1
        if device == 'cuda': torch.cuda.synchronize()
    dt = (time.perf_counter() - t) / done
    ref = matmul_flops(device, dtype)
    return dict(mode='compute', config=name, batch=batch, arch=arch, device=device, precision=precision, cache='-',
                samples_per_s=round(batch / dt, 1), peak_mb=round(_peak(device), 1), gflop_per_step=round(flops / 1e9, 2),
                fraction_of_matmul=round(flops / dt / ref, 4), parameters=sum(p.numel() for p in model.parameters()))

def end_to_end(name:str, batch:int, arch:str, precision:str, cache:str, data:str, epochs:int)->dict:
    "train() from the MRC files in `data`: samples/s over the training loops of epochs 2.. (reading, steps, copies)."
    from affinity_interp.config import TrainConfig
    from affinity_interp.train import train
    cfg = TrainConfig(datapath=data, arch=arch, latent_dims=8, pose_dims=1, channels=[64, 128, 256], norm='none',
                      batch=batch, epochs=epochs, gamma=2., reduction='mean', kl_reduction='mean', grad_clip=0., drop_last=True,
                      normalise='none', mixed_precision='no' if precision == 'fp32' else precision, cache=cache, progress='none')
    device = 'cuda' if torch.cuda.is_available() else 'cpu'
    with tempfile.TemporaryDirectory() as out:
        t = time.perf_counter()
        res = train(cfg, Path(out)/'run')
        wall = time.perf_counter() - t
    h = res.history.query("split == 'train' and epoch > 1")   # `samples`: what each epoch trained
    return dict(mode='files', config=name, batch=batch, arch=arch, device=device, precision=precision, cache=cache,
                samples_per_s=round(h.samples.sum() / h.seconds.sum(), 1), peak_mb=round(_peak(device), 1),
                epoch_wall_s=round(wall / epochs, 2), parameters=sum(p.numel() for p in res.model.parameters()))

def simulate(name:str, n_per_class:int, root:Path)->str:
    from affinity_interp.simulate import simulate_subtomograms
    size = CONFIGS[name][-1]
    out = root/f'sim{size}'
    if not out.exists(): simulate_subtomograms(out, size=size, n_per_class=n_per_class, seed=0)
    return str(out)

def _child(args:list)->dict:
    r = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if r.returncode: print(f"\n{' '.join(args)} failed:\n{r.stderr[-2000:]}"); return None
    return json.loads(r.stdout.strip().splitlines()[-1])

COLUMNS = ['mode', 'config', 'batch', 'arch', 'precision', 'cache', 'parameters', 'samples_per_s', 'of_compute_only',
           'fraction_of_matmul', 'peak_mb']

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--configs', nargs='+', default=['3D 32^3', '3D 64^3'], choices=list(CONFIGS))
    p.add_argument('--batches', nargs='+', type=int, default=[32])
    p.add_argument('--archs', nargs='+', default=['default', 'reference'], choices=['default', 'reference'])
    p.add_argument('--precisions', nargs='+', default=['fp32', 'bf16'], choices=['fp32', 'bf16'])
    p.add_argument('--files', nargs='*', default=['3D 32^3'], help='configs also timed end to end from files (none: skip)')
    p.add_argument('--caches', nargs='+', default=['no', 'yes'], choices=['no', 'yes'], help='data cache settings of the end-to-end runs')
    p.add_argument('--n-per-class', type=int, default=40, help='simulated particles per class for the end-to-end runs')
    p.add_argument('--epochs', type=int, default=3, help='epochs of each end-to-end run (the first is not timed)')
    p.add_argument('--steps', type=int, default=3, help='timed compute-only steps, at least')
    p.add_argument('--min-seconds', type=float, default=5., help='time each compute-only configuration for at least this long')
    p.add_argument('--out', default=str(Path(__file__).parent/'results'/'train.json'))
    p.add_argument('--one', nargs='+', help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.one:
        kind, name, batch, arch, precision, *rest = a.one
        r = (compute_only(name, int(batch), arch, precision, a.steps, a.min_seconds) if kind == 'compute'
             else end_to_end(name, int(batch), arch, precision, rest[0], rest[1], a.epochs))
        print(json.dumps(r)); return
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    machine = dict(python=platform.python_version(), cpu_count=os.cpu_count(), torch=torch.__version__,
                   threads=torch.get_num_threads(), gpu=torch.cuda.get_device_name() if torch.cuda.is_available() else None)
    rows = []
    def record(r):   # each row is written as it comes, so a run stopped at its time limit keeps what it measured
        if not r: return
        rows.append(r)
        compute = {(q['config'], q['batch'], q['arch'], q['precision']): q['samples_per_s'] for q in rows if q['mode'] == 'compute'}
        for q in rows:
            c = compute.get((q['config'], q['batch'], q['arch'], q['precision']))
            q['of_compute_only'] = round(q['samples_per_s'] / c, 2) if q['mode'] == 'files' and c else None
        out.write_text(json.dumps(dict(machine=machine, rows=rows), indent=2))
        print(' '.join(f"{str(r.get(c, '')):>14}" for c in COLUMNS), flush=True)
    print(' '.join(f"{c:>14}" for c in COLUMNS))
    for name in a.configs:
        for b in a.batches:
            for arch in a.archs:
                for prec in a.precisions:
                    record(_child(['--one', 'compute', name, str(b), arch, prec, '--steps', str(a.steps), '--min-seconds', str(a.min_seconds)]))
    with tempfile.TemporaryDirectory() as root:
        for name in a.files:
            data = simulate(name, a.n_per_class, Path(root))
            for b in a.batches:
                for arch in a.archs:
                    for prec in a.precisions:
                        for cache in a.caches:
                            record(_child(['--one', 'files', name, str(b), arch, prec, cache, data, '--epochs', str(a.epochs)]))
    print('\nfrom files against compute only:')
    print(' '.join(f"{c:>14}" for c in COLUMNS))
    for r in rows: print(' '.join(f"{str(r.get(c, '')):>14}" for c in COLUMNS))
    print(f"\nwritten {out}")

if __name__ == '__main__': main()
