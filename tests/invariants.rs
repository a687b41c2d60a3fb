//! The fuzz targets' invariants (`fuzz/`, README "Reliability"), on a few thousand seeded
//! random inputs and on the fuzz seed corpus, so that CI checks them on every run: the fuzz build
//! recompiles burn under sanitizers, far too slow for CI.

mod harness;

use arbitrary::Unstructured;

/// Random bytes from a fixed seed (splitmix64), so a failure reproduces.
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            (z ^ (z >> 31)) as u8
        })
        .collect()
}

/// Runs `check` on `cases` seeded inputs of 0 to `max_len` bytes, then on every file of the
/// target's seed corpus (`fuzz/corpus/<target>/`).
fn run(target: &str, cases: u64, max_len: usize, mut check: impl FnMut(&[u8])) {
    for seed in 0..cases {
        let data = bytes(seed, (seed as usize * 7919) % (max_len + 1));
        check(&data);
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        check(&std::fs::read(entry.unwrap().path()).unwrap());
        seen += 1;
    }
    assert!(seen > 0, "no seed corpus in {}", dir.display());
}

#[test]
fn pipeline_invariants_hold() {
    let (mut tried, mut read) = (0, 0);
    run("pipeline", 10_000, 600, |data| {
        let mut u = Unstructured::new(data);
        if let Ok(input) = harness::PipelineInput::arbitrary(&mut u) {
            tried += 1;
            read += usize::from(harness::check_pipeline(&input));
        }
    });
    // The engine's own refusals decide what is checked, so a refusal of everything would pass:
    // about 12 % of these inputs are read (most random options are invalid), and fewer than 5 %
    // means the engine refuses what it should read.
    eprintln!("pipeline: {read} of {tried} inputs read, the rest refused");
    assert!(read * 20 >= tried, "only {read} of {tried} inputs were read");
}

#[test]
fn manifest_and_path_invariants_hold() {
    run("manifest", 20_000, 400, |data| {
        harness::check_manifest(data);
        harness::check_path(&String::from_utf8_lossy(data));
        let mut u = Unstructured::new(data);
        if let Ok(m) = harness::manifest_bytes(&mut u) {
            harness::check_manifest(&m);
        }
    });
}

#[test]
fn weight_decoder_invariants_hold() {
    run("precision", 20_000, 400, |data| {
        harness::check_widen(data);
        let mut u = Unstructured::new(data);
        if let Ok(w) = harness::weights_bytes(&mut u) {
            harness::check_widen(&w);
        }
    });
}

#[test]
fn checkpoint_and_config_invariants_hold() {
    run("checkpoint", 20_000, 400, |data| {
        harness::check_checkpoint(data);
        harness::check_configs(data);
        let mut u = Unstructured::new(data);
        if let Ok(st) = harness::safetensors_bytes(&mut u) {
            harness::check_checkpoint(&st);
        }
    });
}
