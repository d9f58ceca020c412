//! The bundled gazetteer, read from the column layout that `./build-gazetteer` writes, with
//! indexes by folded name, alias, postal code, country and region. Lookup only; choosing among
//! candidates is `resolve`'s job.
//!
//! Folding 38,000 names is most of the reading, and the page's main thread only shows cities by
//! position once the survey (in a worker) has found them: so the name, alias and code indexes are
//! built on the first lookup that needs them ([`Gazetteer::parse`] still checks every line).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::fold;

/// A city's position in the gazetteer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CityId(pub u32);

/// A city named so that the reference survives a regenerated gazetteer (positions do not).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct CityRef {
    /// The city's name as GeoNames gives it.
    pub name: String,
    /// ISO country code.
    pub country: String,
    /// First-level region code.
    pub region: String,
}

/// Why the gazetteer text could not be read (it is generated, so this means a damaged file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GazetteerError {
    /// The line, from 1.
    pub line: usize,
    /// What is wrong there.
    pub message: String,
}

impl std::fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "gazetteer line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for GazetteerError {}

#[derive(Clone, Debug)]
struct Zone {
    name: String,
    standard_minutes: i32,
    summer_minutes: i32,
}

/// Cities with their country, region, coordinates, population, time zone and metro.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    names: Vec<String>,
    countries: Vec<u16>,
    regions: Vec<String>,
    /// Hundredths of a degree, as the file stores them (exact, and half the size of f64).
    latitudes: Vec<i32>,
    longitudes: Vec<i32>,
    populations: Vec<u32>,
    zones: Vec<u16>,
    metros: Vec<Option<u32>>,
    zone_table: Vec<Zone>,
    metro_names: Vec<String>,
    country_codes: Vec<String>,
    country_names: Vec<String>,
    /// Curated aliases ("SF", "Bombay", "Noe Valley") and their cities, as written.
    aliases: Vec<(String, CityId)>,
    /// Postal codes and counties and the cities they stand for, as written.
    codes: Vec<(String, CityId)>,
    /// The indexes by folded name, alias and code, built on first use.
    lookups: OnceLock<Lookups>,
    /// Folded country code, name or alias → country.
    country_keys: BTreeMap<String, u16>,
    /// Folded region code or name → (country, region code) pairs.
    region_keys: BTreeMap<String, Vec<(u16, String)>>,
}

/// The gazetteer's indexes by folded key.
#[derive(Clone, Debug)]
struct Lookups {
    /// Folded city name → cities with that name.
    by_name: BTreeMap<String, Vec<CityId>>,
    /// Folded curated alias → its city.
    by_alias: BTreeMap<String, CityId>,
    /// Postal codes and counties ("us-zip3:941", "ca-fsa:m5v", "gb-out:sw1a",
    /// "us-county:san mateo county, ca"), folded → the cities they stand for.
    by_code: BTreeMap<String, Vec<CityId>>,
}

impl Lookups {
    fn build(names: &[String], aliases: &[(String, CityId)], codes: &[(String, CityId)]) -> Lookups {
        let mut by_name: BTreeMap<String, Vec<CityId>> = BTreeMap::new();
        for (index, name) in names.iter().enumerate() {
            by_name.entry(fold(name)).or_default().push(CityId(index as u32));
        }
        let by_alias = aliases.iter().map(|(alias, city)| (fold(alias), *city)).collect();
        let mut by_code: BTreeMap<String, Vec<CityId>> = BTreeMap::new();
        for (code, city) in codes {
            let cities = by_code.entry(fold(code)).or_default();
            if !cities.contains(city) {
                cities.push(*city);
            }
        }
        Lookups { by_name, by_alias, by_code }
    }
}

impl Gazetteer {
    /// Reads the text that `./build-gazetteer` writes.
    pub fn parse(text: &str) -> Result<Gazetteer, GazetteerError> {
        let mut sections: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
        let mut current: (&str, Vec<(usize, &str)>) = ("", Vec::new());
        for (index, line) in text.lines().enumerate() {
            if line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                let (done, lines) = std::mem::replace(&mut current, (name, Vec::new()));
                sections.entry(done).or_default().extend(lines);
                continue;
            }
            current.1.push((index + 1, line));
        }
        sections.entry(current.0).or_default().extend(current.1);
        let section = |name: &str| -> Result<&Vec<(usize, &str)>, GazetteerError> {
            sections.get(name).ok_or(GazetteerError { line: 1, message: format!("missing section [{name}]") })
        };
        let fail = |line: usize, message: String| GazetteerError { line, message };

        let mut zone_table = Vec::new();
        for &(line, text) in section("zones")? {
            let parts: Vec<&str> = text.split('\t').collect();
            let [name, standard, summer] = parts[..] else {
                return Err(fail(line, "expected zone, standard, summer".into()));
            };
            let minutes = |value: &str| value.parse::<i32>().map_err(|_| fail(line, format!("bad offset {value:?}")));
            zone_table.push(Zone {
                name: name.to_owned(),
                standard_minutes: minutes(standard)?,
                summer_minutes: minutes(summer)?,
            });
        }
        let metro_names: Vec<String> = section("metros")?.iter().map(|(_, name)| (*name).to_owned()).collect();

        let (mut country_codes, mut country_names, mut country_keys) = (Vec::new(), Vec::new(), BTreeMap::new());
        for &(line, text) in section("countries")? {
            let parts: Vec<&str> = text.split('\t').collect();
            if parts.len() < 2 {
                return Err(fail(line, "expected code and name".into()));
            }
            let index = country_codes.len() as u16;
            for key in &parts {
                country_keys.insert(fold(key), index);
            }
            country_codes.push(parts[0].to_owned());
            country_names.push(parts[1].to_owned());
        }
        // The first of two rows with one code wins, as a scan would have it.
        let country_by_code: BTreeMap<&str, u16> =
            country_codes.iter().enumerate().rev().map(|(index, code)| (code.as_str(), index as u16)).collect();
        let country_index = |code: &str| country_by_code.get(code).copied();

        let mut region_keys: BTreeMap<String, Vec<(u16, String)>> = BTreeMap::new();
        for &(line, text) in section("regions")? {
            let parts: Vec<&str> = text.split('\t').collect();
            let (Some(country), true) = (country_index(parts[0]), parts.len() >= 3) else {
                return Err(fail(line, format!("unknown country or no names in {text:?}")));
            };
            for key in std::iter::once(parts[1]).chain(parts[2..].iter().copied()) {
                region_keys.entry(fold(key)).or_default().push((country, parts[1].to_owned()));
            }
        }

        let cities = section("cities")?;
        let [names, places, latitudes, longitudes, populations, zones, metros] = &cities[..] else {
            return Err(fail(cities.first().map_or(1, |c| c.0), "expected 7 lines of city columns".into()));
        };
        let names: Vec<String> = names.1.split('\t').map(str::to_owned).collect();
        let n = names.len();
        let mut countries = Vec::with_capacity(n);
        let mut regions = Vec::with_capacity(n);
        for (place, count) in runs(places, n)? {
            let (code, region) = place.split_once('.').ok_or_else(|| fail(places.0, format!("bad place {place:?}")))?;
            let country = country_index(code).ok_or_else(|| fail(places.0, format!("unknown country {code:?}")))?;
            countries.extend(std::iter::repeat_n(country, count));
            regions.extend(std::iter::repeat_n(region.to_owned(), count));
        }
        let latitudes = deltas(latitudes, n)?;
        let longitudes = deltas(longitudes, n)?;
        let populations: Vec<u32> = numbers(populations, n)?;
        let zones: Vec<u16> = runs(zones, n)?
            .into_iter()
            .map(|(zone, count)| zone.parse::<u16>().map(|z| std::iter::repeat_n(z, count)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| fail(zones.0, "bad zone index".into()))?
            .into_iter()
            .flatten()
            .collect();
        if zones.iter().any(|&z| usize::from(z) >= zone_table.len()) {
            return Err(fail(cities[5].0, "zone index out of range".into()));
        }
        let metros: Vec<Option<u32>> = metros
            .1
            .split(' ')
            .map(|m| if m.is_empty() { Ok(None) } else { m.parse::<u32>().map(Some) })
            .collect::<Result<_, _>>()
            .map_err(|_| fail(metros.0, "bad metro index".into()))?;
        if metros.len() != n || metros.iter().flatten().any(|&m| m as usize >= metro_names.len()) {
            return Err(fail(cities[6].0, format!("{} metro entries for {n} cities", metros.len())));
        }

        let aliases = keyed_cities(section("aliases")?, n)?;
        // Written since the postal codes arrived; a file without them still reads.
        let codes = keyed_cities(sections.get("codes").map_or(&[][..], Vec::as_slice), n)?;
        Ok(Gazetteer {
            names,
            countries,
            regions,
            latitudes,
            longitudes,
            populations,
            zones,
            metros,
            zone_table,
            metro_names,
            country_codes,
            country_names,
            aliases,
            codes,
            lookups: OnceLock::new(),
            country_keys,
            region_keys,
        })
    }

    /// Number of cities.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether there are no cities.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The city's name as GeoNames gives it.
    pub fn name(&self, city: CityId) -> &str {
        &self.names[city.0 as usize]
    }

    /// ISO 3166-1 alpha-2 code of the city's country.
    pub fn country_code(&self, city: CityId) -> &str {
        &self.country_codes[usize::from(self.countries[city.0 as usize])]
    }

    /// The country's English name.
    pub fn country_name(&self, city: CityId) -> &str {
        &self.country_names[usize::from(self.countries[city.0 as usize])]
    }

    /// GeoNames' first-level region code (the state code in the US).
    pub fn region_code(&self, city: CityId) -> &str {
        &self.regions[city.0 as usize]
    }

    /// Latitude and longitude in degrees, to 0.01°.
    pub fn coordinates(&self, city: CityId) -> (f64, f64) {
        let index = city.0 as usize;
        (f64::from(self.latitudes[index]) / 100.0, f64::from(self.longitudes[index]) / 100.0)
    }

    /// Population, to two significant digits.
    pub fn population(&self, city: CityId) -> u64 {
        u64::from(self.populations[city.0 as usize]) * 1000
    }

    /// The IANA time zone.
    pub fn time_zone(&self, city: CityId) -> &str {
        &self.zone_table[usize::from(self.zones[city.0 as usize])].name
    }

    /// UTC offset in minutes outside summer time (and in summer where there is none).
    pub fn standard_offset_minutes(&self, city: CityId) -> i32 {
        self.zone_table[usize::from(self.zones[city.0 as usize])].standard_minutes
    }

    /// UTC offset in minutes during summer time.
    pub fn summer_offset_minutes(&self, city: CityId) -> i32 {
        self.zone_table[usize::from(self.zones[city.0 as usize])].summer_minutes
    }

    /// The metro the city belongs to: a named metro, or the city itself.
    pub fn metro(&self, city: CityId) -> &str {
        match self.metros[city.0 as usize] {
            Some(metro) => &self.metro_names[metro as usize],
            None => self.name(city),
        }
    }

    fn lookups(&self) -> &Lookups {
        self.lookups.get_or_init(|| Lookups::build(&self.names, &self.aliases, &self.codes))
    }

    /// Cities whose folded name is `key`.
    pub(super) fn named(&self, key: &str) -> &[CityId] {
        self.lookups().by_name.get(key).map_or(&[], Vec::as_slice)
    }

    /// The city of a curated alias ("SF", "Bombay", "Noe Valley").
    pub(super) fn alias(&self, key: &str) -> Option<CityId> {
        self.lookups().by_alias.get(key).copied()
    }

    /// The cities a postal code or county stands for, by its folded key ("ca-fsa:m5v").
    pub(super) fn code(&self, key: &str) -> &[CityId] {
        self.lookups().by_code.get(key).map_or(&[], Vec::as_slice)
    }

    /// Every postal code or county key that starts with `prefix`, with its cities.
    pub(super) fn codes_starting_with<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a [CityId])> {
        self.lookups()
            .by_code
            .range::<str, _>((std::ops::Bound::Included(prefix), std::ops::Bound::Unbounded))
            .take_while(move |(key, _)| key.starts_with(prefix))
            .map(|(key, cities)| (key.as_str(), cities.as_slice()))
    }

    /// The standard and summer UTC offsets of an IANA zone some city keeps ("Europe/Berlin").
    pub fn zone_offsets(&self, time_zone: &str) -> Option<(&str, i32, i32)> {
        // Every zone a city keeps is "Area/Location": other answers need no scan of the table.
        if !time_zone.contains('/') {
            return None;
        }
        let zone = self.zone_table.iter().find(|z| z.name.eq_ignore_ascii_case(time_zone))?;
        Some((&zone.name, zone.standard_minutes, zone.summer_minutes))
    }

    /// The country a folded key names, by code, name or alias.
    pub(super) fn country_of_key(&self, key: &str) -> Option<u16> {
        self.country_keys.get(key).copied()
    }

    /// The (country, region) pairs a folded key names.
    pub(super) fn regions_of_key(&self, key: &str) -> &[(u16, String)] {
        self.region_keys.get(key).map_or(&[], Vec::as_slice)
    }

    pub(super) fn country_index(&self, city: CityId) -> u16 {
        self.countries[city.0 as usize]
    }

    /// Every folded name and alias that starts with `first`, with its cities, for searching near
    /// spellings (which keep the first letter). A range over the sorted indexes, not a full scan.
    pub(super) fn keys_starting_with(&self, first: char) -> impl Iterator<Item = (&str, &[CityId])> {
        let start = first.to_string();
        let starts = move |key: &&String| key.starts_with(first);
        let lookups = self.lookups();
        lookups
            .by_name
            .range(start.clone()..)
            .take_while(move |(key, _)| starts(key))
            .map(|(key, cities)| (key.as_str(), cities.as_slice()))
            .chain(
                lookups
                    .by_alias
                    .range(start..)
                    .take_while(move |(key, _)| starts(key))
                    .map(|(key, city)| (key.as_str(), std::slice::from_ref(city))),
            )
    }

    /// A reference to `city` that other versions of the gazetteer understand.
    pub fn reference(&self, city: CityId) -> CityRef {
        CityRef {
            name: self.name(city).to_owned(),
            country: self.country_code(city).to_owned(),
            region: self.region_code(city).to_owned(),
        }
    }

    /// The city a reference names (the largest, should two share name, country and region).
    ///
    /// Without the name index a scan of the names finds the same cities: the page shows the
    /// organizer's choices without folding every name on its main thread.
    pub fn find(&self, reference: &CityRef) -> Option<CityId> {
        let named: Vec<CityId> = match self.lookups.get() {
            Some(lookups) => lookups.by_name.get(&fold(&reference.name)).cloned().unwrap_or_default(),
            None => (0..self.names.len() as u32).map(CityId).filter(|&c| self.name(c) == reference.name).collect(),
        };
        named
            .into_iter()
            .filter(|&c| {
                self.name(c) == reference.name
                    && self.country_code(c) == reference.country
                    && self.region_code(c) == reference.region
            })
            .max_by_key(|&c| self.population(c))
    }

    /// Up to `limit` cities whose name or alias starts with `text` (folded), largest first: what
    /// the organizer picks from when giving a spelling another place.
    pub fn search(&self, text: &str, limit: usize) -> Vec<CityId> {
        let prefix = fold(text);
        if prefix.is_empty() {
            return Vec::new();
        }
        let lookups = self.lookups();
        let mut found: Vec<CityId> = lookups
            .by_name
            .range(prefix.clone()..)
            .take_while(|(key, _)| key.starts_with(&prefix))
            .flat_map(|(_, cities)| cities.iter().copied())
            .chain(
                lookups
                    .by_alias
                    .range(prefix.clone()..)
                    .take_while(|(key, _)| key.starts_with(&prefix))
                    .map(|(_, &c)| c),
            )
            .collect();
        found.sort_by_key(|&city| (std::cmp::Reverse(self.population(city)), city));
        found.dedup();
        found.truncate(limit);
        found
    }

    /// Great-circle distance between two cities in kilometres.
    pub fn distance_km(&self, a: CityId, b: CityId) -> f64 {
        let (lat_a, lon_a) = self.coordinates(a);
        let (lat_b, lon_b) = self.coordinates(b);
        great_circle_km(lat_a, lon_a, lat_b, lon_b)
    }
}

/// Great-circle distance in kilometres (haversine, mean Earth radius), using the libm crate so the
/// result is the same natively and in wasm32.
pub fn great_circle_km(lat_a: f64, lon_a: f64, lat_b: f64, lon_b: f64) -> f64 {
    let (phi_a, phi_b) = (lat_a.to_radians(), lat_b.to_radians());
    let half_dphi = (phi_b - phi_a) / 2.0;
    let half_dlambda = (lon_b - lon_a).to_radians() / 2.0;
    let h = libm::sin(half_dphi) * libm::sin(half_dphi)
        + libm::cos(phi_a) * libm::cos(phi_b) * libm::sin(half_dlambda) * libm::sin(half_dlambda);
    2.0 * 6371.0 * libm::asin(libm::sqrt(h.min(1.0)))
}

/// Lines of a key and a city index ("sf\t123"), checked; folded when the indexes are built.
fn keyed_cities(lines: &[(usize, &str)], n: usize) -> Result<Vec<(String, CityId)>, GazetteerError> {
    lines
        .iter()
        .map(|&(line, text)| {
            let fail = |message: String| GazetteerError { line, message };
            let (key, city) = text.split_once('\t').ok_or_else(|| fail("expected a key and a city".into()))?;
            let city: u32 =
                city.parse().ok().filter(|&c| (c as usize) < n).ok_or_else(|| fail(format!("bad city {city:?}")))?;
            Ok((key.to_owned(), CityId(city)))
        })
        .collect()
}

/// "value*count value*count …" expanded into (value, count) pairs totalling `n`.
fn runs<'a>(line: &(usize, &'a str), n: usize) -> Result<Vec<(&'a str, usize)>, GazetteerError> {
    let mut out = Vec::new();
    let mut total = 0;
    for run in line.1.split(' ') {
        let (value, count) = run
            .rsplit_once('*')
            .and_then(|(v, c)| c.parse::<usize>().ok().map(|c| (v, c)))
            .ok_or(GazetteerError { line: line.0, message: format!("bad run {run:?}") })?;
        total += count;
        out.push((value, count));
    }
    if total != n {
        return Err(GazetteerError { line: line.0, message: format!("runs cover {total} cities, not {n}") });
    }
    Ok(out)
}

fn numbers<T: std::str::FromStr>(line: &(usize, &str), n: usize) -> Result<Vec<T>, GazetteerError> {
    let values: Vec<T> = line
        .1
        .split(' ')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| GazetteerError { line: line.0, message: "not a number".into() })?;
    if values.len() != n {
        return Err(GazetteerError { line: line.0, message: format!("{} values for {n} cities", values.len()) });
    }
    Ok(values)
}

/// Hundredths of a degree, each written as the difference from the one before.
fn deltas(line: &(usize, &str), n: usize) -> Result<Vec<i32>, GazetteerError> {
    let mut value = 0i32;
    Ok(numbers::<i32>(line, n)?
        .into_iter()
        .map(|delta| {
            value += delta;
            value
        })
        .collect())
}
