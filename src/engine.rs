//! The pipeline: tokenize → windows → model → spans.

use burn::tensor::Device;
use serde::Serialize;

use crate::bundle::{BundleBytes, Manifest};
use crate::error::{QaError, Result};
use crate::model::QaModel;
use crate::options::QaOptions;
use crate::precision::Compute;
use crate::reader::Plan;
use crate::spans::{self, Answer};
use crate::tokenize::QaTokenizer;
use crate::windows::{Feature, Windows};

/// A loaded model and its tokenizer; answers questions about Korean text.
pub struct QaEngine {
    tokenizer: QaTokenizer,
    model: QaModel,
    manifest: Manifest,
}

impl QaEngine {
    /// Builds the engine from a verified bundle on `device`, with the default arithmetic
    /// ([`Compute::Auto`]: int8 products for an int8 bundle on a CPU backend).
    pub fn new(bundle: BundleBytes, device: &Device) -> Result<Self> {
        Self::with_compute(bundle, device, Compute::Auto)
    }

    /// Builds the engine with the Linear layers' arithmetic chosen by `compute`; an explicit
    /// `int8` that cannot run here (not an int8 bundle, or a GPU) is `INVALID_OPTIONS`.
    pub fn with_compute(bundle: BundleBytes, device: &Device, compute: Compute) -> Result<Self> {
        let BundleBytes {
            manifest,
            weights,
            vocab,
        } = bundle;
        let tokenizer = QaTokenizer::from_vocab(&vocab)?;
        if let Some(n) = manifest.vocab_size()
            && n != tokenizer.vocab_size()
        {
            return Err(QaError::VocabMismatch(format!(
                "vocab.txt has {} entries, the model config says {n}",
                tokenizer.vocab_size()
            )));
        }
        let int8 = compute.int8(
            manifest.precision,
            crate::backend::Backend::is_cpu_device(device),
        )?;
        let model = QaModel::load(weights, device, int8)?;
        if model.vocab_size() != tokenizer.vocab_size() {
            return Err(QaError::VocabMismatch(format!(
                "vocab.txt has {} entries, the weights embed {}",
                tokenizer.vocab_size(),
                model.vocab_size()
            )));
        }
        Ok(Self {
            tokenizer,
            model,
            manifest,
        })
    }

    /// Reads, verifies and loads a bundle directory (native).
    #[cfg(not(target_family = "wasm"))]
    pub fn from_dir(dir: &std::path::Path, device: &Device) -> Result<Self> {
        Self::new(BundleBytes::read_dir(dir)?, device)
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The Linear layers' arithmetic as loaded: `"int8"` or `"fp32"`.
    pub fn compute(&self) -> &'static str {
        if self.model.int8_compute() {
            "int8"
        } else {
            "fp32"
        }
    }

    pub fn tokenizer(&self) -> &QaTokenizer {
        &self.tokenizer
    }

    pub fn model(&self) -> &QaModel {
        &self.model
    }

    /// Ranked answers; `start`/`end` are byte offsets into `context`. Reads the windows the
    /// reader picks (`reader`): all of them for short contexts or in `exhaustive` mode.
    pub async fn answer(
        &self,
        question: &str,
        context: &str,
        opts: &QaOptions,
    ) -> Result<Vec<Answer>> {
        let mut reading = self.read(question, context, opts)?;
        while reading.step().await? {}
        Ok(reading.answers())
    }

    /// Starts reading `context` for `question`: tokenizes, lays out and ranks the windows, and
    /// reads nothing yet. Drive it with [`Reading::step`]; between steps a caller may report
    /// progress, show partial answers or give up.
    pub fn read<'a>(
        &'a self,
        question: &str,
        context: &'a str,
        opts: &QaOptions,
    ) -> Result<Reading<'a>> {
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
        let q = self.tokenizer.encode(question)?;
        if q.ids.is_empty() {
            return Err(QaError::InvalidInput(
                "the question has no tokens (only control or blank characters)".into(),
            ));
        }
        let c = self.tokenizer.encode(context)?;
        if c.ids.is_empty() {
            return Err(QaError::InvalidInput(
                "the context has no tokens (only control or blank characters)".into(),
            ));
        }
        let windows = Windows::new(q.ids, c.ids, opts);
        let plan = Plan::new(&windows, opts);
        let batches = plan.batches();
        Ok(Reading {
            model: &self.model,
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
}

/// Characters one WordPiece token may span in a question before the question is refused:
/// `[UNK]` covers a whole word of up to 100 characters (`max_input_chars_per_word`).
const MAX_CHARS_PER_TOKEN: usize = 100;

/// The limits of [`QaEngine::read`] checked on lengths in UTF-16 code units, before the text is
/// copied anywhere: what a browser caller knows for free (`String.length`). A character is one or
/// two code units, so `units` proves at least `ceil(units / 2)` characters; only a length that
/// proves the limit exceeded is refused here, and `read` checks the exact count after the copy.
pub fn check_utf16_lengths(question_units: usize, context_units: usize, opts: &QaOptions) -> Result<()> {
    opts.validate()?;
    let at_least = |units: usize| units.div_ceil(2);
    let limit = opts.max_question_len.saturating_mul(MAX_CHARS_PER_TOKEN);
    if at_least(question_units) > limit {
        return Err(QaError::InvalidInput(format!(
            "the question has at least {} characters ({question_units} UTF-16 code units); at most \
             {limit} are read (maxQuestionLen {} tokens)",
            at_least(question_units),
            opts.max_question_len
        )));
    }
    if at_least(context_units) > opts.max_context_chars {
        return Err(QaError::ContextTooLong {
            chars: at_least(context_units),
            max: opts.max_context_chars,
        });
    }
    Ok(())
}

/// How far a [`Reading`] has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Windows read so far.
    pub read: usize,
    /// Windows that will be read in all.
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

/// One question's reading of one context, a batch of windows per [`step`](Reading::step).
pub struct Reading<'a> {
    model: &'a QaModel,
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

impl Reading<'_> {
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
    fn utf16_lengths_refuse_only_what_they_prove() {
        let opts = QaOptions {
            max_context_chars: 10,
            ..QaOptions::default()
        };
        // 20 units may be 10 astral characters: allowed here, counted exactly by `read`.
        assert!(check_utf16_lengths(5, 20, &opts).is_ok());
        // 21 units are at least 11 characters.
        let err = check_utf16_lengths(5, 21, &opts).unwrap_err();
        assert!(matches!(err, QaError::ContextTooLong { chars: 11, max: 10 }), "{err}");
        let q_limit = opts.max_question_len * MAX_CHARS_PER_TOKEN;
        assert!(check_utf16_lengths(2 * q_limit, 1, &opts).is_ok());
        let err = check_utf16_lengths(2 * q_limit + 1, 1, &opts).unwrap_err();
        assert!(err.to_string().contains("question"), "{err}");
        // Bad options are refused as `read` refuses them.
        let bad = QaOptions { max_context_chars: 0, ..opts };
        assert_eq!(check_utf16_lengths(1, 1, &bad).unwrap_err().code(), "INVALID_OPTIONS");
    }
}
