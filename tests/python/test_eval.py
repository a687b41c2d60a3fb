"""`korean-qa eval` against the official KorQuAD 1.0 scoring (scripts/korquad_eval.py)."""
import json
import subprocess

import korquad_eval
from kqa_data import korquad_articles


def test_eval_matches_the_official_scoring(cli, bundle, korquad, tmp_path):
    preds = tmp_path / "predictions.json"
    r = subprocess.run(
        [cli, "eval", "--model", bundle, "--korquad", korquad, "--predictions", preds, "--limit", "60"],
        check=True, capture_output=True, text=True,
    )
    ours = json.loads(r.stdout)
    assert ours["questions"] == 60
    official = korquad_eval.evaluate(korquad_articles(korquad), json.loads(preds.read_text(encoding="utf-8")), limit=60)
    assert abs(ours["exact_match"] - official["exact_match"]) < 1e-9
    assert abs(ours["f1"] - official["f1"]) < 1e-9


def test_official_normalization_cases():
    # Gold-answer style strings whose normalization the Rust unit tests also pin.
    assert korquad_eval.normalize_answer("《교향곡》 (1번)") == "교향곡 1번"
    assert korquad_eval.normalize_answer("‘ABC’, def!") == "abc def"
    assert abs(korquad_eval.f1_score("1989년", "1989") - 2 * 0.8 / 1.8) < 1e-12
