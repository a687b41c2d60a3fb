//! Weight precision of a bundle: fp32 as imported, fp16, or int8 with one scale per output channel,
//! and the arithmetic it runs with ([`Compute`]).
//!
//! Tensors are widened to fp32 one at a time as the model takes them ([`load`]), so the bundle's
//! bytes, a widened copy of every tensor and the model are never alive at once. With int8 compute
//! (an int8 bundle on a CPU backend, docs/int8.md) the Linear weights stay int8 instead.

use burn::tensor::{DType, TensorData, f16};
use burn_store::bridge;
use burn_store::burn_pack::{Reader, Tensor as PackTensor, Writer};
use serde::{Deserialize, Serialize};

use crate::error::{QaError, Result};
use crate::model::int8::PackedLinear;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
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

/// Smaller tensors (biases, norms, the 2-row token-type table) stay fp32 in an int8 bundle.
const MIN_QUANTIZED: usize = 4096;

fn invalid(e: impl std::fmt::Display) -> QaError {
    QaError::Weights(e.to_string())
}

fn read(bytes: Vec<u8>) -> Result<Vec<PackTensor>> {
    Reader::from_bytes(burn::tensor::Bytes::from_bytes_vec(bytes))
        .and_then(Reader::into_tensors)
        .map_err(invalid)
}

/// Rewrites fp32 `.bpk` weights at `to` precision. Every import draws new random parameter ids;
/// they are left out, so that one export always gives the same bytes (a bundle's hashes are its
/// cache keys in browsers) and loading, which matches tensors by name, does not need them.
pub fn convert(fp32: Vec<u8>, to: Precision) -> Result<Vec<u8>> {
    pack(
        read(fp32)?.into_iter().map(|t| {
            if t.dtype != DType::F32 {
                return Err(invalid(format!(
                    "{} is {:?}, expected fp32 weights",
                    t.name, t.dtype
                )));
            }
            let name = t.name.clone();
            Ok((name, bridge::into_data(t).map_err(invalid)?))
        }),
        to,
    )
}

/// Writes fp32 tensors, in the order given, as `.bpk` weights at `to` precision: the one writer of
/// a bundle's weights, whether they come from an import ([`convert`]) or straight from a
/// checkpoint ([`crate::checkpoint`]), so both give the same bytes for the same values. Each
/// tensor is converted as it comes, so only the converted copies accumulate.
pub fn pack(
    tensors: impl IntoIterator<Item = Result<(String, TensorData)>>,
    to: Precision,
) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for t in tensors {
        let (name, data) = t?;
        match to {
            // Large tensors only, and never one with values past f16's range (the attention
            // mask's -3.4e38 constant would become -inf and the softmax NaN).
            Precision::Fp16 if data.num_elements() >= MIN_QUANTIZED && fits_f16(&data) => {
                out.push(bridge::from_data(data.convert::<f16>(), name, None))
            }
            Precision::Int8 if data.shape().len() == 2 && data.num_elements() >= MIN_QUANTIZED => {
                // Linear weights are `[in, out]`; lookup tables are gathered by row.
                let axis = if name.ends_with(".weight") { 1 } else { 0 };
                let (q, scale) = quantize(&data, axis)?;
                out.push(bridge::from_data(
                    scale,
                    format!("{name}{SCALE_SUFFIX}"),
                    None,
                ));
                out.push(bridge::from_data(q, name, None));
            }
            _ => out.push(bridge::from_data(data, name, None)),
        }
    }
    Ok(Writer::new(out).into_bytes().map_err(invalid)?.to_vec())
}

/// The fp32 tensors of `.bpk` weights, in file order, with their shapes (the import tool maps
/// them onto a checkpoint's).
pub fn fp32_tensors(bytes: Vec<u8>) -> Result<Vec<(String, TensorData)>> {
    read(bytes)?
        .into_iter()
        .map(|t| {
            let name = t.name.clone();
            let d = bridge::into_data(t).map_err(invalid)?;
            if d.dtype() != DType::F32 {
                return Err(invalid(format!("{name} is {:?}, expected fp32", d.dtype())));
            }
            Ok((name, d))
        })
        .collect()
}

fn fits_f16(data: &TensorData) -> bool {
    data.as_slice::<f32>()
        .map(|x| x.iter().all(|v| v.abs() <= f32::from(f16::MAX)))
        .unwrap_or(false)
}

/// Symmetric int8 per channel along `axis` (0: rows, 1: columns) of a 2-D tensor. Each
/// channel's range is clipped where that minimises its squared error: a few outliers then
/// cost less than a coarse step for every other weight.
fn quantize(data: &TensorData, axis: usize) -> Result<(TensorData, TensorData)> {
    let (rows, cols) = (data.shape()[0], data.shape()[1]);
    let x = data
        .as_slice::<f32>()
        .map_err(|e| invalid(format!("{e:?}")))?;
    let channels = if axis == 0 { rows } else { cols };
    let channel = |i: usize| if axis == 0 { i / cols } else { i % cols };
    let mut values = vec![Vec::new(); channels];
    for (i, &v) in x.iter().enumerate() {
        values[channel(i)].push(v);
    }
    let scale: Vec<f32> = values.iter().map(|v| best_scale(v)).collect();
    let q: Vec<i8> = x
        .iter()
        .enumerate()
        .map(|(i, &v)| level(v, scale[channel(i)]) as i8)
        .collect();
    let scale_shape = if axis == 0 { [rows, 1] } else { [1, cols] };
    Ok((
        TensorData::new(q, [rows, cols]),
        TensorData::new(scale, scale_shape),
    ))
}

/// Reads `.bpk` weights of any [`Precision`] as fp32 tensors, ready to apply to the model.
/// Every tensor is drawn here, so a broken one is an error now rather than when it is applied.
pub fn widen(bytes: Vec<u8>) -> Result<Vec<PackTensor>> {
    load(bytes, false)?
        .0
        .into_iter()
        .map(|t| {
            let (name, id) = (t.name.clone(), t.param_id);
            Ok(bridge::from_data(
                bridge::into_data(t).map_err(invalid)?,
                name,
                id,
            ))
        })
        .collect()
}

/// What [`load`] gives: fp32 tensors to apply, and the Linear weights kept int8, by name.
pub type Loaded = (Vec<PackTensor>, Vec<(String, PackedLinear)>);

/// Reads `.bpk` weights of any [`Precision`]. Every tensor to apply is fp32; an fp16 or int8
/// one is deferred, widened only when the model takes it, so only one widened tensor exists at a
/// time beside the bundle's bytes. With `int8`, the int8 Linear weights (`….weight`, one scale
/// per output column) are packed for [`PackedLinear`] instead and left out of the tensors.
pub fn load(bytes: Vec<u8>, int8: bool) -> Result<Loaded> {
    let mut tensors: std::collections::BTreeMap<String, PackTensor> = read(bytes)?
        .into_iter()
        .map(|t| (t.name.clone(), t))
        .collect();
    let names: Vec<String> = tensors
        .keys()
        .filter(|n| !n.ends_with(SCALE_SUFFIX))
        .cloned()
        .collect();
    let mut out = Vec::with_capacity(names.len());
    let mut packed = Vec::new();
    for name in names {
        let t = tensors.remove(&name).expect("listed above");
        let (dtype, shape, param_id) = (t.dtype, t.shape.clone(), t.param_id);
        match dtype {
            // Copied out, so that no model tensor keeps a view into the bundle's bytes (one small
            // bias would keep all of them alive).
            DType::F32 => out.push(bridge::deferred(
                name,
                DType::F32,
                shape,
                param_id,
                move || {
                    let d = bridge::to_data(&t)?;
                    let v = d.try_to_vec::<f32>().map_err(|e| {
                        burn_store::burn_pack::Error::ValidationError(format!("{e:?}"))
                    })?;
                    Ok(TensorData::new(v, d.shape().clone()))
                },
            )),
            DType::F16 => out.push(bridge::deferred(
                name,
                DType::F32,
                shape,
                param_id,
                move || Ok(bridge::to_data(&t)?.convert::<f32>()),
            )),
            DType::I8 => {
                let scale = tensors
                    .remove(&format!("{name}{SCALE_SUFFIX}"))
                    .ok_or_else(|| invalid(format!("{name} is int8 but has no scales")))?;
                let misfit = || invalid(format!("{name}: scales do not fit the tensor"));
                let per_row = scales_per_row(&shape, &scale.shape).ok_or_else(misfit)?;
                if int8 && !per_row && name.ends_with(".weight") {
                    let (q, s) = (
                        bridge::into_data(t).map_err(invalid)?,
                        bridge::into_data(scale).map_err(invalid)?,
                    );
                    let (q, s) = (
                        q.as_slice::<i8>().map_err(|_| misfit())?,
                        s.as_slice::<f32>().map_err(|_| misfit())?,
                    );
                    let p =
                        PackedLinear::from_columns(q, shape[0], shape[1], s).ok_or_else(misfit)?;
                    packed.push((name, p));
                    continue;
                }
                out.push(bridge::deferred(
                    name.clone(),
                    DType::F32,
                    shape,
                    param_id,
                    move || {
                        dequantize(&bridge::to_data(&t)?, &bridge::to_data(&scale)?).ok_or_else(
                            || {
                                burn_store::burn_pack::Error::ValidationError(format!(
                                    "{name}: scales do not fit the tensor"
                                ))
                            },
                        )
                    },
                ));
            }
            other => return Err(invalid(format!("{name} has unsupported dtype {other:?}"))),
        }
    }
    if let Some(stray) = tensors.keys().next() {
        return Err(invalid(format!("{stray} belongs to no int8 tensor")));
    }
    Ok((out, packed))
}

/// Whether int8 scales of `scale` shape are per row (true) or per column (false) of a tensor of
/// `shape`; None if they fit neither.
fn scales_per_row(shape: &burn::tensor::Shape, scale: &burn::tensor::Shape) -> Option<bool> {
    match (shape.as_slice(), scale.as_slice()) {
        ([r, _], [sr, 1]) if sr == r => Some(true),
        ([_, c], [1, sc]) if sc == c => Some(false),
        _ => None,
    }
}

/// The int8 level of `x` at step `s`, as an f32. Clamped first and then rounded half to even,
/// which is the same as rounding then clamping (the bounds are integers) and compiles to one
/// instruction on wasm32 (`f32.nearest`, `f32x4.nearest` with SIMD128), where `round` is a call.
#[inline]
fn level(x: f32, s: f32) -> f32 {
    (x / s).clamp(-127.0, 127.0).round_ties_even()
}

/// The squared error of quantizing `v` at step `s`, summed in [`LANES`] independent partial
/// sums: a single running sum of floats cannot be vectorized (its order is fixed), these can, and
/// their order is fixed too, so every target picks the same scale.
fn squared_error(v: &[f32], s: f32) -> f32 {
    let mut acc = [0f32; LANES];
    let chunks = v.chunks_exact(LANES);
    let tail = chunks.remainder();
    let err = |x: f32| {
        let e = x - level(x, s) * s;
        e * e
    };
    // Full chunks apart from the tail: a loop of exactly LANES steps is what vectorizes.
    for c in chunks {
        for (a, &x) in acc.iter_mut().zip(c) {
            *a += err(x);
        }
    }
    for (a, &x) in acc.iter_mut().zip(tail) {
        *a += err(x);
    }
    acc.iter().sum()
}

const LANES: usize = 8;

/// The step, among 41 clipping points from the channel's largest magnitude down to half of it,
/// whose squared error is least (the first of equals). Each candidate is one pass over the
/// channel: this is most of converting a checkpoint to int8 (13.7 M weights × 41).
fn best_scale(v: &[f32]) -> f32 {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs()));
    if max == 0.0 {
        return 1.0;
    }
    let mut best = (f32::INFINITY, max / 127.0);
    for k in 0..=40 {
        let s = max * (1.0 - 0.0125 * k as f32) / 127.0;
        let e = squared_error(v, s);
        if e < best.0 {
            best = (e, s);
        }
    }
    best.1
}

fn dequantize(q: &TensorData, scale: &TensorData) -> Option<TensorData> {
    let (rows, cols) = match q.shape()[..] {
        [r, c] => (r, c),
        _ => return None,
    };
    let s = scale.as_slice::<f32>().ok()?;
    let per_row = match scale.shape()[..] {
        [r, 1] if r == rows => true,
        [1, c] if c == cols => false,
        _ => return None,
    };
    let x: Vec<f32> = q
        .as_slice::<i8>()
        .ok()?
        .iter()
        .enumerate()
        .map(|(i, &v)| f32::from(v) * s[if per_row { i / cols } else { i % cols }])
        .collect();
    Some(TensorData::new(x, [rows, cols]))
}

#[cfg(test)]
mod tests {
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
