//! Stage 2: question + context tokens → model features, one per window of the context.

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

/// Window starts: stride-overlapping windows, the last one ending at the context's end.
pub fn window_starts(n: usize, width: usize, stride: usize) -> Vec<usize> {
    if n <= width {
        return vec![0];
    }
    let step = width - stride;
    let mut starts: Vec<usize> = (0..)
        .map(|i| i * step)
        .take_while(|&s| s + width < n)
        .collect();
    if starts.last() != Some(&(n - width)) {
        starts.push(n - width);
    }
    starts
}

/// Builds every feature for one question; `opts` must have passed `validate`.
pub fn features(question: &[u32], context: &[u32], opts: &QaOptions) -> Vec<Feature> {
    let q = &question[..question.len().min(opts.max_question_len)];
    let width = opts.max_seq_len - q.len() - 3;
    window_starts(context.len(), width, opts.doc_stride)
        .into_iter()
        .map(|start| {
            let win = &context[start..(start + width).min(context.len())];
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
                ctx_start: start,
                ctx_len: win.len(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_overlap_by_stride_and_end_at_the_end() {
        assert_eq!(window_starts(5, 10, 3), vec![0]);
        assert_eq!(window_starts(10, 10, 3), vec![0]);
        assert_eq!(window_starts(11, 10, 3), vec![0, 1]);
        assert_eq!(window_starts(24, 10, 3), vec![0, 7, 14]);
        assert_eq!(window_starts(25, 10, 3), vec![0, 7, 14, 15]);
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
        // width = 12 - 2 - 3 = 7; starts 0 and 2
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
        assert_eq!(f[1].input_ids[4..11], [22, 23, 24, 25, 26, 27, 28]);
        assert_eq!((f[1].ctx_start, f[1].ctx_len), (2, 7));
    }
}
