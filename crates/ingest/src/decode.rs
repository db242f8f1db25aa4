//! Bytes to text: binary detection, BOMs, declared charsets, UTF-8 validation and charset
//! guessing (encoding_rs + chardetng).
//!
//! The order follows the WHATWG encoding sniffing rules, simplified: a BOM wins, then a charset
//! declared by the transport (HTTP `Content-Type`) or the document (`<meta charset>`), then
//! valid UTF-8, then chardetng's guess.

use crate::IngestError;
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Text decoded from bytes, with the encoding used and what is worth a warning.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub warnings: Vec<String>,
}

/// What to do with invalid UTF-8 in a file that is otherwise UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Utf8Errors {
    /// Reject: for plain text, whose text *is* the file content and whose byte offsets are
    /// evidence, a replacement character would silently shift every offset after it.
    Reject,
    /// Replace with U+FFFD and warn, as browsers do: for markup whose text is extracted anyway.
    Replace,
}

/// Known binary signatures, checked before anything else so the reason can name the format.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x7fELF", "an ELF executable"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
];

/// Why `bytes` is not text, if it is not: a known binary signature, or NUL bytes or too many
/// control characters in the first 8 KiB. UTF-16 (with a BOM, or ASCII-range text without one)
/// is text.
pub fn binary_reason(bytes: &[u8]) -> Option<String> {
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(format!("looks like {what}"));
        }
    }
    if Encoding::for_bom(bytes).is_some() || utf16_without_bom(bytes).is_some() {
        return None;
    }
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(at) = head.iter().position(|&b| b == 0) {
        return Some(format!("NUL byte at offset {at}"));
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b)).count();
    if !head.is_empty() && controls * 20 > head.len() {
        return Some(format!("{controls} control bytes in the first {} bytes", head.len()));
    }
    None
}

/// UTF-16 without a BOM, recognised when nearly every other byte is NUL (ASCII-range text).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let even_nul = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_nul * 10 >= pairs * 9 && even_nul * 10 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 9 && odd_nul * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The encoding a charset label names (`"windows-1251"`, `"utf8"`, `"latin1"`...), per WHATWG.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().trim_matches(['"', '\'']).as_bytes())
}

/// The `charset` parameter of a MIME type (`text/html; charset=windows-1251`).
pub fn charset_param(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset=")?;
    let rest = &content_type[at + "charset=".len()..];
    let value = rest.split([';', ' ', ',']).next()?;
    encoding_for_label(value)
}

/// Decode `bytes` to text. `declared` is a charset stated by the transport or the document; a
/// BOM overrides it, and a declaration of UTF-8 on bytes that are not is treated like no
/// declaration when they hold no UTF-8 at all (a common mislabelling).
pub fn decode(bytes: &[u8], declared: Option<&'static Encoding>, on_error: Utf8Errors) -> Result<Decoded, IngestError> {
    let mut warnings = Vec::new();
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            warnings.push(format!("invalid {} sequences replaced", enc.name()));
        }
        return Ok(Decoded { text: text.into_owned(), encoding: enc, warnings });
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        warnings.push(format!("{} without a byte-order mark", enc.name()));
        return Ok(Decoded { text: text.into_owned(), encoding: enc, warnings });
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(s) => {
            if let Some(enc) = declared.filter(|&e| e != UTF_8 && !s.is_ascii()) {
                // Valid UTF-8 with non-ASCII text but another charset declared: single-byte text
                // is valid UTF-8 only by accident, so the declaration wins.
                let (text, _) = enc.decode_without_bom_handling(bytes);
                return Ok(Decoded { text: text.into_owned(), encoding: enc, warnings });
            }
            return Ok(Decoded { text: s.to_string(), encoding: UTF_8, warnings });
        }
        Err(e) => e,
    };
    let looks_utf8 = looks_like_broken_utf8(bytes);
    match declared {
        Some(enc) if enc != UTF_8 => {
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            if had_errors {
                warnings.push(format!("invalid {} sequences replaced", enc.name()));
            }
            return Ok(Decoded { text: text.into_owned(), encoding: enc, warnings });
        }
        _ if looks_utf8 => {
            let offset = utf8_error.valid_up_to();
            if on_error == Utf8Errors::Reject {
                return Err(IngestError::InvalidUtf8 { offset });
            }
            warnings.push(format!("invalid UTF-8 at byte offset {offset} replaced with U+FFFD"));
            return Ok(Decoded { text: String::from_utf8_lossy(bytes).into_owned(), encoding: UTF_8, warnings });
        }
        _ => {}
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _) = enc.decode_without_bom_handling(bytes);
    warnings.push(format!("charset guessed as {}", enc.name()));
    Ok(Decoded { text: text.into_owned(), encoding: enc, warnings })
}

/// Whether bytes that are not valid UTF-8 are still UTF-8 with a few bad bytes, rather than a
/// legacy single-byte encoding: well-formed multi-byte sequences clearly outnumber invalid ones.
/// (Windows-1251/1252 text yields well-formed UTF-8 sequences only by rare accident.)
fn looks_like_broken_utf8(bytes: &[u8]) -> bool {
    let mut good = 0usize;
    let mut bad = 0usize;
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.bytes().filter(|b| b & 0xC0 == 0xC0).count();
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                // `valid` is UTF-8 by construction.
                good += valid.iter().filter(|&&b| b & 0xC0 == 0xC0).count();
                bad += 1;
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                rest = after.get(skip..).unwrap_or(&[]);
            }
        }
    }
    good > 0 && good >= bad * 2
}

/// The charset a HTML document declares in its first 4 KiB (`<meta charset>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">`), or an XML declaration's
/// `encoding`.
pub fn sniff_declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    if head.trim_start().starts_with("<?xml")
        && let Some(at) = head.find("encoding=")
    {
        let rest = &head[at + "encoding=".len()..];
        let value: String =
            rest.trim_start_matches(['"', '\'']).chars().take_while(|c| !matches!(c, '"' | '\'' | '?' | ' ')).collect();
        if let Some(e) = encoding_for_label(&value) {
            return Some(e);
        }
    }
    let mut from = 0;
    while let Some(at) = head[from..].find("<meta") {
        let start = from + at;
        let end = head[start..].find('>').map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(c) = tag.find("charset=") {
            let value: String = tag[c + "charset=".len()..]
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | ';' | ' ' | '/' | '>'))
                .collect();
            if let Some(e) = encoding_for_label(&value) {
                // A page served as bytes cannot really be UTF-16 if its meta is readable as ASCII.
                return Some(if e == UTF_16LE || e == UTF_16BE { UTF_8 } else { e });
            }
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        let d = decode("Привет, “мир”".as_bytes(), None, Utf8Errors::Reject).unwrap();
        assert_eq!(d.text, "Привет, “мир”");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn boms_are_honoured_and_stripped() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("héllo".as_bytes());
        assert_eq!(decode(&b, None, Utf8Errors::Reject).unwrap().text, "héllo");
        let mut le = vec![0xFF, 0xFE];
        for u in "Москва".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le, None, Utf8Errors::Reject).unwrap().text, "Москва");
        let mut be = vec![0xFE, 0xFF];
        for u in "Kyiv – Київ".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be, None, Utf8Errors::Reject).unwrap().text, "Kyiv – Київ");
    }

    #[test]
    fn legacy_encodings_are_guessed() {
        let text = "Посол России в США Анатолий Антонов вернулся в Вашингтон в воскресенье, сообщило агентство.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        let d = decode(&bytes, None, Utf8Errors::Reject).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1251);
        let text = "Le président a déclaré que la réunion était très importante pour l'économie française.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        assert_eq!(decode(&bytes, None, Utf8Errors::Reject).unwrap().text, text);
    }

    #[test]
    fn declared_charset_wins_over_guessing() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("Да");
        let d = decode(&bytes, Some(encoding_rs::WINDOWS_1251), Utf8Errors::Reject).unwrap();
        assert_eq!(d.text, "Да");
    }

    #[test]
    fn broken_utf8_is_rejected_with_its_offset_or_replaced() {
        let mut b = "“Quoted” text – with dashes".as_bytes().to_vec();
        let at = b.len();
        b.push(0xFF);
        b.extend_from_slice(" and more “quotes”.".as_bytes());
        assert_eq!(decode(&b, None, Utf8Errors::Reject).unwrap_err(), IngestError::InvalidUtf8 { offset: at });
        let d = decode(&b, None, Utf8Errors::Replace).unwrap();
        assert!(d.text.contains('\u{FFFD}'));
        assert!(!d.warnings.is_empty());
    }

    #[test]
    fn binary_is_recognised() {
        assert!(binary_reason(b"%PDF-1.4 ...").unwrap().contains("PDF"));
        assert!(binary_reason(b"abc\x00def").unwrap().contains("NUL"));
        assert!(binary_reason(b"plain text\n").is_none());
        let utf16: Vec<u8> = "hello world".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert!(binary_reason(&utf16).is_none());
        assert_eq!(decode(&utf16, None, Utf8Errors::Reject).unwrap().text, "hello world");
    }

    #[test]
    fn meta_charset_is_found() {
        let html = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">";
        assert_eq!(sniff_declared_charset(html), Some(encoding_rs::WINDOWS_1251));
        assert_eq!(sniff_declared_charset(b"<meta charset=\"utf-8\">"), Some(UTF_8));
        assert_eq!(
            sniff_declared_charset(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>"),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(charset_param("text/html; charset=KOI8-R"), Some(encoding_rs::KOI8_R));
    }
}
