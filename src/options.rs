//! Answer options: one struct, every default in one place (mirrored in the README and `.d.ts`).

use serde::{Deserialize, Serialize};

use crate::error::{QaError, Result};

/// Largest sequence the model's position embeddings allow.
pub const MAX_POSITIONS: usize = 512;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct QaOptions {
    /// Answers to return, best first.
    pub top_k: usize,
    /// Longest answer, in tokens.
    pub max_answer_len: usize,
    /// Tokens shared by consecutive windows of a long context.
    pub doc_stride: usize,
    /// Tokens per feature: `[CLS] question [SEP] window [SEP]`.
    pub max_seq_len: usize,
    /// The question is cut to this many tokens.
    pub max_question_len: usize,
    /// Answers scoring below this are dropped.
    pub min_score: Option<f64>,
    /// Longer contexts are refused rather than silently taking minutes.
    pub max_context_chars: usize,
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
            max_context_chars: 100_000,
        }
    }
}

impl QaOptions {
    pub fn validate(&self) -> Result<()> {
        let bad = |m: String| Err(QaError::InvalidOptions(m));
        if self.top_k == 0 {
            return bad("topK must be at least 1".into());
        }
        if self.max_answer_len == 0 {
            return bad("maxAnswerLen must be at least 1".into());
        }
        if self.max_question_len == 0 {
            return bad("maxQuestionLen must be at least 1".into());
        }
        if self.max_seq_len > MAX_POSITIONS {
            return bad(format!(
                "maxSeqLen {} exceeds the model's {MAX_POSITIONS} positions",
                self.max_seq_len
            ));
        }
        // The longest question must leave a window wider than the stride, or windows never advance.
        let width = self.max_seq_len.saturating_sub(self.max_question_len + 3);
        if width <= self.doc_stride {
            return bad(format!(
                "maxSeqLen {} leaves {width} context tokens after a {}-token question, which must exceed docStride {}",
                self.max_seq_len, self.max_question_len, self.doc_stride
            ));
        }
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
