#!/usr/bin/env python3
"""KorQuAD 1.0 scoring, following the official evaluate-v1.0.py (korquad.github.io).

    korquad_eval.py DATASET.json PREDICTIONS.json [--limit N]

--limit scores only the first N questions (in file order), to match `korean-qa eval --limit N`.
"""
import argparse
import json
import re
import string
import sys
from collections import Counter

from kqa_data import korquad_articles


def normalize_answer(s):
    def remove_(text):
        for ch in ["'", '"', "《", "》", "<", ">", "〈", "〉", "(", ")", "‘", "’"]:
            text = re.sub(re.escape(ch), " ", text)
        return text

    def white_space_fix(text):
        return " ".join(text.split())

    def remove_punc(text):
        exclude = set(string.punctuation)
        return "".join(ch for ch in text if ch not in exclude)

    return white_space_fix(remove_punc(remove_(s).lower()))


def f1_score(prediction, ground_truth):
    p = [c for tok in normalize_answer(prediction).split() for c in tok]
    g = [c for tok in normalize_answer(ground_truth).split() for c in tok]
    common = Counter(p) & Counter(g)
    same = sum(common.values())
    if same == 0:
        return 0
    precision, recall = same / len(p), same / len(g)
    return 2 * precision * recall / (precision + recall)


def exact_match_score(prediction, ground_truth):
    return normalize_answer(prediction) == normalize_answer(ground_truth)


def evaluate(dataset, predictions, limit=None):
    f1 = em = total = 0
    for article in dataset:
        for p in article["paragraphs"]:
            for qa in p["qas"]:
                if limit is not None and total >= limit:
                    break
                total += 1
                if qa["id"] not in predictions:
                    print(f"unanswered question {qa['id']} will receive score 0", file=sys.stderr)
                    continue
                golds = [a["text"] for a in qa["answers"]]
                pred = predictions[qa["id"]]
                em += max(exact_match_score(pred, g) for g in golds)
                f1 += max(f1_score(pred, g) for g in golds)
    return {"exact_match": 100.0 * em / total, "f1": 100.0 * f1 / total}


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("predictions")
    ap.add_argument("--limit", type=int)
    a = ap.parse_args()
    with open(a.predictions, encoding="utf-8") as f:
        predictions = json.load(f)
    print(json.dumps(evaluate(korquad_articles(a.dataset), predictions, a.limit)))
