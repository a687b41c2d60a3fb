#!/usr/bin/env python3
"""Random-weight KoELECTRA-small QA checkpoints laid out as Hugging Face hub repositories, for the
tests of "load the model straight from the hub" (served by tests/hub/server.mjs, a stand-in for
huggingface.co, which is out of reach here):

    make_checkpoints.py --out models/hub [--vocab PATH]

writes DIR/<owner>/<name>/ for each repository below, each with config.json, vocab.txt,
tokenizer_config.json, special_tokens_map.json, its weights and a .hub.json for the server
({"sha": commit id, "fault": ..., "plainFiles": [...]}); then DIR/refs.jsonl, HF's own forward's
top-3 answers on a few KorQuAD dev questions; and last DIR/repos.json, the list of repository ids,
whose presence says the set is complete. Same seed, same bytes: every run writes identical files.

The weights are export_onnx.random_model(12, seed=7, head_std=1.0) with a random QA bias too, as
tests/python/test_local_checkpoint.py draws them: every tensor random, so that a loader which
drops or mixes up any tensor answers differently. Identical weight files are hard links, not copies.

Loadable repositories, one per weights format the loader must read:
  kqa-test/koelectra-safetensors  model.safetensors, as transformers 5 writes it
  kqa-test/koelectra-bin-zip      pytorch_model.bin, torch.save's zip format (torch >= 1.6)
  kqa-test/koelectra-bin-legacy   pytorch_model.bin, torch's pre-1.6 legacy format (not a zip),
                                  the format of the published 2020 checkpoint
  monologg/koelectra-small-v2-distilled-korquad-384
                                  the legacy one under the published model's id, for the defaults
Repositories that must be refused, each with its own error code:
  kqa-test/no-weights             no weights file at all
  kqa-test/wrong-arch             config.json says hidden_size 768 (KoELECTRA-base, not small)
  kqa-test/no-qa-head             model.safetensors without qa_outputs.weight / qa_outputs.bias
  kqa-test/lfs-pointer            model.safetensors is the Git LFS pointer text that `git clone`
                                  without git-lfs leaves (served as a plain git file)
Network faults, the safetensors repository with a "fault" the server applies:
  kqa-test/html-weights           the CDN answers the weights with an HTML page (captive portal)
  kqa-test/truncated              the CDN sends half the bytes, then drops the connection
  kqa-test/no-cors                no CORS headers on any of the repository's responses
  kqa-test/bad-sha256             the hub claims a sha256 the served bytes do not have
  kqa-test/slow                   the CDN streams in 64 KiB chunks 20 ms apart (abort tests)
"""
import argparse
import hashlib
import json
import os
import pickle
import shutil
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import torch  # noqa: E402
from safetensors.torch import load_file, save_file  # noqa: E402
from transformers import ElectraForQuestionAnswering  # noqa: E402
from transformers.utils import logging as hf_logging  # noqa: E402

import export_onnx  # noqa: E402
import reference  # noqa: E402
from kqa_data import korquad_articles, write_jsonl  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("KQA_DATA", REPO.parent / "shared" / "data"))
TOKENIZER_FILES = ("tokenizer_config.json", "special_tokens_map.json")
BASE = "kqa-test/koelectra-safetensors"
FAULTS = {"html-weights": "html", "truncated": "truncate", "no-cors": "nocors", "bad-sha256": "sha256", "slow": "slow"}


class StableKeysPickle:
    """A `pickle_module` for torch.save's legacy writer that names the storages "0", "1", ... in the
    order the state dict first uses them. torch names them by memory address (str(storage._cdata))
    and writes their bytes in the sorted order of those names, so two runs never write the same file.
    torch writes the storages in the order of the very key list it dumps: `dump` sorts it in place."""

    __name__ = "stable_keys_pickle"  # torch.save asks (it refuses old versions of dill)

    def __init__(self):
        names = self.names = {}

        class Pickler(pickle._Pickler):  # the pure-Python pickler: its persistent ids pass through save_pers
            def save_pers(self, pid):
                if isinstance(pid, tuple) and pid[0] == "storage":
                    pid = pid[:2] + (names.setdefault(pid[2], str(len(names))),) + pid[3:]
                super().save_pers(pid)

        self.Pickler = Pickler

    def dump(self, obj, f, protocol):
        if isinstance(obj, list) and self.names and all(k in self.names for k in obj):
            obj.sort(key=lambda k: int(self.names[k]))
            obj = [self.names[k] for k in obj]
        pickle.dump(obj, f, protocol=protocol)


def lfs_pointer(data_path: Path) -> str:
    data = data_path.read_bytes()
    return f"version https://git-lfs.github.com/spec/v1\noid sha256:{hashlib.sha256(data).hexdigest()}\nsize {len(data)}\n"


def link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def new_repo(out: Path, repo_id: str, like: Path | None = None, skip=()) -> Path:
    """An empty repository directory, or one holding `like`'s files (hard links) but `skip`."""
    d = out / repo_id
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    for f in sorted(like.iterdir()) if like else []:
        if not f.name.startswith(".") and f.name not in skip:
            link(f, d / f.name)
    return d


def seal(d: Path, repo_id: str, **hub) -> None:
    """.hub.json: the commit id (a hash of the repository id, its files and its flags) and the flags."""
    for f in d.iterdir():
        f.chmod(0o644)  # save_pretrained writes the weights 0600; a git checkout has 0644
    files = {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(d.iterdir()) if not f.name.startswith(".")}
    commit = hashlib.sha1(json.dumps({"repo": repo_id, "files": files, **hub}, sort_keys=True).encode()).hexdigest()
    (d / ".hub.json").write_text(json.dumps({"sha": commit, **hub}, indent=2) + "\n")


def questions(korquad: Path, n: int = 8, long: int = 4) -> list[dict]:
    """The first `n` dev questions with their paragraph, then `long` questions (the first of each
    paragraph followed by two more in its article) whose context is the three joined with "\\n",
    so that it needs several windows. The dev set's first article has only two paragraphs."""
    rows, longs = [], []
    for art in korquad_articles(korquad):
        paras = art["paragraphs"]
        for pi, p in enumerate(paras):
            for qi, qa in enumerate(p["qas"]):
                if len(rows) < n:
                    rows.append({"id": qa["id"], "question": qa["question"], "context": p["context"]})
                if qi == 0 and pi + 2 < len(paras) and len(longs) < long:
                    ctx = "\n".join(x["context"] for x in paras[pi : pi + 3])
                    longs.append({"id": qa["id"] + "-long", "question": qa["question"], "context": ctx})
    return rows + longs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, type=Path, help="directory to write the repositories into")
    ap.add_argument("--vocab", type=Path, default=DATA / "koelectra-v2" / "vocab.txt")
    a = ap.parse_args()
    out = a.out
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    out.mkdir(parents=True, exist_ok=True)
    (out / "repos.json").unlink(missing_ok=True)  # incomplete until rewritten last

    model = export_onnx.random_model(12, seed=7, head_std=1.0)
    with torch.no_grad():
        model.qa_outputs.bias.normal_(0.0, 0.1)
    repos = []

    def done(d: Path, repo_id: str, **hub) -> None:
        seal(d, repo_id, **hub)
        repos.append(repo_id)

    base = new_repo(out, BASE)
    model.save_pretrained(base)
    shutil.copyfile(a.vocab, base / "vocab.txt")
    for f in TOKENIZER_FILES:
        shutil.copyfile(DATA / "koelectra-v2" / f, base / f)
    done(base, BASE)
    state = load_file(base / "model.safetensors")

    d = new_repo(out, "kqa-test/koelectra-bin-zip", base, skip=["model.safetensors"])
    torch.save(state, d / "pytorch_model.bin")
    done(d, "kqa-test/koelectra-bin-zip")

    d = new_repo(out, "kqa-test/koelectra-bin-legacy", base, skip=["model.safetensors"])
    torch.save(state, d / "pytorch_model.bin", pickle_module=StableKeysPickle(), _use_new_zipfile_serialization=False)
    assert not zipfile.is_zipfile(d / "pytorch_model.bin"), "the legacy pytorch_model.bin is a zip"
    back = torch.load(d / "pytorch_model.bin", weights_only=True)
    assert list(back) == list(state) and all(torch.equal(back[k], state[k]) for k in state)
    done(d, "kqa-test/koelectra-bin-legacy")
    # The published model's id, so that the default (`QaEngine.load()` with no model, the demo, the
    # extension) can be tried against the stand-in: random weights in the real one's format.
    done(new_repo(out, export_onnx.HUB_MODEL, d), export_onnx.HUB_MODEL)

    done(new_repo(out, "kqa-test/no-weights", base, skip=["model.safetensors"]), "kqa-test/no-weights")

    d = new_repo(out, "kqa-test/wrong-arch", base, skip=["config.json"])
    config = json.loads((base / "config.json").read_text())
    (d / "config.json").write_text(json.dumps(dict(config, hidden_size=768), indent=2, sort_keys=True) + "\n")
    done(d, "kqa-test/wrong-arch")

    d = new_repo(out, "kqa-test/no-qa-head", base, skip=["model.safetensors"])
    save_file({k: v for k, v in state.items() if not k.startswith("qa_outputs.")}, d / "model.safetensors", {"format": "pt"})
    done(d, "kqa-test/no-qa-head")

    d = new_repo(out, "kqa-test/lfs-pointer", base, skip=["model.safetensors"])
    (d / "model.safetensors").write_text(lfs_pointer(base / "model.safetensors"))
    done(d, "kqa-test/lfs-pointer", plainFiles=["model.safetensors"])

    for name, fault in FAULTS.items():
        done(new_repo(out, f"kqa-test/{name}", base), f"kqa-test/{name}", fault=fault)

    # The reference answers: HF's own forward on the saved repository, the reference decoding.
    session = reference.TorchSession(ElectraForQuestionAnswering.from_pretrained(base).float())
    tok = reference.make_tokenizer(str(base / "vocab.txt"))
    opt = reference.Options(top_k=3)
    refs = []
    for q in questions(DATA / "korquad" / "KorQuAD_v1.0_dev.json"):
        answers, windows = reference.answer(session, tok, q["question"], q["context"], opt)
        refs.append(dict(q, windows=windows, answers=answers))
    write_jsonl(out / "refs.jsonl", refs)

    (out / "repos.json").write_text(json.dumps(repos, indent=2) + "\n")
    multi = sum(r["windows"] > 1 for r in refs)
    print(f"wrote {len(repos)} repositories and {len(refs)} reference answers ({multi} multi-window) -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
