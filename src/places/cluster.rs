//! Groups the distinct spellings of a location column that probably mean the same place, the way
//! data-cleaning tools do: equal fingerprints (the folded words, sorted and deduplicated), equal
//! character-bigram fingerprints, or a small edit distance. Spellings known to be different places
//! are never joined, however alike they look ("Portland, OR" and "Portland, ME").

use std::collections::BTreeMap;

use super::fold;

/// The folded, deduplicated, sorted words: "San Francisco, CA" and "ca san francisco" agree.
pub fn fingerprint(text: &str) -> String {
    let folded = fold(text);
    let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    words.sort_unstable();
    words.dedup();
    words.join(" ")
}

/// The sorted, deduplicated character bigrams of the folded text without spaces: catches
/// "SanFrancisco" and "San Francisco", and reordered halves.
pub fn bigram_fingerprint(text: &str) -> String {
    let letters: Vec<char> = fold(text).chars().filter(|c| *c != ' ').collect();
    let mut bigrams: Vec<String> = letters.windows(2).map(|pair| pair.iter().collect()).collect();
    bigrams.sort_unstable();
    bigrams.dedup();
    bigrams.concat()
}

/// Clusters of indexes into `spellings` (each with more than one member), largest total first.
///
/// `different(a, b)` says when two spellings are known to be different places; such pairs are
/// never joined, even through a third spelling.
///
/// Pairs are only compared where they could match: equal fingerprints and bigram fingerprints are
/// joined through a sorted index, and edit distances are only computed among spellings that share
/// their first two letters (in blocks of a bounded size), so 10,000 spellings take well under a
/// second instead of 50 million comparisons.
pub fn clusters(spellings: &[(&str, usize)], different: impl Fn(usize, usize) -> bool) -> Vec<Vec<usize>> {
    let mut groups = Groups::new(spellings.len());
    let mut join = |a: usize, b: usize| {
        if !different(a, b) {
            groups.join(a, b, &different);
        }
    };
    let keys: Vec<[String; 3]> =
        spellings.iter().map(|(s, _)| [fingerprint(s), bigram_fingerprint(s), fold(s).replace(' ', "")]).collect();
    for key in 0..2 {
        let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (index, k) in keys.iter().enumerate() {
            by_key.entry(k[key].as_str()).or_default().push(index);
        }
        for same in by_key.values() {
            for &other in &same[1..] {
                join(same[0], other);
            }
        }
    }
    let mut by_start: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, k) in keys.iter().enumerate() {
        by_start.entry(k[2].chars().take(2).collect()).or_default().push(index);
    }
    for block in by_start.values() {
        // A huge block (thousands of spellings starting alike) is compared with neighbours in
        // sorted order only: typos of one word sort close together.
        let mut block = block.clone();
        block.sort_by(|&a, &b| keys[a][2].cmp(&keys[b][2]));
        for (position, &a) in block.iter().enumerate() {
            for &b in block.iter().skip(position + 1).take(BLOCK_WINDOW) {
                if near(&keys[a][2], &keys[b][2]) {
                    join(a, b);
                }
            }
        }
    }
    let mut clusters: Vec<Vec<usize>> = groups.members.into_iter().filter(|g| g.len() > 1).collect();
    for cluster in &mut clusters {
        cluster.sort_unstable();
    }
    clusters.sort_by_key(|g| (std::cmp::Reverse(g.iter().map(|&i| spellings[i].1).sum::<usize>()), g[0]));
    clusters
}

/// How many following spellings (in sorted order, same first two letters) each one is compared with.
const BLOCK_WINDOW: usize = 50;

/// Disjoint groups with their member lists, merged smaller into larger.
struct Groups {
    group_of: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl Groups {
    fn new(n: usize) -> Self {
        Groups { group_of: (0..n).collect(), members: (0..n).map(|i| vec![i]).collect() }
    }

    /// Joins the groups of `a` and `b` unless that would put two different places together.
    fn join(&mut self, a: usize, b: usize, different: &impl Fn(usize, usize) -> bool) {
        let (ga, gb) = (self.group_of[a], self.group_of[b]);
        if ga == gb || self.members[ga].iter().any(|&x| self.members[gb].iter().any(|&y| different(x, y))) {
            return;
        }
        let (big, small) = if self.members[ga].len() >= self.members[gb].len() { (ga, gb) } else { (gb, ga) };
        let moved = std::mem::take(&mut self.members[small]);
        for &member in &moved {
            self.group_of[member] = big;
        }
        self.members[big].extend(moved);
    }
}

/// An edit distance of 1 for words of 5 to 9 letters, 2 from 10 letters; shorter words only match
/// exactly (abbreviations like "SF" and "LA" are too close to each other).
fn near(a: &str, b: &str) -> bool {
    let shorter = a.chars().count().min(b.chars().count());
    let allowed = match shorter {
        0..=4 => return false,
        5..=9 => 1,
        _ => 2,
    };
    distance_at_most(a, b, allowed)
}

fn distance_at_most(a: &str, b: &str, limit: usize) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > limit {
        return false;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            current[j + 1] = (previous[j] + usize::from(ca != cb)).min(previous[j + 1] + 1).min(current[j] + 1);
        }
        if current.iter().min().is_some_and(|&m| m > limit) {
            return false;
        }
        previous = current;
    }
    previous[b.len()] <= limit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints() {
        assert_eq!(fingerprint("San Francisco, CA"), fingerprint("ca  san francisco"));
        assert_eq!(fingerprint("Brooklyn, NY"), fingerprint("brooklyn ny"));
        assert_eq!(bigram_fingerprint("SanFrancisco"), bigram_fingerprint("San Francisco"));
        assert_ne!(fingerprint("Portland, OR"), fingerprint("Portland, ME"));
    }

    #[test]
    fn known_different_places_stay_apart_even_through_a_third() {
        let spellings = [("Portland, OR", 3), ("Portland, ME", 1), ("Portland OR", 1), ("portland", 2)];
        // OR and ME are different; "portland" could join either but not both.
        let different = |a: usize, b: usize| {
            let state = |i: usize| {
                if i == 1 {
                    "me"
                } else if i == 3 {
                    "?"
                } else {
                    "or"
                }
            };
            state(a) != "?" && state(b) != "?" && state(a) != state(b)
        };
        let groups = clusters(&spellings, different);
        assert!(groups.iter().all(|g| !(g.contains(&0) && g.contains(&1))), "{groups:?}");
        assert!(groups.iter().any(|g| g.contains(&0) && g.contains(&2)), "{groups:?}");
    }

    #[test]
    fn typos_join_but_short_abbreviations_do_not() {
        let spellings = [("Seattle", 4), ("Seatle", 1), ("SF", 2), ("LA", 1)];
        let groups = clusters(&spellings, |_, _| false);
        assert_eq!(groups, vec![vec![0, 1]]);
    }
}
