//! Header names made usable (non-empty, unique) and a suggested role for each column.
//!
//! Suggestions are conservative: a column is only called `email` when its header asks for an
//! email address, not when it asks for consent to share one. The organizer confirms in the page.

use crate::model::ColumnRole;

use super::{Column, Problem, ProblemKind};

/// Gives blank headers a visible name and repeated headers a number, reporting each change.
pub(super) fn unique_headers(raw: &[String], line: u64, problems: &mut Vec<Problem>) -> Vec<String> {
    let mut headers: Vec<String> = Vec::with_capacity(raw.len());
    let mut taken: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut blank: Vec<u64> = Vec::new();
    let mut next_copy: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for (index, header) in raw.iter().enumerate() {
        let trimmed = header.trim();
        let mut name = if trimmed.is_empty() {
            blank.push(index as u64 + 1);
            format!("Column {}", index + 1)
        } else {
            trimmed.to_owned()
        };
        if taken.contains(&name) {
            // Counting on from the last copy keeps a row of thousands of equal headers linear.
            let next = next_copy.entry(name.clone()).or_insert(2);
            let mut copy = *next;
            while taken.contains(&format!("{name} ({copy})")) {
                copy += 1;
            }
            *next = copy + 1;
            let renamed = format!("{name} ({copy})");
            problems.push(Problem {
                kind: ProblemKind::Header,
                record: None,
                line: Some(line),
                column: Some(renamed.clone()),
                message: format!(
                    "The header \"{name}\" appears more than once; column {} is called \"{renamed}\".",
                    index + 1
                ),
            });
            name = renamed;
        }
        taken.insert(name.clone());
        headers.push(name);
    }
    // A few blank headers are named one by one; many (an export padded with empty columns) in one.
    if blank.len() <= BLANK_HEADERS_LISTED {
        for &column in &blank {
            problems.push(Problem {
                kind: ProblemKind::Header,
                record: None,
                line: Some(line),
                column: Some(format!("Column {column}")),
                message: format!("Column {column} has no header; it is called \"Column {column}\"."),
            });
        }
    } else {
        problems.push(Problem {
            kind: ProblemKind::Header,
            record: None,
            line: Some(line),
            column: None,
            message: format!(
                "{} columns have no header ({}); each is called \"Column\" and its number.",
                blank.len(),
                super::spans(&blank)
            ),
        });
    }
    headers
}

/// Blank headers reported one by one; more are reported together.
const BLANK_HEADERS_LISTED: usize = 5;

/// Suggests a role per header; single-valued roles go to the first column that asks for them.
pub(super) fn suggest_roles(headers: Vec<String>) -> Vec<Column> {
    let mut taken: Vec<ColumnRole> = Vec::new();
    headers
        .into_iter()
        .enumerate()
        .map(|(index, header)| {
            let mut role = suggest_role(&header);
            if role.is_single() && taken.contains(&role) {
                role = ColumnRole::Ignore;
            }
            taken.push(role);
            Column { index, header, role, separator: default_separator(role) }
        })
        .collect()
}

/// Google Forms joins the answers of a multi-select question with ", ".
const FORMS_SEPARATOR: &str = ", ";

/// The separator a column starts with: multi-select roles split, every other role keeps whole cells.
pub(super) fn default_separator(role: ColumnRole) -> Option<String> {
    matches!(role, ColumnRole::Availability | ColumnRole::Identity).then(|| FORMS_SEPARATOR.to_owned())
}

/// The role a header most likely asks for, from its words alone.
pub fn suggest_role(header: &str) -> ColumnRole {
    let h = header.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    // Questions *about* an answer (consent, permission, sharing) are never the answer itself.
    let about_consent =
        has(&["consent", "okay to", "ok to", "permission", "share my", "may we", "can we", "opt in", "opt-in"]);

    if has(&["timestamp", "submitted at", "submission date", "created at"]) {
        ColumnRole::Ignore
    } else if has(&["email", "e-mail", "メール", "邮件", "邮箱", "郵件", "이메일", "почта", "correo", "courriel"])
        && !about_consent
    {
        ColumnRole::Email
    } else if about_consent {
        ColumnRole::Ignore
    } else if has(&["pronoun"]) {
        ColumnRole::Pronouns
    } else if has(&["first name", "given name", "forename"]) {
        ColumnRole::FirstName
    } else if has(&["last name", "surname", "family name"]) {
        ColumnRole::LastName
    } else if has(&[
        "company",
        "employer",
        "organization",
        "organisation",
        "workplace",
        "会社",
        "公司",
        "회사",
        "компания",
        "empresa",
        "entreprise",
        "firma",
    ]) {
        ColumnRole::Company
    } else if has(&["identify", "identity", "gender", "under-represented", "underrepresented", "non-binary"]) {
        ColumnRole::Identity
    } else if has(&["name", "氏名", "名前", "姓名", "이름", "имя", "imię", "nombre", "prénom", "nom et"])
        && !has(&["user name", "username", "nickname"])
    {
        ColumnRole::Name
    } else if has(&[
        "where",
        "location",
        "city",
        "based",
        "metro",
        "region",
        "live",
        "所在地",
        "都市",
        "城市",
        "도시",
        "город",
        "ciudad",
        "ville",
        "wohnort",
        "stadt",
        "miasto",
    ]) {
        ColumnRole::Location
    } else if has(&["seniority", "years", "experience", "level"]) {
        ColumnRole::Seniority
    } else if has(&["role", "title", "position", "job", "役職", "职位", "직책", "должность", "cargo", "poste"])
    {
        ColumnRole::Role
    } else if has(&["time", "availability", "available", "when", "schedule", "days"]) {
        ColumnRole::Availability
    } else if has(&["anything else", "note", "comment", "question"]) {
        ColumnRole::Notes
    } else {
        ColumnRole::Ignore
    }
}
