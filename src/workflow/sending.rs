//! The session's Send step: the drafts and the files of the board, from the sending settings.
//! The caller passes the time zone rules and, for the files that carry one, the time.

use std::collections::BTreeMap;

use super::Workflow;
use crate::export::{Sender, circles_ics, details_csv, emails_zip, mail_merge_csv};
use crate::model::{ColumnRole, RecordId};
use crate::send::{Allowlist, Directory, Draft, Letter, PersonZone, SendSettings, TemplateProblems, ZoneRules};

impl Workflow {
    /// The fields circle-mates see: the organizer's list, else the suggested one for the file.
    pub fn allowlist(&self) -> Allowlist {
        match (&self.send.allowlist, &self.source) {
            (Some(allowlist), _) => allowlist.clone(),
            (None, Some(source)) => Allowlist::suggested(&source.import.columns),
            (None, None) => Allowlist::default(),
        }
    }

    /// Each applicant's own time zone, from the place decisions (empty until places are read).
    fn person_zones(&self) -> BTreeMap<RecordId, PersonZone> {
        let Some(source) = &self.source else { return BTreeMap::new() };
        let Some(column) = source.import.column_with(ColumnRole::Location) else { return BTreeMap::new() };
        let rows = self.place_rows().unwrap_or_default();
        let by_spelling: BTreeMap<&str, PersonZone> = rows
            .iter()
            .filter_map(|row| {
                let zone = match (&row.time_zone, row.utc_offset_minutes) {
                    (Some(name), _) => PersonZone::Named(name.clone()),
                    (None, Some(minutes)) => PersonZone::Standard(minutes),
                    (None, None) => return None,
                };
                Some((row.raw.as_str(), zone))
            })
            .collect();
        source
            .import
            .records
            .iter()
            .filter_map(|r| Some((r.record, by_spelling.get(r.fields[column.index].trim())?.clone())))
            .collect()
    }

    /// Everyone who could get a draft, seen through the allowlist.
    pub fn directory(&self) -> Option<Directory> {
        let source = self.source.as_ref()?;
        let zones = self.person_zones();
        Some(Directory::new(&source.import, &self.allowlist(), |record| zones.get(&record).cloned()))
    }

    /// Who the drafts are from.
    pub fn sender(&self) -> Sender {
        Sender { name: self.send.organizer_name.trim().to_owned(), email: self.send.organizer_email.trim().to_owned() }
    }

    /// Every draft of the board (`None` before there is a board), or what is wrong with the templates.
    pub fn drafts(&self, zones: &dyn ZoneRules) -> Option<Result<Vec<Draft>, TemplateProblems>> {
        let board = self.board.as_ref()?;
        let directory = self.directory()?;
        Some(Letter::new(&self.send).map(|letter| letter.drafts(board, &directory, zones)))
    }

    /// One draft per circle, to all its members, whatever the per-circle choice (for mail links).
    pub fn circle_drafts(&self, zones: &dyn ZoneRules) -> Option<Result<Vec<Draft>, TemplateProblems>> {
        let board = self.board.as_ref()?;
        let directory = self.directory()?;
        let per_circle = SendSettings { per_circle: true, ..self.send.clone() };
        Some(Letter::new(&per_circle).map(|letter| letter.drafts(board, &directory, zones)))
    }

    /// emails.zip of the board's drafts, dated `now` (seconds since 1970).
    pub fn emails_zip(&self, zones: &dyn ZoneRules, now: i64) -> Option<Result<Vec<u8>, TemplateProblems>> {
        let sender = self.sender();
        Some(self.drafts(zones)?.map(|drafts| emails_zip(&drafts, &sender, now)))
    }

    /// mail-merge.csv: one row per placed person, whatever the per-circle choice.
    pub fn mail_merge_csv(&self, zones: &dyn ZoneRules) -> Option<Result<String, TemplateProblems>> {
        let board = self.board.as_ref()?;
        let source = self.source.as_ref()?;
        let directory = self.directory()?;
        let per_person = SendSettings { per_circle: false, ..self.send.clone() };
        let fields = self.mail_merge_fields(&source.import.columns);
        Some(Letter::new(&per_person).map(|letter| {
            let drafts = letter.drafts(board, &directory, zones);
            mail_merge_csv(&drafts, &directory, &fields)
        }))
    }

    /// The mail merge's columns after the body: the allowed columns other than the name.
    pub fn mail_merge_fields(&self, columns: &[crate::import::Column]) -> Vec<String> {
        self.allowlist()
            .columns(columns)
            .into_iter()
            .filter(|c| !matches!(c.role, ColumnRole::Name | ColumnRole::FirstName | ColumnRole::LastName))
            .map(|c| c.header.clone())
            .collect()
    }

    /// circles.ics of the circles with a first meeting, stamped `now` (seconds since 1970).
    pub fn circles_ics(&self, zones: &dyn ZoneRules, now: i64) -> Option<String> {
        self.circles_ics_with(&self.directory()?, zones, now)
    }

    /// [`Workflow::circles_ics`] with the directory made already (the page keeps one).
    pub fn circles_ics_with(&self, directory: &Directory, zones: &dyn ZoneRules, now: i64) -> Option<String> {
        let board = self.board.as_ref()?;
        Some(circles_ics(board, directory, &self.sender(), zones, now, &self.round_key()))
    }

    /// The board's circle details as a table.
    pub fn details_csv(&self) -> Option<String> {
        Some(details_csv(self.board.as_ref()?))
    }

    /// Tells this applicant list from another in calendar UIDs: a hash of the addresses, so
    /// the same file gives the same UIDs and a new round new ones.
    fn round_key(&self) -> String {
        let Some(source) = &self.source else { return "0".to_owned() };
        let Some(email) = source.import.column_with(ColumnRole::Email) else { return "0".to_owned() };
        // FNV-1a: stable across builds and platforms, unlike the standard library's hasher.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for record in &source.import.records {
            for byte in record.fields[email.index].trim().to_lowercase().bytes().chain([b'\n']) {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    }
}
