//! What the standards importers (ESCO, 1EdTech CASE, SSSOM) share: located errors, cycle
//! detection and the small vocabulary they write. They read text through [`super::read`] and
//! tables through [`super::delimited`], like every importer.

pub use super::read::read_text;
use crate::error::{DataError, DataErrorKind, ImportError};
use oxigraph::model::{Literal, NamedNode};
use std::collections::HashMap;
use std::path::Path;

/// Builds bad-data [`ImportError`] of `kind` in `path`, at `line` and in `column` where known.
pub fn problem(
    path: &Path,
    line: Option<u64>,
    column: Option<&str>,
    kind: DataErrorKind,
    message: impl Into<String>,
) -> ImportError {
    let error = DataError::new(kind, path, message).at_optional_line(line);
    match column {
        Some(column) => error.in_column(column).into(),
        None => error.into(),
    }
}

/// The first cycle in a child → parents relation, as the list of nodes around it, if any.
pub fn find_cycle(parents: &HashMap<String, Vec<String>>) -> Option<Vec<String>> {
    // Iterative depth-first search with three colours; keys are visited in sorted order so the
    // reported cycle does not depend on hashing.
    let mut state: HashMap<&str, u8> = HashMap::new();
    let mut keys: Vec<&String> = parents.keys().collect();
    keys.sort();
    for start in keys {
        if state.contains_key(start.as_str()) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start.as_str(), 0)];
        state.insert(start.as_str(), 1);
        while let Some((node, next)) = stack.last().copied() {
            let children = parents.get(node).map_or(&[][..], Vec::as_slice);
            if next < children.len() {
                stack.last_mut().expect("not empty").1 += 1;
                let parent = children[next].as_str();
                match state.get(parent) {
                    Some(1) => {
                        let from = stack.iter().position(|(n, _)| *n == parent).unwrap_or(0);
                        let mut cycle: Vec<String> =
                            stack[from..].iter().map(|(n, _)| (*n).to_owned()).collect();
                        cycle.push(parent.to_owned());
                        return Some(cycle);
                    }
                    Some(_) => {}
                    None => {
                        state.insert(parent, 1);
                        stack.push((parent, 0));
                    }
                }
            } else {
                state.insert(node, 2);
                stack.pop();
            }
        }
    }
    None
}

pub(crate) use crate::rules::iri_slug;
pub(crate) use crate::vocab::{dcterms, skos, DCTERMS, ESCO, OWL, RDFS, SEMAPV, SKOS};

pub(crate) fn iri(value: &str) -> NamedNode {
    NamedNode::new_unchecked(value)
}

/// A checked IRI from input data.
pub(crate) fn parse_iri(value: &str) -> Option<NamedNode> {
    NamedNode::new(value.trim()).ok()
}

/// A label in `language` (untagged when `language` is empty).
pub(crate) fn text(value: &str, language: &str) -> Literal {
    if language.is_empty() {
        Literal::new_simple_literal(value)
    } else {
        Literal::new_language_tagged_literal_unchecked(value, language)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn parents(pairs: &[(&str, &str)]) -> HashMap<String, Vec<String>> {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (child, parent) in pairs {
            map.entry((*child).to_owned())
                .or_default()
                .push((*parent).to_owned());
        }
        map
    }

    #[rstest]
    #[case(&[("a", "b"), ("b", "c")], None)]
    #[case(&[("a", "b"), ("b", "a")], Some(vec!["a", "b", "a"]))]
    #[case(&[("a", "a")], Some(vec!["a", "a"]))]
    #[case(&[("x", "a"), ("a", "b"), ("b", "c"), ("c", "a")], Some(vec!["a", "b", "c", "a"]))]
    fn cycles_are_found(#[case] pairs: &[(&str, &str)], #[case] expected: Option<Vec<&str>>) {
        let found = find_cycle(&parents(pairs));
        assert_eq!(
            found,
            expected.map(|c| c.into_iter().map(str::to_owned).collect::<Vec<_>>())
        );
    }

    #[rstest]
    #[case("http://data.europa.eu/esco/skill/1a-2B", "data-europa-eu-esco-skill-1a-2b_")]
    #[case("https://w3id.org/workforce-graph/id/sfia/skill/dats", "sfia-skill-dats_")]
    #[case("https://w3id.org/workforce-graph/id/plain-slug", "plain-slug")]
    fn minted_segments(#[case] value: &str, #[case] start: &str) {
        assert!(iri_slug(value).starts_with(start), "{}", iri_slug(value));
    }

    /// ESCO occupations whose IRIs differ only in case get different requirement nodes.
    #[test]
    fn segments_of_iris_differing_in_case_differ() {
        let (upper, lower) = (
            "http://data.europa.eu/esco/occupation/ABC-1",
            "http://data.europa.eu/esco/occupation/abc-1",
        );
        assert_ne!(iri_slug(upper), iri_slug(lower));
    }
}
