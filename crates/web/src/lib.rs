//! The `#[wasm_bindgen]` facade: JS values in, core calls, JS values out. It carries out the load
//! plan that js/plan.js made and decides nothing itself. Browser plumbing lives in `weights` (a
//! bundle's load) on `fetch`, `verify` and `cache` (IndexedDB), `hub` (hub checkpoints), and
//! `gpu` and `measure` (WebGPU, and timing it against the CPU); the pipeline is the native core's.
//! Three modules are built from it: the WebGPU one (feature `webgpu`), the page's CPU-only one
//! (no feature) and the threaded one (`threads`, CPU only, with its thread pool: `pool`).

// Natively the crate is empty: it is the browser's facade only.
#![cfg(target_family = "wasm")]

mod cache;
mod error;
mod fetch;
#[cfg(feature = "webgpu")]
mod gpu;
mod hub;
#[cfg(feature = "webgpu")]
mod measure;
#[cfg(feature = "threads")]
mod pool;
mod verify;
mod weights;

use std::cell::RefCell;
use std::rc::Rc;

use futures_util::lock::Mutex;
use js_sys::{Function, JsString, Promise, Reflect};
use serde::{Deserialize, Serialize};
use tsify::Tsify;
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

/// The model options of `QaEngine.load`: which model, how it is converted and kept. The rest of
/// the caller's `LoadOptions` is the JS layer's (the load plan's options, the signal and the
/// progress callback), declared in js/index.d.ts on top of this generated type.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ModelOptions {
    /// [model=DEFAULT_MODEL] a Hugging Face hub repository, `'hf:OWNER/NAME[@REVISION]'` (its
    /// checkpoint is fetched once, converted in the engine's Worker to `precision` and cached in
    /// IndexedDB), or the URL of a bundle directory (holding manifest.json), resolved against the
    /// page (`document.baseURI`).
    #[tsify(optional, type = "string | URL")]
    model: Option<String>,
    /// [hubUrl='https://huggingface.co'] the hub, or a mirror of it, that `hf:` models come from.
    #[tsify(optional, type = "string | URL")]
    hub_url: Option<String>,
    /// [precision='int8'] what an `hf:` model is converted to: 'int8' (14 MB), 'fp16' or 'fp32'
    /// (55 MB). A bundle keeps its own.
    #[tsify(optional)]
    precision: Option<Precision>,
    /// The SHA-256 an `hf:` model's weights file must have (64 hex digits); by default the hub's
    /// own is checked.
    #[tsify(optional)]
    sha256: Option<String>,
    /// [cache=true] keep verified weights in IndexedDB, keyed by SHA-256.
    #[tsify(optional)]
    cache: Option<bool>,
    /// [compute='auto'] the Linear layers' arithmetic: 'auto' runs int8 × int8 products for an
    /// int8 bundle on the CPU backend and fp32 everywhere else; 'fp32' always widens the weights;
    /// 'int8' asks for int8 products, which picks the CPU backend and rejects with
    /// INVALID_OPTIONS for a bundle that is not int8 or with `backend: 'webgpu'` (docs/int8.md).
    #[tsify(optional)]
    compute: Option<Compute>,
}

/// What the load plan (js/plan.js) decided, for this module to carry out: it decides nothing.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Plan {
    backend: Planned,
    /// Why the plan chose `backend` (`backendReason`, before the engine's warnings).
    reason: String,
    adapter: Option<PlannedAdapter>,
    /// A comparison knob (`cpuKernel: 'ndarray'` in a `compare-ndarray` build), not in the typings.
    cpu_kernel: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Planned {
    Cpu,
    #[serde(rename = "webgpu")]
    WebGpu,
    /// A hardware adapter and nothing against it: time both, keep the faster (`measure`).
    Measure,
}

/// The plan's WebGPU adapter, as the page described it (js/plan.js `describeAdapter`); only the
/// WebGPU module reads it.
#[derive(Debug, Deserialize)]
#[cfg_attr(not(feature = "webgpu"), allow(dead_code))]
struct PlannedAdapter {
    name: String,
    software: bool,
}

/// The CPU backend `cpu` means in the browser (docs/architecture.md#the-browser-package).
const CPU: Backend = Backend::Flex;

/// A load, as the engine needs it: the model options with their defaults, the plan, the controls.
struct LoadOptions {
    model: String,
    /// For `hf:` models: the hub, the precision to convert to (`None`: int8), a SHA-256 pin.
    hub_url: String,
    precision: Option<Precision>,
    sha256: Option<String>,
    backend: Planned,
    reason: String,
    #[cfg_attr(not(feature = "webgpu"), allow(dead_code))]
    adapter: Option<PlannedAdapter>,
    cpu: Backend,
    compute: Compute,
    cache: bool,
    on_progress: Option<Function>,
    signal: Option<AbortSignal>,
}

fn invalid_options(msg: String) -> WebError {
    WebError::Core(korean_qa::QaError::InvalidOptions(msg))
}

/// `value` (a JS object, or undefined for every default) as `T`, or INVALID_OPTIONS naming the
/// option that was refused (`topK: invalid type: string "3", expected usize`).
fn from_js<T: serde::de::DeserializeOwned + Default>(value: JsValue, what: &str) -> Result<T, WebError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() {
        return Err(invalid_options(format!("{what} must be an object")));
    }
    // serde-wasm-bindgen reads a struct by its field names only, so `deny_unknown_fields` never
    // sees a typo such as `top_k`: the object's own keys are checked against them here.
    let fields = field_names::<T>();
    let object: &js_sys::Object = value.unchecked_ref();
    for key in js_sys::Object::keys(object).iter().filter_map(|k| k.as_string()) {
        if !fields.contains(&key.as_str()) {
            return Err(invalid_options(format!("{what}: unknown option `{key}`, expected one of {}", fields.join(", "))));
        }
    }
    serde_path_to_error::deserialize(serde_wasm_bindgen::Deserializer::from(value)).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        invalid_options(if path == "." { format!("{what}: {inner}") } else { format!("`{path}`: {inner}") })
    })
}

/// The field names of struct `T` as its `Deserialize` asks for them (camelCase), read by a
/// deserializer that only records them.
fn field_names<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{Error, Visitor};
    struct Names<'a>(&'a mut &'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for Names<'_> {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(Error::custom("fields recorded"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Names(&mut fields));
    fields
}

/// A control of a call (`signal`, a callback), or INVALID_OPTIONS naming it.
fn control<T: JsCast>(value: JsValue, name: &str, kind: &str) -> Result<Option<T>, WebError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .dyn_into()
        .map(Some)
        .map_err(|_| invalid_options(format!("`{name}` must be {kind}")))
}

impl LoadOptions {
    fn from_js(options: JsValue, plan: JsValue, on_progress: JsValue, signal: JsValue) -> Result<Self, WebError> {
        let m: ModelOptions = from_js(options, "the load options")?;
        let plan: Plan = serde_wasm_bindgen::from_value(plan)
            .map_err(|e| invalid_options(format!("the load plan (js/plan.js): {e}")))?;
        if plan.backend == Planned::Measure && plan.adapter.is_none() {
            return Err(invalid_options("the load plan's `measure` names no adapter".into()));
        }
        let hub_url = match m.hub_url {
            Some(u) if !(u.starts_with("https://") || u.starts_with("http://")) => {
                return Err(invalid_options("`hubUrl` must be an http(s) URL (a string)".into()));
            }
            u => u.unwrap_or_else(|| korean_qa::hub::DEFAULT_HUB.into()),
        };
        if let Some(h) = &m.sha256
            && !korean_qa::hub::is_hex(h, 64)
        {
            return Err(invalid_options("`sha256` must be 64 hex digits".into()));
        }
        // Only kernels compiled into this build parse; the error names them.
        let cpu = match plan.cpu_kernel {
            Some(name) => name
                .parse()
                .map_err(|e: korean_qa::QaError| invalid_options(format!("`cpuKernel`: {e}")))?,
            None => CPU,
        };
        Ok(LoadOptions {
            model: m.model.unwrap_or_else(|| korean_qa::hub::DEFAULT_MODEL.into()),
            hub_url,
            precision: m.precision,
            sha256: m.sha256,
            backend: plan.backend,
            reason: plan.reason,
            adapter: plan.adapter,
            cpu,
            compute: m.compute.unwrap_or_default(),
            cache: m.cache.unwrap_or(true),
            on_progress: control(on_progress, "onProgress", "a function")?,
            signal: control(signal, "signal", "an AbortSignal")?,
        })
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
    fn from_js(signal: JsValue, on_progress: JsValue, on_partial: JsValue) -> Result<Self, WebError> {
        Ok(AnswerControl {
            signal: control(signal, "signal", "an AbortSignal")?,
            on_progress: control(on_progress, "onProgress", "a function")?,
            on_partial: control(on_partial, "onPartial", "a function")?,
        })
    }

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
pub(crate) fn now_ms() -> f64 {
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

/// Carries out the plan's backend (js/plan.js chose it): the CPU, WebGPU, or both timed.
async fn build(bundle: BundleBytes, opts: &LoadOptions) -> Result<Built, WebError> {
    let cpu = |bundle: BundleBytes| QaEngine::with_compute(bundle, &opts.cpu.device(), opts.compute);
    let on_cpu = |engine: QaEngine, reason: String| Built {
        engine,
        backend: "cpu",
        detail: format!("cpu ({})", opts.cpu),
        reason,
    };
    match opts.backend {
        Planned::Cpu => Ok(on_cpu(cpu(bundle)?, opts.reason.clone())),
        #[cfg(not(feature = "webgpu"))]
        Planned::WebGpu | Planned::Measure => Err(WebError::Backend(
            "this wasm module is a CPU-only build; WebGPU runs in webgpu/korean_qa_bg.wasm".into(),
        )),
        #[cfg(feature = "webgpu")]
        Planned::WebGpu => {
            let engine = gpu::engine(bundle).await.map_err(WebError::Backend)?;
            let detail = match &opts.adapter {
                Some(a) if a.software => format!("webgpu (software adapter: {})", a.name),
                _ => "webgpu".into(),
            };
            Ok(Built {
                engine,
                backend: "webgpu",
                detail,
                reason: opts.reason.clone(),
            })
        }
        #[cfg(feature = "webgpu")]
        Planned::Measure => {
            use korean_qa::choice::Decision;
            let adapter = opts.adapter.as_ref().map_or("", |a| a.name.as_str());
            Ok(match measure::faster(bundle, adapter, cpu).await? {
                (Decision::Gpu(reason), engine) => Built {
                    engine,
                    backend: "webgpu",
                    detail: "webgpu".into(),
                    reason,
                },
                (Decision::Cpu(reason), engine) => on_cpu(engine, reason),
            })
        }
    }
}

#[wasm_bindgen(js_class = QaEngine)]
impl WebEngine {
    /// Fetches (or reads from IndexedDB) and verifies a bundle, then builds the engine on the
    /// plan's backend. js/index.js calls it: `options` are the caller's model options, `plan`
    /// what js/plan.js decided.
    #[wasm_bindgen]
    pub async fn load(
        #[wasm_bindgen(unchecked_param_type = "ModelOptions | undefined")] options: JsValue,
        plan: JsValue,
        #[wasm_bindgen(js_name = onProgress)] on_progress: JsValue,
        signal: JsValue,
    ) -> Result<WebEngine, JsValue> {
        let opts = LoadOptions::from_js(options, plan, on_progress, signal)?;
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
    /// `options` are the caller's answer options without the controls, which come apart.
    #[wasm_bindgen(unchecked_return_type = "Promise<Answer[]>")]
    pub fn answer(
        &self,
        question: JsValue,
        context: JsValue,
        #[wasm_bindgen(unchecked_param_type = "QaOptions | undefined")] options: JsValue,
        signal: JsValue,
        #[wasm_bindgen(js_name = onProgress)] on_progress: JsValue,
        #[wasm_bindgen(js_name = onPartial)] on_partial: JsValue,
    ) -> Promise {
        let inputs = (|| {
            let q = js_str(&question, "question")?;
            let c = js_str(&context, "context")?;
            let control = AnswerControl::from_js(signal, on_progress, on_partial)?;
            let opts: QaOptions = from_js(options, "answer options")?;
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
        Ok(cache::clear().await?)
    }
}
