//! Weight precision of a bundle: fp32 as imported, fp16, or int8 with one scale per output channel,
//! and the arithmetic it runs with ([`Compute`]). What the bundler writes ([`convert`], [`pack`]:
//! `writer`) and what the loader reads ([`load`], [`widen`]: `reader`) live apart, as burn-store's
//! burnpack splits its reader and writer; the format they share is here.
//!
//! Tensors are widened to fp32 one at a time as the model takes them ([`load`]), so the bundle's
//! bytes, a widened copy of every tensor and the model are never alive at once. With int8 compute
//! (an int8 bundle on a CPU backend, docs/int8.md) the Linear weights stay int8 instead.

use burn_store::burn_pack::{Reader, Tensor as PackTensor};
use serde::{Deserialize, Serialize};

use crate::error::{QaError, Result};

mod reader;
mod writer;

pub use reader::{Loaded, fp32_tensors, load, widen};
pub use writer::{convert, pack};

/// Weights precision of a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    #[default]
    Fp32,
    Fp16,
    Int8,
}

impl Precision {
    pub fn name(self) -> &'static str {
        match self {
            Precision::Fp32 => "fp32",
            Precision::Fp16 => "fp16",
            Precision::Int8 => "int8",
        }
    }

    /// The weights file name a bundle of this precision uses.
    pub fn weights_file(self) -> &'static str {
        match self {
            Precision::Fp32 => "model.bpk",
            Precision::Fp16 => "model.fp16.bpk",
            Precision::Int8 => "model.int8.bpk",
        }
    }
}

impl std::str::FromStr for Precision {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "fp32" => Ok(Precision::Fp32),
            "fp16" => Ok(Precision::Fp16),
            "int8" => Ok(Precision::Int8),
            _ => Err(format!("precision must be fp32, fp16 or int8, got `{s}`")),
        }
    }
}

/// The arithmetic of the Linear layers: `auto` is int8 for an int8 bundle on a CPU backend and
/// fp32 otherwise; `fp32` widens every bundle; `int8` asks for int8 compute and is refused where it
/// cannot run (a bundle that is not int8, or WebGPU).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Compute {
    #[default]
    Auto,
    Fp32,
    Int8,
}

impl Compute {
    pub fn name(self) -> &'static str {
        match self {
            Compute::Auto => "auto",
            Compute::Fp32 => "fp32",
            Compute::Int8 => "int8",
        }
    }

    /// Whether the Linear layers run int8 for weights of `precision` on a CPU backend (`cpu`)
    /// or not; an explicit `int8` that cannot run is an [`QaError::InvalidOptions`].
    pub fn int8(self, precision: Precision, cpu: bool) -> Result<bool> {
        match self {
            Compute::Fp32 => Ok(false),
            Compute::Auto => Ok(precision == Precision::Int8 && cpu),
            Compute::Int8 if precision != Precision::Int8 => Err(QaError::InvalidOptions(format!(
                "compute int8 needs an int8 bundle; this one is {}",
                precision.name()
            ))),
            Compute::Int8 if !cpu => Err(QaError::InvalidOptions(
                "compute int8 runs on the CPU backend only; WebGPU computes in fp32".into(),
            )),
            Compute::Int8 => Ok(true),
        }
    }
}

impl std::str::FromStr for Compute {
    type Err = QaError;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "auto" => Ok(Compute::Auto),
            "fp32" => Ok(Compute::Fp32),
            "int8" => Ok(Compute::Int8),
            _ => Err(QaError::InvalidOptions(format!(
                "compute must be 'auto', 'fp32' or 'int8', got {s:?}"
            ))),
        }
    }
}

/// An int8 tensor's scales sit beside it under this suffix, shaped to broadcast over it:
/// `[rows, 1]` for a lookup table (one scale per row), `[1, cols]` for a Linear weight
/// (`[in, out]` in burn, one scale per output column).
pub const SCALE_SUFFIX: &str = ".qscale";

pub(crate) fn invalid(e: impl std::fmt::Display) -> QaError {
    QaError::Weights(e.to_string())
}

pub(crate) fn read(bytes: Vec<u8>) -> Result<Vec<PackTensor>> {
    Reader::from_bytes(burn::tensor::Bytes::from_bytes_vec(bytes))
        .and_then(Reader::into_tensors)
        .map_err(invalid)
}

#[cfg(test)]
mod tests {
    use burn::tensor::{DType, TensorData};
    use burn_store::bridge;
    use burn_store::burn_pack::Writer;

    use super::*;

    fn pack(tensors: Vec<(&str, TensorData)>) -> Vec<u8> {
        let t = tensors
            .into_iter()
            .map(|(n, d)| bridge::from_data(d, n.into(), None))
            .collect();
        Writer::new(t).into_bytes().unwrap().to_vec()
    }

    fn values(n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| ((i * 7919 % 1000) as f32 - 500.0) / 250.0)
            .collect()
    }

    /// burn-onnx gives every tensor a random parameter id per import; bundles must not carry it.
    #[test]
    fn same_weights_give_the_same_bytes_whatever_their_ids() {
        let with_id = |id: u64| {
            let t = vec![
                bridge::from_data(
                    TensorData::new(values(4096), [64, 64]),
                    "lin.weight".into(),
                    Some(id),
                ),
                bridge::from_data(
                    TensorData::new(values(64), [64]),
                    "lin.bias".into(),
                    Some(id + 1),
                ),
            ];
            Writer::new(t).into_bytes().unwrap().to_vec()
        };
        for p in [Precision::Fp32, Precision::Fp16, Precision::Int8] {
            let (a, b) = (
                convert(with_id(1), p).unwrap(),
                convert(with_id(99), p).unwrap(),
            );
            assert!(a == b, "{p:?} bundles differ");
            assert_eq!(widen(a).unwrap().len(), 2);
        }
    }

    #[test]
    fn int8_round_trip_is_close_per_channel() {
        let (r, c) = (64, 128);
        let w = values(r * c);
        let fp32 = pack(vec![
            ("lin.weight", TensorData::new(w.clone(), [r, c])),
            ("table", TensorData::new(w.clone(), [r, c])),
            ("lin.bias", TensorData::new(values(c), [c])),
        ]);
        let q = convert(fp32.clone(), Precision::Int8).unwrap();
        assert!(q.len() * 3 < fp32.len(), "{} vs {}", q.len(), fp32.len());
        let back = widen(q).unwrap();
        assert_eq!(back.len(), 3);
        for t in back {
            let name = t.name.clone();
            let d = bridge::into_data(t).unwrap();
            assert_eq!(d.dtype(), DType::F32);
            let x = d.as_slice::<f32>().unwrap();
            if name == "lin.bias" {
                assert_eq!(x, &values(c)[..]);
                continue;
            }
            // Never worse than plain max scaling, whose error is at most half a step.
            let rms = |d: &[f32]| (d.iter().map(|v| v * v).sum::<f32>() / d.len() as f32).sqrt();
            let err: Vec<f32> = x.iter().zip(&w).map(|(a, b)| a - b).collect();
            let max = w.iter().fold(0f32, |m, v| m.max(v.abs()));
            assert!(
                rms(&err) <= max / 127.0 / 2.0,
                "{name}: rms error {}",
                rms(&err)
            );
            assert!(
                rms(&err) < rms(&w) * 0.01,
                "{name}: rms error {}",
                rms(&err)
            );
        }
    }

    #[test]
    fn fp16_round_trip_and_broken_files_are_errors() {
        let w = values(5000);
        let mut huge = vec![0f32; 5000];
        huge[0] = f32::MIN;
        let fp32 = pack(vec![
            ("a", TensorData::new(w.clone(), [5000])),
            ("huge", TensorData::new(huge.clone(), [5000])),
        ]);
        let half = convert(fp32.clone(), Precision::Fp16).unwrap();
        assert!(half.len() < fp32.len() * 4 / 5, "`a` shrinks");
        let mut back = widen(half).unwrap();
        let a = bridge::into_data(back.remove(0)).unwrap();
        for (x, y) in a.as_slice::<f32>().unwrap().iter().zip(&w) {
            assert!((x - y).abs() <= y.abs() * 1e-3 + 1e-6);
        }
        // Past f16's range: kept as fp32, exactly.
        assert_eq!(
            bridge::into_data(back.remove(0))
                .unwrap()
                .as_slice::<f32>()
                .unwrap(),
            &huge[..]
        );
        let orphan = pack(vec![("a.qscale", TensorData::new(vec![1f32], [1, 1]))]);
        assert_eq!(widen(orphan).unwrap_err().code(), "WEIGHTS_INVALID");
        let unscaled = pack(vec![("a", TensorData::new(vec![1i8; 4], [2, 2]))]);
        assert!(
            widen(unscaled)
                .unwrap_err()
                .to_string()
                .contains("no scales")
        );
        let misfit = pack(vec![
            ("a", TensorData::new(vec![1i8; 6], [2, 3])),
            ("a.qscale", TensorData::new(vec![1f32; 2], [1, 2])),
        ]);
        assert_eq!(widen(misfit).unwrap_err().code(), "WEIGHTS_INVALID");
        assert_eq!(
            widen(b"garbage".to_vec()).unwrap_err().code(),
            "WEIGHTS_INVALID"
        );
    }
}
