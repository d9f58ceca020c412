//! Time zone rules from the browser's own database (`Intl.DateTimeFormat`), so the page needs no
//! copy of it. One formatter per zone is kept, as making one is slow, and each offset asked for is
//! kept too: a board's circles mostly meet at a few times, and asking the browser costs about
//! 30 µs, 30 ms for a table of a thousand circles read with every circle's time in one zone.

use std::cell::RefCell;
use std::collections::BTreeMap;

use js_sys::{Array, Date, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::send::ZoneRules;

thread_local! {
    /// Each zone's formatter, or `None` for a zone the browser does not know.
    static FORMATTERS: RefCell<BTreeMap<String, Option<js_sys::Intl::DateTimeFormat>>> = const { RefCell::new(BTreeMap::new()) };
    /// Offsets already asked for, by zone and instant.
    static OFFSETS: RefCell<BTreeMap<(String, i64), Option<i32>>> = const { RefCell::new(BTreeMap::new()) };
}

/// How many offsets are kept before the cache starts over: far more than a board's meeting times.
const OFFSETS_KEPT: usize = 100_000;

/// The browser's time zone rules.
pub struct BrowserZones;

impl ZoneRules for BrowserZones {
    fn offset_seconds(&self, zone: &str, unix_seconds: i64) -> Option<i32> {
        let key = (zone.to_owned(), unix_seconds);
        if let Some(known) = OFFSETS.with(|offsets| offsets.borrow().get(&key).copied()) {
            return known;
        }
        let offset = ask_browser(zone, unix_seconds);
        OFFSETS.with(|offsets| {
            let mut offsets = offsets.borrow_mut();
            if offsets.len() >= OFFSETS_KEPT {
                offsets.clear();
            }
            offsets.insert(key, offset);
        });
        offset
    }
}

/// The offset of `zone` at `unix_seconds` as the browser's formatter names it.
fn ask_browser(zone: &str, unix_seconds: i64) -> Option<i32> {
    let formatter = FORMATTERS
        .with(|formatters| formatters.borrow_mut().entry(zone.to_owned()).or_insert_with(|| formatter(zone)).clone())?;
    let date = Date::new(&JsValue::from_f64(unix_seconds as f64 * 1000.0));
    let parts = formatter.format_to_parts(&date);
    let name = parts.iter().find_map(|part| {
        let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
        (kind == "timeZoneName").then(|| Reflect::get(&part, &"value".into()).ok()?.as_string())?
    })?;
    offset_of_name(&name)
}

/// A formatter that names the offset ("GMT-08:00"); `None` when the browser refuses the zone
/// (the constructor throws a RangeError, caught here rather than aborting the page).
fn formatter(zone: &str) -> Option<js_sys::Intl::DateTimeFormat> {
    let options = Object::new();
    Reflect::set(&options, &"timeZone".into(), &zone.into()).ok()?;
    Reflect::set(&options, &"timeZoneName".into(), &"longOffset".into()).ok()?;
    let constructor =
        Reflect::get(&js_sys::Intl::DateTimeFormat::new(&Array::new(), &Object::new()), &"constructor".into()).ok()?;
    let arguments = Array::of2(&"en-US".into(), &options);
    let constructor: &js_sys::Function = constructor.dyn_ref()?;
    Reflect::construct(constructor, &arguments).ok()?.dyn_into().ok()
}

/// Seconds east of UTC from "GMT-08:00", "GMT+05:30" or "GMT".
fn offset_of_name(name: &str) -> Option<i32> {
    let rest = name.strip_prefix("GMT")?;
    if rest.is_empty() {
        return Some(0);
    }
    let first = rest.chars().next()?;
    let sign = match first {
        '+' => 1,
        // Some locales write a true minus sign.
        '-' | '\u{2212}' => -1,
        _ => return None,
    };
    let digits = &rest[first.len_utf8()..];
    let (hours, minutes) = digits.split_once(':').unwrap_or((digits, "0"));
    Some(sign * (hours.parse::<i32>().ok()? * 3600 + minutes.parse::<i32>().ok()? * 60))
}
