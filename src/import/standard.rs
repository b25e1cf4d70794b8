//! What the standards importers (ESCO, 1EdTech CASE, SSSOM) share: located errors, cycle
//! detection and the small vocabulary they write. They read text through [`super::read`] and
//! tables through [`super::delimited`], like every importer.

pub use super::cycle::find_cycle;
pub use super::read::read_text;
use crate::error::{DataError, DataErrorKind, ImportError};
use oxigraph::model::{Literal, NamedNode};
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
