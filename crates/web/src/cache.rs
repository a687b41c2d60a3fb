//! The IndexedDB cache: verified files keyed by their SHA-256, the last good manifest of each
//! bundle, committed together in one transaction; the eviction that keeps the most recent
//! bundles; `clearCache`. Every read is checked again before use (the store is the origin's to
//! write), and a connection closes as soon as another asks.

use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

use crate::error::{WebError, describe};
use crate::verify::{check, subtle_sha256};
use korean_qa::bundle::{FileEntry, MAX_MANIFEST_BYTES, Manifest};

const DB_NAME: &str = "korean-qa";
const DB_VERSION: u32 = 1;
/// Verified file contents, keyed by SHA-256.
pub(crate) const FILES: &str = "files";
/// The last good manifest of each bundle URL, for offline loads.
pub(crate) const MANIFESTS: &str = "manifests";

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
