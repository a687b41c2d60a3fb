//! What the bundler writes: `.bpk` weights at a [`Precision`], fp16 where the values fit, int8
//! with per-channel scales clipped for the least squared error.

use burn::tensor::{DType, TensorData, f16};
use burn_store::bridge;
use burn_store::burn_pack::Writer;

use super::{Precision, SCALE_SUFFIX, invalid, read};
use crate::error::Result;

/// Smaller tensors (biases, norms, the 2-row token-type table) stay fp32 in an int8 bundle.
const MIN_QUANTIZED: usize = 4096;

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
