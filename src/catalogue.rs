//! The ready-made tables of the bundled ontology: one SPARQL query per table (in
//! `ontology/api/`), and the resolution of a framework given by code, name or IRI.

use crate::bundle::API_QUERIES;
use crate::graph::{Graph, QueryOutcome};
use crate::table::{term_text, SolutionTable};
use crate::text::name_key;
use crate::QueryError;
use oxigraph::model::{NamedNode, TermRef};

/// The query behind a ready-made table, by name (`"frameworks"`, `"competencies"`...).
pub fn api_query(name: &str) -> Option<&'static str> {
    API_QUERIES
        .iter()
        .find(|(stem, _)| *stem == name)
        .map(|(_, sparql)| *sparql)
}

/// The names of the ready-made tables.
pub fn api_names() -> Vec<&'static str> {
    API_QUERIES.iter().map(|(stem, _)| *stem).collect()
}

/// A framework name that matches nothing, with the closest known names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no framework is called {given:?}{}", crate::text::did_you_mean_names(.suggestions))]
pub struct UnknownName {
    /// What was asked for.
    pub given: String,
    /// Close matches (codes or names), best first.
    pub suggestions: Vec<String>,
}

/// Errors of [`resolve_framework`].
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// Nothing matches.
    #[error(transparent)]
    Unknown(#[from] UnknownName),
    /// The name is the code or name of more than one scheme of the same standing.
    #[error("{given:?} names more than one scheme: {}; give the IRI", .candidates.join(", "))]
    Ambiguous {
        /// What was asked for.
        given: String,
        /// The IRIs it names.
        candidates: Vec<String>,
    },
    /// The lookup query failed.
    #[error(transparent)]
    Query(#[from] QueryError),
}

const FRAMEWORK_NAMES: &str = concat!(
    crate::vocab::sparql_prefix_lines!(skos, wg),
    "SELECT ?framework ?name ?is_framework WHERE {
  { ?framework a skos:ConceptScheme } UNION { ?framework a wg:Framework }
  { ?framework skos:notation ?name } UNION { ?framework skos:prefLabel ?name } UNION { ?framework skos:altLabel ?name }
  BIND(EXISTS { ?framework a wg:Framework } AS ?is_framework)
}"
);

/// Finds a framework (a `wg:Framework`, or another `skos:ConceptScheme` such as a level scale) by
/// IRI, code (`skos:notation`, e.g. `"DDaT"`) or name (`skos:prefLabel`/`skos:altLabel`), ignoring
/// case, spacing and `and` written as `&` ([`crate::text::name_key`]). A name shared by a framework
/// and another scheme means the framework; a name shared by two frameworks (or two other schemes)
/// is an error, never a silent pick; an unknown name gives close matches
/// ([`crate::text::closest`]).
pub fn resolve_framework(graph: &Graph, given: &str) -> Result<NamedNode, ResolveError> {
    let QueryOutcome::Solutions(table) = graph.query(FRAMEWORK_NAMES, &[], None)? else {
        unreachable!("a SELECT query gives solutions")
    };
    resolve_framework_in(&table, given)
}

/// The query whose answer [`resolve_framework_in`] reads: every scheme with its codes and names.
/// A remote graph runs it on its server.
pub const FRAMEWORK_NAMES_QUERY: &str = FRAMEWORK_NAMES;

/// [`resolve_framework`] over the answer to [`FRAMEWORK_NAMES_QUERY`], wherever it was run.
pub fn resolve_framework_in(table: &SolutionTable, given: &str) -> Result<NamedNode, ResolveError> {
    let wanted = name_key(given);
    let mut names = Vec::new();
    let mut found: Vec<(bool, NamedNode)> = Vec::new();
    for row in 0..table.num_rows() {
        let (Some(TermRef::NamedNode(framework)), Some(name)) = (table.value(0, row), table.value(1, row))
        else {
            continue;
        };
        if framework.as_str() == given.trim() {
            return Ok(framework.into_owned());
        }
        let name = term_text(name).into_owned();
        if name_key(&name) == wanted {
            let is_framework =
                matches!(table.value(2, row), Some(TermRef::Literal(l)) if l.value() == "true");
            found.push((is_framework, framework.into_owned()));
        }
        names.push(name);
    }
    if let Some(best) = found.iter().map(|(is_framework, _)| *is_framework).max() {
        let mut candidates: Vec<NamedNode> = found
            .into_iter()
            .filter(|(f, _)| *f == best)
            .map(|(_, node)| node)
            .collect();
        candidates.sort();
        candidates.dedup();
        if candidates.len() == 1 {
            return Ok(candidates.remove(0));
        }
        return Err(ResolveError::Ambiguous {
            given: given.to_owned(),
            candidates: candidates.into_iter().map(NamedNode::into_string).collect(),
        });
    }
    Err(UnknownName {
        given: given.to_owned(),
        suggestions: crate::text::closest(given, names.iter().map(|name| (name.as_str(), name.clone()))),
    }
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RdfInput;

    /// The table names are public (Graph methods, the CLI, tests/test_remote.py's TABLES), so
    /// they are written out here: a bundled query added or dropped must show up as a change to
    /// this list. The list had lost `schemes` while it only checked that each name it held had a
    /// query.
    #[test]
    fn the_tables_are_the_public_list_and_each_has_its_query() {
        let mut names = api_names();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "coding_frame",
                "competencies",
                "evidence",
                "frameworks",
                "mappings",
                "offers",
                "professional_bodies",
                "requirements",
                "role_levels",
                "roles",
                "schemes",
                "statistics",
            ]
        );
        for name in names {
            assert!(api_query(name).is_some_and(|q| !q.trim().is_empty()), "{name}");
        }
    }

    #[test]
    fn frameworks_resolve_by_code_name_or_iri_and_unknown_names_suggest() {
        let graph = Graph::empty().unwrap();
        graph
            .load(
                RdfInput::Text(
                    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
                     <http://example.com/f> a skos:ConceptScheme ; skos:notation \"DDaT\" ; skos:prefLabel \"Digital and data\"@en .",
                ),
                None,
                None,
            )
            .unwrap();
        for given in [
            "ddat",
            "DDaT",
            "digital and data",
            " Digital  & DATA",
            "http://example.com/f",
        ] {
            assert_eq!(
                resolve_framework(&graph, given).unwrap().as_str(),
                "http://example.com/f"
            );
        }
        let ResolveError::Unknown(unknown) = resolve_framework(&graph, "DDAT2").unwrap_err() else {
            panic!()
        };
        assert_eq!(unknown.suggestions, vec!["DDaT".to_owned()]);
        assert!(
            unknown.to_string().contains("did you mean \"DDaT\"?"),
            "{unknown}"
        );
    }

    #[test]
    fn a_code_shared_with_a_scale_means_the_framework_and_one_shared_by_two_frameworks_is_an_error() {
        let graph = Graph::empty().unwrap();
        graph
            .load(
                RdfInput::Text(
                    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
                     @prefix wg: <https://w3id.org/workforce-graph/ontology#> .
                     <http://example.com/scale> a skos:ConceptScheme , wg:LevelScale ; skos:notation \"X\" .
                     <http://example.com/f> a skos:ConceptScheme , wg:Framework ; skos:notation \"X\" .
                     <http://example.com/g> a wg:Framework ; skos:notation \"Y\" .
                     <http://example.com/h> a wg:Framework ; skos:notation \"Y\" .",
                ),
                None,
                None,
            )
            .unwrap();
        assert_eq!(
            resolve_framework(&graph, "x").unwrap().as_str(),
            "http://example.com/f"
        );
        let error = resolve_framework(&graph, "Y").unwrap_err();
        assert!(matches!(error, ResolveError::Ambiguous { .. }), "{error}");
        assert!(
            error
                .to_string()
                .contains("http://example.com/g, http://example.com/h"),
            "{error}"
        );
    }
}
