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
    /// A hub checkpoint fetched and converted by this load, its bundle now in the cache: a fresh
    /// module can load that bundle without the conversion's memory (js/threads.js does).
    ConvertedIntoCache,
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
pub(crate) struct Db {
    db: IdbDatabase,
    /// Closes the connection when another one asks (see [`open_db`]); lives as long as it.
    _on_version_change: Closure<dyn FnMut()>,
}

impl Drop for Db {
    fn drop(&mut self) {
        self.db.set_onversionchange(None);
        self.db.close();
    }
}

impl std::ops::Deref for Db {
    type Target = IdbDatabase;
    fn deref(&self) -> &IdbDatabase {
        &self.db
    }
}

/// The cache's database when `cache` is on and IndexedDB opens; else why not, for the caller to
/// report (the load goes on uncached).
pub(crate) async fn open_cache(cache: bool) -> (Option<Db>, Option<String>) {
    if !cache {
        return (None, None);
    }
    match open_db().await {
        Ok(db) => (Some(db), None),
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
    // The fetched manifest's bytes, cached with its files at the end (never before them: the
    // last good manifest must keep pointing at files that are in the cache).
    let mut manifest_bytes = None;
    let manifest = match fetched {
        Ok((m, b)) => {
            manifest_bytes = Some(b);
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
    let mut fresh = Vec::new();
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
                fresh.push(files.len());
                fetch_verified(&url, entry, req).await?
            }
        };
        files.push(bytes);
        // A cached read can finish after the caller gave up: honour the signal between files.
        check_abort(req.signal)?;
    }
    if let Some(db) = &db {
        let entries = [&manifest.files.weights, &manifest.files.vocab];
        let new_files: Vec<(&str, &[u8])> = fresh
            .iter()
            .map(|&i| (entries[i].sha256.as_str(), files[i].as_slice()))
            .collect();
        // Nothing new (an offline load, or a warm one that found every file cached): nothing to
        // write but the manifest, when it came from the network.
        let cached = match (&manifest_bytes, new_files.is_empty()) {
            (None, true) => Ok(()),
            (bytes, _) => {
                let m = bytes.clone().unwrap_or_else(|| manifest.to_json());
                commit(db, &manifest_url, &m, &new_files, &manifest).await
            }
        };
        match cached {
            // Only what this load needs is new; what it replaced is released. A failure here
            // costs disk space, not the load.
            Ok(()) => {
                let _ = evict(db, &manifest_url, &manifest, None).await;
            }
            Err(e) => {
                problem.get_or_insert(format!(
                    "could not cache the model ({}); working uncached",
                    describe(&e)
                ));
            }
        }
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
///
/// `keep`: how many bundles to keep, [`KEEP_BUNDLES`] when `None`; `Some(0)` keeps nothing but
/// what `manifest` names (the room a cache under a tight quota needs for a new bundle).
pub(crate) async fn evict(
    db: &IdbDatabase,
    url: &str,
    manifest: &Manifest,
    keep: Option<usize>,
) -> Result<(), JsValue> {
    let mut kept: Vec<Kept> = get(db, MANIFESTS, KEPT)
        .await?
        .and_then(|b| serde_json::from_slice(&b.to_vec()).ok())
        .unwrap_or_default();
    let files = vec![
        manifest.files.weights.sha256.clone(),
        manifest.files.vocab.sha256.clone(),
    ];
    if keep == Some(0) {
        // Every file but this bundle's, and every manifest but its own: the cache's small
        // records (the `auto` backend's timings, the hub's revision pointers) are rewritten by
        // the loads that need them.
        for key in keys(db, FILES).await? {
            if !files.contains(&key) {
                delete(db, FILES, &key).await?;
            }
        }
        for key in keys(db, MANIFESTS).await? {
            if key != url {
                delete(db, MANIFESTS, &key).await?;
            }
        }
        return Ok(());
    }
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
    let dropped = kept.split_off(keep.unwrap_or(KEEP_BUNDLES).min(kept.len()));
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

/// Caches a bundle in one transaction: the files it lacks (`(sha256, bytes)`), then its manifest
/// under `key`, committed together or not at all. An interrupted update so leaves the previous
/// manifest and its files as they were (the offline load still works), and a failure never
/// leaves a manifest without its files nor a file without a manifest.
///
/// When the origin's quota is full the transaction aborts with `QuotaExceededError`: then every
/// other bundle is evicted and the write is tried once more, so a tight quota keeps the newest
/// bundle rather than downloading it on every load.
pub(crate) async fn commit(
    db: &IdbDatabase,
    key: &str,
    manifest_json: &[u8],
    files: &[(&str, &[u8])],
    manifest: &Manifest,
) -> Result<(), JsValue> {
    match commit_once(db, key, manifest_json, files).await {
        Err(e) if error_name(&e) == "QuotaExceededError" => {
            // A bundle larger than the whole quota cannot fit even alone: keep the others.
            let needed: usize = files.iter().map(|(_, b)| b.len()).sum::<usize>() + manifest_json.len();
            if storage_quota().await.is_some_and(|q| needed as f64 > q) {
                return Err(e);
            }
            web_sys::console::warn_1(
                &"korean-qa: the storage quota is full; evicting the other cached models and trying again"
                    .into(),
            );
            evict(db, key, manifest, Some(0)).await?;
            commit_once(db, key, manifest_json, files).await
        }
        other => other,
    }
}

async fn commit_once(
    db: &IdbDatabase,
    key: &str,
    manifest_json: &[u8],
    files: &[(&str, &[u8])],
) -> Result<(), JsValue> {
    let names = js_sys::Array::of2(&FILES.into(), &MANIFESTS.into());
    let tx = db.transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readwrite)?;
    let write = || -> Result<(), JsValue> {
        let file_store = tx.object_store(FILES)?;
        for (sha, bytes) in files {
            // Stored as an ArrayBuffer: one structured-clone copy, no per-byte conversion.
            file_store.put_with_key(&Uint8Array::from(*bytes).buffer(), &(*sha).into())?;
        }
        tx.object_store(MANIFESTS)?
            .put_with_key(&Uint8Array::from(manifest_json).buffer(), &key.into())?;
        Ok(())
    };
    if let Err(e) = write() {
        let _ = tx.abort();
        return Err(e);
    }
    transaction_done(&tx).await
}

/// The origin's storage quota in bytes (`navigator.storage.estimate()`), where the browser says.
async fn storage_quota() -> Option<f64> {
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
    let storage = Reflect::get(&navigator, &"storage".into()).ok()?;
    let estimate: Function = Reflect::get(&storage, &"estimate".into()).ok()?.dyn_into().ok()?;
    let promise: Promise = estimate.call0(&storage).ok()?.dyn_into().ok()?;
    let result = JsFuture::from(promise).await.ok()?;
    Reflect::get(&result, &"quota".into()).ok()?.as_f64()
}

/// A DOMException's `name` (`QuotaExceededError`, `VersionError`), or "".
fn error_name(e: &JsValue) -> String {
    Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default()
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
    // The size first: a damaged or planted entry of any length is refused before it is hashed
    // or copied into wasm memory (which never shrinks).
    if u64::from(value.length()) != entry.size {
        web_sys::console::warn_1(
            &format!(
                "korean-qa: cached {} has {} bytes, not {}; fetching it again",
                entry.path,
                value.length(),
                entry.size
            )
            .into(),
        );
        let _ = delete(db, FILES, &entry.sha256).await;
        return None;
    }
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
    // A SecurityError: the browser refuses this origin storage (all cookies blocked, say), so
    // no load can have cached anything under that policy, and there is nothing this page may
    // clear; the browser's own site-data controls own whatever is left from before.
    let req = match factory.delete_database(DB_NAME) {
        Ok(req) => req,
        Err(e)
            if e.dyn_ref::<web_sys::DomException>()
                .is_some_and(|d| d.name() == "SecurityError") =>
        {
            return Ok(());
        }
        Err(e) => return Err(WebError::Backend(describe(&e))),
    };
    // Our own connections close when asked (`open_db`'s `versionchange` handler), so only a
    // page that does not (an older build of the package in another tab) blocks the deletion.
    // The deletion then waits for that page to close; the call does not.
    let r = req.clone();
    let waited = Promise::new(&mut |resolve, reject| {
        let on_ok = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let err_req = r.clone();
        let reject2 = reject.clone();
        let on_err = Closure::once_into_js(move || {
            let err = err_req.error().ok().flatten().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &err);
        });
        let on_blocked = Closure::once_into_js(move || {
            let _ = reject2.call1(
                &JsValue::NULL,
                &JsValue::from_str(
                    "the cache is open in another tab that does not close it; it is deleted once that tab closes",
                ),
            );
        });
        r.set_onsuccess(Some(on_ok.unchecked_ref()));
        r.set_onerror(Some(on_err.unchecked_ref()));
        r.set_onblocked(Some(on_blocked.unchecked_ref()));
    });
    JsFuture::from(waited)
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
///
/// A failing transaction fires `error` once per failed request (each bubbles up to it; in Firefox
/// before the transaction's own `error` is set) and then `abort`, whose `error` is the cause (a
/// `QuotaExceededError`, which may also come at commit with no request failing). So only `abort`
/// rejects. Both handlers are closures kept until the transaction settles and unhooked before they
/// are dropped (a handler run after its closure was dropped would be a trap).
async fn transaction_done(tx: &IdbTransaction) -> Result<(), JsValue> {
    let mut handlers: Vec<Closure<dyn FnMut()>> = Vec::new();
    let promise = Promise::new(&mut |resolve, reject| {
        handlers.push(Closure::new(move || {
            let _ = resolve.call0(&JsValue::NULL);
        }));
        let t = tx.clone();
        handlers.push(Closure::new(move || {
            let err = t
                .error()
                .map(JsValue::from)
                .unwrap_or_else(|| JsValue::from_str("transaction aborted"));
            let _ = reject.call1(&JsValue::NULL, &err);
        }));
    });
    tx.set_oncomplete(Some(handlers[0].as_ref().unchecked_ref()));
    tx.set_onabort(Some(handlers[1].as_ref().unchecked_ref()));
    let result = JsFuture::from(promise).await.map(|_| ());
    tx.set_oncomplete(None);
    tx.set_onabort(None);
    drop(handlers);
    result
}

pub(crate) async fn open_db() -> Result<Db, JsValue> {
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
    let db = request_done(&req).await?.dyn_into::<IdbDatabase>()?;
    // `clearCache()` (deleteDatabase) or a newer build's upgrade asks every open connection to
    // close, and waits until they do: close at once rather than make it wait for a running load,
    // whose later reads and writes then fail and leave it uncached.
    let conn = db.clone();
    let on_version_change = Closure::<dyn FnMut()>::new(move || conn.close());
    db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
    Ok(Db {
        db,
        _on_version_change: on_version_change,
    })
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
    let db = open_db().await.ok()?;
    get(&db, MANIFESTS, key).await.ok().flatten().map(|b| b.to_vec())
}

/// Keeps a small record beside the manifests; without IndexedDB it is simply not kept.
#[cfg(feature = "webgpu")]
pub async fn remember(key: &str, bytes: &[u8]) {
    if let Ok(db) = open_db().await {
        let _ = put(&db, MANIFESTS, key, bytes).await;
    }
}
