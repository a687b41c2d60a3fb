#!/usr/bin/env bash
# GPU bench, for a machine with a real GPU and a few minutes (there is none where CI runs).
#
#   here:  ./build.sh gpu-prep          CLI with the native wgpu backend -> artifacts/gpu/
#   there: bash bench/gpu_bench.sh    prints JSON lines and a summary; writes them to $OUT or artifacts/gpu/
#
# It needs nothing from the network: the prepared CLI (or its .xz), a bundle (default models/bundles/int8,
# 14 MB; every precision computes in fp32, so latency does not depend on it) and a Vulkan driver.
# Where the machine lacks the Vulkan loader, put its .deb files in .gl/ (docs/benchmarks.md, "GPU bench")
# and they are unpacked first. Then:
#   1. native wgpu forward latency, 1×384 and 8×384 (a long context's windows as one batch);
#   2. burn-flex on the same machine's CPU, and PyTorch on CUDA (bench/gpu_peer.py), for scale;
#   3. wgpu's answers against burn-flex's on KorQuAD dev questions (top-1 agreement, score drift);
#   4. the browser bench on the real GPU, if Chromium, Node and tests/browser/node_modules are there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT="${OUT:-artifacts/gpu}"
mkdir -p "$OUT"
CLI="${KQA_GPU_CLI:-artifacts/gpu/korean-qa}"
BUNDLE="${KQA_BUNDLE:-models/bundles/int8}"
RUNS="${KQA_GPU_RUNS:-20}"
[[ -x "$CLI" || ! -f "$CLI.xz" ]] || xz -dkf "$CLI.xz"
[[ -x "$CLI" ]] || { echo "no $CLI: run ./build.sh gpu-prep first" >&2; exit 1; }
[[ -f "$BUNDLE/manifest.json" ]] || { echo "no bundle at $BUNDLE (set KQA_BUNDLE)" >&2; exit 1; }

if compgen -G ".gl/*.deb" >/dev/null; then
  for f in .gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[[ -f "$icd" && -z "${VK_DRIVER_FILES:-}" ]] && export VK_DRIVER_FILES="$icd"
(nvidia-smi -L 2>/dev/null || echo "no nvidia-smi") | tee "$OUT/gpu.txt"

log="$OUT/gpu-bench.jsonl"
: >"$log"
# The GPU's load once a second, to show which steps ran on it (not the CPU fallback of a driver).
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=timestamp,utilization.gpu,memory.used --format=csv -l 1 >"$OUT/gpu-load.csv" 2>&1 &
  trap 'kill %1 2>/dev/null || true' EXIT
fi
for batch in 1 8; do
  date +"%T wgpu batch $batch"
  "$CLI" bench --model "$BUNDLE" --backend wgpu --seq 384 --batch "$batch" --runs "$RUNS" | tee -a "$log"
done
"$CLI" bench --model "$BUNDLE" --backend flex --seq 384 --runs 5 | tee -a "$log"
date +"%T PyTorch peer"
if python3 -c 'import torch, transformers' 2>/dev/null; then
  python3 bench/gpu_peer.py --manifest "$BUNDLE/manifest.json" --seq 384 --batch 1 8 --runs "$RUNS" | tee -a "$log" ||
    echo "PyTorch CUDA peer failed (see above)"
else
  echo "PyTorch CUDA peer skipped: no torch/transformers"
fi

# Backend parity on the real GPU: wgpu against burn-flex (itself parity-tested against onnxruntime),
# same bundle, so any difference is the backend's.
questions="${KQA_GPU_QUESTIONS:-artifacts/gpu/questions.jsonl}"
if [[ -f "$questions" ]]; then
  # 300 questions (the last 60 of the file need 2-4 windows each) by default, each run capped in
  # time so that the step cannot eat a short lease; the check compares the questions both finished.
  n="${KQA_GPU_QUESTIONS_N:-300}"
  { head -n $((n - 60)) "$questions"; tail -n 60 "$questions"; } >"$OUT/questions.jsonl"
  for b in wgpu flex; do
    date +"%T parity: $b answers"
    timeout "${KQA_GPU_PARITY_TIMEOUT:-180}" "$CLI" batch --model "$BUNDLE" --backend "$b" --top-k 3 \
      "$OUT/questions.jsonl" --out "$OUT/answers-$b.jsonl" || echo "batch on $b failed or timed out"
  done
  rm -f "$OUT/questions.jsonl"
  python3 - "$OUT/answers-wgpu.jsonl" "$OUT/answers-flex.jsonl" <<'EOF_PY' || echo "agreement check failed"
import json, sys
load = lambda p: {r["id"]: r for r in map(json.loads, open(p))}
gpu, cpu = load(sys.argv[1]), load(sys.argv[2])
same = spans = 0
worst = 0.0
both = [k for k in cpu if k in gpu]
for k in both:
    c, g = cpu[k]["answers"], gpu[k]["answers"]
    if g and c and (g[0]["start"], g[0]["end"]) == (c[0]["start"], c[0]["end"]):
        same += 1
    spans += [(a["start"], a["end"]) for a in g] == [(a["start"], a["end"]) for a in c]
    for a, b in zip(g, c):
        worst = max(worst, abs(a["score"] - b["score"]))
n = len(both)
print(f"wgpu vs flex on {n} questions: top-1 span agrees {same}/{n} ({100 * same / n:.1f} %), "
      f"top-3 lists equal {spans}/{n}, largest score difference {worst:.2e}")
EOF_PY
else
  echo "parity check skipped: no $questions (./build.sh gpu-prep writes it)"
fi

inputs="${KQA_INPUTS:-artifacts/bench/inputs.json}"
if command -v node >/dev/null && [[ -d tests/browser/node_modules/playwright-core && -f "$inputs" ]] && [[ -x "${KQA_CHROMIUM:-/usr/bin/chromium}" ]]; then
  KQA_WEBGPU_ADAPTER=hardware KQA_BUNDLE="${KQA_BROWSER_BUNDLE:-models/bundles/fp32}" node bench/bench.mjs \
    --inputs "$inputs" --onnx "${KQA_ONNX:-models/exports/random/model.onnx}" \
    --gpu-runs "$RUNS" --json "$OUT/browser.json" --svg "$OUT/browser.svg" | tee "$OUT/browser.txt" ||
    echo "browser bench failed (see above)" | tee -a "$OUT/browser.txt"
else
  echo "browser bench skipped: needs node, tests/browser/node_modules, Chromium and $inputs (./build.sh bench writes it)" | tee "$OUT/browser.txt"
fi

python3 - "$log" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
print("native forward latency, 384 tokens (median of runs, min-max)")
for r in rows:
    per = r["median_ms"] / r["batch"]
    print(f'{r["engine"]:<12} batch {r["batch"]:>2}: {r["median_ms"]:8.1f} ms ({r["min_ms"]:.1f}-{r["max_ms"]:.1f}), {per:7.1f} ms per window, load {r["load_ms"]:.0f} ms')
EOF
