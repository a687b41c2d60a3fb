//! The weight decoders (`precision::widen`: fp32, fp16, int8 with scales) on raw bytes and on
//! real burnpack containers of arbitrary tensors, some bytes flipped (tests/harness: the checks).
#![no_main]

#[path = "../../tests/harness/mod.rs"]
mod harness;

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    harness::check_widen(data);
    let mut u = Unstructured::new(data);
    if let Ok(w) = harness::weights_bytes(&mut u) {
        harness::check_widen(&w);
    }
});
