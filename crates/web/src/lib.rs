//! The `#[wasm_bindgen]` facade: JS values in, core calls, JS values out. Browser plumbing lives
//! in `weights` (fetch, verify, IndexedDB) and `gpu` (WebGPU); the pipeline is the native core's.
//! Three modules are built from it: the WebGPU one (feature `webgpu`), the page's CPU-only one
//! (no feature) and the threaded one (`threads`, CPU only, with its thread pool: `pool`).

// Natively the crate is empty: it is the browser's facade only.
#![cfg(target_family = "wasm")]

mod error;
#[cfg(feature = "webgpu")]
mod gpu;
mod hub;
#[cfg(feature = "threads")]
mod pool;
mod weights;

use std::cell::RefCell;
use std::rc::Rc;

use futures_util::lock::Mutex;
use js_sys::{Function, JsString, Promise, Reflect};
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

pub use error::WebError;
#[cfg(feature = "threads")]
pub use pool::{PoolStart, run_pool_thread};

use korean_qa::backend::Backend;
use korean_qa::precision::{Compute, Precision};
use korean_qa::bundle::BundleBytes;
use korean_qa::{QaEngine, QaOptions};

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

unsafe extern "C" {
    /// wasm-ld's list of static constructors (`inventory` registrations of cubecl's IR, in the
    /// WebGPU build).
    fn __wasm_call_ctors();
}

#[wasm_bindgen(start)]
fn start() {
    // Run the static constructors once, here. Naming the symbol also stops wasm-ld from wrapping
    // every export in a call to all of them (`*.command_export`), which the page module paid on
    // each call into wasm: about 50 ms of a cached load and 1 ms of a forward.
    // SAFETY: the start function runs once per instance, before any other export is called.
    unsafe { __wasm_call_ctors() };
    std::panic::set_hook(Box::new(|info| {
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(info.to_string()));
        console_error_panic_hook::hook(info);
    }));
}

/// The message of the last Rust panic, so the JS wrapper can turn a trap into a coded error.
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> Option<String> {
    LAST_PANIC.with(|p| p.borrow().clone())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    Auto,
    WebGpu,
    Cpu,
}

/// The CPU backend `cpu` means in the browser (docs/architecture.md#the-browser-package).
const CPU: Backend = Backend::Flex;

struct LoadOptions {
    model: String,
    /// For `hf:` models: the hub, the precision to convert to (`None`: int8), a SHA-256 pin.
    hub_url: String,
    precision: Option<Precision>,
    sha256: Option<String>,
    backend: Choice,
    cpu: Backend,
    compute: Compute,
    cache: bool,
    on_progress: Option<Function>,
    signal: Option<AbortSignal>,
}

fn invalid_options(msg: String) -> WebError {
    WebError::Core(korean_qa::QaError::InvalidOptions(msg))
}

impl LoadOptions {
    /// Reads the options object field by field: functions and signals are not serde data.
    fn from_js(o: &JsValue) -> Result<Self, WebError> {
        let mut out = LoadOptions {
            model: korean_qa::hub::DEFAULT_MODEL.into(),
            hub_url: korean_qa::hub::DEFAULT_HUB.into(),
            precision: None,
            sha256: None,
            backend: Choice::Auto,
            cpu: CPU,
            compute: Compute::Auto,
            cache: true,
            on_progress: None,
            signal: None,
        };
        if o.is_undefined() || o.is_null() {
            return Ok(out);
        }
        if !o.is_object() {
            return Err(invalid_options(
                "QaEngine.load expects an options object".into(),
            ));
        }
        let field = |k: &str| {
            Reflect::get(o, &k.into())
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
        };
        if let Some(v) = field("model") {
            out.model = v.as_string().ok_or_else(|| {
                invalid_options("`model` must be the bundle's URL (a string)".into())
            })?;
        }
        if let Some(v) = field("hubUrl") {
            out.hub_url = v
                .as_string()
                .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                .ok_or_else(|| invalid_options("`hubUrl` must be an http(s) URL (a string)".into()))?;
        }
        if let Some(v) = field("precision") {
            out.precision = Some(
                v.as_string()
                    .unwrap_or_default()
                    .parse()
                    .map_err(|e: String| invalid_options(format!("`precision`: {e}")))?,
            );
        }
        if let Some(v) = field("sha256") {
            out.sha256 = Some(
                v.as_string()
                    .filter(|h| korean_qa::hub::is_hex(h, 64))
                    .ok_or_else(|| invalid_options("`sha256` must be 64 hex digits".into()))?,
            );
        }
        if let Some(v) = field("backend") {
            out.backend = match v.as_string().as_deref() {
                Some("auto") => Choice::Auto,
                Some("webgpu") => Choice::WebGpu,
                Some("cpu") => Choice::Cpu,
                _ => {
                    return Err(invalid_options(format!(
                        "`backend` must be 'auto', 'webgpu' or 'cpu', got {v:?}"
                    )));
                }
            };
        }
        if let Some(v) = field("cpuKernel") {
            let name = v.as_string().unwrap_or_default();
            // Only kernels compiled into this build parse; the error names them.
            out.cpu = name
                .parse()
                .map_err(|e: korean_qa::QaError| invalid_options(format!("`cpuKernel`: {e}")))?;
        }
        if let Some(v) = field("compute") {
            out.compute = v.as_string().unwrap_or_else(|| format!("{v:?}")).parse().map_err(
                |e: korean_qa::QaError| invalid_options(format!("`compute`: {e}")),
            )?;
        }
        if let Some(v) = field("cache") {
            out.cache = v
                .as_bool()
                .ok_or_else(|| invalid_options("`cache` must be a boolean".into()))?;
        }
        if let Some(v) = field("onProgress") {
            out.on_progress = Some(
                v.dyn_into()
                    .map_err(|_| invalid_options("`onProgress` must be a function".into()))?,
            );
        }
        if let Some(v) = field("signal") {
            out.signal = Some(
                v.dyn_into()
                    .map_err(|_| invalid_options("`signal` must be an AbortSignal".into()))?,
            );
        }
        Ok(out)
    }
}

struct Shared {
    /// `None` once disposed. The lock queues calls so GPU work never interleaves.
    engine: Mutex<Option<QaEngine>>,
    backend: &'static str,
    detail: String,
    reason: String,
    /// What the caller should know beside the backend: no hash to check, no cache.
    warnings: Vec<String>,
    from_cache: bool,
    /// The load converted a hub checkpoint and cached the bundle (`convertedIntoCache`).
    converted_into_cache: bool,
    name: String,
    precision: &'static str,
    compute: &'static str,
}

/// A loaded model. Create with `QaEngine.load(options)`.
#[wasm_bindgen(js_name = QaEngine)]
pub struct WebEngine {
    shared: Rc<Shared>,
}

/// `v` as a JS string, or INVALID_INPUT naming `what`. Nothing is copied yet.
fn js_str<'a>(v: &'a JsValue, what: &str) -> Result<&'a JsString, WebError> {
    v.dyn_ref()
        .ok_or_else(|| WebError::InvalidInput(format!("{what} must be a string")))
}

/// A JS string copied into wasm memory, refused if it holds a lone surrogate (its offsets would
/// not map back). Called only once its length is known to be within the limits: the check is one
/// call to `isWellFormed` where the browser has it (Chrome 111, Firefox 119), else one call per
/// code unit.
fn well_formed(s: &JsString, what: &str) -> Result<String, WebError> {
    let has_native = Reflect::get(s, &"isWellFormed".into()).is_ok_and(|f| f.is_function());
    let ok = if has_native { s.is_well_formed() } else { s.is_valid_utf16() };
    if !ok {
        return Err(WebError::InvalidInput(format!(
            "{what} contains a lone surrogate (invalid UTF-16)"
        )));
    }
    Ok(String::from(s))
}

/// A count argument (`batch`, `seq`): a JS number that is a non-negative integer, refused by name
/// otherwise, so that `-1` does not wrap to 4294967295 nor `1.9` truncate to 1 on the way in.
fn count(v: &JsValue, what: &str) -> Result<usize, WebError> {
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => Ok(n as usize),
        _ => Err(WebError::InvalidInput(format!(
            "{what} must be a whole number from 0 to {}; got {}",
            u32::MAX,
            match v.as_f64() {
                Some(n) => n.to_string(),
                None => v.js_typeof().as_string().unwrap_or_default(),
            }
        ))),
    }
}

/// An `Int32Array` argument of `logits`, or INVALID_INPUT naming it.
fn int32s(v: JsValue, what: &str) -> Result<js_sys::Int32Array, WebError> {
    v.dyn_into()
        .map_err(|_| WebError::InvalidInput(format!("{what} must be an Int32Array")))
}

/// The answer options that are not data: they steer one call while it runs.
#[derive(Default)]
struct AnswerControl {
    signal: Option<AbortSignal>,
    on_progress: Option<Function>,
    on_partial: Option<Function>,
}

impl AnswerControl {
    fn check_abort(&self) -> Result<(), WebError> {
        match &self.signal {
            Some(s) if s.aborted() => Err(WebError::AnswerAborted),
            _ => Ok(()),
        }
    }

    /// Calls a caller's callback; one that throws is reported, and the answer goes on.
    fn notify(f: &Option<Function>, value: impl FnOnce() -> Result<JsValue, WebError>) {
        let Some(f) = f else { return };
        match value() {
            Ok(v) => {
                if let Err(e) = f.call1(&JsValue::UNDEFINED, &v) {
                    web_sys::console::error_2(&"korean-qa: an answer callback threw".into(), &e);
                }
            }
            Err(e) => web_sys::console::error_1(&e.to_string().into()),
        }
    }
}

/// Splits the options into data (through a JSON map, so that unknown keys such as a typo like
/// `top_k` are refused, not ignored) and the call's signal and callbacks.
fn answer_options(options: JsValue) -> Result<(QaOptions, AnswerControl), WebError> {
    if options.is_undefined() || options.is_null() {
        return Ok((QaOptions::default(), AnswerControl::default()));
    }
    if !options.is_object() {
        return Err(invalid_options("answer options must be an object".into()));
    }
    // A shallow copy, so the caller's object is never changed.
    let data = js_sys::Object::assign(&js_sys::Object::new(), options.unchecked_ref());
    let take = |k: &str| {
        let v = Reflect::get(&data, &k.into()).unwrap_or(JsValue::UNDEFINED);
        let _ = Reflect::delete_property(&data, &k.into());
        Some(v).filter(|v| !v.is_undefined() && !v.is_null())
    };
    let function = |v: JsValue, k: &str| {
        v.dyn_into::<Function>()
            .map_err(|_| invalid_options(format!("`{k}` must be a function")))
    };
    let signal = take("signal");
    let on_progress = take("onProgress");
    let on_partial = take("onPartial");
    let control = AnswerControl {
        signal: signal
            .map(|v| v.dyn_into().map_err(|_| invalid_options("`signal` must be an AbortSignal".into())))
            .transpose()?,
        on_progress: on_progress.map(|v| function(v, "onProgress")).transpose()?,
        on_partial: on_partial.map(|v| function(v, "onPartial")).transpose()?,
    };
    // `{ topK: undefined }` means the default, as an absent key does. NaN and ±Infinity have no
    // JSON form (they would arrive as null, which disables `minScore`): refused here, by name.
    for key in js_sys::Object::keys(&data).iter() {
        let value = Reflect::get(&data, &key).unwrap_or(JsValue::UNDEFINED);
        if value.is_undefined() {
            let _ = Reflect::delete_property(&data, &key);
        } else if value.as_f64().is_some_and(|v| !v.is_finite()) {
            return Err(invalid_options(format!(
                "`{}` must be a finite number",
                key.as_string().unwrap_or_default()
            )));
        }
    }
    let map: serde_json::Map<String, serde_json::Value> =
        serde_wasm_bindgen::from_value(data.into())
            .map_err(|e| invalid_options(format!("answer options: {e}")))?;
    let opts = serde_json::from_value(serde_json::Value::Object(map))
        .map_err(|e| invalid_options(e.to_string()))?;
    Ok((opts, control))
}

/// Resolves on the next task of the event loop (`setTimeout(0)`): between batches of windows,
/// so that an `abort()`, a message to the Worker or the page's own work gets its turn.
async fn next_task() {
    let promise = Promise::new(&mut |resolve, _| {
        let global = js_sys::global();
        let set_timeout = Reflect::get(&global, &"setTimeout".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok());
        match set_timeout {
            Some(f) => {
                let _ = f.call2(&global, &resolve, &JsValue::from(0));
            }
            None => {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, WebError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| WebError::InvalidInput(format!("could not convert the result: {e}")))
}

/// Milliseconds from the global `performance` clock (sub-millisecond, in pages and Workers alike),
/// else from `Date`.
fn now_ms() -> f64 {
    Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// A loaded engine, the backend it runs on, and why that one.
struct Built {
    engine: QaEngine,
    backend: &'static str,
    detail: String,
    reason: String,
}

/// Builds the engine on the backend the options ask for; `auto` decides by `korean_qa::choice`.
async fn build(bundle: BundleBytes, opts: &LoadOptions) -> Result<Built, WebError> {
    let cpu = |bundle: BundleBytes, reason: String| -> Result<Built, WebError> {
        let engine = QaEngine::with_compute(bundle, &opts.cpu.device(), opts.compute)?;
        Ok(Built {
            engine,
            backend: "cpu",
            detail: format!("cpu ({})", opts.cpu),
            reason,
        })
    };
    if opts.backend == Choice::Cpu {
        return cpu(bundle, "cpu: asked for".into());
    }
    // int8 products run on the CPU only (docs/int8.md): asking for them picks it.
    if opts.compute == Compute::Int8 {
        if opts.backend == Choice::WebGpu {
            return Err(invalid_options(
                "`compute: 'int8'` runs on the CPU backend only; WebGPU computes in fp32".into(),
            ));
        }
        return cpu(bundle, "cpu: compute int8 asked for".into());
    }
    // The CPU modules (the page's and the threaded one): js/index.js starts one only where the
    // CPU is asked for or `auto` has already ruled WebGPU out, and reports its own reason then.
    #[cfg(not(feature = "webgpu"))]
    return match opts.backend {
        Choice::WebGpu => Err(WebError::Backend(
            "this wasm module is a CPU-only build; WebGPU runs in webgpu/korean_qa_bg.wasm".into(),
        )),
        _ => cpu(bundle, "cpu: this module has no WebGPU".into()),
    };
    #[cfg(feature = "webgpu")]
    {
        use korean_qa::choice::{self, Decision, Timings};
        let on_gpu = |engine: QaEngine, detail: String, reason: String| Built {
            engine,
            backend: "webgpu",
            detail,
            reason,
        };
        let gpu_engine = |bundle: BundleBytes| async move {
            let device = gpu::device().await?;
            let engine = QaEngine::new(bundle, &device).map_err(|e| e.to_string())?;
            gpu::self_test(engine.model()).await?;
            Ok::<_, String>(engine)
        };
        let adapter = gpu::adapter().await;
        if opts.backend == Choice::WebGpu {
            let adapter = adapter.map_err(WebError::Backend)?;
            let engine = gpu_engine(bundle).await.map_err(WebError::Backend)?;
            let detail = if adapter.fallback {
                format!("webgpu (software adapter: {})", adapter.name)
            } else {
                "webgpu".into()
            };
            return Ok(on_gpu(engine, detail, "webgpu: asked for".into()));
        }
        let adapter = adapter.ok();
        // Remembered per adapter and weights file: another bundle, or another GPU, measures again.
        let key = adapter.as_ref().map(|a| {
            choice::cache_key(a, &bundle.manifest.files.weights.sha256)
        });
        let remembered = match &key {
            Some(k) => weights::recall(k)
                .await
                .and_then(|b| serde_json::from_slice::<Timings>(&b).ok()),
            None => None,
        };
        let decision = match choice::before_timing(adapter.as_ref(), remembered) {
            Decision::Measure => None,
            d => Some(d),
        };
        let failed = |bundle: BundleBytes, e: String| {
            web_sys::console::info_1(&format!("korean-qa: WebGPU unavailable ({e}); using the CPU").into());
            cpu(bundle, format!("cpu: webgpu failed ({e})"))
        };
        match decision {
            Some(Decision::Cpu(reason)) => cpu(bundle, reason),
            Some(Decision::Gpu(reason)) => match gpu_engine(bundle.clone()).await {
                Ok(engine) => Ok(on_gpu(engine, "webgpu".into(), reason)),
                Err(e) => failed(bundle, e),
            },
            _ => {
                // Both are possible and nothing is known: one warm forward on each.
                let (Some(adapter), Some(key)) = (adapter, key) else {
                    return cpu(bundle, "cpu: no WebGPU adapter".into());
                };
                let started = now_ms();
                let gpu = match gpu_engine(bundle.clone()).await {
                    Ok(engine) => engine,
                    Err(e) => return failed(bundle, e),
                };
                let on_cpu = QaEngine::with_compute(bundle, &opts.cpu.device(), opts.compute)?;
                let t = Timings {
                    gpu_ms: gpu::time_forward(gpu.model()).await,
                    cpu_ms: gpu::time_forward(on_cpu.model()).await,
                };
                if let Ok(json) = serde_json::to_vec(&t) {
                    weights::remember(&key, &json).await;
                }
                web_sys::console::debug_1(
                    &format!("korean-qa: backend measurement took {:.0} ms", now_ms() - started).into(),
                );
                Ok(match choice::after_timing(&adapter, t) {
                    Decision::Gpu(reason) => on_gpu(gpu, "webgpu".into(), reason),
                    other => Built {
                        engine: on_cpu,
                        backend: "cpu",
                        detail: format!("cpu ({})", opts.cpu),
                        reason: other.reason(),
                    },
                })
            }
        }
    }
}

#[wasm_bindgen(js_class = QaEngine)]
impl WebEngine {
    /// Fetches (or reads from IndexedDB) and verifies a bundle, then picks the backend.
    #[wasm_bindgen]
    pub async fn load(options: JsValue) -> Result<WebEngine, JsValue> {
        let opts = LoadOptions::from_js(&options)?;
        let started = now_ms();
        let req = weights::LoadRequest {
            base_url: opts.model.clone(),
            cache: opts.cache,
            on_progress: opts.on_progress.as_ref(),
            signal: opts.signal.as_ref(),
        };
        let (loaded, note) = match korean_qa::hub::HubId::parse(&opts.model).map_err(WebError::from)? {
            Some(id) => {
                hub::load(&hub::HubRequest {
                    id,
                    hub: opts.hub_url.clone(),
                    precision: opts.precision.unwrap_or(Precision::Int8),
                    sha256: opts.sha256.clone(),
                    load: req,
                })
                .await?
            }
            None => {
                let loaded = weights::load(&req).await?;
                if let Some(p) = opts.precision
                    && p != loaded.bundle.manifest.precision
                {
                    return Err(invalid_options(format!(
                        "`precision` {} applies to hf: models; this bundle is {}",
                        p.name(),
                        loaded.bundle.manifest.precision.name()
                    ))
                    .into());
                }
                (loaded, None)
            }
        };
        if let Some(n) = &note {
            web_sys::console::warn_1(&format!("korean-qa: {n}").into());
        }
        if let Some(p) = &loaded.cache_problem {
            web_sys::console::warn_1(&format!("korean-qa: {p}").into());
        }
        let name = loaded.bundle.manifest.name.clone();
        let precision = loaded.bundle.manifest.precision.name();
        let fetched = now_ms();
        let Built {
            engine,
            backend,
            detail,
            reason,
        } = build(loaded.bundle, &opts).await?;
        let warnings: Vec<String> = [note, loaded.cache_problem.clone()]
            .into_iter()
            .flatten()
            .collect();
        // The build is long and cannot stop half-way; an abort during it still wins, and the
        // engine just built is dropped.
        if opts.signal.as_ref().is_some_and(|s| s.aborted()) {
            return Err(WebError::Aborted.into());
        }
        let compute = engine.compute();
        web_sys::console::debug_1(
            &format!(
                "korean-qa: {name} on {detail}: files {:.0} ms ({}), model {:.0} ms",
                fetched - started,
                if loaded.source == weights::Source::Cache {
                    "cache"
                } else {
                    "network"
                },
                now_ms() - fetched
            )
            .into(),
        );
        Ok(WebEngine {
            shared: Rc::new(Shared {
                engine: Mutex::new(Some(engine)),
                backend,
                detail,
                reason,
                warnings,
                from_cache: loaded.source == weights::Source::Cache,
                converted_into_cache: loaded.source == weights::Source::ConvertedIntoCache,
                name,
                precision,
                compute,
            }),
        })
    }

    /// Ranked answers with UTF-16 offsets into `context`. Calls are queued, never interleaved.
    /// Long contexts are read a batch of windows at a time, best-ranked first; between batches
    /// the call reports progress and partial answers and honours its `signal`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Answer[]>")]
    pub fn answer(&self, question: JsValue, context: JsValue, options: JsValue) -> Promise {
        let inputs = (|| {
            let q = js_str(&question, "question")?;
            let c = js_str(&context, "context")?;
            let (opts, control) = answer_options(options)?;
            // Bounded by their lengths before a byte is copied: wasm memory never shrinks, so a
            // 100 MB context refused after its copy would cost the page 200 MB for good.
            korean_qa::engine::check_utf16_lengths(q.length() as usize, c.length() as usize, &opts)?;
            let q = well_formed(q, "question")?;
            let c = well_formed(c, "context")?;
            Ok::<_, WebError>((q, c, opts, control))
        })();
        let shared = self.shared.clone();
        future_to_promise(async move {
            let (q, c, opts, control) = inputs?;
            control.check_abort()?;
            let guard = shared.engine.lock().await;
            let engine = guard.as_ref().ok_or(WebError::Disposed)?;
            let utf16 = |answers: Vec<korean_qa::Answer>| -> Vec<korean_qa::Answer> {
                answers.into_iter().map(|a| a.into_utf16(&c)).collect()
            };
            // Stage times, logged at debug level: what a question costs beside its forwards.
            let started = now_ms();
            let mut reading = engine.read(&q, &c, &opts).map_err(WebError::from)?;
            let planned = now_ms();
            let mut forward_ms = 0.0;
            loop {
                control.check_abort()?;
                let step = now_ms();
                let more = reading.step().await.map_err(WebError::from)?;
                forward_ms += now_ms() - step;
                AnswerControl::notify(&control.on_progress, || to_js(&reading.progress()));
                AnswerControl::notify(&control.on_partial, || to_js(&utf16(reading.answers())));
                if !more {
                    break;
                }
                next_task().await;
            }
            let decoding = now_ms();
            let answers = to_js(&utf16(reading.answers()))?;
            web_sys::console::debug_1(
                &format!(
                    "korean-qa: answer: tokenize and plan {:.1} ms, {} windows in {forward_ms:.1} ms, \
                     decode {:.1} ms, whole {:.1} ms",
                    planned - started,
                    reading.progress().read,
                    now_ms() - decoding,
                    now_ms() - started
                )
                .into(),
            );
            Ok(answers)
        })
    }

    /// Raw model outputs for `[batch, seq]` inputs: `{ start, end }` as Float32Arrays (parity tests).
    #[wasm_bindgen(unchecked_return_type = "Promise<{ start: Float32Array, end: Float32Array }>")]
    pub fn logits(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] batch: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] seq: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Int32Array")] input_ids: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Int32Array")] attention_mask: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Int32Array")] token_type_ids: JsValue,
    ) -> Promise {
        // Every argument is checked, shapes included, before anything is copied into wasm memory.
        let inputs = (|| {
            let batch = count(&batch, "batch")?;
            let seq = count(&seq, "seq")?;
            let arrays = [
                int32s(input_ids, "inputIds")?,
                int32s(attention_mask, "attentionMask")?,
                int32s(token_type_ids, "tokenTypeIds")?,
            ];
            korean_qa::model::check_raw_shape(batch, seq, arrays.each_ref().map(|a| a.length() as usize))?;
            let [ids, mask, types] =
                arrays.map(|a| a.to_vec().into_iter().map(i64::from).collect::<Vec<_>>());
            Ok::<_, WebError>((batch, seq, ids, mask, types))
        })();
        let shared = self.shared.clone();
        future_to_promise(async move {
            let (batch, seq, ids, mask, types) = inputs?;
            let guard = shared.engine.lock().await;
            let engine = guard.as_ref().ok_or(WebError::Disposed)?;
            let (start, end) = engine
                .model()
                .forward_raw(batch, seq, &ids, &mask, &types)
                .await
                .map_err(WebError::from)?;
            let o = js_sys::Object::new();
            let _ = Reflect::set(
                &o,
                &"start".into(),
                &js_sys::Float32Array::from(start.as_slice()),
            );
            let _ = Reflect::set(
                &o,
                &"end".into(),
                &js_sys::Float32Array::from(end.as_slice()),
            );
            Ok(o.into())
        })
    }

    /// `'webgpu'` or `'cpu'`.
    #[wasm_bindgen(getter)]
    pub fn backend(&self) -> String {
        self.shared.backend.into()
    }

    /// The backend with its kernel, e.g. `'cpu (flex)'`.
    #[wasm_bindgen(getter, js_name = backendDetail)]
    pub fn backend_detail(&self) -> String {
        self.shared.detail.clone()
    }

    /// Why this backend: e.g. `cpu: software WebGPU adapter skipped (google swiftshader)`.
    #[wasm_bindgen(getter, js_name = backendReason)]
    pub fn backend_reason(&self) -> String {
        std::iter::once(&self.shared.reason)
            .chain(&self.shared.warnings)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// What the caller should know beside the backend, e.g. that the weights have no hash to
    /// check or that IndexedDB could not cache them; also the tail of `backendReason`.
    #[wasm_bindgen(getter)]
    pub fn warnings(&self) -> Vec<String> {
        self.shared.warnings.clone()
    }

    /// Forces a Rust panic inside a call that holds the engine, as a real bug would: the test of
    /// what a trap does to pending and later calls. With `on_pool` (the threaded module), the
    /// panic is on a pool thread while this one waits for it, as in a forward's parallel region.
    /// Never called by the package itself.
    #[wasm_bindgen(js_name = panicForTests, unchecked_return_type = "Promise<void>")]
    pub fn panic_for_tests(&self, on_pool: Option<bool>) -> Promise {
        let shared = self.shared.clone();
        future_to_promise(async move {
            let _guard = shared.engine.lock().await;
            next_task().await;
            #[cfg(feature = "threads")]
            if on_pool == Some(true) {
                // Called from outside the pool, a scope runs on a pool thread and this thread
                // blocks until it ends.
                rayon::scope(|_| panic!("panicForTests: a forced panic on a pool thread"));
            }
            let _ = on_pool;
            panic!("panicForTests: a forced panic");
        })
    }

    /// Whether the weights came from IndexedDB rather than the network.
    #[wasm_bindgen(getter, js_name = fromCache)]
    pub fn from_cache(&self) -> bool {
        self.shared.from_cache
    }

    /// Whether this load converted a hub checkpoint and cached the bundle it made. The
    /// conversion's high-water mark stays in this module's memory for good (wasm memory never
    /// shrinks), so the package then loads the cached bundle in a fresh Worker and ends this one.
    #[wasm_bindgen(js_name = convertedIntoCache)]
    pub fn converted_into_cache(&self) -> bool {
        self.shared.converted_into_cache
    }

    #[wasm_bindgen(getter, js_name = modelName)]
    pub fn model_name(&self) -> String {
        self.shared.name.clone()
    }

    /// The bundle's weights precision: `'fp32'`, `'fp16'` or `'int8'`.
    #[wasm_bindgen(getter)]
    pub fn precision(&self) -> String {
        self.shared.precision.into()
    }

    /// The Linear layers' arithmetic: `'int8'` (an int8 bundle on the CPU backend, unless
    /// `compute: 'fp32'`) or `'fp32'`.
    #[wasm_bindgen(getter)]
    pub fn compute(&self) -> String {
        self.shared.compute.into()
    }

    /// Frees the model once queued calls finish; later calls reject with `DISPOSED`.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn dispose(&self) -> Promise {
        let shared = self.shared.clone();
        future_to_promise(async move {
            shared.engine.lock().await.take();
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Deletes every cached bundle file.
    #[wasm_bindgen(js_name = clearCache)]
    pub async fn clear_cache() -> Result<(), JsValue> {
        Ok(weights::clear().await?)
    }
}
