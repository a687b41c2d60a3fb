//! Micro-kernels shaped like gemm's (packed row panels of MRV×4 rows, an unpacked right-hand side
//! whose columns are contiguous, as gemm calls them for burn-flex's row-major products), so that
//! the shapes and unrolls V8 compiles best can be told apart before touching vendor/gemm-f32.
#![no_std]
use core::arch::wasm32::*;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

#[inline(always)]
unsafe fn mul_add(a: v128, b: v128, c: v128) -> v128 {
    #[cfg(target_feature = "relaxed-simd")]
    {
        f32x4_relaxed_madd(a, b, c)
    }
    #[cfg(not(target_feature = "relaxed-simd"))]
    {
        f32x4_add(c, f32x4_mul(a, b))
    }
}

/// gemm's loop: per depth step, load the MRV row vectors, then per column a broadcast and MRV
/// multiply-adds; the depth loop unrolled U times.
#[inline(always)]
unsafe fn kernel<const MRV: usize, const NR: usize, const U: usize>(
    k: usize,
    mut lhs: *const f32,
    mut rhs: *const f32,
    rhs_cs: usize,
    dst: *mut f32,
    dst_cs: usize,
) {
    let mut acc = [[f32x4_splat(0.0); MRV]; NR];
    for _ in 0..k / U {
        for u in 0..U {
            let mut l = [f32x4_splat(0.0); MRV];
            for (i, l) in l.iter_mut().enumerate() {
                *l = v128_load(lhs.add((u * MRV + i) * 4) as *const v128);
            }
            for (j, acc) in acc.iter_mut().enumerate() {
                let r = f32x4_splat(*rhs.add(j * rhs_cs + u));
                for (acc, l) in acc.iter_mut().zip(l) {
                    *acc = mul_add(l, r, *acc);
                }
            }
        }
        lhs = lhs.add(U * MRV * 4);
        rhs = rhs.add(U);
    }
    for (j, acc) in acc.iter().enumerate() {
        for (i, acc) in acc.iter().enumerate() {
            let p = dst.add(j * dst_cs + i * 4) as *mut v128;
            v128_store(p, f32x4_add(v128_load(p), *acc));
        }
    }
}

type Kernel = unsafe fn(usize, *const f32, *const f32, usize, *mut f32, usize);

/// C (m×n, columns contiguous) += A (packed in MRV×4-row panels) · B (k×n, columns contiguous),
/// one kernel call per tile through a function pointer, as gemm dispatches.
unsafe fn product<const MRV: usize, const NR: usize>(
    m: usize,
    n: usize,
    k: usize,
    a: *const f32,
    b: *const f32,
    c: *mut f32,
    f: Kernel,
) {
    for j in (0..n - n % NR).step_by(NR) {
        for i in (0..m - m % (MRV * 4)).step_by(MRV * 4) {
            f(k, a.add(i * k), b.add(j * k), k, c.add(j * m + i), m);
        }
    }
}

macro_rules! kernels {
    ($($id:literal $name:ident $mrv:literal $nr:literal $u:literal),* $(,)?) => {
        $(unsafe fn $name(k: usize, l: *const f32, r: *const f32, rcs: usize, d: *mut f32, dcs: usize) {
            kernel::<$mrv, $nr, $u>(k, l, r, rcs, d, dcs)
        })*
        /// Names of the kernels, by id, separated by spaces.
        const NAMES: &str = concat!($(stringify!($name), " "),*);
        #[no_mangle]
        pub unsafe extern "C" fn run(id: u32, m: usize, n: usize, k: usize, a: *const f32, b: *const f32, c: *mut f32) {
            match id {
                $($id => product::<$mrv, $nr>(m, n, k, a, b, c, $name),)*
                _ => {}
            }
        }
    };
}

// upstream gemm-f32 0.19: 12x4 unrolled twice; shipped (vendor/gemm-f32): 8x4 not unrolled.
kernels! {
    0 upstream_12x4_u2 3 4 2,
    1 k12x4_u1 3 4 1,
    2 k12x3_u1 3 3 1,
    3 k12x2_u1 3 2 1,
    4 k16x2_u1 4 2 1,
    5 k16x3_u1 4 3 1,
    6 k8x4_u2 2 4 2,
    7 shipped_8x4_u1 2 4 1,
    8 k8x6_u1 2 6 1,
}

#[no_mangle]
pub extern "C" fn names() -> *const u8 {
    NAMES.as_ptr()
}

#[no_mangle]
pub extern "C" fn names_len() -> usize {
    NAMES.len()
}

/// `n` floats from a bump arena (the bench allocates three buffers once).
#[no_mangle]
pub unsafe extern "C" fn alloc(n: usize) -> *mut f32 {
    static mut ARENA: [f32; 1 << 20] = [0.0; 1 << 20];
    static mut TOP: usize = 0;
    let p = (core::ptr::addr_of_mut!(ARENA) as *mut f32).add(TOP);
    TOP += (n + 15) & !15;
    assert!(TOP <= 1 << 20);
    p
}
