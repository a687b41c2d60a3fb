//! The native side of check.mjs: the same exports, as JSON.
fn main() {
    use int8_kernels_check::*;
    let t = std::time::Instant::now();
    bench(10);
    let ms = t.elapsed().as_secs_f64() * 1e3 / 10.0;
    println!(
        "{{\"mismatches\":{},\"hash\":\"{:x}\",\"ms_384x256x1024\":{ms},\"gmacs\":{}}}",
        mismatches(),
        product_hash(),
        (384.0 * 256.0 * 1024.0) / ms / 1e6
    );
}
