//! How `backend: 'auto'` chooses between WebGPU and the CPU. Pure logic, so native tests cover
//! it; the browser side (`crates/web/src/gpu.rs`, `crates/web/src/lib.rs`) gathers the facts and runs the measurements.
//!
//! A WebGPU adapter is not a fast GPU: a software adapter (SwiftShader, WARP, lavapipe) takes
//! about 30 s for a 384-token forward where the CPU backend takes 0.2 s, and small models like
//! this one often run faster on the CPU than on an ordinary laptop GPU. So `auto` never takes a
//! software adapter, and otherwise times one warm forward on each backend and keeps the faster,
//! remembering the result per adapter and bundle so that later loads pay nothing.

use serde::{Deserialize, Serialize};

/// What the browser says about its WebGPU adapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adapter {
    /// `adapter.info.isFallbackAdapter` (or the older `adapter.isFallbackAdapter`): a software
    /// implementation.
    pub fallback: bool,
    /// Vendor, architecture and description, for the reason string and the cache key.
    pub name: String,
}

/// Warm forward times of one 384-token window, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    pub gpu_ms: f64,
    pub cpu_ms: f64,
}

/// The decision, with the reason `backendReason` reports.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Gpu(String),
    Cpu(String),
    /// Both are possible and nothing is known yet: time them, then call [`after_timing`].
    Measure,
}

impl Decision {
    /// What `backendReason` says for this decision.
    pub fn reason(&self) -> String {
        match self {
            Decision::Gpu(r) | Decision::Cpu(r) => r.clone(),
            Decision::Measure => "not decided yet: both backends are to be timed".into(),
        }
    }
}

/// The key a decision is remembered under: the adapter and the bundle's manifest hash.
pub fn cache_key(adapter: &Adapter, bundle: &str) -> String {
    format!("auto-backend\u{1f}{}\u{1f}{bundle}", adapter.name)
}

/// Before any measurement: no adapter or a software one means the CPU; a remembered timing
/// decides at once; otherwise measure.
pub fn before_timing(adapter: Option<&Adapter>, remembered: Option<Timings>) -> Decision {
    let Some(a) = adapter else {
        return Decision::Cpu("cpu: no WebGPU adapter".into());
    };
    if a.fallback {
        return Decision::Cpu(format!("cpu: software WebGPU adapter skipped ({})", a.name));
    }
    match remembered {
        Some(t) => with_reason(a, t, "measured on an earlier load"),
        None => Decision::Measure,
    }
}

/// After timing one warm forward on each backend: the faster one (ties go to the CPU, which
/// starts at once and holds no GPU memory).
pub fn after_timing(adapter: &Adapter, t: Timings) -> Decision {
    with_reason(adapter, t, "measured now")
}

fn with_reason(a: &Adapter, t: Timings, when: &str) -> Decision {
    let times = format!("{:.0} ms vs cpu {:.0} ms, {when}", t.gpu_ms, t.cpu_ms);
    if t.gpu_ms.is_finite() && t.gpu_ms < t.cpu_ms {
        Decision::Gpu(format!("webgpu ({}): {times}", a.name))
    } else {
        Decision::Cpu(format!("cpu: webgpu ({}) {times}", a.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gpu(name: &str) -> Adapter {
        Adapter {
            fallback: false,
            name: name.into(),
        }
    }

    #[test]
    fn no_adapter_or_a_software_one_means_the_cpu_without_measuring() {
        assert_eq!(
            before_timing(None, None),
            Decision::Cpu("cpu: no WebGPU adapter".into())
        );
        let swiftshader = Adapter {
            fallback: true,
            name: "google swiftshader".into(),
        };
        let fast = Timings {
            gpu_ms: 1.0,
            cpu_ms: 200.0,
        };
        // Even a remembered fast timing never brings back a software adapter.
        match before_timing(Some(&swiftshader), Some(fast)) {
            Decision::Cpu(r) => assert!(r.contains("software") && r.contains("swiftshader"), "{r}"),
            d => panic!("{d:?}"),
        }
    }

    #[test]
    fn a_hardware_adapter_is_measured_once_then_remembered() {
        let a = gpu("nvidia ampere");
        assert_eq!(before_timing(Some(&a), None), Decision::Measure);
        let fast_gpu = Timings {
            gpu_ms: 9.0,
            cpu_ms: 140.0,
        };
        assert_eq!(
            after_timing(&a, fast_gpu),
            Decision::Gpu("webgpu (nvidia ampere): 9 ms vs cpu 140 ms, measured now".into())
        );
        match before_timing(Some(&a), Some(fast_gpu)) {
            Decision::Gpu(r) => assert!(r.ends_with("measured on an earlier load"), "{r}"),
            d => panic!("{d:?}"),
        }
        // A slow laptop GPU loses to the CPU; so does a tie or a failed (infinite) timing.
        let slow_gpu = Timings {
            gpu_ms: 300.0,
            cpu_ms: 150.0,
        };
        assert!(matches!(after_timing(&a, slow_gpu), Decision::Cpu(r) if r.starts_with("cpu: webgpu (nvidia ampere) 300 ms")));
        let tie = Timings {
            gpu_ms: 150.0,
            cpu_ms: 150.0,
        };
        assert!(matches!(after_timing(&a, tie), Decision::Cpu(_)));
        let failed = Timings {
            gpu_ms: f64::INFINITY,
            cpu_ms: 150.0,
        };
        assert!(matches!(after_timing(&a, failed), Decision::Cpu(_)));
    }

    #[test]
    fn decisions_are_kept_per_adapter_and_bundle() {
        let (a, b) = (gpu("x"), gpu("y"));
        assert_ne!(cache_key(&a, "h1"), cache_key(&b, "h1"));
        assert_ne!(cache_key(&a, "h1"), cache_key(&a, "h2"));
        assert_eq!(cache_key(&a, "h1"), cache_key(&gpu("x"), "h1"));
    }
}
