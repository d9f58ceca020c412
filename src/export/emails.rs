//! emails.zip: each draft as an RFC 5322/MIME message with `X-Unsent: 1`, so that mail clients
//! open it as a draft to send. The mail builder writes the message (subject as RFC 2047
//! encoded-words, body as quoted-printable); the mailboxes are written with the header encoder
//! made for them, because the builder puts encoded-words inside quotes, which RFC 2047 forbids.
//! Addresses stay UTF-8 (RFC 6532), never encoded. The zip writer packs the drafts.

use std::fmt::Write as _;
use std::io::Write;

use email_encoding::headers::quoted_string;
use email_encoding::headers::writer::EmailWriter;
use jiff::Timestamp;
use jiff::tz::Offset;
use mail_builder::MessageBuilder;
use mail_builder::headers::date::Date;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::raw::Raw;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::send::Draft;

/// Who the drafts are from: the organizer's name and address (both may be empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sender {
    /// The name.
    pub name: String,
    /// The address, for From and Reply-To.
    pub email: String,
}

/// One draft as an .eml message. `date` (seconds since 1970, from the caller's clock) is the
/// Date header and part of the Message-ID, so the same inputs give the same bytes.
pub fn eml(draft: &Draft, sender: &Sender, date: i64) -> Vec<u8> {
    let mut message = MessageBuilder::new()
        .header("X-Unsent", Raw::new("1"))
        .date(Date::new(date))
        .message_id(MessageId::new(message_id(draft, date)))
        .subject(draft.subject.as_str())
        // Mail wants CRLF line ends; templates typed in the page have bare LFs.
        .text_body(draft.body.replace("\r\n", "\n").replace('\n', "\r\n"));
    if !sender.email.is_empty() {
        let from = [(sender.name.clone(), sender.email.clone())];
        message = message
            .header("From", Raw::new(mailboxes("From", &from)))
            .header("Reply-To", Raw::new(mailboxes("Reply-To", &from)));
    }
    if !draft.to.is_empty() {
        message = message.header("To", Raw::new(mailboxes("To", &draft.to)));
    }
    // A single text part needs no boundary, so the builder reads no clock.
    message.write_to_vec().expect("writing to memory")
}

/// A mailbox list header's value: `"Ana Smith" <ana@example.org>`, a name outside ASCII as
/// encoded-words (`=?utf-8?b?…?= <zoë@example.org>`), one mailbox per folded line.
fn mailboxes(header: &str, people: &[(String, String)]) -> String {
    let mut value = String::new();
    let mut writer = EmailWriter::new(&mut value, header.len() + 2, 0, false);
    for (index, (name, email)) in people.iter().enumerate() {
        // Writing into a String cannot fail.
        if index > 0 {
            writer.write_char(',').expect("in-memory header");
            writer.new_line().expect("in-memory header");
            writer.space();
        }
        if !name.trim().is_empty() {
            quoted_string::encode(name.trim(), &mut writer).expect("in-memory header");
            writer.space();
        }
        write!(writer, "<{}>", email.trim()).expect("in-memory header");
    }
    drop(writer);
    value
}

/// A Message-ID that names the draft: mail clients thread and deduplicate by it.
fn message_id(draft: &Draft, date: i64) -> String {
    match draft.record {
        Some(record) => format!("circle-{}.record-{record}.{date}@circle-composer.invalid", draft.circle),
        None => format!("circle-{}.{date}@circle-composer.invalid", draft.circle),
    }
}

/// The file name of a draft in the zip: "circle-03/0012-ana-smith.eml", ASCII only.
fn file_name(draft: &Draft) -> String {
    let name = draft.to.first().map_or("", |(name, _)| name.as_str());
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    match draft.record {
        Some(record) if slug.is_empty() => format!("circle-{:02}/{:04}.eml", draft.circle.0, record.0),
        Some(record) => format!("circle-{:02}/{:04}-{slug}.eml", draft.circle.0, record.0),
        None => format!("circle-{:02}.eml", draft.circle.0),
    }
}

/// emails.zip written a draft at a time, so that a caller can pause between drafts (the page
/// does, to keep its main thread free at thousands of applicants).
pub struct EmailsZip {
    zip: ZipWriter<std::io::Cursor<Vec<u8>>>,
    options: SimpleFileOptions,
    sender: Sender,
    date: i64,
}

impl EmailsZip {
    /// An empty zip whose drafts are from `sender`, dated `date` (seconds since 1970).
    pub fn new(sender: Sender, date: i64) -> EmailsZip {
        let local = Timestamp::from_second(date).map(|t| Offset::UTC.to_datetime(t)).unwrap_or_default();
        let modified = zip::DateTime::from_date_and_time(
            u16::try_from(local.year()).unwrap_or(1980),
            local.month() as u8,
            local.day() as u8,
            local.hour() as u8,
            local.minute() as u8,
            local.second() as u8,
        )
        .unwrap_or_default();
        let options =
            SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).last_modified_time(modified);
        EmailsZip { zip: ZipWriter::new(std::io::Cursor::new(Vec::new())), options, sender, date }
    }

    /// Adds one draft.
    pub fn add(&mut self, draft: &Draft) {
        // Writing into memory cannot fail, and file names are unique (record numbers are).
        self.zip.start_file(file_name(draft), self.options).expect("in-memory zip");
        self.zip.write_all(&eml(draft, &self.sender, self.date)).expect("in-memory zip");
    }

    /// The zip's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.zip.finish().expect("in-memory zip").into_inner()
    }
}

/// All drafts in one zip, deflated, each file dated `date`.
pub fn emails_zip(drafts: &[Draft], sender: &Sender, date: i64) -> Vec<u8> {
    let mut zip = EmailsZip::new(sender.clone(), date);
    for draft in drafts {
        zip.add(draft);
    }
    zip.finish()
}
