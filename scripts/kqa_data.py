"""Reading and writing the project's data files, for scripts/, bench/ and tests/python: JSONL rows
(the CLI's `batch` input and output, models/refs/) and the KorQuAD v1.0 JSON."""
import json


def read_jsonl(path) -> list[dict]:
    """The rows of a JSONL file: one JSON object a line, blank lines skipped."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path, rows) -> None:
    """One JSON object a line, non-ASCII text written as is."""
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def by_id(rows) -> dict:
    """{row["id"]: row}."""
    return {r["id"]: r for r in rows}


def top1_spans(rows) -> dict:
    """{id: (start, end)} of each answer row's first answer; None where the row has no answer."""
    return {r["id"]: ((r["answers"][0]["start"], r["answers"][0]["end"]) if r.get("answers") else None) for r in rows}


def korquad_articles(path) -> list[dict]:
    """KorQuAD v1.0's articles: {"title", "paragraphs": [{"context", "qas": [{"id", "question", "answers"}]}]}."""
    with open(path, encoding="utf-8") as f:
        return json.load(f)["data"]


def korquad_questions(path, every: int = 1) -> list[dict]:
    """Every `every`-th question of the file, in order, as {"id", "question", "context"} (its paragraph)."""
    rows = [
        {"id": qa["id"], "question": qa["question"], "context": p["context"]}
        for art in korquad_articles(path)
        for p in art["paragraphs"]
        for qa in p["qas"]
    ]
    return rows[::every]


def whole_articles(path) -> list[tuple]:
    """Each KorQuAD article as one context, its paragraphs joined with '\\n' (as a reader of a web
    page asks about it): [(title, context, [(qid, question, gold_start, gold_end)])], the gold
    answer's code-point offsets into that context."""
    out = []
    for a in korquad_articles(path):
        parts, qas, at = [], [], 0
        for p in a["paragraphs"]:
            for qa in p["qas"]:
                ans = qa["answers"][0]
                s = at + ans["answer_start"]
                qas.append((qa["id"], qa["question"], s, s + len(ans["text"])))
            parts.append(p["context"])
            at += len(p["context"]) + 1
        out.append((a["title"], "\n".join(parts), qas))
    return out
