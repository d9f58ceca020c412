//! The synthetic form export the benchmarks share (the end-to-end page benchmark builds the same
//! in `tests/e2e/harness.mjs`).

/// A form export of `n` applicants: cities weighted towards a few large metros, a fifth of the
/// people at ten large employers, one in five answering yes to the identity question, and a
/// random set of times each.
pub(crate) fn synthetic_export(n: usize) -> Vec<u8> {
    let cities = [
        ("San Francisco", 12),
        ("New York", 10),
        ("Seattle", 5),
        ("Austin", 4),
        ("Chicago", 4),
        ("Boston", 4),
        ("Los Angeles", 4),
        ("Toronto", 3),
        ("Denver", 2),
        ("Atlanta", 2),
        ("Mexico City", 2),
        ("São Paulo", 2),
        ("London", 8),
        ("Berlin", 5),
        ("Paris", 3),
        ("Amsterdam", 3),
        ("Lisbon", 2),
        ("Stockholm", 2),
        ("Lagos", 2),
        ("Nairobi", 1),
        ("Bangalore", 4),
        ("Singapore", 2),
        ("Tokyo", 2),
        ("Sydney", 2),
    ];
    let total: usize = cities.iter().map(|c| c.1).sum();
    let roles =
        ["CTO", "VP Engineering", "Staff Engineer", "Engineering Manager", "Tech Lead", "Director of Engineering"];
    let times = ["Weekday mornings", "Weekday lunch", "Weekday evenings", "Weekend mornings"];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let mut out = String::from(
        "Full name,Email address,Where are you based?,Current role / title,Company,\
         Do you identify as a woman or non-binary?,Which times work for you?\n",
    );
    for i in 0..n {
        let mut pick = next(total);
        let city = cities
            .iter()
            .find(|c| {
                pick < c.1 || {
                    pick -= c.1;
                    false
                }
            })
            .unwrap()
            .0;
        // One in five works at one of ten large employers; the rest at one of n / 2 others.
        let company = if next(5) == 0 { next(10) } else { 10 + next(n / 2) };
        let available: Vec<&str> = times.iter().copied().filter(|_| next(2) == 0).collect();
        let available = if available.is_empty() { vec![times[next(4)]] } else { available };
        out += &format!(
            "Person {i},p{i}@example.com,{city},{},Company {company},{},\"{}\"\n",
            roles[next(roles.len())],
            if next(5) == 0 { "Yes" } else { "No" },
            available.join(", ")
        );
    }
    out.into_bytes()
}
