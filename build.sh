#!/usr/bin/env bash
# korean-qa: one entry point for building, testing and running.
#
#   ./build.sh demo                    build everything and serve the demo at http://127.0.0.1:8080
#   ./build.sh test                    every test (Rust unit + parity, Python reference parity)
#   ./build.sh bundle EXPORT_DIR OUT [--precision int8|fp16|fp32]
#                                      turn an export (scripts/export_onnx.py) into a model bundle
#   ./build.sh bundle --from-hf (DIR|hf:ID) OUT [--precision …]
#                                      the same from a checkpoint, with no Python or ONNX
#   ./build.sh package                 build the npm package into pkg/ (wasm + JS + typings)
#   ./build.sh extension OUT_DIR       the browser extension: OUT_DIR/korean-qa-chrome.zip and
#                                      korean-qa-firefox.zip (unpacked beside them: chrome/, firefox/)
#   ./build.sh bench                   browser bench against onnxruntime-web, native bench against
#                                      onnxruntime, and the weight-precision report
#   ./build.sh cli ARGS...             run the korean-qa command line
#   ./build.sh gpu-prep                the CLI with native wgpu, for bench/gpu_bench.sh on a GPU machine
#
# Environment: KQA_DATA (default ../shared/data: KorQuAD dev set and vocab, for tests and benches),
# KQA_BUNDLE (bundle the demo uses; default models/bundles/int8), KQA_PYTHON (a Python that
# already has scripts/requirements.txt; default: python3 if it has them, else a .venv made here),
# KQA_BENCH_BUNDLES (bench: our rows' bundles, NAME=DIR,...; default fp32 and int8).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
MODELS="$ROOT/models"
EXPORT="$MODELS/exports/random"
# The same export quantized as transformers.js users run it (q8), for onnxruntime-web in the bench.
EXPORT_Q8="$MODELS/exports/random-q8"
TINY="$MODELS/exports/tiny"
# One bundle per weights precision, all from the same export. Parity tests run fp32 (the
# export's own numbers); the demo runs the default precision (docs/bundles.md#weight-precision).
BUNDLES="$MODELS/bundles"
PARITY_BUNDLE="$BUNDLES/fp32"
DEMO_BUNDLE="$BUNDLES/int8"
REFS="$MODELS/refs"
KQA_DATA="${KQA_DATA:-$ROOT/../shared/data}"
TARGET_ROOT="${CARGO_TARGET_DIR:-$ROOT/target}"
CLI="$TARGET_ROOT/release/korean-qa"
# The wasm build has its own target dir: on the offline route it uses another rustc, whose host
# artifacts must not evict the native ones.
WASM_TARGET_DIR="$TARGET_ROOT/wasm"
WASM_THREADS_DIR="$TARGET_ROOT/wasm-threads"
PKG="$ROOT/pkg"

# Background jobs (the threaded wasm builds, the Python tests) die with the script, however it ends.
BG_PIDS=()
# `|| true`: under `set -e` a failed kill of a job that already ended would make the script exit 1.
trap 'for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

# Each step with the time since build.sh started, so a slow CI run shows where its minutes went.
say() { printf '\033[1m==> [%d:%02d] %s\033[0m\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2; }

python_env() {
  local need='import torch, transformers, onnx, onnxruntime, tokenizers, numpy, pytest'
  if [[ -n "${KQA_PYTHON:-}" ]]; then PY="$KQA_PYTHON"; return; fi
  if python3 -c "$need" 2>/dev/null; then PY=python3; return; fi
  if [[ ! -x "$ROOT/.venv/bin/python" ]] || ! "$ROOT/.venv/bin/python" -c "$need" 2>/dev/null; then
    say "installing Python tools into .venv (torch, transformers, onnxruntime, tokenizers)"
    python3 -m venv "$ROOT/.venv"
    "$ROOT/.venv/bin/pip" install -q -r scripts/requirements.txt
  fi
  PY="$ROOT/.venv/bin/python"
}

# The workspace's native members (core, CLI, import tool): the same selection as `cargo test`, so
# the tests reuse this build.
build_cli() {
  say "building the native CLI (cargo build --release)"
  cargo build --release
}

# Exports are build outputs: made by the committed script, reused while the script is unchanged.
export_model() { # DIR MODE...
  local dir="$1"; shift
  local stamp; stamp="$(sha256sum scripts/export_onnx.py scripts/requirements.txt | sha256sum | cut -c1-16) $*"
  if [[ -f "$dir/model.onnx" && "$(cat "$dir/.stamp" 2>/dev/null)" == "$stamp" ]]; then return; fi
  say "exporting $* to ${dir#$ROOT/}"
  KQA_VOCAB="${KQA_VOCAB:-$KQA_DATA/koelectra-v2/vocab.txt}" "$PY" scripts/export_onnx.py "$@" --out "$dir"
  echo "$stamp" > "$dir/.stamp"
}

# scripts/quantize_q8.py of the export, redone when the export or the script changes.
quantize_q8() {
  local stamp; stamp="$(cat scripts/quantize_q8.py "$EXPORT/.stamp" | sha256sum | cut -c1-16)"
  if [[ -f "$EXPORT_Q8/model.onnx" && "$(cat "$EXPORT_Q8/.stamp" 2>/dev/null)" == "$stamp" ]]; then return; fi
  say "quantizing the export to q8 (onnxruntime quantize_dynamic, QInt8) into ${EXPORT_Q8#$ROOT/}"
  "$PY" scripts/quantize_q8.py --export "$EXPORT" --out "$EXPORT_Q8"
  echo "$stamp" > "$EXPORT_Q8/.stamp"
}

bundles() {
  export_model "$EXPORT" --random --seed 0
  local p dir
  for p in fp32 fp16 int8; do
    dir="$BUNDLES/$p"
    if [[ ! -f "$dir/manifest.json" || "$dir/manifest.json" -ot "$CLI" || "$dir/manifest.json" -ot "$EXPORT/model.onnx" ]]; then
      say "bundling the random-weights model at $p into ${dir#$ROOT/}"
      "$CLI" bundle "$EXPORT" "$dir" --precision "$p"
    fi
  done
}

# Random-weight checkpoints laid out as hub repositories (safetensors, zip and legacy .bin, and the
# broken ones), for the hub tests' stand-in server (tests/hub/server.mjs).
HUB_REPOS="$MODELS/hub"
hub_repos() {
  local stamp; stamp="$(cat scripts/make_checkpoints.py scripts/export_onnx.py scripts/reference.py scripts/requirements.txt | sha256sum | cut -c1-16)"
  if [[ -f "$HUB_REPOS/repos.json" && "$(cat "$HUB_REPOS/.stamp" 2>/dev/null)" == "$stamp" ]]; then return; fi
  say "writing hub repositories of random checkpoints to ${HUB_REPOS#$ROOT/}"
  rm -rf "$HUB_REPOS"
  KQA_DATA="$KQA_DATA" "$PY" scripts/make_checkpoints.py --out "$HUB_REPOS"
  echo "$stamp" > "$HUB_REPOS/.stamp"
}

references() {
  local korquad="$KQA_DATA/korquad/KorQuAD_v1.0_dev.json"
  [[ -f "$korquad" ]] || { echo "KorQuAD dev set not found at $korquad (set KQA_DATA)" >&2; exit 1; }
  mkdir -p "$REFS"
  local stamp; stamp="$(cat scripts/reference.py scripts/make_references.py tests/data/tokenizer_cases.json "$EXPORT/.stamp" | sha256sum | cut -c1-16)"
  if [[ "$(cat "$REFS/.stamp" 2>/dev/null)" == "$stamp" ]]; then return; fi
  say "writing reference outputs (HF tokenizers, onnxruntime, Python span decoding) to ${REFS#$ROOT/}"
  "$PY" scripts/make_references.py sample --korquad "$korquad" --out "$REFS/sample.jsonl"
  "$PY" scripts/make_references.py tokens --vocab "$EXPORT/vocab.txt" --korquad "$korquad" \
    --cases tests/data/tokenizer_cases.json --out "$REFS/tokens.jsonl"
  "$PY" scripts/make_references.py logits --export "$EXPORT" --out "$REFS/logits.json"
  "$PY" scripts/make_references.py qa --export "$EXPORT" --in "$REFS/sample.jsonl" --out "$REFS/qa.jsonl" --top-k 3
  echo "$stamp" > "$REFS/.stamp"
}

# crates/web for wasm32: the rustup target where installed, else Debian's rustc-web with build-std
# (the offline route). Prints which one it used. $1: the web crate's features (may be empty); $2 =
# threads: the threaded module
# (atomics and shared memory, so std itself is rebuilt: build-std on either route), in its own
# target dir because every crate compiles with other target features.
build_wasm() {
  local args=(build --release --lib --target wasm32-unknown-unknown -p korean-qa-web --features "$1")
  local dir="$WASM_TARGET_DIR" std=()
  if [[ "${2:-}" == threads ]]; then
    dir="$WASM_THREADS_DIR" std=(-Zbuild-std=std,panic_abort)
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128,+atomics,+bulk-memory,+mutable-globals -C link-arg=--shared-memory -C link-arg=--import-memory -C link-arg=--max-memory=4294967296 -C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size -C link-arg=--export=__tls_align -C link-arg=--export=__tls_base --cfg getrandom_backend=\"wasm_js\""
  fi
  if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
    && { [[ ${#std[@]} == 0 ]] || rustup component list --installed 2>/dev/null | grep -q '^rust-src'; }; then
    say "building wasm (${1:-cpu}) with rustup's wasm32-unknown-unknown target"
    RUSTC_BOOTSTRAP=${std:+1} CARGO_TARGET_DIR="$dir" cargo "${args[@]}" "${std[@]}"
  elif [[ -x /usr/bin/rustc && -d /usr/lib/rustlib/src/rust/library && -x /usr/bin/rust-lld ]]; then
    say "building wasm (${1:-cpu}) with Debian's rustc $(/usr/bin/rustc --version | cut -d' ' -f2) and -Zbuild-std (no rustup wasm32 target here)"
    PATH="/usr/bin:$PATH" RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$dir" \
      /usr/bin/cargo "${args[@]}" -Zbuild-std=std,panic_abort
  else
    echo "no wasm32 toolchain: run 'rustup target add wasm32-unknown-unknown'" \
      "(and 'rustup component add rust-src' for the threaded module)" \
      "(or, offline on Debian: apt-get install rustc-web cargo-web rust-web-src rust-web-llvm lld-22)" >&2
    exit 1
  fi
  unset CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS
}

# wasm-bindgen-cli pinned to the exact wasm-bindgen of Cargo.lock.
wasm_bindgen_cli() {
  local want; want="$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')"
  WASM_BINDGEN="$(command -v wasm-bindgen || true)"
  if [[ -z "$WASM_BINDGEN" || "$("$WASM_BINDGEN" --version | cut -d' ' -f2)" != "$want" ]]; then
    say "installing wasm-bindgen-cli $want"
    cargo install -q wasm-bindgen-cli --version "=$want"
    WASM_BINDGEN="$HOME/.cargo/bin/wasm-bindgen"
  fi
}

# wasm-opt from npm's binaryen (Debian's binaryen 108 produced a module that does not load), or
# nothing. Measured: 26 → 20.7 MB raw, forward 8 % faster, about 3 min a module. KQA_WASM_OPT=0
# skips it.
wasm_opt_tool() {
  WASM_OPT=
  [[ "${KQA_WASM_OPT:-1}" == "1" ]] || return 0
  if (cd tests/browser && npm install --no-audit --no-fund --no-save -s binaryen@132 >/dev/null 2>&1); then
    WASM_OPT="tests/browser/node_modules/binaryen/bin/wasm-opt"
  else
    say "wasm-opt unavailable (npm binaryen could not be installed); the package is not optimised"
  fi
}

# wasm-bindgen of one raw module into directory $2.
bindgen_one() {
  local wasm="$1" out="$2"
  rm -rf "$out" && mkdir -p "$out"
  # KQA_WASM_NAMES=1 keeps the function names, for bench/profile.mjs.
  local names=--remove-name-section
  [[ "${KQA_WASM_NAMES:-0}" != "1" ]] || names=
  "$WASM_BINDGEN" --target web --out-dir "$out" --out-name korean_qa \
    $names --remove-producers-section "$wasm"
}

# wasm-opt -O2 (when there is one) of each "FILE|EXTRA-FEATURES" argument in place, as many at a
# time as there are cores: npm's binaryen runs on one thread, 1.5-4 min a module. A subshell, so
# that `wait -n` sees only these jobs, not the Python tests running beside them.
optimise() (
  [[ -n "$WASM_OPT" ]] || return 0
  local jobs running=0 failed=0 item
  jobs="$(nproc 2>/dev/null || echo 2)"
  say "wasm-opt -O2 (npm binaryen@132), $# modules, $jobs at a time"
  for item in "$@"; do
    if (( running >= jobs )); then wait -n || failed=1; running=$((running - 1)); fi
    node "$WASM_OPT" -O2 --enable-simd ${item#*|} \
      --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
      "${item%%|*}" -o "${item%%|*}" &
    running=$((running + 1))
  done
  while (( running > 0 )); do wait -n || failed=1; running=$((running - 1)); done
  (( failed == 0 )) || { echo "wasm-opt failed on one of the modules" >&2; exit 1; }
)

# Five builds of crates/web, so that a visitor downloads only the module that runs (docs/architecture.md#the-browser-package). The page's CPU pair in pkg/: plain SIMD128 and relaxed SIMD (gemm's kernels
# with f32x4.relaxed_madd, vendor/gemm-f32; only gemm-f32 and the crates above it differ, about
# 3 min), one glue. The WebGPU module in pkg/webgpu/: plain SIMD128 only (its CPU kernels only time
# the CPU against the GPU), its own glue; same target dir, other burn features. The threaded pair
# in pkg/threads/: CPU only, atomics and shared memory (its own target dir and glue). js/index.js
# picks per browser, adapter and page.
cmd_package() {
  # KQA_WASM_FEATURES=compare-ndarray adds burn-ndarray to the CPU module, only to compare CPU kernels.
  local features="${KQA_WASM_FEATURES:-}"
  local raw="$WASM_TARGET_DIR/wasm32-unknown-unknown/release/korean_qa_web.wasm"
  local raw_threads="$WASM_THREADS_DIR/wasm32-unknown-unknown/release/korean_qa_web.wasm"
  local base="$WASM_TARGET_DIR/korean_qa.baseline.wasm" relaxed="$WASM_TARGET_DIR/korean_qa.relaxed.wasm"
  local gpu="$WASM_TARGET_DIR/korean_qa.webgpu.wasm"
  local tbase="$WASM_THREADS_DIR/korean_qa.baseline.wasm" trelaxed="$WASM_THREADS_DIR/korean_qa.relaxed.wasm"
  # `|| exit`: under `set -e` a failure on the left of `&&` would not stop the script, and the
  # package would be assembled from the previous modules.
  # The threaded pair (its own target dir) builds beside the page and WebGPU modules: on two cores a
  # cold build leaves one idle for long stretches (a single large crate, a link), which the other
  # chain fills. Its output follows the page chain's; KQA_WASM_SERIAL=1 builds one after another.
  local tlog="$TARGET_ROOT/wasm-threads.log" tpid=
  threaded_pair() {
    build_wasm threads threads && cp "$raw_threads" "$tbase" \
      && build_wasm threads,relaxed-simd threads && cp "$raw_threads" "$trelaxed"
  }
  if [[ "${KQA_WASM_SERIAL:-0}" != "1" ]]; then
    say "building the threaded modules beside the others (their output follows)"
    threaded_pair > "$tlog" 2>&1 &
    tpid=$!
    BG_PIDS+=("$tpid")
  fi
  build_wasm "$features" || exit 1
  cp "$raw" "$base"
  build_wasm "${features:+$features,}relaxed-simd" || exit 1
  cp "$raw" "$relaxed"
  build_wasm webgpu || exit 1
  cp "$raw" "$gpu"
  if [[ -n "$tpid" ]]; then
    local trc=0
    wait "$tpid" || trc=$?
    cat "$tlog" >&2
    (( trc == 0 )) || { echo "the threaded modules failed to build (above)" >&2; exit 1; }
    say "threaded modules built"
  else
    threaded_pair || exit 1
  fi
  wasm_bindgen_cli
  # wasm-bindgen and wasm-opt (3 min for a page module) rerun only when a module or the settings changed.
  local stamp; stamp="$(cat "$base" "$relaxed" "$gpu" "$tbase" "$trelaxed" | sha256sum | cut -c1-16) $("$WASM_BINDGEN" --version) opt=${KQA_WASM_OPT:-1} names=${KQA_WASM_NAMES:-0}"
  if [[ -f "$PKG/webgpu/korean_qa_bg.wasm" && "$(cat "$PKG/.stamp" 2>/dev/null)" == "$stamp" ]]; then
    say "pkg/ modules are up to date"
  else
    say "wasm-bindgen -> pkg/ (the CPU and threaded modules, each plain and relaxed SIMD, and the WebGPU module)"
    local tmp="$WASM_TARGET_DIR/bindgen" d
    wasm_opt_tool
    bindgen_pair "$base" "$relaxed" "$tmp/page"
    bindgen_one "$gpu" "$tmp/webgpu"
    bindgen_pair "$tbase" "$trelaxed" "$tmp/threads"
    # The biggest first, so that the longest run does not start last.
    optimise "$tmp/webgpu/korean_qa_bg.wasm|" \
      "$tmp/threads/korean_qa_bg.wasm|--enable-threads" "$tmp/threads/korean_qa_bg.relaxed.wasm|--enable-threads --enable-relaxed-simd" \
      "$tmp/page/korean_qa_bg.wasm|" "$tmp/page/korean_qa_bg.relaxed.wasm|--enable-relaxed-simd"
    rm -rf "$PKG" && mv "$tmp/page" "$PKG" && mv "$tmp/webgpu" "$PKG/webgpu" && mv "$tmp/threads" "$PKG/threads"
    for d in webgpu threads; do rm -f "$PKG/$d/korean_qa_bg.wasm.d.ts" "$PKG/$d/korean_qa.d.ts" "$PKG/$d/.gitignore"; done
    echo "$stamp" > "$PKG/.stamp"
  fi
  cp js/index.js js/index.d.ts js/plan.js js/modules.js js/protocol.js js/worker_engine.js js/worker.js js/pool.js js/package.json "$PKG/"
  cp js/README.md "$PKG/README.md"
  cp LICENSE NOTICE "$PKG/"
  local f; for f in korean_qa_bg.wasm korean_qa_bg.relaxed.wasm webgpu/korean_qa_bg.wasm threads/korean_qa_bg.wasm threads/korean_qa_bg.relaxed.wasm; do
    say "pkg/$f: $(du -h "$PKG/$f" | cut -f1) ($(gzip -c "$PKG/$f" | wc -c | numfmt --to=iec) gzipped)"
  done
}

# A plain and a relaxed-SIMD module of one build into directory $3, with their one glue.
bindgen_pair() {
  local base="$1" relaxed="$2" out="$3"
  bindgen_one "$base" "$out.baseline"
  bindgen_one "$relaxed" "$out.relaxed"
  # One glue serves both only if wasm-bindgen wrote the same code (comments may name internal
  # shim numbers that differ); otherwise stop here.
  cmp -s <(grep -v '^ *//' "$out.baseline/korean_qa.js") <(grep -v '^ *//' "$out.relaxed/korean_qa.js") \
    || { echo "the plain and relaxed builds need different JS glue ($out); cannot share one" >&2; exit 1; }
  rm -rf "$out" && mv "$out.baseline" "$out"
  mv "$out.relaxed/korean_qa_bg.wasm" "$out/korean_qa_bg.relaxed.wasm" && rm -rf "$out.relaxed"
}

browser_tools() {
  [[ -x "${KQA_CHROMIUM:-/usr/bin/chromium}" ]] || { echo "Chromium not found: apt-get install chromium (or set KQA_CHROMIUM)" >&2; exit 1; }
  [[ -x "${KQA_FIREFOX:-/usr/bin/firefox-esr}" ]] || { echo "Firefox not found: apt-get install firefox-esr (or set KQA_FIREFOX)" >&2; exit 1; }
  (cd tests/browser && npm ci --prefer-offline --no-audit --no-fund -s)
}

cmd_test() {
  say "doc references"
  python3 scripts/check_refs.py
  python_env
  build_cli
  bundles
  export_model "$TINY" --tiny --seed 0
  references
  hub_repos
  export KQA_BUNDLE="$PARITY_BUNDLE" KQA_BUNDLES="$BUNDLES" KQA_REFS="$REFS" KQA_DATA KQA_EXPORT="$EXPORT" KQA_TINY_EXPORT="$TINY" KQA_CLI="$CLI" KQA_HUB_REPOS="$HUB_REPOS"
  say "cargo test"
  cargo test --release
  # The Python tests need only the CLI and the bundles, and use about one core: they run beside the
  # wasm builds (cmd_package), which are most of a cold run. Their output comes when both are done.
  say "python parity tests, beside the wasm builds (their output follows the builds)"
  local pylog="$TARGET_ROOT/pytest.log" py_pid
  "$PY" -m pytest -q tests/python > "$pylog" 2>&1 &
  py_pid=$!
  BG_PIDS+=("$py_pid")
  cmd_package
  if ! wait "$py_pid"; then cat "$pylog"; echo "python tests failed" >&2; exit 1; fi
  say "python parity tests: $(tail -1 "$pylog")"
  browser_tools
  say "browser tests (Chromium $("${KQA_CHROMIUM:-/usr/bin/chromium}" --version | awk '{print $2}'), Firefox $("${KQA_FIREFOX:-/usr/bin/firefox-esr}" --version | awk '{print $3}'))"
  KQA_PKG="$PKG" npm --prefix tests/browser test
}

# The static site: www/ + pkg/ + the bundle as model/; any static server can serve it.
site() {
  SITE="$TARGET_ROOT/site"
  local bundle="${KQA_BUNDLE:-$DEMO_BUNDLE}"
  rm -rf "$SITE" && mkdir -p "$SITE"
  cp -r www/. "$SITE/"
  cp -r "$PKG" "$SITE/pkg"
  cp -r "$bundle" "$SITE/model"
}

cmd_demo() {
  python_env
  build_cli
  bundles
  cmd_package
  site
  if grep -q '"name": "koelectra-small-.*random' "$SITE/model/manifest.json"; then
    echo "note: the bundle has RANDOM weights, so its answers are meaningless (the page says so); see README, 'Use the real model'." >&2
  fi
  say "demo at http://127.0.0.1:${KQA_PORT:-8080}/ (Ctrl-C stops it; the site is in ${SITE#$ROOT/})"
  # Cross-origin isolated (COOP/COEP), so the CPU backend may run the threaded module; KQA_ISOLATE=0
  # serves a plain page.
  KQA_ISOLATE="${KQA_ISOLATE:-1}" exec node scripts/serve.mjs "${KQA_PORT:-8080}" "/=$SITE"
}

# Numbers only, never a failure on time; everything lands in artifacts/bench/.
cmd_bench() {
  python_env
  build_cli
  bundles
  references
  quantize_q8
  cmd_package
  browser_tools
  local out="$ROOT/artifacts/bench"
  mkdir -p "$out"
  "$PY" bench/bench_inputs.py --korquad "$KQA_DATA/korquad/KorQuAD_v1.0_dev.json" --vocab "$EXPORT/vocab.txt" --out "$out/inputs.json"
  say "browser: korean-qa against onnxruntime-web (Chromium $("${KQA_CHROMIUM:-/usr/bin/chromium}" --version | awk '{print $2}'))"
  # Our rows, one per bundle (KQA_BENCH_BUNDLES adds more, e.g. ...,int8=DIR), beside ORT-web on
  # the fp32 export and its q8 model. The README's table: bench.mjs --replot JSON --readme README.md.
  KQA_PKG="$PKG" node bench/bench.mjs --inputs "$out/inputs.json" \
    --bundles "${KQA_BENCH_BUNDLES:-fp32=$PARITY_BUNDLE,int8=$DEMO_BUNDLE}" \
    --onnx "$EXPORT/model.onnx" --onnx-q8 "$EXPORT_Q8/model.onnx" \
    --json "$out/browser.json" --svg "$out/browser.svg" ${KQA_BENCH_ARGS:-}
  say "native: burn against onnxruntime"
  "$PY" bench/bench_native.py --cli "$CLI" --bundle "$PARITY_BUNDLE" --export "$EXPORT" --json "$out/native.json"
  say "weight precision"
  "$PY" bench/precision_report.py --cli "$CLI" --bundles "$BUNDLES" --questions "$REFS/sample.jsonl" \
    --refs "$REFS/qa.jsonl" --json "$out/precision.json"
  say "results in ${out#$ROOT/}/"
}

# The GPU bench's CLI: the same crates plus burn's wgpu, copied out so the plain CLI stays as it is.
cmd_gpu_prep() {
  python_env
  say "building the CLI with native wgpu (feature compare-wgpu)"
  cargo build --release -p korean-qa-cli --features compare-wgpu
  # Stripped and xz-compressed (about 20 MB): small enough to copy to the GPU machine.
  mkdir -p artifacts/gpu && cp "$CLI" artifacts/gpu/korean-qa && strip artifacts/gpu/korean-qa
  xz -T0 -6 -f artifacts/gpu/korean-qa  # leaves only the .xz: the folder is what gets copied
  build_cli
  bundles
  # KorQuAD questions for the wgpu-vs-flex parity check there (skipped without the data here).
  local korquad="$KQA_DATA/korquad/KorQuAD_v1.0_dev.json"
  if [[ -f "$korquad" ]]; then
    "$PY" scripts/make_references.py sample --korquad "$korquad" --out artifacts/gpu/questions.jsonl
  else
    say "no KorQuAD dev set at $korquad: the GPU parity check will be skipped"
  fi
  say "ready: copy artifacts/gpu (korean-qa.xz, questions.jsonl; 13 MB) and models/bundles/int8 (and .gl/ for a machine without the Vulkan loader), then run bench/gpu_bench.sh there"
}

# Both browsers' extension packages from examples/extension and pkg/ (built here unless it is
# current). Zipped with Python's zipfile, from inside each folder: the manifest at the zip's root.
cmd_extension() {
  local out="${1:?usage: ./build.sh extension OUT_DIR}"
  cmd_package
  mkdir -p "$out"
  node examples/extension/build.mjs "$out"
  local b
  for b in chrome firefox; do
    rm -f "$out/korean-qa-$b.zip"
    (cd "$out/$b" && python3 -m zipfile -c "../korean-qa-$b.zip" ./*)
    say "$out/korean-qa-$b.zip: $(du -h "$out/korean-qa-$b.zip" | cut -f1)"
  done
}

case "${1:-}" in
  demo) cmd_demo ;;
  extension) shift; cmd_extension "$@" ;;
  test) cmd_test ;;
  bench) cmd_bench ;;
  package) cmd_package ;;
  gpu-prep) cmd_gpu_prep ;;
  bundle)
    [[ $# -ge 3 ]] || { echo "usage: ./build.sh bundle EXPORT_DIR OUT_DIR [--precision int8|fp16|fp32], or bundle --from-hf (DIR|hf:ID) OUT_DIR" >&2; exit 2; }
    build_cli; "$CLI" bundle "${@:2}" ;;
  cli) shift; build_cli; "$CLI" "$@" ;;
  *) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
