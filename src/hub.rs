//! The Hugging Face hub as a model source, the part both the browser and the CLI share: model ids
//! (`hf:OWNER/NAME[@REVISION]`), the hub's URLs, its model API's answer, Git LFS pointers and git
//! blob hashes. No I/O: the browser fetches in `crates/web/src/hub.rs`, the CLI through `hf-hub`.

use serde::Deserialize;
use sha1::{Digest, Sha1};

use crate::checkpoint::Format;
use crate::error::{QaError, Result};

/// The published model: what `QaEngine.load()` and the extension use when no model is named.
pub const DEFAULT_MODEL: &str = "hf:monologg/koelectra-small-v2-distilled-korquad-384";
/// The hub's address (transformers.js's `env.remoteHost`).
pub const DEFAULT_HUB: &str = "https://huggingface.co";
pub const PREFIX: &str = "hf:";

/// A repository at a revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubId {
    /// `OWNER/NAME`.
    pub repo: String,
    /// A branch, tag or commit; `main` when not given.
    pub revision: String,
}

impl HubId {
    /// `Some` for an `hf:` model string, `None` for anything else (a bundle URL or directory).
    pub fn parse(model: &str) -> Result<Option<Self>> {
        let Some(rest) = model.strip_prefix(PREFIX) else {
            return Ok(None);
        };
        let bad = |why: &str| {
            Err(QaError::InvalidOptions(format!(
                "`model` {:?}: {why}; expected hf:OWNER/NAME[@REVISION]",
                model.chars().take(120).collect::<String>()
            )))
        };
        let (repo, revision) = match rest.split_once('@') {
            Some((r, v)) => (r, v),
            None => (rest, "main"),
        };
        let name_ok = |s: &str| {
            !s.is_empty()
                && s.len() <= 96
                && !s.starts_with(['.', '-'])
                && !s.ends_with('.')
                && !s.contains("..")
                && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        };
        match repo.split_once('/') {
            Some((owner, name)) if name_ok(owner) && name_ok(name) => {}
            _ => return bad("the repository must be OWNER/NAME (letters, digits, `-`, `_`, `.`)"),
        }
        if revision.is_empty()
            || revision.len() > 255
            || revision.contains("..")
            || !revision
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
        {
            return bad("the revision must be a branch, tag or commit");
        }
        Ok(Some(Self {
            repo: repo.into(),
            revision: revision.into(),
        }))
    }

    /// `hf:OWNER/NAME@REVISION`.
    pub fn display(&self) -> String {
        format!("{PREFIX}{}@{}", self.repo, self.revision)
    }
}

/// A revision in a URL path: `refs/pr/1` is one segment there.
fn segment(revision: &str) -> String {
    revision.replace('/', "%2F")
}

fn trim(hub: &str) -> &str {
    hub.trim_end_matches('/')
}

/// The model API with every file's size and hashes (huggingface_hub's `model_info(files_metadata=True)`).
pub fn api_url(hub: &str, id: &HubId) -> String {
    format!(
        "{}/api/models/{}/revision/{}?blobs=true",
        trim(hub),
        id.repo,
        segment(&id.revision)
    )
}

/// A file at a revision or a commit; LFS files redirect to the hub's CDN.
pub fn resolve_url(hub: &str, repo: &str, revision: &str, file: &str) -> String {
    format!("{}/{repo}/resolve/{}/{file}", trim(hub), segment(revision))
}

/// A file as git stores it: for an LFS file, its pointer.
pub fn raw_url(hub: &str, repo: &str, revision: &str, file: &str) -> String {
    format!("{}/{repo}/raw/{}/{file}", trim(hub), segment(revision))
}

#[derive(Debug, Clone, Deserialize)]
pub struct Lfs {
    pub sha256: String,
    pub size: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Sibling {
    pub rfilename: String,
    #[serde(default)]
    pub size: Option<u64>,
    /// The git blob's SHA-1 (for an LFS file, its pointer's).
    #[serde(default, rename = "blobId")]
    pub blob_id: Option<String>,
    #[serde(default)]
    pub lfs: Option<Lfs>,
}

/// What `api_url` answers, as far as it is read.
#[derive(Debug, Clone, Deserialize)]
pub struct RepoInfo {
    /// The commit the revision resolved to.
    pub sha: String,
    #[serde(default)]
    pub siblings: Vec<Sibling>,
}

/// The largest model API answer read (a repository of a few files answers a few kilobytes).
pub const MAX_INFO_BYTES: u64 = 4 << 20;

impl RepoInfo {
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let info: RepoInfo = serde_json::from_slice(bytes)
            .map_err(|e| QaError::InvalidBundle(format!("the hub's model API answered: {e}")))?;
        if !is_hex(&info.sha, 40) {
            return Err(QaError::InvalidBundle(format!(
                "the hub's model API gave the commit {:?}",
                info.sha.chars().take(64).collect::<String>()
            )));
        }
        Ok(info)
    }

    pub fn file(&self, name: &str) -> Option<&Sibling> {
        self.siblings.iter().find(|s| s.rfilename == name)
    }

    /// The weights file to read: safetensors where the repository has it.
    pub fn weights(&self) -> Option<Format> {
        Format::ALL.into_iter().find(|f| self.file(f.file()).is_some())
    }
}

/// What a file must be, as far as the hub says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expected {
    pub size: Option<u64>,
    /// SHA-256 of the contents (LFS files).
    pub sha256: Option<String>,
    /// The git blob's SHA-1 (small files stored in git).
    pub git_sha1: Option<String>,
}

impl Sibling {
    pub fn expected(&self) -> Expected {
        match &self.lfs {
            Some(lfs) => Expected {
                size: Some(lfs.size),
                sha256: Some(lfs.sha256.to_ascii_lowercase()),
                git_sha1: None,
            },
            None => Expected {
                size: self.size,
                sha256: None,
                git_sha1: self.blob_id.as_ref().map(|s| s.to_ascii_lowercase()),
            },
        }
    }
}

/// The object a Git LFS pointer names: `(sha256, size)`, or `None` for any other text.
pub fn lfs_pointer(text: &[u8]) -> Option<(String, u64)> {
    if text.len() > 1024 {
        return None;
    }
    let text = std::str::from_utf8(text).ok()?;
    if !text.starts_with("version https://git-lfs.github.com/spec/") {
        return None;
    }
    let mut oid = None;
    let mut size = None;
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("oid sha256:") {
            oid = Some(h.trim().to_ascii_lowercase());
        } else if let Some(s) = line.strip_prefix("size ") {
            size = s.trim().parse().ok();
        }
    }
    let oid = oid.filter(|h| is_hex(h, 64))?;
    Some((oid, size?))
}

/// The SHA-1 git names a file's contents by (`git hash-object`): the hub's `blobId` and, for a
/// file stored in git, its `ETag`.
pub fn git_blob_sha1(bytes: &[u8]) -> String {
    let mut h = Sha1::new();
    h.update(format!("blob {}\0", bytes.len()).as_bytes());
    h.update(bytes);
    hex::encode(h.finalize())
}

/// Checks a downloaded file against what the hub said of it.
pub fn verify(file: &str, url: &str, expected: &Expected, bytes: &[u8]) -> Result<()> {
    if let Some(size) = expected.size
        && size != bytes.len() as u64
    {
        return Err(QaError::IntegrityMismatch {
            file: format!("{file} ({url})"),
            expected: format!("{size} bytes"),
            actual: format!("{} bytes", bytes.len()),
        });
    }
    if let Some(want) = &expected.sha256 {
        let got = crate::bundle::sha256_hex(bytes);
        if &got != want {
            return Err(QaError::IntegrityMismatch {
                file: format!("{file} ({url})"),
                expected: format!("sha256 {want}"),
                actual: format!("sha256 {got}"),
            });
        }
    }
    if let Some(want) = &expected.git_sha1 {
        let got = git_blob_sha1(bytes);
        if &got != want {
            return Err(QaError::IntegrityMismatch {
                file: format!("{file} ({url})"),
                expected: format!("git blob {want}"),
                actual: format!("git blob {got}"),
            });
        }
    }
    Ok(())
}

pub fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_and_bad_ones_are_refused() {
        assert_eq!(HubId::parse("model/").unwrap(), None);
        let id = HubId::parse(DEFAULT_MODEL).unwrap().unwrap();
        assert_eq!(id.repo, "monologg/koelectra-small-v2-distilled-korquad-384");
        assert_eq!(id.revision, "main");
        let id = HubId::parse("hf:a/b@refs/pr/1").unwrap().unwrap();
        assert_eq!(
            resolve_url("https://h.co/", &id.repo, &id.revision, "config.json"),
            "https://h.co/a/b/resolve/refs%2Fpr%2F1/config.json"
        );
        assert_eq!(api_url("https://h.co", &id), "https://h.co/api/models/a/b/revision/refs%2Fpr%2F1?blobs=true");
        for bad in ["hf:", "hf:a", "hf:a/b/c", "hf:../b", "hf:a/b@", "hf:a/b@x y", "hf:a/b@../x", "hf:a b/c"] {
            assert_eq!(HubId::parse(bad).unwrap_err().code(), "INVALID_OPTIONS", "{bad}");
        }
    }

    #[test]
    fn the_model_api_answer_gives_files_and_hashes() {
        let info = RepoInfo::parse(br#"{"sha": "0123456789abcdef0123456789abcdef01234567", "siblings": [
            {"rfilename": "config.json", "size": 10, "blobId": "AB"},
            {"rfilename": "pytorch_model.bin", "size": 134, "blobId": "cd", "lfs": {"sha256": "EF", "size": 55000000, "pointerSize": 134}}]}"#).unwrap();
        assert_eq!(info.weights(), Some(Format::Pytorch));
        assert_eq!(info.file("config.json").unwrap().expected().git_sha1.as_deref(), Some("ab"));
        let w = info.file("pytorch_model.bin").unwrap().expected();
        assert_eq!((w.size, w.sha256.as_deref(), w.git_sha1), (Some(55000000), Some("ef"), None));
        assert!(RepoInfo::parse(br#"{"sha": "main"}"#).is_err());
        assert!(RepoInfo::parse(b"<html>").is_err());
    }

    #[test]
    fn lfs_pointers_and_git_hashes() {
        let p = b"version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";
        assert_eq!(
            lfs_pointer(p),
            Some(("4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393".into(), 12345))
        );
        assert_eq!(lfs_pointer(b"<html>"), None);
        // `printf 'hello\n' | git hash-object --stdin`
        assert_eq!(git_blob_sha1(b"hello\n"), "ce013625030ba8dba906f756967f9e9ca394464a");
        let e = Expected { size: Some(6), sha256: None, git_sha1: Some("ce013625030ba8dba906f756967f9e9ca394464a".into()) };
        verify("f", "u", &e, b"hello\n").unwrap();
        assert_eq!(verify("f", "u", &e, b"hellO\n").unwrap_err().code(), "INTEGRITY_MISMATCH");
        assert_eq!(verify("f", "u", &e, b"hello").unwrap_err().code(), "INTEGRITY_MISMATCH");
    }
}
