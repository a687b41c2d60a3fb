"""`korean-qa --model hf:ID` and `bundle --from-hf hf:ID` against tests/hub/server.mjs, a stand-in
for huggingface.co that answers as the hub does (model API, resolve with a 302 to a CDN origin,
raw LFS pointers, X-Error-Code). The CLI downloads through the `hf-hub` crate (HF_ENDPOINT,
HF_HOME) and checks every file against the hash the hub named it by. The repositories come from
scripts/make_checkpoints.py (`./build.sh test` writes them to models/hub)."""
import json
import os
import subprocess
from pathlib import Path

import pytest

from kqa_data import by_id, read_jsonl

ROOT = Path(__file__).resolve().parents[2]
REL = 1e-4


@pytest.fixture(scope="module")
def repos():
    d = Path(os.environ.get("KQA_HUB_REPOS", ROOT / "models" / "hub"))
    if not (d / "repos.json").is_file():
        pytest.fail(f"{d}/repos.json not found (set KQA_HUB_REPOS); `./build.sh test` writes it with scripts/make_checkpoints.py")
    return d


@pytest.fixture(scope="module")
def hub(repos):
    p = subprocess.Popen(["node", ROOT / "tests" / "hub" / "server.mjs", repos], stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline().split()
    assert line[0] == "hub", line
    yield {"url": line[1], "cdn": line[3]}
    p.terminate()
    p.wait()


def run(cli, hub, home, *args, offline=False):
    env = dict(os.environ, HF_ENDPOINT=hub["url"], HF_HOME=str(home))
    env.pop("HF_HUB_CACHE", None)
    env.pop("HF_HUB_OFFLINE", None)
    if offline:
        env.update(HF_HUB_OFFLINE="1", HF_ENDPOINT="http://127.0.0.1:9")
    return subprocess.run([cli, *args], capture_output=True, text=True, env=env)


def files(d: Path) -> dict:
    return {f.name: f.read_bytes() for f in sorted(d.iterdir())}


@pytest.mark.parametrize("repo", ["koelectra-safetensors", "koelectra-bin-zip", "koelectra-bin-legacy"])
def test_hub_download_gives_the_local_checkpoints_bundle(cli, hub, repos, repo, tmp_path):
    ref = tmp_path / "ref"
    r = subprocess.run([cli, "bundle", "--from-hf", repos / "kqa-test" / repo, ref, "--name", "x"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = run(cli, hub, tmp_path / "home", "bundle", "--from-hf", f"hf:kqa-test/{repo}", tmp_path / "out", "--name", "x")
    assert r.returncode == 0, r.stderr
    assert files(tmp_path / "out") == files(ref)
    # Again with no network: the HF cache alone, found by the id.
    r = run(cli, hub, tmp_path / "home", "bundle", "--from-hf", f"hf:kqa-test/{repo}", tmp_path / "again", "--name", "x", offline=True)
    assert r.returncode == 0, r.stderr
    assert files(tmp_path / "again") == files(ref)


def test_hub_model_answers_like_transformers(cli, hub, repos, tmp_path):
    refs = by_id(read_jsonl(repos / "refs.jsonl"))
    out = tmp_path / "answers.jsonl"
    r = run(cli, hub, tmp_path / "home", "batch", "--model", "hf:kqa-test/koelectra-bin-legacy", "--precision", "fp32",
            "--top-k", "3", "--exhaustive", repos / "refs.jsonl", "--out", out)
    assert r.returncode == 0, r.stderr
    ours = by_id(read_jsonl(out))
    assert set(ours) == set(refs)
    for qid, want in refs.items():
        got = ours[qid]["answers"]
        assert [(a["start"], a["end"], a["text"]) for a in got] == [(a["start"], a["end"], a["text"]) for a in want["answers"]], qid
        for a, b in zip(got, want["answers"]):
            assert abs(a["score"] - b["score"]) <= REL * b["score"], (qid, a, b)
    assert sum(w["windows"] > 1 for w in refs.values()) >= 3


@pytest.mark.parametrize(
    "repo,code,says",
    [
        ("absent", "MODEL_FETCH_FAILED", "RepoNotFound"),
        ("no-weights", "WEIGHTS_INVALID", "has no weights"),
        ("wrong-arch", "GRAPH_MISMATCH", "hidden_size 768; this build runs 256"),
        ("no-qa-head", "WEIGHTS_INVALID", "has no tensor `qa_outputs."),
        ("lfs-pointer", "WEIGHTS_INVALID", "Git LFS pointer"),
        # The CDN's HTML page has no Content-Range: hf-hub refuses it before any byte is kept.
        ("html-weights", "MODEL_FETCH_FAILED", "/resolve/main/model.safetensors"),
        ("bad-sha256", "INTEGRITY_MISMATCH", "model.safetensors"),
        ("truncated", "MODEL_FETCH_FAILED", "model.safetensors"),
    ],
)
def test_bad_hub_answers_get_coded_errors(cli, hub, repo, code, says, tmp_path):
    out = tmp_path / "out"
    r = run(cli, hub, tmp_path / "home", "bundle", "--from-hf", f"hf:kqa-test/{repo}", out)
    assert r.returncode != 0
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error [{code}]") and says in last, r.stderr
    assert not out.exists()
