//! Stage 1: text → WordPiece ids with byte offsets into the original text.

use tokenizers::Tokenizer;
use tokenizers::models::wordpiece::WordPiece;
use tokenizers::normalizers::bert::BertNormalizer;
use tokenizers::pre_tokenizers::bert::BertPreTokenizer;

use crate::error::{QaError, Result};

/// Special ids of the KoELECTRA vocabulary, checked against `vocab.txt` at load time.
pub const PAD: u32 = 0;
pub const UNK: u32 = 1;
pub const CLS: u32 = 2;
pub const SEP: u32 = 3;

/// Token ids with `[start, end)` byte offsets into the encoded text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Encoded {
    pub ids: Vec<u32>,
    pub offsets: Vec<(usize, usize)>,
}

/// KoELECTRA's cased WordPiece tokenizer.
pub struct QaTokenizer {
    inner: Tokenizer,
    vocab_size: usize,
}

impl QaTokenizer {
    /// Builds the tokenizer from the text of `vocab.txt` (one token per line, id = line number).
    pub fn from_vocab(vocab_txt: &[u8]) -> Result<Self> {
        let vocab =
            WordPiece::read_bytes(vocab_txt).map_err(|e| QaError::VocabMismatch(e.to_string()))?;
        let vocab_size =
            vocab_txt.split(|&b| b == b'\n').count() - usize::from(vocab_txt.ends_with(b"\n"));
        for (token, id) in [
            ("[PAD]", PAD),
            ("[UNK]", UNK),
            ("[CLS]", CLS),
            ("[SEP]", SEP),
        ] {
            if vocab.get(token) != Some(&id) {
                return Err(QaError::VocabMismatch(format!(
                    "`{token}` must have id {id}"
                )));
            }
        }
        let model = WordPiece::builder()
            .vocab(vocab)
            .unk_token("[UNK]".into())
            .max_input_chars_per_word(100)
            .build()
            .map_err(|e| QaError::Tokenizer(e.to_string()))?;
        let mut inner = Tokenizer::new(model);
        // Cased model: no lowercasing and no accent stripping, which would NFD-split Hangul.
        inner
            .with_normalizer(Some(BertNormalizer::new(true, true, Some(false), false)))
            .map_err(|e| QaError::Tokenizer(e.to_string()))?;
        inner.with_pre_tokenizer(Some(BertPreTokenizer));
        Ok(Self { inner, vocab_size })
    }

    /// Number of rows in `vocab.txt`; must equal the model's embedding rows.
    pub fn vocab_size(&self) -> usize {
        self.vocab_size
    }

    /// Encodes without special tokens; offsets are byte offsets into `text`.
    pub fn encode(&self, text: &str) -> Result<Encoded> {
        let enc = self
            .inner
            .encode(text, false)
            .map_err(|e| QaError::Tokenizer(e.to_string()))?;
        Ok(Encoded {
            ids: enc.get_ids().to_vec(),
            offsets: enc.get_offsets().to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> QaTokenizer {
        let vocab =
            "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n한국어\n##를\n공유\n##합니다\n.\nE\n##LE\n";
        QaTokenizer::from_vocab(vocab.as_bytes()).unwrap()
    }

    #[test]
    fn offsets_are_bytes_and_hangul_is_not_decomposed() {
        let t = tiny();
        let e = t.encode("한국어를 공유합니다.").unwrap();
        assert_eq!(e.ids, vec![5, 6, 7, 8, 9]);
        assert_eq!(
            e.offsets,
            vec![(0, 9), (9, 12), (13, 19), (19, 28), (28, 29)]
        );
        assert_eq!(t.vocab_size(), 12);
    }

    #[test]
    fn unknown_words_map_to_unk_with_their_span() {
        let e = tiny().encode("😀 한국어").unwrap();
        assert_eq!(e.ids, vec![UNK, 5]);
        assert_eq!(e.offsets, vec![(0, 4), (5, 14)]);
    }

    #[test]
    fn vocab_without_special_tokens_is_refused() {
        let err = QaTokenizer::from_vocab("a\nb\nc\nd\n".as_bytes())
            .err()
            .unwrap();
        assert_eq!(err.code(), "VOCAB_MISMATCH");
    }
}
