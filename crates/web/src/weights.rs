//! A bundle in the browser, as the engine loads it: its manifest and files from the cache
//! (`cache`) where they are there and still verify, else from the network (`fetch`), verified
//! before use (`verify`), then committed to the cache together and the cache swept.

use js_sys::Function;
use web_sys::{AbortSignal, RequestCache};

use crate::cache::{cached_file, cached_manifest, commit, evict, open_cache};
use crate::error::{WebError, describe};
use crate::fetch::{check_abort, fetch_bytes, progress};
use crate::verify::verify;
use korean_qa::bundle::{BundleBytes, FileEntry, MANIFEST, Manifest};
use korean_qa::error::QaError;

/// Where the weights came from, reported to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Network,
    Cache,
    /// A hub checkpoint fetched and converted by this load, its bundle now in the cache: a fresh
    /// module can load that bundle without the conversion's memory (js/worker_engine.js does).
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
