//! Close-match suggestions for names that match nothing, by the library's one "did you mean"
//! policy ([`crate::text::closest`]).

use std::fmt;

/// A known item offered as a close match (or as one of several items sharing a label).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
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

/// Candidates close to `name` ([`crate::text::closest`]), each compared by its label, or by its
/// IRI's local name when it has none.
pub(crate) fn suggest<'a>(
    name: &str,
    candidates: impl Iterator<Item = (Option<&'a str>, &'a str)>,
) -> Vec<Suggestion> {
    crate::text::closest(
        name,
        candidates.map(|(label, iri)| {
            (
                label.unwrap_or_else(|| local_name(iri)),
                Suggestion::of(label, iri),
            )
        }),
    )
}

/// The part of an IRI after its last `#` or `/`.
fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_compare_labels_or_local_names() {
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
    }
}
