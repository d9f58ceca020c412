//! The intro email's template: text with `{{placeholders}}` (and `{% if host %}…{% endif %}`
//! for optional parts), read by a small template engine. Only the placeholders below exist; any
//! other name is an error that names it with its line and column, before anything is rendered.

use std::collections::BTreeSet;

/// A value the template can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Placeholder {
    /// The recipient's first name.
    FirstName,
    /// The recipient's full name.
    Name,
    /// The circle's name.
    CircleName,
    /// The first meeting, in the circle's zone (and the recipient's when it differs).
    When,
    /// The place or video link.
    Where,
    /// The member who hosts.
    Host,
    /// The other members, one per line, with the fields the organizer allowed.
    Members,
    /// The code of conduct (text or link).
    CodeOfConduct,
    /// The organizer's name.
    Organizer,
    /// The question about adding the recipient to a mailing list.
    ListPermission,
}

impl Placeholder {
    /// Every placeholder, in the order the page lists them.
    pub const ALL: [Placeholder; 10] = [
        Placeholder::FirstName,
        Placeholder::Name,
        Placeholder::CircleName,
        Placeholder::When,
        Placeholder::Where,
        Placeholder::Host,
        Placeholder::Members,
        Placeholder::CodeOfConduct,
        Placeholder::Organizer,
        Placeholder::ListPermission,
    ];

    /// Its name in a template.
    pub fn name(self) -> &'static str {
        match self {
            Placeholder::FirstName => "first_name",
            Placeholder::Name => "name",
            Placeholder::CircleName => "circle_name",
            Placeholder::When => "when",
            Placeholder::Where => "where",
            Placeholder::Host => "host",
            Placeholder::Members => "members",
            Placeholder::CodeOfConduct => "code_of_conduct",
            Placeholder::Organizer => "organizer",
            Placeholder::ListPermission => "list_permission",
        }
    }

    /// The placeholder of a name.
    pub fn named(name: &str) -> Option<Placeholder> {
        Placeholder::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// The template a new session starts with.
pub const DEFAULT_TEMPLATE: &str = "\
Hi {{ first_name }},

Welcome to {{ circle_name }}! You are in a peer learning circle with:

{{ members }}

First meeting: {{ when }}
Where: {{ where }}
{% if host %}Host: {{ host }}
{% endif %}
{% if code_of_conduct %}Before we meet, please read our code of conduct: {{ code_of_conduct }}

{% endif %}{% if list_permission %}{{ list_permission }}

{% endif %}Reply to this email if the time does not work for you.

{{ organizer }}
";

/// What is wrong with a template, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1.
    pub column: usize,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

/// A template that has been checked: every placeholder it names exists.
#[derive(Debug)]
pub struct EmailTemplate {
    engine: upon::Engine<'static>,
    template: upon::Template<'static>,
}

/// A rendered text, and the placeholders it used that were empty for this person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The text.
    pub text: String,
    /// Placeholders the text uses whose value was empty.
    pub empty: BTreeSet<Placeholder>,
}

impl EmailTemplate {
    /// Reads a template; the errors name every unknown placeholder (or the syntax error) with
    /// its line and column.
    pub fn parse(text: &str) -> Result<EmailTemplate, Vec<TemplateError>> {
        let engine = upon::Engine::new();
        let template = engine.compile(text.to_owned()).map_err(|error| vec![template_error(&error, text)])?;
        let template = EmailTemplate { engine, template };
        let errors = template.unknown_placeholders(text);
        if errors.is_empty() { Ok(template) } else { Err(errors) }
    }

    /// Renders the template with `value` giving each placeholder's text.
    pub fn render(&self, value: impl Fn(Placeholder) -> String) -> Rendered {
        let mut empty = BTreeSet::new();
        let text = self
            .template
            .render_from_fn(&self.engine, |path: &[upon::ValueMember<'_>]| {
                let placeholder = placeholder_of(path).ok_or("unknown placeholder")?;
                let text = value(placeholder);
                if text.trim().is_empty() {
                    empty.insert(placeholder);
                }
                Ok(upon::Value::String(text))
            })
            .to_string()
            // `parse` rendered every placeholder once: rendering cannot meet an unknown one.
            .unwrap_or_default();
        Rendered { text, empty }
    }

    /// Every unknown placeholder the template reaches when every known one has a value,
    /// found by rendering once per unknown name (the engine stops at the first).
    fn unknown_placeholders(&self, text: &str) -> Vec<TemplateError> {
        let mut unknown: BTreeSet<String> = BTreeSet::new();
        let mut errors = Vec::new();
        loop {
            let result = self
                .template
                .render_from_fn(&self.engine, |path: &[upon::ValueMember<'_>]| {
                    let name = path_text(path);
                    if placeholder_of(path).is_some() {
                        return Ok(upon::Value::String("x".to_owned()));
                    }
                    if unknown.contains(&name) {
                        return Ok(upon::Value::String(String::new()));
                    }
                    Err(unknown_message(&name))
                })
                .to_string();
            let Err(error) = result else { return errors };
            let found = template_error(&error, text);
            let name = found.message.split('“').nth(1).and_then(|rest| rest.split('”').next()).map(str::to_owned);
            errors.push(found);
            if !name.is_some_and(|name| unknown.insert(name)) {
                return errors;
            }
        }
    }
}

/// The placeholder a path names: one known name, no member access.
fn placeholder_of(path: &[upon::ValueMember<'_>]) -> Option<Placeholder> {
    match path {
        [upon::ValueMember { access: upon::ValueAccess::Key(name), .. }] => Placeholder::named(name),
        _ => None,
    }
}

/// A path as written: "host.name".
fn path_text(path: &[upon::ValueMember<'_>]) -> String {
    let parts: Vec<String> = path
        .iter()
        .map(|member| match member.access {
            upon::ValueAccess::Key(key) => key.to_owned(),
            upon::ValueAccess::Index(index) => index.to_string(),
        })
        .collect();
    parts.join(".")
}

/// The sentence for an unknown placeholder, with the closest known name when one is close.
fn unknown_message(name: &str) -> String {
    let closest = Placeholder::ALL
        .into_iter()
        .map(|p| (edit_distance(name, p.name()), p.name()))
        .min()
        .filter(|(distance, _)| *distance <= 3);
    let known: Vec<String> = Placeholder::ALL.iter().map(|p| format!("{{{{{}}}}}", p.name())).collect();
    match closest {
        Some((_, close)) => format!("there is no placeholder “{name}”; did you mean {{{{{close}}}}}?"),
        None => format!("there is no placeholder “{name}”; the placeholders are {}", known.join(", ")),
    }
}

/// Levenshtein distance, for suggesting the placeholder a typo meant.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// The engine's error as line, column and reason. The engine reports them only in its
/// display form ("--> <anonymous>:2:7" … "= reason: …"), so they are read from there.
fn template_error(error: &upon::Error, source: &str) -> TemplateError {
    let pretty = format!("{error:#}");
    let position = pretty.lines().find_map(|line| line.trim_start().strip_prefix("--> ")).and_then(|location| {
        let mut parts = location.rsplitn(3, ':');
        let column = parts.next()?.trim().parse().ok()?;
        let line = parts.next()?.trim().parse().ok()?;
        Some((line, column))
    });
    let reason = pretty
        .lines()
        .find_map(|line| line.trim_start().strip_prefix("= reason: "))
        .map_or_else(|| error.to_string(), str::to_owned);
    let (line, column) = position.map_or((1, 1), |(line, column)| true_position(source, line, column));
    TemplateError { line, column, message: reason }
}

/// The line and column (in characters, from 1) of what the engine reports at `line`, `column`.
/// The engine finds its line by counting characters against a byte offset, so after text
/// outside ASCII it can name a later column or even a later line; its count is undone here to
/// get the byte offset back, and the position is counted again from it.
fn true_position(source: &str, line: usize, column: usize) -> (usize, usize) {
    let before: usize = source.split_terminator('\n').take(line.saturating_sub(1)).map(|l| l.chars().count() + 1).sum();
    let mut offset = (before + column.saturating_sub(1)).min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let start_of_line = source[..offset].rfind('\n').map_or(0, |at| at + 1);
    (source[..offset].matches('\n').count() + 1, source[start_of_line..offset].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(placeholder: Placeholder) -> String {
        match placeholder {
            Placeholder::FirstName => "Zoë".to_owned(),
            Placeholder::Host => String::new(),
            other => format!("<{}>", other.name()),
        }
    }

    #[test]
    fn the_default_template_reads_and_leaves_out_empty_parts() {
        let template = EmailTemplate::parse(DEFAULT_TEMPLATE).unwrap();
        let rendered = template.render(value);
        assert!(rendered.text.starts_with("Hi Zoë,\n\nWelcome to <circle_name>!"), "{}", rendered.text);
        assert!(!rendered.text.contains("Host:"), "an empty host leaves its line out");
        assert_eq!(rendered.empty, BTreeSet::from([Placeholder::Host]));
    }

    #[test]
    fn unknown_placeholders_are_named_with_line_and_column() {
        let errors =
            EmailTemplate::parse("Hi {{ frist_name }},\n\nSee you {{ wehn }} at {{ whatever_this_is }}.").unwrap_err();
        let found: Vec<(usize, usize, bool)> =
            errors.iter().map(|e| (e.line, e.column, e.message.contains("did you mean"))).collect();
        assert_eq!(found, [(1, 7, true), (3, 12, true), (3, 26, false)], "{errors:?}");
        assert!(errors[0].message.contains("“frist_name”") && errors[0].message.contains("{{first_name}}"));
        assert!(errors[2].message.contains("{{code_of_conduct}}"), "lists the placeholders: {}", errors[2]);
    }

    #[test]
    fn positions_count_characters_after_text_outside_ascii() {
        let text = "Grüße aus München, {{ first_name }}! Schön, dass du dabei bist. Ça va?\nÀ bientôt: {{ wehn }}";
        let errors = EmailTemplate::parse(text).unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (2, 15), "{}", errors[0]);
        let errors = EmailTemplate::parse("Zoë {{ nme }}").unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (1, 8), "{}", errors[0]);
    }

    #[test]
    fn syntax_errors_have_a_position_too() {
        let errors = EmailTemplate::parse("Hi {{ name }},\n{% if host %}no end").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 2, "{}", errors[0]);
    }
}
