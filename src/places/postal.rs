//! Postal codes: an answer that is a US ZIP code (five digits, or ZIP+4), a Canadian postal code
//! or its forward sortation area ("M5V 2T6", "M5V"), or a UK postcode or its outward code
//! ("SW1A 1AA", "E8") resolves to the city its area stands for.
//!
//! The tables are the gazetteer's `[codes]` section, which `./build-gazetteer` derives from
//! registry packages (credited in the README): a ZIP code stands for the metro its 3-digit prefix
//! lies in, a Canadian FSA for its metro or nearest city, and a UK outward code for the city its
//! postcode area is named after. A code that is well formed but not in the tables stays
//! unresolved, with a reason that says so.

use super::{CityId, Gazetteer, fold};

/// A postal code read from an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum PostalCode {
    /// The five digits of a US ZIP code.
    UsZip(String),
    /// A Canadian forward sortation area (the first three characters).
    CanadianArea(String),
    /// A UK outward code (the part before the space).
    UkOutward(String),
}

impl PostalCode {
    /// "a ZIP code", for reasons.
    pub(super) fn kind(&self) -> &'static str {
        match self {
            PostalCode::UsZip(_) => "a ZIP code",
            PostalCode::CanadianArea(_) => "a Canadian postal code",
            PostalCode::UkOutward(_) => "a UK postcode",
        }
    }
}

/// The postal code an answer consists of, if it is one ("94103", "ZIP: 94103-1234", "m5v2t6",
/// "Postcode SW1A 1AA", "E8").
pub(super) fn postal_code(answer: &str) -> Option<PostalCode> {
    let folded = fold(answer);
    let words: Vec<&str> = folded.split(' ').collect();
    let words = match words.as_slice() {
        ["zip" | "zipcode" | "postcode" | "postal" | "post", "code", rest @ ..] => rest,
        ["zip" | "zipcode" | "postcode" | "postal", rest @ ..] => rest,
        all => all,
    };
    let compact: String = words.concat().to_ascii_uppercase();
    let bytes = compact.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    // ZIP+4 folds to two words ("94103 1234"): five digits, then four.
    match (words, bytes.len()) {
        ([five], 5) | ([five, _], 9) if five.len() == 5 && digits(0..bytes.len()) => {
            return Some(PostalCode::UsZip(compact[..5].to_owned()));
        }
        _ => {}
    }
    let letter = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphabetic);
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    // Canadian: A9A or A9A 9A9.
    if (bytes.len() == 3 || bytes.len() == 6) && letter(0) && digit(1) && letter(2) {
        let full = bytes.len() == 6 && digit(3) && letter(4) && digit(5);
        if bytes.len() == 3 || full {
            // A UK outward code of the same shape ("W1A", "E1W") is read as one; `postal_city`
            // tries the other country too.
            return Some(PostalCode::CanadianArea(compact[..3].to_owned()));
        }
    }
    // UK: an outward code of one or two letters, a digit, then a digit or a letter; with an
    // inward code (a digit and two letters) after it or not.
    let outward_len = |code: &[u8]| -> bool {
        let letters = code.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        (1..=2).contains(&letters)
            && (letters + 1..=letters + 2).contains(&code.len())
            && code[letters].is_ascii_digit()
            && code[letters + 1..].iter().all(u8::is_ascii_alphanumeric)
    };
    let inward = bytes.len() >= 5 && digit(bytes.len() - 3) && letter(bytes.len() - 2) && letter(bytes.len() - 1);
    let outward = if inward { &compact[..compact.len() - 3] } else { compact.as_str() };
    (words.len() <= 2 && outward_len(outward.as_bytes())).then(|| PostalCode::UkOutward(outward.to_owned()))
}

/// The city a postal code stands for, if the tables have it.
pub(super) fn postal_city(gazetteer: &Gazetteer, code: &PostalCode) -> Option<CityId> {
    let found = |key: String| gazetteer.code(&fold(&key)).first().copied();
    match code {
        PostalCode::UsZip(zip) => found(format!("us-zip3:{}", &zip[..3])),
        PostalCode::CanadianArea(area) => found(format!("ca-fsa:{area}")).or_else(|| found(format!("gb-out:{area}"))),
        PostalCode::UkOutward(outward) => found(format!("gb-out:{outward}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::places::GAZETTEER_TEXT;

    #[test]
    fn postal_codes_are_read_in_the_ways_people_write_them() {
        let zip = |code: &str| Some(PostalCode::UsZip(code.to_owned()));
        assert_eq!(postal_code("94103"), zip("94103"));
        assert_eq!(postal_code(" 94103-1234 "), zip("94103"));
        assert_eq!(postal_code("ZIP: 02139"), zip("02139"));
        let canadian = |code: &str| Some(PostalCode::CanadianArea(code.to_owned()));
        assert_eq!(postal_code("M5V 2T6"), canadian("M5V"));
        assert_eq!(postal_code("m5v2t6"), canadian("M5V"));
        assert_eq!(postal_code("H2T"), canadian("H2T"));
        let uk = |code: &str| Some(PostalCode::UkOutward(code.to_owned()));
        assert_eq!(postal_code("SW1A 1AA"), uk("SW1A"));
        assert_eq!(postal_code("sw1a1aa"), uk("SW1A"));
        assert_eq!(postal_code("E8"), uk("E8"));
        assert_eq!(postal_code("Postcode: EC1V 9HX"), uk("EC1V"));
        for not_a_code in ["9410", "941034", "94103-12", "SF 94103", "abcde", "", "N/A", "Berlin", "123", "ABC"] {
            assert_eq!(postal_code(not_a_code), None, "{not_a_code}");
        }
    }

    #[test]
    fn codes_stand_for_their_cities() {
        let gazetteer = Gazetteer::parse(GAZETTEER_TEXT).unwrap();
        let city = |answer: &str| postal_city(&gazetteer, &postal_code(answer).unwrap()).map(|c| gazetteer.metro(c));
        assert_eq!(city("94110"), Some("San Francisco Bay Area"));
        assert_eq!(city("M5V 2T6"), Some("Toronto"));
        assert_eq!(city("SE15"), Some("London"));
        assert_eq!(city("W1A"), Some("London"), "a UK code shaped like a Canadian one");
        assert_eq!(city("59801"), None, "Missoula lies in no curated metro");
    }
}
