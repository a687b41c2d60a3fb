"""Fixed KorQuAD dev question/context pairs that fill exactly one 384-token window, for the benches.

Each row has the question, a context cut at a word boundary so that it tokenizes to one full window,
and the window's input ids / token types (HF tokenizers, scripts/reference.py), so that every engine
in the bench runs the same tokens.

    python bench/bench_inputs.py --korquad DEV.json --vocab vocab.txt --out inputs.json [--count 4]
"""
import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from kqa_data import korquad_articles  # noqa: E402
from reference import Options, encode, features, make_tokenizer  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--korquad", type=Path, required=True)
    ap.add_argument("--vocab", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--count", type=int, default=4)
    args = ap.parse_args()

    tok = make_tokenizer(str(args.vocab))
    opt = Options()
    rows = []
    for article in korquad_articles(args.korquad):
        # One article's paragraphs joined give enough text for a full window.
        text = " ".join(p["context"] for p in article["paragraphs"])
        c_ids, offs = encode(tok, text)
        for para in article["paragraphs"]:
            qa = para["qas"][0]
            q_ids, _ = encode(tok, qa["question"])
            width = opt.max_seq_len - min(len(q_ids), opt.max_question_len) - 3
            # Cut at a word end so that the prefix tokenizes exactly as in the whole text.
            if len(c_ids) <= width or not (offs[width - 1][1] == len(text) or text[offs[width - 1][1]].isspace()):
                continue
            context = text[: offs[width - 1][1]]
            feats = features(q_ids, encode(tok, context)[0], opt)
            if len(feats) != 1 or len(feats[0].input_ids) != opt.max_seq_len:
                continue
            f = feats[0]
            rows.append(
                {
                    "id": qa["id"],
                    "question": qa["question"],
                    "context": context,
                    "input_ids": f.input_ids,
                    "token_type_ids": f.token_type_ids,
                }
            )
            break
        if len(rows) >= args.count:
            break
    args.out.write_text(json.dumps(rows[: args.count], ensure_ascii=False))
    print(f"{len(rows[:args.count])} pairs, {[len(r['input_ids']) for r in rows[:args.count]]} tokens → {args.out}")


if __name__ == "__main__":
    main()
