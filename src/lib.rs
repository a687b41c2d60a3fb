//! Korean extractive question answering with KoELECTRA (KorQuAD) on burn.
//!
//! The core is plain Rust and runs natively: [`tokenize`] → [`windows`] → [`reader`] → [`model`]
//! → [`spans`], tied together by [`QaEngine`]. Model files come as a [`bundle`]. The browser
//! package wraps exactly this code.

pub mod backend;
pub mod bundle;
pub mod choice;
pub mod engine;
pub mod error;
#[cfg(feature = "cli")]
pub mod import;
pub mod korquad;
pub mod model;
pub mod offsets;
pub mod options;
pub mod precision;
pub mod reader;
pub mod spans;
pub mod tokenize;
#[cfg(all(feature = "web-cpu", target_family = "wasm"))]
pub mod web;
pub mod windows;

pub use backend::Backend;
pub use bundle::{BundleBytes, Manifest};
pub use engine::{Progress, QaEngine, Reading, WindowReport};
pub use error::{QaError, Result};
pub use options::QaOptions;
pub use spans::Answer;
