//! US ZIP codes: an answer that is a ZIP code (five digits, or ZIP+4) resolves to the metro of its
//! 3-digit prefix, when the prefix lies inside one of the curated metros. The table
//! (`zip3.txt`) is derived by `./build-gazetteer` from the PyPI package zipcodes (MIT licence).

use super::{CityId, CityRef, Gazetteer};

/// Prefix, anchor city, country, region: one line each, after `#` comments.
const ZIP3: &str = include_str!("zip3.txt");

/// The five digits of an answer that is a US ZIP code ("94103", "94103-1234", "ZIP 94103").
pub(super) fn us_zip(answer: &str) -> Option<&str> {
    let answer = answer.trim();
    let answer = answer
        .strip_prefix("ZIP")
        .or_else(|| answer.strip_prefix("zip"))
        .unwrap_or(answer)
        .trim_start_matches([' ', ':']);
    let (five, rest) = answer.split_at_checked(5)?;
    let plus_four =
        rest.is_empty() || (rest.len() == 5 && rest.starts_with('-') && rest[1..].bytes().all(|b| b.is_ascii_digit()));
    (five.bytes().all(|b| b.is_ascii_digit()) && plus_four).then_some(five)
}

/// The anchor city of the metro a ZIP code's prefix lies in, if the table has it.
pub(super) fn zip_metro_city(gazetteer: &Gazetteer, zip: &str) -> Option<CityId> {
    let prefix = zip.get(..3)?;
    let line = ZIP3.lines().filter(|l| !l.starts_with('#')).find(|l| l.split('\t').next() == Some(prefix))?;
    let mut fields = line.split('\t').skip(1);
    let (name, country, region) = (fields.next()?, fields.next()?, fields.next()?);
    gazetteer.find(&CityRef { name: name.to_owned(), country: country.to_owned(), region: region.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::places::GAZETTEER_TEXT;

    #[test]
    fn zip_codes_are_read_and_every_line_of_the_table_names_a_city() {
        assert_eq!(us_zip("94103"), Some("94103"));
        assert_eq!(us_zip(" 94103-1234 "), Some("94103"));
        assert_eq!(us_zip("ZIP: 02139"), Some("02139"));
        for not_a_zip in ["9410", "941034", "94103-12", "SF 94103", "abcde", ""] {
            assert_eq!(us_zip(not_a_zip), None, "{not_a_zip}");
        }
        let gazetteer = Gazetteer::parse(GAZETTEER_TEXT).unwrap();
        for line in ZIP3.lines().filter(|l| !l.starts_with('#')) {
            assert!(zip_metro_city(&gazetteer, &format!("{}00", &line[..3])).is_some(), "{line}");
        }
    }
}
