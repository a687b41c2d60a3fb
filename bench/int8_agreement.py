#!/usr/bin/env python3
"""int8 compute agreement (docs/int8.md): how often the top-1 answer span of int8 arithmetic equals
that of fp32, for korean-qa and, computed the same way, for onnxruntime's dynamic int8 model (what
transformers.js runs as `dtype: 'q8'` on its `wasm` device).

On the first N questions of every `--every`-th KorQuAD dev question with its paragraph:
- korean-qa: `korean-qa batch --exhaustive --top-k 1` with the fp32 bundle (fp32 compute), the int8
  bundle with `--compute fp32` (int8 storage only) and with `--compute int8` (int8 products);
- onnxruntime: scripts/reference.py's pipeline (same windows, same span decoding) on the fp32 export
  and on `quantize_dynamic(model.onnx, weight_type=QInt8)` of it, written under --work.

    int8_agreement.py --cli target/release/korean-qa --bundles models/bundles \\
        --export models/exports/random --korquad KorQuAD_v1.0_dev.json [--n 2000] [--every 2] \\
        [--work /tmp/kqa-int8] [--json out.json]

The default export has random weights (its QA head re-drawn so that logits are not flat, see
scripts/export_onnx.py): the figures measure how much int8 arithmetic moves the top span, not
answer quality.
"""
import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import reference  # noqa: E402
from kqa_data import korquad_questions, read_jsonl, top1_spans, write_jsonl  # noqa: E402


def ort_spans(model: Path, vocab: Path, rows: list[dict], out: Path) -> dict:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    sess = ort.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"])
    tok = reference.make_tokenizer(str(vocab))
    opt = reference.Options(top_k=1)
    t0 = time.time()
    got = [{"id": r["id"], "answers": reference.answer(sess, tok, r["question"], r["context"], opt)[0]} for r in rows]
    write_jsonl(out, got)
    print(f"  onnxruntime {model.name}: {len(rows)} questions in {time.time() - t0:.0f} s", file=sys.stderr)
    return top1_spans(got)


def cli_spans(cli: Path, bundle: Path, compute: str, qfile: Path, out: Path) -> dict:
    t0 = time.time()
    subprocess.run([cli, "batch", "--model", bundle, "--compute", compute, "--exhaustive", "--top-k", "1",
                    qfile, "--out", out], check=True)
    print(f"  korean-qa {bundle.name} --compute {compute}: {time.time() - t0:.0f} s", file=sys.stderr)
    return top1_spans(read_jsonl(out))


def agreement(a: dict, b: dict) -> tuple[int, int]:
    ids = [i for i in a if i in b]
    return sum(a[i] == b[i] for i in ids), len(ids)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", type=Path, required=True)
    ap.add_argument("--bundles", type=Path, required=True, help="holds fp32/ and int8/")
    ap.add_argument("--export", type=Path, required=True, help="holds model.onnx and vocab.txt")
    ap.add_argument("--korquad", type=Path, required=True)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--every", type=int, default=2)
    ap.add_argument("--work", type=Path, default=Path("/tmp/kqa-int8"))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--reuse", action="store_true", help="keep answers already in --work for these questions")
    ap.add_argument("--skip", nargs="*", default=[], help="runs to leave out, e.g. ours_int8_storage")
    a = ap.parse_args()

    from onnxruntime.quantization import QuantType, quantize_dynamic

    a.work.mkdir(parents=True, exist_ok=True)
    rows = korquad_questions(a.korquad, a.every)[: a.n]
    qfile = a.work / "questions.jsonl"
    write_jsonl(qfile, rows)
    q8 = a.work / "model.q8.onnx"
    quantize_dynamic(str(a.export / "model.onnx"), str(q8), weight_type=QuantType.QInt8)
    print(f"{len(rows)} questions; q8 model {q8.stat().st_size / 1e6:.1f} MB", file=sys.stderr)

    vocab = a.export / "vocab.txt"
    todo = {
        "ort_fp32": lambda out: ort_spans(a.export / "model.onnx", vocab, rows, out),
        "ort_q8": lambda out: ort_spans(q8, vocab, rows, out),
        "ours_fp32": lambda out: cli_spans(a.cli, a.bundles / "fp32", "fp32", qfile, out),
        "ours_int8_storage": lambda out: cli_spans(a.cli, a.bundles / "int8", "fp32", qfile, out),
        "ours_int8_compute": lambda out: cli_spans(a.cli, a.bundles / "int8", "int8", qfile, out),
    }
    runs = {}
    for name, run in todo.items():
        out = a.work / f"{name}.jsonl"
        if name in a.skip:
            continue
        if a.reuse and out.exists() and len(done := read_jsonl(out)) == len(rows):
            runs[name] = top1_spans(done)
            continue
        runs[name] = run(out)
    table = [
        ("korean-qa int8 compute vs korean-qa fp32", "ours_int8_compute", "ours_fp32"),
        ("onnxruntime q8 vs onnxruntime fp32", "ort_q8", "ort_fp32"),
        ("korean-qa int8 storage (fp32 compute) vs korean-qa fp32", "ours_int8_storage", "ours_fp32"),
        ("korean-qa int8 compute vs onnxruntime fp32", "ours_int8_compute", "ort_fp32"),
        ("korean-qa fp32 vs onnxruntime fp32", "ours_fp32", "ort_fp32"),
    ]
    print(f"top-1 span agreement on {len(rows)} KorQuAD dev questions (every {a.every}th, its paragraph; random-weight export)")
    out = []
    for label, x, y in table:
        if x not in runs or y not in runs:
            continue
        agree, n = agreement(runs[x], runs[y])
        print(f"  {label:<58} {agree:>5}/{n} = {agree / n * 100:6.2f} %")
        out.append({"pair": [x, y], "agree": agree, "questions": n, "agreement": agree / n})
    if a.json:
        a.json.write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
