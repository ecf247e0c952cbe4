//! Turns a text file's bytes into a string: UTF-8 (with or without a BOM), UTF-16 with a BOM, or
//! lossy UTF-8; refuses bytes that are not text.

/// How the bytes became text; the CLI warns about the lossy case.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// Not valid UTF-8: the bad bytes became U+FFFD.
    Lossy,
    /// The text layer of a PDF.
    Pdf,
}

/// Why a file's bytes are not a letter's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotText {
    /// NUL bytes: an executable, an image, or UTF-16 saved without a byte order mark.
    Binary,
    /// A UTF-16 byte order mark followed by an odd number of bytes.
    OddUtf16,
}

pub fn decode(bytes: Vec<u8>) -> Result<(String, Encoding), NotText> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(utf8(rest.to_vec(), Encoding::Utf8Bom));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes).map(|s| (s, Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes).map(|s| (s, Encoding::Utf16Be));
    }
    // A letter never holds a NUL; binary formats (ELF, PE, images, archives) almost always do.
    if memchr::memchr(0, &bytes).is_some() {
        return Err(NotText::Binary);
    }
    Ok(utf8(bytes, Encoding::Utf8))
}

fn utf8(bytes: Vec<u8>, clean: Encoding) -> (String, Encoding) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, clean),
        Err(e) => (
            String::from_utf8_lossy(e.as_bytes()).into_owned(),
            Encoding::Lossy,
        ),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, NotText> {
    if !bytes.len().is_multiple_of(2) {
        return Err(NotText::OddUtf16);
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if text.contains('\0') {
        return Err(NotText::Binary);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16_bytes(s: &str, bom: [u8; 2], le: bool) -> Vec<u8> {
        let mut b = bom.to_vec();
        for u in s.encode_utf16() {
            b.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        b
    }

    #[test]
    fn byte_order_marks_pick_the_encoding() {
        let s = "Case Number: CM16-0247802\r\nFlexeril® 10 mg: Upheld\n";
        assert_eq!(
            decode(utf16_bytes(s, [0xFF, 0xFE], true)),
            Ok((s.to_string(), Encoding::Utf16Le))
        );
        assert_eq!(
            decode(utf16_bytes(s, [0xFE, 0xFF], false)),
            Ok((s.to_string(), Encoding::Utf16Be))
        );
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend(s.as_bytes());
        assert_eq!(decode(b), Ok((s.to_string(), Encoding::Utf8Bom)));
        assert_eq!(
            decode(s.as_bytes().to_vec()),
            Ok((s.to_string(), Encoding::Utf8))
        );
    }

    #[test]
    fn latin1_is_repaired_and_binary_refused() {
        let (s, e) = decode(b"Flexeril\xae 10".to_vec()).unwrap();
        assert_eq!((s.as_str(), e), ("Flexeril\u{FFFD} 10", Encoding::Lossy));
        assert_eq!(
            decode(b"\x7fELF\x02\x01\x01\0\0\0".to_vec()),
            Err(NotText::Binary)
        );
        // UTF-16 without a BOM is indistinguishable from binary by its NULs.
        assert_eq!(decode(b"C\0M\0".to_vec()), Err(NotText::Binary));
        assert_eq!(decode(b"\xFF\xFEC\0M".to_vec()), Err(NotText::OddUtf16));
        assert_eq!(decode(Vec::new()), Ok((String::new(), Encoding::Utf8)));
    }
}
