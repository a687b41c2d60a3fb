//! Token ids and offsets against the HF `tokenizers` Python package on every KorQuAD dev question
//! and context, plus hand-written edge cases (tests/data/tokenizer_cases.json).

mod common;

use korean_qa::tokenize::QaTokenizer;
use serde::Deserialize;

#[derive(Deserialize)]
struct Line {
    text: String,
    ids: Vec<u32>,
    /// Python string indices (code points).
    offsets: Vec<(usize, usize)>,
}

#[test]
fn tokens_and_offsets_match_hf_tokenizers() {
    let vocab = std::fs::read(common::bundle().join("vocab.txt")).unwrap();
    let tok = QaTokenizer::from_vocab(&vocab).unwrap();
    let refs = std::fs::read_to_string(common::refs().join("tokens.jsonl")).unwrap();
    let cases: Vec<String> = {
        let v: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string("tests/data/tokenizer_cases.json").unwrap(),
        )
        .unwrap();
        v["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect()
    };
    let (mut n, mut bad) = (0, Vec::new());
    let mut seen_cases = 0;
    for line in refs.lines() {
        let r: Line = serde_json::from_str(line).unwrap();
        seen_cases += usize::from(cases.contains(&r.text));
        let enc = tok.encode(&r.text).unwrap();
        // Byte offsets → code-point offsets, the unit of Python strings.
        let char_at = |b: usize| r.text[..b].chars().count();
        let offsets: Vec<_> = enc
            .offsets
            .iter()
            .map(|&(s, e)| (char_at(s), char_at(e)))
            .collect();
        if enc.ids != r.ids || offsets != r.offsets {
            bad.push(r.text.chars().take(40).collect::<String>());
        }
        n += 1;
    }
    println!("{n} texts compared, {} differ", bad.len());
    assert!(
        n > 6000,
        "expected every KorQuAD dev question and context, got {n}"
    );
    assert_eq!(
        seen_cases,
        cases.len(),
        "hand-written cases missing from the reference"
    );
    assert!(
        bad.is_empty(),
        "{} texts differ, first: {:?}",
        bad.len(),
        &bad[..bad.len().min(5)]
    );
}

#[test]
fn published_koelectra_v2_example_encodes_as_documented() {
    let vocab = std::fs::read(common::bundle().join("vocab.txt")).unwrap();
    let tok = QaTokenizer::from_vocab(&vocab).unwrap();
    let enc = tok.encode("한국어 ELECTRA를 공유합니다.").unwrap();
    assert_eq!(
        enc.ids,
        vec![5084, 16248, 3770, 19059, 29965, 2259, 10431, 5]
    );
}
