//! tokenize → windows → reader plan → spans → UTF-16 offsets on arbitrary question/context
//! pairs and options, with random logits in place of the network (tests/harness: the checks).
#![no_main]

#[path = "../../tests/harness/mod.rs"]
mod harness;

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    if let Ok(input) = harness::PipelineInput::arbitrary(&mut u) {
        let _ = harness::check_pipeline(&input);
    }
});
