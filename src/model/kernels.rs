//! The masked softmax and GELU of the fused nodes the import makes (`crate::import`), for the CPU
//! backend: written so that LLVM vectorises them (wasm SIMD128, SSE, NEON) and split across the
//! thread pool where the build has one. burn-flex 0.22 computes `exp` and `erf` one value at a time
//! through libm (18 % of a forward in Chromium) and runs element-wise ops on one thread, a Linear's
//! bias and the residual adds included. Other
//! backends (WebGPU, ndarray) and layouts these do not cover go to burn's own ops.

use burn::tensor::{DType, Tensor, activation};

/// `softmax(scores · scale + mask)` over the last axis, the attention mask broadcast from
/// `[batch or 1, 1, …, keys]`: the import fuses the graph's Mul, Add and Softmax into this, one
/// pass where burn-flex made three (two of them on one thread).
pub fn masked_softmax<const D: usize>(scores: Tensor<D>, mask: Tensor<D>, scale: f32) -> Tensor<D> {
    let (dims, mask_dims) = (scores.dims(), mask.dims());
    let row = dims[D - 1];
    let broadcast = D >= 2
        && row > 0
        && mask_dims[D - 1] == row
        && (mask_dims[0] == 1 || mask_dims[0] == dims[0])
        && mask_dims[1..D - 1].iter().all(|&d| d == 1);
    if !broadcast || !on_flex(&scores) || !on_flex(&mask) {
        return activation::softmax(scores.mul_scalar(scale).add(mask), D - 1);
    }
    let per_item: usize = dims[1..].iter().product();
    let batched = mask_dims[0] > 1;
    let mask = mask
        .into_data()
        .try_into_vec::<f32>()
        .expect("on_flex checked the dtype");
    in_place(scores, row, |offset, rows| {
        for (i, r) in rows.chunks_exact_mut(row).enumerate() {
            let item = if batched {
                (offset + i * row) / per_item
            } else {
                0
            };
            let m = &mask[item * row..(item + 1) * row];
            r.iter_mut().zip(m).for_each(|(v, m)| *v = *v * scale + m);
            softmax_row(r);
        }
    })
}

/// GELU as exported, `x · (erf(x / √2) + 1) · ½`, in one pass (the import fuses the five nodes).
pub fn gelu<const D: usize>(x: Tensor<D>) -> Tensor<D> {
    if !on_flex(&x) {
        return activation::gelu(x);
    }
    in_place(x, CHUNK, |_, values| {
        values.iter_mut().for_each(|v| *v = gelu_f32(*v))
    })
}

/// `gelu(x + bias)`: the feed-forward's first Linear bias and its GELU in one pass.
pub fn bias_gelu<const D: usize>(x: Tensor<D>, bias: Tensor<1>) -> Tensor<D> {
    match bias_values(&x, &bias, None) {
        Some(bias) => add_rows(x, &bias, None, gelu_f32),
        None => activation::gelu(x.add(bias.unsqueeze())),
    }
}

fn gelu_f32(v: f32) -> f32 {
    v * (erf_f32(v / std::f32::consts::SQRT_2) + 1.0) * 0.5
}

/// `x + bias` over the last axis: a Linear's bias, which the import splits from its matrix
/// product (burn adds it as a broadcast add on one thread; this is one parallel in-place pass).
pub fn bias_add<const D: usize>(x: Tensor<D>, bias: Tensor<1>) -> Tensor<D> {
    match bias_values(&x, &bias, None) {
        Some(bias) => add_rows(x, &bias, None, |v| v),
        None => x.add(bias.unsqueeze()),
    }
}

/// `(x + bias) + residual`: a Linear's bias and the residual connection after it in one pass
/// (burn-flex adds the residual on one thread too). The same two roundings as the graph's adds.
pub fn bias_add_residual<const D: usize>(
    x: Tensor<D>,
    bias: Tensor<1>,
    residual: Tensor<D>,
) -> Tensor<D> {
    match bias_values(&x, &bias, Some(&residual)) {
        Some(bias) => add_rows(x, &bias, Some(residual), |v| v),
        None => x.add(bias.unsqueeze()).add(residual),
    }
}

/// `op((x + bias) [+ residual])` row by row, in place and in parallel; `bias_values` has checked
/// the shapes and the device.
fn add_rows<const D: usize>(
    x: Tensor<D>,
    bias: &[f32],
    residual: Option<Tensor<D>>,
    op: impl Fn(f32) -> f32 + Sync,
) -> Tensor<D> {
    let residual = residual.map(Tensor::into_data);
    let residual = residual
        .as_ref()
        .map(|r| r.as_slice::<f32>().expect("bias_values checked the dtype"));
    let n = bias.len();
    in_place(x, n, |offset, rows| {
        for (i, row) in rows.chunks_exact_mut(n).enumerate() {
            let values = row.iter_mut().zip(bias);
            match residual {
                Some(r) => values
                    .zip(&r[offset + i * n..][..n])
                    .for_each(|((v, b), r)| *v = op((*v + b) + r)),
                None => values.for_each(|(v, b)| *v = op(*v + b)),
            }
        }
    })
}

/// The bias as values where the fast path applies (flex, f32, bias over the last axis, residual
/// of the same shape); otherwise None, for burn's ops.
fn bias_values<const D: usize>(
    x: &Tensor<D>,
    bias: &Tensor<1>,
    residual: Option<&Tensor<D>>,
) -> Option<Vec<f32>> {
    let n = bias.dims()[0];
    let fits = D > 0
        && n > 0
        && x.dims()[D - 1] == n
        && on_flex(x)
        && on_flex(bias)
        && residual.is_none_or(|r| r.dims() == x.dims() && on_flex(r));
    // A weight is shared with the module: this copies its few values, never the activations.
    fits.then(|| {
        bias.clone()
            .into_data()
            .try_into_vec::<f32>()
            .expect("on_flex checked the dtype")
    })
}

/// Values per parallel task for element-wise work.
const CHUNK: usize = 16 * 1024;

fn on_flex<const D: usize>(x: &Tensor<D>) -> bool {
    #[cfg(feature = "flex")]
    {
        x.dtype() == DType::F32 && x.device() == burn::tensor::Device::flex()
    }
    #[cfg(not(feature = "flex"))]
    {
        let _ = (x, DType::F32);
        false
    }
}

/// Runs `f(offset, values)` over the tensor's values in chunks of whole `unit`s (a row, or a block
/// of values), in parallel where the build has threads. burn-flex hands over a uniquely owned
/// contiguous tensor without copying, and takes the buffer back the same way.
fn in_place<const D: usize>(
    x: Tensor<D>,
    unit: usize,
    f: impl Fn(usize, &mut [f32]) + Sync,
) -> Tensor<D> {
    let device = x.device();
    let mut data = x.into_data();
    let values = data
        .as_mut_slice::<f32>()
        .expect("on_flex checked the dtype");
    #[cfg(feature = "threads")]
    {
        use rayon::prelude::*;
        // Whole units per task, at least ~16 Ki values, so small tensors stay on one thread.
        let per_task = unit * (CHUNK / unit).max(1);
        values
            .par_chunks_mut(per_task)
            .enumerate()
            .for_each(|(i, chunk)| f(i * per_task, chunk));
    }
    #[cfg(not(feature = "threads"))]
    {
        let _ = unit;
        f(0, values);
    }
    Tensor::from_data(data, &device)
}

/// Lanes kept apart in reductions, so that the compiler may vectorise them without reassociating.
const LANES: usize = 8;

fn softmax_row(row: &mut [f32]) {
    // A compare-and-select, not f32::max: wasm SIMD has no lane-wise maxNum, so that one stays
    // scalar (NaN never reaches here from finite weights; where it does, the row is NaN anyway).
    let max = reduce(row, f32::NEG_INFINITY, |a, b| if b > a { b } else { a });
    if max == f32::NEG_INFINITY {
        // Every score is -inf: burn's softmax gives NaN here too, and so does onnxruntime; keep
        // that rather than invent a distribution.
        row.iter_mut().for_each(|v| *v = f32::NAN);
        return;
    }
    row.iter_mut().for_each(|v| *v = exp_f32(*v - max));
    let inv = 1.0 / reduce(row, 0.0, |a, b| a + b);
    row.iter_mut().for_each(|v| *v *= inv);
}

pub(crate) fn reduce(values: &[f32], init: f32, op: impl Fn(f32, f32) -> f32) -> f32 {
    let mut acc = [init; LANES];
    let chunks = values.chunks_exact(LANES);
    let tail = chunks.remainder();
    for c in chunks {
        for i in 0..LANES {
            acc[i] = op(acc[i], c[i]);
        }
    }
    let mut out = tail.iter().fold(init, |a, &b| op(a, b));
    for a in acc {
        out = op(out, a);
    }
    out
}

/// exp(x) with Cephes' `expf` polynomial on x - n ln 2 (about 1 ulp for x ≥ -87; 0 below,
/// where the true value is under 2⁻¹²⁵ and a softmax weight cannot tell). Branch-free so that it
/// vectorises; NaN stays NaN.
#[inline(always)]
pub fn exp_f32(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // 1.5 × 2²³: adding and subtracting it rounds to the nearest integer without a rounding
    // instruction (|x log2 e| < 2²²).
    const ROUND: f32 = 12_582_912.0;
    let clamped = x.clamp(-87.0, 88.0);
    let n = (clamped * LOG2E + ROUND) - ROUND;
    let r = clamped - n * LN2_HI - n * LN2_LO;
    let mut p = 1.987_569_1e-4_f32;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 5.000_000_1e-1;
    let y = p * r * r + r + 1.0;
    let scale = f32::from_bits(((n as i32 + 127) << 23) as u32);
    let out = y * scale;
    if x < -87.0 {
        0.0
    } else if x.is_nan() {
        x
    } else {
        out
    }
}

/// erf(x) as Eigen's rational approximation on [-4, 4] (within 5e-7 of erf in f32; erf(±4)
/// rounds to ±1 in f32).
#[inline(always)]
pub fn erf_f32(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = -2.726_142_2e-10_f32;
    p = p * x2 + 2.770_681_4e-8;
    p = p * x2 + -2.101_024e-6;
    p = p * x2 + -5.692_506_4e-5;
    p = p * x2 + -7.349_906_3e-4;
    p = p * x2 + -2.954_600_1e-3;
    p = p * x2 + -1.609_603_3e-2;
    let mut q = -1.456_607_2e-5_f32;
    q = q * x2 + -2.133_740_6e-4;
    q = q * x2 + -1.682_827e-3;
    q = q * x2 + -7.373_329_2e-3;
    q = q * x2 + -1.426_474e-2;
    x * p / q
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn exp_matches_std() {
        let mut worst = 0f32;
        let mut x = -87.0f32;
        while x < 88.0 {
            let (ours, std) = (exp_f32(x), x.exp());
            worst = worst.max(((ours - std) / std).abs());
            x += 0.0137;
        }
        assert!(worst < 3e-7, "relative error {worst}");
        assert_eq!(exp_f32(-1e30), 0.0);
        assert_eq!(exp_f32(f32::NEG_INFINITY), 0.0);
        assert!(exp_f32(f32::NAN).is_nan());
    }

    #[test]
    fn erf_matches_libm() {
        let mut worst = 0f32;
        let mut x = -7.0f32;
        while x < 7.0 {
            worst = worst.max((erf_f32(x) - libm_erf(x)).abs());
            x += 0.000_71;
        }
        assert!(worst < 5e-7, "absolute error {worst}");
        assert_eq!(erf_f32(0.0), 0.0);
        assert!((erf_f32(f32::INFINITY) - 1.0).abs() < 5e-7);
        assert!((-1.0..=1.0).contains(&erf_f32(3.9)));
    }

    /// erf in f64 by its Taylor series (|x| < 3) or its asymptotic complement, as the reference.
    fn libm_erf(x: f32) -> f32 {
        let x = x as f64;
        if x.abs() >= 3.0 {
            // erfc(x) ~ exp(-x²)/(x√π) · (1 - 1/(2x²) + 3/(4x⁴) - 15/(8x⁶)), exact to f32 here.
            let z = x.abs();
            let z2 = z * z;
            let series =
                1.0 - 1.0 / (2.0 * z2) + 3.0 / (4.0 * z2 * z2) - 15.0 / (8.0 * z2 * z2 * z2);
            let erfc = (-z2).exp() / (z * std::f64::consts::PI.sqrt()) * series;
            return ((1.0 - erfc) * x.signum()) as f32;
        }
        let mut term = x;
        let mut sum = x;
        for n in 1..200 {
            term *= -x * x / n as f64;
            sum += term / (2 * n + 1) as f64;
        }
        (sum * 2.0 / std::f64::consts::PI.sqrt()) as f32
    }

    /// Deterministic values in [-scale, scale).
    pub(crate) fn values(n: usize, seed: u32, scale: f32) -> Vec<f32> {
        (0..n)
            .map(|i| {
                let h = (i as u32 ^ seed)
                    .wrapping_mul(2_654_435_761)
                    .rotate_left(13);
                (h as f32 / u32::MAX as f32 * 2.0 - 1.0) * scale
            })
            .collect()
    }

    fn close<const D: usize>(ours: Tensor<D>, want: Tensor<D>, tol: f32) {
        assert_eq!(ours.dims(), want.dims());
        let (a, b) = (
            ours.into_data().try_to_vec::<f32>().unwrap(),
            want.into_data().try_to_vec::<f32>().unwrap(),
        );
        let worst = a
            .iter()
            .zip(&b)
            .map(|(x, y)| (x - y).abs())
            .fold(0f32, f32::max);
        assert!(worst <= tol, "max |Δ| {worst}");
    }

    /// The fast paths against burn's own ops on the same device, including a permuted (strided)
    /// input and a per-item mask with masked-out keys.
    #[cfg(feature = "flex")]
    #[test]
    fn fast_paths_match_burns_ops() {
        use burn::tensor::{Device, TensorData};
        let device = Device::flex();
        let t = |v: Vec<f32>, shape: [usize; 4]| {
            Tensor::<4>::from_data(TensorData::new(v, shape), &device)
        };
        let (b, h, s) = (2, 3, 37);
        let scores = t(values(b * h * s * s, 1, 30.0), [b, h, s, s]);
        let mut mask = vec![0f32; b * s];
        mask[s + 30..].iter_mut().for_each(|m| *m = -10_000.0);
        let mask = t(mask, [b, 1, 1, s]);
        let want = activation::softmax(scores.clone().mul_scalar(0.125).add(mask.clone()), 3);
        close(
            masked_softmax(scores.clone(), mask.clone(), 0.125),
            want,
            1e-6,
        );
        // A mask shared by the batch, and a strided input.
        let shared = mask.clone().slice([0..1, 0..1, 0..1, 0..s]);
        let strided = scores.clone().permute([0, 2, 1, 3]);
        let want = activation::softmax(strided.clone().mul_scalar(0.5).add(shared.clone()), 3);
        close(masked_softmax(strided.clone(), shared, 0.5), want, 1e-6);
        let x = t(values(b * h * s * 5, 2, 6.0), [b, h, s, 5]);
        close(gelu(x.clone()), activation::gelu(x.clone()), 1e-6);
        // Bias adds: a fresh product, a shared one, a strided one; exact, as one add each.
        let bias = Tensor::<1>::from_data(TensorData::new(values(s, 3, 1.0), [s]), &device);
        let want = scores.clone().add(bias.clone().unsqueeze());
        close(
            bias_add(scores.clone() * 1.0, bias.clone()),
            want.clone(),
            0.0,
        );
        close(bias_add(scores.clone(), bias.clone()), want, 0.0);
        let want = strided.clone().add(bias.clone().unsqueeze());
        close(bias_add(strided.clone(), bias.clone()), want.clone(), 0.0);
        let residual = t(values(b * h * s * s, 4, 3.0), [b, h, s, s]);
        let strided_residual = residual.clone().permute([0, 2, 1, 3]);
        close(
            bias_add_residual(strided.clone(), bias.clone(), strided_residual.clone()),
            want.add(strided_residual),
            0.0,
        );
        let want = scores
            .clone()
            .add(bias.clone().unsqueeze())
            .add(residual.clone());
        close(
            bias_add_residual(scores.clone(), bias.clone(), residual),
            want,
            0.0,
        );
        let want = activation::gelu(strided.clone().add(bias.clone().unsqueeze()));
        // Values up to ~31 here: 1e-5 is a few ulp.
        close(bias_gelu(strided, bias), want, 1e-5);
    }

    #[test]
    fn softmax_rows_sum_to_one_and_match_the_definition() {
        let mut row: Vec<f32> = (0..37).map(|i| (i as f32 * 0.77).sin() * 9.0).collect();
        row[5] = -1e30; // a masked position
        let max = row.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
        let sum: f64 = row.iter().map(|v| ((v - max) as f64).exp()).sum();
        let want: Vec<f32> = row
            .iter()
            .map(|v| (((v - max) as f64).exp() / sum) as f32)
            .collect();
        softmax_row(&mut row);
        for (a, b) in row.iter().zip(&want) {
            assert!((a - b).abs() < 1e-6, "{a} vs {b}");
        }
        assert_eq!(row[5], 0.0);
    }
}
