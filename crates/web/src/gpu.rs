//! WebGPU: the page's one-time runtime init, and an engine on it that has passed a self-test.
//! Whether the browser has an adapter, and whether it is a software one, the load plan has
//! already asked (js/plan.js).

use std::cell::RefCell;

use burn::tensor::Device;

use korean_qa::QaEngine;
use korean_qa::bundle::BundleBytes;
use korean_qa::model::QaModel;

thread_local! {
    /// burn's wgpu runtime can be initialised once per page; later engines reuse it.
    static DEVICE: RefCell<Option<Result<Device, String>>> = const { RefCell::new(None) };
}

/// The page's wgpu device, initialised on first use; a failed init is remembered, not retried.
async fn device() -> Result<Device, String> {
    if let Some(d) = DEVICE.with(|d| d.borrow().clone()) {
        return d;
    }
    let result = Device::wgpu_options()
        .init_async()
        .await
        .map_err(|e| format!("wgpu init failed: {e:?}"));
    DEVICE.with(|d| *d.borrow_mut() = Some(result.clone()));
    result
}

/// An engine on the page's WebGPU device, once a small forward on it has worked.
pub async fn engine(bundle: BundleBytes) -> Result<QaEngine, String> {
    let device = device().await?;
    let engine = QaEngine::new(bundle, &device).map_err(|e| e.to_string())?;
    self_test(engine.model()).await?;
    Ok(engine)
}

/// One small forward: it must run, read back, and give finite logits of the right length.
async fn self_test(model: &QaModel) -> Result<(), String> {
    let seq = 16;
    let ids: Vec<i64> = (0..seq as i64)
        .map(|i| if i == 0 { 2 } else { 5 + i * 97 })
        .collect();
    let mask = vec![1i64; seq];
    let types: Vec<i64> = (0..seq).map(|i| i64::from(i >= 8)).collect();
    let (start, end) = model
        .forward_raw(1, seq, &ids, &mask, &types)
        .await
        .map_err(|e| e.to_string())?;
    if start.len() != seq || end.len() != seq {
        return Err(format!(
            "self-test read back {} and {} logits, expected {seq}",
            start.len(),
            end.len()
        ));
    }
    if start.iter().chain(&end).any(|v| !v.is_finite()) {
        return Err("self-test produced non-finite logits".into());
    }
    Ok(())
}
