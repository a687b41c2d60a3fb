#!/usr/bin/env bash
# Times gemm-shaped wasm micro-kernels in headless Chromium, plain SIMD128 and relaxed SIMD builds:
#   bash bench/kernel_bench/run.sh        (needs a wasm32 toolchain, as ./build.sh package does)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${CARGO_TARGET_DIR:-$ROOT/target}/kernel-bench"
mkdir -p "$OUT"
build() { # $1: extra target features, $2: output name
  local flags="-C target-feature=+simd128$1"
  if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    RUSTFLAGS="$flags" CARGO_TARGET_DIR="$OUT/cargo" cargo build -q --release --target wasm32-unknown-unknown --manifest-path "$HERE/Cargo.toml"
  else # Debian's rustc-web with core's sources (see README, "Two commands")
    PATH="/usr/bin:$PATH" RUSTC_BOOTSTRAP=1 RUSTFLAGS="$flags" CARGO_TARGET_DIR="$OUT/cargo" \
      /usr/bin/cargo build -q --release --target wasm32-unknown-unknown -Zbuild-std=core --manifest-path "$HERE/Cargo.toml"
  fi
  cp "$OUT/cargo/wasm32-unknown-unknown/release/kernel_bench.wasm" "$OUT/$2.wasm"
}
build "" plain
build ",+relaxed-simd" relaxed
node "$HERE/run.mjs" "$OUT"
