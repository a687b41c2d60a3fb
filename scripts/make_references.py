#!/usr/bin/env python3
"""Writes the reference outputs that korean-qa's parity tests compare against.

    make_references.py sample  --korquad F --out sample.jsonl [--n 500] [--long 60]
    make_references.py tokens  --vocab V --korquad F --cases tests/data/tokenizer_cases.json --out tokens.jsonl
    make_references.py logits  --export DIR --out logits.json
    make_references.py qa      --export DIR --in sample.jsonl --out qa.jsonl [--top-k 3]
"""
import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference  # noqa: E402
from kqa_data import korquad_articles, read_jsonl, write_jsonl  # noqa: E402


def cmd_sample(a):
    """Every k-th dev question, plus questions whose context is their paragraph joined with the next
    two of the same article, so that contexts need several windows."""
    rows, longs = [], []
    qi = 0
    for art in korquad_articles(a.korquad):
        paras = art["paragraphs"]
        for pi, p in enumerate(paras):
            for qa in p["qas"]:
                if qi % a.every == 0:
                    rows.append({"id": qa["id"], "question": qa["question"], "context": p["context"]})
                if qi % a.every == a.every // 2 and pi + 2 < len(paras):
                    ctx = "\n".join(x["context"] for x in paras[pi : pi + 3])
                    longs.append({"id": qa["id"] + "-long", "question": qa["question"], "context": ctx})
                qi += 1
    out = rows[: a.n - a.long] + longs[: a.long]
    write_jsonl(a.out, out)
    print(f"sample: {len(out)} questions ({min(a.long, len(longs))} with 3-paragraph contexts) -> {a.out}")


def cmd_tokens(a):
    tok = reference.make_tokenizer(a.vocab)
    texts = []
    for art in korquad_articles(a.korquad):
        for p in art["paragraphs"]:
            texts.append(p["context"])
            texts.extend(qa["question"] for qa in p["qas"])
    texts.extend(json.load(open(a.cases, encoding="utf-8"))["cases"])
    rows = []
    for t in texts:
        ids, offs = reference.encode(tok, t)
        rows.append({"text": t, "ids": ids, "offsets": offs})
    write_jsonl(a.out, rows)
    print(f"tokens: {len(texts)} texts -> {a.out}")


def cmd_logits(a):
    import onnxruntime as ort

    sess = ort.InferenceSession(str(Path(a.export) / "model.onnx"), providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(1234)
    cases = []
    for batch, seq in [(1, 64), (2, 64), (1, 384), (2, 384)]:
        ids = rng.integers(5, 32000, size=(batch, seq), dtype=np.int64)
        ids[:, 0] = reference.CLS
        mask = np.ones((batch, seq), dtype=np.int64)
        types = np.zeros((batch, seq), dtype=np.int64)
        types[:, seq // 4 :] = 1
        # Padding in the last row: the mask must hide it.
        pad = seq // 3
        mask[-1, seq - pad :] = 0
        ids[-1, seq - pad :] = reference.PAD
        types[-1, seq - pad :] = 0
        start, end = sess.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
        cases.append(
            {
                "batch": batch,
                "seq": seq,
                "input_ids": ids.flatten().tolist(),
                "attention_mask": mask.flatten().tolist(),
                "token_type_ids": types.flatten().tolist(),
                "start_logits": start.flatten().tolist(),
                "end_logits": end.flatten().tolist(),
            }
        )
    json.dump({"cases": cases}, open(a.out, "w"))
    print(f"logits: {len(cases)} cases -> {a.out}")


def cmd_qa(a):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    sess = ort.InferenceSession(str(Path(a.export) / "model.onnx"), opts, providers=["CPUExecutionProvider"])
    tok = reference.make_tokenizer(str(Path(a.export) / "vocab.txt"))
    opt = reference.Options(top_k=a.top_k)
    t0 = time.time()
    out = []
    for row in read_jsonl(a.inp):
        answers, nf = reference.answer(sess, tok, row["question"], row["context"], opt)
        out.append({"id": row["id"], "windows": nf, "answers": answers})
    write_jsonl(a.out, out)
    print(f"qa: {len(out)} questions, {sum(r['windows'] for r in out)} windows, {time.time() - t0:.1f}s -> {a.out}")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--korquad", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--n", type=int, default=500)
    s.add_argument("--long", type=int, default=60)
    s.add_argument("--every", type=int, default=11)
    t = sub.add_parser("tokens")
    t.add_argument("--vocab", required=True)
    t.add_argument("--korquad", required=True)
    t.add_argument("--cases", required=True)
    t.add_argument("--out", required=True)
    lg = sub.add_parser("logits")
    lg.add_argument("--export", required=True)
    lg.add_argument("--out", required=True)
    q = sub.add_parser("qa")
    q.add_argument("--export", required=True)
    q.add_argument("--in", dest="inp", required=True)
    q.add_argument("--out", required=True)
    q.add_argument("--top-k", type=int, default=3)
    a = ap.parse_args()
    {"sample": cmd_sample, "tokens": cmd_tokens, "logits": cmd_logits, "qa": cmd_qa}[a.cmd](a)


if __name__ == "__main__":
    main()
