#!/usr/bin/env bash
# GPU bench, for a machine with a real GPU and a few minutes (there is none where CI runs).
#
#   here:  ./build.sh gpu-prep          CLI with the native wgpu backend -> artifacts/gpu/
#   there: bash scripts/gpu_bench.sh    prints JSON lines and a summary; writes them to $OUT or artifacts/gpu/
#
# It needs nothing from the network: the prepared CLI (or its .xz), a bundle (default models/bundles/int8,
# 14 MB; every precision computes in fp32, so latency does not depend on it) and a Vulkan driver.
# Where the machine lacks the Vulkan loader, put its .deb files in .gl/ (README, "GPU bench")
# and they are unpacked first. Then:
#   1. native wgpu forward latency, 1×384 and 8×384 (a long context's windows as one batch);
#   2. burn-flex on the same machine's CPU, for scale;
#   3. the browser bench on the real GPU, if Chromium, Node and tests/browser/node_modules are there.
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
for batch in 1 8; do
  "$CLI" bench --model "$BUNDLE" --backend wgpu --seq 384 --batch "$batch" --runs "$RUNS" | tee -a "$log"
done
"$CLI" bench --model "$BUNDLE" --backend flex --seq 384 --runs 5 | tee -a "$log"

inputs="${KQA_INPUTS:-artifacts/bench/inputs.json}"
if command -v node >/dev/null && [[ -d tests/browser/node_modules/playwright-core && -f "$inputs" ]] && [[ -x "${KQA_CHROMIUM:-/usr/bin/chromium}" ]]; then
  KQA_WEBGPU_ADAPTER=hardware KQA_BUNDLE="${KQA_BROWSER_BUNDLE:-models/bundles/fp32}" node tests/browser/bench.mjs \
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
