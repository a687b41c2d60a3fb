//! Model bundles: `manifest.json` + weights + `vocab.txt`, every file pinned by size and SHA-256.
//!
//! Both the CLI and the browser load bundles and only bundles; the manifest is what the browser
//! fetches first, so it carries everything needed to verify and cache the rest.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{QaError, Result};

pub const FORMAT: &str = "korean-qa-bundle";
pub const FORMAT_VERSION: u32 = 1;
pub const MANIFEST: &str = "manifest.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileEntry {
    /// Relative to the manifest.
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Files {
    pub weights: FileEntry,
    pub vocab: FileEntry,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub name: String,
    /// SHA-256 of the generated model source the weights were imported for.
    pub graph: String,
    /// Of the weights file; older manifests without it are fp32.
    #[serde(default)]
    pub precision: crate::precision::Precision,
    pub files: Files,
    /// The export's `config.json`, verbatim.
    pub config: serde_json::Value,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Identifies the compiled model graph; bundles record it so a stale bundle is refused.
pub fn compiled_graph_id() -> String {
    sha256_hex(crate::model::graph_source().as_bytes())
}

impl Manifest {
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let m: Manifest = serde_json::from_slice(bytes)
            .map_err(|e| QaError::InvalidBundle(format!("manifest.json: {e}")))?;
        if m.format != FORMAT {
            return Err(QaError::InvalidBundle(format!(
                "manifest format is `{}`, expected `{FORMAT}`",
                m.format
            )));
        }
        if m.format_version != FORMAT_VERSION {
            return Err(QaError::InvalidBundle(format!(
                "manifest format version {} is not supported (this build reads {FORMAT_VERSION})",
                m.format_version
            )));
        }
        if m.graph != compiled_graph_id() {
            return Err(QaError::GraphMismatch(format!(
                "bundle `{}` was made for graph {}, this build runs graph {}; rebuild the bundle with this version",
                m.name,
                short(&m.graph),
                short(&compiled_graph_id())
            )));
        }
        for f in [&m.files.weights, &m.files.vocab] {
            if f.path.is_empty() || f.path.contains("..") || f.path.starts_with('/') {
                return Err(QaError::InvalidBundle(format!(
                    "file path `{}` must be relative and inside the bundle",
                    f.path
                )));
            }
        }
        Ok(m)
    }

    /// The model's vocabulary size, from its config.
    pub fn vocab_size(&self) -> Option<usize> {
        self.config.get("vocab_size")?.as_u64().map(|v| v as usize)
    }

    /// Checks that `bytes` are exactly the file the manifest describes.
    pub fn verify(entry: &FileEntry, bytes: &[u8]) -> Result<()> {
        Self::check_size(entry, bytes.len())?;
        Self::check_hash(entry, sha256_hex(bytes))
    }

    /// The size check of [`Manifest::verify`] alone; the browser hashes with SubtleCrypto instead.
    pub fn check_size(entry: &FileEntry, len: usize) -> Result<()> {
        if len as u64 != entry.size {
            return Err(QaError::IntegrityMismatch {
                file: entry.path.clone(),
                expected: format!("{} ({} bytes)", entry.sha256, entry.size),
                actual: format!("a file of {len} bytes"),
            });
        }
        Ok(())
    }

    pub fn check_hash(entry: &FileEntry, actual: String) -> Result<()> {
        if actual != entry.sha256 {
            return Err(QaError::IntegrityMismatch {
                file: entry.path.clone(),
                expected: entry.sha256.clone(),
                actual,
            });
        }
        Ok(())
    }
}

fn short(h: &str) -> &str {
    &h[..h.len().min(12)]
}

/// A bundle's verified contents, ready for [`crate::QaEngine::new`].
#[derive(Clone)]
pub struct BundleBytes {
    pub manifest: Manifest,
    pub weights: Vec<u8>,
    pub vocab: Vec<u8>,
}

impl BundleBytes {
    /// Verifies both files against the manifest.
    pub fn new(manifest: Manifest, weights: Vec<u8>, vocab: Vec<u8>) -> Result<Self> {
        Manifest::verify(&manifest.files.weights, &weights)?;
        Manifest::verify(&manifest.files.vocab, &vocab)?;
        Ok(Self {
            manifest,
            weights,
            vocab,
        })
    }

    /// For files the caller has already checked against this manifest (the browser does so with
    /// SubtleCrypto as they arrive; `korean-qa bundle` hashed them to write it): hashing 55 MB
    /// again in wasm cost a third of a cached load.
    pub fn preverified(manifest: Manifest, weights: Vec<u8>, vocab: Vec<u8>) -> Self {
        Self {
            manifest,
            weights,
            vocab,
        }
    }

    /// Reads and verifies a bundle directory (native).
    #[cfg(not(target_family = "wasm"))]
    pub fn read_dir(dir: &std::path::Path) -> Result<Self> {
        let read = |rel: &str| {
            let p = dir.join(rel);
            std::fs::read(&p).map_err(|e| QaError::io(&p, e))
        };
        let manifest = Manifest::parse(&read(MANIFEST)?)?;
        let weights = read(&manifest.files.weights.path)?;
        let vocab = read(&manifest.files.vocab.path)?;
        Self::new(manifest, weights, vocab)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        let entry = |p: &str, b: &[u8]| FileEntry {
            path: p.into(),
            size: b.len() as u64,
            sha256: sha256_hex(b),
        };
        Manifest {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            name: "t".into(),
            graph: compiled_graph_id(),
            precision: Default::default(),
            files: Files {
                weights: entry("w.bpk", b"weights"),
                vocab: entry("vocab.txt", b"vocab"),
            },
            config: serde_json::json!({"vocab_size": 5}),
        }
    }

    #[test]
    fn verifies_size_and_hash() {
        let m = manifest();
        BundleBytes::new(m.clone(), b"weights".to_vec(), b"vocab".to_vec()).unwrap();
        let e = BundleBytes::new(m.clone(), b"weightz".to_vec(), b"vocab".to_vec())
            .err()
            .unwrap();
        assert_eq!(e.code(), "INTEGRITY_MISMATCH");
        let e = BundleBytes::new(m, b"weight".to_vec(), b"vocab".to_vec())
            .err()
            .unwrap();
        assert!(e.to_string().contains("6 bytes"), "{e}");
    }

    #[test]
    fn manifest_round_trips_and_refuses_foreign_ones() {
        let m = manifest();
        let json = serde_json::to_vec(&m).unwrap();
        assert_eq!(Manifest::parse(&json).unwrap(), m);
        assert_eq!(m.vocab_size(), Some(5));
        let other = Manifest {
            graph: "0".repeat(64),
            ..m.clone()
        };
        assert_eq!(
            Manifest::parse(&serde_json::to_vec(&other).unwrap())
                .unwrap_err()
                .code(),
            "GRAPH_MISMATCH"
        );
        let escape = Manifest {
            files: Files {
                weights: FileEntry {
                    path: "../x".into(),
                    ..m.files.weights.clone()
                },
                ..m.files.clone()
            },
            ..m
        };
        assert_eq!(
            Manifest::parse(&serde_json::to_vec(&escape).unwrap())
                .unwrap_err()
                .code(),
            "INVALID_BUNDLE"
        );
        assert_eq!(Manifest::parse(b"{").unwrap_err().code(), "INVALID_BUNDLE");
    }
}
