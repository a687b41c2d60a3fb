#!/usr/bin/env python3
"""A native GPU peer for bench/gpu_bench.sh: PyTorch on CUDA running the same architecture (the
bundle manifest's HF config) with random weights, fp32, at the shapes the wgpu bench runs.

The browser peer (ORT-web on WebGPU) needs Chromium, which a GPU machine here lacks; this gives the
wgpu figures a scale on the same card. Weights do not matter for latency. Prints JSON lines shaped
like `korean-qa bench` output; never fails on a figure, only when torch or CUDA is missing.

    gpu_peer.py --manifest models/bundles/int8/manifest.json [--seq 384] [--batch 1 8] [--runs 20]
"""
import argparse
import json
import statistics
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--seq", type=int, default=384)
    ap.add_argument("--batch", type=int, nargs="+", default=[1, 8])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--device", default="cuda", help="cpu only to try the script without a GPU")
    a = ap.parse_args()

    import torch
    from transformers import ElectraConfig, ElectraForQuestionAnswering

    if a.device == "cuda" and not torch.cuda.is_available():
        sys.exit("gpu_peer: torch sees no CUDA device")
    config = json.load(open(a.manifest))["config"]
    t0 = time.perf_counter()
    torch.manual_seed(0)
    model = ElectraForQuestionAnswering(ElectraConfig(**config)).eval().to(a.device)
    load_ms = (time.perf_counter() - t0) * 1e3
    attn = getattr(model.config, "_attn_implementation", "default")
    for batch in a.batch:
        # The same deterministic ids and segments as `korean-qa bench`.
        n = batch * a.seq
        ids = torch.tensor([5 + (i * 7919) % 31_000 for i in range(n)]).view(batch, a.seq)
        types = torch.tensor([int(i % a.seq >= 32) for i in range(n)]).view(batch, a.seq)
        mask = torch.ones_like(ids)
        times = []
        with torch.inference_mode():
            for i in range(a.runs + 3):
                t = time.perf_counter()
                # Inputs go up and logits come back each run, as the CLI's forward does.
                out = model(
                    input_ids=ids.to(a.device),
                    attention_mask=mask.to(a.device),
                    token_type_ids=types.to(a.device),
                )
                out.start_logits.cpu(), out.end_logits.cpu()
                if i >= 3:
                    times.append((time.perf_counter() - t) * 1e3)
        times.sort()
        print(
            json.dumps(
                {
                    "engine": f"torch-{a.device}-fp32-{attn}",
                    "seq": a.seq,
                    "batch": batch,
                    "runs": a.runs,
                    "median_ms": statistics.median(times),
                    "min_ms": times[0],
                    "max_ms": times[-1],
                    "load_ms": load_ms,
                    "device": torch.cuda.get_device_name(0) if a.device == "cuda" else "cpu",
                    "torch": torch.__version__,
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
