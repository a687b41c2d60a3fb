//! Stage 2b, between `windows` and `model`: which windows to read, in what order, and when to stop.
//!
//! A whole web page is tens of windows, and reading every one costs a forward each. Most of them
//! cannot hold the answer: ranked by BM25 of the question's WordPiece ids against each window's
//! ids, the window holding a KorQuAD dev answer is the top window about 90 % of the time and in
//! the top 8 over 99 % of the time (docs/benchmarks.md, the page bench). So the reader ranks the
//! windows and reads the best first in small batches (the first batch is one window, for a quick
//! first answer). It stops by a budget plus a margin rule: it reads at least `min_windows` (4)
//! and at most `max_windows` (6), and past the first four only windows whose BM25 score is at
//! least `rank_ratio` (half) of the best window's. On KorQuAD dev questions asked against whole
//! articles this reads 4.0 windows on average and keeps 99.22 % of gold answers in a read window
//! (top 4 alone: 98.86 %; a budget of 8: 99.36 %, for a third more time on the hardest pages). A context of at most `min_windows` windows is read
//! whole, so its answers are exactly those of `exhaustive` mode.
//!
//! Scores stay comparable across windows: each window's spans are scored by that window's own
//! softmax, exactly as when every window is read; the reader only leaves windows out.

use std::future::Future;
use std::ops::Range;

use serde::Serialize;

use crate::engine::MAX_CHARS_PER_TOKEN;
use crate::error::{QaError, Result};
use crate::model::{Logits, QaModel};
use crate::options::QaOptions;
use crate::spans::{self, Answer};
use crate::tokenize::QaTokenizer;
use crate::windows::{Feature, Windows};

/// BM25's term-frequency saturation and length normalisation (the usual Okapi constants).
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// BM25 score of each document (a window's token ids) against the question's distinct ids.
///
/// Document frequencies are counted over the windows of this one context: a page is its own
/// corpus, so ids that appear everywhere on the page (particles, the topic's name) weigh little.
pub fn bm25(question: &[u32], docs: &[&[u32]]) -> Vec<f64> {
    let mut terms = question.to_vec();
    terms.sort_unstable();
    terms.dedup();
    if docs.is_empty() || terms.is_empty() {
        return vec![0.0; docs.len()];
    }
    let tf: Vec<Vec<u32>> = docs
        .iter()
        .map(|d| {
            let mut c = vec![0u32; terms.len()];
            for t in d.iter() {
                if let Ok(i) = terms.binary_search(t) {
                    c[i] += 1;
                }
            }
            c
        })
        .collect();
    let n = docs.len() as f64;
    let idf: Vec<f64> = (0..terms.len())
        .map(|i| {
            let df = tf.iter().filter(|c| c[i] > 0).count() as f64;
            ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
        })
        .collect();
    let avg = docs.iter().map(|d| d.len()).sum::<usize>() as f64 / n;
    docs.iter()
        .zip(&tf)
        .map(|(d, c)| {
            let norm = K1 * (1.0 - B + B * d.len() as f64 / avg.max(1.0));
            c.iter()
                .zip(&idf)
                .filter(|(f, _)| **f > 0)
                .map(|(&f, w)| w * f64::from(f) * (K1 + 1.0) / (f64::from(f) + norm))
                .sum()
        })
        .collect()
}

/// The reading order of one question's windows and how many of them are read.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Window indices, best-ranked first (ties: the earlier window first).
    pub order: Vec<usize>,
    /// Each window's BM25 score, by window index.
    pub scores: Vec<f64>,
    /// How many windows of `order` are read: all of them in `exhaustive` mode; else at least
    /// `min_windows` and at most `max_windows`, with every one past `min_windows` scoring at least
    /// `rank_ratio` of the best.
    pub read: usize,
}

impl Plan {
    pub fn new(windows: &Windows, opts: &QaOptions) -> Self {
        let docs: Vec<&[u32]> = (0..windows.len()).map(|i| windows.tokens(i)).collect();
        let scores = bm25(windows.question(), &docs);
        let mut order: Vec<usize> = (0..windows.len()).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        let read = if opts.exhaustive {
            order.len()
        } else {
            let best = order.first().map_or(0.0, |&w| scores[w]);
            let wanted = order
                .iter()
                .enumerate()
                .take(opts.max_windows)
                .take_while(|&(rank, &w)| {
                    rank < opts.min_windows || scores[w] >= opts.rank_ratio * best
                })
                .count();
            wanted.min(order.len())
        };
        Plan {
            order,
            scores,
            read,
        }
    }

    /// Batches of positions in `order`: one window first (the quickest first answer), then 3,
    /// then 4, then 8 at a time (the default budget of 6 reads 1, 3, 2). Small batches keep progress, partial answers and abort
    /// responsive; the CPU gains little from larger ones.
    pub fn batches(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut at = 0;
        for size in [1, 3, 4].into_iter().chain(std::iter::repeat(8)) {
            if at >= self.read {
                break;
            }
            let end = (at + size).min(self.read);
            out.push(at..end);
            at = end;
        }
        out
    }
}

/// How far a [`Reading`] has got (in TypeScript, `AnswerProgress`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(rename = "AnswerProgress"))]
pub struct Progress {
    /// Windows read so far.
    pub read: usize,
    /// Windows that will be read in all (at most `maxWindows` unless `exhaustive`).
    pub total: usize,
    /// Windows in the context.
    pub windows: usize,
}

/// One window of the context, for `--explain`: where it lies and how the reader ranked it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowReport {
    /// Byte offsets of the window's text in the context.
    pub start: usize,
    pub end: usize,
    /// BM25 score against the question, and the rank it gave (0 = read first).
    pub score: f64,
    pub rank: usize,
    /// Whether the reader reads it.
    pub read: bool,
}

/// What reads a batch of windows: the model, or a stand-in for it in the tests (tests/harness
/// drives the real [`Reading`] with random logits through it).
pub trait Forward {
    /// Start and end logits of every feature, one row of `seq` values each.
    fn logits(&self, features: &[Feature]) -> impl Future<Output = Result<Logits>>;
}

impl Forward for QaModel {
    fn logits(&self, features: &[Feature]) -> impl Future<Output = Result<Logits>> {
        QaModel::logits(self, features)
    }
}

/// One question's reading of one context, a batch of windows per [`step`](Reading::step).
pub struct Reading<'a, M: Forward = QaModel> {
    model: &'a M,
    context: &'a str,
    offsets: Vec<(usize, usize)>,
    opts: QaOptions,
    windows: Windows,
    plan: Plan,
    batches: Vec<std::ops::Range<usize>>,
    next: usize,
    /// The windows read so far, with their start and end logits.
    read: Vec<(Feature, Vec<f32>, Vec<f32>)>,
}

impl<'a, M: Forward> Reading<'a, M> {
    /// Refuses what cannot be read (bad options, an empty question or context, one over its
    /// limits, one with no tokens), then tokenizes, lays out and ranks the windows; reads nothing.
    pub fn start(
        model: &'a M,
        tokenizer: &QaTokenizer,
        question: &str,
        context: &'a str,
        opts: &QaOptions,
    ) -> Result<Self> {
        opts.validate()?;
        if question.trim().is_empty() {
            return Err(QaError::InvalidInput("the question is empty".into()));
        }
        if context.trim().is_empty() {
            return Err(QaError::InvalidInput("the context is empty".into()));
        }
        // Checked before tokenizing: the question is cut to `max_question_len` tokens anyway,
        // and a token is at least one character, so a question this long is a mistake.
        let limit = opts.max_question_len.saturating_mul(MAX_CHARS_PER_TOKEN);
        let q_chars = question.chars().count();
        if q_chars > limit {
            return Err(QaError::InvalidInput(format!(
                "the question has {q_chars} characters; at most {limit} are read \
                 (maxQuestionLen {} tokens)",
                opts.max_question_len
            )));
        }
        let chars = context.chars().count();
        if chars > opts.max_context_chars {
            return Err(QaError::ContextTooLong {
                chars,
                max: opts.max_context_chars,
            });
        }
        let q = tokenizer.encode(question)?;
        if q.ids.is_empty() {
            return Err(QaError::InvalidInput(
                "the question has no tokens (only control or blank characters)".into(),
            ));
        }
        let c = tokenizer.encode(context)?;
        if c.ids.is_empty() {
            return Err(QaError::InvalidInput(
                "the context has no tokens (only control or blank characters)".into(),
            ));
        }
        let windows = Windows::new(q.ids, c.ids, opts);
        let plan = Plan::new(&windows, opts);
        let batches = plan.batches();
        Ok(Reading {
            model,
            context,
            offsets: c.offsets,
            opts: opts.clone(),
            windows,
            plan,
            batches,
            next: 0,
            read: Vec::new(),
        })
    }

    /// Reads the next batch of windows; `Ok(false)` once every planned window has been read.
    pub async fn step(&mut self) -> Result<bool> {
        let Some(batch) = self.batches.get(self.next).cloned() else {
            return Ok(false);
        };
        let features: Vec<Feature> = self.plan.order[batch]
            .iter()
            .map(|&w| self.windows.feature(w))
            .collect();
        let logits = self.model.logits(&features).await?;
        let seq = logits.seq;
        for (i, f) in features.into_iter().enumerate() {
            let row = i * seq..i * seq + f.input_ids.len();
            let (s, e) = (logits.start[row.clone()].to_vec(), logits.end[row].to_vec());
            self.read.push((f, s, e));
        }
        // Decode in the context's order, whatever order the windows were read in, so that the
        // answers never depend on the ranking when the same windows are read.
        self.read.sort_by_key(|(f, _, _)| f.ctx_start);
        self.next += 1;
        Ok(self.next < self.batches.len())
    }

    pub fn is_done(&self) -> bool {
        self.next >= self.batches.len()
    }

    pub fn progress(&self) -> Progress {
        Progress {
            read: self.read.len(),
            total: self.plan.read,
            windows: self.windows.len(),
        }
    }

    /// The best answers over the windows read so far (byte offsets into the context).
    pub fn answers(&self) -> Vec<Answer> {
        let rows: Vec<spans::Row> = self
            .read
            .iter()
            .map(|(f, s, e)| (f, s.as_slice(), e.as_slice()))
            .collect();
        spans::decode_rows(self.context, &self.offsets, &rows, &self.opts)
    }

    /// Every window of the context in the reader's order; `read` marks the ones the plan reads
    /// (all of them have been read once [`step`](Reading::step) has returned `false`).
    pub fn explain(&self) -> Vec<WindowReport> {
        self.plan
            .order
            .iter()
            .enumerate()
            .map(|(rank, &w)| {
                let first = self.windows.starts[w];
                let last = first + self.windows.tokens(w).len() - 1;
                WindowReport {
                    start: self.offsets[first].0,
                    end: self.offsets[last].1,
                    score: self.plan.scores[w],
                    rank,
                    read: rank < self.plan.read,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bm25_prefers_rare_question_terms_and_saturates_repeats() {
        // Term 7 is everywhere, term 9 only in doc 2: doc 2 must win.
        let docs: [&[u32]; 3] = [&[7, 1, 2, 3], &[7, 7, 7, 4], &[7, 9, 5, 6]];
        let s = bm25(&[7, 9], &docs);
        assert!(s[2] > s[0] && s[2] > s[1], "{s:?}");
        // Repeating a term helps, but less than linearly.
        let docs: [&[u32]; 3] = [&[9, 0, 0, 0], &[9, 9, 9, 9], &[0, 0, 0, 0]];
        let s = bm25(&[9], &docs);
        assert!(s[1] > s[0] && s[1] < 4.0 * s[0], "{s:?}");
        assert_eq!(s[2], 0.0);
        // A repeated question term counts once.
        assert_eq!(bm25(&[9, 9], &docs), bm25(&[9], &docs));
    }

    #[test]
    fn bm25_normalises_by_window_length() {
        let docs: [&[u32]; 2] = [&[9, 0], &[9, 0, 0, 0, 0, 0, 0, 0]];
        let s = bm25(&[9], &docs);
        assert!(s[0] > s[1], "a short window with the term ranks above a long one: {s:?}");
    }

    fn windows(n_ctx: usize, opts: &QaOptions) -> Windows {
        // The question is term 99; it appears in context tokens 100 and 101 only.
        let ctx: Vec<u32> = (0..n_ctx as u32)
            .map(|i| if i == 100 || i == 101 { 99 } else { 1000 + i })
            .collect();
        Windows::new(vec![99], ctx, opts)
    }

    fn small() -> QaOptions {
        QaOptions {
            max_seq_len: 24,
            max_question_len: 1,
            doc_stride: 4,
            ..Default::default()
        }
    }

    #[test]
    fn the_plan_reads_the_best_windows_first_within_the_budget() {
        let opts = small(); // width 20, step 16
        let w = windows(200, &opts);
        assert_eq!(w.len(), 13);
        let plan = Plan::new(&w, &opts);
        // Window 6 (tokens 96..116) holds both occurrences; no other window holds one.
        assert_eq!(plan.order[0], 6);
        assert!(plan.scores[6] > 0.0);
        assert!(plan.order[1..].iter().all(|&i| plan.scores[i] == 0.0));
        // Ties keep the windows' order.
        assert_eq!(plan.order[1..4], [0, 1, 2]);
        // Past the first four, the margin rule stops at windows scoring under half the best.
        assert_eq!(plan.read, 4);
        assert_eq!(plan.batches(), vec![0..1, 1..4]);
        let budget = QaOptions {
            rank_ratio: 0.0,
            ..small()
        };
        let plan = Plan::new(&w, &budget);
        assert_eq!(plan.read, 6);
        assert_eq!(plan.batches(), vec![0..1, 1..4, 4..6]);
        let wider = QaOptions {
            rank_ratio: 0.0,
            max_windows: 12,
            ..small()
        };
        let plan = Plan::new(&w, &wider);
        assert_eq!(plan.read, 12);
        assert_eq!(plan.batches(), vec![0..1, 1..4, 4..8, 8..12]);
    }

    #[test]
    fn windows_that_rank_close_to_the_best_are_read_up_to_the_budget() {
        let opts = small();
        // The question's term every 10 tokens: every window scores about the same.
        let ctx: Vec<u32> = (0..200u32).map(|i| if i % 10 == 0 { 99 } else { 1000 + i }).collect();
        let w = Windows::new(vec![99], ctx, &opts);
        let plan = Plan::new(&w, &opts);
        assert_eq!(plan.read, 6);
        assert_eq!(plan.batches(), vec![0..1, 1..4, 4..6]);
    }

    #[test]
    fn small_contexts_and_exhaustive_mode_read_everything() {
        let opts = small();
        let w = windows(60, &opts); // 4 windows: no more than min_windows
        let plan = Plan::new(&w, &opts);
        assert_eq!((w.len(), plan.read), (4, 4));
        let all = QaOptions {
            exhaustive: true,
            ..small()
        };
        let w = windows(400, &all);
        let plan = Plan::new(&w, &all);
        assert_eq!(plan.read, w.len());
        let b = plan.batches();
        assert_eq!(b.first(), Some(&(0..1)));
        assert_eq!(b.last().map(|r| r.end), Some(w.len()));
        assert!(b.windows(2).all(|p| p[0].end == p[1].start));
        let one = QaOptions {
            max_windows: 1,
            min_windows: 1,
            ..small()
        };
        assert_eq!(Plan::new(&windows(400, &one), &one).batches(), vec![0..1]);
    }
}
