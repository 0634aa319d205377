//! Bytes to text: UTF-8 (with or without BOM), UTF-16 (with BOM, or sniffed), and
//! GBK/GB18030 or other legacy encodings detected with chardetng.

use crate::ImportError;
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

/// Decodes a text file, refusing binary content.
pub fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return check_text(text.into_owned());
    }
    if let Some(enc) = sniff_utf16(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return check_text(text.into_owned());
    }
    if bytes.contains(&0) {
        return Err(ImportError::Binary);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return check_text(s.to_string());
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let mut enc = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    if enc == encoding_rs::GBK {
        enc = GB18030; // a superset: never worse
    }
    let (text, _, _) = enc.decode(bytes);
    check_text(text.into_owned())
}

/// UTF-16 without a BOM shows as NUL in every other byte for mostly-ASCII text, and as
/// valid code units for CJK; only the ASCII-heavy case is sniffed.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let n = bytes.len().min(4096) / 2;
    let even_nul = (0..n).filter(|k| bytes[2 * k] == 0).count();
    let odd_nul = (0..n).filter(|k| bytes[2 * k + 1] == 0).count();
    if odd_nul * 10 > n * 3 && even_nul * 20 < n {
        Some(UTF_16LE)
    } else if even_nul * 10 > n * 3 && odd_nul * 20 < n {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Rejects text that is mostly control characters or replacement characters (binary data
/// read as text).
fn check_text(text: String) -> Result<String, ImportError> {
    let (mut n, mut bad) = (0usize, 0usize);
    for c in text.chars().take(8192) {
        n += 1;
        if c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) {
            bad += 1;
        }
    }
    if n > 0 && bad * 20 > n {
        return Err(ImportError::Binary);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_supported_encoding() {
        let s = "民生实事：新增托位320个";
        assert_eq!(decode(s.as_bytes()).unwrap(), s);
        let bom = [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap(), s);
        let (gbk, _, _) = GB18030.encode(s);
        assert_eq!(decode(&gbk).unwrap(), s);
        let mut u16le = vec![0xFF, 0xFE];
        u16le.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&u16le).unwrap(), s);
        let mut u16be = vec![0xFE, 0xFF];
        u16be.extend(s.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&u16be).unwrap(), s);
        let ascii16: Vec<u8> = "1. plan\n2. items\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&ascii16).unwrap(), "1. plan\n2. items\n");
    }

    #[test]
    fn refuses_binary() {
        let junk: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        assert!(matches!(decode(&junk), Err(ImportError::Binary)));
    }
}
