//! The one place that maps a backend name to a burn device.

use std::fmt;
use std::str::FromStr;

use burn::tensor::Device;

use crate::error::QaError;

/// The backends compiled into this build, each a burn device that runs the same generated model:
/// the CPU ones, and native wgpu for the GPU bench.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// burn-flex: burn 0.22's pure-Rust CPU backend (SIMD, wasm SIMD128).
    #[cfg(feature = "flex")]
    Flex,
    /// burn-ndarray: deprecated in burn 0.22, kept for comparison.
    #[cfg(feature = "ndarray")]
    NdArray,
    /// Native wgpu (Vulkan, Metal or DX12), for the GPU bench (`bench/gpu_bench.sh`); the
    /// browser's WebGPU device is made in `crates/web/src/gpu.rs` instead.
    #[cfg(feature = "wgpu")]
    Wgpu,
}

impl Backend {
    /// Every backend compiled in, the default first.
    pub fn all() -> &'static [Backend] {
        &[
            #[cfg(feature = "flex")]
            Backend::Flex,
            #[cfg(feature = "ndarray")]
            Backend::NdArray,
            #[cfg(feature = "wgpu")]
            Backend::Wgpu,
        ]
    }

    /// The CPU backends; `all` minus the GPU.
    pub fn cpu() -> Vec<Backend> {
        Backend::all()
            .iter()
            .copied()
            .filter(|b| b.name() != "wgpu")
            .collect()
    }

    /// Whether `device` is one of the CPU backends' devices; anything else is a GPU (native wgpu,
    /// or the browser's WebGPU device made in `crates/web/src/gpu.rs`).
    pub fn is_cpu_device(device: &Device) -> bool {
        Backend::cpu().iter().any(|b| b.device() == *device)
    }

    /// A device for this backend. Only wgpu can fail (no adapter, no driver).
    pub fn try_device(self) -> Result<Device, QaError> {
        match self {
            #[cfg(feature = "wgpu")]
            Backend::Wgpu => Device::wgpu_options()
                .init()
                .map_err(|e| QaError::BackendUnavailable(format!("wgpu: {e:?}"))),
            #[allow(unreachable_patterns)]
            _ => Ok(self.device()),
        }
    }

    /// A CPU device; for wgpu use [`Backend::try_device`].
    pub fn device(self) -> Device {
        match self {
            #[cfg(feature = "wgpu")]
            Backend::Wgpu => self
                .try_device()
                .unwrap_or_else(|e| panic!("{e}; use Backend::try_device")),
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
            #[cfg(feature = "wgpu")]
            Backend::Wgpu => "wgpu",
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
