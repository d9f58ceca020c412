//! From bytes to text: refuse what is not a CSV export, find the encoding, decode with encoding_rs.
//!
//! A byte-order mark decides (UTF-8, UTF-16 LE/BE); then UTF-16 recognised by its zero bytes; then
//! UTF-8 when the file is valid UTF-8, or overwhelmingly so (a stray byte in a UTF-8 file is
//! reported where it is, not taken as a reason to read every accented name wrongly); otherwise the
//! legacy encoding that chardetng, the detector made for Firefox, finds (Shift_JIS, GB18030, Big5,
//! EUC-KR, Windows-125x, KOI8, Mac Roman…). The organizer can name any encoding encoding_rs knows.
//! The byte-order mark is never part of the text, so it never ends up in the first header.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A text encoding, one of those the Encoding Standard (and so encoding_rs) defines.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TextEncoding(&'static encoding_rs::Encoding);

impl TextEncoding {
    /// UTF-8, what every modern form tool writes.
    pub const UTF_8: TextEncoding = TextEncoding(encoding_rs::UTF_8);
    /// UTF-16 little-endian (Excel's "Unicode text" on Windows).
    pub const UTF_16LE: TextEncoding = TextEncoding(encoding_rs::UTF_16LE);
    /// UTF-16 big-endian.
    pub const UTF_16BE: TextEncoding = TextEncoding(encoding_rs::UTF_16BE);
    /// Windows-1252, a superset of Latin-1 (older Excel "CSV" on Windows in Western Europe and
    /// the Americas).
    pub const WINDOWS_1252: TextEncoding = TextEncoding(encoding_rs::WINDOWS_1252);

    /// The encodings the page offers by name, most common first; any other label can still be
    /// typed on the command line.
    pub const OFFERED: [TextEncoding; 24] = [
        TextEncoding::UTF_8,
        TextEncoding::UTF_16LE,
        TextEncoding::UTF_16BE,
        TextEncoding::WINDOWS_1252,
        TextEncoding(encoding_rs::SHIFT_JIS),
        TextEncoding(encoding_rs::EUC_JP),
        TextEncoding(encoding_rs::ISO_2022_JP),
        TextEncoding(encoding_rs::GB18030),
        TextEncoding(encoding_rs::GBK),
        TextEncoding(encoding_rs::BIG5),
        TextEncoding(encoding_rs::EUC_KR),
        TextEncoding(encoding_rs::WINDOWS_1250),
        TextEncoding(encoding_rs::WINDOWS_1251),
        TextEncoding(encoding_rs::WINDOWS_1253),
        TextEncoding(encoding_rs::WINDOWS_1254),
        TextEncoding(encoding_rs::WINDOWS_1255),
        TextEncoding(encoding_rs::WINDOWS_1256),
        TextEncoding(encoding_rs::WINDOWS_1257),
        TextEncoding(encoding_rs::WINDOWS_1258),
        TextEncoding(encoding_rs::WINDOWS_874),
        TextEncoding(encoding_rs::KOI8_R),
        TextEncoding(encoding_rs::KOI8_U),
        TextEncoding(encoding_rs::MACINTOSH),
        TextEncoding(encoding_rs::ISO_8859_2),
    ];

    /// The encoding a label names ("utf-8", "latin1", "sjis", "cp1251"…), as the Encoding
    /// Standard defines labels. The "replacement" pseudo-encoding is not one a file can be in.
    pub fn for_label(label: &str) -> Option<TextEncoding> {
        encoding_rs::Encoding::for_label(label.trim().as_bytes())
            .filter(|encoding| *encoding != encoding_rs::REPLACEMENT)
            .map(TextEncoding)
    }

    /// The encoding's standard name.
    pub fn name(self) -> &'static str {
        self.0.name()
    }
}

impl std::fmt::Debug for TextEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for TextEncoding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for TextEncoding {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let label = String::deserialize(deserializer)?;
        TextEncoding::for_label(&label).ok_or_else(|| serde::de::Error::custom(format!("unknown encoding {label:?}")))
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

/// How to get a CSV file out of the tools organizers use, for refusals.
const HOW_TO_GET_CSV: &str = "Export the responses as CSV instead (in Google Sheets: File → Download → \
     Comma-separated values; in Excel: File → Save As → CSV UTF-8).";

/// What a refused file is.
#[derive(Clone, Copy)]
enum NotCsv {
    /// A document or image: the sentence on how to get the CSV follows.
    Document(&'static str),
    /// An archive, which may hold the CSV: unpacking it is the advice.
    Archive(&'static str),
}

/// Why a file is not read at all: one sentence saying what it is and how to get the CSV.
pub(super) fn refusal(bytes: &[u8]) -> Option<String> {
    use NotCsv::{Archive, Document};
    const SIGNATURES: [(&[u8], NotCsv); 9] = [
        (b"\x89PNG", Document("This is a PNG image, not a CSV file")),
        (b"\xFF\xD8\xFF", Document("This is a JPEG image, not a CSV file")),
        (b"GIF8", Document("This is a GIF image, not a CSV file")),
        (b"II*\0", Document("This is a TIFF image, not a CSV file")),
        (b"MM\0*", Document("This is a TIFF image, not a CSV file")),
        (b"%PDF", Document("This is a PDF document, not a CSV file")),
        (b"\xD0\xCF\x11\xE0", Document("This is an Excel 97–2003 workbook (.xls), not a CSV file")),
        // `\x7B` is `{`: rich text starts `{\rtf`.
        (b"\x7B\\rtf", Document("This is a rich-text document, not a CSV file")),
        (b"\x1F\x8B", Archive("This is a gzip archive: unpack it first, then choose the CSV inside")),
    ];
    let found = SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic)).map(|(_, what)| *what);
    let found = found
        .or_else(|| image_in_a_box(bytes).map(Document))
        .or_else(|| zip_document(bytes))
        .or_else(|| markup(bytes).map(Document));
    found.map(|what| match what {
        Document(what) => format!("{what}. {HOW_TO_GET_CSV}"),
        Archive(what) => format!("{what}."),
    })
}

/// HEIC, AVIF and WebP photos, which keep their kind a few bytes in.
fn image_in_a_box(bytes: &[u8]) -> Option<&'static str> {
    let brand = bytes.get(4..12)?;
    if brand.starts_with(b"ftyp") {
        return match &brand[4..] {
            b"heic" | b"heix" | b"mif1" | b"msf1" | b"hevc" => Some("This is a HEIC photo, not a CSV file"),
            b"avif" => Some("This is an AVIF image, not a CSV file"),
            _ => None,
        };
    }
    (bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP").then_some("This is a WebP image, not a CSV file")
}

/// Workbooks and documents that are zip archives, recognised by the names of their parts
/// anywhere in the archive (its directory lists them all), whatever the file's extension.
fn zip_document(bytes: &[u8]) -> Option<NotCsv> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let mentions = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    Some(if mentions(b"xl/workbook") || mentions(b"xl/worksheets") {
        NotCsv::Document("This is an Excel workbook (.xlsx), not a CSV file")
    } else if mentions(b"application/vnd.oasis.opendocument.spreadsheet") {
        NotCsv::Document(
            "This is an OpenDocument spreadsheet (.ods), not a CSV file; in LibreOffice: File → Save As → Text CSV",
        )
    } else if mentions(b"Index/Document.iwa") || mentions(b"Index/Tables") {
        NotCsv::Document("This is a Numbers document, not a CSV file; in Numbers: File → Export To → CSV")
    } else if mentions(b"word/document") || mentions(b"application/vnd.oasis.opendocument.text") {
        NotCsv::Document("This is a word-processor document, not a CSV file")
    } else {
        NotCsv::Archive("This is a zip archive: unpack it first, then choose the CSV inside")
    })
}

/// JSON, XML spreadsheets and web pages, whatever their extension: text, but not a table of rows.
fn markup(bytes: &[u8]) -> Option<&'static str> {
    let start: Vec<u8> = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .iter()
        .copied()
        .skip_while(u8::is_ascii_whitespace)
        .take(2048)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let has = |needle: &[u8]| start.windows(needle.len()).any(|w| w == needle);
    if start.starts_with(b"<?xml") || start.starts_with(b"<workbook") {
        return Some(if has(b"urn:schemas-microsoft-com:office:spreadsheet") || has(b"<workbook") {
            "This is an Excel 2003 XML spreadsheet, not a CSV file (whatever its name says)"
        } else {
            "This is an XML file, not a CSV file"
        });
    }
    if start.starts_with(b"<!doctype html") || start.starts_with(b"<html") || start.starts_with(b"<table") {
        return Some("This is a web page (HTML), not a CSV file");
    }
    // A JSON array of objects or an object: what an API or a form tool's "export JSON" gives.
    let json = (start.starts_with(b"[") || start.starts_with(b"{"))
        && serde_json::from_slice::<serde::de::IgnoredAny>(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
            .is_ok();
    json.then_some("This is JSON data (an API download or a JSON export), not a CSV file")
}

/// Picks the encoding (`chosen`, else from the byte-order mark, else detected) and decodes.
pub(super) fn decode(bytes: &[u8], chosen: Option<TextEncoding>) -> Decoded {
    let (bom_encoding, bom_length) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, length)) => (Some(TextEncoding(encoding)), length),
        None => (None, 0),
    };
    let encoding = chosen.or(bom_encoding).unwrap_or_else(|| detect(bytes));
    // A byte-order mark is skipped only when it belongs to the encoding in use.
    let body = if bom_encoding == Some(encoding) { &bytes[bom_length..] } else { bytes };
    let (text, had_errors) = encoding.0.decode_without_bom_handling(body);
    Decoded { text: text.into_owned(), encoding, bom: bom_encoding == Some(encoding), had_errors }
}

/// The encoding of a file without a byte-order mark.
fn detect(bytes: &[u8]) -> TextEncoding {
    if let Some(utf16) = utf16_by_zero_bytes(bytes) {
        return utf16;
    }
    let (valid, invalid) = utf8_sequences(bytes);
    // Valid UTF-8, or nearly: at least nine in ten of the non-ASCII characters are well-formed
    // UTF-8 (a legacy encoding's accented letters almost never are).
    if invalid == 0 || (valid > 0 && invalid * 10 <= valid) {
        return TextEncoding::UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(None, false);
    // Windows-1252 leaves five bytes undefined; a Western file that has them comes from a Mac
    // (Excel for Mac's plain "CSV" is Mac Roman), which the detector does not consider.
    if guess == encoding_rs::WINDOWS_1252 && bytes.iter().any(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D)) {
        return TextEncoding(encoding_rs::MACINTOSH);
    }
    TextEncoding(guess)
}

/// UTF-16 when zero bytes sit in nearly every other position of the first 4 KB.
fn utf16_by_zero_bytes(bytes: &[u8]) -> Option<TextEncoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let zeros_at = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let half = sample.len() / 2;
    // ASCII-heavy text in UTF-16 has a zero in nearly every high byte.
    if zeros_at(1) * 10 >= half * 7 && zeros_at(0) * 10 < half {
        return Some(TextEncoding::UTF_16LE);
    }
    (zeros_at(0) * 10 >= half * 7 && zeros_at(1) * 10 < half).then_some(TextEncoding::UTF_16BE)
}

/// How many well-formed non-ASCII UTF-8 characters and how many invalid byte sequences.
fn utf8_sequences(bytes: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid, mut rest) = (0, 0, bytes);
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => return (valid + text.chars().filter(|c| !c.is_ascii()).count(), invalid),
            Err(error) => {
                let good = error.valid_up_to();
                // `valid_up_to` bytes are valid UTF-8, so this never falls back to 0.
                valid += std::str::from_utf8(&rest[..good]).map_or(0, |t| t.chars().filter(|c| !c.is_ascii()).count());
                invalid += 1;
                rest = &rest[good + error.error_len().unwrap_or(rest.len() - good)..];
            }
        }
    }
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
            Decoded { text: text.into(), encoding: TextEncoding::UTF_16LE, bom: true, had_errors: false }
        );
        assert_eq!(decode(&le, None).encoding, TextEncoding::UTF_16LE);
        assert_eq!(decode(&be, None).text, text);
    }

    #[test]
    fn latin1_bytes_are_read_as_windows_1252() {
        let decoded = decode(b"Name,City\nJos\xE9,M\xFCnchen\nRen\xE9e,Z\xFCrich \x80\n", None);
        assert_eq!(decoded.encoding, TextEncoding::WINDOWS_1252);
        assert_eq!(decoded.text, "Name,City\nJosé,München\nRenée,Zürich €\n");
    }

    #[test]
    fn one_stray_byte_leaves_a_utf8_file_utf8() {
        let mut bytes = "Name\n".to_owned().into_bytes();
        for _ in 0..20 {
            bytes.extend_from_slice("José Müller\n".as_bytes());
        }
        bytes.extend_from_slice(b"Ren\xE9e\n");
        let decoded = decode(&bytes, None);
        assert_eq!(decoded.encoding, TextEncoding::UTF_8);
        assert!(decoded.had_errors);
        assert!(decoded.text.contains("José Müller\n") && decoded.text.contains("Ren\u{FFFD}e"));
    }

    #[test]
    fn shift_jis_is_detected() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS
            .encode("名前,メール,都市\n山田太郎,taro@example.jp,東京\n佐藤花子,hanako@example.jp,大阪\n");
        assert_eq!(decode(&bytes, None).encoding.name(), "Shift_JIS");
        assert!(decode(&bytes, None).text.contains("山田太郎"));
    }

    #[test]
    fn a_chosen_encoding_wins_and_keeps_a_foreign_bom_visible() {
        let decoded = decode(b"\xEF\xBB\xBFName\n", Some(TextEncoding::WINDOWS_1252));
        assert_eq!(decoded.text, "ï»¿Name\n");
        assert!(!decoded.bom);
    }

    #[test]
    fn labels_name_encodings() {
        assert_eq!(TextEncoding::for_label("latin1"), Some(TextEncoding::WINDOWS_1252));
        assert_eq!(TextEncoding::for_label("sjis").map(TextEncoding::name), Some("Shift_JIS"));
        assert_eq!(TextEncoding::for_label(" UTF8 "), Some(TextEncoding::UTF_8));
        assert_eq!(TextEncoding::for_label("replacement"), None);
        assert_eq!(TextEncoding::for_label("klingon"), None);
    }

    #[test]
    fn documents_that_are_not_csv_are_named() {
        let refused = |bytes: &[u8]| refusal(bytes).unwrap_or_default();
        assert!(refused(br#"[{"name": "Ana", "email": "ana@example.com"}]"#).starts_with("This is JSON data"));
        assert!(
            refused(b"<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">")
                .starts_with("This is an Excel 2003 XML spreadsheet")
        );
        assert!(refused(b"<!DOCTYPE html><html><table>").starts_with("This is a web page"));
        assert!(refused(b"\0\0\0\x18ftypheic\0\0\0\0").starts_with("This is a HEIC photo"));
        assert!(refused(b"PK\x03\x04 docProps/app.xml ... xl/workbook.xml").starts_with("This is an Excel workbook"));
        assert!(refused(b"PK\x03\x04").ends_with("choose the CSV inside."));
        assert_eq!(refusal(b"Name,Email\n[Ana],ana@example.com\n"), None);
        assert_eq!(refusal(b"{Name},Email\n"), None, "a brace that starts no JSON is a CSV cell");
    }
}
