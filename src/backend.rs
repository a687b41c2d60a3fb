//! The one place that maps a backend name to a burn device.

use std::fmt;
use std::str::FromStr;

use burn::tensor::Device;

use crate::error::QaError;

/// CPU backends compiled into this build. Both run the same generated model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// burn-flex: burn 0.22's pure-Rust CPU backend (SIMD, wasm SIMD128).
    #[cfg(feature = "flex")]
    Flex,
    /// burn-ndarray: deprecated in burn 0.22, kept for comparison.
    #[cfg(feature = "ndarray")]
    NdArray,
}

impl Backend {
    /// Every backend compiled in, the default first.
    pub fn all() -> &'static [Backend] {
        &[
            #[cfg(feature = "flex")]
            Backend::Flex,
            #[cfg(feature = "ndarray")]
            Backend::NdArray,
        ]
    }

    pub fn device(self) -> Device {
        match self {
            #[cfg(feature = "flex")]
            Backend::Flex => Device::flex(),
            #[cfg(feature = "ndarray")]
            #[allow(deprecated)]
            Backend::NdArray => Device::ndarray(),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            #[cfg(feature = "flex")]
            Backend::Flex => "flex",
            #[cfg(feature = "ndarray")]
            Backend::NdArray => "ndarray",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Backend {
    type Err = QaError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Backend::all()
            .iter()
            .copied()
            .find(|b| b.name() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Backend::all().iter().map(|b| b.name()).collect();
                QaError::BackendUnavailable(format!(
                    "unknown backend `{s}`; this build has {}",
                    names.join(", ")
                ))
            })
    }
}
