//! WebGPU: detection, one-time runtime init, and the self-test that decides whether to use it.

use std::cell::RefCell;

use burn::tensor::Device;
use js_sys::Reflect;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use wasm_bindgen::JsValue;

use crate::error::describe;
use korean_qa::choice::Adapter;
use korean_qa::model::QaModel;

thread_local! {
    /// burn's wgpu runtime can be initialised once per page; later engines reuse it.
    static DEVICE: RefCell<Option<Result<Device, String>>> = const { RefCell::new(None) };
}

/// `navigator.gpu.requestAdapter()`'s adapter, described: the cheap check before burn's init.
pub async fn adapter() -> Result<Adapter, String> {
    let navigator =
        Reflect::get(&js_sys::global(), &"navigator".into()).map_err(|e| describe(&e))?;
    let gpu = Reflect::get(&navigator, &"gpu".into()).map_err(|e| describe(&e))?;
    if gpu.is_undefined() || gpu.is_null() {
        return Err("this browser has no WebGPU (navigator.gpu is missing)".into());
    }
    let request: js_sys::Function = Reflect::get(&gpu, &"requestAdapter".into())
        .map_err(|e| describe(&e))?
        .dyn_into()
        .map_err(|_| "navigator.gpu.requestAdapter is not a function".to_string())?;
    let promise: js_sys::Promise = request
        .call0(&gpu)
        .map_err(|e| describe(&e))?
        .dyn_into()
        .map_err(|_| "requestAdapter returned no promise")?;
    let adapter = JsFuture::from(promise).await.map_err(|e| describe(&e))?;
    if adapter.is_null() || adapter.is_undefined() {
        return Err("no WebGPU adapter is available".into());
    }
    let info = Reflect::get(&adapter, &"info".into()).unwrap_or(JsValue::UNDEFINED);
    let field = |o: &JsValue, k: &str| Reflect::get(o, &k.into()).ok().filter(|v| !v.is_undefined());
    let text = |k: &str| field(&info, k).and_then(|v| v.as_string()).filter(|s| !s.is_empty());
    // `info.isFallbackAdapter` now, `adapter.isFallbackAdapter` in older browsers.
    let fallback = field(&info, "isFallbackAdapter")
        .or_else(|| field(&adapter, "isFallbackAdapter"))
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    let name: Vec<String> = ["vendor", "architecture", "device", "description"]
        .into_iter()
        .filter_map(text)
        .collect();
    Ok(Adapter {
        fallback,
        name: if name.is_empty() { "unnamed adapter".into() } else { name.join(" ") },
    })
}

/// The page's wgpu device, initialised on first use; a failed init is remembered, not retried.
pub async fn device() -> Result<Device, String> {
    if let Some(d) = DEVICE.with(|d| d.borrow().clone()) {
        return d;
    }
    adapter().await?;
    let result = Device::wgpu_options()
        .init_async()
        .await
        .map_err(|e| format!("wgpu init failed: {e:?}"));
    DEVICE.with(|d| *d.borrow_mut() = Some(result.clone()));
    result
}

/// One small forward: it must run, read back, and give finite logits of the right length.
pub async fn self_test(model: &QaModel) -> Result<(), String> {
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

/// Milliseconds of one warm forward of a 384-token window (one warm-up first): what `auto`
/// compares. A failure counts as infinitely slow.
pub async fn time_forward(model: &QaModel) -> f64 {
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
    let started = js_sys::Date::now();
    match run().await {
        Ok(_) => js_sys::Date::now() - started,
        Err(_) => f64::INFINITY,
    }
}
