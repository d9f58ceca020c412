//! How many circles to open before searching, and where: in person for each metro that can fill
//! its own circles, by video for everyone else, counted per band of time zones so that people far
//! from everyone else do not claim a circle they cannot fill.
//!
//! The plan serves the identity rules too: when a metro has too few people matching a
//! never-isolate or share rule for any of its circles to meet it (one woman where two are wanted,
//! three where a share asks for four), those people are planned into a video circle of their
//! time-zone band, where they can meet others who match, as long as the metro's circles still fill.

use super::roster::{MetroId, Roster, Venue};
use super::rules::Rules;
use crate::solver::{SizeBounds, share_needed};

/// One circle to fill.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PlannedCircle {
    /// Where it meets.
    pub venue: Venue,
    /// The balanced size for its pool of people.
    pub target: u32,
    /// For a video circle planned for one band of time zones, its lowest and highest UTC offsets.
    pub band: Option<(i32, i32)>,
    /// How many members it may have: the rules' range, or exactly its members when locked.
    pub bounds: SizeBounds,
    /// Whether the organizer locked it: nobody joins or leaves.
    pub locked: bool,
}

impl PlannedCircle {
    /// A circle of the plan, sized by the rules.
    pub(crate) fn new(venue: Venue, target: u32, band: Option<(i32, i32)>, size: SizeBounds) -> Self {
        PlannedCircle { venue, target, band, bounds: size, locked: false }
    }
}

/// The circles to open, and who is planned where.
#[derive(Clone, Debug, Default)]
pub(crate) struct Plan {
    /// In-person circles first (largest metro first), then video circles, west to east.
    pub circles: Vec<PlannedCircle>,
    /// Whether each person is planned into their own metro's in-person circles.
    pub at_home: Vec<bool>,
    /// People of hosting metros planned into video circles for the identity rules.
    pub routed: Vec<usize>,
}

/// How many circles a pool of `n` people fills, and how many of them it places: sizes nearest
/// the middle of the range; when no count fits everyone, as many full circles as there are.
pub(crate) fn circles_for(n: usize, size: SizeBounds) -> (usize, usize) {
    let (min, max) = (size.min.max(1) as usize, size.max.max(1) as usize);
    if n < min {
        return (0, 0);
    }
    let fewest = n.div_ceil(max);
    let most = n / min;
    if fewest <= most {
        let middle = (min + max) as f64 / 2.0;
        let circles = (libm::round(n as f64 / middle) as usize).clamp(fewest, most);
        return (circles, n);
    }
    (most, most * max)
}

/// Who matches each never-isolate and share rule, with how many a circle with any needs at least.
pub(crate) fn identity_needs<'a>(roster: &'a Roster, rules: &Rules) -> Vec<(&'a [bool], usize)> {
    let size = rules.size;
    let isolating = rules.never_isolate.iter().zip(&roster.never_isolate).map(|(r, m)| (&m.matches[..], r.k as usize));
    let sharing = rules
        .share
        .iter()
        .zip(&roster.share)
        .map(|(r, m)| (&m.matches[..], share_needed(r.at_least, size.min).max(1) as usize));
    isolating.chain(sharing).collect()
}

/// The matching people of a metro (its `members`) who are too few for any of its circles to meet
/// a never-isolate or share rule.
fn too_few_to_match(roster: &Roster, rules: &Rules, members: &[usize]) -> Vec<usize> {
    let mut routed: Vec<usize> = Vec::new();
    for (matches, needed) in identity_needs(roster, rules) {
        let matching: Vec<usize> = members.iter().copied().filter(|&p| matches[p]).collect();
        if !matching.is_empty() && matching.len() < needed {
            routed.extend(matching);
        }
    }
    routed.sort_unstable();
    routed.dedup();
    routed
}

/// The circles to open for the people `included` (everyone but those the organizer keeps in
/// their circles), in-person ones first (largest metro first), then video circles.
pub(crate) fn plan(roster: &Roster, rules: &Rules, included: &[bool]) -> Plan {
    let size = rules.size;
    let target = |people: usize, circles: usize| (people.div_ceil(circles.max(1)) as u32).clamp(size.min, size.max);
    let mut plan = Plan { at_home: vec![false; roster.n], ..Plan::default() };
    // Offsets of everyone in the video pool (`None`: unknown).
    let mut video: Vec<Option<i32>> = Vec::new();
    if rules.place.in_person {
        let threshold = rules.place.hosting_threshold(size);
        for (metro, count) in metros_by_size(roster) {
            if count < threshold || !rules.place.may_host(roster.metro_name(metro)) {
                continue;
            }
            let mut members: Vec<usize> = (0..roster.n).filter(|&p| included[p] && roster.lives_in(p, metro)).collect();
            if members.len() < threshold {
                continue;
            }
            let routed = too_few_to_match(roster, rules, &members);
            let staying: Vec<usize> = members.iter().copied().filter(|p| !routed.contains(p)).collect();
            // Routing must leave the metro able to fill its circles; otherwise all stay.
            let (routed, k, placed, placeable) = match metro_circles(roster, &staying, size) {
                (k, placed, placeable) if k > 0 && !routed.is_empty() => (routed, k, placed, placeable),
                _ => {
                    let (k, placed, placeable) = metro_circles(roster, &members, size);
                    (Vec::new(), k, placed, placeable)
                }
            };
            if k == 0 {
                continue;
            }
            members.retain(|p| !routed.contains(p));
            for &person in &members {
                plan.at_home[person] = true;
            }
            // Everyone the metro's circles cannot take joins the video pool, in the metro's band.
            let offset = members.first().and_then(|&p| roster.offset[p]);
            video.extend(std::iter::repeat_n(offset, members.len() - placed));
            video.extend(routed.iter().map(|&p| roster.offset[p]));
            plan.routed.extend(routed);
            let venue = Venue::InPerson(metro);
            plan.circles.extend((0..k).map(|_| PlannedCircle::new(venue, target(placeable, k), None, size)));
        }
    }
    let hosted = |p: usize| roster.metro[p].is_some_and(|m| plan.circles.iter().any(|c| c.venue == Venue::InPerson(m)));
    video.extend((0..roster.n).filter(|&p| included[p] && !hosted(p)).map(|p| roster.offset[p]));
    let spread = rules.place.max_tz_spread_minutes();
    let mut offsets: Vec<i32> = video.iter().flatten().copied().filter(|_| spread.is_some()).collect();
    let unknown = video.len() - offsets.len();
    let mut bands = spread.map(|width| time_zone_bands(&mut offsets, width)).unwrap_or_default();
    // People of unknown time zone can join any band; counting them with the largest one opens the
    // circles they can fill without guessing where.
    match bands.iter_mut().max_by_key(|band| band.people) {
        Some(largest) => largest.people += unknown,
        None if unknown > 0 => bands.push(Band { range: None, people: unknown }),
        None => {}
    }
    for band in bands {
        let (k, _) = circles_for(band.people, size);
        let circle = PlannedCircle::new(Venue::Video, target(band.people, k), band.range, size);
        plan.circles.extend(std::iter::repeat_n(circle, k));
    }
    plan
}

/// A metro's circles for these members: how many, how many people they place, and how many of
/// the members they can hold at all.
fn metro_circles(roster: &Roster, members: &[usize], size: SizeBounds) -> (usize, usize, usize) {
    // Colleagues beyond one per circle cannot all stay in their metro's circles when a distinct
    // rule is hard; count only who can, and host no circle that they cannot fill.
    let placeable = placeable_of(roster, members, size);
    let (k, placed) = circles_for(placeable, size);
    (k, placed, placeable)
}

/// How many of a metro's people (`members`) its own circles can hold when hard distinct rules
/// allow only one person per answer in each circle (the count shrinks with the circles, so iterate).
pub(crate) fn placeable_of(roster: &Roster, members: &[usize], size: SizeBounds) -> usize {
    let hard: Vec<&[u32]> =
        roster.distinct.iter().filter(|d| d.strength.is_hard()).map(|d| d.groups.as_slice()).collect();
    let count = members.len();
    if hard.is_empty() {
        return count;
    }
    let mut placeable = count;
    for _ in 0..4 {
        let (circles, _) = circles_for(placeable, size);
        let mut excess = 0;
        for groups in &hard {
            let mut answers: Vec<u32> = members.iter().map(|&p| groups[p]).filter(|&g| g != 0).collect();
            answers.sort_unstable();
            excess =
                answers.chunk_by(|a, b| a == b).map(|run| run.len().saturating_sub(circles)).sum::<usize>().max(excess);
        }
        let next = count - excess;
        if next == placeable {
            break;
        }
        placeable = next;
    }
    placeable
}

/// How many of a metro's people its own circles can hold (see [`placeable_of`]).
pub(crate) fn placeable_in_metro(roster: &Roster, metro: MetroId, size: SizeBounds) -> usize {
    let members: Vec<usize> = (0..roster.n).filter(|&p| roster.lives_in(p, metro)).collect();
    placeable_of(roster, &members, size)
}

/// Metros with their number of people, largest first (ties by name).
pub(crate) fn metros_by_size(roster: &Roster) -> Vec<(MetroId, usize)> {
    let mut counts = vec![0usize; roster.metro_names.len()];
    for metro in roster.metro.iter().flatten() {
        counts[metro.0 as usize] += 1;
    }
    let mut metros: Vec<(MetroId, usize)> =
        counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(m, &c)| (MetroId(m as u32), c)).collect();
    metros.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| roster.metro_name(a.0).cmp(roster.metro_name(b.0))));
    metros
}

/// People within one span of time zones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Band {
    /// The lowest and highest UTC offset of its people (`None`: their time zones are unknown).
    pub range: Option<(i32, i32)>,
    /// How many people.
    pub people: usize,
}

/// Splits offsets greedily into bands no wider than `width` minutes, west to east.
pub(crate) fn time_zone_bands(offsets: &mut [i32], width: i32) -> Vec<Band> {
    offsets.sort_unstable();
    let mut bands = Vec::new();
    let mut start = 0;
    while start < offsets.len() {
        let end = offsets[start..].partition_point(|&o| o <= offsets[start] + width) + start;
        bands.push(Band { range: Some((offsets[start], offsets[end - 1])), people: end - start });
        start = end;
    }
    bands
}

#[cfg(test)]
mod tests {
    use super::*;

    fn circles(n: usize, min: u32, max: u32) -> (usize, usize) {
        circles_for(n, SizeBounds { min, max })
    }

    #[test]
    fn circles_sit_near_the_middle_of_the_range() {
        assert_eq!(circles(86, 6, 9), (11, 86));
        assert_eq!(circles(12, 6, 9), (2, 12));
        assert_eq!(circles(9, 6, 9), (1, 9));
    }

    #[test]
    fn latest_sign_ups_wait_when_no_count_fits() {
        assert_eq!(circles(11, 6, 9), (1, 9));
        assert_eq!(circles(5, 6, 9), (0, 0));
    }

    #[test]
    fn bands_are_no_wider_than_the_spread() {
        let mut offsets = vec![60, -480, -420, -300, -300, 0, 480];
        let bands: Vec<(Option<(i32, i32)>, usize)> =
            time_zone_bands(&mut offsets, 180).into_iter().map(|b| (b.range, b.people)).collect();
        assert_eq!(bands, [(Some((-480, -300)), 4), (Some((0, 60)), 2), (Some((480, 480)), 1)]);
    }
}
