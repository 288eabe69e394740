"""Is the 3D orientation recovered? Affinity-VAEs with the rotating decoder and a quaternion pose, trained on
subtomograms simulated from real, asymmetric protein chains (Debian `theseus-examples`), scored on validation particles.

Two numbers per run, both from `evaluate`'s metrics.json:

- `pose.relative_error_deg_median`: for every pair of validation particles of one class, the geodesic angle between
  the relative rotation the pose latents give and the true one (particles.csv); the median over pairs. Relative,
  because a model's canonical frame is its own: only rotations between particles are comparable. 90-130 degrees is
  what random poses give. The chains are asymmetric, so no symmetry is divided out.
- `pose.identity_ratio`: distance between the identity latents of rotated copies of one particle over the distance
  between different particles (0: rotation invariant; 1: rotation moves identity as far as a change of particle).

Variants (`--variants`): `unsupervised` (the pose learned only through the rotating decoder), `equivariance` (plus
the self-supervised pull of a rotated copy's pose to the rotated pose, `pose_equivariance`), `supervised` (the
simulation's true orientation taught, `pose_supervision`, widened over a curriculum, `pose_curriculum`).

    python benchmarks/pose.py --quick        # the supervised variant, small: under 10 minutes on 2 CPU cores
    python benchmarks/pose.py                # every variant at the full size (not timed on a CPU yet; meant for a GPU)
"""
import argparse, json, shutil, sys, tempfile, time
from pathlib import Path

THESEUS = Path('/usr/share/doc/theseus/examples')
# compact, asymmetric single chains of three families (lactate dehydrogenases, trypsins, cytochromes c)
STRUCTURES = ['ldh/1gv1_A.pdb.gz', 'ldh/2pwz_A.pdb.gz', 'ldh/1smk_H.pdb.gz', 'trypsins/1DX5_M.pdb.gz',
              'trypsins/1SFQ_B.pdb.gz', 'trypsins/1ID5_H.pdb.gz', 'cytochromes/d1cih__.pdb.gz', 'cytochromes/d1crj__.pdb.gz']
VARIANTS = dict(unsupervised={}, equivariance=dict(pose_equivariance=0.1),
                supervised=dict(pose_supervision=1.0, pose_curriculum=0.6))
SIZES = dict(quick=dict(n_per_class=100, epochs=100, variants=['supervised']),
             full=dict(n_per_class=200, epochs=300, variants=list(VARIANTS)))

def simulate(out:Path, n_per_class:int, seed:int=0)->Path:
    "Subtomograms (24^3, 4 A voxels, SNR 10, no wedge or CTF) of the eight chains, each in random orientations."
    from affinity_interp.simulate import ParticleSettings, simulate_subtomograms
    missing = [s for s in STRUCTURES if not (THESEUS/s).is_file()]
    if missing:
        sys.exit(f"{THESEUS}: missing {', '.join(missing)}; install Debian's theseus-examples (apt-get install theseus-examples)")
    if not (out/'classes.csv').is_file():
        simulate_subtomograms(out, structures=[THESEUS/s for s in STRUCTURES], size=24, n_per_class=n_per_class,
                              n_rotations=20, seed=seed, settings=ParticleSettings(snr=10., tilt_range=None, defocus=None, voxel_size=4.))
    return out

def train_and_score(data:Path, out:Path, variant:str, epochs:int, seed:int=0)->dict:
    "Train one variant, evaluate it, and return its pose numbers, accuracy and time."
    from affinity_interp.config import TrainConfig
    from affinity_interp.evaluate import evaluate
    from affinity_interp.train import train
    cfg = TrainConfig(datapath=str(data), latent_dims=8, pose_dims=4, decoder='rotate', channels=[16, 32, 64], features=128,
                      epochs=epochs, batch=32, learning=2e-3, gamma=2., seed=seed, progress='none', **VARIANTS[variant])
    if (out/'run.json').is_file(): shutil.rmtree(out)   # this benchmark's own run of that name, from an earlier call
    t = time.time(); train(cfg, out); seconds = time.time() - t
    m = evaluate(out, charts=False)
    p = m.get('pose', {})
    return dict(variant=variant, epochs=epochs, seed=seed, train_seconds=round(seconds, 1),
                relative_error_deg_median=p.get('relative_error_deg_median'), identity_ratio=p.get('identity_ratio'),
                pose_ratio=p.get('pose_ratio'), val_knn=m['val'].get('knn_accuracy'), n_val=m['samples'].get('val'),
                settings=VARIANTS[variant], run=str(out))

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--quick', action='store_true', help='the supervised variant on 100 particles per class, 100 epochs')
    p.add_argument('--variants', nargs='*', choices=list(VARIANTS), help='which variants (default: by size)')
    p.add_argument('--epochs', type=int, help='epochs (default: by size)')
    p.add_argument('--n-per-class', type=int, help='particles per chain (default: by size)')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--threads', type=int, default=None, help='torch CPU threads (default: all)')
    p.add_argument('--work', default=None, help='where data and runs are written (default: a temporary folder)')
    p.add_argument('--out', default=None, help='the JSON written (default: benchmarks/results/pose[_quick].json)')
    a = p.parse_args()
    size = SIZES['quick' if a.quick else 'full']
    n, epochs, variants = a.n_per_class or size['n_per_class'], a.epochs or size['epochs'], a.variants or size['variants']
    import torch
    if a.threads: torch.set_num_threads(a.threads)
    work = Path(a.work or tempfile.mkdtemp(prefix='pose-')); work.mkdir(parents=True, exist_ok=True)
    data = simulate(work/f'data-n{n}-s{a.seed}', n, a.seed)
    rows = []
    print(f"{'variant':<14}{'epochs':>7}{'train s':>9}{'median err':>12}{'identity ratio':>16}{'val kNN':>9}")
    for v in variants:
        r = train_and_score(data, work/f'{v}-e{epochs}-s{a.seed}', v, epochs, a.seed)
        rows.append(r)
        fmt = lambda x, f: format(x, f) if x is not None else 'n/a'
        print(f"{v:<14}{epochs:>7}{r['train_seconds']:>9.0f}{fmt(r['relative_error_deg_median'], '>11.1f')}\N{DEGREE SIGN}"
              f"{fmt(r['identity_ratio'], '>16.2f')}{fmt(r['val_knn'], '>9.2f')}", flush=True)
    out = Path(a.out or Path(__file__).parent/'results'/f"pose{'_quick' if a.quick else ''}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    record = dict(benchmark='pose', size='quick' if a.quick else 'full', n_per_class=n, structures=STRUCTURES,
                  device='cuda' if torch.cuda.is_available() else 'cpu', threads=torch.get_num_threads(),
                  targets=dict(relative_error_deg_median=30, identity_ratio=0.5), rows=rows)
    out.write_text(json.dumps(record, indent=2) + '\n')
    print(f"wrote {out}")

if __name__ == '__main__': main()
