#!/usr/bin/env python3
"""Weight-precision report: for each bundle variant, its weights size and how often its top-1 span
agrees with fp32 on KorQuAD dev questions. Prints a table, writes JSON; never fails on a figure.

fp32 answers come from the reference pipeline (models/refs/qa.jsonl: HF tokenizers + onnxruntime on
the fp32 export), so a variant's agreement measures its weights alone. Where a variant disagrees,
the report gives fp32's own margin there (top-1 score / top-2 score - 1): a flip on a near-tie
means less than a flip on a clear answer.

    precision_report.py --cli target/release/korean-qa --bundles models/bundles \\
        --questions models/refs/sample.jsonl --refs models/refs/qa.jsonl [--json out.json]
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from kqa_data import read_jsonl  # noqa: E402


def load(path: Path) -> dict:
    return {r["id"]: r["answers"] for r in read_jsonl(path)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", type=Path, required=True)
    ap.add_argument("--bundles", type=Path, required=True, help="holds fp32/, fp16/, int8/")
    ap.add_argument("--questions", type=Path, required=True)
    ap.add_argument("--refs", type=Path, required=True)
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()

    refs = load(a.refs)
    rows = []
    for precision in ["fp32", "fp16", "int8"]:
        bundle = a.bundles / precision
        manifest = json.loads((bundle / "manifest.json").read_text())
        with tempfile.NamedTemporaryFile(suffix=".jsonl") as out:
            # fp32 arithmetic: the weights alone (int8 products: bench/int8_agreement.py).
            subprocess.run([a.cli, "batch", "--model", bundle, "--compute", "fp32", "--exhaustive", a.questions, "--out", out.name], check=True)
            got = load(Path(out.name))
        flips = []
        for qid, ref in refs.items():
            mine = got[qid][0]
            if (mine["start"], mine["end"]) != (ref[0]["start"], ref[0]["end"]):
                spans = [(r["start"], r["end"]) for r in ref]
                flips.append({
                    "id": qid,
                    "fp32_margin": ref[0]["score"] / ref[1]["score"] - 1 if len(ref) > 1 else None,
                    "fp32_rank_of_answer": spans.index((mine["start"], mine["end"])) + 1 if (mine["start"], mine["end"]) in spans else None,
                })
        rows.append({
            "precision": precision,
            "weights_bytes": manifest["files"]["weights"]["size"],
            "questions": len(refs),
            "agree": len(refs) - len(flips),
            "agreement": (len(refs) - len(flips)) / len(refs),
            "flips": flips,
        })

    print(f"weight precision · top-1 span agreement with fp32 (onnxruntime reference) on {len(refs)} KorQuAD dev questions")
    print("precision  weights     agreement          flips: largest fp32 margin, fp32 rank of the answer given")
    for r in rows:
        worst = max((f["fp32_margin"] for f in r["flips"] if f["fp32_margin"] is not None), default=None)
        ranks = sorted({f["fp32_rank_of_answer"] or 0 for f in r["flips"]})
        flip_note = f"{len(r['flips'])}: ≤ {worst * 100:.2f} %, rank {', '.join(str(k) if k else '>3' for k in ranks)}" if r["flips"] else "none"
        print(f"{r['precision']:<9}  {r['weights_bytes'] / 1e6:5.1f} MB   {r['agree']:>4}/{r['questions']} = {r['agreement'] * 100:5.1f} %   {flip_note}")
    if a.json:
        a.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
