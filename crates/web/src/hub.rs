//! `model: 'hf:OWNER/NAME[@REVISION]'`: the published checkpoint from the Hugging Face hub,
//! converted into a bundle in the engine's Worker (`korean_qa::checkpoint`) and cached as one.
//!
//! 1. One request discovers the commit, the files, their sizes and hashes (`api_url`). A mirror
//!    without the API is read at the revision instead, with the weights' SHA-256 from their Git
//!    LFS pointer (`raw_url`).
//! 2. A converted bundle already cached for that commit, weights hash and precision is used
//!    without another request. Offline, the last one converted for the revision is.
//! 3. Otherwise `config.json` (checked before anything large is fetched), `vocab.txt`,
//!    `tokenizer_config.json` and the weights are fetched pinned to the commit, each checked
//!    against the hub's SHA-256 (LFS files) or git blob SHA-1 (small files), then converted.
//!    Only the converted bundle is cached, never the fp32 download.

use korean_qa::bundle::{BundleBytes, FileEntry, Manifest};
use korean_qa::checkpoint::{self, Checkpoint, Format};
use korean_qa::hub::{self, Expected, HubId, RepoInfo};
use korean_qa::precision::Precision;
use korean_qa::QaError;
use web_sys::RequestCache;

use crate::error::{WebError, describe};
use crate::cache::{self, Db};
use crate::fetch::{self, Bound};
use crate::verify;
use crate::weights::{LoadRequest, Loaded, Source};

/// The hub, the model and what to make of it.
pub struct HubRequest<'a> {
    pub id: HubId,
    pub hub: String,
    pub precision: Precision,
    /// The caller's pin of the weights' SHA-256 (`sha256` load option).
    pub sha256: Option<String>,
    pub load: LoadRequest<'a>,
}

/// What the hub says of the revision: its commit, and each file to fetch with what it must be.
struct Plan {
    commit: String,
    format: Format,
    weights: Expected,
    config: Expected,
    vocab: Expected,
    tokenizer_config: Option<Expected>,
    /// Said in `backendReason` when the weights have no hash to check.
    warning: Option<String>,
}

/// The cache's name of one converted bundle.
fn cache_key(req: &HubRequest<'_>, plan: &Plan) -> String {
    format!(
        "hf:{}@{}/{}#{}:{}",
        req.id.repo,
        plan.commit,
        plan.format.file(),
        plan.weights.sha256.as_deref().unwrap_or("unhashed"),
        req.precision.name()
    )
}

/// Where the last key converted for a revision is remembered, for offline loads.
fn latest_key(req: &HubRequest<'_>) -> String {
    format!(
        "hf-latest:{}@{}:{}",
        req.id.repo,
        req.id.revision,
        req.precision.name()
    )
}

pub async fn load(req: &HubRequest<'_>) -> Result<(Loaded, Option<String>), WebError> {
    let (db, mut problem) = cache::open_cache(req.load.cache).await;
    fetch::check_abort(req.load.signal)?;
    let plan = match discover(req).await {
        Ok(plan) => plan,
        Err(WebError::Aborted) => return Err(WebError::Aborted),
        // Unreachable hub: the last bundle converted for this revision, if any.
        Err(e) => {
            if let Some(db) = &db
                && let Some(key) = cache::get(db, cache::MANIFESTS, &latest_key(req))
                    .await
                    .ok()
                    .flatten()
                    .and_then(|k| String::from_utf8(k.to_vec()).ok())
                && let Some(bundle) = cached_bundle(db, &key).await
            {
                return Ok((
                    Loaded {
                        bundle,
                        source: Source::Cache,
                        cache_problem: problem,
                    },
                    Some(format!("the hub could not be reached ({e}); using the copy cached for {}", req.id.display())),
                ));
            }
            return Err(e);
        }
    };
    let key = cache_key(req, &plan);
    if let Some(db) = &db
        && let Some(bundle) = cached_bundle(db, &key).await
    {
        remember(db, req, &key, &bundle.manifest).await;
        return Ok((
            Loaded {
                bundle,
                source: Source::Cache,
                cache_problem: problem,
            },
            plan.warning,
        ));
    }

    let at = |file: &str| hub::resolve_url(&req.hub, &req.id.repo, &plan.commit, file);
    let config = fetch(req, checkpoint::CONFIG, &at(checkpoint::CONFIG), &plan.config, checkpoint::MAX_CONFIG_BYTES).await?;
    // A config of another architecture is refused before 55 MB are fetched for nothing.
    checkpoint::parse_config(&config)?;
    let tokenizer_config = match &plan.tokenizer_config {
        Some(e) => {
            match fetch(req, checkpoint::TOKENIZER_CONFIG, &at(checkpoint::TOKENIZER_CONFIG), e, checkpoint::MAX_CONFIG_BYTES).await {
                Ok(b) => Some(b),
                // Optional; only a mirror without the API makes us ask for it blind.
                Err(WebError::Fetch { reason, .. }) if reason.starts_with("HTTP 404") => None,
                Err(e) => return Err(e),
            }
        }
        None => None,
    };
    checkpoint::check_tokenizer_config(tokenizer_config.as_deref())?;
    let vocab = fetch(req, checkpoint::VOCAB, &at(checkpoint::VOCAB), &plan.vocab, korean_qa::bundle::MAX_VOCAB_BYTES).await?;
    let file = plan.format.file();
    let weights_bytes = fetch(req, file, &at(file), &plan.weights, checkpoint::MAX_CHECKPOINT_BYTES).await?;
    fetch::check_abort(req.load.signal)?;
    let converting = crate::now_ms();
    let bundle = Checkpoint {
        name: req.id.repo.clone(),
        config,
        vocab,
        tokenizer_config,
        weights: weights_bytes,
        format: plan.format,
    }
    .into_bundle(req.precision)?;
    // The conversion's own figure (bench/hub_bench.mjs reads it): the download ends before it, the
    // engine's build starts after it.
    web_sys::console::debug_1(
        &format!(
            "korean-qa: hf: {file} converted to {} in {:.0} ms",
            req.precision.name(),
            crate::now_ms() - converting
        )
        .into(),
    );
    fetch::check_abort(req.load.signal)?;
    let mut source = Source::Network;
    if let Some(db) = &db {
        if let Err(e) = store(db, &key, &bundle).await {
            problem.get_or_insert(format!("could not cache the converted model ({}); working uncached", describe(&e)));
        } else {
            remember(db, req, &key, &bundle.manifest).await;
            source = Source::ConvertedIntoCache;
        }
    }
    Ok((
        Loaded {
            bundle,
            source,
            cache_problem: problem,
        },
        plan.warning,
    ))
}

/// The files of a cached converted bundle, each checked against its hash.
async fn cached_bundle(db: &Db, key: &str) -> Option<BundleBytes> {
    let manifest = cache::cached_manifest(db, key).await?;
    let weights = cache::cached_file(db, &manifest.files.weights).await?;
    let vocab = cache::cached_file(db, &manifest.files.vocab).await?;
    Some(BundleBytes::preverified(manifest, weights, vocab))
}

/// The files and the manifest in one transaction ([`cache::commit`]): a manifest in the cache
/// always has its files, and a full quota evicts the other models before giving up.
async fn store(db: &Db, key: &str, bundle: &BundleBytes) -> Result<(), wasm_bindgen::JsValue> {
    let m = &bundle.manifest;
    let files = [
        (m.files.weights.sha256.as_str(), bundle.weights.as_slice()),
        (m.files.vocab.sha256.as_str(), bundle.vocab.as_slice()),
    ];
    cache::commit(db, key, &m.to_json(), &files, m).await
}

/// Marks `key` the revision's latest and applies the cache's eviction rules to it.
async fn remember(db: &Db, req: &HubRequest<'_>, key: &str, manifest: &Manifest) {
    let _ = cache::put(db, cache::MANIFESTS, &latest_key(req), key.as_bytes()).await;
    let _ = cache::evict(db, key, manifest, None).await;
}

async fn discover(req: &HubRequest<'_>) -> Result<Plan, WebError> {
    let url = hub::api_url(&req.hub, &req.id);
    let answer = fetch::fetch_bounded(
        &url,
        Bound::AtMost("model info", hub::MAX_INFO_BYTES),
        &req.load,
        RequestCache::NoCache,
    )
    .await;
    let info = match answer {
        Ok((bytes, _)) => RepoInfo::parse(&bytes).ok(),
        Err(WebError::Aborted) => return Err(WebError::Aborted),
        // The repository's absence is the API's to say; a mirror without the API answers 404
        // with no hub error code.
        Err(WebError::Fetch { reason, .. })
            if reason.contains("RepoNotFound") || reason.contains("RevisionNotFound") || reason.contains("HTTP 401") =>
        {
            return Err(fetch_error(&url, &reason, req));
        }
        Err(WebError::Fetch { reason, .. }) if !reason.starts_with("HTTP") => {
            return Err(fetch_error(&url, &reason, req));
        }
        Err(_) => None,
    };
    let mut plan = match info {
        Some(info) => from_info(req, &info)?,
        None => without_api(req).await?,
    };
    if let Some(pin) = &req.sha256 {
        let pin = pin.to_ascii_lowercase();
        match &plan.weights.sha256 {
            Some(h) if *h != pin => {
                return Err(QaError::IntegrityMismatch {
                    file: format!("{} ({})", plan.format.file(), req.id.display()),
                    expected: format!("sha256 {pin} (the `sha256` option)"),
                    actual: format!("sha256 {h} (the hub's)"),
                }
                .into());
            }
            _ => plan.weights.sha256 = Some(pin),
        }
        plan.warning = None;
    }
    Ok(plan)
}

fn from_info(req: &HubRequest<'_>, info: &RepoInfo) -> Result<Plan, WebError> {
    let format = info.weights().ok_or_else(|| no_weights(req))?;
    let need = |f: &str| {
        info.file(f).map(|s| s.expected()).ok_or_else(|| {
            WebError::Core(QaError::InvalidBundle(format!(
                "{} has no {f}",
                req.id.display()
            )))
        })
    };
    let weights = need(format.file())?;
    for (name, e) in [(format.file(), &weights)] {
        if let Some(size) = e.size
            && size > checkpoint::MAX_CHECKPOINT_BYTES
        {
            return Err(QaError::Weights(format!("{name} is {size} bytes; at most {} are read", checkpoint::MAX_CHECKPOINT_BYTES)).into());
        }
    }
    let warning = weights.sha256.is_none().then(|| {
        format!("the hub gives no SHA-256 for {}; its integrity is not checked (pin one with the `sha256` option)", format.file())
    });
    Ok(Plan {
        commit: info.sha.clone(),
        format,
        weights,
        config: need(checkpoint::CONFIG)?,
        vocab: need(checkpoint::VOCAB)?,
        tokenizer_config: info.file(checkpoint::TOKENIZER_CONFIG).map(|s| s.expected()),
        warning,
    })
}

/// A mirror that serves files only: the weights' pointer from `raw/` names their hash, and the
/// files are fetched at the revision itself.
async fn without_api(req: &HubRequest<'_>) -> Result<Plan, WebError> {
    for format in Format::ALL {
        let url = hub::raw_url(&req.hub, &req.id.repo, &req.id.revision, format.file());
        match fetch::fetch_bounded(&url, Bound::AtMost(format.file(), 1024), &req.load, RequestCache::NoCache).await {
            Ok((text, headers)) => {
                let commit = headers
                    .get("x-repo-commit")
                    .ok()
                    .flatten()
                    .filter(|c| hub::is_hex(c, 40))
                    .unwrap_or_else(|| req.id.revision.clone());
                let (weights, warning) = match hub::lfs_pointer(&text) {
                    Some((sha256, size)) => (Expected { size: Some(size), sha256: Some(sha256), git_sha1: None }, None),
                    None => (
                        Expected::default(),
                        Some(format!(
                            "{} gives no Git LFS pointer for {}; its integrity is not checked (pin one with the `sha256` option)",
                            req.hub,
                            format.file()
                        )),
                    ),
                };
                return Ok(Plan {
                    commit,
                    format,
                    weights,
                    config: Expected::default(),
                    vocab: Expected::default(),
                    tokenizer_config: Some(Expected::default()),
                    warning,
                });
            }
            Err(WebError::Aborted) => return Err(WebError::Aborted),
            // A 404 for a Git LFS file is the format's absence; with an entry larger than a
            // pointer the mirror keeps the weights in git itself: read them at the revision.
            Err(WebError::Fetch { reason, .. }) if reason.starts_with("HTTP 404") => continue,
            Err(WebError::Core(QaError::IntegrityMismatch { .. })) => {
                return Ok(Plan {
                    commit: req.id.revision.clone(),
                    format,
                    weights: Expected::default(),
                    config: Expected::default(),
                    vocab: Expected::default(),
                    tokenizer_config: Some(Expected::default()),
                    warning: Some(format!("{} has no hash for {}; its integrity is not checked", req.hub, format.file())),
                });
            }
            Err(WebError::Fetch { reason, .. }) => return Err(fetch_error(&url, &reason, req)),
            Err(e) => return Err(e),
        }
    }
    Err(no_weights(req))
}

fn no_weights(req: &HubRequest<'_>) -> WebError {
    QaError::Weights(format!(
        "{} has no weights: neither {} nor {}",
        req.id.display(),
        Format::Safetensors.file(),
        Format::Pytorch.file()
    ))
    .into()
}

/// A failed request to the hub, with what to check: a browser reports a refused cross-origin
/// request and an unreachable host alike, as a bare network error.
fn fetch_error(url: &str, reason: &str, req: &HubRequest<'_>) -> WebError {
    let hint = if reason.starts_with("HTTP 401") || reason.contains("RepoNotFound") {
        format!("; no repository {} (or it is private or gated)", req.id.repo)
    } else if reason.starts_with("HTTP") {
        String::new()
    } else {
        format!("; the hub ({}) is unreachable, or it refused this page's origin (CORS)", req.hub)
    };
    WebError::Fetch {
        url: url.into(),
        reason: format!("{reason}{hint}"),
    }
}

/// One file, at most `max` bytes (or its declared size), checked against the hub's hashes.
/// `tokenizer_config.json` may be missing: a mirror without the API cannot say.
async fn fetch(req: &HubRequest<'_>, file: &str, url: &str, expected: &Expected, max: u64) -> Result<Vec<u8>, WebError> {
    let declared;
    let bound = match expected.size {
        Some(size) if size <= max => {
            declared = FileEntry {
                path: file.into(),
                size,
                sha256: String::new(),
            };
            Bound::Declared(&declared)
        }
        Some(size) => {
            return Err(QaError::InvalidBundle(format!("{file} ({url}) is {size} bytes; at most {max} are read")).into());
        }
        None => Bound::AtMost(file, max),
    };
    let bytes = match fetch::fetch_bounded(url, bound, &req.load, RequestCache::Default).await {
        Ok((b, _)) => b,
        Err(WebError::Fetch { reason, .. }) => return Err(fetch_error(url, &reason, req)),
        Err(WebError::Core(QaError::IntegrityMismatch { expected, actual, .. })) => {
            return Err(QaError::IntegrityMismatch { file: format!("{file} ({url})"), expected, actual }.into());
        }
        Err(e) => return Err(e),
    };
    if let Some(f) = Format::of_file(file) {
        checkpoint::sniff(f, &bytes[..bytes.len().min(64)]).map_err(|e| match e {
            QaError::Weights(m) => QaError::Weights(format!("{m} ({url})")),
            other => other,
        })?;
    }
    if let Some(want) = &expected.sha256 {
        // SubtleCrypto where there is one; sha2 in `hub::verify` otherwise.
        let hashed = verify::subtle_sha256(&js_sys::Uint8Array::from(&bytes[..])).await;
        if let Some(got) = &hashed
            && got != want
        {
            return Err(QaError::IntegrityMismatch {
                file: format!("{file} ({url})"),
                expected: format!("sha256 {want}"),
                actual: format!("sha256 {got}"),
            }
            .into());
        }
        let rest = Expected { sha256: None, ..expected.clone() };
        if hashed.is_none() {
            hub::verify(file, url, expected, &bytes)?;
        } else {
            hub::verify(file, url, &rest, &bytes)?;
        }
    } else {
        hub::verify(file, url, expected, &bytes)?;
    }
    Ok(bytes)
}
