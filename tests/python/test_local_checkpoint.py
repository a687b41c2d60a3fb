"""The real model's path, end to end: a fine-tuned checkpoint as HF writes it (a local directory, or
an offline HF cache found by the hub id), exported with `export_onnx.py --hub`, bundled and answered
by the CLI, against HF's own, unmodified `ElectraForQuestionAnswering` forward with the reference
decoding (`scripts/reference.py`). The hub is out of reach here, so the checkpoint has random weights
with every bias and LayerNorm weight drawn (HF's init zeroes them, which no trained model has) and a
wide QA head, so that the spans are decided by the weights rather than by float noise."""
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from transformers import ElectraForQuestionAnswering

import export_onnx
import reference
from kqa_data import by_id, read_jsonl

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ROOT / "scripts" / "export_onnx.py"
REPO_ID = export_onnx.HUB_MODEL
QUESTIONS, LONG = 20, 8  # dev questions, of which LONG have a 3-paragraph context (several windows)
REL = 1e-4  # std 1.0 puts fp32 noise between engines at up to 6.4e-5 relative (README, "Tests")


def export(model: str, out: Path, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, EXPORT, "--hub", model, "--out", out], capture_output=True, text=True, env=env
    )


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory, korquad):
    """The directory `save_pretrained` writes (model.safetensors, config.json), plus the vocabulary."""
    model = export_onnx.random_model(12, seed=7, head_std=1.0)
    with torch.no_grad():
        model.qa_outputs.bias.normal_(0.0, 0.1)
    d = tmp_path_factory.mktemp("checkpoint")
    model.save_pretrained(d)
    shutil.copyfile(korquad.parents[1] / "koelectra-v2" / "vocab.txt", d / "vocab.txt")
    return d


@pytest.fixture(scope="module")
def bin_checkpoint(checkpoint, tmp_path_factory):
    """The same weights as older transformers saved them (and as older hub repos hold them): a
    pickled state dict in pytorch_model.bin. transformers 5 writes only safetensors."""
    from safetensors.torch import load_file

    d = tmp_path_factory.mktemp("bin-checkpoint")
    for f in ("config.json", "vocab.txt"):
        shutil.copyfile(checkpoint / f, d / f)
    torch.save(load_file(checkpoint / "model.safetensors"), d / "pytorch_model.bin")
    return d


@pytest.fixture(scope="module")
def hf_home(bin_checkpoint, tmp_path_factory):
    """An HF cache as `huggingface-cli download REPO_ID` leaves it: content-addressed blobs, a
    snapshot of symlinks to them named by the commit, and refs/main naming that commit."""
    home = tmp_path_factory.mktemp("hf-home")
    repo = home / "hub" / f"models--{REPO_ID.replace('/', '--')}"
    commit = hashlib.sha1(b"korean-qa test snapshot").hexdigest()
    (repo / "blobs").mkdir(parents=True)
    (repo / "snapshots" / commit).mkdir(parents=True)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    for f in bin_checkpoint.iterdir():
        blob = hashlib.sha256(f.read_bytes()).hexdigest()
        shutil.copyfile(f, repo / "blobs" / blob)
        (repo / "snapshots" / commit / f.name).symlink_to(Path("..", "..", "blobs", blob))
    return home


@pytest.fixture(scope="module")
def questions(korquad, tmp_path_factory):
    out = tmp_path_factory.mktemp("questions") / "sample.jsonl"
    subprocess.run(
        [sys.executable, ROOT / "scripts" / "make_references.py", "sample", "--korquad", korquad, "--out", out,
         "--n", str(QUESTIONS), "--long", str(LONG)],
        check=True, capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def expected(checkpoint, questions):
    """{id: (top-3 answers, windows)} from transformers' forward on the saved directory."""
    session = reference.TorchSession(ElectraForQuestionAnswering.from_pretrained(checkpoint))
    tok = reference.make_tokenizer(str(checkpoint / "vocab.txt"))
    opt = reference.Options(top_k=3)
    return {r["id"]: reference.answer(session, tok, r["question"], r["context"], opt) for r in read_jsonl(questions)}


@pytest.fixture(scope="module")
def exported(checkpoint, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    r = export(str(checkpoint), out)
    assert r.returncode == 0, r.stderr
    return out


def answer_with_cli(cli, export_dir: Path, questions: Path, tmp: Path) -> dict:
    bundle = tmp / "bundle"
    subprocess.run([cli, "bundle", export_dir, bundle, "--precision", "fp32"], check=True, capture_output=True)
    out = tmp / "answers.jsonl"
    # Every window, as the pipeline reads them: this compares the model and the decoding, not the
    # reader's budget (contexts of at most 4 windows are read whole anyway).
    subprocess.run(
        [cli, "batch", "--model", bundle, "--top-k", "3", "--exhaustive", questions, "--out", out],
        check=True, capture_output=True,
    )
    return by_id(read_jsonl(out))


def assert_like_transformers(ours: dict, expected: dict) -> None:
    """Top-3 spans identical and scores within REL, on every question; lists every one that is not."""
    assert set(ours) == set(expected)
    worst, wrong = 0.0, []
    for qid, (want, windows) in expected.items():
        got = ours[qid].get("answers", [])
        spans = [(a["start"], a["end"], a["text"]) for a in got]
        if "error" in ours[qid] or spans != [(a["start"], a["end"], a["text"]) for a in want]:
            wrong.append(f"{qid} ({windows} windows): {ours[qid]} != {want}")
            continue
        for a, b in zip(got, want):
            worst = max(worst, abs(a["score"] - b["score"]) / b["score"])
    multi = sum(windows > 1 for _, windows in expected.values())
    print(f"{len(expected)} questions ({multi} multi-window): {len(wrong)} differ, worst relative score {worst:.1e}")
    assert multi >= LONG // 2, "too few multi-window contexts: the test no longer covers them"
    assert not wrong, "\n".join(wrong)
    assert worst <= REL, worst


def test_local_directory_answers_like_transformers(cli, checkpoint, exported, questions, expected, tmp_path):
    assert json.loads((exported / "export.json").read_text())["name"] == checkpoint.name
    assert_like_transformers(answer_with_cli(cli, exported, questions, tmp_path), expected)


def test_pytorch_bin_checkpoint_exports_the_same_weights(bin_checkpoint, exported, tmp_path):
    import onnx
    from onnx.numpy_helper import to_array

    r = export(str(bin_checkpoint), tmp_path)
    assert r.returncode == 0, r.stderr
    weights = [{i.name: to_array(i) for i in onnx.load(d / "model.onnx").graph.initializer} for d in (exported, tmp_path)]
    assert weights[0].keys() == weights[1].keys()
    assert all(np.array_equal(weights[0][k], weights[1][k]) for k in weights[0])


def test_offline_hf_cache_by_repo_id(cli, hf_home, questions, expected, tmp_path):
    env = dict(os.environ, HF_HOME=str(hf_home), HF_HUB_OFFLINE="1")
    env.pop("HF_HUB_CACHE", None)
    out = tmp_path / "export"
    r = export(REPO_ID, out, env=env)
    assert r.returncode == 0, r.stderr
    assert json.loads((out / "export.json").read_text())["name"] == REPO_ID
    assert_like_transformers(answer_with_cli(cli, out, questions, tmp_path), expected)


def _drop(name):
    return lambda d: (d / name).unlink()


def _config(**changes):
    def edit(d):
        config = json.loads((d / "config.json").read_text())
        (d / "config.json").write_text(json.dumps(dict(config, **changes)))

    return edit


def _lfs_pointer(d):
    """What `git clone` of a hub repo leaves without git-lfs."""
    (d / "model.safetensors").write_text(
        "version https://git-lfs.github.com/spec/v1\noid sha256:" + "0" * 64 + "\nsize 56000000\n"
    )


def _no_qa_head(d):
    from safetensors.torch import load_file, save_file

    weights = load_file(d / "model.safetensors")
    (d / "model.safetensors").unlink()
    save_file({k: v for k, v in weights.items() if not k.startswith("qa_outputs.")}, d / "model.safetensors")


@pytest.mark.parametrize(
    "breaks,says",
    [
        (_drop("vocab.txt"), "has no vocab.txt"),
        (_drop("model.safetensors"), "has no weights (model.safetensors or pytorch_model.bin)"),
        (_lfs_pointer, "is a Git LFS pointer"),
        (_config(architectures=["ElectraForPreTraining"]), "not ElectraForQuestionAnswering"),
        (_config(hidden_size=768, num_attention_heads=12), "hidden_size 768 (expected 256)"),
        (_no_qa_head, "qa_outputs."),
    ],
    ids=["no-vocab", "no-weights", "lfs-pointer", "not-qa", "base-size", "no-qa-head"],
)
def test_a_wrong_checkpoint_is_refused_in_one_line(checkpoint, tmp_path, breaks, says):
    d = tmp_path / "checkpoint"
    shutil.copytree(checkpoint, d)
    breaks(d)
    out = tmp_path / "export"
    r = export(str(d), out)
    assert r.returncode != 0
    assert says in r.stderr and r.stderr.strip().count("\n") == 0, r.stderr
    assert not out.exists(), "nothing is written for a refused checkpoint"


def test_a_path_that_is_no_directory_is_refused_in_one_line(tmp_path):
    r = export(str(tmp_path / "koelectra"), tmp_path / "export", env=dict(os.environ, HF_HUB_OFFLINE="1"))
    assert r.returncode != 0
    assert "is not a directory and the hub cannot provide it" in r.stderr and r.stderr.strip().count("\n") == 0, r.stderr


# --- The same checkpoints with no Python on the user's path: `korean-qa bundle --from-hf` and
# `--model DIR|hf:ID` convert them in Rust (src/checkpoint.rs), which must give exactly the bundle
# that the export and `korean-qa bundle` make.

PRECISIONS = ("fp32", "fp16", "int8")


@pytest.fixture(scope="module")
def legacy_checkpoint(checkpoint, tmp_path_factory):
    """The pre-1.6 format of torch.save (no zip), as the published 2020 checkpoint is stored."""
    import zipfile

    from safetensors.torch import load_file

    d = tmp_path_factory.mktemp("legacy-checkpoint")
    for f in ("config.json", "vocab.txt"):
        shutil.copyfile(checkpoint / f, d / f)
    torch.save(load_file(checkpoint / "model.safetensors"), d / "pytorch_model.bin", _use_new_zipfile_serialization=False)
    assert not zipfile.is_zipfile(d / "pytorch_model.bin")
    return d


@pytest.fixture(scope="module")
def formats(checkpoint, bin_checkpoint, legacy_checkpoint):
    return {"safetensors": checkpoint, "zip-bin": bin_checkpoint, "legacy-bin": legacy_checkpoint}


@pytest.fixture(scope="module")
def reference_bundles(cli, exported, tmp_path_factory):
    """The export path's bundles, one per precision."""
    out = {}
    for p in PRECISIONS:
        d = tmp_path_factory.mktemp(f"ref-{p}")
        subprocess.run([cli, "bundle", exported, d, "--precision", p, "--name", "ckpt"], check=True, capture_output=True)
        out[p] = d
    return out


def bundle_files(d: Path) -> dict:
    return {f.name: f.read_bytes() for f in sorted(d.iterdir())}


@pytest.mark.parametrize("fmt", ["safetensors", "zip-bin", "legacy-bin"])
def test_from_hf_gives_the_export_paths_bundle_byte_for_byte(cli, formats, reference_bundles, fmt, tmp_path):
    for p in PRECISIONS:
        out = tmp_path / p
        r = subprocess.run(
            [cli, "bundle", "--from-hf", formats[fmt], out, "--precision", p, "--name", "ckpt"], capture_output=True, text=True
        )
        assert r.returncode == 0, r.stderr
        ours, ref = bundle_files(out), bundle_files(reference_bundles[p])
        assert ours.keys() == ref.keys(), (ours.keys(), ref.keys())
        for name in ref:
            assert ours[name] == ref[name], f"{fmt} {p}: {name} differs from the export path's"


@pytest.mark.parametrize("fmt", ["safetensors", "legacy-bin"])
def test_checkpoint_directory_answers_like_transformers(cli, formats, questions, expected, tmp_path, fmt):
    out = tmp_path / "answers.jsonl"
    r = subprocess.run(
        [cli, "batch", "--model", formats[fmt], "--precision", "fp32", "--top-k", "3", "--exhaustive", questions, "--out", out],
        capture_output=True, text=True,
    )
    assert r.returncode == 0, r.stderr
    assert_like_transformers(by_id(read_jsonl(out)), expected)


def test_hf_id_from_the_offline_hf_cache(cli, hf_home, questions, expected, tmp_path):
    """`--model hf:ID` with HF_HUB_OFFLINE=1 reads the cache alone; every file is checked against its blob's name."""
    env = dict(os.environ, HF_HOME=str(hf_home), HF_HUB_OFFLINE="1")
    env.pop("HF_HUB_CACHE", None)
    out = tmp_path / "answers.jsonl"
    r = subprocess.run(
        [cli, "batch", "--model", f"hf:{REPO_ID}", "--precision", "fp32", "--top-k", "3", "--exhaustive", questions, "--out", out],
        capture_output=True, text=True, env=env,
    )
    assert r.returncode == 0, r.stderr
    assert_like_transformers(by_id(read_jsonl(out)), expected)
    # HF_HUB_CACHE names the cache itself; a blob altered on disk no longer matches its name.
    env = dict(env, HF_HUB_CACHE=str(hf_home / "hub"), HF_HOME=str(tmp_path / "elsewhere"))
    blob = next(p for p in (hf_home / "hub").rglob("blobs/*") if p.stat().st_size > 1 << 20)
    data = bytearray(blob.read_bytes())
    data[-1] ^= 1
    blob.write_bytes(bytes(data))
    try:
        r = subprocess.run([cli, "bundle", "--from-hf", f"hf:{REPO_ID}", tmp_path / "b"], capture_output=True, text=True, env=env)
        assert r.returncode != 0 and "[INTEGRITY_MISMATCH]" in r.stderr, r.stderr
    finally:
        data[-1] ^= 1
        blob.write_bytes(bytes(data))
    r = subprocess.run([cli, "bundle", "--from-hf", "hf:someone/absent", tmp_path / "c"], capture_output=True, text=True, env=env)
    assert r.returncode != 0 and "[MODEL_FETCH_FAILED]" in r.stderr and "HF_HUB_OFFLINE" in r.stderr, r.stderr


@pytest.mark.parametrize(
    "breaks,code,says",
    [
        (_drop("vocab.txt"), "INVALID_BUNDLE", "has no vocab.txt"),
        (_drop("model.safetensors"), "WEIGHTS_INVALID", "has no weights: neither model.safetensors nor pytorch_model.bin"),
        (_lfs_pointer, "WEIGHTS_INVALID", "model.safetensors: is a Git LFS pointer"),
        (_config(hidden_size=768, num_attention_heads=12), "GRAPH_MISMATCH", "hidden_size 768; this build runs 256"),
        (_no_qa_head, "WEIGHTS_INVALID", "has no tensor `qa_outputs."),
        (_config(model_type="bert"), "GRAPH_MISMATCH", 'model_type "bert"'),
    ],
    ids=["no-vocab", "no-weights", "lfs-pointer", "base-size", "no-qa-head", "not-electra"],
)
def test_a_wrong_checkpoint_gets_a_coded_error(cli, checkpoint, tmp_path, breaks, code, says):
    d = tmp_path / "checkpoint"
    shutil.copytree(checkpoint, d)
    breaks(d)
    out = tmp_path / "bundle"
    r = subprocess.run([cli, "bundle", "--from-hf", d, out], capture_output=True, text=True)
    assert r.returncode != 0
    assert f"[{code}]" in r.stderr and says in r.stderr and r.stderr.strip().count("\n") == 0, r.stderr
    assert not out.exists(), "nothing is written for a refused checkpoint"
