"""How long the whole `explain` takes on the default nuclei run, and what it finds, on CPU.

The default nuclei run is `explain.nuclei_run`: 1000 simulated 32 x 32 nuclei (five states), a VAE with 16 identity
latents and one pose latent, beta 0.5, rotation_consistency 4, no rotations on the fly, 60 epochs. Its training is timed separately
(`--skip-train` reuses a run already in `--work`). Then `explain` runs with its defaults: the dense and the L1 sparse
classifier (4 latents), the accuracy-against-size curve of every sparse method, one formula per class (the engine
`auto` picks: PySR where Julia runs, operon otherwise; operon on 1 thread, PySR serial: the search is bounded by generations), and the
black-box CNN (at most 40 epochs, its epoch chosen on a fifth of the training rows). Each step is timed from the lines
`explain` prints.

The machine's load average is recorded with the timings: another job's load slows every row.

    python benchmarks/explain.py [--threads 2] [--work /tmp/explain-bench] [--generations 4000] [--max-time 600] [--out benchmarks/results/explain.json]
"""
import argparse, json, os, platform, time
from pathlib import Path

import torch

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--threads', type=int, default=2, help='CPU threads for PyTorch (the target is 2 cores)')
    p.add_argument('--work', default='/tmp/explain-bench', help='folder for the data and the run (kept, so a rerun can skip training)')
    p.add_argument('--generations', type=int, default=4000, help='the work bound of each formula search (the default: symbolic.GENERATIONS)')
    p.add_argument('--max-time', type=float, default=600, help='seconds: the safety cap of each formula search')
    p.add_argument('--skip-train', action='store_true', help='reuse the run in --work if it is there')
    p.add_argument('--out', default=str(Path(__file__).parent/'results'/'explain.json'))
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    from affinity_interp.explain import explain, nuclei_run
    work = Path(a.work)
    if not a.skip_train and (work/'run').exists():
        import shutil; shutil.rmtree(work/'run')
    t = time.perf_counter(); run = nuclei_run(work); train_s = time.perf_counter() - t
    marks = []
    def say(line): marks.append((time.perf_counter(), line))
    t0 = time.perf_counter()
    res = explain(run, generations=a.generations, max_time=a.max_time, say=say)
    total = time.perf_counter() - t0
    def at(prefix): return next((m for m, l in marks if l.startswith(prefix)), None)
    t_latents, t_cnn = at("latents:"), at("CNN epoch 1/")
    steps = [('VAE training (60 epochs, 800 images)', train_s),
             ('encode + dense + L1 sparse', (t_latents or t0) - t0),
             ('accuracy-against-size curve + formula search (5 classes)', (t_cnn or t0) - (t_latents or t0)),
             ('CNN (at most 40 epochs, early stopping on inner training rows) + comparison', t0 + total - (t_cnn or t0)),
             ('explain, whole', total)]
    width = max(len(s) for s, _ in steps)
    print(f"{'step':<{width}}  seconds")
    for s, v in steps: print(f"{s:<{width}}  {v:7.1f}")
    print(f"\nengine: {res['formula']['engine']} ({res['formula']['engine_note']})")
    print(f"accuracy: CNN {res['cnn']['accuracy']:.3f}, dense {res['dense']['accuracy']:.3f}, sparse {res['sparse']['accuracy']:.3f}, "
          f"formulas {res['formula']['accuracy']:.3f}; formulas/CNN {res['formula_to_cnn_accuracy']:.3f} at "
          f"{res['formula_to_cnn_params']:.5f} of its parameters")
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(dict(steps=dict(steps), threads=a.threads, load_average=os.getloadavg(), torch=torch.__version__,
                                   machine=platform.machine(), cpus=os.cpu_count(), result=res), indent=2) + '\n')
    print(f"wrote {out}")

if __name__ == '__main__': main()
