"""The Python reference itself, on hand-computed cases (the same ones the Rust unit tests use)."""
import math

import numpy as np

import reference as ref


def test_window_starts():
    assert ref.window_starts(5, 10, 3) == [0]
    assert ref.window_starts(10, 10, 3) == [0]
    assert ref.window_starts(11, 10, 3) == [0, 7]
    assert ref.window_starts(17, 10, 3) == [0, 7]
    assert ref.window_starts(18, 10, 3) == [0, 7, 14]
    assert ref.window_starts(24, 10, 3) == [0, 7, 14]
    assert ref.window_starts(25, 10, 3) == [0, 7, 14, 21]


def test_window_starts_match_hf_tokenizers_overflow(tmp_path):
    """The windows of the transformers question-answering pipeline come from `tokenizers`' own
    truncation with stride (`only_second`, overflowing tokens kept); check ours against that
    implementation rather than against our reading of it. Every context word is its own vocabulary
    entry, so a window's first context token id says where the window starts."""
    from tokenizers.processors import BertProcessing

    words = [f"w{i}" for i in range(1200)]
    entries = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "q", *words]
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("\n".join(entries) + "\n")
    first_word = entries.index(words[0])
    tok = ref.make_tokenizer(str(vocab))
    tok.post_processor = BertProcessing(("[SEP]", ref.SEP), ("[CLS]", ref.CLS))
    # A toy size at every context length around its windows' edges, and the engine's defaults
    # (384 tokens, stride 128, here a 10-token question: 371-token windows, step 243) at theirs.
    cases = [(16, 3, 3, range(1, 60)), (384, 128, 10, [1, 370, 371, 372, 614, 615, 857, 858, 1200])]
    for max_len, stride, q_len, lengths in cases:
        width = max_len - q_len - 3
        tok.enable_truncation(max_len, stride=stride, strategy="only_second")
        for n in lengths:
            enc = tok.encode(" ".join(["q"] * q_len), " ".join(words[:n]))
            hf = []
            for e in [enc, *enc.overflowing]:
                ctx = [i for i, t, special in zip(e.ids, e.type_ids, e.special_tokens_mask) if t == 1 and not special]
                hf.append(ctx[0] - first_word)
            assert ref.window_starts(n, width, stride) == hf, (max_len, stride, n)


def test_decode_spec():
    opt = ref.Options(top_k=2)
    feats = ref.features([50], [60, 61, 62], opt)
    offsets = [(0, 1), (2, 3), (4, 5)]  # "가 나 다" in code points
    start = np.array([[9.0, 0, 0, 0, 5, 1, 0]])
    end = np.array([[9.0, 0, 0, 1, 1, 6, 0]])
    out = ref.decode(start, end, feats, offsets, opt)
    assert (out[0][1], out[0][2]) == (2, 5)
    z = sum(math.exp(v) for v in [9, 0, 5, 1])
    assert abs(out[0][3] - math.exp(5) / z) < 1e-12
    assert (out[1][1], out[1][2]) == (4, 5)
