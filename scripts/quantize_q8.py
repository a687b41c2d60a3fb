"""The q8 model users of transformers.js run by default, made from our export the way they make it.

transformers.js v4 runs `dtype: 'q8'` on its `wasm` device: the ONNX model through onnxruntime's
dynamic quantization, int8 weights (QInt8) and uint8 activations quantized at run time
(DynamicQuantizeLinear + MatMulInteger). The browser bench (bench/bench.mjs --onnx-q8) runs
this file in onnxruntime-web beside the fp32 export, so our rows stand next to what a peer's user
actually gets.

    python3 scripts/quantize_q8.py --export models/exports/random --out models/exports/random-q8
"""

import argparse
import json
import shutil
from pathlib import Path

from onnxruntime.quantization import QuantType, quantize_dynamic


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--export", type=Path, required=True, help="directory with model.onnx (scripts/export_onnx.py)")
    ap.add_argument("--out", type=Path, required=True, help="directory for the quantized model.onnx")
    args = ap.parse_args()
    src = args.export / "model.onnx"
    args.out.mkdir(parents=True, exist_ok=True)
    dst = args.out / "model.onnx"
    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8)
    for name in ("config.json", "vocab.txt"):
        if (args.export / name).exists():
            shutil.copy(args.export / name, args.out / name)
    (args.out / "quantize.json").write_text(
        json.dumps({"source": str(src.name), "method": "quantize_dynamic", "weight_type": "QInt8"}) + "\n"
    )
    print(f"{dst}: {dst.stat().st_size / 1e6:.1f} MB (from {src.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
