"""End-to-end parity: `korean-qa batch` against the Python reference (HF tokenizers + onnxruntime +
numpy span decoding) on the sampled KorQuAD dev questions."""
import json
import subprocess

from kqa_data import by_id, read_jsonl


def load_jsonl(path):
    return by_id(read_jsonl(path))


def test_top3_spans_and_scores_match_the_reference(cli, bundle, refs, tmp_path):
    out = tmp_path / "ours.jsonl"
    # Exhaustive: the reference decodes every window, as the transformers pipeline does.
    subprocess.run(
        [cli, "batch", "--model", bundle, "--top-k", "3", "--exhaustive", refs / "sample.jsonl", "--out", out], check=True
    )
    ours, ref = load_jsonl(out), load_jsonl(refs / "qa.jsonl")
    sample = load_jsonl(refs / "sample.jsonl")
    assert len(ref) >= 500 and set(ours) == set(ref)
    assert sum(r["windows"] > 1 for r in ref.values()) >= 20, "too few multi-window contexts"
    worst = 0.0
    for qid, r in ref.items():
        mine = ours[qid]["answers"]
        assert "error" not in ours[qid], ours[qid]
        assert [(a["start"], a["end"]) for a in mine] == [(a["start"], a["end"]) for a in r["answers"]], qid
        context = sample[qid]["context"].encode("utf-16-le")
        for a, b in zip(mine, r["answers"]):
            assert a["text"] == b["text"]
            # UTF-16 offsets: slicing the context's code units gives the answer text.
            assert context[2 * a["start"] : 2 * a["end"]].decode("utf-16-le") == a["text"]
            for key, ref_key in (("score", "score"), ("startProb", "start_prob"), ("endProb", "end_prob")):
                rel = abs(a[key] - b[ref_key]) / max(abs(b[ref_key]), 1e-300)
                worst = max(worst, rel)
                assert rel <= 1e-5, (qid, key, a[key], b[ref_key])
    print(f"{len(ref)} questions, worst relative score difference {worst:.2e}")


def test_answer_command_prints_utf16_offsets(cli, bundle):
    context = "😀 이모지 뒤의 문장: 세종대왕은 1446년에 훈민정음을 반포했다. 🇰🇷"
    r = subprocess.run(
        [cli, "answer", "--model", bundle, "--question", "훈민정음은 언제?", "--context", context, "--top-k", "3"],
        check=True,
        capture_output=True,
        text=True,
    )
    answers = json.loads(r.stdout)["answers"]
    assert len(answers) == 3
    units = context.encode("utf-16-le")
    for a in answers:
        assert units[2 * a["start"] : 2 * a["end"]].decode("utf-16-le") == a["text"]
    assert answers[0]["score"] >= answers[1]["score"] >= answers[2]["score"]


def test_batch_reports_bad_lines_in_place(cli, bundle, tmp_path):
    inp = tmp_path / "in.jsonl"
    rows = [
        {"id": 1, "question": "", "context": "문맥"},
        {"id": 2, "question": "무엇?", "context": "훈민정음은 1446년에 반포되었다."},
    ]
    inp.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    r = subprocess.run([cli, "batch", "--model", bundle, inp], check=True, capture_output=True, text=True)
    lines = [json.loads(l) for l in r.stdout.splitlines()]
    assert lines[0]["error"]["code"] == "INVALID_INPUT" and lines[0]["answers"] == []
    assert len(lines[1]["answers"]) == 1
