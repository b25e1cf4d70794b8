//! Importers: official exports and user files turned into triples of the workforce ontology.
//!
//! Each importer reads everything first and only then touches the store, in one transaction, so a
//! bad file changes nothing. Each returns an [`ImportReport`] saying what it added and what it
//! did about the quirks of its input.

pub mod case;
pub mod ddat;
pub mod esco;
pub mod sfia;
pub mod sssom;
pub mod standard;
pub mod table;

use oxigraph::model::{NamedNode, Triple};
use serde::Serialize;
use std::collections::BTreeMap;

/// Namespace of the ontology's terms.
pub const WG: &str = "https://w3id.org/workforce-graph/ontology#";
/// Namespace of the bundled data's resources.
pub const WGID: &str = "https://w3id.org/workforce-graph/id/";

/// What an import added and what it did about its input's quirks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The file or folder imported.
    pub source: String,
    /// How many of each kind of thing were added (e.g. `"roles": 52`).
    pub added: BTreeMap<String, usize>,
    /// Rows or values skipped or changed, each with the reason.
    pub notes: Vec<String>,
    /// Triples produced.
    pub triples: usize,
}

/// A lowercase, hyphen-separated IRI segment: every run of characters other than ASCII letters
/// and digits becomes one `-`, trimmed at both ends (`"Head of (Agile) delivery"` →
/// `"head-of-agile-delivery"`).
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

pub(crate) fn wg(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{WG}{local}"))
}

pub(crate) fn wgid(path: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{WGID}{path}"))
}

/// Serialises triples as Turtle with the library's usual prefixes, sorted so the output is stable.
pub fn to_turtle(triples: &[Triple]) -> String {
    use oxigraph::io::{RdfFormat, RdfSerializer};
    let mut sorted: Vec<&Triple> = triples.iter().collect();
    sorted.sort_by_cached_key(|t| {
        (
            t.subject.to_string(),
            t.predicate.to_string(),
            t.object.to_string(),
        )
    });
    let mut serializer = RdfSerializer::from_format(RdfFormat::Turtle);
    for (prefix, iri) in crate::graph::PREFIXES {
        serializer = serializer
            .with_prefix(*prefix, *iri)
            .expect("the built-in prefixes are valid IRIs");
    }
    let mut writer = serializer.for_writer(Vec::new());
    for triple in sorted {
        writer
            .serialize_triple(triple)
            .expect("writing to memory cannot fail");
    }
    String::from_utf8(writer.finish().expect("writing to memory cannot fail")).expect("Turtle is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::slug;
    use rstest::rstest;

    #[rstest]
    #[case("Data analyst", "data-analyst")]
    #[case("Head of (Agile) delivery management", "head-of-agile-delivery-management")]
    #[case("End user computing engineer ", "end-user-computing-engineer")]
    #[case(
        "Development operations (DevOps) engineer",
        "development-operations-devops-engineer"
    )]
    #[case("Senior DevOps engineer - management", "senior-devops-engineer-management")]
    fn slugs(#[case] text: &str, #[case] expected: &str) {
        assert_eq!(slug(text), expected);
    }
}
