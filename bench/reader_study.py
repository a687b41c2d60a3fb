#!/usr/bin/env python3
"""Reader study: which tokens of a whole page to read, for the same recall at fewer tokens.

Every KorQuAD dev question (5,774) is asked against its whole article (the paragraphs joined with
'\\n', as the page bench does). No model is run: a policy picks the windows the model would read,
and we count
- recall: the share of questions whose gold answer lies wholly inside one window read (spans are
  decoded per window, so an answer cut by a window edge is lost);
- tokens: the model's input tokens per question, `[CLS] question [SEP] window [SEP]` summed over
  the windows read (the forward's cost grows with them).

Policies:
- `windows`: the reader of today (src/reader.rs): windows of `maxSeqLen` tokens sharing
  `docStride` 128, ranked by BM25 of the question's ids against each window's, reading at least
  `minWindows` and at most `maxWindows`, and past `minWindows` only windows scoring at least half
  the best. Its default point (384, 4 to 6) is checked against the page bench's 99.22 %.
- `passages`: the context cut into passages of P tokens, ranked by the same BM25 (the page's
  passages are its corpus); the best k (a margin rule as above) each get a window of `maxSeqLen`
  centred on them, and windows that overlap or touch are merged while the merge fits one window.
- `focused`: passages of P tokens every P/2, ranked the same way; each one taken is read with a
  margin of context either side (a window far shorter than `maxSeqLen`), merged as above.

    python3 bench/reader_study.py --korquad ../shared/data/korquad/KorQuAD_v1.0_dev.json \\
        --vocab ../shared/data/koelectra-v2/vocab.txt --json bench/results/reader-study.json \\
        --plot docs/reader-recall.svg

The plot needs matplotlib (`pip install matplotlib`); the figures do not.
"""
import argparse
import json
import math
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from kqa_data import whole_articles  # noqa: E402
from reference import encode, make_tokenizer, window_starts  # noqa: E402

K1, B = 1.2, 0.75
STRIDE = 128
MAX_QUESTION = 64


class Segments:
    """A context cut into documents (`starts`, each `width` tokens long) with each one's term counts:
    built once per context and cut, then scored against every question asked of it."""

    def __init__(self, ids, starts, width):
        self.starts = starts
        self.ends = [min(s + width, len(ids)) for s in starts]
        self.counts = [Counter(ids[s:e]) for s, e in zip(self.starts, self.ends)]
        self.lens = [e - s for s, e in zip(self.starts, self.ends)]
        self.avg = sum(self.lens) / max(len(self.lens), 1)

    def bm25(self, question):
        """BM25 of each document against the question's distinct ids, as src/reader.rs computes it
        (the context's own documents are the corpus)."""
        terms = sorted(set(question))
        n = len(self.counts)
        if not n or not terms:
            return [0.0] * n
        tf = [[c.get(t, 0) for t in terms] for c in self.counts]
        idf = []
        for i in range(len(terms)):
            df = sum(1 for row in tf if row[i])
            idf.append(math.log((n - df + 0.5) / (df + 0.5) + 1.0))
        out = []
        for length, row in zip(self.lens, tf):
            norm = K1 * (1.0 - B + B * length / max(self.avg, 1.0))
            out.append(sum(w * f * (K1 + 1.0) / (f + norm) for f, w in zip(row, idf) if f))
        return out


_segments = {}


def segments(ids, starts, width):
    """The cached Segments of this context and cut."""
    key = (id(ids), width, len(starts), starts[1] - starts[0] if len(starts) > 1 else 0)
    if key not in _segments:
        _segments[key] = Segments(ids, starts, width)
    return _segments[key]


def ranked(scores):
    """Indices best first; ties: the earlier first."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


def take(order, scores, k_min, k_max, ratio):
    """The reader's stopping rule: at least k_min, at most k_max, past k_min only >= ratio * best."""
    if not order:
        return []
    best = scores[order[0]]
    out = []
    for rank, w in enumerate(order[:k_max]):
        if rank >= k_min and scores[w] < ratio * best:
            break
        out.append(w)
    return out


def windows_policy(q, ids, seq, k_min, k_max, ratio=0.5):
    """Today's reader: [(start, end)] context token ranges of the windows read."""
    width = seq - len(q) - 3
    seg = segments(ids, window_starts(len(ids), width, STRIDE), width)
    scores = seg.bm25(q)
    return [(seg.starts[w], seg.ends[w]) for w in take(ranked(scores), scores, k_min, k_max, ratio)]


def passages_policy(q, ids, seq, passage, k_min, k_max, ratio=0.5):
    """Windows of `seq` tokens centred on the best passages, merged where they touch and fit."""
    width = seq - len(q) - 3
    n = len(ids)
    seg = segments(ids, list(range(0, max(n, 1), passage)), passage)
    scores = seg.bm25(q)
    spans = []
    for p in take(ranked(scores), scores, k_min, k_max, ratio):
        mid = (seg.starts[p] + seg.ends[p]) // 2
        s = max(0, min(mid - width // 2, n - width))
        spans.append((s, min(s + width, n)))
    return merge(spans, width)


def merge(spans, width):
    """Windows that overlap or touch merged while the union still fits `width` tokens."""
    merged = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1] and max(e, merged[-1][1]) - merged[-1][0] <= width:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))  # apart, or too wide together: a few tokens may be read twice
    return merged


def focused_policy(q, ids, seq, passage, margin, k_min, k_max, ratio=0.5):
    """Passages of `passage` tokens every `passage // 2` (so an answer near one passage's edge is
    inside the next), ranked by BM25; each passage taken is read with `margin` tokens of context
    either side, and windows that overlap are merged while the union fits `seq`."""
    width = seq - len(q) - 3
    n = len(ids)
    step = max(passage // 2, 1)
    seg = segments(ids, list(range(0, max(n - passage + step, 1), step)), passage)
    scores = seg.bm25(q)
    taken = take(ranked(scores), scores, k_min, k_max, ratio)
    return merge([(max(0, seg.starts[p] - margin), min(n, seg.ends[p] + margin)) for p in taken], width)


def gold_tokens(offsets, start, end):
    """First and last context token overlapping the gold answer's characters [start, end)."""
    toks = [i for i, (a, b) in enumerate(offsets) if a < end and b > start]
    return (toks[0], toks[-1]) if toks else None


def questions(korquad, tok):
    """[(question ids, context ids, gold token span)] for every question, its article as context."""
    out = []
    for _, context, qas in whole_articles(korquad):
        ids, offsets = encode(tok, context)
        for _, question, s, e in qas:
            q, _ = encode(tok, question)
            out.append((q[:MAX_QUESTION], ids, gold_tokens(offsets, s, e)))
    return out


def measure(rows, policy):
    """(recall, mean tokens read, mean windows read) of `policy(q, ids) -> [(start, end)]`."""
    hit = tokens = wins = 0
    for q, ids, gold in rows:
        read = policy(q, ids)
        wins += len(read)
        tokens += sum(len(q) + 3 + (e - s) for s, e in read)
        if gold and any(s <= gold[0] and gold[1] < e for s, e in read):
            hit += 1
    n = len(rows)
    return hit / n, tokens / n, wins / n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    data = Path(os.environ.get("KQA_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    ap.add_argument("--korquad", type=Path, default=data / "korquad" / "KorQuAD_v1.0_dev.json")
    ap.add_argument("--vocab", type=Path, default=data / "koelectra-v2" / "vocab.txt")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--plot", type=Path)
    args = ap.parse_args()

    rows = questions(args.korquad, make_tokenizer(str(args.vocab)))
    print(f"{len(rows)} questions, {sum(1 for r in rows if r[2] is None)} without a gold token span")
    results = []

    def run(family, label, policy, **params):
        r, t, w = measure(rows, policy)
        results.append({"family": family, "label": label, "recall": r, "tokens": t, "windows": w, **params})
        print(f"{family:9} {label:34} recall {100 * r:6.2f} %  tokens {t:7.0f}  windows {w:4.2f}", flush=True)

    for seq, k_maxes in ((384, (1, 2, 3, 4, 6, 8, 10)), (256, (2, 4, 6, 8, 12)), (192, (4, 8, 12, 16))):
        for k_max in k_maxes:
            k_min = min(4, k_max)
            run("windows", f"seq {seq}, {k_min}-{k_max} windows", lambda q, ids, s=seq, a=k_min, b=k_max: windows_policy(q, ids, s, a, b), seq=seq, k_min=k_min, k_max=k_max)
    for passage in (64, 96):
        for seq in (384, 256, 192):
            for k_max in (2, 4, 8):
                k_min = min(2, k_max)
                run(
                    "passages",
                    f"P {passage}, seq {seq}, {k_min}-{k_max} passages",
                    lambda q, ids, p=passage, s=seq, a=k_min, b=k_max: passages_policy(q, ids, s, p, a, b),
                    passage=passage, seq=seq, k_min=k_min, k_max=k_max,
                )
    for passage in (32, 64):
        for margin in (16, 32, 64):
            for k_max in (2, 4, 6, 8):
                k_min = min(2, k_max)
                run(
                    "focused",
                    f"P {passage}/{passage // 2}, margin {margin}, {k_min}-{k_max}",
                    lambda q, ids, p=passage, m=margin, a=k_min, b=k_max: focused_policy(q, ids, 384, p, m, a, b),
                    passage=passage, margin=margin, seq=384, k_min=k_min, k_max=k_max,
                )
    today = next(x for x in results if x["family"] == "windows" and x["seq"] == 384 and x["k_max"] == 6)
    goal = [x for x in results if x["recall"] >= 0.99 and x["tokens"] <= today["tokens"] / 2]
    print(f"today: recall {100 * today['recall']:.2f} %, {today['tokens']:.0f} tokens; "
          f"policies at >= 99 % recall with at most half its tokens: {len(goal)}")
    for x in sorted(goal, key=lambda x: x["tokens"])[:10]:
        print(f"  {x['label']}: {100 * x['recall']:.2f} %, {x['tokens']:.0f} tokens")
    if args.json:
        args.json.write_text(json.dumps({"questions": len(rows), "results": results}, indent=1) + "\n")
    if args.plot:
        plot(results, today, args.plot)


def plot(results, today, out):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5))
    groups = {}
    for x in results:
        if x["family"] == "windows":
            key = f"windows, seq {x['seq']}"
        elif x["family"] == "passages":
            key = f"passages {x['passage']}, seq {x['seq']}"
        else:
            key = f"focused: passages {x['passage']}, margin {x['margin']}"
        groups.setdefault(key, []).append(x)
    for key, xs in groups.items():
        xs.sort(key=lambda x: x["tokens"])
        ax.plot([x["tokens"] for x in xs], [100 * x["recall"] for x in xs], marker="o" if key.startswith("windows") else ".", label=key, linewidth=1)
    ax.axhline(99, color="grey", linestyle=":", linewidth=1)
    ax.axvline(today["tokens"] / 2, color="grey", linestyle=":", linewidth=1)
    ax.plot([today["tokens"]], [100 * today["recall"]], marker="*", markersize=14, color="black", linestyle="none", label="today (seq 384, 4-6 windows)")
    ax.set_xlabel("model input tokens per question (mean)")
    ax.set_ylabel("recall: gold answer inside a window read (%)")
    ax.set_ylim(85, 100)
    ax.set_title("KorQuAD dev, 5,774 questions against their whole article")
    ax.legend(fontsize=7, ncol=2, loc="lower right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out)


if __name__ == "__main__":
    main()
