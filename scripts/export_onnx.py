#!/usr/bin/env python3
"""Export KoELECTRA extractive QA to ONNX for burn-onnx.

Writes a model directory holding `model.onnx`, `config.json` and `vocab.txt`:

    export_onnx.py --hub monologg/koelectra-small-v2-distilled-korquad-384 --out models/real
    export_onnx.py --hub ./koelectra --out models/real       # a local download of that model
    export_onnx.py --random [--seed 0] --out models/random   # same architecture, random weights
    export_onnx.py --tiny   [--seed 0] --out models/tiny     # 2 layers: a graph that differs

The graph is fixed by these options (opset 17, TorchScript exporter, eager attention, dynamic
batch and sequence axes); `korean-qa bundle` refuses any export whose graph differs from the
one compiled into the crate, so keep them unchanged.
"""
import argparse
import json
import os
import shutil
import sys
from pathlib import Path

import torch
from transformers import ElectraConfig, ElectraForQuestionAnswering
from transformers.utils import logging as hf_logging

OPSET = 17
HUB_MODEL = "monologg/koelectra-small-v2-distilled-korquad-384"
REPO = Path(__file__).resolve().parent.parent
DEFAULT_VOCAB = REPO.parent / "shared" / "data" / "koelectra-v2" / "vocab.txt"
WEIGHTS = ("model.safetensors", "pytorch_model.bin")  # what save_pretrained writes, new and old

# KoELECTRA-small v2 (the architecture of monologg/koelectra-small-v2-distilled-korquad-384).
SMALL = dict(
    vocab_size=32200,
    embedding_size=128,
    hidden_size=256,
    num_hidden_layers=12,
    num_attention_heads=4,
    intermediate_size=1024,
    max_position_embeddings=512,
    type_vocab_size=2,
    hidden_act="gelu",
    layer_norm_eps=1e-12,
    pad_token_id=0,
)


class QaLogits(torch.nn.Module):
    """ElectraForQuestionAnswering's forward, spelled out for a graph every burn backend can run.

    transformers' own mask code exports as integer index gathers and a data-dependent Expand that
    burn can only evaluate with a synchronous read, and the position ids are an int64 buffer; WGSL
    has no 64-bit integers and WebGPU in a browser has no synchronous reads. Here the positions are
    a slice of the float table and the mask is float arithmetic, so the only integer tensors left
    are the three inputs. `export` checks the outputs against the model's own forward.
    """

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        electra = self.model.electra
        emb = electra.embeddings
        seq = input_ids.shape[1]
        x = (
            emb.word_embeddings(input_ids)
            + emb.token_type_embeddings(token_type_ids)
            + emb.position_embeddings.weight[:seq].unsqueeze(0)
        )
        x = emb.dropout(emb.LayerNorm(x))
        if hasattr(electra, "embeddings_project"):
            x = electra.embeddings_project(x)
        # The additive mask of HF's eager attention: 0 where attended, the float minimum elsewhere.
        mask = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        for layer in electra.encoder.layer:
            out = layer(x, attention_mask=mask)
            x = out[0] if isinstance(out, tuple) else out
        logits = self.model.qa_outputs(x)
        start, end = logits.split(1, dim=-1)
        return start.squeeze(-1), end.squeeze(-1)


def random_model(layers: int, seed: int, head_std: float, hf_init: bool = False) -> ElectraForQuestionAnswering:
    torch.manual_seed(seed)
    config = ElectraConfig(**dict(SMALL, num_hidden_layers=layers))
    config.architectures = ["ElectraForQuestionAnswering"]
    model = ElectraForQuestionAnswering(config)
    # The default init (std 0.02) gives nearly flat QA logits. A wider head spreads them over
    # several units (std 0.1 -> logits std about 1.3). fp32 noise in the logits grows with the head
    # too, and so does every gap between them, so span ranking is equally robust at any width;
    # std 1.0 puts score noise between fp32 engines above 1e-5 relative (docs/testing.md).
    with torch.no_grad():
        # HF's init zeroes every bias and sets every LayerNorm weight to one, which a trained model
        # never has: such a model would test nothing of the biases, and the exporter shares its
        # equal tensors through Identity nodes (see crates/import/src/unshare.rs). Give each its own values.
        for name, p in model.named_parameters() if not hf_init else []:
            if name.endswith(".bias"):
                p.normal_(0.0, 0.02)
            elif "LayerNorm.weight" in name:
                p.normal_(1.0, 0.02)
        model.qa_outputs.weight.normal_(0.0, head_std)
        model.qa_outputs.bias.zero_()
    return model


def pretrained_dir(model: str) -> Path:
    """The checkpoint directory for `--hub MODEL`, as `from_pretrained` resolves it.

    A local directory (`hf download ID --local-dir DIR`, `git clone`, `save_pretrained`)
    is used as it is. Anything else is a hub id: downloaded, or with HF_HUB_OFFLINE=1 found in the HF
    cache (HF_HOME / HF_HUB_CACHE). Only the files the export reads are fetched.
    """
    if Path(model).is_dir():
        return Path(model)
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(model, allow_patterns=["config.json", "vocab.txt", *WEIGHTS]))
    except (OSError, ValueError) as e:  # a malformed id, no network and no cached copy, no such repo
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise SystemExit(f"error: {model} is not a directory and the hub cannot provide it: {reason}")


def check_checkpoint(d: Path) -> None:
    """Refuse, in one line, a directory that is not exactly the compiled graph's model.

    Any other architecture or size would be refused by `korean-qa bundle` only after a slow export,
    with GRAPH_MISMATCH, which names no cause. So say what is missing or wrong before any of that.
    """
    for f in ("config.json", "vocab.txt"):
        if not (d / f).is_file():
            raise SystemExit(f"error: {d} has no {f}")
    weights = [d / w for w in WEIGHTS if (d / w).is_file()]
    if not weights:
        raise SystemExit(f"error: {d} has no weights ({' or '.join(WEIGHTS)})")
    # `git clone` without git-lfs leaves a 130-byte pointer where the weights should be.
    if weights[0].read_bytes()[:200].startswith(b"version https://git-lfs"):
        raise SystemExit(f"error: {weights[0]} is a Git LFS pointer, not the weights: run `git lfs pull` in {d}")
    # from_json_file fills in the defaults that save_pretrained leaves out of config.json.
    config = ElectraConfig.from_json_file(str(d / "config.json"))
    # A config without `architectures` (written before transformers recorded it) is let through:
    # the QA head's presence is then checked on the weights themselves (hub_model).
    if config.architectures and "ElectraForQuestionAnswering" not in config.architectures:
        raise SystemExit(f"error: {d}/config.json is {config.architectures}, not ElectraForQuestionAnswering")
    wrong = [
        f"{k} {getattr(config, k, None)} (expected {v})"
        for k, v in SMALL.items()
        if getattr(config, k, None) != v
    ]
    if wrong:
        raise SystemExit(f"error: {d}/config.json is not KoELECTRA-small: {', '.join(wrong)}")


def hub_model(model: str) -> tuple[ElectraForQuestionAnswering, Path]:
    """The checked model of `--hub MODEL` and its checkpoint directory."""
    d = pretrained_dir(model)
    check_checkpoint(d)
    # transformers' load report and progress bar would bury the one line below; unused tensors
    # (old checkpoints carry position_ids buffers) are harmless.
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    qa, info = ElectraForQuestionAnswering.from_pretrained(d, output_loading_info=True)
    # A missing tensor would stay at its random init and export quietly (a base ELECTRA has no QA head).
    if info["missing_keys"]:
        missing = sorted(info["missing_keys"])
        raise SystemExit(f"error: the weights in {d} lack {len(missing)} of the model's tensors, e.g. {missing[0]}")
    return qa, d


def export(model: ElectraForQuestionAnswering, out: Path) -> None:
    model.config._attn_implementation = "eager"
    model.eval()
    seq = 16
    ids = torch.randint(5, 1000, (2, seq), dtype=torch.long)
    mask = torch.ones((2, seq), dtype=torch.long)
    mask[1, 12:] = 0
    types = torch.zeros((2, seq), dtype=torch.long)
    types[:, 8:] = 1
    axes = {0: "batch", 1: "sequence"}
    wrapper = QaLogits(model)
    with torch.no_grad():
        ours = wrapper(ids, mask, types)
        ref = model(input_ids=ids, attention_mask=mask, token_type_ids=types, return_dict=True)
        for a, b in zip(ours, (ref.start_logits, ref.end_logits)):
            keep = mask.bool()
            diff = (a - b)[keep].abs().max().item()
            if diff > 1e-4:
                raise SystemExit(f"error: the export wrapper disagrees with the model by {diff}")
        torch.onnx.export(
            wrapper,
            (ids, mask, types),
            str(out / "model.onnx"),
            opset_version=OPSET,
            dynamo=False,
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["start_logits", "end_logits"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "start_logits": axes,
                "end_logits": axes,
            },
            do_constant_folding=True,
        )
    model.config.to_json_file(str(out / "config.json"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument(
        "--hub",
        metavar="MODEL",
        help="the fine-tuned model: a local directory in HF format (config.json, vocab.txt, model.safetensors "
        "or pytorch_model.bin), or a hub id, downloaded or, with HF_HUB_OFFLINE=1, taken from the HF cache",
    )
    mode.add_argument("--random", action="store_true", help="KoELECTRA-small architecture, random weights")
    mode.add_argument("--tiny", action="store_true", help="2-layer variant with random weights")
    ap.add_argument("--out", required=True, type=Path, help="model directory to write")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--hf-init",
        action="store_true",
        help="keep HF's initial zero biases and unit LayerNorm weights (tests that such an export imports alike)",
    )
    ap.add_argument("--qa-head-std", type=float, default=0.1, help="std of the random QA head (default 0.1)")
    ap.add_argument(
        "--vocab",
        type=Path,
        default=Path(os.environ.get("KQA_VOCAB", DEFAULT_VOCAB)),
        help="vocab.txt for --random/--tiny (env KQA_VOCAB; default ../shared/data/koelectra-v2/vocab.txt, else the hub copy)",
    )
    args = ap.parse_args()

    checkpoint = None
    if args.hub:
        model, checkpoint = hub_model(args.hub)
        vocab = checkpoint / "vocab.txt"
        # A directory's own name (a cache snapshot is found by the hub id, which names it better).
        name = Path(args.hub).resolve().name if Path(args.hub).is_dir() else args.hub
    else:
        layers = 2 if args.tiny else SMALL["num_hidden_layers"]
        model = random_model(layers, args.seed, args.qa_head_std, args.hf_init)
        vocab = args.vocab
        if not vocab.is_file():
            # No local copy: the published KoELECTRA v2 vocabulary (needs network).
            from huggingface_hub import hf_hub_download

            print(f"{args.vocab} not found; downloading the vocabulary of {HUB_MODEL}", file=sys.stderr)
            vocab = Path(hf_hub_download(HUB_MODEL, "vocab.txt"))
        name = f"koelectra-small-{'tiny-' if args.tiny else ''}random-seed{args.seed}{'-hf-init' if args.hf_init else ''}"
    args.out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(vocab, args.out / "vocab.txt")

    vocab_rows = sum(1 for _ in open(args.out / "vocab.txt", encoding="utf-8"))
    if vocab_rows != model.config.vocab_size:
        print(f"error: vocab.txt has {vocab_rows} rows, model expects {model.config.vocab_size}", file=sys.stderr)
        return 2
    export(model, args.out)
    if checkpoint is not None:
        # The checkpoint's own config.json, not transformers' rewrite of it: a bundle carries it
        # verbatim, and `korean-qa bundle --from-hf` (no Python) must write the same manifest.
        shutil.copyfile(checkpoint / "config.json", args.out / "config.json")
    meta = {"name": name, "opset": OPSET, "torch": torch.__version__}
    (args.out / "export.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"wrote {args.out}/model.onnx ({(args.out / 'model.onnx').stat().st_size} bytes) for {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
