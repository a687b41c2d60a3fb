//! int8 × int8 → int32 products for the Linear layers of an int8 bundle on the CPU backend
//! (docs/int8.md).
//!
//! Weights are the bundle's: symmetric int8, one scale per output channel, repacked here so that
//! each output channel's weights are contiguous. Activations are quantized per row, on the fly, to
//! 7 bits above the row's minimum (0 to 127): 7 bits because wasm's relaxed integer dot product
//! (`i32x4.relaxed_dot_i8x16_i7x16_add_s`) is only defined for a second operand with its top bit
//! clear. Every build uses this one scheme, so the integer sums are exact and equal on every path
//! (relaxed SIMD, SIMD128, native), and the float steps around them are the same operations in the
//! same order: a browser gives bit-identical logits to the native CLI.
//!
//! For a row `x` with minimum `lo` and step `s = (max - lo) / 127`, `x ≈ lo + s·q` with
//! `q ∈ 0..=127`, so `x · w_c ≈ scale_c · (s · Σ q·w_c + lo · Σ w_c)`; `Σ w_c` is kept per channel.

/// A Linear weight `[k, n]` (burn's `[in, out]`) as int8 rows per output channel.
#[derive(Debug, Clone)]
pub struct PackedLinear {
    k: usize,
    n: usize,
    /// `[n][k]`: output channel `c`'s weights at `c * k`.
    w: Vec<i8>,
    /// `Σ_k w[c][k]`, for the activations' offset.
    sum: Vec<i32>,
    /// Per output channel.
    scale: Vec<f32>,
}

/// Rows per parallel task: enough work to pay for a task, and an even count for the 2-row kernels.
const ROWS_PER_TASK: usize = 16;

impl PackedLinear {
    /// From the bundle's layout: `q` is `[k, n]` row-major, one scale per column. None if the
    /// lengths do not fit or a value is -128 (the bundle's quantizer never writes it; it is the
    /// one value whose products could overflow the relaxed kernel's 16-bit pair sums).
    pub fn from_columns(q: &[i8], k: usize, n: usize, scale: &[f32]) -> Option<Self> {
        if k == 0 || n == 0 || q.len() != k.checked_mul(n)? || scale.len() != n {
            return None;
        }
        if q.contains(&i8::MIN) {
            return None;
        }
        let mut w = vec![0i8; k * n];
        for (i, row) in q.chunks_exact(n).enumerate() {
            for (c, &v) in row.iter().enumerate() {
                w[c * k + i] = v;
            }
        }
        let sum = w
            .chunks_exact(k)
            .map(|r| r.iter().map(|&v| i32::from(v)).sum())
            .collect();
        Some(Self {
            k,
            n,
            w,
            sum,
            scale: scale.to_vec(),
        })
    }

    pub fn input_features(&self) -> usize {
        self.k
    }

    pub fn output_features(&self) -> usize {
        self.n
    }

    /// `x · W` for `x` of `rows × k` values (row-major); returns `rows × n` values.
    pub fn forward(&self, x: &[f32]) -> Vec<f32> {
        assert_eq!(x.len() % self.k, 0, "input rows of {} values", self.k);
        let rows = x.len() / self.k;
        let mut out = vec![0f32; rows * self.n];
        let task = |i: usize, out: &mut [f32]| {
            let first = i * ROWS_PER_TASK;
            let count = out.len() / self.n;
            self.rows(&x[first * self.k..(first + count) * self.k], out);
        };
        #[cfg(feature = "threads")]
        {
            use rayon::prelude::*;
            out.par_chunks_mut(ROWS_PER_TASK * self.n)
                .enumerate()
                .for_each(|(i, o)| task(i, o));
        }
        #[cfg(not(feature = "threads"))]
        out.chunks_mut(ROWS_PER_TASK * self.n)
            .enumerate()
            .for_each(|(i, o)| task(i, o));
        out
    }

    /// Quantizes a few rows and multiplies them: one task's work.
    fn rows(&self, x: &[f32], out: &mut [f32]) {
        let (k, n) = (self.k, self.n);
        let rows = x.len() / k;
        let mut q = vec![0u8; rows * k];
        let mut step = vec![0f32; rows];
        let mut lo = vec![0f32; rows];
        for r in 0..rows {
            (step[r], lo[r]) = quantize_row(&x[r * k..(r + 1) * k], &mut q[r * k..(r + 1) * k]);
        }
        let mut acc = vec![0i32; rows * n];
        dot_rows(&q, &self.w, k, n, &mut acc);
        for r in 0..rows {
            let (s, l) = (step[r], lo[r]);
            let (acc, out) = (&acc[r * n..(r + 1) * n], &mut out[r * n..(r + 1) * n]);
            for c in 0..n {
                out[c] = self.scale[c] * (s * acc[c] as f32 + l * self.sum[c] as f32);
            }
        }
    }
}

/// Quantizes one row to `0..=127` above its minimum; returns (step, minimum). A constant row
/// gives step 0 and all zeros, so it comes back exactly.
pub fn quantize_row(x: &[f32], q: &mut [u8]) -> (f32, f32) {
    // min and max are exact, so any order of comparisons gives the same result: lanes kept apart
    // let the compiler vectorise them.
    let lo = super::kernels::reduce(x, f32::INFINITY, |m, v| if v < m { v } else { m });
    let hi = super::kernels::reduce(x, f32::NEG_INFINITY, |m, v| if v > m { v } else { m });
    if !(hi > lo) {
        q.iter_mut().for_each(|v| *v = 0);
        return (0.0, if lo.is_finite() { lo } else { f32::NAN });
    }
    let range = hi - lo;
    let inv = 127.0 / range;
    quantize_values(x, q, lo, inv);
    (range / 127.0, lo)
}

/// One value's code: round half up (the values are ≥ 0, so truncation after + 0.5 rounds),
/// clamped to 0..=127 by compare-selects, so the plain conversion is exact. (A NaN becomes 127
/// here; the relaxed-SIMD build may code it otherwise, but a NaN activation is garbage anyway.)
/// A saturating conversion does not vectorise on x86 (a compare and branch per value), and
/// `f32::min`/`max` do not on wasm (their NaN rule is not `f32x4.min`'s); these compare-selects
/// are `minps`/`maxps`, and the wasm path below spells them `f32x4.pmin`/`pmax`.
#[inline(always)]
fn code(v: f32, lo: f32, inv: f32) -> u8 {
    let t = (v - lo) * inv + 0.5;
    let t = if t < 127.0 { t } else { 127.0 };
    let t = if t > 0.0 { t } else { 0.0 };
    // SAFETY: `t` is finite and within 0..=127, so it fits an i32.
    unsafe { t.to_int_unchecked::<i32>() as u8 }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn quantize_values(x: &[f32], q: &mut [u8], lo: f32, inv: f32) {
    q.iter_mut().zip(x).for_each(|(q, &v)| *q = code(v, lo, inv));
}

/// wasm: LLVM leaves the loop above scalar (it will not narrow i32 lanes to bytes), so it is
/// written out: the same operations in the same order as [`code`], 16 values at a time.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn quantize_values(x: &[f32], q: &mut [u8], lo: f32, inv: f32) {
    use core::arch::wasm32::*;
    let (lo4, inv4, half) = (f32x4_splat(lo), f32x4_splat(inv), f32x4_splat(0.5));
    let (top, zero) = (f32x4_splat(127.0), f32x4_splat(0.0));
    // pmin(a, b) is `b < a ? b : a` and pmax(a, b) is `a < b ? b : a`: `code`'s two selects.
    let one = |v: v128| {
        let t = f32x4_add(f32x4_mul(f32x4_sub(v, lo4), inv4), half);
        i32x4_trunc_sat_f32x4(f32x4_pmax(zero, f32x4_pmin(top, t)))
    };
    let n16 = x.len().min(q.len()) / 16 * 16;
    for (xs, qs) in x[..n16].chunks_exact(16).zip(q[..n16].chunks_exact_mut(16)) {
        // SAFETY: each chunk holds 16 f32 (64 bytes) and 16 u8; v128 loads and stores need no
        // alignment.
        let v = |i: usize| unsafe { v128_load(xs.as_ptr().add(i).cast::<v128>()) };
        let a = i16x8_narrow_i32x4(one(v(0)), one(v(4)));
        let b = i16x8_narrow_i32x4(one(v(8)), one(v(12)));
        unsafe { v128_store(qs.as_mut_ptr().cast::<v128>(), u8x16_narrow_i16x8(a, b)) };
    }
    q[n16..].iter_mut().zip(&x[n16..]).for_each(|(q, &v)| *q = code(v, lo, inv));
}

/// `acc[r][c] = Σ_i q[r][i] · w[c][i]` for `q` of `rows × k` (values 0..=127) and `w` of `n × k`.
/// Exact in i32 (|Σ| ≤ k · 127 · 127 < 2³¹ for k < 133 000), so every path gives the same sums.
pub fn dot_rows(q: &[u8], w: &[i8], k: usize, n: usize, acc: &mut [i32]) {
    #[cfg(all(target_arch = "wasm32", feature = "relaxed-simd"))]
    // SAFETY: the relaxed-SIMD module is only instantiated where the browser validated relaxed
    // SIMD (js/index.js), and every load is of 16 bytes inside the slices (checked in the kernel).
    unsafe {
        wasm::dot_rows_relaxed(q, w, k, n, acc)
    }
    #[cfg(all(
        target_arch = "wasm32",
        target_feature = "simd128",
        not(feature = "relaxed-simd")
    ))]
    wasm::dot_rows_simd128(q, w, k, n, acc);
    #[cfg(target_arch = "x86_64")]
    sse2::dot_rows(q, w, k, n, acc);
    #[cfg(not(any(
        all(target_arch = "wasm32", target_feature = "simd128"),
        target_arch = "x86_64"
    )))]
    dot_rows_portable(q, w, k, n, acc);
}

/// The reference, and the path of targets without a kernel here (aarch64: LLVM vectorises it):
/// one dot product per (row, channel).
pub fn dot_rows_portable(q: &[u8], w: &[i8], k: usize, n: usize, acc: &mut [i32]) {
    for (qr, acc) in q.chunks_exact(k).zip(acc.chunks_exact_mut(n)) {
        for (wc, a) in w.chunks_exact(k).zip(acc.iter_mut()) {
            *a = dot(qr, wc);
        }
    }
}

/// Σ q·w in i32, 16 lanes kept apart so that the loop vectorises without reassociation doubts
/// (integer sums are exact in any order anyway).
#[inline(always)]
fn dot(q: &[u8], w: &[i8]) -> i32 {
    let mut lanes = [0i32; 16];
    let (qc, wc) = (q.chunks_exact(16), w.chunks_exact(16));
    let (qt, wt) = (qc.remainder(), wc.remainder());
    for (a, b) in qc.zip(wc) {
        for i in 0..16 {
            lanes[i] += i32::from(a[i]) * i32::from(b[i]);
        }
    }
    let tail: i32 = qt
        .iter()
        .zip(wt)
        .map(|(&a, &b)| i32::from(a) * i32::from(b))
        .sum();
    lanes.iter().sum::<i32>() + tail
}

/// Rows and channels per micro-kernel: 2 × 4 accumulators plus 6 loaded vectors stay in
/// V8's 15 vector registers (the same reason as vendor/gemm-f32's 8×4 kernels) and in x86-64's 16.
const MR: usize = 2;
const NR: usize = 4;

/// The blocked driver every SIMD kernel shares: `kernel(q rows, w channels, k16)` gives the sums
/// over the first `k16` (a multiple of `step`, the kernel's depth per iteration) values of MR rows by NR channels; the depth tail and the
/// edges (fewer than MR rows or NR channels left) go to the scalar [`dot`], whose sums are the same.
#[allow(dead_code)]
#[inline(always)]
fn drive(
    q: &[u8],
    w: &[i8],
    k: usize,
    n: usize,
    acc: &mut [i32],
    step: usize,
    kernel: impl Fn(&[&[u8]; MR], &[&[i8]; NR], usize) -> [[i32; NR]; MR],
) {
    let rows = q.len() / k;
    let k16 = k / step * step;
    let (full_r, full_c) = (rows / MR * MR, n / NR * NR);
    for r in (0..full_r).step_by(MR) {
        let qs: [&[u8]; MR] = core::array::from_fn(|i| &q[(r + i) * k..(r + i + 1) * k]);
        for c in (0..full_c).step_by(NR) {
            let ws: [&[i8]; NR] = core::array::from_fn(|j| &w[(c + j) * k..(c + j + 1) * k]);
            let sums = kernel(&qs, &ws, k16);
            for i in 0..MR {
                let out = &mut acc[(r + i) * n + c..][..NR];
                out.copy_from_slice(&sums[i]);
                if k16 < k {
                    for j in 0..NR {
                        out[j] += dot(&qs[i][k16..], &ws[j][k16..]);
                    }
                }
            }
        }
        for i in 0..MR {
            for c in full_c..n {
                acc[(r + i) * n + c] = dot(qs[i], &w[c * k..(c + 1) * k]);
            }
        }
    }
    for r in full_r..rows {
        let qr = &q[r * k..(r + 1) * k];
        for c in 0..n {
            acc[r * n + c] = dot(qr, &w[c * k..(c + 1) * k]);
        }
    }
}

/// x86-64: AVX2 where the CPU has it, else the baseline SSE2 (widen to i16 and `pmaddwd`, as the
/// wasm SIMD128 kernel does).
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use core::arch::x86_64::*;

    use super::{MR, NR};

    #[inline(always)]
    fn load<T>(s: &[T], i: usize) -> __m128i {
        assert!(i + 16 <= core::mem::size_of_val(s));
        // SAFETY: 16 bytes from byte offset i, checked above; an unaligned load.
        unsafe { _mm_loadu_si128(s.as_ptr().cast::<u8>().add(i).cast::<__m128i>()) }
    }

    fn hsum(v: __m128i) -> i32 {
        let mut out = [0i32; 4];
        // SAFETY: 16 bytes into a 16-byte array, unaligned store.
        unsafe { _mm_storeu_si128(out.as_mut_ptr().cast::<__m128i>(), v) };
        out.iter().sum()
    }

    pub fn dot_rows(q: &[u8], w: &[i8], k: usize, n: usize, acc: &mut [i32]) {
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: AVX2 was detected just above.
            return unsafe { super::avx2::dot_rows(q, w, k, n, acc) };
        }
        dot_rows_sse2(q, w, k, n, acc)
    }

    pub fn dot_rows_sse2(q: &[u8], w: &[i8], k: usize, n: usize, acc: &mut [i32]) {
        super::drive(q, w, k, n, acc, 16, |qs, ws, k16| {
            // SAFETY: SSE2 is part of x86-64; loads are bounds-checked in `load`.
            unsafe {
                let zero = _mm_setzero_si128();
                let mut s = [[zero; NR]; MR];
                for i in (0..k16).step_by(16) {
                    let a: [(__m128i, __m128i); MR] = core::array::from_fn(|r| {
                        let v = load(qs[r], i);
                        (_mm_unpacklo_epi8(v, zero), _mm_unpackhi_epi8(v, zero))
                    });
                    for j in 0..NR {
                        let v = load(ws[j], i);
                        // Sign-extend: put each byte in a word's top half, shift it down.
                        let lo = _mm_srai_epi16::<8>(_mm_unpacklo_epi8(v, v));
                        let hi = _mm_srai_epi16::<8>(_mm_unpackhi_epi8(v, v));
                        for r in 0..MR {
                            s[r][j] = _mm_add_epi32(
                                s[r][j],
                                _mm_add_epi32(
                                    _mm_madd_epi16(a[r].0, lo),
                                    _mm_madd_epi16(a[r].1, hi),
                                ),
                            );
                        }
                    }
                }
                core::array::from_fn(|r| core::array::from_fn(|j| hsum(s[r][j])))
            }
        })
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use core::arch::x86_64::*;

    use super::{MR, NR};

    #[inline(always)]
    fn load<T>(s: &[T], i: usize) -> __m256i {
        assert!(i + 32 <= core::mem::size_of_val(s));
        // SAFETY: 32 bytes from byte offset i, checked above; an unaligned load.
        unsafe { _mm256_loadu_si256(s.as_ptr().cast::<u8>().add(i).cast::<__m256i>()) }
    }

    /// AVX2: `vpmaddubsw` (unsigned 7-bit activations × signed weights, pair sums that cannot
    /// saturate: |2 · 127 · 127| < 2¹⁵) then `vpmaddwd` by ones into i32: 32 products a step.
    ///
    /// # Safety
    /// The CPU must have AVX2.
    #[target_feature(enable = "avx2")]
    pub unsafe fn dot_rows(q: &[u8], w: &[i8], k: usize, n: usize, acc: &mut [i32]) {
        super::drive(q, w, k, n, acc, 32, |qs, ws, k32| {
            // SAFETY: AVX2 is enabled for this function; loads are bounds-checked in `load`.
            unsafe {
                let ones = _mm256_set1_epi16(1);
                let mut s = [[_mm256_setzero_si256(); NR]; MR];
                for i in (0..k32).step_by(32) {
                    let a: [__m256i; MR] = core::array::from_fn(|r| load(qs[r], i));
                    for j in 0..NR {
                        let v = load(ws[j], i);
                        for r in 0..MR {
                            let pairs = _mm256_maddubs_epi16(a[r], v);
                            s[r][j] = _mm256_add_epi32(s[r][j], _mm256_madd_epi16(pairs, ones));
                        }
                    }
                }
                core::array::from_fn(|r| {
                    core::array::from_fn(|j| {
                        let v = s[r][j];
                        let x = _mm_add_epi32(
                            _mm256_castsi256_si128(v),
                            _mm256_extracti128_si256::<1>(v),
                        );
                        let mut out = [0i32; 4];
                        _mm_storeu_si128(out.as_mut_ptr().cast::<__m128i>(), x);
                        out.iter().sum()
                    })
                })
            }
        })
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm {
    use core::arch::wasm32::*;

    use super::{MR, NR};

    /// # Safety
    /// `i + 16` must not pass the slice's end in bytes: `drive` hands the kernels rows of `k`
    /// bytes and depths `k16 ≤ k` that are multiples of 16, so every `i < k16` fits.
    #[inline(always)]
    unsafe fn load<T>(s: &[T], i: usize) -> v128 {
        debug_assert!(i + 16 <= core::mem::size_of_val(s));
        // SAFETY: in bounds by the caller's contract; v128_load has no alignment need.
        unsafe { v128_load(s.as_ptr().cast::<u8>().add(i).cast::<v128>()) }
    }

    /// The four lane sums of four accumulators, by two rounds of shuffles and adds (integer sums
    /// are exact in any order) instead of sixteen lane extractions.
    #[inline(always)]
    fn hsum4(s: &[v128; NR]) -> [i32; NR] {
        const { assert!(NR == 4) };
        let pair = |a: v128, b: v128| {
            i32x4_add(i32x4_shuffle::<0, 4, 1, 5>(a, b), i32x4_shuffle::<2, 6, 3, 7>(a, b))
        };
        let (t0, t1) = (pair(s[0], s[1]), pair(s[2], s[3]));
        let r = i32x4_add(i32x4_shuffle::<0, 1, 4, 5>(t0, t1), i32x4_shuffle::<2, 3, 6, 7>(t0, t1));
        let mut out = [0i32; NR];
        // SAFETY: `out` is 16 bytes; v128_store needs no alignment.
        unsafe { v128_store(out.as_mut_ptr().cast::<v128>(), r) };
        out
    }

    /// SIMD128: widen to i16 and `i32x4.dot_i16x8_s` (8 products per instruction).
    #[allow(dead_code)]
    pub fn dot_rows_simd128(q: &[u8], w: &[i8], k: usize, n: usize, acc: &mut [i32]) {
        // SAFETY (the loads): `drive`'s rows are k bytes long and i + 16 ≤ k16 ≤ k.
        super::drive(q, w, k, n, acc, 16, |qs, ws, k16| unsafe {
            let mut s = [[i32x4_splat(0); NR]; MR];
            for i in (0..k16).step_by(16) {
                let a: [(v128, v128); MR] = core::array::from_fn(|r| {
                    let v = load(qs[r], i);
                    (u16x8_extend_low_u8x16(v), u16x8_extend_high_u8x16(v))
                });
                for j in 0..NR {
                    let v = load(ws[j], i);
                    let (lo, hi) = (i16x8_extend_low_i8x16(v), i16x8_extend_high_i8x16(v));
                    for r in 0..MR {
                        s[r][j] = i32x4_add(
                            s[r][j],
                            i32x4_add(i32x4_dot_i16x8(a[r].0, lo), i32x4_dot_i16x8(a[r].1, hi)),
                        );
                    }
                }
            }
            core::array::from_fn(|r| hsum4(&s[r]))
        })
    }

    /// Relaxed SIMD: `i32x4.relaxed_dot_i8x16_i7x16_add_s`, 16 products per instruction; the
    /// activations (0..=127) are the 7-bit operand, the weights (-127..=127) the signed one, so
    /// each pair sum stays within i16 and the result is the exact one on every engine.
    ///
    /// # Safety
    /// The engine must support relaxed SIMD.
    #[cfg(feature = "relaxed-simd")]
    pub unsafe fn dot_rows_relaxed(q: &[u8], w: &[i8], k: usize, n: usize, acc: &mut [i32]) {
        // SAFETY: the caller guarantees relaxed SIMD.
        super::drive(q, w, k, n, acc, 16, |qs, ws, k16| unsafe {
            block_relaxed(qs, ws, k16)
        })
    }

    /// One MR × NR block; its own function so that it carries the target feature (a closure
    /// need not inherit it).
    ///
    /// # Safety
    /// Relaxed SIMD, and rows of at least `k16` bytes (a multiple of 16), as `drive` gives.
    #[cfg(feature = "relaxed-simd")]
    #[target_feature(enable = "relaxed-simd")]
    unsafe fn block_relaxed(qs: &[&[u8]; MR], ws: &[&[i8]; NR], k16: usize) -> [[i32; NR]; MR] {
        let mut s = [[i32x4_splat(0); NR]; MR];
        for i in (0..k16).step_by(16) {
            // SAFETY: i + 16 ≤ k16, within every row (the caller's contract).
            let a: [v128; MR] = core::array::from_fn(|r| unsafe { load(qs[r], i) });
            for j in 0..NR {
                // SAFETY: as above.
                let v = unsafe { load(ws[j], i) };
                for r in 0..MR {
                    s[r][j] = i32x4_relaxed_dot_i8x16_i7x16_add(v, a[r], s[r][j]);
                }
            }
        }
        core::array::from_fn(|r| hsum4(&s[r]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::kernels::tests::values;

    fn int8(n: usize, seed: u32) -> Vec<i8> {
        values(n, seed, 127.99)
            .iter()
            .map(|v| v.trunc().clamp(-127.0, 127.0) as i8)
            .collect()
    }

    /// The plain definition, in i64.
    fn reference(q: &[u8], w: &[i8], k: usize, n: usize) -> Vec<i32> {
        let rows = q.len() / k;
        let mut out = vec![0i32; rows * n];
        for r in 0..rows {
            for c in 0..n {
                let s: i64 = (0..k)
                    .map(|i| i64::from(q[r * k + i]) * i64::from(w[c * k + i]))
                    .sum();
                out[r * n + c] = i32::try_from(s).unwrap();
            }
        }
        out
    }

    /// The path this build compiles (portable natively; SIMD128 or relaxed under wasm) against
    /// the definition, on shapes with row, channel and depth remainders, and on the extremes.
    #[test]
    fn integer_dot_products_are_exact() {
        for (rows, k, n) in [
            (1, 16, 4),
            (5, 37, 7),
            (16, 256, 12),
            (3, 1024, 5),
            (2, 15, 1),
        ] {
            let q: Vec<u8> = values(rows * k, 7, 64.0)
                .iter()
                .map(|v| (v + 63.5) as u8)
                .collect();
            let w = int8(n * k, 9);
            let want = reference(&q, &w, k, n);
            let mut acc = vec![0; rows * n];
            dot_rows(&q, &w, k, n, &mut acc);
            assert_eq!(acc, want, "{rows}×{k}×{n}");
            dot_rows_portable(&q, &w, k, n, &mut acc);
            assert_eq!(acc, want, "{rows}×{k}×{n} portable");
            #[cfg(target_arch = "x86_64")]
            {
                sse2::dot_rows_sse2(&q, &w, k, n, &mut acc);
                assert_eq!(acc, want, "{rows}×{k}×{n} SSE2");
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: detected just above.
                    unsafe { avx2::dot_rows(&q, &w, k, n, &mut acc) };
                    assert_eq!(acc, want, "{rows}×{k}×{n} AVX2");
                }
            }
        }
        // Largest magnitudes: 127 · ±127 over 1024 values.
        let (k, n) = (1024, 2);
        let q = vec![127u8; k];
        let w: Vec<i8> = (0..n * k).map(|i| if i < k { 127 } else { -127 }).collect();
        let mut acc = vec![0; n];
        dot_rows(&q, &w, k, n, &mut acc);
        assert_eq!(acc, vec![127 * 127 * 1024, -127 * 127 * 1024]);
    }

    #[test]
    fn rows_quantize_within_half_a_step() {
        let x = values(300, 3, 5.0);
        let mut q = vec![0u8; 300];
        let (s, lo) = quantize_row(&x, &mut q);
        assert_eq!(*q.iter().max().unwrap(), 127);
        assert_eq!(*q.iter().min().unwrap(), 0);
        for (v, &q) in x.iter().zip(&q) {
            assert!((lo + s * f32::from(q) - v).abs() <= s * 0.5001, "{v}");
        }
        // A constant row comes back exactly.
        let (s, lo) = quantize_row(&[2.5; 8], &mut q[..8]);
        assert_eq!((s, lo), (0.0, 2.5));
        assert!(q[..8].iter().all(|&v| v == 0));
    }

    /// The vectorised rounding gives the saturating conversion's bytes, NaN and ±∞ included, so
    /// every build (and every earlier result) keeps the same integers.
    #[test]
    fn rounding_equals_the_saturating_conversion() {
        let mut x = values(4096, 11, 40.0);
        x[7] = f32::NAN;
        x[300] = f32::INFINITY;
        x[600] = -1e30;
        let mut checked = 0;
        for row in x.chunks(256) {
            let mut q = vec![0u8; row.len()];
            let (step, lo) = quantize_row(row, &mut q);
            let hi = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            if step == 0.0 || !lo.is_finite() || !hi.is_finite() {
                continue;
            }
            checked += 1;
            let inv = 127.0 / (hi - lo);
            let want: Vec<u8> = row
                .iter()
                .map(|&v| ((v - lo) * inv + 0.5).min(127.0) as i32 as u8)
                .collect();
            assert_eq!(q, want);
        }
        // Every row but the one holding +∞ (the NaN row and the -1e30 row included).
        assert_eq!(checked, 15);
    }

    /// The whole product against fp32 with the dequantized weights: within the activations'
    /// rounding (half a step per value).
    #[test]
    fn product_is_close_to_fp32_and_packs_columns() {
        let (rows, k, n) = (37, 256, 24);
        let q = int8(k * n, 11);
        let scale: Vec<f32> = (0..n).map(|c| 0.001 + c as f32 * 1e-4).collect();
        let p = PackedLinear::from_columns(&q, k, n, &scale).unwrap();
        assert_eq!((p.input_features(), p.output_features()), (k, n));
        let x = values(rows * k, 5, 3.0);
        let got = p.forward(&x);
        for r in 0..rows {
            let xr = &x[r * k..(r + 1) * k];
            let (lo, hi) = xr
                .iter()
                .fold((f32::MAX, f32::MIN), |(a, b), &v| (a.min(v), b.max(v)));
            let step = (hi - lo) / 127.0;
            for c in 0..n {
                let w = |i: usize| f32::from(q[i * n + c]) * scale[c];
                let exact: f32 = (0..k).map(|i| xr[i] * w(i)).sum();
                let bound: f32 = (0..k).map(|i| w(i).abs()).sum::<f32>() * step * 0.5 + 1e-4;
                let d = (got[r * n + c] - exact).abs();
                assert!(d <= bound, "row {r} channel {c}: {d} > {bound}");
            }
        }
        assert!(PackedLinear::from_columns(&q, k, n + 1, &scale).is_none());
        let mut bad = q.clone();
        bad[3] = i8::MIN;
        assert!(PackedLinear::from_columns(&bad, k, n, &scale).is_none());
    }

    /// Splitting rows into tasks must not change a value: each row is quantized on its own.
    #[test]
    fn results_do_not_depend_on_the_row_count() {
        let (k, n) = (64, 8);
        let p = PackedLinear::from_columns(&int8(k * n, 2), k, n, &vec![0.01; n]).unwrap();
        let x = values(40 * k, 4, 2.0);
        let all = p.forward(&x);
        for r in [0, 15, 16, 17, 39] {
            assert_eq!(p.forward(&x[r * k..(r + 1) * k]), all[r * n..(r + 1) * n]);
        }
    }
}
