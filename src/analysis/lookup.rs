//! Close-match suggestions for names that match nothing.

use std::fmt;

/// How many suggestions an error lists.
const MAX_SUGGESTIONS: usize = 5;

/// A known item offered as a close match (or as one of several items sharing a label).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// Its label, when it has one.
    pub label: Option<String>,
    /// Its IRI.
    pub iri: String,
}

impl Suggestion {
    pub(crate) fn of(label: Option<&str>, iri: &str) -> Self {
        Self {
            label: label.map(str::to_owned),
            iri: iri.to_owned(),
        }
    }
}

impl fmt::Display for Suggestion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.label {
            Some(label) => write!(f, "{label:?} <{}>", self.iri),
            None => write!(f, "<{}>", self.iri),
        }
    }
}

/// The tail of an error message: "; did you mean: a, b" or nothing.
pub(crate) fn describe_suggestions(suggestions: &[Suggestion]) -> String {
    if suggestions.is_empty() {
        return String::new();
    }
    let listed: Vec<String> = suggestions.iter().map(ToString::to_string).collect();
    format!("; close matches: {}", listed.join(", "))
}

/// Levenshtein distance over characters, with two rows.
pub(crate) fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Up to five candidates close to `name`: labels (or IRI local names for unlabelled items) that
/// contain it, or lie within an edit distance of a third of its length (at least 2). Containment
/// ranks first, then distance, then label.
pub(crate) fn suggest<'a>(
    name: &str,
    candidates: impl Iterator<Item = (Option<&'a str>, &'a str)>,
) -> Vec<Suggestion> {
    let wanted: Vec<char> = name.trim().to_lowercase().chars().collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let wanted_text: String = wanted.iter().collect();
    let limit = (wanted.len() / 3).max(2);
    let mut scored: Vec<(bool, usize, String, Suggestion)> = Vec::new();
    for (label, iri) in candidates {
        let text = label.unwrap_or_else(|| local_name(iri)).to_lowercase();
        let contains = text.contains(&wanted_text);
        let chars: Vec<char> = text.chars().collect();
        // The distance is at least the length difference, so skip the quadratic work when that
        // already rules the candidate out.
        if !contains && chars.len().abs_diff(wanted.len()) > limit {
            continue;
        }
        let distance = edit_distance(&wanted, &chars);
        if contains || distance <= limit {
            scored.push((!contains, distance, text, Suggestion::of(label, iri)));
        }
    }
    scored.sort_by(|a, b| (a.0, a.1, &a.2, &a.3.iri).cmp(&(b.0, b.1, &b.2, &b.3.iri)));
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, _, _, s)| s)
        .collect()
}

/// The part of an IRI after its last `#` or `/`.
fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("kitten", "sitting", 3)]
    #[case("", "abc", 3)]
    #[case("abc", "abc", 0)]
    #[case("data analyst", "data analist", 1)]
    #[case("flaw", "lawn", 2)]
    fn edit_distance_matches_known_values(#[case] a: &str, #[case] b: &str, #[case] expected: usize) {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        assert_eq!(edit_distance(&a, &b), expected);
        assert_eq!(edit_distance(&b, &a), expected);
    }

    #[test]
    fn suggestions_rank_containment_then_distance() {
        let items = [
            (Some("Data analyst"), "http://x/1"),
            (Some("Senior data analyst"), "http://x/2"),
            (Some("Data architect"), "http://x/3"),
            (Some("Payroll officer"), "http://x/4"),
            (None, "http://x/data-analysis"),
        ];
        let found = suggest("data analist", items.iter().copied());
        let iris: Vec<&str> = found.iter().map(|s| s.iri.as_str()).collect();
        assert_eq!(iris, ["http://x/1", "http://x/data-analysis"]);
        let found = suggest("analyst", items.iter().copied());
        let iris: Vec<&str> = found.iter().map(|s| s.iri.as_str()).collect();
        assert_eq!(iris, ["http://x/1", "http://x/2"]);
        assert!(suggest("zzzzzzzzzzzz", items.iter().copied()).is_empty());
        assert!(suggest("  ", items.iter().copied()).is_empty());
    }
}
