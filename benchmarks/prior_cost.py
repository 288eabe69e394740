"""What does the affinity prior cost in reconstruction? Affinity-VAEs over a grid of gamma, `affinity_dims` and latent
size, each beside a beta-VAE (gamma 0) of the same size and budget, on the demo's subtomograms.

Per run, from `evaluate`'s metrics.json (validation particles, the run's kept epoch):

- `recon_ratio`: validation reconstruction error over the beta-VAE's of the same latent size and seed (1: no cost);
- `affinity_of_ceiling`: Spearman agreement of the class-centroid cosines with the prior, over the best agreement
  latents of that size could reach (`interpret.affinity_ceiling`);
- `knn_accuracy`: 5-NN class accuracy (fitted on training latents).

The targets of issue 18: `recon_ratio` <= 1.10 with `affinity_of_ceiling` >= 0.95.

    python benchmarks/prior_cost.py --quick              # 4 settings and the beta-VAE, one seed, 30 epochs each
    python benchmarks/prior_cost.py --seeds 0 1          # the whole grid at the demo's budget
"""
import argparse, json, shutil, tempfile, time
from dataclasses import replace
from pathlib import Path

GRID = {   # name -> (latent_dims, changes from the demo's Affinity-VAE settings)
    'gamma 2': (8, dict(gamma=2.)), 'gamma 1': (8, dict(gamma=1.)), 'gamma 0.5': (8, dict(gamma=0.5)),
    'gamma 0.25': (8, dict(gamma=0.25)), 'gamma 2, affinity_dims 4': (8, dict(gamma=2., affinity_dims=4)),
    'gamma 1, affinity_dims 4': (8, dict(gamma=1., affinity_dims=4)), 'gamma 2, affinity_dims 2': (8, dict(gamma=2., affinity_dims=2)),
    'gamma 0.5, affinity_dims 4': (8, dict(gamma=0.5, affinity_dims=4)), 'gamma 0.25, affinity_dims 4': (8, dict(gamma=0.25, affinity_dims=4)),
    'latent 16, gamma 2, affinity_dims 8': (16, dict(gamma=2., affinity_dims=8)),
    'latent 16, gamma 0.5, affinity_dims 8': (16, dict(gamma=0.5, affinity_dims=8)),
    'latent 16, gamma 1, affinity_dims 4': (16, dict(gamma=1., affinity_dims=4)),
}
QUICK = ['gamma 2', 'gamma 1', 'gamma 0.5', 'gamma 1, affinity_dims 4']

def base_config(data:Path, epochs:int, latent_dims:int):
    "The demo's Affinity-VAE settings (`demo._demo`) at a given latent size and length."
    from affinity_interp.config import TrainConfig
    return TrainConfig(datapath=str(data), latent_dims=latent_dims, pose_dims=1, channels=[16, 32], features=64, epochs=epochs,
                       batch=32, learning=3e-3, gamma=2., progress='none')

def fit(cfg, folder:Path)->dict:
    "Train (or reopen) one run and return its metrics."
    from affinity_interp.evaluate import evaluate
    from affinity_interp.train import train
    t = time.time()
    if not (folder/'model.safetensors').is_file():
        if folder.exists(): shutil.rmtree(folder)   # an unfinished run of this benchmark's own
        train(cfg, folder)
    m = evaluate(folder, charts=False, n_invariance=0)
    m['seconds'] = round(time.time() - t, 1)
    return m

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--quick', action='store_true', help=f"only {', '.join(QUICK)}; 30 epochs")
    p.add_argument('--settings', nargs='*', choices=list(GRID), help='which settings (default: all, or the quick ones)')
    p.add_argument('--epochs', type=int, help="epochs (default: the demo's 60, or 30 with --quick)")
    p.add_argument('--seeds', type=int, nargs='*', default=[0])
    p.add_argument('--work', default=None, help='where data and runs are written (default: a temporary folder); runs there are reused')
    p.add_argument('--out', default=None, help='the JSON written (default: benchmarks/results/prior_cost[_quick].json)')
    a = p.parse_args()
    import torch
    from affinity_interp.demo import DEMO_PARTICLES, DEMO_SIZES
    from affinity_interp.simulate import simulate_subtomograms
    S = DEMO_SIZES['full']
    epochs, names = a.epochs or (30 if a.quick else S['sub_epochs']), a.settings or (QUICK if a.quick else list(GRID))
    work = Path(a.work or tempfile.mkdtemp(prefix='prior-cost-')); work.mkdir(parents=True, exist_ok=True)
    data = work/'subtomograms'
    if not (data/'classes.csv').is_file():
        simulate_subtomograms(data, n_per_class=S['particles'], n_rotations=S['rotations'], seed=0, **DEMO_PARTICLES)
    rows = []
    print(f"{'setting':<38}{'seed':>5}{'val recon':>11}{'recon ratio':>13}{'of ceiling':>12}{'kNN':>7}{'s':>6}")
    for seed in a.seeds:
        beta = {}
        for name in names:
            latent, changes = GRID[name]
            if latent not in beta:
                beta[latent] = fit(replace(base_config(data, epochs, latent), gamma=0., seed=seed), work/f"beta-l{latent}-e{epochs}-s{seed}")
                b = beta[latent]
                rows.append(dict(setting=f'beta-VAE, latent {latent}', latent_dims=latent, gamma=0., affinity_dims=None, seed=seed,
                                 epochs=epochs, val_recon=b['val']['recon'], recon_ratio=1.0, affinity_of_ceiling=b.get('affinity_of_ceiling'),
                                 affinity_spearman=b.get('affinity_spearman'), knn_accuracy=b['val']['knn_accuracy'], seconds=b['seconds']))
                print(f"{rows[-1]['setting']:<38}{seed:>5}{b['val']['recon']:>11.0f}{1.0:>13.3f}{b.get('affinity_of_ceiling') or 0:>12.3f}"
                      f"{b['val']['knn_accuracy']:>7.2f}{b['seconds']:>6.0f}", flush=True)
            slug = name.replace(', ', '-').replace(' ', '')
            m = fit(replace(base_config(data, epochs, latent), seed=seed, **changes), work/f"{slug}-e{epochs}-s{seed}")
            r = dict(setting=name, latent_dims=latent, gamma=changes['gamma'], affinity_dims=changes.get('affinity_dims'), seed=seed,
                     epochs=epochs, val_recon=m['val']['recon'], recon_ratio=m['val']['recon'] / beta[latent]['val']['recon'],
                     affinity_of_ceiling=m.get('affinity_of_ceiling'), affinity_spearman=m.get('affinity_spearman'),
                     knn_accuracy=m['val']['knn_accuracy'], unseen_agreement=(m.get('unseen') or {}).get('nearest_class_agreement'),
                     seconds=m['seconds'])
            rows.append(r)
            print(f"{name:<38}{seed:>5}{r['val_recon']:>11.0f}{r['recon_ratio']:>13.3f}{r['affinity_of_ceiling'] or 0:>12.3f}"
                  f"{r['knn_accuracy']:>7.2f}{r['seconds']:>6.0f}", flush=True)
    out = Path(a.out or Path(__file__).parent/'results'/f"prior_cost{'_quick' if a.quick else ''}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(dict(benchmark='prior_cost', data=dict(DEMO_PARTICLES, n_per_class=S['particles']), epochs=epochs,
                                   device='cuda' if torch.cuda.is_available() else 'cpu', threads=torch.get_num_threads(),
                                   targets=dict(recon_ratio=1.10, affinity_of_ceiling=0.95), rows=rows), indent=2, default=str) + '\n')
    print(f"wrote {out}")

if __name__ == '__main__': main()
