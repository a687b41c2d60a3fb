//! The pipeline: tokenize → windows → reader (which windows, read with the model) → spans.

use burn::tensor::Device;

use crate::bundle::{BundleBytes, Manifest};
use crate::error::{QaError, Result};
use crate::model::QaModel;
use crate::options::QaOptions;
use crate::precision::Compute;
pub use crate::reader::{Progress, Reading, WindowReport};
use crate::spans::Answer;
use crate::tokenize::QaTokenizer;

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
        Reading::start(&self.model, &self.tokenizer, question, context, opts)
    }
}

/// Characters one WordPiece token may span in a question before the question is refused:
/// `[UNK]` covers a whole word of up to 100 characters (`max_input_chars_per_word`).
pub(crate) const MAX_CHARS_PER_TOKEN: usize = 100;

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
