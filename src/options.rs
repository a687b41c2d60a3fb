//! Answer options: one struct, every default in one place (the browser's `QaOptions` type is generated
//! from it; the README lists them).

use serde::{Deserialize, Serialize};

use crate::error::{QaError, Result};

/// Largest sequence the model's position embeddings allow.
pub const MAX_POSITIONS: usize = 512;

/// Most answers one call may ask for: every answer is a span the caller will look at, and each
/// costs a UTF-16 conversion, so a larger `topK` is a mistake, not a need.
pub const MAX_TOP_K: usize = 100;

/// Hard ceiling on `maxContextChars`: the tokens, offsets and windows of a context this long take
/// about 0.5 GB, the most a browser tab can be expected to hold.
pub const MAX_CONTEXT_CHARS: usize = 10_000_000;

/// How `answer()` reads and ranks. Every field is optional; the defaults are in brackets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct QaOptions {
    /// [topK=1] answers returned, best first (at most 100).
    pub top_k: usize,
    /// [maxAnswerLen=30] longest answer, in tokens (at most 512).
    pub max_answer_len: usize,
    /// [docStride=128] tokens shared by consecutive windows of a long context.
    pub doc_stride: usize,
    /// [maxSeqLen=384] tokens per window: `[CLS] question [SEP] window [SEP]`, at most 512.
    pub max_seq_len: usize,
    /// [maxQuestionLen=64] the question is cut to this many tokens (at most maxSeqLen - 4).
    pub max_question_len: usize,
    /// Answers scoring below this are dropped (from 0 to 1).
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub min_score: Option<f64>,
    /// [maxContextChars=1000000] longer contexts are refused with INVALID_INPUT (at most 10000000).
    /// A memory bound: the reader reads only `maxWindows` windows of a long context, so a whole
    /// page costs no more time than a few windows.
    pub max_context_chars: usize,
    /// [maxWindows=6] windows of a long context that are read at most, best-ranked first (BM25 of
    /// the question against each window).
    pub max_windows: usize,
    /// [minWindows=4] windows read at least; a context with no more windows than this is read
    /// whole.
    pub min_windows: usize,
    /// [rankRatio=0.5] past `minWindows`, a window is read only if its BM25 score is at least this
    /// share of the best window's (0 reads up to `maxWindows`): the margin rule that stops reading
    /// windows that rank far below the best.
    pub rank_ratio: f64,
    /// [exhaustive=false] read every window of the context, whatever `maxWindows` says.
    pub exhaustive: bool,
}

impl Default for QaOptions {
    fn default() -> Self {
        Self {
            top_k: 1,
            max_answer_len: 30,
            doc_stride: 128,
            max_seq_len: 384,
            max_question_len: 64,
            min_score: None,
            max_context_chars: 1_000_000,
            max_windows: 6,
            min_windows: 4,
            rank_ratio: 0.5,
            exhaustive: false,
        }
    }
}

impl QaOptions {
    pub fn validate(&self) -> Result<()> {
        let bad = |m: String| Err(QaError::InvalidOptions(m));
        if !(1..=MAX_TOP_K).contains(&self.top_k) {
            return bad(format!("topK must be from 1 to {MAX_TOP_K}; got {}", self.top_k));
        }
        if !(1..=MAX_POSITIONS).contains(&self.max_answer_len) {
            return bad(format!(
                "maxAnswerLen must be from 1 to {MAX_POSITIONS}; got {}",
                self.max_answer_len
            ));
        }
        if self.max_seq_len > MAX_POSITIONS {
            return bad(format!(
                "maxSeqLen {} exceeds the model's {MAX_POSITIONS} positions",
                self.max_seq_len
            ));
        }
        // [CLS] question [SEP] window [SEP]: at least one question and one context token.
        let longest_question = self.max_seq_len.saturating_sub(4);
        if !(1..=longest_question).contains(&self.max_question_len) {
            return bad(format!(
                "maxQuestionLen must be from 1 to maxSeqLen - 4 = {longest_question}; got {}",
                self.max_question_len
            ));
        }
        if !(1..=self.max_windows).contains(&self.min_windows) {
            return bad(format!(
                "minWindows must be from 1 to maxWindows ({}); got {}",
                self.max_windows, self.min_windows
            ));
        }
        if !(0.0..=1.0).contains(&self.rank_ratio) {
            return bad(format!("rankRatio {} is outside [0, 1]", self.rank_ratio));
        }
        if !(1..=MAX_CONTEXT_CHARS).contains(&self.max_context_chars) {
            return bad(format!(
                "maxContextChars must be from 1 to {MAX_CONTEXT_CHARS}; got {}",
                self.max_context_chars
            ));
        }
        // The longest question must leave a window wider than the stride, or windows never advance.
        let width = self.max_seq_len - (self.max_question_len + 3);
        if width <= self.doc_stride {
            return bad(format!(
                "maxSeqLen {} leaves {width} context tokens after a {}-token question, which must exceed docStride {}",
                self.max_seq_len, self.max_question_len, self.doc_stride
            ));
        }
        // NaN is outside too: it would silently disable the filter.
        if let Some(s) = self.min_score
            && !(0.0..=1.0).contains(&s)
        {
            return bad(format!("minScore {s} is outside [0, 1]"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_bad_values_are_named() {
        QaOptions::default().validate().unwrap();
        let e = QaOptions {
            doc_stride: 400,
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert!(e.to_string().contains("docStride"), "{e}");
        let e = QaOptions {
            max_seq_len: 1024,
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.code(), "INVALID_OPTIONS");
        assert!(
            QaOptions {
                top_k: 0,
                ..Default::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            QaOptions {
                min_score: Some(2.0),
                ..Default::default()
            }
            .validate()
            .is_err()
        );
    }

    #[test]
    fn values_that_would_wrap_or_run_away_are_refused() {
        let refused = |o: QaOptions| {
            let e = o.validate().unwrap_err();
            assert_eq!(e.code(), "INVALID_OPTIONS", "{e}");
            e.to_string()
        };
        let d = QaOptions::default;
        assert!(refused(QaOptions { max_question_len: usize::MAX, ..d() }).contains("maxQuestionLen"));
        assert!(refused(QaOptions { max_question_len: u32::MAX as usize, ..d() }).contains("maxQuestionLen"));
        assert!(refused(QaOptions { max_question_len: 381, ..d() }).contains("maxQuestionLen"));
        assert!(refused(QaOptions { max_answer_len: u32::MAX as usize, ..d() }).contains("maxAnswerLen"));
        assert!(refused(QaOptions { top_k: 1_000_000_000, ..d() }).contains("topK"));
        assert!(refused(QaOptions { max_windows: 0, ..d() }).contains("minWindows"));
        assert!(refused(QaOptions { min_windows: 9, ..d() }).contains("minWindows"));
        assert!(refused(QaOptions { rank_ratio: f64::NAN, ..d() }).contains("rankRatio"));
        assert!(refused(QaOptions { rank_ratio: 1.5, ..d() }).contains("rankRatio"));
        assert!(refused(QaOptions { max_context_chars: usize::MAX, ..d() }).contains("maxContextChars"));
        assert!(refused(QaOptions { min_score: Some(f64::NAN), ..d() }).contains("minScore"));
        assert!(refused(QaOptions { min_score: Some(f64::INFINITY), ..d() }).contains("minScore"));
        // The edges themselves are accepted.
        for ok in [
            QaOptions { top_k: MAX_TOP_K, max_answer_len: MAX_POSITIONS, ..d() },
            QaOptions { max_seq_len: 512, max_question_len: 64, doc_stride: 444, ..d() },
            QaOptions { max_windows: 1, min_windows: 1, rank_ratio: 0.0, exhaustive: true, ..d() },
        ] {
            ok.validate().unwrap();
        }
    }

    #[test]
    fn json_uses_camel_case_and_fills_defaults() {
        let o: QaOptions = serde_json::from_str(r#"{"topK":3,"docStride":64}"#).unwrap();
        assert_eq!(
            o,
            QaOptions {
                top_k: 3,
                doc_stride: 64,
                ..Default::default()
            }
        );
        assert!(serde_json::from_str::<QaOptions>(r#"{"top_k":3}"#).is_err());
    }
}
