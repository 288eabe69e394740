"""Training throughput of AffinityVAE: samples/s, peak memory, and achieved FLOP/s as a fraction of dense matmul.

For 2D 64^2, 3D 32^3 and 3D 64^3 inputs at batch sizes 32 and 128, times full training steps (forward, the loss
with reconstruction + KL + affinity terms, backward, Adam step) of the default AffinityVAE (channels 32, 64, 128;
8 identity latents; pose 1 in 2D, 4 in 3D; concatenating decoder). Model FLOPs per step are counted with
torch.utils.flop_counter; the reference rate is a dense matmul measured in the same run on the same device
(best of 5 square matmuls, 4096 on CPU in float32, 8192 on CUDA in bf16, where training runs under bf16 autocast). Each configuration runs in its own process,
so that the CPU peak (max resident set size) belongs to it alone.

    python benchmarks/train.py [--steps 3] [--min-seconds 5] [--out benchmarks/results/train.json]
"""
import argparse, json, os, platform, resource, subprocess, sys, time
from pathlib import Path

import torch

CONFIGS = [('2D 64^2', (1, 64, 64)), ('3D 32^3', (1, 32, 32, 32)), ('3D 64^3', (1, 64, 64, 64))]
BATCHES = (32, 128)

def matmul_flops(device:str, dtype)->float:
    "Dense matmul FLOP/s measured now on `device`."
    n = 8192 if device == 'cuda' else 4096
    a, b = torch.randn(n, n, device=device, dtype=dtype), torch.randn(n, n, device=device, dtype=dtype)
    a @ b                                                   # warm-up
    best = float('inf')
    for _ in range(5):                                      # best of 5: the rate the device can sustain
        if device == 'cuda': torch.cuda.synchronize()
        t = time.perf_counter(); a @ b
        if device == 'cuda': torch.cuda.synchronize()
        best = min(best, time.perf_counter() - t)
    return 2 * n**3 / best

def one(name:str, shape:tuple, batch:int, steps:int, min_seconds:float=5.)->dict:
    "Benchmark one configuration in this process."
    from torch.utils.flop_counter import FlopCounterMode
    from affinity_interp.models import AffinityVAE
    from affinity_interp.losses import vae_loss
    device = 'cuda' if torch.cuda.is_available() else 'cpu'
    bf16 = device == 'cuda' and torch.cuda.is_bf16_supported()
    torch.manual_seed(0)
    model = AffinityVAE(shape, latent_dims=8, pose_dims=1 if len(shape) == 3 else 4).to(device)
    if device == 'cuda':
        model = model.to(memory_format=torch.channels_last if len(shape) == 3 else torch.channels_last_3d)
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    x = torch.randn(batch, *shape, device=device)
    y = torch.randint(0, 5, (batch,), device=device)
    A = torch.rand(5, 5, device=device); table = (A + A.T) / 2; table.fill_diagonal_(1.)
    def step():
        with torch.autocast(device, dtype=torch.bfloat16, enabled=bf16):
            out = model(x)
            loss = vae_loss(out['x_hat'], x, out['mu'], out['logvar'], z=out['z'], labels=y, table=table, beta=1., gamma=2.)['loss']
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
    step()                                                   # warm-up (allocations, kernel selection)
    with FlopCounterMode(display=False) as fc: step()
    flops = fc.get_total_flops()
    if device == 'cuda': torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats()
    t, done = time.perf_counter(), 0
    while done < steps or time.perf_counter() - t < min_seconds:   # at least `steps` steps and `min_seconds`
        step(); done += 1
        if device == 'cuda': torch.cuda.synchronize()
    dt = (time.perf_counter() - t) / done
    peak = torch.cuda.max_memory_allocated() if device == 'cuda' else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    ref = matmul_flops(device, torch.bfloat16 if bf16 else torch.float32)
    return dict(config=name, batch=batch, device=device, precision='bf16' if bf16 else 'fp32', steps=done, step_s=round(dt, 4),
                samples_per_s=round(batch / dt, 1), peak_mb=round(peak / 2**20, 1), gflop_per_step=round(flops / 1e9, 2),
                achieved_gflops=round(flops / dt / 1e9, 2), matmul_gflops=round(ref / 1e9, 1),
                fraction_of_matmul=round(flops / dt / ref, 3), parameters=sum(p.numel() for p in model.parameters()))

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--steps', type=int, default=3, help='timed steps per configuration, at least')
    p.add_argument('--min-seconds', type=float, default=5., help='time each configuration for at least this long')
    p.add_argument('--out', default=str(Path(__file__).parent/'results'/'train.json'))
    p.add_argument('--one', nargs=2, metavar=('CONFIG', 'BATCH'), help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.one:
        name, shape = next(c for c in CONFIGS if c[0] == a.one[0])
        print(json.dumps(one(name, shape, int(a.one[1]), a.steps, a.min_seconds))); return
    rows = []
    for name, _ in CONFIGS:
        for b in BATCHES:
            r = subprocess.run([sys.executable, __file__, '--one', name, str(b), '--steps', str(a.steps),
                                '--min-seconds', str(a.min_seconds)],
                               capture_output=True, text=True)
            if r.returncode: print(f"{name} batch {b} failed:\n{r.stderr[-2000:]}"); continue
            rows.append(json.loads(r.stdout.strip().splitlines()[-1])); print('.', end='', flush=True)
    cols = ['config', 'batch', 'device', 'precision', 'samples_per_s', 'peak_mb', 'gflop_per_step', 'achieved_gflops',
            'matmul_gflops', 'fraction_of_matmul']
    print('\n' + ' '.join(f"{c:>18}" for c in cols))
    for r in rows: print(' '.join(f"{str(r[c]):>18}" for c in cols))
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(dict(machine=dict(python=platform.python_version(), cpu_count=os.cpu_count(),
                                                torch=torch.__version__, threads=torch.get_num_threads(),
                                                gpu=torch.cuda.get_device_name() if torch.cuda.is_available() else None),
                                   rows=rows), indent=2))
    print(f"\nwritten {out}")

if __name__ == '__main__': main()
