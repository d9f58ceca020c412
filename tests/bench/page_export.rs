//! The synthetic form export of the page's benchmark (`tests/e2e/harness.mjs` builds the same),
//! for the native import benchmark and the in-browser breakdown of the page's steps.

/// A form export of `n` applicants, the same as `tests/e2e/bench.mjs` builds: quoted multi-select
/// answers, accents, and one note with a line break every 50 records.
pub(crate) fn synthetic_export(n: usize) -> Vec<u8> {
    let cities = ["SF", "Brooklyn, NY", "São Paulo", "München", "Remote (Atlanta)", "near 4th & King Caltrain"];
    let roles = ["CTO", "VP Engineering", "Staff Engineer", "Engineering Manager", "Tech Lead"];
    let mut out = String::from(
        "Timestamp,Full name,Email address,Where are you based?,Current role / title,Company,Pronouns,\
         Do you identify as a woman or non-binary?,Which times work for you?,Anything else we should know?\n",
    );
    for i in 0..n {
        let note = if i % 50 == 0 { "\"Happy to host,\nif needed\"" } else { "" };
        out += &format!(
            "2026/03/04 9:{:02}:07 AM GMT-8,Person {i} Núñez,person{i}@example.com,\"{}\",{},Company {},they/them,{},\"Weekday mornings, Weekend afternoons\",{note}\n",
            i % 60,
            cities[i % cities.len()],
            roles[i % roles.len()],
            i % 997,
            if i % 10 == 0 { "Yes" } else { "No" },
        );
    }
    out.into_bytes()
}
