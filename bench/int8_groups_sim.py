#!/usr/bin/env python3
"""Would per-group int8 scales lift the int8 bundle's top-1 agreement? A simulation, not a bundle.

Quantizes the export's 2-D weights of >= 4096 values the way `src/precision.rs` does (symmetric
int8, each scale clipped where its squared error is least) but with one scale per GROUP values
along the reduction axis instead of one per output channel ("pc"), rounds the scales to fp16 as a
bundle would store them, writes the dequantized values back into the ONNX graph, and answers the
sample questions with the reference pipeline (HF tokenizers + onnxruntime + scripts/reference.py).
Prints how many top-1 spans equal the fp32 reference answers.

--keep REGEX keeps the matching weights as fp16 instead (matched against the initializer's name
and the name of the node that reads it, e.g. 'embeddings' or 'layer\\.[0-9]+/'): mixed precision.
--bits B quantizes to B bits instead of 8 (how fine would a grid have to be?).
--gptq N quantizes the MatMul weights with GPTQ (Frantar et al. 2022: each input row's rounding error
is pushed onto the rows not yet rounded, weighted by the inverse Hessian of the layer's inputs), with
the Hessians of N dev questions that are not evaluated (needs --korquad); tables stay rounded.
--questions F answers the questions of F (make_references.py sample format) and compares with the
fp32 export's answers from the same pipeline, computed in this run: 500 questions are too few to tell
two quantizers apart when every flip is a near-tie.

    int8_groups_sim.py [pc] [64] [32] [--keep REGEX] [--bits 8] [--gptq 64 --korquad F]
                       [--questions F] [--export models/exports/random] [--refs models/refs]
"""
import argparse
import copy
import re
import sys
import time
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import numpy_helper

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import reference  # noqa: E402
from kqa_data import korquad_articles, read_jsonl, top1_spans  # noqa: E402


def best_scale(v: np.ndarray, levels: int = 127) -> np.ndarray:
    """Per group (last axis): the scale among 41 clipping levels with the least squared error."""
    mx = np.abs(v).max(axis=-1, keepdims=True)
    mx[mx == 0] = 1
    best, best_err = None, None
    for k in range(41):
        s = mx * (1 - 0.0125 * k) / levels
        err = ((v - np.clip(np.round(v / s), -levels, levels) * s) ** 2).sum(axis=-1, keepdims=True)
        if best is None:
            best, best_err = s, err
        else:
            better = err < best_err
            best, best_err = np.where(better, s, best), np.where(better, err, best_err)
    return best


def fake_quant(a: np.ndarray, table: bool, group: int | None, levels: int) -> np.ndarray:
    # Tables are gathered by row; MatMul weights are [in, out], one channel per output column.
    x = a if table else a.T
    rows, cols = x.shape
    g = group or cols
    xs = x.reshape(rows, cols // g, g)
    s = best_scale(xs, levels).astype(np.float16).astype(np.float32)
    q = (np.clip(np.round(xs / s), -levels, levels) * s).reshape(rows, cols)
    return (q if table else q.T).astype(np.float32)


def gptq(w: np.ndarray, h: np.ndarray, levels: int) -> np.ndarray:
    """w: a MatMul's [in, out] weight, h: X^T X of its inputs. One fixed scale per output column;
    input rows in order of decreasing Hessian diagonal, 1 % damping (the paper's defaults)."""
    s = best_scale(w.T, levels).astype(np.float16).astype(np.float64)[:, 0]
    order = np.argsort(-np.diag(h))
    w, h = w.astype(np.float64)[order], h[np.ix_(order, order)].copy()
    h += 0.01 * np.mean(np.diag(h)) * np.eye(len(h))
    u = np.linalg.cholesky(np.linalg.inv(h)).T
    q = np.zeros_like(w)
    for i in range(len(w)):
        q[i] = np.clip(np.round(w[i] / s), -levels, levels) * s
        w[i + 1 :] -= np.outer(u[i, i + 1 :], (w[i] - q[i]) / u[i, i])
    return q[np.argsort(order)].astype(np.float32)


def hessians(base, tok, questions):
    """X^T X of every MatMul weight's input over the real tokens of the questions' windows."""
    inits = {t.name for t in base.graph.initializer}
    acts = {n.input[1]: n.input[0] for n in base.graph.node if n.op_type == "MatMul" and n.input[1] in inits}
    names = sorted(set(acts.values()))
    m = copy.deepcopy(base)
    m.graph.output.extend(onnx.helper.make_tensor_value_info(a, onnx.TensorProto.FLOAT, None) for a in names)
    sess = ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
    h = dict.fromkeys(names, 0)
    opt = reference.Options()
    for question, context in questions:
        q_ids, _ = reference.encode(tok, question)
        c_ids, _ = reference.encode(tok, context)
        feed = reference.model_inputs(reference.features(q_ids, c_ids, opt))
        real = feed["attention_mask"].reshape(-1) == 1
        for a, x in zip(names, sess.run(names, feed)):
            x = x.reshape(-1, x.shape[-1])[real].astype(np.float64)
            h[a] = h[a] + x.T @ x
    return {w: h[a] for w, a in acts.items()}


def top1(sess, tok, rows):
    out = []
    for row in rows:
        ans, _ = reference.answer(sess, tok, row["question"], row["context"], reference.Options())
        out.append((ans[0]["start"], ans[0]["end"]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("groups", nargs="+", help="pc (per channel) or a group size")
    ap.add_argument("--export", type=Path, default=Path("models/exports/random"))
    ap.add_argument("--refs", type=Path, default=Path("models/refs"))
    ap.add_argument("--keep", help="weights to keep as fp16 (regex on initializer or reading node names)")
    ap.add_argument("--bits", type=int, default=8)
    ap.add_argument("--gptq", type=int, metavar="N", help="GPTQ with the Hessians of N dev questions")
    ap.add_argument("--korquad", type=Path, help="KorQuAD_v1.0_dev.json, for --gptq")
    ap.add_argument("--questions", type=Path, help="questions to answer instead of the refs' sample")
    a = ap.parse_args()
    if a.gptq and (not a.korquad or a.groups != ["pc"]):
        ap.error("--gptq needs --korquad, and quantizes per output channel only (pc)")
    levels = 2 ** (a.bits - 1) - 1
    base = onnx.load(a.export / "model.onnx")
    reader = {}
    for n in base.graph.node:
        for i in n.input:
            reader.setdefault(i, n.name)
    keep = re.compile(a.keep) if a.keep else None
    tok = reference.make_tokenizer(str(a.export / "vocab.txt"))
    rows = read_jsonl(a.questions or a.refs / "sample.jsonl")
    if a.questions:
        want = top1(ort.InferenceSession(base.SerializeToString(), providers=["CPUExecutionProvider"]), tok, rows)
    else:
        refs = top1_spans(read_jsonl(a.refs / "qa.jsonl"))
        want = [refs[r["id"]] for r in rows]
    h = {}
    if a.gptq:
        asked = {r["id"].removesuffix("-long") for r in rows}
        unseen = [
            (qa["question"], p["context"])
            for art in korquad_articles(a.korquad)
            for p in art["paragraphs"]
            for qa in p["qas"]
            if qa["id"] not in asked
        ]
        h = hessians(base, tok, unseen[-a.gptq :])
    for name in a.groups:
        group = None if name == "pc" else int(name)
        m = copy.deepcopy(base)
        for t in m.graph.initializer:
            w = numpy_helper.to_array(t)
            if w.ndim == 2 and w.size >= 4096 and w.dtype == np.float32:
                if keep and (keep.search(t.name) or keep.search(reader.get(t.name, ""))):
                    t.CopyFrom(numpy_helper.from_array(w.astype(np.float16).astype(np.float32), t.name))
                    continue
                if t.name in h:
                    q = gptq(w, h[t.name], levels)
                else:
                    q = fake_quant(w, t.name.endswith("embeddings.weight"), group, levels)
                t.CopyFrom(numpy_helper.from_array(q, t.name))
        t0 = time.time()
        sess = ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
        agree = sum(g == w for g, w in zip(top1(sess, tok, rows), want))
        how = f"{name}, {a.bits} bits{', GPTQ' if h else ''}{' keeping ' + a.keep + ' fp16' if keep else ''}"
        print(f"{how}: top-1 agrees on {agree}/{len(rows)} = {100 * agree / len(rows):.2f} % ({time.time() - t0:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
