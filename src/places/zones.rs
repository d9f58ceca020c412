//! Answers that name a time zone rather than a place: "Pacific", "CST", "GMT-3", "UTC -4",
//! "remote (IST)", "Remote - PST". A video circle needs nothing more than the offset, so these
//! applicants are not left unresolved. An abbreviation with several common meanings (IST, CST,
//! BST, AST) has every reading, and the survey picks the one nearest the rest of the column.
//!
//! Only answers that name no place are read this way (the survey asks here after the gazetteer
//! found nothing), and an abbreviation inside longer text counts only in capitals, so that
//! "est" in French or "best" never reads as a zone.

use super::fold;

/// One meaning of a zone answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ZoneChoice {
    /// The IANA zone it names, when it names one (a bare offset names none).
    pub time_zone: Option<&'static str>,
    /// The UTC offset outside summer time, in minutes.
    pub standard: i32,
    /// The UTC offset in summer time, in minutes.
    pub summer: i32,
}

impl ZoneChoice {
    pub(super) const fn named(time_zone: &'static str, standard: i32, summer: i32) -> ZoneChoice {
        ZoneChoice { time_zone: Some(time_zone), standard, summer }
    }

    /// "Asia/Kolkata (UTC+5:30)".
    pub fn label(&self) -> String {
        let offset = crate::model::UtcOffset(self.standard);
        match self.time_zone {
            Some(zone) => format!("{zone} ({offset})"),
            None => offset.to_string(),
        }
    }
}

/// What a zone answer says: its readings, the most common first, and whether the answer was
/// the zone alone or the zone inside other words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneReading {
    /// Every meaning; more than one for an ambiguous abbreviation.
    pub choices: Vec<ZoneChoice>,
    /// Whether the answer is the zone alone (with words such as "remote" or "time").
    pub alone: bool,
}

pub(super) const PACIFIC: ZoneChoice = ZoneChoice::named("America/Los_Angeles", -480, -420);
pub(super) const MOUNTAIN: ZoneChoice = ZoneChoice::named("America/Denver", -420, -360);
pub(super) const CENTRAL: ZoneChoice = ZoneChoice::named("America/Chicago", -360, -300);
pub(super) const EASTERN: ZoneChoice = ZoneChoice::named("America/New_York", -300, -240);
pub(super) const ATLANTIC: ZoneChoice = ZoneChoice::named("America/Halifax", -240, -180);
pub(super) const UK: ZoneChoice = ZoneChoice::named("Europe/London", 0, 60);
pub(super) const CENTRAL_EUROPE: ZoneChoice = ZoneChoice::named("Europe/Berlin", 60, 120);
pub(super) const JAPAN: ZoneChoice = ZoneChoice::named("Asia/Tokyo", 540, 540);
const EASTERN_EUROPE: ZoneChoice = ZoneChoice::named("Europe/Athens", 120, 180);
const INDIA: ZoneChoice = ZoneChoice::named("Asia/Kolkata", 330, 330);
const CHINA: ZoneChoice = ZoneChoice::named("Asia/Shanghai", 480, 480);

/// Names and abbreviations, lower case, with their readings, the most common first.
const ZONES: &[(&[&str], &[ZoneChoice])] = &[
    (&["pst", "pdt", "pt", "pacific", "us pacific"], &[PACIFIC]),
    (&["mst", "mdt", "mt", "mountain", "us mountain"], &[MOUNTAIN]),
    (&["cst", "cdt", "ct", "central", "us central"], &[CENTRAL, CHINA]),
    (&["est", "edt", "et", "eastern", "us eastern"], &[EASTERN]),
    (&["akst", "akdt", "alaska"], &[ZoneChoice::named("America/Anchorage", -540, -480)]),
    (&["hst", "hawaii"], &[ZoneChoice::named("Pacific/Honolulu", -600, -600)]),
    (&["ast", "adt", "atlantic"], &[ATLANTIC, ZoneChoice::named("Asia/Riyadh", 180, 180)]),
    (&["nst", "ndt", "newfoundland"], &[ZoneChoice::named("America/St_Johns", -210, -150)]),
    (&["brt", "brasilia"], &[ZoneChoice::named("America/Sao_Paulo", -180, -180)]),
    (&["art"], &[ZoneChoice::named("America/Argentina/Buenos_Aires", -180, -180)]),
    (&["bst"], &[UK, ZoneChoice::named("Asia/Dhaka", 360, 360)]),
    (&["uk", "uk time", "british"], &[UK]),
    (&["wet", "west", "western european"], &[ZoneChoice::named("Europe/Lisbon", 0, 60)]),
    (&["cet", "cest", "central european", "central europe"], &[CENTRAL_EUROPE]),
    (&["eet", "eest", "eastern european", "eastern europe"], &[EASTERN_EUROPE]),
    (&["msk", "moscow"], &[ZoneChoice::named("Europe/Moscow", 180, 180)]),
    (&["wat"], &[ZoneChoice::named("Africa/Lagos", 60, 60)]),
    (&["cat"], &[ZoneChoice::named("Africa/Maputo", 120, 120)]),
    (&["sast"], &[ZoneChoice::named("Africa/Johannesburg", 120, 120)]),
    (&["eat"], &[ZoneChoice::named("Africa/Nairobi", 180, 180)]),
    (&["gst"], &[ZoneChoice::named("Asia/Dubai", 240, 240)]),
    (&["pkt"], &[ZoneChoice::named("Asia/Karachi", 300, 300)]),
    (&["ist"], &[INDIA, ZoneChoice::named("Europe/Dublin", 0, 60), ZoneChoice::named("Asia/Jerusalem", 120, 180)]),
    (&["india", "indian", "india standard"], &[INDIA]),
    (&["ict"], &[ZoneChoice::named("Asia/Bangkok", 420, 420)]),
    (&["wib"], &[ZoneChoice::named("Asia/Jakarta", 420, 420)]),
    (&["sgt"], &[ZoneChoice::named("Asia/Singapore", 480, 480)]),
    (&["hkt"], &[ZoneChoice::named("Asia/Hong_Kong", 480, 480)]),
    (&["awst"], &[ZoneChoice::named("Australia/Perth", 480, 480)]),
    (&["jst"], &[JAPAN]),
    (&["kst"], &[ZoneChoice::named("Asia/Seoul", 540, 540)]),
    (&["acst", "acdt"], &[ZoneChoice::named("Australia/Adelaide", 570, 630)]),
    (&["aest", "aedt"], &[ZoneChoice::named("Australia/Sydney", 600, 660)]),
    (&["nzst", "nzdt"], &[ZoneChoice::named("Pacific/Auckland", 720, 780)]),
];

/// Words that say nothing about where someone is, around a zone: "remote (PST)", "Pacific time".
const FILLER: &[&str] = &[
    "remote", "remotely", "time", "timezone", "tz", "zone", "standard", "daylight", "summer", "based", "in", "on",
    "the", "from", "working", "work", "fully", "hours", "usa", "us", "u", "s", "i", "m", "am", "my", "and", "canada",
];

/// What `answer` says about a time zone, if it names one and nothing else.
pub fn read_time_zone(answer: &str) -> Option<ZoneReading> {
    if let Some(offset) = utc_offset(answer) {
        let choice = ZoneChoice { time_zone: (offset == 0).then_some("Etc/UTC"), standard: offset, summer: offset };
        return Some(ZoneReading { choices: vec![choice], alone: true });
    }
    // The zone alone, among words that say nothing else: any case.
    let words: Vec<String> = fold(answer).split_whitespace().map(str::to_owned).collect();
    let core: Vec<&str> = words.iter().map(String::as_str).filter(|w| !FILLER.contains(w)).collect();
    let core = core.join(" ");
    if let Some((_, choices)) = ZONES.iter().find(|(names, _)| names.contains(&core.as_str())) {
        return Some(ZoneReading { choices: choices.to_vec(), alone: true });
    }
    // An abbreviation in capitals inside other words: "Freelancer, usually on PST".
    let capitals = answer
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_uppercase()))
        .find_map(|w| ZONES.iter().find(|(names, _)| names.contains(&w.to_ascii_lowercase().as_str())));
    capitals.map(|(_, choices)| ZoneReading { choices: choices.to_vec(), alone: false })
}

/// "UTC-4", "GMT +5:30", "utc−8", "GMT+0530", "UTC" or "GMT" alone: the offset in minutes.
fn utc_offset(answer: &str) -> Option<i32> {
    let lower = answer.to_lowercase().replace('\u{2212}', "-");
    let at = lower.find("utc").or_else(|| lower.find("gmt"))?;
    // The letters must be a word of their own, not part of another ("mutcd").
    let before = lower[..at].chars().next_back();
    if before.is_some_and(char::is_alphanumeric) {
        return None;
    }
    let rest = lower[at + 3..].trim_start();
    let (sign, digits) = match rest.chars().next() {
        Some('+') => (1, rest[1..].trim_start()),
        Some('-') => (-1, rest[1..].trim_start()),
        Some(c) if c.is_alphanumeric() => return None,
        _ => return Some(0),
    };
    let number: String = digits.chars().take_while(|c| c.is_ascii_digit() || *c == ':' || *c == '.').collect();
    let (hours, minutes) = match number.split_once([':', '.']) {
        Some((hours, minutes)) => (hours.parse::<i32>().ok()?, minutes.parse::<i32>().ok()?),
        None if number.len() == 4 => (number[..2].parse().ok()?, number[2..].parse().ok()?),
        None => (number.parse::<i32>().ok()?, 0),
    };
    (hours <= 14 && minutes < 60).then_some(sign * (hours * 60 + minutes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(answer: &str) -> Option<(Option<&'static str>, i32)> {
        read_time_zone(answer).map(|r| (r.choices[0].time_zone, r.choices[0].standard))
    }

    #[test]
    fn names_abbreviations_and_offsets_read_as_zones() {
        assert_eq!(first("Pacific"), Some((Some("America/Los_Angeles"), -480)));
        assert_eq!(first("Remote - PST"), Some((Some("America/Los_Angeles"), -480)));
        assert_eq!(first("pacific time"), Some((Some("America/Los_Angeles"), -480)));
        assert_eq!(first("CST"), Some((Some("America/Chicago"), -360)));
        assert_eq!(first("US Eastern"), Some((Some("America/New_York"), -300)));
        assert_eq!(first("remote (IST)"), Some((Some("Asia/Kolkata"), 330)));
        assert_eq!(first("GMT-3"), Some((None, -180)));
        assert_eq!(first("UTC -4"), Some((None, -240)));
        assert_eq!(first("UTC+5:30"), Some((None, 330)));
        assert_eq!(first("GMT +0545"), Some((None, 345)));
        assert_eq!(first("utc−8"), Some((None, -480)));
        assert_eq!(first("GMT"), Some((Some("Etc/UTC"), 0)));
        assert_eq!(first("Freelance, usually on EST hours"), Some((Some("America/New_York"), -300)));
        assert_eq!(read_time_zone("IST").unwrap().choices.len(), 3, "ambiguous: India, Ireland, Israel");
        assert_eq!(read_time_zone("BST").unwrap().choices[0].time_zone, Some("Europe/London"));
    }

    #[test]
    fn words_that_only_look_like_zones_do_not() {
        for answer in ["best place", "Estonia", "mutcd", "the west coast", "Central Park", "somewhere", "UTC+27"] {
            assert_eq!(read_time_zone(answer).map(|r| r.choices), None, "{answer}");
        }
    }
}
