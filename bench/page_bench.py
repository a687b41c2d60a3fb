#!/usr/bin/env python3
"""Page bench: KorQuAD dev questions asked against their WHOLE article, as a reader of a web page
asks them. Numbers only; nothing here fails on time.

Each article's paragraphs are joined with '\\n' into one context. Reported:
- recall: the share of all questions whose gold answer lies inside a window the reader reads under
  the default options (no model needed: `korean-qa batch --plan`), and inside its top 1/2/4/8;
- time to the first and to the final answer for the 10 longest articles and the median one, at 1
  and 2 CPU threads, default and exhaustive (`korean-qa batch --explain`);
- agreement: how often the default's top-1 equals exhaustive mode's top-1 (`--agree N` questions).

    python3 bench/page_bench.py --cli target/release/korean-qa --bundle models/bundles/fp16 \\
        --korquad ../shared/data/korquad/KorQuAD_v1.0_dev.json --json page-bench.json
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from kqa_data import by_id, read_jsonl, whole_articles, write_jsonl  # noqa: E402


def utf16(s: str, i: int) -> int:
    """UTF-16 position of code point `i` in `s` (the CLI reports UTF-16 offsets)."""
    return len(s[:i].encode("utf-16-le")) // 2


def articles(korquad: Path):
    """[(title, context, [(qid, question, gold_start_utf16, gold_end_utf16)])]."""
    return [(t, ctx, [(i, q, utf16(ctx, s), utf16(ctx, e)) for i, q, s, e in qas]) for t, ctx, qas in whole_articles(korquad)]


def batch(cli, bundle, rows, *args, threads=None):
    """Runs `korean-qa batch` on rows of (id, question, context); returns its lines by id."""
    with tempfile.TemporaryDirectory() as d:
        src, dst = Path(d, "in.jsonl"), Path(d, "out.jsonl")
        write_jsonl(src, ({"id": i, "question": q, "context": c} for i, q, c in rows))
        env = dict(os.environ)
        if threads:
            env["RAYON_NUM_THREADS"] = str(threads)
        subprocess.run([str(cli), "batch", "--model", str(bundle), str(src), "--out", str(dst), *args], check=True, env=env, stderr=subprocess.DEVNULL)
        return by_id(read_jsonl(dst))


def recall(cli, bundle, arts):
    rows, gold = [], {}
    for _, ctx, qas in arts:
        for i, q, s, e in qas:
            rows.append((i, q, ctx))
            gold[i] = (s, e)
    got = batch(cli, bundle, rows, "--plan")
    hits = {k: 0 for k in ("read", 1, 2, 4, 8)}
    windows, read = [], []
    for i, r in got.items():
        s, e = gold[i]
        inside = [w for w in r["windows"] if w["start"] <= s and e <= w["end"]]
        best = min((w["rank"] for w in inside), default=None)
        hits["read"] += any(w["read"] for w in inside)
        for k in (1, 2, 4, 8):
            hits[k] += best is not None and best < k
        windows.append(len(r["windows"]))
        read.append(sum(w["read"] for w in r["windows"]))
    n = len(got)
    return {
        "questions": n,
        "recall_default": hits["read"] / n,
        "recall_at": {str(k): hits[k] / n for k in (1, 2, 4, 8)},
        "windows_read_mean": statistics.mean(read),
        "windows_median": statistics.median(windows),
        "windows_max": max(windows),
    }


def timing(cli, bundle, arts):
    by_len = sorted(arts, key=lambda a: len(a[1]))
    picked = by_len[-10:][::-1] + [by_len[len(by_len) // 2]]
    rows = [(t, qas[0][1], ctx) for t, ctx, qas in picked]
    out = []
    for threads in (1, 2):
        for mode in ("default", "exhaustive"):
            got = batch(cli, bundle, rows, "--explain", *(["--exhaustive"] if mode == "exhaustive" else []), threads=threads)
            for t, _, ctx in rows:
                r = got[t]
                out.append({
                    "article": t, "chars": len(ctx), "windows": len(r["windows"]), "threads": threads, "mode": mode,
                    "read": sum(w["read"] for w in r["windows"]), "first_ms": round(r["ms"]["first"]), "total_ms": round(r["ms"]["total"]),
                })
                print(f"  {t[:12]:12} {len(ctx):6} chars {len(r['windows']):3} windows  {threads}T {mode:10} first {r['ms']['first']:7.0f} ms  final {r['ms']['total']:7.0f} ms", file=sys.stderr)
    return out


def agreement(cli, bundle, arts, n):
    rows = []
    for _, ctx, qas in arts:
        for i, q, _, _ in qas[:: max(1, len(qas) // 3)][:3]:
            rows.append((i, q, ctx))
    rows = rows[:n]
    a = batch(cli, bundle, rows)
    b = batch(cli, bundle, rows, "--exhaustive")
    top = lambda r: (r["answers"][0]["start"], r["answers"][0]["end"]) if r["answers"] else None
    same = sum(top(a[i]) == top(b[i]) for i, _, _ in rows)
    return {"questions": len(rows), "same_top1": same, "share": same / len(rows)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", required=True, type=Path)
    ap.add_argument("--bundle", required=True, type=Path)
    ap.add_argument("--korquad", required=True, type=Path)
    ap.add_argument("--agree", type=int, default=200, help="questions for the agreement figure (0: skip)")
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    arts = articles(a.korquad)
    res = {"recall": recall(a.cli, a.bundle, arts)}
    print(json.dumps(res["recall"]), file=sys.stderr)
    if not a.no_timing:
        res["timing"] = timing(a.cli, a.bundle, arts)
    if a.agree:
        res["agreement"] = agreement(a.cli, a.bundle, arts, a.agree)
        print(json.dumps(res["agreement"]), file=sys.stderr)
    text = json.dumps(res, ensure_ascii=False, indent=1)
    if a.json:
        a.json.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
