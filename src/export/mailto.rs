//! A `mailto:` link per circle (RFC 6068): all its members as recipients, the subject and the
//! body of the circle's draft, percent-encoded. Mail programs cut long links, so a link longer
//! than [`MAILTO_LIMIT`] is not offered.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::send::Draft;

/// About the longest link mail programs take whole.
pub const MAILTO_LIMIT: usize = 1_800;

/// Everything but RFC 3986's unreserved characters is encoded in a field value.
const FIELD: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// In the addresses, "@" stays as it is (RFC 6068 section 2).
const ADDRESS: &AsciiSet = &FIELD.remove(b'@');

/// The link of a draft: `mailto:a@x.org,b@y.org?subject=…&body=…`, lines ending in CRLF as
/// RFC 6068 asks.
pub fn mailto_link(draft: &Draft) -> String {
    let to: Vec<String> =
        draft.to.iter().map(|(_, email)| utf8_percent_encode(email.trim(), ADDRESS).to_string()).collect();
    let body = draft.body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        to.join(","),
        utf8_percent_encode(&draft.subject, FIELD),
        utf8_percent_encode(&body, FIELD)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::GroupId;

    #[test]
    fn addresses_subject_and_body_are_percent_encoded() {
        let draft = Draft {
            circle: GroupId(1),
            record: None,
            to: vec![("Zoë".into(), "zoë@example.org".into()), ("Bo".into(), "bo+x@example.org".into())],
            subject: "Circle & you?".into(),
            body: "Hi all,\nsee you".into(),
            empty: Default::default(),
        };
        assert_eq!(
            mailto_link(&draft),
            "mailto:zo%C3%AB@example.org,bo%2Bx@example.org?subject=Circle%20%26%20you%3F&body=Hi%20all%2C%0D%0Asee%20you"
        );
    }
}
