//! Which answers of the *other* members a person's email shows. Member-facing text is built only
//! from a [`MemberView`], and the only way to make one is [`Allowlist::view`], which copies the
//! allowed answers and nothing else: a column nobody ticked cannot reach an email by mistake.

use serde::{Deserialize, Serialize};

use crate::import::Column;
use crate::model::ColumnRole;

/// How a member's name appears to the others.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameStyle {
    /// "Ana Smith".
    #[default]
    Full,
    /// "Ana S.".
    FirstAndInitial,
    /// "A. S.".
    Initials,
}

impl NameStyle {
    /// Every style, in the order the page offers them.
    pub const ALL: [NameStyle; 3] = [NameStyle::Full, NameStyle::FirstAndInitial, NameStyle::Initials];

    /// What the page calls it.
    pub fn label(self) -> &'static str {
        match self {
            NameStyle::Full => "full names",
            NameStyle::FirstAndInitial => "first name and initial",
            NameStyle::Initials => "initials",
        }
    }

    /// A name written in this style.
    pub fn write(self, name: &str) -> String {
        let words: Vec<&str> = name.split_whitespace().collect();
        let initial = |word: &str| word.chars().next().map(|c| format!("{c}.")).unwrap_or_default();
        match (self, words.as_slice()) {
            (_, []) => String::new(),
            (NameStyle::Full, _) => words.join(" "),
            (NameStyle::FirstAndInitial, [first]) => (*first).to_owned(),
            (NameStyle::FirstAndInitial, [first, .., last]) => format!("{first} {}", initial(last)),
            (NameStyle::Initials, words) => words.iter().map(|w| initial(w)).collect::<Vec<_>>().join(" "),
        }
    }
}

/// The columns whose answers circle-mates see, by header, and how names are written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allowlist {
    /// How names are written, when a name column is allowed.
    #[serde(default)]
    pub names: NameStyle,
    /// The headers of the allowed columns.
    pub fields: Vec<String>,
}

/// Whether a column of this role holds answers private enough that allowing it asks the
/// organizer to confirm: identity answers, notes, addresses and locations.
pub fn needs_confirmation(role: ColumnRole) -> bool {
    matches!(role, ColumnRole::Identity | ColumnRole::Notes | ColumnRole::Email | ColumnRole::Location)
}

/// Whether a column holds the person's name.
fn is_name(role: ColumnRole) -> bool {
    matches!(role, ColumnRole::Name | ColumnRole::FirstName | ColumnRole::LastName)
}

impl Allowlist {
    /// The defaults: the name, company, role and pronouns columns the import has.
    pub fn suggested(columns: &[Column]) -> Allowlist {
        let shown = |role: ColumnRole| {
            is_name(role) || matches!(role, ColumnRole::Company | ColumnRole::Role | ColumnRole::Pronouns)
        };
        Allowlist {
            names: NameStyle::Full,
            fields: columns.iter().filter(|c| shown(c.role)).map(|c| c.header.clone()).collect(),
        }
    }

    /// Whether the column with this header is allowed (headers compare without case).
    pub fn allows(&self, header: &str) -> bool {
        self.fields.iter().any(|field| field.trim().eq_ignore_ascii_case(header.trim()))
    }

    /// The allowed columns among `columns`, in column order.
    pub fn columns<'c>(&self, columns: &'c [Column]) -> Vec<&'c Column> {
        columns.iter().filter(|c| self.allows(&c.header)).collect()
    }

    /// The headers this list names that `columns` do not have (a settings file from another form).
    pub fn unknown_fields(&self, columns: &[Column]) -> Vec<String> {
        self.fields
            .iter()
            .filter(|f| !columns.iter().any(|c| c.header.trim().eq_ignore_ascii_case(f.trim())))
            .cloned()
            .collect()
    }

    /// What others may see of a person with this name and these answers (`answers` in column order).
    pub fn view(&self, columns: &[Column], name: &str, answers: &[String]) -> MemberView {
        let allowed = self.columns(columns);
        let shows_name = allowed.iter().any(|c| is_name(c.role));
        let fields = allowed
            .iter()
            .filter(|c| !is_name(c.role))
            .filter_map(|c| {
                let answer = answers.get(c.index)?.trim();
                (!answer.is_empty()).then(|| (c.header.clone(), answer.to_owned()))
            })
            .collect();
        MemberView { name: shows_name.then(|| self.names.write(name)).filter(|n| !n.is_empty()), fields }
    }
}

/// What a person's circle-mates may see of them: built only by [`Allowlist::view`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberView {
    name: Option<String>,
    fields: Vec<(String, String)>,
}

impl MemberView {
    /// The name as allowed ("Ana S."), if names are allowed.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The allowed answers other than the name, as (header, answer), in column order.
    pub fn fields(&self) -> &[(String, String)] {
        &self.fields
    }

    /// One line of a member list: "Ana S. (Acme; Engineer; she/her)".
    pub fn line(&self) -> String {
        let answers: Vec<&str> = self.fields.iter().map(|(_, answer)| answer.as_str()).collect();
        match (&self.name, answers.is_empty()) {
            (Some(name), true) => name.clone(),
            (Some(name), false) => format!("{name} ({})", answers.join("; ")),
            (None, false) => answers.join("; "),
            (None, true) => "a member".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_written_in_the_chosen_style() {
        assert_eq!(NameStyle::Full.write("  Zoë   de la Cruz "), "Zoë de la Cruz");
        assert_eq!(NameStyle::FirstAndInitial.write("Zoë de la Cruz"), "Zoë C.");
        assert_eq!(NameStyle::Initials.write("Zoë de la Cruz"), "Z. d. l. C.");
        assert_eq!(NameStyle::FirstAndInitial.write("Cher"), "Cher");
        assert_eq!(NameStyle::Initials.write(""), "");
    }
}
