//! The pipeline: tokenize → windows → model → spans.

use burn::tensor::Device;

use crate::bundle::{BundleBytes, Manifest};
use crate::error::{QaError, Result};
use crate::model::QaModel;
use crate::options::QaOptions;
use crate::spans::{self, Answer};
use crate::tokenize::QaTokenizer;
use crate::windows;

/// A loaded model and its tokenizer; answers questions about Korean text.
pub struct QaEngine {
    tokenizer: QaTokenizer,
    model: QaModel,
    manifest: Manifest,
}

impl QaEngine {
    /// Builds the engine from a verified bundle on `device`.
    pub fn new(bundle: BundleBytes, device: &Device) -> Result<Self> {
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
        let model = QaModel::from_weights(weights, device)?;
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

    pub fn tokenizer(&self) -> &QaTokenizer {
        &self.tokenizer
    }

    pub fn model(&self) -> &QaModel {
        &self.model
    }

    /// Ranked answers; `start`/`end` are byte offsets into `context`.
    pub async fn answer(
        &self,
        question: &str,
        context: &str,
        opts: &QaOptions,
    ) -> Result<Vec<Answer>> {
        opts.validate()?;
        if question.trim().is_empty() {
            return Err(QaError::InvalidInput("the question is empty".into()));
        }
        if context.trim().is_empty() {
            return Err(QaError::InvalidInput("the context is empty".into()));
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
        let features = windows::features(&q.ids, &c.ids, opts);
        let logits = self.model.logits(&features).await?;
        Ok(spans::decode(
            context,
            &c.offsets,
            &features,
            &logits.start,
            &logits.end,
            logits.seq,
            opts,
        ))
    }
}
