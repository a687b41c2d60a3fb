//! Korean extractive question answering with KoELECTRA (KorQuAD) on burn.
//!
//! The core is plain Rust and runs natively: [`tokenize`] → [`windows`] → [`reader`] → [`model`]
//! → [`spans`], tied together by [`QaEngine`]. Model files come as a [`bundle`]. The browser
//! package (`crates/web`) and the command line (`crates/cli`) wrap exactly this code; the ONNX
//! import that regenerates [`model`]'s source lives in `crates/import`.

pub mod backend;
pub mod bundle;
pub mod checkpoint;
pub mod choice;
pub mod engine;
pub mod error;
pub mod hub;
pub mod korquad;
pub mod model;
pub mod offsets;
pub mod options;
pub mod precision;
pub mod reader;
pub mod spans;
pub mod tokenize;
pub mod windows;

pub use backend::Backend;
pub use bundle::{BundleBytes, Manifest};
pub use engine::{Progress, QaEngine, Reading, WindowReport};
pub use error::{QaError, Result};
pub use options::QaOptions;
pub use spans::Answer;
