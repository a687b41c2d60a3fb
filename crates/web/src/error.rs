//! Browser-side errors, and the one mapping of every error to a JS `Error` with a `code`.

use js_sys::Reflect;
use thiserror::Error;
use wasm_bindgen::JsValue;

use korean_qa::error::{ErrorCode, QaError};

#[derive(Debug, Error)]
pub enum WebError {
    #[error(transparent)]
    Core(#[from] QaError),
    #[error("could not fetch {url}: {reason}")]
    Fetch { url: String, reason: String },
    #[error("the load was aborted")]
    Aborted,
    #[error("the answer was aborted")]
    AnswerAborted,
    #[error("backend unavailable: {0}")]
    Backend(String),
    #[error("this engine was disposed; load a new one")]
    Disposed,
    #[error("{0}")]
    InvalidInput(String),
}

impl WebError {
    pub fn code(&self) -> ErrorCode {
        match self {
            WebError::Core(e) => e.error_code(),
            WebError::Fetch { .. } => ErrorCode::ModelFetchFailed,
            WebError::Aborted | WebError::AnswerAborted => ErrorCode::Aborted,
            WebError::Backend(_) => ErrorCode::BackendUnavailable,
            WebError::Disposed => ErrorCode::Disposed,
            WebError::InvalidInput(_) => ErrorCode::InvalidInput,
        }
    }

    /// A fetch/stream/IndexedDB rejection: an `AbortError` means the caller's signal fired.
    pub fn from_js(url: &str, err: JsValue) -> Self {
        let name = Reflect::get(&err, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if name == "AbortError" {
            return WebError::Aborted;
        }
        WebError::Fetch {
            url: url.to_string(),
            reason: describe(&err),
        }
    }
}

/// Readable text of any thrown JS value.
pub fn describe(err: &JsValue) -> String {
    if let Some(s) = err.as_string() {
        return s;
    }
    let msg = Reflect::get(err, &"message".into())
        .ok()
        .and_then(|m| m.as_string());
    let name = Reflect::get(err, &"name".into())
        .ok()
        .and_then(|m| m.as_string());
    match (name, msg) {
        (Some(n), Some(m)) => format!("{n}: {m}"),
        (None, Some(m)) => m,
        _ => format!("{err:?}"),
    }
}

impl From<WebError> for JsValue {
    fn from(e: WebError) -> JsValue {
        let err = js_sys::Error::new(&e.to_string());
        // Setting a property on a fresh Error cannot fail.
        let _ = Reflect::set(&err, &"code".into(), &e.code().as_str().into());
        err.into()
    }
}
