#!/usr/bin/env bash
# The GPU checks, in one call (about 8 minutes on one H100/H200 after start-up), results as JSON and logs under $OUT:
#   1. the training notebook with its `#| cuda` cells (bf16/fp16 round trips, deterministic resume on the GPU);
#   2. benchmarks/train.py: compute only and end to end from files, 32^3 and 64^3, batch 128, bf16, both networks;
#   3. benchmarks/vs_reference.py on the GPU at the reference's architecture (64^3, batch 128);
#   4. the demo with --device cuda.
# Each step has its own time limit, so one that hangs cannot take the others' time; a step that fails is named in
# $OUT/summary.txt and the next one runs.
#
# On a machine without this project's packages (the device tool's GPU machine), carry them as cp312 wheels in .whl/
# (mrcfile, fastcore, gemmi, altair, ipywidgets, nbdev, execnb, pyoperon, vl-convert-python and their needs) and the
# reference's extra needs in .whl/ too (pydantic, umap-learn, pynndescent); the reference's code in .ref/ (a checkout
# of alan-turing-institute/affinity-vae, develop). Without .ref/ step 3 is skipped and says so.
#
#     OUT=/tmp/gpu bash benchmarks/gpu.sh
#     STEPS="cuda_cells train_bench" bash benchmarks/gpu.sh     # some of the steps only
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-benchmarks/results/gpu}; mkdir -p "$OUT"
export PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
PY=${PY:-python3}
summary() { echo "$*" | tee -a "$OUT/summary.txt"; }
STEPS=${STEPS:-cuda_cells train_bench vs_reference_64 demo_cuda}
wanted() { [[ " $STEPS " == *" $1 "* ]]; }
step() {   # step NAME SECONDS COMMAND...: run with a time limit, log to $OUT/NAME.log, one line in summary.txt
  local name=$1 limit=$2; shift 2
  wanted "$name" || return 0
  local t0=$SECONDS
  timeout "$limit" "$@" > "$OUT/$name.log" 2>&1; local rc=$?
  summary "$name: rc $rc in $((SECONDS - t0)) s$([ $rc = 124 ] && echo " (stopped at its ${limit} s limit)")"
  tail -n 25 "$OUT/$name.log"
}

if [ -d .whl ]; then
  $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site:$PWD
else
  export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH}
fi
summary "$(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader)"
summary "$($PY -c "import torch, affinity_interp; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), '| affinity-interp', affinity_interp.__version__)")"

# 1. the training notebook, cuda cells included (its other cells run too: they set the cuda cells up)
step cuda_cells 60 env AI_TEST_FLAGS=cuda $PY -m pytest -q -x tests/test_notebooks.py -k 05_train

# 2. compute only against end to end, both networks (the cache on: the default 'auto' keeps these small sets in memory)
step train_bench 200 $PY benchmarks/train.py --configs '3D 32^3' '3D 64^3' --batches 128 --precisions bf16 \
  --files '3D 32^3' '3D 64^3' --caches yes --n-per-class 60 --epochs 3 --min-seconds 3 --out "$OUT/train.json"

# 3. the reference beside ours on the GPU
if ! wanted vs_reference_64; then :
elif [ -d .ref ]; then
  mkdir -p /tmp/refshim   # numpy >= 2.4 has no np.in1d, which the reference calls
  echo 'import numpy as np; np.in1d = getattr(np, "in1d", np.isin)' > /tmp/refshim/sitecustomize.py
  printf '#!/bin/sh\nPYTHONPATH=/tmp/refshim:$PYTHONPATH exec %s "$@"\n' "$(command -v $PY)" > /tmp/refpython; chmod +x /tmp/refpython
  $PY -c "from affinity_interp.simulate import simulate_subtomograms as s; s('/tmp/vsref64', size=64, n_per_class=100, seed=0, progress=False)"
  step vs_reference_64 150 $PY benchmarks/vs_reference.py --reference-python /tmp/refpython --reference-repo .ref \
    --data /tmp/vsref64 --epochs 4 --batch 128 --rounds 1 --gpu --out "$OUT/vs_reference_64.json" --ours --mixed-precision bf16
else
  summary "vs_reference: skipped (no .ref/ checkout of the reference here)"
fi

# 4. the demo on the GPU
step demo_cuda 120 $PY -m affinity_interp.cli demo /tmp/demo-cuda --device cuda
wanted demo_cuda && { cp /tmp/demo-cuda/summary.json "$OUT/demo_summary.json" 2>/dev/null || summary "demo: no summary.json"; }
cat "$OUT/summary.txt"
