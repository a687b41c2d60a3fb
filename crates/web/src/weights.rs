//! Bundle files in the browser: streamed fetch with progress, SHA-256 check, IndexedDB cache
//! keyed by content hash.

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortSignal, IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransaction,
    IdbTransactionMode, ReadableStreamDefaultReader, RequestCache, RequestInit, Response,
};

use crate::error::{WebError, describe};
use korean_qa::bundle::{BundleBytes, FileEntry, MANIFEST, MAX_MANIFEST_BYTES, Manifest};
use korean_qa::error::QaError;

const DB_NAME: &str = "korean-qa";
const DB_VERSION: u32 = 1;
/// Verified file contents, keyed by SHA-256.
pub(crate) const FILES: &str = "files";
/// The last good manifest of each bundle URL, for offline loads.
pub(crate) const MANIFESTS: &str = "manifests";

/// Where the weights came from, reported to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Network,
    Cache,
}

pub struct Loaded {
    pub bundle: BundleBytes,
    pub source: Source,
    /// Set when IndexedDB could not be used; the caller logs it once.
    pub cache_problem: Option<String>,
}

pub struct LoadRequest<'a> {
    pub base_url: String,
    pub cache: bool,
    pub on_progress: Option<&'a Function>,
    pub signal: Option<&'a AbortSignal>,
}

/// Closes the connection when the load ends, however it ends: an open connection would block
/// `clearCache` (deleteDatabase waits for every connection to close).
pub(crate) struct Db(pub(crate) IdbDatabase);

impl Drop for Db {
    fn drop(&mut self) {
        self.0.close();
    }
}

impl std::ops::Deref for Db {
    type Target = IdbDatabase;
    fn deref(&self) -> &IdbDatabase {
        &self.0
    }
}

/// The cache's database when `cache` is on and IndexedDB opens; else why not, for the caller to
/// report (the load goes on uncached).
pub(crate) async fn open_cache(cache: bool) -> (Option<Db>, Option<String>) {
    if !cache {
        return (None, None);
    }
    match open_db().await {
        Ok(db) => (Some(Db(db)), None),
        Err(e) => (
            None,
            Some(format!(
                "IndexedDB unavailable ({}); the model is not cached",
                describe(&e)
            )),
        ),
    }
}

/// Fetches (or reads from cache) and verifies a whole bundle.
pub async fn load(req: &LoadRequest<'_>) -> Result<Loaded, WebError> {
    let base = if req.base_url.ends_with('/') {
        req.base_url.clone()
    } else {
        format!("{}/", req.base_url)
    };
    let (db, mut problem) = open_cache(req.cache).await;
    check_abort(req.signal)?;

    let manifest_url = format!("{base}{MANIFEST}");
    // Parsed (and so validated) before it is cached: a response that is not a valid manifest
    // (a captive portal's HTML page with status 200, a truncated file) must not replace the
    // last good one. Such a response counts as a failed fetch: the cached manifest is used.
    let fetched = match fetch_bytes(&manifest_url, None, req, RequestCache::NoCache).await {
        Ok(b) => Manifest::parse(&b).map(|m| (m, b)).map_err(WebError::from),
        Err(e) => Err(e),
    };
    let manifest = match fetched {
        Ok((m, b)) => {
            if let Some(db) = &db {
                // Remember it for offline loads; failure only costs that.
                let _ = put(db, MANIFESTS, &manifest_url, &b).await;
            }
            m
        }
        Err(WebError::Aborted) => return Err(WebError::Aborted),
        Err(e) => match &db {
            Some(db) => match cached_manifest(db, &manifest_url).await {
                Some(m) => {
                    // Offline is normal and stays quiet; a bad manifest from a server is not.
                    if !matches!(e, WebError::Fetch { .. }) {
                        web_sys::console::warn_1(
                            &format!("korean-qa: {e}; using the last good manifest from the cache")
                                .into(),
                        );
                    }
                    m
                }
                None => return Err(e),
            },
            None => return Err(e),
        },
    };

    let mut from_cache = true;
    let mut files = Vec::with_capacity(2);
    for entry in [&manifest.files.weights, &manifest.files.vocab] {
        let url = format!("{base}{}", entry.path);
        let cached = match &db {
            Some(db) => cached_file(db, entry).await,
            None => None,
        };
        let bytes = match cached {
            Some(b) => {
                progress(req.on_progress, &entry.path, entry.size, entry.size, true);
                b
            }
            None => {
                from_cache = false;
                let b = fetch_verified(&url, entry, req).await?;
                if let Some(db) = &db
                    && let Err(e) = put(db, FILES, &entry.sha256, &b).await
                {
                    problem.get_or_insert(format!(
                        "could not cache {} ({}); working uncached",
                        entry.path,
                        describe(&e)
                    ));
                }
                b
            }
        };
        files.push(bytes);
        // A cached read can finish after the caller gave up: honour the signal between files.
        check_abort(req.signal)?;
    }
    if let Some(db) = &db {
        // Only what this load needs is new; what it replaced is released. A failure here
        // costs disk space, not the load.
        let _ = evict(db, &manifest_url, &manifest).await;
    }
    let vocab = files.pop().unwrap_or_default();
    let weights = files.pop().unwrap_or_default();
    // Every file was verified above, from the network or the cache.
    let bundle = BundleBytes::preverified(manifest, weights, vocab);
    Ok(Loaded {
        bundle,
        source: if from_cache {
            Source::Cache
        } else {
            Source::Network
        },
        cache_problem: problem,
    })
}

/// Bundles whose files the cache keeps: the most recently loaded ones.
pub const KEEP_BUNDLES: usize = 2;
/// The cache's record of those bundles, beside the manifests: `[{url, files: [sha256…]}]`, most
/// recent first.
const KEPT: &str = "korean-qa:kept-bundles";

#[derive(serde::Serialize, serde::Deserialize)]
struct Kept {
    url: String,
    files: Vec<String>,
}

/// Keeps the files of the [`KEEP_BUNDLES`] most recently loaded bundles (this one first) and
/// deletes every other file: earlier versions of this bundle, bundles loaded less recently (and
/// their manifests), entries of older builds. Without this every update or precision switch
/// would add 14–55 MB until the origin's quota is full.
///
/// Two pages loading different bundles at the same moment can delete each other's new entries;
/// that costs one download later, never a wrong file (entries are keyed by their hash).
pub(crate) async fn evict(db: &IdbDatabase, url: &str, manifest: &Manifest) -> Result<(), JsValue> {
    let mut kept: Vec<Kept> = get(db, MANIFESTS, KEPT)
        .await?
        .and_then(|b| serde_json::from_slice(&b.to_vec()).ok())
        .unwrap_or_default();
    let files = vec![
        manifest.files.weights.sha256.clone(),
        manifest.files.vocab.sha256.clone(),
    ];
    // The usual warm load: this bundle is already the most recent, at this version. Nothing to
    // write or sweep (the sweep after its first load removed everything else).
    if kept.first().is_some_and(|k| k.url == url && k.files == files) {
        return Ok(());
    }
    kept.retain(|k| k.url != url);
    kept.insert(
        0,
        Kept {
            url: url.to_string(),
            files,
        },
    );
    let dropped = kept.split_off(KEEP_BUNDLES.min(kept.len()));
    let json = serde_json::to_vec(&kept).map_err(|e| JsValue::from_str(&e.to_string()))?;
    put(db, MANIFESTS, KEPT, &json).await?;
    let live: std::collections::HashSet<&str> =
        kept.iter().flat_map(|k| k.files.iter().map(String::as_str)).collect();
    for key in keys(db, FILES).await? {
        if !live.contains(key.as_str()) {
            delete(db, FILES, &key).await?;
        }
    }
    for d in dropped {
        delete(db, MANIFESTS, &d.url).await?;
    }
    Ok(())
}

/// The string keys of a store.
async fn keys(db: &IdbDatabase, name: &str) -> Result<Vec<String>, JsValue> {
    let (_tx, s) = store(db, name, IdbTransactionMode::Readonly)?;
    let all = request_done(&s.get_all_keys()?).await?;
    Ok(js_sys::Array::from(&all)
        .iter()
        .filter_map(|k| k.as_string())
        .collect())
}

/// The last good manifest of `url`, if it still parses (a newer build may refuse it).
pub(crate) async fn cached_manifest(db: &IdbDatabase, url: &str) -> Option<Manifest> {
    let bytes = get(db, MANIFESTS, url).await.ok().flatten()?;
    // Checked before the copy into wasm memory: only parsed manifests are stored, but the
    // store is the page's origin's to write.
    if u64::from(bytes.length()) > MAX_MANIFEST_BYTES {
        return None;
    }
    Manifest::parse(&bytes.to_vec()).ok()
}

/// A cached file, only if it still hashes to its key; a damaged entry is dropped. The hash is
/// taken of IndexedDB's own buffer, before the one copy into wasm memory.
pub(crate) async fn cached_file(db: &IdbDatabase, entry: &FileEntry) -> Option<Vec<u8>> {
    let value = get(db, FILES, &entry.sha256).await.ok().flatten()?;
    let hashed = subtle_sha256(&value).await;
    let bytes = value.to_vec();
    if check(entry, &bytes, hashed).is_ok() {
        return Some(bytes);
    }
    web_sys::console::warn_1(
        &format!(
            "korean-qa: cached {} is corrupted; fetching it again",
            entry.path
        )
        .into(),
    );
    let _ = delete(db, FILES, &entry.sha256).await;
    None
}

/// A bundle file from the network, verified against its manifest entry.
///
/// Bundle files keep their names from version to version, and hosts often serve them with a long
/// `max-age`: after an update in place the HTTP cache can hand back the old bytes under the new
/// manifest. So a file that fails its size or hash check is fetched once more past the HTTP
/// cache (`cache: 'reload'`) before the mismatch is reported.
async fn fetch_verified(
    url: &str,
    entry: &FileEntry,
    req: &LoadRequest<'_>,
) -> Result<Vec<u8>, WebError> {
    let first = match fetch_bytes(url, Some(entry), req, RequestCache::Default).await {
        Ok(b) => verify(entry, &b).await.map(|()| b).map_err(WebError::from),
        Err(e) => Err(e),
    };
    match first {
        Err(WebError::Core(QaError::IntegrityMismatch { .. })) => {
            web_sys::console::warn_1(
                &format!(
                    "korean-qa: {} did not match its manifest; fetching it again past the HTTP cache",
                    entry.path
                )
                .into(),
            );
            let b = fetch_bytes(url, Some(entry), req, RequestCache::Reload).await?;
            verify(entry, &b).await?;
            Ok(b)
        }
        other => other,
    }
}

/// Size and SHA-256 against the manifest. The hash comes from the browser's SubtleCrypto (native
/// code, several times faster than sha2 in wasm), or from sha2 where `crypto.subtle` is missing
/// (pages served over plain http from anywhere but localhost).
async fn verify(entry: &FileEntry, bytes: &[u8]) -> korean_qa::error::Result<()> {
    // SubtleCrypto reads no shared memory (the threaded module's): hash a copy.
    let hashed = subtle_sha256(&Uint8Array::from(bytes)).await;
    check(entry, bytes, hashed)
}

/// `hashed`: the SubtleCrypto hash of `bytes` where there was one; sha2 computes it otherwise.
fn check(entry: &FileEntry, bytes: &[u8], hashed: Option<String>) -> korean_qa::error::Result<()> {
    Manifest::check_size(entry, bytes.len())?;
    let actual = hashed.unwrap_or_else(|| korean_qa::bundle::sha256_hex(bytes));
    Manifest::check_hash(entry, actual)
}

pub(crate) async fn subtle_sha256(data: &Uint8Array) -> Option<String> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok()?;
    let digest: Function = Reflect::get(&subtle, &"digest".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: Promise = digest
        .call2(&subtle, &"SHA-256".into(), data)
        .ok()?
        .dyn_into()
        .ok()?;
    let hash = JsFuture::from(promise).await.ok()?;
    Some(hex::encode(Uint8Array::new(&hash).to_vec()))
}

/// Deletes the whole cache database.
pub async fn clear() -> Result<(), WebError> {
    let Some(factory) = factory() else {
        return Ok(());
    };
    let req = factory
        .delete_database(DB_NAME)
        .map_err(|e| WebError::Backend(describe(&e)))?;
    request_done(&req)
        .await
        .map_err(|e| WebError::Backend(format!("IndexedDB: {}", describe(&e))))?;
    Ok(())
}

pub(crate) fn check_abort(signal: Option<&AbortSignal>) -> Result<(), WebError> {
    if signal.is_some_and(|s| s.aborted()) {
        Err(WebError::Aborted)
    } else {
        Ok(())
    }
}

pub(crate) fn progress(cb: Option<&Function>, file: &str, loaded: u64, total: u64, cached: bool) {
    let Some(cb) = cb else { return };
    let o = Object::new();
    let _ = Reflect::set(&o, &"file".into(), &file.into());
    let _ = Reflect::set(&o, &"loaded".into(), &(loaded as f64).into());
    let _ = Reflect::set(&o, &"total".into(), &(total as f64).into());
    let _ = Reflect::set(&o, &"cached".into(), &cached.into());
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
    /// A bundle manifest: at most [`MAX_MANIFEST_BYTES`].
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

fn factory() -> Option<web_sys::IdbFactory> {
    let global = js_sys::global();
    if let Some(w) = global.dyn_ref::<web_sys::Window>() {
        return w.indexed_db().ok().flatten();
    }
    global
        .dyn_ref::<web_sys::WorkerGlobalScope>()
        .and_then(|w| w.indexed_db().ok().flatten())
}

/// Resolves with `request.result` on success, rejects with `request.error`.
async fn request_done(req: &IdbRequest) -> Result<JsValue, JsValue> {
    let r = req.clone();
    let promise = Promise::new(&mut |resolve, reject| {
        let ok_req = r.clone();
        let on_ok = Closure::once_into_js(move || {
            let _ = resolve.call1(
                &JsValue::NULL,
                &ok_req.result().unwrap_or(JsValue::UNDEFINED),
            );
        });
        let err_req = r.clone();
        let on_err = Closure::once_into_js(move || {
            let err = err_req
                .error()
                .ok()
                .flatten()
                .map(JsValue::from)
                .unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &err);
        });
        r.set_onsuccess(Some(on_ok.unchecked_ref()));
        r.set_onerror(Some(on_err.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

/// Resolves when the transaction commits; rejects on error or abort (e.g. quota exceeded).
async fn transaction_done(tx: &IdbTransaction) -> Result<(), JsValue> {
    let t = tx.clone();
    let promise = Promise::new(&mut |resolve, reject| {
        let on_ok = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let err_tx = t.clone();
        let reject2 = reject.clone();
        let err_tx2 = t.clone();
        let on_err = Closure::once_into_js(move || {
            let err = err_tx
                .error()
                .map(JsValue::from)
                .unwrap_or_else(|| JsValue::from_str("transaction failed"));
            let _ = reject.call1(&JsValue::NULL, &err);
        });
        let on_abort = Closure::once_into_js(move || {
            let err = err_tx2
                .error()
                .map(JsValue::from)
                .unwrap_or_else(|| JsValue::from_str("transaction aborted"));
            let _ = reject2.call1(&JsValue::NULL, &err);
        });
        t.set_oncomplete(Some(on_ok.unchecked_ref()));
        t.set_onerror(Some(on_err.unchecked_ref()));
        t.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(promise).await.map(|_| ())
}

pub(crate) async fn open_db() -> Result<IdbDatabase, JsValue> {
    let factory = factory().ok_or_else(|| JsValue::from_str("indexedDB is not available"))?;
    let req: IdbOpenDbRequest = factory.open_with_u32(DB_NAME, DB_VERSION)?;
    let upgrade_req = req.clone();
    let on_upgrade = Closure::once_into_js(move || {
        if let Ok(db) = upgrade_req
            .result()
            .and_then(|r| r.dyn_into::<IdbDatabase>())
        {
            for store in [FILES, MANIFESTS] {
                if !db.object_store_names().contains(store) {
                    let _ = db.create_object_store(store);
                }
            }
        }
    });
    req.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    request_done(&req).await?.dyn_into::<IdbDatabase>()
}

fn store(
    db: &IdbDatabase,
    name: &str,
    mode: IdbTransactionMode,
) -> Result<(IdbTransaction, IdbObjectStore), JsValue> {
    let tx = db.transaction_with_str_and_mode(name, mode)?;
    let store = tx.object_store(name)?;
    Ok((tx, store))
}

pub(crate) async fn get(db: &IdbDatabase, name: &str, key: &str) -> Result<Option<Uint8Array>, JsValue> {
    let (_tx, s) = store(db, name, IdbTransactionMode::Readonly)?;
    let value = request_done(&s.get(&key.into())?).await?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    Ok(Some(Uint8Array::new(&value)))
}

pub(crate) async fn put(db: &IdbDatabase, name: &str, key: &str, bytes: &[u8]) -> Result<(), JsValue> {
    let (tx, s) = store(db, name, IdbTransactionMode::Readwrite)?;
    // Stored as an ArrayBuffer: one structured-clone copy, no per-byte conversion.
    let value = Uint8Array::from(bytes).buffer();
    s.put_with_key(&value, &key.into())?;
    transaction_done(&tx).await
}

async fn delete(db: &IdbDatabase, name: &str, key: &str) -> Result<(), JsValue> {
    let (tx, s) = store(db, name, IdbTransactionMode::Readwrite)?;
    s.delete(&key.into())?;
    transaction_done(&tx).await
}

/// A small record kept beside the manifests (the `auto` backend's timings), or None.
#[cfg(feature = "webgpu")]
pub async fn recall(key: &str) -> Option<Vec<u8>> {
    let db = Db(open_db().await.ok()?);
    get(&db, MANIFESTS, key).await.ok().flatten().map(|b| b.to_vec())
}

/// Keeps a small record beside the manifests; without IndexedDB it is simply not kept.
#[cfg(feature = "webgpu")]
pub async fn remember(key: &str, bytes: &[u8]) {
    if let Ok(db) = open_db().await {
        let db = Db(db);
        let _ = put(&db, MANIFESTS, key, bytes).await;
    }
}
