"""Does the latent space collapse? Our `arch: reference` and the reference Affinity-VAE, trained from the same YAML on
the same files, scored the same way.

Each run is scored on its identity latent means: the cosine similarity between the class centroids (mean and largest
over pairs of classes; 1.0 for every pair is the collapse the issue saw), and the accuracy of a 5-NN and a logistic
classifier of the class, fitted on the run's own training samples (standardised) and scored on its validation
samples. Ours are read from their run folders (`encode`); the reference's from the latent table it saves beside its
last state (`states/meta_*.pkl`: `lat0..`, `id`, `mode`), which the reference's own Python turns into a CSV.

    # train and score: ours with seeds 0 1 2 (bf16 where the CPU has it), the reference 3 times (it has no seed)
    python benchmarks/latents_vs_reference.py --data DIR --epochs 20 --seeds 0 1 2 \\
        --reference-python /tmp/refvenv/bin/python --reference-repo /tmp/ref --reference-runs 3
    # score runs trained before
    python benchmarks/latents_vs_reference.py --score-ours RUN ... --score-reference FOLDER ... --reference-python ...
"""
import argparse, json, os, subprocess, sys, tempfile
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from vs_reference import reference_yaml, wall

def score(t:pd.DataFrame, cols:list)->dict:
    "Centroid cosines and classifier accuracies of a latent table with 'class' and 'split' columns."
    from affinity_interp.interpret import class_means, classify_latents, cosine_similarity_matrix
    S = cosine_similarity_matrix(class_means(t, cols)).to_numpy()
    off = S[~np.eye(len(S), dtype=bool)]
    c = classify_latents(t, cols=cols)
    return dict(centroid_cos_mean=round(float(off.mean()), 3), centroid_cos_max=round(float(off.max()), 3),
                knn=round(c['knn_accuracy'], 3), logistic=round(c['logistic_accuracy'], 3),
                latent_sd=round(float(t[cols].to_numpy().std(0).mean()), 4), n_val=int((t.split == 'val').sum()))

def score_ours(folder:Path)->dict:
    from affinity_interp.run import encode, load_run
    run = load_run(folder)
    t = encode(run.model, run.dataset(), split=run.split)
    return dict(program='ours', run=str(folder), data=run.config.data.datapath, epochs=int(run.history.epoch.max()),
                **score(t, [c for c in t.columns if c.startswith('mu_')]))

DUMP = """import glob, sys, pandas as pd
m = pd.read_pickle(sorted(glob.glob(sys.argv[1] + '/states/meta_*.pkl'))[-1])
cols = [c for c in m.columns if c.startswith('lat')]
m.assign(**{'class': m['id'].astype(str), 'split': m['mode'].map({'trn': 'train', 'val': 'val'})})[cols + ['class', 'split']].to_csv(sys.argv[2], index=False)
"""

def score_reference(folder:Path, python:str)->dict:
    with tempfile.TemporaryDirectory() as d:
        csv = Path(d)/'latents.csv'
        subprocess.run([python, '-c', DUMP, str(folder), str(csv)], check=True)
        t = pd.read_csv(csv)
    import re   # its saved config holds Python-tagged YAML; read the two plain lines
    text = next(iter(sorted(folder.glob('*.y*ml')) + sorted(folder.glob('configs/*.y*ml')))).read_text()
    cfg = {k: m.group(1).strip() for k in ('datapath', 'epochs') if (m := re.search(rf'^{k}:\s*(.+)$', text, re.M))}
    return dict(program='reference', run=str(folder), data=cfg.get('datapath'), epochs=int(cfg.get('epochs', 0)),
                **score(t, [c for c in t.columns if c.startswith('lat')]))

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--data', help='a data folder in the reference layout, to train on')
    p.add_argument('--epochs', type=int, default=20)
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--seeds', type=int, nargs='*', default=[0, 1, 2], help='our runs')
    p.add_argument('--mixed-precision', default=None, help="ours' precision (default: bf16 where the CPU or GPU has it, else no)")
    p.add_argument('--reference-python', help="python of the reference's environment")
    p.add_argument('--reference-repo', help='a checkout of alan-turing-institute/affinity-vae')
    p.add_argument('--reference-runs', type=int, default=0)
    p.add_argument('--work', default=None, help='where the runs are written (default: a temporary folder)')
    p.add_argument('--score-ours', nargs='*', default=[], help='our run folders trained before, to score')
    p.add_argument('--score-reference', nargs='*', default=[], help="the reference's run folders trained before, to score")
    p.add_argument('--out', default=str(Path(__file__).parent/'results'/'latents_vs_reference.json'))
    a = p.parse_args()
    if (a.score_reference or a.reference_runs) and not a.reference_python:
        p.error("the reference's runs need --reference-python (its environment reads its own saved latents)")
    if a.reference_runs and not (a.data and a.reference_repo):
        p.error('--reference-runs needs --data and --reference-repo')
    import torch
    from affinity_interp.train import cpu_has_bf16
    mp = a.mixed_precision or ('bf16' if torch.cuda.is_available() or cpu_has_bf16() else 'no')
    rows = [score_ours(Path(f)) for f in a.score_ours]
    rows += [score_reference(Path(f), a.reference_python) for f in a.score_reference]
    if a.data:
        work = Path(a.work or tempfile.mkdtemp()); work.mkdir(parents=True, exist_ok=True)
        data = Path(a.data).resolve()
        cfg = work/'config.yml'
        cfg.write_text(reference_yaml(data, a.epochs, a.batch).replace('freq_sta: 100000', f'freq_sta: {a.epochs}'))
        for seed in a.seeds:
            out = work/f'ours-seed{seed}'
            wall([sys.executable, '-m', 'affinity_interp.cli', 'train', '--config', str(cfg), '--out', str(out), '--quiet',
                  '--seed', str(seed), '--mixed-precision', mp], work)
            rows.append(score_ours(out)); print(rows[-1], flush=True)
        for k in range(a.reference_runs):
            ref = work/f'reference-{k}'; ref.mkdir()
            wall([a.reference_python, str(Path(a.reference_repo)/'run.py'), '--config_file', str(cfg)], ref,
                 {**os.environ, 'TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD': '1'})
            rows.append(score_reference(ref, a.reference_python)); print(rows[-1], flush=True)
    df = pd.DataFrame(rows)
    print(df.drop(columns=['run', 'data']).to_string(index=False))
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(dict(ours_precision=mp, rows=rows), indent=1))
    print(f'written {out}')

if __name__ == '__main__': main()
