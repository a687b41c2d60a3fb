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

    int8_groups_sim.py [pc] [64] [32] [--keep REGEX] [--export models/exports/random] [--refs models/refs]
"""
import argparse
import copy
import json
import re
import time
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import numpy_helper

import reference


def best_scale(v: np.ndarray) -> np.ndarray:
    """Per group (last axis): the scale among 41 clipping levels with the least squared error."""
    mx = np.abs(v).max(axis=-1, keepdims=True)
    mx[mx == 0] = 1
    best, best_err = None, None
    for k in range(41):
        s = mx * (1 - 0.0125 * k) / 127
        err = ((v - np.clip(np.round(v / s), -127, 127) * s) ** 2).sum(axis=-1, keepdims=True)
        if best is None:
            best, best_err = s, err
        else:
            better = err < best_err
            best, best_err = np.where(better, s, best), np.where(better, err, best_err)
    return best


def fake_quant(a: np.ndarray, table: bool, group: int | None) -> np.ndarray:
    # Tables are gathered by row; MatMul weights are [in, out], one channel per output column.
    x = a if table else a.T
    rows, cols = x.shape
    g = group or cols
    xs = x.reshape(rows, cols // g, g)
    s = best_scale(xs).astype(np.float16).astype(np.float32)
    q = (np.clip(np.round(xs / s), -127, 127) * s).reshape(rows, cols)
    return (q if table else q.T).astype(np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("groups", nargs="+", help="pc (per channel) or a group size")
    ap.add_argument("--export", type=Path, default=Path("models/exports/random"))
    ap.add_argument("--refs", type=Path, default=Path("models/refs"))
    ap.add_argument("--keep", help="weights to keep as fp16 (regex on initializer or reading node names)")
    a = ap.parse_args()
    base = onnx.load(a.export / "model.onnx")
    reader = {}
    for n in base.graph.node:
        for i in n.input:
            reader.setdefault(i, n.name)
    keep = re.compile(a.keep) if a.keep else None
    refs = {r["id"]: r["answers"] for r in map(json.loads, (a.refs / "qa.jsonl").open())}
    rows = [json.loads(line) for line in (a.refs / "sample.jsonl").open()]
    tok = reference.make_tokenizer(str(a.export / "vocab.txt"))
    for name in a.groups:
        group = None if name == "pc" else int(name)
        m = copy.deepcopy(base)
        for t in m.graph.initializer:
            w = numpy_helper.to_array(t)
            if w.ndim == 2 and w.size >= 4096 and w.dtype == np.float32:
                if keep and (keep.search(t.name) or keep.search(reader.get(t.name, ""))):
                    t.CopyFrom(numpy_helper.from_array(w.astype(np.float16).astype(np.float32), t.name))
                    continue
                table = t.name.endswith("embeddings.weight")
                t.CopyFrom(numpy_helper.from_array(fake_quant(w, table, group), t.name))
        t0 = time.time()
        sess = ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
        agree = 0
        for row in rows:
            ans, _ = reference.answer(sess, tok, row["question"], row["context"], reference.Options())
            ref = refs[row["id"]][0]
            agree += (ans[0]["start"], ans[0]["end"]) == (ref["start"], ref["end"])
        print(f"{name}{' keeping ' + a.keep + ' fp16' if keep else ''}: top-1 agrees on {agree}/{len(rows)} ({time.time() - t0:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
