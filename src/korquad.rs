//! KorQuAD 1.0 scoring, as the official `evaluate-v1.0.py` defines it.

use std::collections::HashMap;

/// Quote and bracket characters the official script turns into spaces before anything else.
const SPACED: [char; 12] = [
    '\'', '"', '《', '》', '<', '>', '〈', '〉', '(', ')', '‘', '’',
];

pub fn normalize_answer(s: &str) -> String {
    let spaced: String = s
        .chars()
        .map(|c| if SPACED.contains(&c) { ' ' } else { c })
        .collect();
    let lowered = spaced.to_lowercase();
    let no_punct: String = lowered
        .chars()
        .filter(|c| !c.is_ascii_punctuation())
        .collect();
    no_punct.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn exact_match(prediction: &str, truth: &str) -> bool {
    normalize_answer(prediction) == normalize_answer(truth)
}

/// Character-level F1, spaces ignored.
pub fn f1(prediction: &str, truth: &str) -> f64 {
    let chars =
        |s: &str| -> Vec<char> { normalize_answer(s).chars().filter(|c| *c != ' ').collect() };
    let (p, t) = (chars(prediction), chars(truth));
    let mut counts: HashMap<char, i64> = HashMap::new();
    for c in &t {
        *counts.entry(*c).or_default() += 1;
    }
    let mut same = 0;
    for c in &p {
        if let Some(n) = counts.get_mut(c)
            && *n > 0
        {
            *n -= 1;
            same += 1;
        }
    }
    if same == 0 {
        return 0.0;
    }
    let precision = same as f64 / p.len() as f64;
    let recall = same as f64 / t.len() as f64;
    2.0 * precision * recall / (precision + recall)
}

/// Best score over the gold answers, as the official script takes it.
pub fn best_over<T: PartialOrd + Copy>(
    metric: impl Fn(&str, &str) -> T,
    prediction: &str,
    truths: &[String],
) -> Option<T> {
    truths
        .iter()
        .map(|t| metric(prediction, t))
        .fold(None, |best, s| match best {
            Some(b) if b >= s => Some(b),
            _ => Some(s),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization_follows_the_official_script() {
        assert_eq!(normalize_answer("《교향곡》 (1번)"), "교향곡 1번");
        assert_eq!(normalize_answer("‘ABC’, def!"), "abc def");
        assert!(exact_match("1989년", " 1989년 "));
        assert!(!exact_match("1989년", "1989"));
    }

    #[test]
    fn f1_is_over_characters_without_spaces() {
        assert!((f1("1989년", "1989") - 2.0 * 1.0 * 0.8 / 1.8).abs() < 1e-12);
        assert_eq!(f1("가나", "다라"), 0.0);
        assert_eq!(f1("가 나", "가나"), 1.0);
        assert_eq!(
            best_over(f1, "가나", &["다".into(), "가나".into()]),
            Some(1.0)
        );
    }
}
