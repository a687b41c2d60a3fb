//! One error type for every stage, with a stable `code` that the browser layer forwards to JS.

use thiserror::Error;

/// Everything that can go wrong between a bundle on disk and a ranked answer.
#[derive(Debug, Error)]
pub enum QaError {
    #[error("invalid input: {0}")]
    InvalidInput(String),
    #[error("invalid options: {0}")]
    InvalidOptions(String),
    #[error(
        "context is too long: {chars} characters, the limit is {max} (raise `max_context_chars`)"
    )]
    ContextTooLong { chars: usize, max: usize },
    #[error("tokenizer error: {0}")]
    Tokenizer(String),
    #[error("invalid model bundle: {0}")]
    InvalidBundle(String),
    #[error("integrity check failed for {file}: expected sha256 {expected}, got {actual}")]
    IntegrityMismatch {
        file: String,
        expected: String,
        actual: String,
    },
    #[error("vocabulary does not match the model: {0}")]
    VocabMismatch(String),
    /// The hub or a mirror could not give a model's files (the CLI's `hf:` source; the browser
    /// has its own fetch errors with this code).
    #[error("could not fetch the model: {0}")]
    ModelFetch(String),
    #[error("could not load model weights: {0}")]
    Weights(String),
    #[error("the export's graph differs from the model compiled into korean-qa: {0}")]
    GraphMismatch(String),
    #[error("model import failed: {0}")]
    Import(String),
    #[error("inference failed: {0}")]
    Inference(String),
    #[error("backend unavailable: {0}")]
    BackendUnavailable(String),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

impl QaError {
    /// Stable machine-readable code; JS callers switch on it, so never rename one.
    pub fn code(&self) -> &'static str {
        match self {
            QaError::InvalidInput(_) | QaError::ContextTooLong { .. } => "INVALID_INPUT",
            QaError::InvalidOptions(_) => "INVALID_OPTIONS",
            QaError::Tokenizer(_) => "TOKENIZER_ERROR",
            QaError::InvalidBundle(_) => "INVALID_BUNDLE",
            QaError::IntegrityMismatch { .. } => "INTEGRITY_MISMATCH",
            QaError::VocabMismatch(_) => "VOCAB_MISMATCH",
            QaError::ModelFetch(_) => "MODEL_FETCH_FAILED",
            QaError::Weights(_) => "WEIGHTS_INVALID",
            QaError::GraphMismatch(_) => "GRAPH_MISMATCH",
            QaError::Import(_) => "IMPORT_FAILED",
            QaError::Inference(_) => "INFERENCE_FAILED",
            QaError::BackendUnavailable(_) => "BACKEND_UNAVAILABLE",
            QaError::Io { .. } => "IO_ERROR",
        }
    }

    /// A file error with its path (the CLI and the import tool use it too).
    #[cfg(not(target_family = "wasm"))]
    pub fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        QaError::Io {
            path: path.as_ref().display().to_string(),
            source,
        }
    }
}

pub type Result<T, E = QaError> = std::result::Result<T, E>;
