//! The load plan's `backend: 'measure'` (js/plan.js): a hardware WebGPU adapter that nothing rules
//! out. One warm forward on WebGPU and one on the CPU, the faster engine kept (the rule is
//! `korean_qa::choice`), and the timings remembered per adapter and bundle so that a later load
//! decides at once.

use korean_qa::QaEngine;
use korean_qa::bundle::BundleBytes;
use korean_qa::choice::{self, Decision, Measured, Timings};
use korean_qa::model::QaModel;

use crate::error::WebError;
use crate::cache::{self, MANIFESTS};
use crate::{gpu, now_ms};

/// The faster of WebGPU on `adapter` and the CPU (`cpu` builds that engine), with the decision
/// and its reason. A WebGPU that fails to start or to pass its self-test leaves the CPU.
pub async fn faster(
    bundle: BundleBytes,
    adapter: &str,
    cpu: impl FnOnce(BundleBytes) -> Result<QaEngine, korean_qa::QaError>,
) -> Result<(Decision, QaEngine), WebError> {
    let failed = |e: String| {
        web_sys::console::info_1(&format!("korean-qa: WebGPU unavailable ({e}); using the CPU").into());
        Decision::Cpu(format!("cpu: webgpu failed ({e})"))
    };
    // Remembered per adapter and weights file: another bundle, or another GPU, measures again.
    let key = choice::cache_key(adapter, &bundle.manifest.files.weights.sha256);
    let remembered = recall(&key)
        .await
        .and_then(|b| serde_json::from_slice::<Timings>(&b).ok());
    if let Some(t) = remembered {
        return Ok(match choice::decide(adapter, t, Measured::Earlier) {
            Decision::Gpu(reason) => match gpu::engine(bundle.clone()).await {
                Ok(engine) => (Decision::Gpu(reason), engine),
                Err(e) => (failed(e), cpu(bundle)?),
            },
            d => (d, cpu(bundle)?),
        });
    }
    let started = now_ms();
    let gpu = match gpu::engine(bundle.clone()).await {
        Ok(engine) => engine,
        Err(e) => return Ok((failed(e), cpu(bundle)?)),
    };
    let on_cpu = cpu(bundle)?;
    let t = Timings {
        gpu_ms: forward_ms(gpu.model()).await,
        cpu_ms: forward_ms(on_cpu.model()).await,
    };
    if let Ok(json) = serde_json::to_vec(&t) {
        remember(&key, &json).await;
    }
    web_sys::console::debug_1(
        &format!("korean-qa: backend measurement took {:.0} ms", now_ms() - started).into(),
    );
    Ok(match choice::decide(adapter, t, Measured::Now) {
        d @ Decision::Gpu(_) => (d, gpu),
        d => (d, on_cpu),
    })
}

/// Milliseconds of one warm forward of a 384-token window (one warm-up first), on whichever
/// backend `model` runs. A failure counts as infinitely slow.
async fn forward_ms(model: &QaModel) -> f64 {
    let seq = 384;
    let ids: Vec<i64> = (0..seq as i64)
        .map(|i| match i {
            0 => 2,
            383 => 3,
            _ => 5 + (i * 7919) % 30000,
        })
        .collect();
    let mask = vec![1i64; seq];
    let types: Vec<i64> = (0..seq).map(|i| i64::from(i >= 24)).collect();
    let run = || model.forward_raw(1, seq, &ids, &mask, &types);
    if run().await.is_err() {
        return f64::INFINITY;
    }
    let started = now_ms();
    match run().await {
        Ok(_) => now_ms() - started,
        Err(_) => f64::INFINITY,
    }
}

// The timing store: one small record per adapter and bundle, beside the cache's manifests (the
// cache's eviction under a full quota drops it; the next load times again).

/// The timings kept under `key`, or None.
async fn recall(key: &str) -> Option<Vec<u8>> {
    let db = cache::open_db().await.ok()?;
    cache::get(&db, MANIFESTS, key).await.ok().flatten().map(|b| b.to_vec())
}

/// Keeps timings under `key`; without IndexedDB they are simply not kept.
async fn remember(key: &str, bytes: &[u8]) {
    if let Ok(db) = cache::open_db().await {
        let _ = cache::put(&db, MANIFESTS, key, bytes).await;
    }
}
