"""Independent Python reference of korean-qa's pipeline: HF `tokenizers` for tokens and offsets,
onnxruntime for logits, numpy for the span decoding spec (docs/decoding.md).

It shares no code with the Rust crate; parity tests compare the two.
"""
from dataclasses import dataclass

import numpy as np
from tokenizers import Tokenizer
from tokenizers.models import WordPiece
from tokenizers.normalizers import BertNormalizer
from tokenizers.pre_tokenizers import BertPreTokenizer

CLS, SEP, PAD = 2, 3, 0


@dataclass
class Options:
    top_k: int = 1
    max_answer_len: int = 30
    doc_stride: int = 128
    max_seq_len: int = 384
    max_question_len: int = 64
    min_score: float | None = None


def make_tokenizer(vocab_path: str) -> Tokenizer:
    tok = Tokenizer(WordPiece.from_file(vocab_path, unk_token="[UNK]", max_input_chars_per_word=100))
    tok.normalizer = BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=False, lowercase=False)
    tok.pre_tokenizer = BertPreTokenizer()
    return tok


def encode(tok: Tokenizer, text: str):
    """ids and (start, end) offsets in Python str indices (code points)."""
    enc = tok.encode(text, add_special_tokens=False)
    return list(enc.ids), [tuple(o) for o in enc.offsets]


def window_starts(n: int, width: int, stride: int) -> list[int]:
    """Start of each window of `width` context tokens, consecutive ones sharing `stride` tokens.

    The rule of HF `tokenizers`' overflow with `stride` (what the transformers question-answering
    pipeline windows with): step by `width - stride` and stop at the first window that reaches the
    end, so the last window holds what remains and may be shorter. Same answers as the pipeline
    need the same windows: a window ending at the context's end instead would see other neighbours.
    """
    starts = [0]
    while starts[-1] + width < n:
        starts.append(starts[-1] + width - stride)
    return starts


@dataclass
class Feature:
    input_ids: list
    token_type_ids: list
    ctx_begin: int  # position of the first context token in the feature
    ctx_start: int  # index of that token in the context's token list
    ctx_len: int


def features(q_ids, c_ids, opt: Options) -> list[Feature]:
    q = q_ids[: opt.max_question_len]
    width = opt.max_seq_len - len(q) - 3
    out = []
    for s in window_starts(len(c_ids), width, opt.doc_stride):
        win = c_ids[s : s + width]
        ids = [CLS] + q + [SEP] + win + [SEP]
        types = [0] * (len(q) + 2) + [1] * (len(win) + 1)
        out.append(Feature(ids, types, len(q) + 2, s, len(win)))
    return out


def model_inputs(feats: list[Feature]) -> dict:
    """The features as one padded batch, keyed by the export's input names."""
    n = max(len(f.input_ids) for f in feats)
    b = len(feats)
    ids = np.zeros((b, n), dtype=np.int64)
    mask = np.zeros((b, n), dtype=np.int64)
    types = np.zeros((b, n), dtype=np.int64)
    for i, f in enumerate(feats):
        k = len(f.input_ids)
        ids[i, :k] = f.input_ids
        mask[i, :k] = 1
        types[i, :k] = f.token_type_ids
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


class TorchSession:
    """A torch QA model (transformers' ElectraForQuestionAnswering, unmodified, fp32) behind
    onnxruntime's `session.run`, so that `answer` decodes its logits unchanged."""

    def __init__(self, model):
        self.model = model.eval()

    def run(self, _names, feeds):
        import torch

        with torch.no_grad():
            out = self.model(**{k: torch.from_numpy(v) for k, v in feeds.items()})
        return out.start_logits.numpy(), out.end_logits.numpy()


def run_model(session, feats: list[Feature]):
    start, end = session.run(None, model_inputs(feats))
    return start, end


def softmax_masked(logits: np.ndarray, f: Feature) -> np.ndarray:
    x = np.full(logits.shape[0], -10000.0, dtype=np.float64)
    sl = slice(f.ctx_begin, f.ctx_begin + f.ctx_len)
    x[sl] = logits[sl]
    x[0] = logits[0]
    x = np.exp(x - x.max())
    p = x / x.sum()
    p[0] = 0.0
    return p


def decode(start_logits, end_logits, feats, offsets, opt: Options):
    """Returns [(score, start_char, end_char, p_start, p_end)] best first (Python str indices)."""
    best = {}
    for i, f in enumerate(feats):
        ps = softmax_masked(start_logits[i].astype(np.float64), f)
        pe = softmax_masked(end_logits[i].astype(np.float64), f)
        cands = []
        for a in range(f.ctx_len):
            for b in range(a, min(f.ctx_len, a + opt.max_answer_len)):
                s_pos, e_pos = f.ctx_begin + a, f.ctx_begin + b
                cands.append((ps[s_pos] * pe[e_pos], f.ctx_start + a, f.ctx_start + b, ps[s_pos], pe[e_pos]))
        for score, ta, tb, p1, p2 in cands:
            key = (offsets[ta][0], offsets[tb][1])
            if key not in best or score > best[key][0]:
                best[key] = (score, key[0], key[1], p1, p2)
    ranked = sorted(best.values(), key=lambda c: (-c[0], c[1], c[2]))
    if opt.min_score is not None:
        ranked = [c for c in ranked if c[0] >= opt.min_score]
    return ranked[: opt.top_k]


def utf16_index(text: str, i: int) -> int:
    return len(text[:i].encode("utf-16-le")) // 2


def answer(session, tok, question: str, context: str, opt: Options):
    q_ids, _ = encode(tok, question)
    c_ids, offsets = encode(tok, context)
    feats = features(q_ids, c_ids, opt)
    start, end = run_model(session, feats)
    out = []
    for score, a, b, p1, p2 in decode(start, end, feats, offsets, opt):
        out.append(
            {
                "text": context[a:b],
                "start": utf16_index(context, a),
                "end": utf16_index(context, b),
                "score": float(score),
                "start_prob": float(p1),
                "end_prob": float(p2),
            }
        )
    return out, len(feats)
