//! From bytes to text: refuse what is not text, find the encoding, decode with encoding_rs.
//!
//! UTF-8 (with or without byte-order mark), UTF-16 LE/BE (with a byte-order mark, or recognised by
//! its zero bytes), and Windows-1252 when the bytes are not valid UTF-8. The byte-order mark is
//! never part of the text, so it never ends up in the first header.

use serde::{Deserialize, Serialize};

/// The text encodings an organizer's export comes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextEncoding {
    /// UTF-8, what every modern form tool writes.
    #[serde(rename = "UTF-8")]
    Utf8,
    /// UTF-16 little-endian (Excel's "Unicode text" on Windows).
    #[serde(rename = "UTF-16LE")]
    Utf16Le,
    /// UTF-16 big-endian.
    #[serde(rename = "UTF-16BE")]
    Utf16Be,
    /// Windows-1252, a superset of Latin-1 (older Excel "CSV" on Windows).
    #[serde(rename = "windows-1252")]
    Windows1252,
}

impl TextEncoding {
    /// Every encoding, in the order the page offers them.
    pub const ALL: [TextEncoding; 4] =
        [TextEncoding::Utf8, TextEncoding::Utf16Le, TextEncoding::Utf16Be, TextEncoding::Windows1252];

    /// The encoding's standard name.
    pub fn name(self) -> &'static str {
        self.encoding().name()
    }

    fn encoding(self) -> &'static encoding_rs::Encoding {
        match self {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
            TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
            TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
        }
    }
}

/// Text decoded from a file, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Decoded {
    pub(super) text: String,
    pub(super) encoding: TextEncoding,
    pub(super) bom: bool,
    /// Byte sequences that were invalid in the encoding and became U+FFFD.
    pub(super) had_errors: bool,
}

/// Why a file is not read at all: one sentence saying what is wrong and what to do.
pub(super) fn refusal(bytes: &[u8]) -> Option<String> {
    const SIGNATURES: [(&[u8], &str); 7] = [
        (b"\x89PNG", "This is a PNG image, not a CSV file: export the form's responses as CSV."),
        (b"\xFF\xD8\xFF", "This is a JPEG image, not a CSV file: export the form's responses as CSV."),
        (b"GIF8", "This is a GIF image, not a CSV file: export the form's responses as CSV."),
        (b"%PDF", "This is a PDF document, not a CSV file: export the form's responses as CSV."),
        (b"\xD0\xCF\x11\xE0", "This looks like an Excel 97–2003 workbook (.xls): open it and save it as CSV."),
        (b"{\\rtf", "This is a rich-text document, not a CSV file: save it as plain text or CSV."),
        (b"\x1F\x8B", "This is a gzip archive: unpack it first, then choose the CSV inside."),
    ];
    if let Some((_, message)) = SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some((*message).to_owned());
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let head = &bytes[..bytes.len().min(4096)];
        let mentions = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
        return Some(
            if mentions(b"xl/") || mentions(b"[Content_Types].xml") && !mentions(b"word/") {
                "This looks like an Excel workbook (.xlsx): open it and save it as CSV (File → Save As → CSV UTF-8)."
            } else if mentions(b"content.xml") || mentions(b"mimetypeapplication/vnd.oasis") {
                "This looks like a spreadsheet or document in OpenDocument format: save it as CSV."
            } else if mentions(b"Index/Document.iwa") {
                "This looks like a Numbers document: export it as CSV (File → Export To → CSV)."
            } else {
                "This is a zip archive: unpack it first, then choose the CSV inside."
            }
            .to_owned(),
        );
    }
    None
}

/// Picks the encoding (`chosen`, else from the byte-order mark, else by validity) and decodes.
pub(super) fn decode(bytes: &[u8], chosen: Option<TextEncoding>) -> Decoded {
    let (bom_encoding, bom_length) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, length)) if encoding == encoding_rs::UTF_8 => (Some(TextEncoding::Utf8), length),
        Some((encoding, length)) if encoding == encoding_rs::UTF_16LE => (Some(TextEncoding::Utf16Le), length),
        Some((_, length)) => (Some(TextEncoding::Utf16Be), length),
        None => (None, 0),
    };
    let encoding = chosen.or(bom_encoding).unwrap_or_else(|| guess_without_bom(bytes));
    // A byte-order mark is skipped only when it belongs to the encoding in use.
    let body = if bom_encoding == Some(encoding) { &bytes[bom_length..] } else { bytes };
    let (text, had_errors) = encoding.encoding().decode_without_bom_handling(body);
    Decoded { text: text.into_owned(), encoding, bom: bom_encoding == Some(encoding), had_errors }
}

/// UTF-16 when zero bytes sit in every other position, UTF-8 when valid, Windows-1252 otherwise.
fn guess_without_bom(bytes: &[u8]) -> TextEncoding {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() >= 4 {
        let zeros_at = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
        let half = sample.len() / 2;
        // ASCII-heavy text in UTF-16 has a zero in nearly every high byte.
        if zeros_at(1) * 10 >= half * 7 && zeros_at(0) * 10 < half {
            return TextEncoding::Utf16Le;
        }
        if zeros_at(0) * 10 >= half * 7 && zeros_at(1) * 10 < half {
            return TextEncoding::Utf16Be;
        }
    }
    if std::str::from_utf8(bytes).is_ok() { TextEncoding::Utf8 } else { TextEncoding::Windows1252 }
}

/// Whether decoded text has so many control characters that it cannot be a CSV export.
pub(super) fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(8192).collect();
    let controls = sample.iter().filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')).count();
    controls * 100 > sample.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "Name,City\nZoë,München\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let with_bom = [&[0xFF, 0xFE][..], &le].concat();
        assert_eq!(
            decode(&with_bom, None),
            Decoded { text: text.into(), encoding: TextEncoding::Utf16Le, bom: true, had_errors: false }
        );
        assert_eq!(decode(&le, None).encoding, TextEncoding::Utf16Le);
        assert_eq!(decode(&be, None).text, text);
    }

    #[test]
    fn latin1_bytes_fall_back_to_windows_1252() {
        let decoded = decode(b"Name\nJos\xE9 \x80\n", None);
        assert_eq!((decoded.text.as_str(), decoded.encoding), ("Name\nJosé €\n", TextEncoding::Windows1252));
    }

    #[test]
    fn a_chosen_encoding_wins_and_keeps_a_foreign_bom_visible() {
        let decoded = decode(b"\xEF\xBB\xBFName\n", Some(TextEncoding::Windows1252));
        assert_eq!(decoded.text, "ï»¿Name\n");
        assert!(!decoded.bom);
    }
}
