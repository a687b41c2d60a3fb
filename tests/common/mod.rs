//! Paths to the artifacts `./build.sh test` makes before running `cargo test`.
#![allow(dead_code)]

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn path(var: &str, default: &str) -> PathBuf {
    let p = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(default));
    assert!(
        p.exists(),
        "{} not found (set {var}); `./build.sh test` generates it",
        p.display()
    );
    p
}

/// The default bundle: the `--random` export, seed 0.
pub fn bundle() -> PathBuf {
    path("KQA_BUNDLE", "models/bundles/fp32")
}

/// One bundle per weights precision: fp32/, fp16/, int8/.
pub fn bundles() -> PathBuf {
    path("KQA_BUNDLES", "models/bundles")
}

/// Reference outputs written by scripts/make_references.py.
pub fn refs() -> PathBuf {
    path("KQA_REFS", "models/refs")
}

pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}

/// The KorQuAD 1.0 dev set (`KQA_DATA`, default `../shared/data`).
pub fn korquad() -> PathBuf {
    let data = std::env::var_os("KQA_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/data"));
    let p = data.join("korquad/KorQuAD_v1.0_dev.json");
    assert!(p.exists(), "{} not found (set KQA_DATA)", p.display());
    p
}
