//! Stage 2: question + context tokens → model features, one per window of the context.
//!
//! Windows are placed as the transformers question-answering pipeline places them (the
//! tokenizer's overflow with `stride`): they start at 0 and advance by `width − doc_stride`
//! tokens, and the last one holds what remains, shorter than the others. Users who port from
//! Python compare our answers with the pipeline's, and a different last window changes that
//! window's softmax and so its scores.

use crate::options::QaOptions;
use crate::tokenize::{CLS, SEP};

/// `[CLS] question [SEP] window [SEP]`, with where the window sits in the context.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub input_ids: Vec<u32>,
    pub token_type_ids: Vec<u32>,
    /// Position of the window's first token inside `input_ids`.
    pub ctx_begin: usize,
    /// Index of that token in the context's token list.
    pub ctx_start: usize,
    pub ctx_len: usize,
}

/// Window starts: `0, step, 2·step, …` (step = `width − stride`) until a window reaches the
/// context's end. `width` must exceed `stride` (`QaOptions::validate` ensures it).
pub fn window_starts(n: usize, width: usize, stride: usize) -> Vec<usize> {
    let step = width.saturating_sub(stride).max(1);
    let mut starts = vec![0];
    while let Some(&last) = starts.last()
        && last + width < n
    {
        starts.push(last + step);
    }
    starts
}

/// Where every window of one question's context lies; features are built on demand, so a
/// reader that reads a few windows of a long page never materialises the others.
#[derive(Debug, Clone)]
pub struct Windows {
    question: Vec<u32>,
    context: Vec<u32>,
    /// Context tokens per window (the last one may hold fewer).
    pub width: usize,
    /// Each window's first context token.
    pub starts: Vec<usize>,
}

impl Windows {
    /// Lays out the windows; `opts` must have passed `validate`.
    pub fn new(mut question: Vec<u32>, context: Vec<u32>, opts: &QaOptions) -> Self {
        question.truncate(opts.max_question_len);
        let width = opts.max_seq_len - question.len() - 3;
        let starts = window_starts(context.len(), width, opts.doc_stride);
        Self {
            question,
            context,
            width,
            starts,
        }
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The question as the model sees it (cut to `max_question_len`).
    pub fn question(&self) -> &[u32] {
        &self.question
    }

    /// The context token ids of window `i`.
    pub fn tokens(&self, i: usize) -> &[u32] {
        let start = self.starts[i];
        &self.context[start..(start + self.width).min(self.context.len())]
    }

    /// The model input of window `i`.
    pub fn feature(&self, i: usize) -> Feature {
        let q = &self.question;
        let win = self.tokens(i);
        let mut input_ids = Vec::with_capacity(q.len() + win.len() + 3);
        input_ids.push(CLS);
        input_ids.extend_from_slice(q);
        input_ids.push(SEP);
        input_ids.extend_from_slice(win);
        input_ids.push(SEP);
        let mut token_type_ids = vec![0; q.len() + 2];
        token_type_ids.resize(input_ids.len(), 1);
        Feature {
            input_ids,
            token_type_ids,
            ctx_begin: q.len() + 2,
            ctx_start: self.starts[i],
            ctx_len: win.len(),
        }
    }
}

/// Builds every feature for one question; `opts` must have passed `validate`. For unit tests;
/// the engine builds them a batch at a time (`Windows::feature`).
#[cfg(test)]
pub(crate) fn features(question: &[u32], context: &[u32], opts: &QaOptions) -> Vec<Feature> {
    let w = Windows::new(question.to_vec(), context.to_vec(), opts);
    (0..w.len()).map(|i| w.feature(i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_advance_by_the_step_and_the_last_window_holds_the_rest() {
        assert_eq!(window_starts(5, 10, 3), vec![0]);
        assert_eq!(window_starts(10, 10, 3), vec![0]);
        assert_eq!(window_starts(11, 10, 3), vec![0, 7]);
        assert_eq!(window_starts(17, 10, 3), vec![0, 7]);
        assert_eq!(window_starts(18, 10, 3), vec![0, 7, 14]);
        assert_eq!(window_starts(24, 10, 3), vec![0, 7, 14]);
        assert_eq!(window_starts(25, 10, 3), vec![0, 7, 14, 21]);
    }

    #[test]
    fn every_token_is_in_a_window_and_only_the_last_is_short() {
        for n in 1..60 {
            let s = window_starts(n, 10, 4);
            assert_eq!(s[0], 0);
            assert!(s.windows(2).all(|p| p[1] - p[0] == 6), "{n}: {s:?}");
            let last = *s.last().unwrap();
            assert!(last + 10 >= n, "{n}: the last window reaches the end");
            assert!(s.len() == 1 || s[s.len() - 2] + 10 < n, "{n}: no window after the end is reached");
        }
    }

    #[test]
    fn features_have_the_documented_layout() {
        let opts = QaOptions {
            max_seq_len: 12,
            max_question_len: 2,
            doc_stride: 2,
            ..Default::default()
        };
        let f = features(&[10, 11, 12], &[20, 21, 22, 23, 24, 25, 26, 27, 28], &opts);
        // width = 12 - 2 - 3 = 7, step 5: starts 0 and 5, the second window 4 tokens long
        assert_eq!(f.len(), 2);
        assert_eq!(
            f[0].input_ids,
            vec![CLS, 10, 11, SEP, 20, 21, 22, 23, 24, 25, 26, SEP]
        );
        assert_eq!(
            f[0].token_type_ids,
            vec![0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]
        );
        assert_eq!((f[0].ctx_begin, f[0].ctx_start, f[0].ctx_len), (4, 0, 7));
        assert_eq!(f[1].input_ids, vec![CLS, 10, 11, SEP, 25, 26, 27, 28, SEP]);
        assert_eq!((f[1].ctx_start, f[1].ctx_len), (5, 4));
    }
}
