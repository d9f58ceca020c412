//! How answers are compared: words without case or punctuation, company names without legal
//! suffixes ("Stripe, Inc." is "stripe"), and job titles by broad kind of role.

use std::collections::BTreeMap;

use crate::import::Column;

/// Small ids for normalised answers, in first-seen order from 1 (0 is the blank answer).
#[derive(Clone, Debug, Default)]
pub(crate) struct AnswerIds {
    ids: BTreeMap<String, u32>,
    labels: Vec<String>,
}

impl AnswerIds {
    /// The id of `key` (normalised already), or 0 when it is empty; `label` is kept for display.
    pub(crate) fn id(&mut self, key: String, label: &str) -> u32 {
        if key.is_empty() {
            return 0;
        }
        let next = self.labels.len() as u32 + 1;
        *self.ids.entry(key).or_insert_with(|| {
            self.labels.push(label.to_owned());
            next
        })
    }

    /// The answer first seen with id `id` (from 1), as written.
    pub(crate) fn label(&self, id: u32) -> &str {
        id.checked_sub(1).and_then(|i| self.labels.get(i as usize)).map_or("", String::as_str)
    }
}

/// A group id per answer (0 when blank), for answers that must differ: answers are normalised as
/// company names and sorted, so a short form sits just before its longer forms ("tidewater",
/// "tidewater analytics"); each joins the group before it when [`same_company`] says so.
pub(crate) fn distinct_groups<'a>(answers: impl Iterator<Item = &'a str>) -> Vec<u32> {
    let keys: Vec<String> = answers.map(normalize_company).collect();
    let mut sorted: Vec<&str> = keys.iter().map(String::as_str).filter(|k| !k.is_empty()).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut group_of: BTreeMap<&str, u32> = BTreeMap::new();
    let mut root: Option<&str> = None;
    let mut group = 0;
    for key in sorted {
        if !root.is_some_and(|r| same_company(r, key)) {
            group += 1;
            root = Some(key);
        }
        group_of.insert(key, group);
    }
    keys.iter().map(|k| group_of.get(k.as_str()).copied().unwrap_or(0)).collect()
}

/// Broad kinds of engineering role, so that "VP Eng" and "VP of Engineering" count as one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum RoleFamily {
    Executive,
    VicePresident,
    Director,
    Manager,
    StaffPlus,
    TechLead,
    Other,
}

impl RoleFamily {
    pub(crate) fn of(role: &str) -> Self {
        let words = normalize_words(role);
        let has = |needles: &[&str]| needles.iter().any(|n| words.split(' ').any(|w| w == *n));
        let contains = |needles: &[&str]| needles.iter().any(|n| words.contains(n));
        if has(&["cto", "ceo", "cpo", "chief", "founder", "cofounder"]) || contains(&["co founder"]) {
            RoleFamily::Executive
        } else if has(&["vp", "svp", "evp"]) || contains(&["vice president", "head of"]) {
            RoleFamily::VicePresident
        } else if has(&["director"]) {
            RoleFamily::Director
        } else if has(&["manager", "em", "management"]) {
            RoleFamily::Manager
        } else if has(&["staff", "principal", "architect", "distinguished", "fellow"]) {
            RoleFamily::StaffPlus
        } else if has(&["lead", "tl"]) {
            RoleFamily::TechLead
        } else {
            RoleFamily::Other
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            RoleFamily::Executive => "executive",
            RoleFamily::VicePresident => "VP",
            RoleFamily::Director => "director",
            RoleFamily::Manager => "manager",
            RoleFamily::StaffPlus => "staff+",
            RoleFamily::TechLead => "tech lead",
            RoleFamily::Other => "other",
        }
    }
}

/// Each answer of a column (split on its separator), compared as the rules compare them
/// ([`normalize_words`]), with how many people gave it, most common first; each answer is shown
/// as first written. What the page offers as the values of a never-isolate or share rule.
pub fn answer_counts<'a>(column: &Column, cells: impl Iterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for cell in cells {
        for answer in column.answers(cell) {
            let key = normalize_words(answer);
            if !key.is_empty() {
                counts.entry(key).or_insert_with(|| (answer.trim().to_owned(), 0)).1 += 1;
            }
        }
    }
    let mut answers: Vec<(String, usize)> = counts.into_values().collect();
    answers.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    answers
}

/// Lowercase words of letters and digits, single-spaced: "  San Francisco, CA " → "san francisco ca".
pub(crate) fn normalize_words(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A company name without case, punctuation, parenthetical, leading "the" or legal suffix, with
/// "&" read as "and": "The Stripe, Inc. (Dublin office)" → "stripe". Placeholders such as
/// "self-employed" become "" (they are not employers, so two freelancers are not colleagues).
pub fn normalize_company(company: &str) -> String {
    const SUFFIXES: [&str; 12] =
        ["inc", "incorporated", "llc", "ltd", "limited", "gmbh", "corp", "corporation", "co", "plc", "sa", "bv"];
    let mut text = company.to_lowercase().replace('&', " and ");
    // "(Austin office)" and the like say where, not who.
    while let (Some(open), Some(close)) = (text.find('('), text.find(')')) {
        if close < open {
            break;
        }
        text.replace_range(open..=close, " ");
    }
    let mut words: Vec<String> = normalize_words(&text).split(' ').map(str::to_owned).collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| SUFFIXES.contains(&w.as_str())) {
        words.pop();
    }
    let name = words.join(" ");
    match name.as_str() {
        "" | "none" | "n a" | "na" | "self employed" | "freelance" | "freelancer" | "independent" | "stealth"
        | "stealth startup" | "unemployed" | "between jobs" => String::new(),
        _ => name,
    }
}

/// Whether two normalized company names (see [`normalize_company`]) are likely the same employer:
/// equal, or one is the other's first words ("tidewater" and "tidewater analytics"), its last word
/// possibly cut short ("wrenfield bio" and "wrenfield biosciences"). Errs towards "same", which
/// only keeps more people apart.
pub fn same_company(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (a_words, b_words): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let (short, long) = if a_words.len() <= b_words.len() { (a_words, b_words) } else { (b_words, a_words) };
    let last = short.len() - 1;
    short
        .iter()
        .zip(&long)
        .enumerate()
        .all(|(index, (s, l))| s == l || (index == last && s.chars().count() >= 3 && l.starts_with(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_names_are_compared_without_suffix_and_case() {
        assert_eq!(normalize_company("Stripe, Inc."), normalize_company("stripe"));
        assert_eq!(normalize_company("The Stripe Co. (Dublin office)"), "stripe");
        assert_eq!(normalize_company("Lumen & Loom"), normalize_company("Lumen and Loom"));
        assert_eq!(normalize_company("Self-employed"), "");
        assert_eq!(normalize_company("Co"), "co");
    }

    #[test]
    fn abbreviated_company_names_match() {
        let same = |a: &str, b: &str| same_company(&normalize_company(a), &normalize_company(b));
        assert!(same("Tidewater", "Tidewater Analytics, Inc."));
        assert!(same("Wrenfield Bio", "Wrenfield Biosciences"));
        assert!(same("Cobaltine Robotics (Austin office)", "cobaltine"));
        assert!(!same("Blue Origin", "Blue Bottle"));
        assert!(!same("Acme", "Acorn"));
        assert!(!same("Self-employed", "self employed"));
    }

    #[test]
    fn answers_are_counted_as_the_rules_match_them() {
        let column = Column {
            index: 0,
            header: "Gender".to_owned(),
            role: crate::model::ColumnRole::Identity,
            separator: Some(", ".to_owned()),
        };
        let counts = answer_counts(&column, ["Woman", "woman ", "Non-binary, Woman", "non binary", ""].into_iter());
        assert_eq!(counts, [("Woman".to_owned(), 3), ("Non-binary".to_owned(), 2)]);
    }

    #[test]
    fn role_families() {
        assert_eq!(RoleFamily::of("Co-founder & CTO"), RoleFamily::Executive);
        assert_eq!(RoleFamily::of("VP of Eng"), RoleFamily::VicePresident);
        assert_eq!(RoleFamily::of("Head of Engineering"), RoleFamily::VicePresident);
        assert_eq!(RoleFamily::of("Sr. Engineering Manager"), RoleFamily::Manager);
        assert_eq!(RoleFamily::of("Senior Staff Engineer"), RoleFamily::StaffPlus);
        assert_eq!(RoleFamily::of("Tech Lead"), RoleFamily::TechLead);
    }
}
