#!/usr/bin/env python3
"""Native forward latency, 1 x SEQ tokens: burn (each CPU backend) against onnxruntime on the same
export, in one run, at 1 thread and at the default thread count. Prints numbers, never fails on time.

    bench_native.py --cli target/release/korean-qa --bundle models/bundles/fp32 --export models/exports/random
"""
import argparse
import json
import os
import statistics
import subprocess
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort


def ort_latency(export: Path, seq: int, runs: int, threads: int | None):
    opts = ort.SessionOptions()
    if threads:
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(export / "model.onnx"), opts, providers=["CPUExecutionProvider"])
    ids = np.array([[5 + (i * 7919) % 31000 for i in range(seq)]], dtype=np.int64)
    feed = {
        "input_ids": ids,
        "attention_mask": np.ones_like(ids),
        "token_type_ids": (np.arange(seq) >= 32).astype(np.int64)[None, :],
    }
    times = []
    for i in range(runs + 2):
        t = time.perf_counter()
        sess.run(None, feed)
        if i >= 2:
            times.append((time.perf_counter() - t) * 1e3)
    return {"engine": "onnxruntime", "median_ms": statistics.median(times), "min_ms": min(times), "max_ms": max(times)}


def burn_latency(cli: Path, bundle: Path, seq: int, runs: int, threads: int | None):
    env = dict(os.environ)
    env.pop("RAYON_NUM_THREADS", None)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    r = subprocess.run(
        [cli, "bench", "--model", bundle, "--seq", str(seq), "--runs", str(runs)],
        check=True, capture_output=True, text=True, env=env,
    )
    return [json.loads(l) for l in r.stdout.splitlines() if l.startswith("{")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", type=Path, required=True)
    ap.add_argument("--bundle", type=Path, required=True)
    ap.add_argument("--export", type=Path, required=True)
    ap.add_argument("--seq", type=int, default=384)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--json", type=Path, help="also write the rows here")
    a = ap.parse_args()
    rows = []
    for threads in (1, None):
        label = "1" if threads else f"default ({os.cpu_count()} cores)"
        base = ort_latency(a.export, a.seq, a.runs, threads)
        rows.append({**base, "threads": label, "ratio": 1.0})
        for r in burn_latency(a.cli, a.bundle, a.seq, a.runs, threads):
            rows.append({**r, "threads": label, "ratio": r["median_ms"] / base["median_ms"]})
    print(f"native forward, 1 x {a.seq} tokens, median of {a.runs} runs after 2 warm-ups")
    print(f"{'engine':<14} {'threads':<20} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'vs ORT':>7}")
    for r in rows:
        print(f"{r['engine']:<14} {r['threads']:<20} {r['median_ms']:>10.1f} {r['min_ms']:>8.1f} {r['max_ms']:>8.1f} {r['ratio']:>6.2f}x")
    if a.json:
        a.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
