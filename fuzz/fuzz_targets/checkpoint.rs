//! The hub source's readers: checkpoint weights (safetensors, pickle `.bin`) on raw bytes and on
//! safetensors files with well-formed headers, and `config.json` / `tokenizer_config.json`
//! (tests/harness: the checks).
#![no_main]

#[path = "../../tests/harness/mod.rs"]
mod harness;

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    harness::check_checkpoint(data);
    harness::check_configs(data);
    let mut u = Unstructured::new(data);
    if let Ok(st) = harness::safetensors_bytes(&mut u) {
        harness::check_checkpoint(&st);
    }
});
