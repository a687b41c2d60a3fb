//! The bundle manifest parser and its file-path checks, on raw bytes and on well-formed
//! manifests with arbitrary file entries (tests/harness: the checks).
#![no_main]

#[path = "../../tests/harness/mod.rs"]
mod harness;

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    harness::check_manifest(data);
    harness::check_path(&String::from_utf8_lossy(data));
    let mut u = Unstructured::new(data);
    if let Ok(m) = harness::manifest_bytes(&mut u) {
        harness::check_manifest(&m);
    }
});
