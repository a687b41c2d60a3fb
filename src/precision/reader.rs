//! What the loader reads: `.bpk` weights of any [`Precision`], widened to fp32 one tensor at a
//! time as the model takes it, or with int8 compute the Linear weights kept int8.

use burn::tensor::{DType, TensorData};
use burn_store::bridge;
use burn_store::burn_pack::Tensor as PackTensor;

use super::{SCALE_SUFFIX, invalid, read};
#[cfg(doc)]
use super::Precision;
use crate::error::Result;
use crate::model::int8::PackedLinear;

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
