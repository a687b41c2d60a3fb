//! Downloads: one streamed `fetch` with progress and abort, bounded by what the caller declared
//! before any byte is copied into wasm memory, in the page and in Workers alike.

use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ReadableStreamDefaultReader, RequestCache, RequestInit, Response};

use crate::error::WebError;
use crate::weights::LoadRequest;
use korean_qa::bundle::{FileEntry, MANIFEST, Manifest};

pub(crate) fn check_abort(signal: Option<&AbortSignal>) -> Result<(), WebError> {
    if signal.is_some_and(|s| s.aborted()) {
        Err(WebError::Aborted)
    } else {
        Ok(())
    }
}

/// Progress of one bundle file, as `onProgress` gets it.
#[derive(serde::Serialize, tsify::Tsify)]
pub struct Progress<'a> {
    file: &'a str,
    loaded: u64,
    total: u64,
    /// True when the file came from IndexedDB.
    cached: bool,
}

pub(crate) fn progress(cb: Option<&Function>, file: &str, loaded: u64, total: u64, cached: bool) {
    let Some(cb) = cb else { return };
    let p = Progress { file, loaded, total, cached };
    let Ok(o) = serde_wasm_bindgen::to_value(&p) else { return };
    // A throwing progress callback must not break the load.
    let _ = cb.call1(&JsValue::NULL, &o);
}

/// Fetches a URL fully, streaming progress; `entry` gives the expected size (`None`: the
/// manifest, whose size nobody declares).
///
/// Every size here comes from the network, so none is trusted before it is bounded: the buffer
/// reserves the declared size only (which `Manifest::parse` capped), and each chunk is checked
/// by `Manifest::check_download` before it is copied, so a response longer than declared (or,
/// for the manifest, longer than `MAX_MANIFEST_BYTES`; or endless) ends the read with an error
/// instead of filling memory.
pub(crate) async fn fetch_bytes(
    url: &str,
    entry: Option<&FileEntry>,
    req: &LoadRequest<'_>,
    cache: RequestCache,
) -> Result<Vec<u8>, WebError> {
    let bound = match entry {
        Some(e) => Bound::Declared(e),
        None => Bound::Manifest,
    };
    fetch_bounded(url, bound, req, cache).await.map(|(b, _)| b)
}

/// What a download may deliver.
pub(crate) enum Bound<'a> {
    /// A bundle manifest: at most [`korean_qa::bundle::MAX_MANIFEST_BYTES`].
    Manifest,
    /// A file of a declared size, reserved up front.
    Declared(&'a FileEntry),
    /// A file of unknown size, named for progress: at most this many bytes, none reserved.
    AtMost(&'a str, u64),
}

/// [`fetch_bytes`] under any [`Bound`]; also gives the response's headers.
pub(crate) async fn fetch_bounded(
    url: &str,
    bound: Bound<'_>,
    req: &LoadRequest<'_>,
    cache: RequestCache,
) -> Result<(Vec<u8>, web_sys::Headers), WebError> {
    let init = RequestInit::new();
    if let Some(s) = req.signal {
        init.set_signal(Some(s));
    }
    init.set_cache(cache);
    let promise = global_fetch(url, &init).map_err(|e| WebError::from_js(url, e))?;
    let resp: Response = JsFuture::from(promise)
        .await
        .map_err(|e| WebError::from_js(url, e))?
        .dyn_into()
        .map_err(|e| WebError::from_js(url, e))?;
    let headers = resp.headers();
    if !resp.ok() {
        // The hub names what is missing in a header (`RepoNotFound`, `EntryNotFound`).
        let code = headers
            .get("x-error-code")
            .ok()
            .flatten()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        return Err(WebError::Fetch {
            url: url.into(),
            reason: format!("HTTP {} {}{code}", resp.status(), resp.status_text()),
        });
    }
    let declared_entry;
    let (entry, total, name, reserve) = match bound {
        Bound::Manifest => (None, 0, MANIFEST, 0),
        Bound::Declared(e) => (Some(e), e.size, e.path.as_str(), e.size),
        Bound::AtMost(name, max) => {
            declared_entry = FileEntry {
                path: name.into(),
                size: max,
                sha256: String::new(),
            };
            // The length the server announces, if any, is only a hint for progress.
            let hint = headers
                .get("content-length")
                .ok()
                .flatten()
                .and_then(|v| v.parse::<u64>().ok())
                .filter(|&n| n <= max)
                .unwrap_or(0);
            (Some(&declared_entry), hint, name, 0)
        }
    };
    let Some(body) = resp.body() else {
        return Ok((Vec::new(), headers));
    };
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut buf = Vec::with_capacity(usize::try_from(reserve).unwrap_or(0));
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|e| WebError::from_js(url, e))?;
        if Reflect::get(&chunk, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true)
        {
            break;
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into())
            .map_err(|e| WebError::from_js(url, e))?
            .unchecked_into();
        let start = buf.len();
        let received = start as u64 + u64::from(value.length());
        if let Err(e) = Manifest::check_download(entry, received) {
            // More than promised: stop the download, keep nothing.
            let _ = reader.cancel();
            return Err(e.into());
        }
        buf.resize(start + value.length() as usize, 0);
        value.copy_to(&mut buf[start..]);
        if entry.is_some() {
            progress(req.on_progress, name, buf.len() as u64, total, false);
        }
    }
    Ok((buf, headers))
}

fn global_fetch(url: &str, init: &RequestInit) -> Result<Promise, JsValue> {
    let global = js_sys::global();
    if let Some(w) = global.dyn_ref::<web_sys::Window>() {
        return Ok(w.fetch_with_str_and_init(url, init));
    }
    if let Some(w) = global.dyn_ref::<web_sys::WorkerGlobalScope>() {
        return Ok(w.fetch_with_str_and_init(url, init));
    }
    Err(JsValue::from_str("no fetch in this global scope"))
}
