//! How many circles to open before searching, and where: in person for each metro that can fill
//! its own circles, by video for everyone else, counted per band of time zones so that people far
//! from everyone else do not claim a circle they cannot fill.

use super::roster::{MetroId, Roster, Venue};
use super::rules::Rules;
use crate::solver::SizeBounds;

/// One circle to fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PlannedCircle {
    /// Where it meets.
    pub venue: Venue,
    /// The balanced size for its pool of people.
    pub target: u32,
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

/// The circles to open, in-person ones first (largest metro first), then video circles.
pub(crate) fn plan(roster: &Roster, rules: &Rules) -> Vec<PlannedCircle> {
    let size = rules.size;
    let target = |people: usize, circles: usize| (people.div_ceil(circles.max(1)) as u32).clamp(size.min, size.max);
    let mut circles = Vec::new();
    let mut hosted = vec![false; roster.metro_names.len()];
    let mut leftovers: Vec<Option<i32>> = Vec::new();
    if rules.place.in_person {
        let threshold = rules.place.hosting_threshold(size);
        for (metro, count) in metros_by_size(roster) {
            if count < threshold || !rules.place.may_host(roster.metro_name(metro)) {
                continue;
            }
            // Colleagues beyond one per circle cannot all stay in their metro's circles when a
            // distinct rule is hard; count only who can, and host no circle that they cannot fill.
            let placeable = placeable_in_metro(roster, metro, count, size);
            let (k, placed) = circles_for(placeable, size);
            if k == 0 {
                continue;
            }
            hosted[metro.0 as usize] = true;
            // Everyone the metro's circles cannot take joins the video pool, in the metro's band.
            let offset = (0..roster.n).find(|&p| roster.lives_in(p, metro)).and_then(|p| roster.offset[p]);
            leftovers.extend(std::iter::repeat_n(offset, count - placed));
            let venue = Venue::InPerson(metro);
            circles.extend((0..k).map(|_| PlannedCircle { venue, target: target(placeable, k) }));
        }
    }

    let mut offsets: Vec<i32> = Vec::new();
    let mut unknown = 0;
    for offset in leftovers {
        match offset {
            Some(offset) if rules.place.max_tz_spread_hours.is_some() => offsets.push(offset),
            _ => unknown += 1,
        }
    }
    for person in 0..roster.n {
        if roster.metro[person].is_some_and(|metro| hosted[metro.0 as usize]) {
            continue;
        }
        match roster.offset[person] {
            Some(offset) if rules.place.max_tz_spread_hours.is_some() => offsets.push(offset),
            _ => unknown += 1,
        }
    }
    let mut bands = time_zone_bands(&mut offsets, rules.place.max_tz_spread_hours);
    // People of unknown time zone can join any band; counting them with the largest one opens the
    // circles they can fill without guessing where.
    match bands.iter_mut().max() {
        Some(largest) => *largest += unknown,
        None if unknown > 0 => bands.push(unknown),
        None => {}
    }
    for band in bands {
        let (k, _) = circles_for(band, size);
        circles.extend((0..k).map(|_| PlannedCircle { venue: Venue::Video, target: target(band, k) }));
    }
    circles
}

/// How many of a metro's `count` people its own circles can hold when hard distinct rules allow
/// only one person per answer in each circle (the count shrinks with the circles, so iterate).
pub(crate) fn placeable_in_metro(roster: &Roster, metro: MetroId, count: usize, size: SizeBounds) -> usize {
    let hard: Vec<&[u32]> =
        roster.distinct.iter().filter(|d| d.strength.is_hard()).map(|d| d.groups.as_slice()).collect();
    if hard.is_empty() {
        return count;
    }
    let mut placeable = count;
    for _ in 0..4 {
        let (circles, _) = circles_for(placeable, size);
        let mut excess = 0;
        for groups in &hard {
            let mut answers: Vec<u32> =
                (0..roster.n).filter(|&p| roster.lives_in(p, metro) && groups[p] != 0).map(|p| groups[p]).collect();
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

/// Splits sorted offsets greedily into bands no wider than the spread, west to east; returns the
/// number of people per band. Without a spread limit, everyone is one band.
pub(crate) fn time_zone_bands(offsets: &mut [i32], spread_hours: Option<f64>) -> Vec<usize> {
    offsets.sort_unstable();
    let Some(hours) = spread_hours else {
        return if offsets.is_empty() { Vec::new() } else { vec![offsets.len()] };
    };
    let width = libm::round(hours * 60.0) as i32; // as `PlaceRule::max_tz_spread_minutes`
    let mut bands = Vec::new();
    let mut start = 0;
    while start < offsets.len() {
        let end = offsets[start..].partition_point(|&o| o <= offsets[start] + width) + start;
        bands.push(end - start);
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
        let mut offsets = vec![-480, -420, -300, -300, 0, 60, 480];
        assert_eq!(time_zone_bands(&mut offsets, Some(3.0)), vec![4, 2, 1]);
        assert_eq!(time_zone_bands(&mut offsets, None), vec![7]);
    }
}
