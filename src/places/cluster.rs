//! Groups the distinct spellings of a location column that probably mean the same place, the way
//! data-cleaning tools do: equal fingerprints (the folded words, sorted and deduplicated), equal
//! character-bigram fingerprints, or a small edit distance. Spellings known to be different places
//! are never joined, however alike they look ("Portland, OR" and "Portland, ME").

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
pub fn clusters(spellings: &[(&str, usize)], different: impl Fn(usize, usize) -> bool) -> Vec<Vec<usize>> {
    let keys: Vec<(String, String, String)> =
        spellings.iter().map(|(s, _)| (fingerprint(s), bigram_fingerprint(s), fold(s).replace(' ', ""))).collect();
    let mut parent: Vec<usize> = (0..spellings.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for a in 0..spellings.len() {
        for b in a + 1..spellings.len() {
            let (ka, kb) = (&keys[a], &keys[b]);
            let close = ka.0 == kb.0 || ka.1 == kb.1 || near(&ka.2, &kb.2);
            if !close || different(a, b) {
                continue;
            }
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            if ra == rb {
                continue;
            }
            // Joining the two clusters must not put two known-different spellings together.
            let members_a: Vec<usize> = (0..spellings.len()).filter(|&i| root(&mut parent, i) == ra).collect();
            let members_b: Vec<usize> = (0..spellings.len()).filter(|&i| root(&mut parent, i) == rb).collect();
            if members_a.iter().any(|&x| members_b.iter().any(|&y| different(x, y))) {
                continue;
            }
            parent[rb] = ra;
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..spellings.len() {
        let r = root(&mut parent, i);
        match groups.iter_mut().find(|g| root(&mut parent, g[0]) == r) {
            Some(group) => group.push(i),
            None => groups.push(vec![i]),
        }
    }
    groups.retain(|g| g.len() > 1);
    groups.sort_by_key(|g| std::cmp::Reverse(g.iter().map(|&i| spellings[i].1).sum::<usize>()));
    groups
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
