//! Byte offsets (Rust) ↔ UTF-16 code units (JavaScript's `String.prototype.slice`).

/// UTF-16 position of byte offset `byte` in `text`; `byte` must be a char boundary.
pub fn utf16_at(text: &str, byte: usize) -> usize {
    text[..byte].encode_utf16().count()
}

/// Byte offset of UTF-16 position `unit` in `text`, or `None` inside a surrogate pair or past the end.
pub fn byte_at_utf16(text: &str, unit: usize) -> Option<usize> {
    let mut u = 0;
    for (b, c) in text.char_indices() {
        if u == unit {
            return Some(b);
        }
        u += c.len_utf16();
        if u > unit {
            return None;
        }
    }
    (u == unit).then_some(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn astral_characters_count_two_units() {
        let s = "가😀나";
        assert_eq!(utf16_at(s, 0), 0);
        assert_eq!(utf16_at(s, 3), 1);
        assert_eq!(utf16_at(s, 7), 3);
        assert_eq!(utf16_at(s, s.len()), 4);
        assert_eq!(byte_at_utf16(s, 3), Some(7));
        assert_eq!(byte_at_utf16(s, 2), None);
        assert_eq!(byte_at_utf16(s, 4), Some(10));
        assert_eq!(byte_at_utf16(s, 5), None);
    }
}
