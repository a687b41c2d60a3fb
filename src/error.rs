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

/// Every code an error can carry, as JS callers and the CLI's JSON see it: the one list, from
/// which the browser package's `ErrorCode` type is generated (feature `typescript`). Callers
/// switch on these, so never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    ModelFetchFailed,
    IntegrityMismatch,
    InvalidInput,
    InvalidOptions,
    TokenizerError,
    InvalidBundle,
    GraphMismatch,
    VocabMismatch,
    WeightsInvalid,
    BackendUnavailable,
    /// The browser's: the caller's `signal` fired.
    Aborted,
    /// The browser's: the engine was disposed, or broke after a trap.
    Disposed,
    InferenceFailed,
    /// The browser's JS layer: the wasm module trapped (a Rust panic), or its Worker died.
    InternalError,
    /// Native only: the ONNX import (crates/import, the CLI).
    #[serde(skip)]
    ImportFailed,
    /// Native only: a file read or write.
    #[serde(skip)]
    IoError,
}

impl ErrorCode {
    /// The code as a string, e.g. `"INVALID_INPUT"` (serde's name of the variant; a unit test holds
    /// them equal).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::ModelFetchFailed => "MODEL_FETCH_FAILED",
            ErrorCode::IntegrityMismatch => "INTEGRITY_MISMATCH",
            ErrorCode::InvalidInput => "INVALID_INPUT",
            ErrorCode::InvalidOptions => "INVALID_OPTIONS",
            ErrorCode::TokenizerError => "TOKENIZER_ERROR",
            ErrorCode::InvalidBundle => "INVALID_BUNDLE",
            ErrorCode::GraphMismatch => "GRAPH_MISMATCH",
            ErrorCode::VocabMismatch => "VOCAB_MISMATCH",
            ErrorCode::WeightsInvalid => "WEIGHTS_INVALID",
            ErrorCode::BackendUnavailable => "BACKEND_UNAVAILABLE",
            ErrorCode::Aborted => "ABORTED",
            ErrorCode::Disposed => "DISPOSED",
            ErrorCode::InferenceFailed => "INFERENCE_FAILED",
            ErrorCode::InternalError => "INTERNAL_ERROR",
            ErrorCode::ImportFailed => "IMPORT_FAILED",
            ErrorCode::IoError => "IO_ERROR",
        }
    }
}

impl QaError {
    /// The error's [`ErrorCode`].
    pub fn error_code(&self) -> ErrorCode {
        match self {
            QaError::InvalidInput(_) | QaError::ContextTooLong { .. } => ErrorCode::InvalidInput,
            QaError::InvalidOptions(_) => ErrorCode::InvalidOptions,
            QaError::Tokenizer(_) => ErrorCode::TokenizerError,
            QaError::InvalidBundle(_) => ErrorCode::InvalidBundle,
            QaError::IntegrityMismatch { .. } => ErrorCode::IntegrityMismatch,
            QaError::VocabMismatch(_) => ErrorCode::VocabMismatch,
            QaError::ModelFetch(_) => ErrorCode::ModelFetchFailed,
            QaError::Weights(_) => ErrorCode::WeightsInvalid,
            QaError::GraphMismatch(_) => ErrorCode::GraphMismatch,
            QaError::Import(_) => ErrorCode::ImportFailed,
            QaError::Inference(_) => ErrorCode::InferenceFailed,
            QaError::BackendUnavailable(_) => ErrorCode::BackendUnavailable,
            QaError::Io { .. } => ErrorCode::IoError,
        }
    }

    /// Stable machine-readable code, e.g. `"INVALID_INPUT"`; JS callers switch on it.
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
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

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn each_code_is_its_serde_name_and_the_native_ones_are_not_serialized() {
        use ErrorCode::*;
        let all = [
            ModelFetchFailed, IntegrityMismatch, InvalidInput, InvalidOptions, TokenizerError,
            InvalidBundle, GraphMismatch, VocabMismatch, WeightsInvalid, BackendUnavailable,
            Aborted, Disposed, InferenceFailed, InternalError, ImportFailed, IoError,
        ];
        for code in all {
            match serde_json::to_value(code) {
                Ok(v) => assert_eq!(v, code.as_str(), "{code:?}"),
                // What the browser's typings leave out: only the native codes.
                Err(_) => assert!(matches!(code, ImportFailed | IoError), "{code:?}"),
            }
        }
    }
}
