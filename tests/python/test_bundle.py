"""Bundles: any export with the compiled graph becomes a bundle; any other graph is refused."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_export_with_another_graph_is_refused(cli, tiny_export, tmp_path):
    out = tmp_path / "tiny-bundle"
    r = subprocess.run([cli, "bundle", tiny_export, out], capture_output=True, text=True)
    assert r.returncode != 0
    assert "GRAPH_MISMATCH" in r.stderr and "differs" in r.stderr, r.stderr
    assert not out.exists(), "no half bundle is left behind"


def test_manifest_pins_every_file(bundle):
    import hashlib

    m = json.loads((bundle / "manifest.json").read_text())
    assert m["format"] == "korean-qa-bundle" and m["formatVersion"] == 1
    assert m["config"]["vocab_size"] == 32200 and m["config"]["num_hidden_layers"] == 12
    for entry in m["files"].values():
        data = (bundle / entry["path"]).read_bytes()
        assert len(data) == entry["size"]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_another_seed_bundles_and_answers_differently(cli, bundle, tmp_path):
    export = tmp_path / "seed1"
    subprocess.run(
        [sys.executable, ROOT / "scripts" / "export_onnx.py", "--random", "--seed", "1", "--out", export],
        check=True,
        capture_output=True,
    )
    out = tmp_path / "bundle1"
    subprocess.run([cli, "bundle", export, out], check=True)
    m0 = json.loads((bundle / "manifest.json").read_text())
    m1 = json.loads((out / "manifest.json").read_text())
    assert m1["graph"] == m0["graph"]
    assert m1["files"]["weights"]["sha256"] != m0["files"]["weights"]["sha256"]
    assert m1["name"] == "koelectra-small-random-seed1"

    def ask(b):
        r = subprocess.run(
            [cli, "answer", "--model", b, "--top-k", "3", "--question", "무엇을 만들었나?",
             "--context", "세종대왕은 1443년에 훈민정음을 만들었고 1446년에 반포했다."],
            check=True, capture_output=True, text=True,
        )
        return json.loads(r.stdout)["answers"]

    assert [a["score"] for a in ask(bundle)] != [a["score"] for a in ask(out)]


def test_untrained_export_imports_the_trained_graph(cli, bundle, tmp_path):
    """HF's initial weights (every bias zero, every LayerNorm weight one) make the exporter share
    equal tensors through Identity nodes; the import must still see the graph of a trained model,
    with every bias, and answer as onnxruntime does on that export."""
    import onnx
    import onnxruntime as ort

    import reference

    export = tmp_path / "hf-init"
    subprocess.run(
        [sys.executable, ROOT / "scripts" / "export_onnx.py", "--random", "--hf-init", "--out", export],
        check=True,
        capture_output=True,
    )
    shared = [n for n in onnx.load(export / "model.onnx").graph.node if n.op_type == "Identity"]
    assert len(shared) > 50, "the export no longer shares equal tensors: this test tests nothing"
    out = tmp_path / "hf-init-bundle"
    subprocess.run([cli, "bundle", export, out, "--precision", "fp32"], check=True)
    m0 = json.loads((bundle / "manifest.json").read_text())
    m1 = json.loads((out / "manifest.json").read_text())
    assert m1["graph"] == m0["graph"]

    question, context = "무엇을 만들었나?", "세종대왕은 1443년에 훈민정음을 만들었고 1446년에 반포했다."
    r = subprocess.run(
        [cli, "answer", "--model", out, "--top-k", "3", "--question", question, "--context", context],
        check=True, capture_output=True, text=True,
    )
    ours = json.loads(r.stdout)["answers"]
    session = ort.InferenceSession(str(export / "model.onnx"), providers=["CPUExecutionProvider"])
    want, _ = reference.answer(
        session, reference.make_tokenizer(str(export / "vocab.txt")), question, context, reference.Options(top_k=3)
    )
    assert [(a["start"], a["end"]) for a in ours] == [(a["start"], a["end"]) for a in want]
    for a, b in zip(ours, want):
        assert abs(a["score"] - b["score"]) <= 1e-5 * abs(b["score"]), (a, b)


def test_bundling_is_reproducible(cli, export_dir, bundles, tmp_path):
    """One export, one precision: the same bytes every time (a bundle's hashes are browser cache keys)."""
    out = tmp_path / "again"
    subprocess.run([cli, "bundle", export_dir, out, "--precision", "fp16"], check=True, capture_output=True)
    for f in sorted(p.name for p in (bundles / "fp16").iterdir()):
        assert (out / f).read_bytes() == (bundles / "fp16" / f).read_bytes(), f
