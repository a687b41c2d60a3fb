//! The ranked reader on the real pipeline: short contexts answer exactly as exhaustive mode, long
//! ones read the planned windows best-first, and partial answers only improve.

mod common;

use korean_qa::{Backend, QaEngine, QaOptions};
use serde_json::Value;

fn engine() -> QaEngine {
    QaEngine::from_dir(&common::bundle(), &Backend::all()[0].device()).unwrap()
}

/// `(question, context)` rows of the reference sample (single paragraphs and 3-paragraph contexts).
fn sample() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(common::refs().join("sample.jsonl")).unwrap();
    text.lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["question"].as_str().unwrap().to_string(),
                v["context"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn contexts_of_at_most_four_windows_answer_exactly_as_exhaustive_mode() {
    let e = engine();
    let rows = sample();
    // Every multi-paragraph row, and some single paragraphs.
    let picked: Vec<_> = rows
        .iter()
        .enumerate()
        .filter(|(i, (_, c))| c.len() > 2000 && i % 2 == 0 || i % 50 == 0)
        .map(|(_, r)| r)
        .collect();
    assert!(picked.len() >= 30, "{}", picked.len());
    let (default, all) = (
        QaOptions { top_k: 3, ..Default::default() },
        QaOptions { top_k: 3, exhaustive: true, ..Default::default() },
    );
    let mut multi = 0;
    for (q, c) in picked {
        let reading = e.read(q, c, &default).unwrap();
        let p = reading.progress();
        assert!(p.total >= p.windows.min(4) && p.total <= p.windows.min(8), "{p:?}");
        if p.windows > 4 {
            continue;
        }
        assert_eq!(p.total, p.windows, "{p:?}");
        if p.windows > 1 {
            multi += 1;
        }
        let a = common::block_on(e.answer(q, c, &default)).unwrap();
        let b = common::block_on(e.answer(q, c, &all)).unwrap();
        assert_eq!(a, b, "{q}");
    }
    assert!(multi >= 15, "multi-window contexts: {multi}");
}

#[test]
fn a_whole_article_reads_the_best_ranked_windows_and_partial_answers_only_improve() {
    let e = engine();
    let dev: Value =
        serde_json::from_str(&std::fs::read_to_string(common::korquad()).unwrap()).unwrap();
    // The longest article: tens of windows.
    let article = dev["data"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|a| a["paragraphs"].as_array().unwrap().len())
        .unwrap();
    let paragraphs: Vec<&str> = article["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["context"].as_str().unwrap())
        .collect();
    let context = paragraphs.join("\n");
    let question = article["paragraphs"][1]["qas"][0]["question"].as_str().unwrap();
    let opts = QaOptions { top_k: 3, ..Default::default() };
    let mut reading = e.read(question, &context, &opts).unwrap();
    let p = reading.progress();
    assert!(p.windows > 8, "{p:?}");
    assert_eq!(p.read, 0);
    assert!((4..=8).contains(&p.total), "{p:?}");
    assert!(reading.answers().is_empty());
    let mut best = 0.0;
    let mut steps = vec![];
    loop {
        let more = common::block_on(reading.step()).unwrap();
        steps.push(reading.progress().read);
        let top = reading.answers()[0].score;
        assert!(top >= best, "the best score fell from {best} to {top}");
        best = top;
        if !more {
            break;
        }
    }
    let want: Vec<usize> = [1, 4, p.total].into_iter().filter(|&n| n <= p.total).collect();
    let mut want = want;
    want.dedup();
    assert_eq!(steps, want);
    assert!(reading.is_done());
    // The plan: ranks 0..8 read, in falling score order, each span inside the context.
    let windows = reading.explain();
    assert_eq!(windows.len(), p.windows);
    assert_eq!(windows.iter().filter(|w| w.read).count(), p.total);
    assert!(windows.iter().enumerate().all(|(i, w)| w.rank == i && w.read == (i < p.total)));
    // The margin rule: past the first four, every window read scores at least half the best.
    assert!(windows[4..p.total].iter().all(|w| w.score >= 0.5 * windows[0].score));
    if p.total < 8 {
        assert!(windows[p.total].score < 0.5 * windows[0].score);
    }
    assert!(windows.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(windows.iter().all(|w| w.start < w.end && w.end <= context.len()));
    // Every answer lies in a window that was read.
    let answers = reading.answers();
    for a in &answers {
        assert!(
            windows.iter().any(|w| w.read && w.start <= a.start && a.end <= w.end),
            "{a:?}"
        );
    }
    // The same through answer(); exhaustive mode reads everything and can only score higher.
    assert_eq!(common::block_on(e.answer(question, &context, &opts)).unwrap(), answers);
    let all = QaOptions { exhaustive: true, ..opts.clone() };
    let mut full = e.read(question, &context, &all).unwrap();
    while common::block_on(full.step()).unwrap() {}
    assert_eq!(full.progress().read, p.windows);
    assert!(full.answers()[0].score >= best);
}

#[test]
fn a_page_of_a_million_characters_is_accepted_and_reads_only_the_budget() {
    let e = engine();
    let context = "세종대왕은 조선의 제4대 국왕이다. 훈민정음을 창제하였다. ".repeat(30_000);
    assert!(context.chars().count() > 1_000_000 - 40_000);
    let context: String = context.chars().take(1_000_000).collect();
    let started = std::time::Instant::now();
    let opts = QaOptions::default();
    let mut reading = e.read("훈민정음은 누가 창제하였나?", &context, &opts).unwrap();
    // Every window says the same: all rank alike, so the budget is what stops the reading.
    assert_eq!(reading.progress().total, QaOptions::default().max_windows);
    while common::block_on(reading.step()).unwrap() {}
    assert_eq!(reading.answers().len(), 1);
    eprintln!("1M characters, {} windows: {:?}", opts.max_windows, started.elapsed());
    let too_long = "가".repeat(1_000_001);
    let err = e.read("질문", &too_long, &opts).err().unwrap();
    assert_eq!(err.code(), "INVALID_INPUT");
}
