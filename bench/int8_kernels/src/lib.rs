//! `src/model/int8.rs` on its own (its one dependency, `kernels::reduce`, as a plain fold: min and
//! max are exact in any order), with C exports that a browser page calls: integer mismatches against
//! an i64 reference, a hash of a whole product's output bits, and a timing loop.

#[path = "../../../src/model/int8.rs"]
pub mod int8;
pub mod kernels {
    pub(crate) fn reduce(values: &[f32], init: f32, op: impl Fn(f32, f32) -> f32) -> f32 {
        values.iter().fold(init, |a, &b| op(a, b))
    }
}
use int8::{PackedLinear, dot_rows};

fn values(n: usize, seed: u32, scale: f32) -> Vec<f32> {
    (0..n)
        .map(|i| {
            let h = (i as u32 ^ seed).wrapping_mul(2_654_435_761).rotate_left(13);
            (h as f32 / u32::MAX as f32 * 2.0 - 1.0) * scale
        })
        .collect()
}

fn int8(n: usize, seed: u32) -> Vec<i8> {
    values(n, seed, 127.99).iter().map(|v| v.trunc().clamp(-127.0, 127.0) as i8).collect()
}

/// Sums of `dot_rows` that differ from the i64 definition, over shapes with row, channel and depth
/// remainders and the extreme values (0 = every sum exact).
#[unsafe(no_mangle)]
pub extern "C" fn mismatches() -> u32 {
    let mut bad = 0;
    for (rows, k, n) in [(1, 16, 4), (5, 37, 7), (16, 256, 12), (3, 1024, 5), (2, 15, 1), (7, 128, 9)] {
        let q: Vec<u8> = values(rows * k, 7, 64.0).iter().map(|v| (v + 63.5) as u8).collect();
        let w = int8(n * k, 9);
        let mut acc = vec![0i32; rows * n];
        dot_rows(&q, &w, k, n, &mut acc);
        for r in 0..rows {
            for c in 0..n {
                let s: i64 = (0..k).map(|i| i64::from(q[r * k + i]) * i64::from(w[c * k + i])).sum();
                bad += u32::from(s != i64::from(acc[r * n + c]));
            }
        }
    }
    let (k, n) = (1024, 2);
    let w: Vec<i8> = (0..n * k).map(|i| if i < k { 127 } else { -127 }).collect();
    let mut acc = vec![0; n];
    dot_rows(&vec![127u8; k], &w, k, n, &mut acc);
    bad + u32::from(acc != [127 * 127 * 1024, -127 * 127 * 1024])
}

fn layer() -> PackedLinear {
    let (k, n) = (256, 1024);
    let scale: Vec<f32> = (0..n).map(|c| 0.001 + c as f32 * 1e-6).collect();
    PackedLinear::from_columns(&int8(k * n, 11), k, n, &scale).expect("fits")
}

/// FNV-1a of the output bits of a 37 × 256 · 256 × 1024 product (quantization, kernel, epilogue).
#[unsafe(no_mangle)]
pub extern "C" fn product_hash() -> u64 {
    let out = layer().forward(&values(37 * 256, 5, 3.0));
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in out.iter().flat_map(|v| v.to_bits().to_le_bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// `reps` products of 384 × 256 · 256 × 1024 (the feed-forward's first Linear at 384 tokens):
/// the caller times it. Returns a value of the output so that nothing is optimised away.
#[unsafe(no_mangle)]
pub extern "C" fn bench(reps: u32) -> f32 {
    let (p, x) = (layer(), values(384 * 256, 3, 2.0));
    (0..reps).map(|_| p.forward(&x)[7]).sum()
}
