//! Stage 4: start/end logits → ranked character spans (the README's decoding spec).

use std::cmp::Ordering;
use std::collections::HashMap;

use serde::Serialize;

use crate::offsets::utf16_at;
use crate::options::QaOptions;
use crate::windows::Feature;

/// One answer. `start`/`end` are byte offsets into the context here; the browser layer converts
/// them to UTF-16 code units.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    /// Exactly `context.slice(start, end)`.
    pub text: String,
    /// UTF-16 code-unit offsets into the context string (byte offsets in Rust before
    /// [`Answer::into_utf16`]).
    pub start: usize,
    pub end: usize,
    /// `startProb × endProb`, what answers are ranked by.
    pub score: f64,
    /// The probability that the answer starts at this token (softmax over its window's context).
    pub start_prob: f64,
    /// The probability that the answer ends at this token.
    pub end_prob: f64,
}

impl Answer {
    /// The same answer with `start`/`end` in UTF-16 code units of `context`: the unit of
    /// JavaScript strings, for every JSON or JS boundary.
    pub fn into_utf16(self, context: &str) -> Answer {
        Answer {
            start: utf16_at(context, self.start),
            end: utf16_at(context, self.end),
            ..self
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    score: f64,
    start: usize,
    end: usize,
    start_prob: f64,
    end_prob: f64,
}

/// Best first; equal scores fall back to the earlier span so results never depend on hashing.
fn rank(a: &Candidate, b: &Candidate) -> Ordering {
    b.score
        .total_cmp(&a.score)
        .then(a.start.cmp(&b.start))
        .then(a.end.cmp(&b.end))
}

/// Softmax over [CLS] and the window's tokens (everything else is masked to −10000), then
/// [CLS] set to 0, as in the HF question-answering pipeline.
fn masked_softmax(logits: &[f32], f: &Feature) -> Vec<f64> {
    let ctx = f.ctx_begin..f.ctx_begin + f.ctx_len;
    let x: Vec<f64> = logits
        .iter()
        .enumerate()
        .map(|(i, &l)| {
            if i == 0 || ctx.contains(&i) {
                f64::from(l)
            } else {
                -10000.0
            }
        })
        .collect();
    let max = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut p: Vec<f64> = x.iter().map(|v| (v - max).exp()).collect();
    let sum: f64 = p.iter().sum();
    p.iter_mut().for_each(|v| *v /= sum);
    p[0] = 0.0;
    p
}

/// The `k` best spans of one feature; `offsets` are the context tokens' byte offsets.
fn feature_candidates(
    start_logits: &[f32],
    end_logits: &[f32],
    f: &Feature,
    offsets: &[(usize, usize)],
    opts: &QaOptions,
) -> Vec<Candidate> {
    let ps = masked_softmax(start_logits, f);
    let pe = masked_softmax(end_logits, f);
    let mut cands = Vec::with_capacity(f.ctx_len * opts.max_answer_len.min(f.ctx_len));
    for a in 0..f.ctx_len {
        let p1 = ps[f.ctx_begin + a];
        for b in a..f.ctx_len.min(a + opts.max_answer_len) {
            let p2 = pe[f.ctx_begin + b];
            cands.push(Candidate {
                score: p1 * p2,
                start: offsets[f.ctx_start + a].0,
                end: offsets[f.ctx_start + b].1,
                start_prob: p1,
                end_prob: p2,
            });
        }
    }
    // Spans are distinct within a feature, so each feature's top k contains the merged top k.
    if cands.len() > opts.top_k {
        cands.select_nth_unstable_by(opts.top_k - 1, rank);
        cands.truncate(opts.top_k);
    }
    cands
}

/// Ranks spans over all features. `start`/`end` hold one row of `seq` logits per feature. The
/// unit tests' entry; the engine decodes batch by batch through `decode_rows`.
#[cfg(test)]
pub(crate) fn decode(
    context: &str,
    offsets: &[(usize, usize)],
    features: &[Feature],
    start: &[f32],
    end: &[f32],
    seq: usize,
    opts: &QaOptions,
) -> Vec<Answer> {
    let rows: Vec<Row> = features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let row = i * seq..i * seq + f.input_ids.len();
            (f, &start[row.clone()], &end[row])
        })
        .collect();
    decode_rows(context, offsets, &rows, opts)
}

/// One read window: its feature and its start and end logits.
pub type Row<'a> = (&'a Feature, &'a [f32], &'a [f32]);

/// Ranks spans over the windows read so far (the reader's partial and final answers).
pub fn decode_rows(
    context: &str,
    offsets: &[(usize, usize)],
    rows: &[Row],
    opts: &QaOptions,
) -> Vec<Answer> {
    let mut best: HashMap<(usize, usize), Candidate> = HashMap::new();
    for (f, start, end) in rows {
        for c in feature_candidates(start, end, f, offsets, opts) {
            best.entry((c.start, c.end))
                .and_modify(|b| {
                    if c.score > b.score {
                        *b = c;
                    }
                })
                .or_insert(c);
        }
    }
    let mut ranked: Vec<Candidate> = best.into_values().collect();
    ranked.sort_by(rank);
    ranked
        .into_iter()
        .filter(|c| opts.min_score.is_none_or(|m| c.score >= m))
        .take(opts.top_k)
        .map(|c| Answer {
            text: context[c.start..c.end].to_string(),
            start: c.start,
            end: c.end,
            score: c.score,
            start_prob: c.start_prob,
            end_prob: c.end_prob,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::windows::features;

    // Context "가 나 다": three one-syllable tokens, 3 bytes each, separated by spaces.
    const CTX: &str = "가 나 다";
    const OFFS: [(usize, usize); 3] = [(0, 3), (4, 7), (8, 11)];

    fn one_feature() -> Vec<Feature> {
        features(&[50], &[60, 61, 62], &QaOptions::default())
    }

    #[test]
    fn best_span_and_probabilities_follow_the_spec() {
        let f = one_feature();
        // layout: [CLS] q [SEP] c0 c1 c2 [SEP]
        let start = [9.0, 0.0, 0.0, 0.0, 5.0, 1.0, 0.0];
        let end = [9.0, 0.0, 0.0, 1.0, 1.0, 6.0, 0.0];
        let opts = QaOptions {
            top_k: 2,
            ..Default::default()
        };
        let a = decode(CTX, &OFFS, &f, &start, &end, 7, &opts);
        assert_eq!(a[0].text, "나 다");
        assert_eq!((a[0].start, a[0].end), (4, 11));
        // [CLS] takes part in the softmax and is then zeroed.
        let z: f64 = [9.0f64, 0.0, 5.0, 1.0].iter().map(|v| v.exp()).sum();
        assert!((a[0].start_prob - 5f64.exp() / z).abs() < 1e-12);
        assert!((a[0].score - a[0].start_prob * a[0].end_prob).abs() < 1e-15);
        // Runner-up: ("다", "다") ∝ e^(1+6) beats ("나", "나") ∝ e^(5+1).
        assert_eq!(a[1].text, "다");
        assert!(a[0].score > a[1].score);
    }

    #[test]
    fn max_answer_len_and_min_score_filter() {
        let f = one_feature();
        let start = [0.0, 0.0, 0.0, 9.0, 0.0, 0.0, 0.0];
        let end = [0.0, 0.0, 0.0, 0.0, 2.0, 9.0, 0.0];
        let opts = QaOptions {
            max_answer_len: 2,
            top_k: 1,
            ..Default::default()
        };
        let a = decode(CTX, &OFFS, &f, &start, &end, 7, &opts);
        assert_eq!(a[0].text, "가 나");
        let strict = QaOptions {
            min_score: Some(0.99),
            ..opts
        };
        assert!(decode(CTX, &OFFS, &f, &start, &end, 7, &strict).is_empty());
    }

    #[test]
    fn overlapping_windows_merge_by_span_keeping_the_best() {
        let opts = QaOptions {
            max_seq_len: 6,
            max_question_len: 1,
            doc_stride: 1,
            top_k: 5,
            ..Default::default()
        };
        let f = features(&[50], &[60, 61, 62], &opts);
        // width 2: windows [0,2) and [1,3); token 1 ("나") is in both.
        assert_eq!(f.len(), 2);
        let seq = 6;
        let start = [
            0.0, 0.0, 0.0, 0.0, 3.0, 0.0, /* second */ 0.0, 0.0, 0.0, 4.0, 0.0, 0.0,
        ];
        let end = [0.0, 0.0, 0.0, 0.0, 3.0, 0.0, 0.0, 0.0, 0.0, 4.0, 0.0, 0.0];
        let a = decode(CTX, &OFFS, &f, &start, &end, seq, &opts);
        let texts: Vec<_> = a.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(texts.iter().filter(|t| **t == "나").count(), 1, "{texts:?}");
        assert_eq!(a[0].text, "나");
        let want = {
            let z = 1.0 + 4f64.exp() + 1.0;
            (4f64.exp() / z).powi(2)
        };
        assert!(
            (a[0].score - want).abs() < 1e-12,
            "kept the better window's score"
        );
    }
}
