//! The invariants that the fuzz targets (`fuzz/`) check for millions of inputs and
//! `tests/invariants.rs` checks for a few thousand on every `cargo test`: one copy of the input
//! decoding and of the checks, so CI checks exactly what the fuzzers check.
//!
//! Every check is an `assert!`: a violated invariant is a panic, which both libFuzzer and the
//! test harness report with the input that caused it.
#![allow(dead_code)]

use std::collections::HashSet;
use std::sync::OnceLock;

use arbitrary::{Result as AResult, Unstructured};
use burn::tensor::{DType, TensorData, f16};
use burn_store::bridge;
use burn_store::burn_pack::Writer;
use korean_qa::bundle::{
    self, FileEntry, MAX_MANIFEST_BYTES, MAX_PATH_BYTES, MAX_VOCAB_BYTES, MAX_WEIGHTS_BYTES,
    Manifest,
};
use korean_qa::offsets::byte_at_utf16;
use korean_qa::options::MAX_CONTEXT_CHARS;
use korean_qa::model::Logits;
use korean_qa::reader::{Forward, Plan, Reading};
use korean_qa::spans::{self, Answer};
use korean_qa::tokenize::{CLS, QaTokenizer, SEP};
use korean_qa::windows::{Feature, Windows};
use korean_qa::{QaError, QaOptions};

// ---------------------------------------------------------------------------------------------
// (a) tokenize → windows → reader plan → spans → UTF-16 offsets, with a fake model

/// The real KoELECTRA vocabulary (`$KQA_DATA/koelectra-v2/vocab.txt`), read once.
pub fn tokenizer() -> &'static QaTokenizer {
    static T: OnceLock<QaTokenizer> = OnceLock::new();
    T.get_or_init(|| {
        // `KQA_DATA`, else `../shared/data` beside the checkout (from the crate or from fuzz/).
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let data = std::env::var_os("KQA_DATA")
            .map(std::path::PathBuf::from)
            .or_else(|| {
                ["../shared/data", "../../shared/data"]
                    .iter()
                    .map(|d| root.join(d))
                    .find(|d| d.exists())
            })
            .unwrap_or_else(|| root.join("../shared/data"));
        let path = data.join("koelectra-v2/vocab.txt");
        let vocab = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (set KQA_DATA)", path.display()));
        QaTokenizer::from_vocab(&vocab).expect("the real vocabulary loads")
    })
}

/// Pieces that text is built from: Hangul words and particles, numbers, the characters the
/// tokenizer treats specially (CJK, control, zero-width, combining marks, emoji sequences,
/// full-width forms, BOM), and a word past WordPiece's 100-character limit.
const PIECES: &[&str] = &[
    "훈민정음",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "에",
    "에서",
    "의",
    "와",
    "1446년",
    "세종",
    "반포",
    "되었다",
    "한글",
    "언제",
    "무엇",
    "?",
    ".",
    ",",
    " ",
    "  ",
    "\n",
    "\t",
    "\u{3000}",
    "\u{a0}",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{0}",
    "\u{7}",
    "\u{1f}",
    "\u{7f}",
    "\u{85}",
    "😀",
    "👨\u{200d}👩\u{200d}👧",
    "🇰🇷",
    "e\u{301}",
    "\u{1100}\u{1161}\u{11a8}",
    "가\u{302}",
    "漢字",
    "世宗",
    "ＡＢＣ１２３",
    "ﬁ",
    "İ",
    "ß",
    "ǅ",
    "Ω",
    "\u{10ffff}",
    "\u{fffd}",
    "(주)",
    "[SEP]",
    "[CLS]",
    "##",
    "KorQuAD",
    "ELECTRA",
    "x",
];

/// One pipeline case: a question, a context, options (valid or not) and the fake model's seed.
#[derive(Debug, Clone)]
pub struct PipelineInput {
    pub question: String,
    pub context: String,
    pub opts: QaOptions,
    pub seed: u64,
}

fn text(u: &mut Unstructured, max_pieces: usize) -> AResult<String> {
    let n = u.int_in_range(0..=max_pieces)?;
    let mut s = String::new();
    for _ in 0..n {
        match u.int_in_range(0u8..=19)? {
            0 | 1 => s.push(u.arbitrary::<char>()?),
            2 => {
                let k = u.int_in_range(1..=3)?;
                let c = u.arbitrary::<char>()?;
                s.extend(std::iter::repeat_n(c, k));
            }
            3 => s.push_str(&"가".repeat(u.int_in_range(90..=110)?)),
            _ => s.push_str(u.choose(PIECES)?),
        }
    }
    Ok(s)
}

impl PipelineInput {
    /// Options mostly near their valid ranges (each later bound drawn below the earlier ones, so
    /// most combinations pass `validate`), some outside them, which `validate` must refuse.
    pub fn arbitrary(u: &mut Unstructured) -> AResult<Self> {
        let small = u.ratio(2, 3)?;
        let max_seq_len: usize = if small {
            u.int_in_range(0..=48)?
        } else {
            u.int_in_range(0..=530)?
        };
        let max_question_len = u.int_in_range(0..=max_seq_len.max(1))?;
        let doc_stride = u.int_in_range(0..=max_seq_len.saturating_sub(max_question_len))?;
        let opts = QaOptions {
            top_k: if u.ratio(1, 2)? {
                u.int_in_range(1..=5)?
            } else {
                u.int_in_range(0..=110)?
            },
            max_answer_len: if u.ratio(1, 8)? {
                u.int_in_range(0..=600)?
            } else {
                u.int_in_range(1..=40)?
            },
            doc_stride,
            max_seq_len,
            max_question_len,
            min_score: match u.int_in_range(0u8..=7)? {
                0 => Some(f64::from(u.int_in_range(0u16..=1100)?) / 1000.0),
                1 => Some(f64::NAN),
                2 => Some(-0.0),
                _ => None,
            },
            max_context_chars: if u.ratio(1, 16)? {
                u.int_in_range(0..=MAX_CONTEXT_CHARS + 1)?
            } else {
                u.int_in_range(1..=4000)?
            },
            max_windows: u.int_in_range(0..=12)?,
            min_windows: u.int_in_range(0..=9)?,
            rank_ratio: match u.int_in_range(0u8..=5)? {
                0 => f64::NAN,
                1 => 1.5,
                n => f64::from(n - 2) / 3.0,
            },
            exhaustive: u.ratio(1, 4)?,
        };
        let seed = u.arbitrary()?;
        let question = text(u, 12)?;
        let context = text(u, 200)?;
        Ok(Self {
            question,
            context,
            opts,
            seed,
        })
    }
}

/// splitmix64: the fake model's logits, reproducible from the input's seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A row of fake logits, finite like every row the engine decodes (it refuses non-finite
/// ones): spread values, all equal (every span ties), a few integers (many ties), or values
/// near ±f32::MAX.
fn fake_logits(rng: &mut Rng, mode: u64, n: usize) -> Vec<f32> {
    (0..n)
        .map(|_| match mode {
            0 => 0.0,
            1 => (rng.next() % 5) as f32 - 2.0,
            2 => (rng.unit() * 2.0 - 1.0) as f32 * f32::MAX,
            _ => (rng.unit() * 40.0 - 20.0) as f32,
        })
        .collect()
}

/// Runs the pipeline the engine runs (`QaEngine::read`, then every planned window through a
/// fake model, then `decode_rows`) and checks every stage's invariants.
/// Checks one input; returns whether the engine read it (false: refused, with a documented code).
pub fn check_pipeline(input: &PipelineInput) -> bool {
    let PipelineInput {
        question,
        context,
        opts,
        seed,
    } = input;
    let tok = tokenizer();
    // The real reading, driven through a stand-in model; what it refuses stops here, with one of
    // the codes `read` documents.
    let mut rng = Rng(*seed);
    let model = StandIn {
        mode: rng.next() % 4,
        rng: std::cell::RefCell::new(rng),
        read: Default::default(),
    };
    let mut reading = match Reading::start(&model, tok, question, context, opts) {
        Ok(r) => r,
        Err(e) => {
            assert!(
                ["INVALID_OPTIONS", "INVALID_INPUT", "CONTEXT_TOO_LONG"].contains(&e.code()),
                "a refusal with an unexpected code: {e}"
            );
            return false;
        }
    };
    let q = tok.encode(question).expect("a question tokenizes");
    let c = tok.encode(context).expect("a context tokenizes");
    check_encoding(context, &c.ids, &c.offsets, tok.vocab_size());
    check_encoding(question, &q.ids, &q.offsets, tok.vocab_size());

    let windows = Windows::new(q.ids.clone(), c.ids.clone(), opts);
    check_windows(&windows, q.ids.len(), c.ids.len(), opts);
    let plan = Plan::new(&windows, opts);
    check_plan(&plan, windows.len(), opts);

    let mut steps = 0;
    while ready(reading.step()).expect("a step reads") {
        steps += 1;
    }
    assert!(reading.is_done());
    assert_eq!(steps + 1, plan.batches().len(), "one step per batch");
    let progress = reading.progress();
    assert_eq!((progress.read, progress.total, progress.windows), (plan.read, plan.read, windows.len()));
    let answers = reading.answers();
    // What the stand-in produced, in the context's order: the rows the spec is computed over.
    let mut rows = model.read.into_inner();
    assert_eq!(rows.len(), plan.read, "every planned window read once");
    rows.sort_by_key(|(f, _, _)| f.ctx_start);
    let view: Vec<spans::Row> = rows
        .iter()
        .map(|(f, s, e)| (f, s.as_slice(), e.as_slice()))
        .collect();
    check_answers(context, &answers, opts);
    check_against_brute_force(context, &c.offsets, &view, opts, &answers);
    true
}

/// A model that gives random logits (of one of four kinds, by `mode`) and remembers them.
struct StandIn {
    mode: u64,
    rng: std::cell::RefCell<Rng>,
    read: std::cell::RefCell<Vec<(Feature, Vec<f32>, Vec<f32>)>>,
}

impl Forward for StandIn {
    fn logits(&self, features: &[Feature]) -> impl std::future::Future<Output = korean_qa::Result<Logits>> {
        let seq = features.iter().map(|f| f.input_ids.len()).max().unwrap_or(0);
        let mut out = Logits { start: vec![0.0; features.len() * seq], end: vec![0.0; features.len() * seq], seq };
        let mut rng = self.rng.borrow_mut();
        for (i, f) in features.iter().enumerate() {
            let n = f.input_ids.len();
            let (s, e) = (fake_logits(&mut rng, self.mode, n), fake_logits(&mut rng, self.mode, n));
            out.start[i * seq..i * seq + n].copy_from_slice(&s);
            out.end[i * seq..i * seq + n].copy_from_slice(&e);
            self.read.borrow_mut().push((f.clone(), s, e));
        }
        std::future::ready(Ok(out))
    }
}

/// The value of a future that never waits (the stand-in's), without an executor.
fn ready<T>(f: impl std::future::Future<Output = T>) -> T {
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop())) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => panic!("the stand-in model never waits"),
    }
}

/// Token offsets: inside the text, on character boundaries, non-empty, in order.
fn check_encoding(text: &str, ids: &[u32], offsets: &[(usize, usize)], vocab: usize) {
    assert_eq!(ids.len(), offsets.len());
    let mut last_start = 0;
    for (&id, &(s, e)) in ids.iter().zip(offsets) {
        assert!((id as usize) < vocab, "id {id} outside the vocabulary");
        assert!(
            s < e && e <= text.len(),
            "offsets ({s}, {e}) in {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "({s}, {e}) splits a character"
        );
        assert!(s >= last_start, "offsets go backwards at ({s}, {e})");
        last_start = s;
    }
}

fn check_windows(w: &Windows, q_len: usize, c_len: usize, opts: &QaOptions) {
    let q = q_len.min(opts.max_question_len);
    assert_eq!(w.question().len(), q);
    assert_eq!(w.width, opts.max_seq_len - q - 3);
    assert!(!w.is_empty());
    assert_eq!(w.starts[0], 0);
    let step = w.width - opts.doc_stride;
    assert!(
        w.starts.windows(2).all(|p| p[1] - p[0] == step),
        "{:?}",
        w.starts
    );
    // Every context token is in a window; the last window reaches the end, and only it does.
    let last = *w.starts.last().unwrap();
    assert!(last + w.width >= c_len);
    assert!(w.len() == 1 || w.starts[w.len() - 2] + w.width < c_len);
    for i in 0..w.len() {
        let f = w.feature(i);
        let n = f.input_ids.len();
        assert!(n <= opts.max_seq_len, "feature of {n} tokens");
        assert_eq!(f.token_type_ids.len(), n);
        assert_eq!(f.input_ids[0], CLS);
        assert_eq!(f.input_ids[f.ctx_begin - 1], SEP);
        assert_eq!(f.input_ids[n - 1], SEP);
        assert_eq!(f.ctx_begin, q + 2);
        assert_eq!(f.ctx_begin + f.ctx_len + 1, n);
        assert!(f.ctx_len >= 1 && f.ctx_len <= w.width);
        assert_eq!(f.ctx_start, w.starts[i]);
        assert_eq!(&f.input_ids[f.ctx_begin..n - 1], w.tokens(i));
        assert!(f.token_type_ids[..f.ctx_begin].iter().all(|&t| t == 0));
        assert!(f.token_type_ids[f.ctx_begin..].iter().all(|&t| t == 1));
    }
}

fn check_plan(plan: &Plan, windows: usize, opts: &QaOptions) {
    let mut order = plan.order.clone();
    order.sort_unstable();
    assert_eq!(
        order,
        (0..windows).collect::<Vec<_>>(),
        "the order is a permutation"
    );
    assert_eq!(plan.scores.len(), windows);
    assert!(
        plan.scores.iter().all(|s| s.is_finite() && *s >= 0.0),
        "{:?}",
        plan.scores
    );
    // Best first, ties in the windows' order.
    for p in plan.order.windows(2) {
        let (a, b) = (plan.scores[p[0]], plan.scores[p[1]]);
        assert!(a > b || (a == b && p[0] < p[1]), "{:?}", plan.order);
    }
    // All windows in exhaustive mode; else the first `min_windows`, then, up to `max_windows`,
    // those scoring at least `rank_ratio` of the best.
    let best = plan.order.first().map_or(0.0, |&w| plan.scores[w]);
    let want = if opts.exhaustive {
        windows
    } else {
        let mut n = 0;
        while n < windows.min(opts.max_windows)
            && (n < opts.min_windows || plan.scores[plan.order[n]] >= opts.rank_ratio * best)
        {
            n += 1;
        }
        n
    };
    assert_eq!(plan.read, want);
    let batches = plan.batches();
    let mut at = 0;
    for (i, b) in batches.iter().enumerate() {
        assert_eq!(b.start, at);
        assert!(b.end > b.start);
        let size = [1, 3, 4].get(i).copied().unwrap_or(8);
        assert!(b.len() == size || (i == batches.len() - 1 && b.len() < size));
        at = b.end;
    }
    assert_eq!(at, plan.read);
}

/// What every answer list promises: exact spans, UTF-16 offsets that slice the same text in
/// JavaScript, best first, one answer per span, at most `top_k`, none below `min_score`.
pub fn check_answers(context: &str, answers: &[Answer], opts: &QaOptions) {
    assert!(
        answers.len() <= opts.top_k,
        "{} answers for topK {}",
        answers.len(),
        opts.top_k
    );
    let units: Vec<u16> = context.encode_utf16().collect();
    let mut seen = HashSet::new();
    for a in answers {
        assert!(
            a.start < a.end && a.end <= context.len(),
            "span ({}, {})",
            a.start,
            a.end
        );
        assert!(context.is_char_boundary(a.start) && context.is_char_boundary(a.end));
        assert_eq!(&context[a.start..a.end], a.text);
        assert!(
            seen.insert((a.start, a.end)),
            "span ({}, {}) twice",
            a.start,
            a.end
        );
        for p in [a.score, a.start_prob, a.end_prob] {
            assert!(p.is_finite() && (0.0..=1.0).contains(&p), "probability {p}");
        }
        assert_eq!(a.score, a.start_prob * a.end_prob);
        if let Some(m) = opts.min_score {
            assert!(a.score >= m);
        }
        let u = a.clone().into_utf16(context);
        assert!(u.start < u.end && u.end <= units.len());
        assert_eq!(
            String::from_utf16(&units[u.start..u.end]).ok().as_deref(),
            Some(a.text.as_str())
        );
        // On code-point boundaries: never between the halves of a surrogate pair.
        assert_eq!(byte_at_utf16(context, u.start), Some(a.start));
        assert_eq!(byte_at_utf16(context, u.end), Some(a.end));
    }
    for p in answers.windows(2) {
        let (a, b) = (&p[0], &p[1]);
        assert!(
            a.score > b.score || (a.score == b.score && (a.start, a.end) < (b.start, b.end)),
            "not ranked: {a:?} before {b:?}"
        );
    }
}

/// The decoding spec computed the slow way: every candidate of every window, merged by span
/// (keeping the best score), ranked, filtered, cut. `decode_rows` keeps only each window's top
/// k before merging; this checks that it loses nothing by doing so.
fn check_against_brute_force(
    context: &str,
    offsets: &[(usize, usize)],
    rows: &[spans::Row],
    opts: &QaOptions,
    answers: &[Answer],
) {
    // The spec's masked softmax ([CLS] and the window's tokens; the rest masked to −10000), in
    // log space with a log-sum-exp and written apart from src/spans.rs, so that a bug there
    // cannot pass here as well. A span's score is exp(log p_start + log p_end).
    let log_softmax = |logits: &[f32], f: &Feature| -> Vec<f64> {
        let kept = |i: usize| i == 0 || (f.ctx_begin <= i && i < f.ctx_begin + f.ctx_len);
        let x = |i: usize| if kept(i) { f64::from(logits[i]) } else { -10000.0 };
        let m = (0..logits.len()).map(x).fold(f64::NEG_INFINITY, f64::max);
        let lse = m + (0..logits.len()).map(|i| (x(i) - m).exp()).sum::<f64>().ln();
        (0..logits.len()).map(|i| x(i) - lse).collect()
    };
    let mut best: std::collections::HashMap<(usize, usize), f64> = Default::default();
    for (f, start, end) in rows {
        let (ls, le) = (log_softmax(start, f), log_softmax(end, f));
        for a in 0..f.ctx_len {
            for b in a..f.ctx_len.min(a + opts.max_answer_len) {
                let span = (offsets[f.ctx_start + a].0, offsets[f.ctx_start + b].1);
                let score = (ls[f.ctx_begin + a] + le[f.ctx_begin + b]).exp();
                let e = best.entry(span).or_insert(score);
                *e = e.max(score);
            }
        }
    }
    // The two computations round differently, so scores agree to a relative 1e-9 and the
    // answers are what the spec keeps up to that: each answer's score is its span's, and no span
    // clearly better than the last answer (or, with fewer than topK answers, clearly above
    // minScore) is missing.
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) + 1e-300;
    let clearly_above = |a: f64, b: f64| a > b && !close(a, b);
    assert!(answers.len() <= opts.top_k, "more than topK answers");
    for a in answers {
        let want = best
            .get(&(a.start, a.end))
            .unwrap_or_else(|| panic!("{a:?} is no candidate span ({context:?})"));
        assert!(close(a.score, *want), "{a:?}: the spec gives {want} ({context:?})");
        if let Some(m) = opts.min_score {
            assert!(a.score >= m || close(a.score, m), "{a:?} is under minScore {m}");
        }
    }
    let floor = match (answers.len() == opts.top_k, answers.last()) {
        (true, Some(last)) => last.score,
        _ => opts.min_score.unwrap_or(0.0),
    };
    let kept: std::collections::HashSet<(usize, usize)> =
        answers.iter().map(|a| (a.start, a.end)).collect();
    for (span, score) in &best {
        if clearly_above(*score, floor) && opts.min_score.is_none_or(|m| clearly_above(*score, m)) {
            assert!(
                kept.contains(span),
                "decode_rows lost {span:?} (score {score}, the spec keeps it) ({context:?})"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// (b) the manifest parser and the bundle path checks

/// A manifest from arbitrary data: raw bytes, or a well-formed manifest for the compiled graph
/// whose file entries (path, size, sha256) are arbitrary, so that the checks after JSON
/// parsing see inputs too.
pub fn manifest_bytes(u: &mut Unstructured) -> AResult<Vec<u8>> {
    if u.ratio(1, 3)? {
        return Ok(u.bytes(u.len())?.to_vec());
    }
    const PATHS: &[&str] = &[
        "model.bpk",
        "a..b.bpk",
        "../x",
        "%2e%2e/x",
        "C:\\x",
        "/etc/passwd",
        "a//b",
        "a/./b",
        "vocab.txt",
        "w/x.bpk",
        ".",
        "..",
        "",
    ];
    let entry = |u: &mut Unstructured| -> AResult<serde_json::Value> {
        let path = if u.ratio(1, 2)? {
            u.choose(PATHS)?.to_string()
        } else {
            u.arbitrary::<String>()?
        };
        let size: u64 = match u.int_in_range(0u8..=3)? {
            0 => u.arbitrary()?,
            1 => u.int_in_range(0..=MAX_VOCAB_BYTES + 1)?,
            2 => *u.choose(&[
                0,
                MAX_WEIGHTS_BYTES,
                MAX_WEIGHTS_BYTES + 1,
                1 << 31,
                1 << 32,
                u64::MAX,
            ])?,
            _ => u.int_in_range(1..=64)?,
        };
        let sha = if u.ratio(3, 4)? {
            bundle::sha256_hex(&u.arbitrary::<[u8; 4]>()?)
        } else {
            u.arbitrary::<String>()?
        };
        Ok(serde_json::json!({ "path": path, "size": size, "sha256": sha }))
    };
    let (weights, vocab) = (entry(u)?, entry(u)?);
    let graph = if u.ratio(7, 8)? {
        bundle::compiled_graph_id()
    } else {
        u.arbitrary::<String>()?
    };
    let m = serde_json::json!({
        "format": bundle::FORMAT,
        "formatVersion": bundle::FORMAT_VERSION,
        "name": u.arbitrary::<String>()?,
        "graph": graph,
        "precision": *u.choose(&["fp32", "fp16", "int8", "fp8"])?,
        "files": { "weights": weights, "vocab": vocab },
        "config": { "vocab_size": u.arbitrary::<u64>()? },
    });
    Ok(serde_json::to_vec(&m).expect("JSON serialises"))
}

/// `Manifest::parse` never panics; what it accepts is safe to fetch, allocate and join, and
/// survives a round trip.
pub fn check_manifest(bytes: &[u8]) {
    let Ok(m) = Manifest::parse(bytes) else {
        return;
    };
    assert!(bytes.len() as u64 <= MAX_MANIFEST_BYTES);
    for (f, max) in [
        (&m.files.weights, MAX_WEIGHTS_BYTES),
        (&m.files.vocab, MAX_VOCAB_BYTES),
    ] {
        assert!((1..=max).contains(&f.size), "size {}", f.size);
        assert!(f.sha256.len() == 64 && f.sha256.bytes().all(|b| b.is_ascii_hexdigit()));
        check_safe_path(&f.path);
        // The browser's buffer for this file never grows past its declared size.
        Manifest::check_download(Some(f), f.size).unwrap();
        assert!(Manifest::check_download(Some(f), f.size + 1).is_err());
    }
    let again = Manifest::parse(&serde_json::to_vec(&m).unwrap()).expect("round trip");
    assert_eq!(again, m);
}

/// `check_file_path` on any string: it never panics, and a path it accepts resolves inside the
/// bundle both natively and as a URL.
pub fn check_path(path: &str) {
    match bundle::check_file_path(path) {
        Ok(()) => check_safe_path(path),
        Err(e) => assert_eq!(e.code(), "INVALID_BUNDLE"),
    }
}

fn check_safe_path(path: &str) {
    assert!(!path.is_empty() && path.len() <= MAX_PATH_BYTES);
    // Natively: joined to the bundle directory, every component is a plain name.
    let dir = std::path::Path::new("/bundle");
    let joined = dir.join(path);
    assert!(joined.starts_with(dir));
    assert!(
        std::path::Path::new(path)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_))),
        "{path:?}"
    );
    // As a URL: nothing the URL parser decodes or reinterprets (percent-escapes, backslashes,
    // query, fragment, scheme) and no dot segment.
    assert!(!path.contains(['%', '\\', '?', '#', ':']), "{path:?}");
    assert!(
        path.split('/')
            .all(|s| !s.is_empty() && s != "." && s != ".."),
        "{path:?}"
    );
    assert!(path.bytes().all(|b| b.is_ascii_graphic()), "{path:?}");
}

// ---------------------------------------------------------------------------------------------
// (c) the fp16 / int8 weight decoders

/// A weights file from arbitrary data: raw bytes, or a real burnpack container of a few small
/// tensors of arbitrary names, dtypes, shapes and values (int8 with or without fitting scales),
/// optionally with some bytes flipped, so that the decoders past the container's header see
/// inputs too.
pub fn weights_bytes(u: &mut Unstructured) -> AResult<Vec<u8>> {
    if u.ratio(1, 4)? {
        return Ok(u.bytes(u.len())?.to_vec());
    }
    const NAMES: &[&str] = &[
        "a",
        "a.qscale",
        "b",
        "b.qscale",
        "lin.weight",
        "lin.weight.qscale",
    ];
    let n = u.int_in_range(0..=4)?;
    let mut tensors = Vec::new();
    for _ in 0..n {
        let name = if u.ratio(7, 8)? {
            u.choose(NAMES)?.to_string()
        } else {
            u.arbitrary::<String>()?
        };
        let rank = u.int_in_range(0..=3)?;
        let shape: Vec<usize> = (0..rank)
            .map(|_| u.int_in_range(0..=6))
            .collect::<AResult<_>>()?;
        let count: usize = shape.iter().product();
        let data = match u.int_in_range(0u8..=4)? {
            0 => TensorData::new(
                (0..count)
                    .map(|_| u.arbitrary::<f32>())
                    .collect::<AResult<Vec<_>>>()?,
                shape,
            ),
            1 => TensorData::new(
                (0..count)
                    .map(|_| u.arbitrary::<u16>().map(f16::from_bits))
                    .collect::<AResult<Vec<_>>>()?,
                shape,
            ),
            2 => TensorData::new(
                (0..count)
                    .map(|_| u.arbitrary::<i8>())
                    .collect::<AResult<Vec<_>>>()?,
                shape,
            ),
            3 => TensorData::new(
                (0..count)
                    .map(|_| u.arbitrary::<i32>())
                    .collect::<AResult<Vec<_>>>()?,
                shape,
            ),
            _ => TensorData::new(
                (0..count)
                    .map(|_| u.arbitrary::<f64>())
                    .collect::<AResult<Vec<_>>>()?,
                shape,
            ),
        };
        tensors.push(bridge::from_data(data, name, None));
    }
    // Two tensors of one name do not make a container; the writer refuses them, which is fine.
    let Ok(bytes) = Writer::new(tensors).into_bytes() else {
        return Ok(u.bytes(u.len())?.to_vec());
    };
    let mut bytes = bytes.to_vec();
    let flips = u.int_in_range(0..=3)?;
    for _ in 0..flips {
        if bytes.is_empty() {
            break;
        }
        let i = u.int_in_range(0..=bytes.len() - 1)?;
        bytes[i] ^= u.arbitrary::<u8>()?.max(1);
    }
    Ok(bytes)
}

/// `widen` never panics: any file is fp32 tensors or a `WEIGHTS_INVALID` error. What it returns
/// is fp32, one tensor per name that is not a scale, with as many values as its shape says.
pub fn check_widen(bytes: &[u8]) {
    match korean_qa::precision::widen(bytes.to_vec()) {
        Ok(tensors) => {
            let mut names = HashSet::new();
            for t in tensors {
                assert!(
                    !t.name.ends_with(korean_qa::precision::SCALE_SUFFIX),
                    "{}",
                    t.name
                );
                assert!(names.insert(t.name.clone()), "{} twice", t.name);
                let d = bridge::into_data(t).expect("a widened tensor reads back");
                assert_eq!(d.dtype(), DType::F32);
                let n: usize = d.shape().iter().product();
                assert_eq!(d.as_slice::<f32>().map(|s| s.len()).ok(), Some(n));
            }
        }
        Err(e) => assert_err_code(&e, "WEIGHTS_INVALID"),
    }
}

fn assert_err_code(e: &QaError, code: &str) {
    assert_eq!(e.code(), code, "{e}");
}

/// A file entry for tests that need one.
pub fn entry(path: &str, bytes: &[u8]) -> FileEntry {
    FileEntry {
        path: path.into(),
        size: bytes.len() as u64,
        sha256: bundle::sha256_hex(bytes),
    }
}

/// A safetensors file whose header names up to four of the tensors the compiled graph reads from
/// a checkpoint (in the map's order, so the first ones are met), or other names, each with a
/// dtype (float or not), the shape the graph wants where it is small or an arbitrary one, and data
/// offsets that fit or not; arbitrary metadata; the data arbitrary and of any length.
pub fn safetensors_bytes(u: &mut Unstructured) -> AResult<Vec<u8>> {
    const DTYPES: [(&str, usize); 7] =
        [("F32", 4), ("F16", 2), ("BF16", 2), ("F64", 8), ("I64", 8), ("U8", 1), ("BOOL", 1)];
    let map = korean_qa::checkpoint::map().expect("the committed map");
    let sources: Vec<_> = map.tensors.iter().filter(|e| e.from.is_some()).collect();
    let mut header = serde_json::Map::new();
    let mut offset = 0usize;
    for _ in 0..u.int_in_range(0..=4)? {
        let e = sources[u.int_in_range(0..=sources.len().min(8) - 1)?];
        let want: Vec<usize> = if e.transpose { e.shape.iter().rev().copied().collect() } else { e.shape.clone() };
        let shape: Vec<usize> = if want.iter().product::<usize>() <= 4096 && u.arbitrary()? {
            want
        } else {
            (0..u.int_in_range(0..=3)?).map(|_| u.int_in_range(0..=64)).collect::<AResult<_>>()?
        };
        let (dtype, size) = DTYPES[u.int_in_range(0..=DTYPES.len() - 1)?];
        let len = shape.iter().product::<usize>() * size;
        let len = if u.ratio(1, 8)? { u.int_in_range(0..=len + 16)? } else { len };
        let name = if u.ratio(1, 8)? { u.arbitrary::<String>()? } else { e.from.clone().expect("filtered") };
        header.insert(
            name,
            serde_json::json!({ "dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len] }),
        );
        offset += len;
    }
    if u.arbitrary()? {
        header.insert("__metadata__".into(), serde_json::json!({ "format": u.arbitrary::<String>()? }));
    }
    let header = serde_json::to_vec(&header).expect("a JSON object");
    let mut out = (header.len() as u64).to_le_bytes().to_vec();
    out.extend_from_slice(&header);
    let data = u.bytes(offset.min(u.len()))?;
    out.extend_from_slice(data);
    Ok(out)
}

/// Converting checkpoint weights never panics, from safetensors or from a pickle `.bin` (zip or
/// legacy): any file is a bundle's weights that read back ([`check_widen`]) or `WEIGHTS_INVALID`.
/// Reading every tensor (the import tool's path) never panics either.
pub fn check_checkpoint(bytes: &[u8]) {
    use korean_qa::checkpoint::{self, Format};
    for format in Format::ALL {
        match checkpoint::convert(bytes.to_vec(), format, korean_qa::precision::Precision::Int8) {
            Ok(weights) => check_widen(&weights),
            Err(e) => assert_err_code(&e, "WEIGHTS_INVALID"),
        }
        if let Err(e) = checkpoint::read_all(bytes.to_vec(), format) {
            assert_err_code(&e, "WEIGHTS_INVALID");
        }
    }
}

/// `config.json` and `tokenizer_config.json` checks never panic: a config is accepted only if
/// it is a JSON object of the compiled architecture, else `INVALID_BUNDLE` (not JSON, not an
/// object, too large) or `GRAPH_MISMATCH` (another architecture); a tokenizer config is
/// accepted, or `INVALID_BUNDLE`, or `VOCAB_MISMATCH` (it lowercases or strips accents).
pub fn check_configs(bytes: &[u8]) {
    use korean_qa::checkpoint;
    match checkpoint::parse_config(bytes) {
        Ok(v) => {
            assert!(v.is_object());
            assert!(checkpoint::check_config(&v).is_ok());
        }
        Err(e) => assert!(["INVALID_BUNDLE", "GRAPH_MISMATCH"].contains(&e.code()), "{e}"),
    }
    if let Err(e) = checkpoint::check_tokenizer_config(Some(bytes)) {
        assert!(["INVALID_BUNDLE", "VOCAB_MISMATCH"].contains(&e.code()), "{e}");
    }
}
