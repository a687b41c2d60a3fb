//! `--model hf:ID` and `bundle --from-hf`: a checkpoint from a local download, the HF cache, or
//! the hub through `hf-hub` (0.4, its blocking API on ureq: docs/architecture.md says why).
//!
//! `hf-hub` checks no hashes, so this does. The HF cache names each blob by the ETag the hub gave
//! it: the SHA-256 for an LFS file, the git blob SHA-1 for a small one. A file is checked against
//! its blob's name, which holds for a fresh download and for a cache that Python's
//! `huggingface_hub` filled alike.

use std::path::{Path, PathBuf};

use hf_hub::api::sync::{Api, ApiBuilder};
use hf_hub::{Cache, Repo, RepoType};
use korean_qa::QaError;
use korean_qa::checkpoint::{self, Checkpoint, Format};
use korean_qa::hub::{self, HubId};

type Result<T> = korean_qa::Result<T>;

/// A model source given on the command line: `hf:OWNER/NAME[@REV]`, or a directory holding a
/// checkpoint (config.json and weights, no manifest.json).
pub fn checkpoint(source: &str) -> Result<Checkpoint> {
    match HubId::parse(source)? {
        Some(id) => from_hub(&id),
        None => Checkpoint::read_dir(Path::new(source), None),
    }
}

/// The cache `HF_HUB_CACHE` names, else `HF_HOME/hub`, else `~/.cache/huggingface/hub`
/// (hf-hub 0.4 reads only `HF_HOME`).
fn cache() -> Cache {
    match std::env::var_os("HF_HUB_CACHE") {
        Some(dir) if !dir.is_empty() => Cache::new(PathBuf::from(dir)),
        _ => Cache::from_env(),
    }
}

/// `HF_HUB_OFFLINE=1`: the cache only, as huggingface_hub reads it (hf-hub ignores it).
fn offline() -> bool {
    std::env::var("HF_HUB_OFFLINE")
        .map(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on"))
        .unwrap_or(false)
}

fn fetch_error(id: &HubId, what: impl std::fmt::Display) -> QaError {
    QaError::ModelFetch(format!("{}: {what}", id.display()))
}

fn from_hub(id: &HubId) -> Result<Checkpoint> {
    let repo = Repo::with_revision(id.repo.clone(), RepoType::Model, id.revision.clone());
    let cache = cache();
    let cached = cache.repo(repo.clone());
    let api = if offline() {
        None
    } else {
        let mut b = ApiBuilder::from_cache(cache.clone()).with_progress(true);
        if let Ok(endpoint) = std::env::var("HF_ENDPOINT")
            && !endpoint.is_empty()
        {
            b = b.with_endpoint(endpoint.trim_end_matches('/').to_string());
        }
        Some(
            b.build()
                .map_err(|e| fetch_error(id, format!("could not start the hub client: {e}")))?,
        )
    };
    let get = |file: &str| -> Result<Option<PathBuf>> {
        match &api {
            None => Ok(cached.get(file)),
            Some(api) => download(api, &repo, id, file),
        }
    };
    let need = |file: &str| -> Result<PathBuf> {
        get(file)?.ok_or_else(|| match &api {
            None => fetch_error(id, format!("{file} is not in the HF cache ({}) and HF_HUB_OFFLINE is set", cache.path().display())),
            Some(_) => fetch_error(id, format!("the repository has no {file}")),
        })
    };
    // config.json first: a repository or cache that lacks it names the real cause.
    let config_path = need(checkpoint::CONFIG)?;
    let mut weights = None;
    for format in Format::ALL {
        if let Some(p) = get(format.file())? {
            weights = Some((format, p));
            break;
        }
    }
    let (format, weights) = weights.ok_or_else(|| {
        QaError::Weights(format!(
            "{} has no weights: neither {} nor {}",
            id.display(),
            Format::Safetensors.file(),
            Format::Pytorch.file()
        ))
    })?;
    let read = |p: &Path, max: u64| -> Result<Vec<u8>> {
        let len = std::fs::metadata(p).map_err(|e| QaError::io(p, e))?.len();
        if len > max {
            return Err(QaError::InvalidBundle(format!("{} is larger than {max} bytes", p.display())));
        }
        let bytes = std::fs::read(p).map_err(|e| QaError::io(p, e))?;
        check_blob(p, &bytes)?;
        Ok(bytes)
    };
    let config = read(&config_path, checkpoint::MAX_CONFIG_BYTES)?;
    let vocab = read(&need(checkpoint::VOCAB)?, korean_qa::bundle::MAX_VOCAB_BYTES)?;
    let tokenizer_config = match get(checkpoint::TOKENIZER_CONFIG)? {
        Some(p) => Some(read(&p, checkpoint::MAX_CONFIG_BYTES)?),
        None => None,
    };
    let weights = read(&weights, checkpoint::MAX_CHECKPOINT_BYTES)?;
    Ok(Checkpoint {
        name: id.repo.clone(),
        config,
        vocab,
        tokenizer_config,
        weights,
        format,
    })
}

/// One file through hf-hub (its cache first); `None` when the repository has no such file.
fn download(api: &Api, repo: &Repo, id: &HubId, file: &str) -> Result<Option<PathBuf>> {
    let url = hub::resolve_url(&api_endpoint(), &id.repo, &id.revision, file);
    match api.repo(repo.clone()).get(file) {
        Ok(p) => Ok(Some(p)),
        Err(hf_hub::api::sync::ApiError::RequestError(e)) => match *e {
            ureq::Error::Status(404, ref r) if r.header("x-error-code") == Some("EntryNotFound") => Ok(None),
            ureq::Error::Status(code, r) => Err(fetch_error(
                id,
                format!("{url} answered {code} {}", r.header("x-error-code").unwrap_or("")),
            )),
            other => Err(fetch_error(id, format!("{file} ({url}): {other}"))),
        },
        Err(e) => Err(fetch_error(id, format!("{file} ({url}): {e}"))),
    }
}

fn api_endpoint() -> String {
    std::env::var("HF_ENDPOINT").unwrap_or_else(|_| hub::DEFAULT_HUB.into())
}

/// Checks a cached file against the name of the blob it links to (the hub's ETag). A snapshot
/// file that is no link, as in a `--local-dir` download, has no hash to check.
fn check_blob(path: &Path, bytes: &[u8]) -> Result<()> {
    let Ok(real) = path.canonicalize() else { return Ok(()) };
    let in_blobs = real.parent().and_then(Path::file_name).is_some_and(|n| n == "blobs");
    let Some(name) = real.file_name().and_then(|n| n.to_str()).filter(|_| in_blobs) else {
        eprintln!("note: {} has no hub hash to check it against", path.display());
        return Ok(());
    };
    let expected = if hub::is_hex(name, 64) {
        hub::Expected { sha256: Some(name.to_ascii_lowercase()), ..Default::default() }
    } else if hub::is_hex(name, 40) {
        hub::Expected { git_sha1: Some(name.to_ascii_lowercase()), ..Default::default() }
    } else {
        eprintln!("note: {} has no hub hash to check it against", path.display());
        return Ok(());
    };
    hub::verify(
        &path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        &path.display().to_string(),
        &expected,
        bytes,
    )
}
