//! Bad input gets a typed error, never a panic, and the engine keeps answering afterwards.

mod common;

use std::path::Path;

use korean_qa::bundle::{MANIFEST, Manifest, sha256_hex};
use korean_qa::{Backend, QaEngine, QaError, QaOptions};

const Q: &str = "훈민정음은 언제 반포되었는가?";
const C: &str = "훈민정음은 1446년에 반포되었다.";

fn engine() -> QaEngine {
    QaEngine::from_dir(&common::bundle(), &Backend::all()[0].device()).unwrap()
}

fn ask(e: &QaEngine, q: &str, c: &str) -> Result<Vec<korean_qa::Answer>, QaError> {
    common::block_on(e.answer(q, c, &QaOptions::default()))
}

#[test]
fn empty_blank_and_huge_inputs_are_refused_with_codes() {
    let e = engine();
    let cases: [(&str, String, &str); 7] = [
        ("", C.into(), "question is empty"),
        (" \t\n ", C.into(), "question is empty"),
        (Q, String::new(), "context is empty"),
        (Q, "   \n\u{3000} ".into(), "context is empty"),
        (Q, "\u{0}\u{7}\u{1}".into(), "context has no tokens"),
        ("\u{0}\u{200b}", C.into(), "question has no tokens"),
        (Q, "가나다라마바사 ".repeat(1 << 17), "context is too long"),
    ];
    for (q, c, want) in cases {
        let started = std::time::Instant::now();
        let err = ask(&e, q, &c).unwrap_err();
        assert_eq!(err.code(), "INVALID_INPUT", "{q:?}: {err}");
        assert!(err.to_string().contains(want), "{err}");
        assert!(
            started.elapsed().as_secs() < 5,
            "refusing took {:?}",
            started.elapsed()
        );
        // The engine is still usable after every error.
        assert_eq!(ask(&e, Q, C).unwrap().len(), 1);
    }
    let big = "가".repeat(1 << 20);
    assert!(big.len() >= 1 << 20);
    assert_eq!(ask(&e, Q, &big).unwrap_err().code(), "INVALID_INPUT");
}

#[test]
fn bad_options_are_refused() {
    let e = engine();
    let opts = QaOptions {
        doc_stride: 1000,
        ..Default::default()
    };
    let err = common::block_on(e.answer(Q, C, &opts)).unwrap_err();
    assert_eq!(err.code(), "INVALID_OPTIONS");
}

/// A copy of the default bundle that a test may damage.
fn scratch_bundle() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["manifest.json", "model.bpk", "vocab.txt"] {
        std::fs::copy(common::bundle().join(f), dir.path().join(f)).unwrap();
    }
    dir
}

fn load(dir: &Path) -> Result<QaEngine, QaError> {
    QaEngine::from_dir(dir, &Backend::all()[0].device())
}

/// Replaces a file and re-pins it in the manifest, so the damage reaches the loader itself.
fn replace_pinned(dir: &Path, file: &str, bytes: &[u8]) {
    std::fs::write(dir.join(file), bytes).unwrap();
    let mut m = Manifest::parse(&std::fs::read(dir.join(MANIFEST)).unwrap()).unwrap();
    let entry = if file == "vocab.txt" {
        &mut m.files.vocab
    } else {
        &mut m.files.weights
    };
    entry.size = bytes.len() as u64;
    entry.sha256 = sha256_hex(bytes);
    std::fs::write(dir.join(MANIFEST), serde_json::to_vec(&m).unwrap()).unwrap();
}

#[test]
fn missing_weights_is_an_io_error() {
    let d = scratch_bundle();
    std::fs::remove_file(d.path().join("model.bpk")).unwrap();
    let err = load(d.path()).err().unwrap();
    assert_eq!(err.code(), "IO_ERROR", "{err}");
    assert!(err.to_string().contains("model.bpk"), "{err}");
}

#[test]
fn corrupted_weights_fail_the_integrity_check() {
    let d = scratch_bundle();
    let mut w = std::fs::read(d.path().join("model.bpk")).unwrap();
    let mid = w.len() / 2;
    w[mid] ^= 0xff;
    std::fs::write(d.path().join("model.bpk"), &w).unwrap();
    assert_eq!(load(d.path()).err().unwrap().code(), "INTEGRITY_MISMATCH");
    w.truncate(1000);
    std::fs::write(d.path().join("model.bpk"), &w).unwrap();
    assert_eq!(load(d.path()).err().unwrap().code(), "INTEGRITY_MISMATCH");
}

#[test]
fn unreadable_weights_that_pass_the_hash_are_a_weights_error() {
    let d = scratch_bundle();
    let w = std::fs::read(d.path().join("model.bpk")).unwrap();
    for bad in [
        w[..w.len() / 3].to_vec(),
        b"not a burnpack file".to_vec(),
        vec![0u8; 4096],
    ] {
        replace_pinned(d.path(), "model.bpk", &bad);
        let err = load(d.path()).err().unwrap();
        assert_eq!(err.code(), "WEIGHTS_INVALID", "{err}");
    }
}

#[test]
fn a_vocab_that_does_not_match_the_model_is_refused() {
    let d = scratch_bundle();
    let vocab = std::fs::read_to_string(d.path().join("vocab.txt")).unwrap();
    let short: String = vocab
        .lines()
        .take(32000)
        .map(|l| format!("{l}\n"))
        .collect();
    replace_pinned(d.path(), "vocab.txt", short.as_bytes());
    let err = load(d.path()).err().unwrap();
    assert_eq!(err.code(), "VOCAB_MISMATCH", "{err}");
    assert!(err.to_string().contains("32000"), "{err}");
    let shuffled = vocab.replacen("[CLS]", "[XLS]", 1);
    replace_pinned(d.path(), "vocab.txt", shuffled.as_bytes());
    assert_eq!(load(d.path()).err().unwrap().code(), "VOCAB_MISMATCH");
}

#[test]
fn a_broken_manifest_is_refused() {
    let d = scratch_bundle();
    std::fs::write(d.path().join(MANIFEST), b"{\"format\": 1}").unwrap();
    assert_eq!(load(d.path()).err().unwrap().code(), "INVALID_BUNDLE");
}

/// `logits()` in the package reaches `forward_raw` with whatever a page passes: every shape and
/// value that burn would panic on (or that would wrap a 32-bit size) is a coded error.
#[test]
fn raw_logits_refuse_bad_shapes_and_values() {
    let e = engine();
    let raw = |b: usize, s: usize, ids: &[i64], mask: &[i64], types: &[i64]| {
        common::block_on(e.model().forward_raw(b, s, ids, mask, types))
    };
    let n = 8;
    let (ids, mask, types) = (vec![5i64; n], vec![1i64; n], vec![0i64; n]);
    let (start, end) = raw(2, 4, &ids, &mask, &types).unwrap();
    assert_eq!((start.len(), end.len()), (n, n));
    let vocab = e.model().vocab_size() as i64;
    let with = |v: &[i64], x: i64| {
        let mut v = v.to_vec();
        v[n - 1] = x;
        v
    };
    let long = vec![5i64; 513];
    let cases: Vec<(&str, Result<(Vec<f32>, Vec<f32>), QaError>)> = vec![
        ("batch must be", raw(0, 4, &[], &[], &[])),
        ("seq must be", raw(1, 0, &[], &[], &[])),
        (
            "seq must be",
            raw(1, 513, &long, &vec![1; 513], &vec![0; 513]),
        ),
        ("batch must be", raw(usize::MAX, 2, &ids, &mask, &types)),
        ("batch must be", raw(1 << 16, 1 << 16, &[], &[], &[])),
        ("exceeds", raw(64, 512, &[], &[], &[])),
        ("input_ids holds 7", raw(2, 4, &ids[..7], &mask, &types)),
        (
            "outside the vocabulary",
            raw(2, 4, &with(&ids, vocab), &mask, &types),
        ),
        (
            "outside the vocabulary",
            raw(2, 4, &with(&ids, -1), &mask, &types),
        ),
        (
            "attention_mask[7] = 2",
            raw(2, 4, &ids, &with(&mask, 2), &types),
        ),
        (
            "token_type_ids[7] = 2",
            raw(2, 4, &ids, &mask, &with(&types, 2)),
        ),
        ("must be 0 or 1", raw(2, 4, &ids, &mask, &with(&types, -1))),
    ];
    for (want, r) in cases {
        let err = r.unwrap_err();
        assert_eq!(err.code(), "INVALID_INPUT", "{err}");
        assert!(err.to_string().contains(want), "{want}: {err}");
    }
    // The edges run, and the engine still answers.
    raw(1, 512, &vec![vocab - 1; 512], &vec![1; 512], &vec![1; 512]).unwrap();
    assert_eq!(ask(&e, Q, C).unwrap().len(), 1);
}
