//! Logits of the imported model against onnxruntime on the same export, on every CPU backend.

mod common;

use korean_qa::{Backend, QaEngine};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    batch: usize,
    seq: usize,
    input_ids: Vec<i64>,
    attention_mask: Vec<i64>,
    token_type_ids: Vec<i64>,
    start_logits: Vec<f32>,
    end_logits: Vec<f32>,
}

#[derive(Deserialize)]
struct Cases {
    cases: Vec<Case>,
}

fn cases() -> Cases {
    serde_json::from_slice(&std::fs::read(common::refs().join("logits.json")).unwrap()).unwrap()
}

fn max_abs_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

#[test]
fn logits_match_onnxruntime_on_every_backend() {
    let cases = cases();
    let shapes: Vec<_> = cases.cases.iter().map(|c| (c.batch, c.seq)).collect();
    for want in [(1, 64), (2, 64), (1, 384), (2, 384)] {
        assert!(shapes.contains(&want), "reference lacks batch×seq {want:?}");
    }
    assert!(
        cases.cases.iter().any(|c| c.attention_mask.contains(&0)),
        "no padded case"
    );
    for &backend in Backend::all() {
        let engine = QaEngine::from_dir(&common::bundle(), &backend.device()).unwrap();
        for c in &cases.cases {
            let (start, end) = common::block_on(engine.model().forward_raw(
                c.batch,
                c.seq,
                &c.input_ids,
                &c.attention_mask,
                &c.token_type_ids,
            ))
            .unwrap();
            let (ds, de) = (
                max_abs_diff(&start, &c.start_logits),
                max_abs_diff(&end, &c.end_logits),
            );
            println!(
                "{backend} batch {} seq {}: max |Δ| start {ds:.2e} end {de:.2e}",
                c.batch, c.seq
            );
            assert!(
                ds <= 1e-4 && de <= 1e-4,
                "{backend} {}x{}: {ds} {de}",
                c.batch,
                c.seq
            );
        }
    }
}

/// GPUs pad every batch to a `gpu_seq` bucket: the padded positions must not move the real ones.
#[test]
fn padding_to_the_gpu_bucket_keeps_logits() {
    let cases = cases();
    let engine = QaEngine::from_dir(&common::bundle(), &Backend::all()[0].device()).unwrap();
    let mut checked = 0;
    for c in cases.cases.iter().filter(|c| c.batch == 1) {
        let seq = c.seq;
        // Round to the next bucket; a length already on one gets a whole bucket more.
        let padded = korean_qa::model::gpu_seq(seq + 1);
        assert!(padded > seq && padded.is_multiple_of(korean_qa::model::GPU_SEQ_BUCKET));
        let pad = |v: &[i64], fill: i64| {
            let mut v = v.to_vec();
            v.resize(padded, fill);
            v
        };
        let (start, end) = common::block_on(engine.model().forward_raw(
            1,
            padded,
            &pad(&c.input_ids, i64::from(korean_qa::tokenize::PAD)),
            &pad(&c.attention_mask, 0),
            &pad(&c.token_type_ids, 0),
        ))
        .unwrap();
        let (ds, de) = (
            max_abs_diff(&start[..seq], &c.start_logits),
            max_abs_diff(&end[..seq], &c.end_logits),
        );
        println!("1x{seq} padded to {padded}: max |Δ| start {ds:.2e} end {de:.2e}");
        assert!(ds <= 1e-4 && de <= 1e-4, "1x{seq} -> {padded}: {ds} {de}");
        checked += 1;
    }
    assert!(checked >= 2, "too few batch-1 reference cases");
}
