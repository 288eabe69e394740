"""Training speed of the reference Affinity-VAE beside ours, on the same files and the same YAML, runs alternated.

Each program trains from the reference's YAML (model a, depth 3, capacity 64, 8 latents, 1 pose latent, no batch
norm, batch 32, mean reductions, every plot off) for 1 epoch and for N epochs, in turn, `--rounds` times; the
difference of the wall times over N - 1 epochs is the time of an epoch with everything it does (reading the files,
training, validation, checkpoints) and without start-up. Samples per second count the training samples actually
trained (both drop the last partial batch). Ours reads the YAML through its reference translation, so it builds the
reference's network (`arch: reference`).

The reference runs in its own environment (../shared/REFERENCE.md says how to make one):

    python benchmarks/vs_reference.py --reference-python /tmp/refvenv/bin/python --reference-repo /tmp/ref --data DIR
    python benchmarks/vs_reference.py ... --out benchmarks/results/vs_reference_bf16.json --ours --mixed-precision bf16
"""
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path

def reference_yaml(data:Path, epochs:int, batch:int, gpu:bool=False)->str:
    "The reference's YAML for `data`, plots off."
    vis = ''.join(f'vis_{k}: false\n' for k in 'los acc rec emb int dis pos cyc aff his sim all'.split())
    freq = ''.join(f'freq_{k}: 100000\n' for k in 'acc rec emb int dis pos sim all eval sta'.split())
    return (f"datapath: {data}\naffinity: {data}/affinity_scores.csv\nclasses: {data}/classes.csv\nsplit: 20\ndatatype: mrc\n"
            "normalise: false\nshift_min: false\ngaussian_blur: false\nrescale: false\ndepth: 3\nchannels: 64\n"
            "latent_dims: 8\npose_dims: 1\nbnorm_encoder: false\nbnorm_decoder: false\nmodel: a\n"
            f"epochs: {epochs}\nbatch: {batch}\nlearning: 0.001\ngpu: {str(gpu).lower()}\nbeta: 1\ngamma: 2\nloss_fn: MSE\n"
            f"klreduction: mean\neval: false\ndynamic: false\n{vis}{freq}")

def wall(cmd:list, cwd:Path, env:dict=None)->float:
    "Seconds `cmd` takes; its output goes to cwd/log.txt; a failure stops the benchmark with the log's end."
    t = time.perf_counter()
    with open(cwd/'log.txt', 'w') as log: rc = subprocess.run(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env).returncode
    if rc: sys.exit(f"{' '.join(map(str, cmd))} failed ({rc}):\n" + (cwd/'log.txt').read_text()[-2000:])
    return time.perf_counter() - t

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--reference-python', required=True, help="python of the reference's environment")
    p.add_argument('--reference-repo', required=True, help='a checkout of alan-turing-institute/affinity-vae')
    p.add_argument('--data', required=True, help='a data folder in the reference layout (e.g. affinity-interp simulate subtomograms)')
    p.add_argument('--epochs', type=int, default=6, help='the longer run (the shorter is 1 epoch)')
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--rounds', type=int, default=2)
    p.add_argument('--gpu', action='store_true', help="train both on the GPU (the reference's `gpu: true`; ours picks it by itself)")
    p.add_argument('--ours', nargs=argparse.REMAINDER, default=[], help="more options for ours' train, e.g. --mixed-precision bf16")
    p.add_argument('--out', default=str(Path(__file__).parent/'results'/'vs_reference.json'))
    a = p.parse_args()
    data, repo = Path(a.data).resolve(), Path(a.reference_repo).resolve()
    n_train = sum(1 for f in data.iterdir() if f.suffix in ('.mrc', '.mrcs')) * 8 // 10 // a.batch * a.batch
    env = {**os.environ, 'TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD': '1'}
    times = {'reference': {1: [], a.epochs: []}, 'ours': {1: [], a.epochs: []}}
    with tempfile.TemporaryDirectory() as root:
        root = Path(root)
        for r in range(a.rounds):
            for e in (1, a.epochs):
                cfg = root/f'config{e}.yml'; cfg.write_text(reference_yaml(data, e, a.batch, a.gpu))
                ref = root/f'ref-{r}-{e}'; ref.mkdir()
                times['reference'][e].append(wall([a.reference_python, str(repo/'run.py'), '--config_file', str(cfg)], ref, env))
                ours = root/f'ours-{r}-{e}'; ours.mkdir()
                times['ours'][e].append(wall([sys.executable, '-m', 'affinity_interp.cli', 'train', '--config', str(cfg),
                                              '--out', str(ours/'run'), '--quiet', *a.ours], ours))
                print('.', end='', flush=True)
    rows = {}
    for name, t in times.items():
        per_epoch = [(long - short) / (a.epochs - 1) for short, long in zip(t[1], t[a.epochs])]
        rows[name] = dict(epoch_s=[round(x, 2) for x in per_epoch], samples_per_s=round(n_train / min(per_epoch), 1))
    ratio = rows['ours']['samples_per_s'] / rows['reference']['samples_per_s']
    print(f"\n{'':>10} {'s per epoch (each round)':>26} {'samples/s (best)':>18}")
    for name, r in rows.items(): print(f"{name:>10} {str(r['epoch_s']):>26} {r['samples_per_s']:>18}")
    print(f"ours / reference: {ratio:.2f}x ({n_train} training samples per epoch, batch {a.batch})")
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(dict(data=str(data), ours_options=a.ours, epochs=a.epochs, batch=a.batch, n_train=n_train, rows=rows,
                                   ratio=round(ratio, 2), cpu_count=os.cpu_count(), gpu=a.gpu), indent=2))
    print(f"written {out}")

if __name__ == '__main__': main()
