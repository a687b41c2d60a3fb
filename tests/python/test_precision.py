"""fp16 and int8 bundles: sizes, manifests, and top-1 agreement with the fp32 reference.

The full 500-question figures come from `./build.sh bench` (bench/precision_report.py); this
test guards them on the first 150 questions with some slack, so a broken quantizer fails here.
"""
import json
import subprocess
from pathlib import Path

import pytest

from kqa_data import read_jsonl, top1_spans, write_jsonl

N = 150


def top1(path: Path) -> dict:
    return top1_spans(read_jsonl(path))


def test_manifests_and_sizes(bundles):
    sizes = {}
    for p in ["fp32", "fp16", "int8"]:
        m = json.loads((bundles / p / "manifest.json").read_text())
        assert m["precision"] == p
        assert m["files"]["weights"]["path"] == {"fp32": "model.bpk", "fp16": "model.fp16.bpk", "int8": "model.int8.bpk"}[p]
        sizes[p] = m["files"]["weights"]["size"]
    assert sizes["int8"] <= 15_000_000, sizes
    assert sizes["fp16"] < sizes["fp32"] * 0.51, sizes
    assert sizes["int8"] < sizes["fp32"] * 0.26, sizes


@pytest.mark.parametrize("precision,floor", [("fp16", 0.99), ("int8", 0.95)])
def test_top1_agrees_with_fp32(cli, bundles, refs, tmp_path, precision, floor):
    questions = tmp_path / "q.jsonl"
    write_jsonl(questions, read_jsonl(refs / "sample.jsonl")[:N])
    out = tmp_path / "a.jsonl"
    # The weights alone: int8 products (the int8 bundle's default on the CPU) are tests/python/test_int8.py's.
    subprocess.run([cli, "batch", "--model", bundles / precision, "--compute", "fp32", "--exhaustive", questions, "--out", out], check=True)
    want = top1(refs / "qa.jsonl")
    got = top1(out)
    assert len(got) == N
    agree = sum(got[k] == want[k] for k in got) / N
    assert agree >= floor, f"{precision}: {agree:.3f} top-1 agreement with fp32"


def test_gptq_beats_rounding_on_the_layer_output():
    """int8_groups_sim.py's GPTQ: with correlated inputs, X·Q must be closer to X·W than plain
    rounding gets, on the same per-column grid (the figure the README's table rests on)."""
    import numpy as np

    from int8_groups_sim import best_scale, fake_quant, gptq

    rng = np.random.default_rng(7)
    x = rng.standard_normal((2048, 64)) @ rng.standard_normal((64, 64))  # correlated features
    w = (rng.standard_normal((64, 32)) * 0.02).astype(np.float32)
    h = x.T @ x
    rtn = fake_quant(w, table=False, group=None, levels=127)
    ours = gptq(w, h, 127)
    # Same grid: every column is a multiple of its rounding scale.
    s = best_scale(w.T, 127).astype(np.float16).astype(np.float32)[:, 0]
    assert np.allclose(ours / s, np.round(ours / s), atol=1e-3)
    err = lambda q: np.linalg.norm(x @ (w - q))  # noqa: E731
    assert err(ours) < 0.8 * err(rtn), (err(ours), err(rtn))
