//! How `backend: 'auto'` settles between WebGPU and the CPU once the load plan (`js/plan.js`) has
//! left both open: a hardware WebGPU adapter, and nothing that rules it out. Pure logic, so native
//! tests cover it; the WebGPU module (`crates/web/src/measure.rs`) runs the timings.
//!
//! A WebGPU adapter is not a fast GPU: small models like this one often run faster on the CPU than
//! on an ordinary laptop GPU. So the module times one warm forward on each backend and keeps the
//! faster, remembering the timings per adapter and bundle so that later loads pay nothing. The
//! plan has already refused software adapters, which take about 30 s a forward.

use serde::{Deserialize, Serialize};

/// Warm forward times of one 384-token window, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    pub gpu_ms: f64,
    pub cpu_ms: f64,
}

/// Which backend the timings chose, with the reason `backendReason` reports.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Gpu(String),
    Cpu(String),
}

/// When the timings were taken: what the reason ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measured {
    Now,
    /// Read back from the store (the same adapter and bundle, timed on an earlier load).
    Earlier,
}

/// The key timings are remembered under: the adapter's name and the bundle's weights hash.
pub fn cache_key(adapter: &str, bundle: &str) -> String {
    format!("auto-backend\u{1f}{adapter}\u{1f}{bundle}")
}

/// The faster backend of `adapter` and the CPU. Ties go to the CPU, which starts at once and
/// holds no GPU memory; a failed timing (infinite) always loses.
pub fn decide(adapter: &str, t: Timings, when: Measured) -> Decision {
    let when = match when {
        Measured::Now => "measured now",
        Measured::Earlier => "measured on an earlier load",
    };
    let times = format!("{:.0} ms vs cpu {:.0} ms, {when}", t.gpu_ms, t.cpu_ms);
    if t.gpu_ms.is_finite() && t.gpu_ms < t.cpu_ms {
        Decision::Gpu(format!("webgpu ({adapter}): {times}"))
    } else {
        Decision::Cpu(format!("cpu: webgpu ({adapter}) {times}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_faster_backend_wins_and_the_reason_gives_both_times() {
        let fast_gpu = Timings {
            gpu_ms: 9.0,
            cpu_ms: 140.0,
        };
        assert_eq!(
            decide("nvidia ampere", fast_gpu, Measured::Now),
            Decision::Gpu("webgpu (nvidia ampere): 9 ms vs cpu 140 ms, measured now".into())
        );
        assert_eq!(
            decide("nvidia ampere", fast_gpu, Measured::Earlier),
            Decision::Gpu("webgpu (nvidia ampere): 9 ms vs cpu 140 ms, measured on an earlier load".into())
        );
        // A slow laptop GPU loses to the CPU; so does a tie or a failed (infinite) timing.
        let slow_gpu = Timings {
            gpu_ms: 300.0,
            cpu_ms: 150.0,
        };
        assert_eq!(
            decide("intel xe", slow_gpu, Measured::Now),
            Decision::Cpu("cpu: webgpu (intel xe) 300 ms vs cpu 150 ms, measured now".into())
        );
        for gpu_ms in [150.0, f64::INFINITY, f64::NAN] {
            let t = Timings { gpu_ms, cpu_ms: 150.0 };
            assert!(matches!(decide("x", t, Measured::Now), Decision::Cpu(_)), "{gpu_ms}");
        }
    }

    #[test]
    fn timings_are_kept_per_adapter_and_bundle() {
        assert_ne!(cache_key("x", "h1"), cache_key("y", "h1"));
        assert_ne!(cache_key("x", "h1"), cache_key("x", "h2"));
        assert_eq!(cache_key("x", "h1"), cache_key("x", "h1"));
    }
}
