"""How fast the latent explorer redraws: one slider move on a 64^3 volume model of the reference's size, on CPU.

The model is an AffinityVAE for (1, 64, 64, 64) volumes with 3 encoder stages from 64 channels (64, 128, 256; the
decoder mirrors them), 8 identity latents and 1 pose latent (concatenating decoder). Its weights are random: a redraw
costs the same whatever the model learned. A `LatentExplorer` is built over a few random volumes, then timed:

- `slider (new point)`: one identity slider moved to a value not seen before: decode one point, draw the three slices
  and the projection, encode the PNG (what a user waits for);
- `slider (cached point)`: the slider moved back to a point already decoded (the LRU cache answers);
- `slice position`: the slice slider moved (no decoding; slices redrawn from the cached volume);
- `decode only`: `decode_points` of one point with the model as given;
- `decode, channels_last`: the same with `fast_copy(model)` (weights in `torch.channels_last_3d`), which is what the
  explorer decodes with for volumes on CPU.

The machine's load average is recorded with the timings: on a shared machine another job's load slows every row.

Each is the median of `--repeats` runs after one warm-up. Results go to a table on stdout and to JSON.

    python benchmarks/widgets.py [--threads 2] [--repeats 15] [--out benchmarks/results/widgets.json]
"""
import argparse, json, os, platform, statistics, time
from pathlib import Path

import numpy as np
import torch

def timed(f, repeats:int)->float:
    "Median seconds of f() over `repeats` runs, after one warm-up."
    f(); ts = []
    for _ in range(repeats):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return statistics.median(ts)

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--threads', type=int, default=2, help='CPU threads for PyTorch (the target is 2 cores)')
    p.add_argument('--repeats', type=int, default=15, help='timed runs per measurement (the median is reported)')
    p.add_argument('--size', type=int, default=64, help='volume edge in voxels')
    p.add_argument('--out', default=str(Path(__file__).parent/'results'/'widgets.json'))
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    from affinity_interp.models import AffinityVAE
    from affinity_interp.widgets import LatentExplorer, decode_points, fast_copy
    torch.manual_seed(0)
    shape = (1, a.size, a.size, a.size)
    model = AffinityVAE(shape, latent_dims=8, pose_dims=1, channels=(64, 128, 256)).eval()
    data = [{'x': torch.randn(shape), 'cls': f'c{i % 2}', 'y': i % 2} for i in range(4)]
    t = time.perf_counter(); ex = LatentExplorer(model, data); build = time.perf_counter() - t
    s, rng = ex.sliders[0], np.random.default_rng(0)
    s.max, s.min = 3., -3.      # random weights encode random volumes close together: widen the range, so every new value is new
    def new_point(): s.value = float(rng.uniform(s.min, s.max))   # a fresh value: a cache miss every time
    misses = ex.cache.misses
    rows = [('slider (new point)', timed(new_point, a.repeats))]
    assert ex.cache.misses - misses == a.repeats + 1, 'every new slider value should be a cache miss'
    v0, v1 = s.min, s.max; s.value = v0; s.value = v1
    flip = iter(range(10**6))
    rows.append(('slider (cached point)', timed(lambda: setattr(s, 'value', v0 if next(flip) % 2 else v1), a.repeats)))
    pos = iter(range(10**6))
    rows.append(('slice position', timed(lambda: setattr(ex.slice, 'value', next(pos) % a.size), a.repeats)))
    z = ex.z
    rows.append(('decode only', timed(lambda: decode_points(model, z), a.repeats)))
    cl = fast_copy(model)                                      # what the explorer decodes with
    rows.append(('decode, channels_last', timed(lambda: decode_points(cl, z), a.repeats)))
    res = dict(model=dict(input_shape=list(shape), channels=[64, 128, 256], latent_dims=8, pose_dims=1, decoder='concat',
                          parameters=sum(q.numel() for q in model.parameters())),
               threads=a.threads, repeats=a.repeats, cpu=platform.processor() or platform.machine(), cores=os.cpu_count(),
               torch=torch.__version__, explorer_build_s=round(build, 3),
               load_average=[round(l, 2) for l in os.getloadavg()], timings_s={k: round(v, 4) for k, v in rows}, target_s=0.2,
               meets_target=rows[0][1] < 0.2)
    print(f"{'redraw':<22}{'median s':>10}")
    for k, v in rows: print(f"{k:<22}{v:>10.4f}")
    print(f"model {res['model']['parameters']:,} parameters; {a.threads} threads on {res['cores']} cores "
          f"(load average {res['load_average'][0]}); "
          f"target < 0.2 s per slider move: {'met' if res['meets_target'] else 'NOT met'}")
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1))

if __name__ == '__main__': main()
