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

/// The largest `manifest.json` read, in bytes. A manifest is a few kilobytes (the export's
/// `config.json` is most of it); the cap keeps an endless or huge response (a misconfigured
/// server, a captive portal) from filling memory before the parser refuses it.
pub const MAX_MANIFEST_BYTES: u64 = 1 << 20;

/// The largest weights file a manifest may declare (fp32 KoELECTRA-small is 55 MB). The browser
/// reserves a file's declared size before its first byte arrives: without a cap, one number in a
/// hostile manifest could make it reserve gigabytes, or wrap wasm32's 32-bit sizes.
pub const MAX_WEIGHTS_BYTES: u64 = 512 << 20;

/// The largest `vocab.txt` a manifest may declare (KoELECTRA's is 0.26 MB).
pub const MAX_VOCAB_BYTES: u64 = 16 << 20;

/// The longest file path a manifest may give, in bytes.
pub const MAX_PATH_BYTES: usize = 255;

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
/// Hashed once: every manifest parse compares against it.
pub fn compiled_graph_id() -> String {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| sha256_hex(crate::model::graph_source().as_bytes()))
        .clone()
}

impl Manifest {
    /// Parses and validates a manifest: format, version, graph, and every file entry (a safe
    /// relative path, a size within its cap, a SHA-256 in lowercase hex). Everything downstream
    /// (the browser's fetches and buffers, the native reads) relies on these checks.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        if bytes.len() as u64 > MAX_MANIFEST_BYTES {
            return Err(too_large_manifest());
        }
        let m: Manifest = serde_json::from_slice(bytes)
            .map_err(|e| QaError::InvalidBundle(format!("manifest.json: {e}")))?;
        if m.format != FORMAT {
            return Err(QaError::InvalidBundle(format!(
                "manifest format is `{}`, expected `{FORMAT}`",
                clip(&m.format)
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
                clip(&m.name),
                short(&m.graph),
                short(&compiled_graph_id())
            )));
        }
        check_entry("weights", &m.files.weights, MAX_WEIGHTS_BYTES)?;
        check_entry("vocab", &m.files.vocab, MAX_VOCAB_BYTES)?;
        Ok(m)
    }

    /// The model's vocabulary size, from its config (`None` where it does not fit a `usize`).
    pub fn vocab_size(&self) -> Option<usize> {
        let v = self.config.get("vocab_size")?.as_u64()?;
        usize::try_from(v).ok()
    }

    /// Checks the bytes of a download so far: `entry`'s file may deliver no more than its
    /// declared size, and the manifest (`entry` is `None`) no more than [`MAX_MANIFEST_BYTES`].
    /// The browser calls this for every chunk, before copying it, so a server that sends more
    /// than it promised (or never stops) costs at most the declared size.
    pub fn check_download(entry: Option<&FileEntry>, received: u64) -> Result<()> {
        match entry {
            None if received > MAX_MANIFEST_BYTES => Err(too_large_manifest()),
            Some(e) if received > e.size => Err(QaError::IntegrityMismatch {
                file: e.path.clone(),
                expected: format!("{} ({} bytes)", e.sha256, e.size),
                actual: format!("more than {} bytes", e.size),
            }),
            _ => Ok(()),
        }
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

/// The first 12 characters, for messages. By characters, not bytes: a manifest's `graph` may be
/// any string, and slicing inside a multi-byte character would panic.
fn short(h: &str) -> String {
    h.chars().take(12).collect()
}

fn too_large_manifest() -> QaError {
    QaError::InvalidBundle(format!(
        "{MANIFEST} is larger than {MAX_MANIFEST_BYTES} bytes; it cannot be a bundle manifest"
    ))
}

/// One file entry: a safe path, a size from 1 byte to `max`, a SHA-256 as 64 lowercase hex
/// digits (it is compared as text, and the browser uses it as a cache key).
fn check_entry(kind: &str, f: &FileEntry, max: u64) -> Result<()> {
    check_file_path(&f.path)?;
    if !(1..=max).contains(&f.size) {
        return Err(QaError::InvalidBundle(format!(
            "the {kind} file {:?} declares {} bytes; it must be from 1 to {max}",
            f.path, f.size
        )));
    }
    if f.sha256.len() != 64
        || !f
            .sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(QaError::InvalidBundle(format!(
            "the {kind} file's sha256 must be 64 lowercase hex digits; got {:?}",
            short(&f.sha256)
        )));
    }
    Ok(())
}

/// A manifest's file path must be a plain relative path inside the bundle: segments of ASCII
/// letters, digits, `_`, `-` and `.`, joined by single `/`, no segment starting or ending with
/// a dot (so no `.` or `..`), at most [`MAX_PATH_BYTES`] bytes.
///
/// An allow-list, because two resolvers read the path and each has its own escapes: the browser
/// fetches `base_url + path`, and the URL parser decodes `%2e%2e` to `..`, reads `\` as `/`,
/// and cuts at `?` and `#`; natively the path is joined to the bundle directory, where a
/// leading `/` or a drive (`C:\…`) replaces it. With only these characters neither has anything
/// to reinterpret, and names like `a..b.bpk` stay legal. Percent-encoding is not needed: names
/// are chosen by `korean-qa bundle`.
pub fn check_file_path(path: &str) -> Result<()> {
    let bad = |why: &str| {
        Err(QaError::InvalidBundle(format!(
            "file path {:?} {why}; it must be a relative path inside the bundle",
            clip(path)
        )))
    };
    if path.is_empty() {
        return bad("is empty");
    }
    if path.len() > MAX_PATH_BYTES {
        return bad(&format!("is longer than {MAX_PATH_BYTES} bytes"));
    }
    if let Some(c) = path
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/')))
    {
        return bad(&match c {
            '%' => "is percent-encoded (`%`)".to_string(),
            '\\' | ':' => format!("names a Windows path ({c:?})"),
            _ => format!(
                "holds {c:?}; only ASCII letters, digits, `_`, `-`, `.` and `/` are allowed"
            ),
        });
    }
    if path.starts_with('/') {
        return bad("is absolute");
    }
    for segment in path.split('/') {
        if segment.is_empty() {
            return bad("has an empty segment (`//` or a trailing `/`)");
        }
        if segment.starts_with('.') || segment.ends_with('.') {
            return bad(&format!(
                "has the segment {segment:?}; a segment may not start or end with `.`"
            ));
        }
    }
    Ok(())
}

/// A manifest's string for a message: a hostile one may be a megabyte long.
fn clip(p: &str) -> String {
    let mut s: String = p.chars().take(80).collect();
    if s.len() < p.len() {
        s.push('…');
    }
    s
}

/// A bundle made from its parts: the one place a manifest is written, for `korean-qa bundle` (an
/// export) and for a checkpoint converted in the browser or the CLI ([`crate::checkpoint`]), so
/// the same parts always give the same manifest. `config` is the model's `config.json`.
pub fn assemble(
    name: String,
    config: serde_json::Value,
    weights: Vec<u8>,
    vocab: Vec<u8>,
    precision: crate::precision::Precision,
) -> BundleBytes {
    let entry = |path: &str, bytes: &[u8]| FileEntry {
        path: path.into(),
        size: bytes.len() as u64,
        sha256: sha256_hex(bytes),
    };
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        name,
        graph: compiled_graph_id(),
        precision,
        files: Files {
            weights: entry(precision.weights_file(), &weights),
            vocab: entry("vocab.txt", &vocab),
        },
        config,
    };
    // The hashes were just taken from these very bytes.
    BundleBytes::preverified(manifest, weights, vocab)
}

impl Manifest {
    /// The manifest as `manifest.json` holds it.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_string_pretty(self)
            .expect("a manifest is plain data")
            .into_bytes()
    }
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
        let manifest = Manifest::parse(&read_at_most(&dir.join(MANIFEST), MAX_MANIFEST_BYTES)?)?;
        let read = |entry: &FileEntry| {
            let p = dir.join(&entry.path);
            // A file of another size is refused unread: it could never pass the hash check,
            // and reading it first would take its whole size in memory.
            let len = std::fs::metadata(&p).map_err(|e| QaError::io(&p, e))?.len();
            Manifest::check_size(entry, usize::try_from(len).unwrap_or(usize::MAX))?;
            read_at_most(&p, entry.size)
        };
        let weights = read(&manifest.files.weights)?;
        let vocab = read(&manifest.files.vocab)?;
        Self::new(manifest, weights, vocab)
    }
}

/// Reads at most `max + 1` bytes of a file: enough for the caller to see that it is too long,
/// never the whole of a huge (or endless, like a device) file.
#[cfg(not(target_family = "wasm"))]
fn read_at_most(path: &std::path::Path, max: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| QaError::io(path, e))?;
    let mut buf = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| QaError::io(path, e))?;
    Ok(buf)
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

    fn with_weights(m: &Manifest, f: impl FnOnce(&mut FileEntry)) -> Vec<u8> {
        let mut m = m.clone();
        f(&mut m.files.weights);
        serde_json::to_vec(&m).unwrap()
    }

    #[test]
    fn file_paths_must_stay_inside_the_bundle_however_they_are_read() {
        for ok in [
            "model.bpk",
            "a..b.bpk",
            "model.fp16.bpk",
            "weights/model-v2_final.bpk",
            "a/b/c/vocab.txt",
            "x",
        ] {
            check_file_path(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
        for bad in [
            "",
            "..",
            ".",
            "../x",
            "a/../../x",
            "a/./b",
            "./model.bpk",
            "%2e%2e/x",
            "%2E%2E/x",
            ".%2e/x",
            "model%2ebpk",
            "/etc/passwd",
            "//host/share",
            "C:\\Windows\\x",
            "C:model.bpk",
            "a\\..\\b",
            "a//b",
            "a/",
            "model.bpk?x=1",
            "model.bpk#frag",
            "a\u{0}b",
            "a\nb",
            "a\u{7f}b",
            "mo del.bpk",
            "모델.bpk",
            "...",
            "a/.../b",
            "model.",
            ".hidden",
            "\u{ff0e}\u{ff0e}/x",
            "https://evil.example/x",
        ] {
            let e = check_file_path(bad).unwrap_err();
            assert_eq!(e.code(), "INVALID_BUNDLE", "{bad:?}");
        }
        assert!(check_file_path(&"a".repeat(MAX_PATH_BYTES)).is_ok());
        assert!(check_file_path(&"a".repeat(MAX_PATH_BYTES + 1)).is_err());
        // The message names the reason, and never echoes a megabyte of path.
        let e = check_file_path("%2e%2e/x").unwrap_err().to_string();
        assert!(e.contains("percent-encoded"), "{e}");
        let e = check_file_path(&format!("{}%", "a".repeat(100_000))).unwrap_err();
        assert!(e.to_string().len() < 400, "{e}");
        // Through the parser too.
        let m = manifest();
        for bad in ["%2e%2e/x", "C:\\x", "../x"] {
            let json = with_weights(&m, |w| w.path = bad.into());
            assert_eq!(
                Manifest::parse(&json).unwrap_err().code(),
                "INVALID_BUNDLE",
                "{bad}"
            );
        }
        let json = with_weights(&m, |w| w.path = "a..b.bpk".into());
        assert_eq!(
            Manifest::parse(&json).unwrap().files.weights.path,
            "a..b.bpk"
        );
    }

    #[test]
    fn sizes_from_a_manifest_are_capped_before_anything_is_allocated() {
        let m = manifest();
        for size in [
            0,
            MAX_WEIGHTS_BYTES + 1,
            1 << 31,
            u64::from(u32::MAX),
            1 << 32,
            u64::MAX,
        ] {
            let e = Manifest::parse(&with_weights(&m, |w| w.size = size)).unwrap_err();
            assert_eq!(e.code(), "INVALID_BUNDLE", "{size}");
            assert!(e.to_string().contains("declares"), "{e}");
        }
        Manifest::parse(&with_weights(&m, |w| w.size = MAX_WEIGHTS_BYTES)).unwrap();
        let mut big_vocab = m.clone();
        big_vocab.files.vocab.size = MAX_VOCAB_BYTES + 1;
        let e = Manifest::parse(&serde_json::to_vec(&big_vocab).unwrap()).unwrap_err();
        assert_eq!(e.code(), "INVALID_BUNDLE");
        // A size that does not fit u64 (or is negative) is a JSON error, not a wrap.
        let json = String::from_utf8(serde_json::to_vec(&m).unwrap()).unwrap();
        let size = format!("\"size\":{}", m.files.weights.size);
        for bad in [
            "\"size\":18446744073709551616",
            "\"size\":-1",
            "\"size\":1e3",
        ] {
            let j = json.replacen(&size, bad, 1);
            assert_ne!(j, json);
            assert_eq!(
                Manifest::parse(j.as_bytes()).unwrap_err().code(),
                "INVALID_BUNDLE"
            );
        }
        for sha in ["", "ABC", &"A".repeat(64), &"g".repeat(64), &"0".repeat(65)] {
            let e = Manifest::parse(&with_weights(&m, |w| w.sha256 = sha.into())).unwrap_err();
            assert_eq!(e.code(), "INVALID_BUNDLE", "{sha}");
        }
        // The manifest itself: more than the cap is refused before it is parsed.
        let mut huge = serde_json::to_vec(&m).unwrap();
        huge.resize(MAX_MANIFEST_BYTES as usize + 1, b' ');
        let e = Manifest::parse(&huge).unwrap_err();
        assert!(e.to_string().contains("larger than"), "{e}");
        huge.truncate(MAX_MANIFEST_BYTES as usize);
        Manifest::parse(&huge).unwrap();
    }

    #[test]
    fn downloads_stop_past_their_declared_size() {
        let m = manifest();
        let w = &m.files.weights;
        Manifest::check_download(Some(w), 0).unwrap();
        Manifest::check_download(Some(w), w.size).unwrap();
        let e = Manifest::check_download(Some(w), w.size + 1).unwrap_err();
        assert_eq!(e.code(), "INTEGRITY_MISMATCH");
        assert!(e.to_string().contains("more than 7 bytes"), "{e}");
        Manifest::check_download(None, MAX_MANIFEST_BYTES).unwrap();
        let e = Manifest::check_download(None, MAX_MANIFEST_BYTES + 1).unwrap_err();
        assert_eq!(e.code(), "INVALID_BUNDLE");
    }

    #[test]
    fn hostile_strings_in_a_manifest_never_panic_the_messages() {
        let m = manifest();
        // Byte 12 of this graph id falls inside a character.
        let odd = Manifest {
            graph: "a가가가가가가".into(),
            name: "n".repeat(1 << 19),
            ..m.clone()
        };
        let e = Manifest::parse(&serde_json::to_vec(&odd).unwrap()).unwrap_err();
        assert_eq!(e.code(), "GRAPH_MISMATCH");
        assert!(e.to_string().len() < 400, "{}", e.to_string().len());
        let foreign = Manifest {
            format: "가".repeat(1 << 17),
            ..m.clone()
        };
        let e = Manifest::parse(&serde_json::to_vec(&foreign).unwrap()).unwrap_err();
        assert!(e.to_string().len() < 400);
        let huge_vocab = Manifest {
            config: serde_json::json!({"vocab_size": u64::MAX}),
            ..m
        };
        if usize::BITS < 64 {
            assert_eq!(huge_vocab.vocab_size(), None);
        }
    }

    #[test]
    fn reading_a_directory_refuses_files_of_the_wrong_size_unread() {
        let dir = tempfile::tempdir().unwrap();
        let m = manifest();
        std::fs::write(dir.path().join(MANIFEST), serde_json::to_vec(&m).unwrap()).unwrap();
        std::fs::write(dir.path().join("w.bpk"), b"weights").unwrap();
        std::fs::write(dir.path().join("vocab.txt"), b"vocab").unwrap();
        BundleBytes::read_dir(dir.path()).unwrap();
        std::fs::write(dir.path().join("w.bpk"), vec![0u8; 1 << 20]).unwrap();
        let e = BundleBytes::read_dir(dir.path()).err().unwrap();
        assert_eq!(e.code(), "INTEGRITY_MISMATCH");
        assert!(e.to_string().contains("1048576 bytes"), "{e}");
        std::fs::write(
            dir.path().join(MANIFEST),
            vec![b' '; MAX_MANIFEST_BYTES as usize + 10],
        )
        .unwrap();
        let e = BundleBytes::read_dir(dir.path()).err().unwrap();
        assert_eq!(e.code(), "INVALID_BUNDLE", "{e}");
    }
}
