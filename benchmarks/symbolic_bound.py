"""Is the formula search's default work bound enough, and is its result reproducible? On the default nuclei run's
latents, the formula classifier of `explain` (one formula per state, on the 4 latents the L1 sparse classifier keeps)
searched with a quarter, one and four times the default number of generations, and the default once more while
another process keeps a core busy.

The bound is judged on rows the search never saw and that `explain` does not score on: an inner fifth of the run's
training rows (the validation rows, on which `explain` reports, are left alone). A bound is enough when four times
the work buys no more than a point of accuracy there.

    python benchmarks/symbolic_bound.py [--work /tmp/explain-bench] [--generations 4000] [--out benchmarks/results/symbolic_bound.json]
"""
import argparse, json, os, subprocess, sys, time
from pathlib import Path

import numpy as np

BUSY = 'import time\nt = time.time()\nwhile time.time() - t < 3600: sum(i * i for i in range(10000))'

def latents(work:Path)->tuple:
    "The default nuclei run's sparse latents: (X, y, names) of its training rows (trained first if it is not in `work`)."
    from affinity_interp.explain import nuclei_run
    from affinity_interp.run import load_run
    from affinity_interp.sparse import fit_sparse, latent_split, latent_use
    run = load_run(nuclei_run(work))
    table = run.latents(run.dataset())
    use = latent_use(run.model, table)
    d = latent_split(table, keep=list(use.index[use.active]))
    sparse = fit_sparse(d['X_train'], d['y_train'], d['names'], 'l1', min(4, len(d['names'])), 0)
    return d['X_train'][:, sparse.keep], np.asarray(d['y_train']).astype(str), sparse.inputs

def search(X, y, names, inner, generations:int, busy:bool=False)->dict:
    "One formula classifier fitted on the outer rows, scored on the inner ones; optionally beside a busy process."
    from affinity_interp.symbolic import fit_formula_classifier
    fit = np.setdiff1d(np.arange(len(y)), inner)
    proc = subprocess.Popen([sys.executable, '-c', BUSY]) if busy else None
    try:
        t = time.perf_counter()
        clf = fit_formula_classifier(X[fit], y[fit], names, generations=generations, seed=0)
        seconds = time.perf_counter() - t
    finally:
        if proc: proc.kill(); proc.wait()
    return dict(generations=generations, busy=busy, seconds=round(seconds, 1), complexity=clf.complexity,
                fit_accuracy=clf.evaluate(X[fit], y[fit])['accuracy'], inner_accuracy=clf.evaluate(X[inner], y[inner])['accuracy'],
                cap_hit=any(f.search['cap_hit'] for f in clf.formulas),
                formulas={str(c): str(f) for c, f in zip(clf.classes, clf.formulas)})

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--work', default='/tmp/explain-bench', help='folder of the nuclei run (reused when there)')
    p.add_argument('--generations', type=int, default=None, help='the bound under test (default: symbolic.GENERATIONS)')
    p.add_argument('--out', default=str(Path(__file__).parent/'results'/'symbolic_bound.json'))
    a = p.parse_args()
    X, y, names = latents(Path(a.work))
    inner = np.sort(np.random.default_rng(0).permutation(len(y))[:len(y) // 5])
    from affinity_interp.symbolic import GENERATIONS
    G = a.generations or GENERATIONS
    rows = [search(X, y, names, inner, g) for g in (G // 4, G, 4 * G)] + [search(X, y, names, inner, G, busy=True)]
    print(f"{'generations':>11} {'busy':>5} {'seconds':>8} {'complexity':>10} {'fit acc':>8} {'inner acc':>9} {'cap hit':>7}")
    for r in rows:
        print(f"{r['generations']:>11} {str(r['busy']):>5} {r['seconds']:>8.1f} {r['complexity']:>10} {r['fit_accuracy']:>8.3f} "
              f"{r['inner_accuracy']:>9.3f} {str(r['cap_hit']):>7}")
    same = rows[1]['formulas'] == rows[3]['formulas'] and rows[1]['inner_accuracy'] == rows[3]['inner_accuracy']
    gain = rows[2]['inner_accuracy'] - rows[1]['inner_accuracy']
    print(f"idle and busy searches identical: {same}; four times the work: {gain:+.3f} inner accuracy")
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(dict(benchmark='symbolic_bound', inputs=names, rows_fit=int(len(y) - len(inner)), rows_inner=int(len(inner)),
                                   identical_when_busy=same, gain_of_4x=gain, load_average=os.getloadavg(), rows=rows), indent=2) + '\n')
    print(f"wrote {out}")

if __name__ == '__main__': main()
