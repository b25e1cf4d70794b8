//! Storing mappings a person accepted (typically from [`super::suggest_mappings`]) as curated
//! mappings, in exactly the pattern of `ontology/data/crosswalks.ttl`: the plain SKOS mapping
//! triple plus a `wg:Mapping` node
//! `mapping/{subject-path}--{predicate}--{object-path}` with `owl:annotatedSource/Property/Target`,
//! `wg:mappingJustification`, `wg:confidence` (`xsd:decimal`, the reviewer's), `wg:similarityScore`
//! (`xsd:decimal`, the matcher's score, when the mapping came from a suggestion), `dcterms:creator`, `dcterms:date`
//! (`xsd:date`), optional `dcterms:subject` (topic) and `rdfs:comment`, and `dcterms:source`.
//!
//! The justification defaults to `semapv:ManualMappingCuration`, as for the hand-curated
//! crosswalks: the suggestion only proposes a candidate, a person chooses the predicate and the
//! confidence. A row may name another SEMAPV term (e.g. `semapv:LexicalMatching` for a mapping
//! stored without review). Without sources, a mapping cites the sources of its two concepts (or
//! of their frameworks), as the curated crosswalks cite the two frameworks' pages.

use super::snapshot::{objects, quads, Snapshot};
use super::{CrosswalkError, MappingKind};
use crate::rules::slug;
use crate::vocab;
use crate::xsd::{decimal, is_date, today};
use crate::Graph;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use oxigraph::store::Store;
use std::collections::{BTreeSet, HashMap, HashSet};

/// One mapping a person accepted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AcceptedMapping {
    /// Subject concept IRI (full, `<...>`, or `wgid:`-prefixed).
    pub subject: String,
    /// Object concept IRI.
    pub object: String,
    /// One of the five SKOS mapping properties: IRI, `skos:closeMatch`, `closeMatch` or `close`.
    pub predicate: String,
    /// The reviewer's confidence, 0..1 (`wg:confidence`, SSSOM `confidence`).
    pub confidence: f64,
    /// Author IRI; [`AcceptDefaults::author`] when absent.
    pub author: Option<String>,
    /// SEMAPV justification IRI; [`AcceptDefaults::justification`] when absent.
    pub justification: Option<String>,
    /// `YYYY-MM-DD`; [`AcceptDefaults::date`], else today (UTC), when absent.
    pub date: Option<String>,
    /// Why the mapping holds (stored as `rdfs:comment@en`).
    pub comment: Option<String>,
    /// Crosswalk theme (`dcterms:subject`).
    pub topic: Option<String>,
    /// Source IRIs; the concepts' (or their frameworks') sources when empty.
    pub sources: Vec<String>,
    /// The score of the matcher that proposed the mapping, 0..1, stored apart from the reviewer's
    /// confidence (`wg:similarityScore`, SSSOM `similarity_score`) and mentioned in the generated
    /// comment when no comment is given.
    pub score: Option<f64>,
}

/// Values used where a row leaves a field empty.
#[derive(Debug, Clone, PartialEq)]
pub struct AcceptDefaults {
    /// Author IRI for rows without one; rows must name one when this is `None`.
    pub author: Option<String>,
    /// Justification IRI (default `semapv:ManualMappingCuration`).
    pub justification: String,
    /// Date `YYYY-MM-DD` (default: today, UTC).
    pub date: Option<String>,
}

impl Default for AcceptDefaults {
    fn default() -> Self {
        Self {
            author: None,
            justification: vocab::semapv::MANUAL_MAPPING_CURATION.as_str().to_owned(),
            date: None,
        }
    }
}

/// The prefixes a review file's CURIEs may use.
const PREFIXES: [(&str, &str); 5] = [
    ("wgid", vocab::WGID),
    ("wg", vocab::WG),
    ("skos", vocab::SKOS),
    ("semapv", vocab::SEMAPV),
    ("dcterms", vocab::DCTERMS),
];

fn parse_iri(given: &str, what: &str, row: usize) -> Result<NamedNode, CrosswalkError> {
    let given = given.trim();
    let invalid = |reason: String| CrosswalkError::InvalidRow {
        row,
        reason: format!("{what} {given:?} is not an IRI ({reason})"),
    };
    let expanded =
        crate::rules::expand_curie(given, crate::rules::namespace_in(&PREFIXES)).ok_or_else(|| {
            invalid(format!(
                "an absolute http(s) or urn IRI, <IRI>, or a CURIE with one of the prefixes {}",
                PREFIXES.map(|(p, _)| p).join(", ")
            ))
        })?;
    NamedNode::new(&expanded).map_err(|e| invalid(e.to_string()))
}

/// An author given as an IRI (or CURIE), or as a plain name such as "Jo Bloggs", which becomes
/// the agent `agent/{slug}` under the data namespace, named by the second value.
fn parse_author(given: &str, row: usize) -> Result<(NamedNode, Option<String>), CrosswalkError> {
    let name = given.trim();
    let looks_like_iri = name.starts_with('<')
        || name.contains("://")
        || (name.contains(':') && !name.contains(char::is_whitespace));
    let key = slug(name);
    if looks_like_iri || key.is_empty() {
        return Ok((parse_iri(given, "author", row)?, None));
    }
    Ok((
        NamedNode::new_unchecked(format!("{}agent/{key}", vocab::WGID)),
        Some(name.to_owned()),
    ))
}

/// The mapping node of a pair ([`crate::import::mapping_iri`]: distinct pairs, distinct nodes).
fn mapping_iri(subject: &NamedNode, kind: MappingKind, object: &NamedNode) -> NamedNode {
    crate::import::mapping_iri(subject.as_str(), kind.name(), object.as_str())
}

fn first_sources(store: &Store, node: &NamedNode) -> Result<Vec<NamedNode>, CrosswalkError> {
    let mut sources: Vec<NamedNode> = objects(store, node.as_ref().into(), vocab::dcterms::SOURCE)?
        .into_iter()
        .filter_map(|t| if let Term::NamedNode(n) = t { Some(n) } else { None })
        .collect();
    sources.sort();
    Ok(sources.into_iter().take(1).collect())
}

/// The triples that store `rows` as curated mappings, after checking every row: both concepts
/// exist (typed `skos:Concept`), differ and sit in different schemes; the predicate is one of the
/// five SKOS mapping properties; confidence is in 0..1; author, justification and sources are
/// IRIs; the date is a real `YYYY-MM-DD`; the mapping is not already curated nor repeated. The
/// first bad row gives [`CrosswalkError::InvalidRow`] with its index (from 0), and no triples.
pub fn accepted_mapping_triples(
    store: &Store,
    rows: &[AcceptedMapping],
    defaults: &AcceptDefaults,
) -> Result<Vec<Triple>, CrosswalkError> {
    let snapshot = Snapshot::load(store)?;
    let curated: HashMap<(usize, MappingKind, usize), String> = snapshot
        .mappings
        .iter()
        .filter_map(|m| {
            m.provenance
                .as_ref()
                .map(|p| ((m.subject, m.kind, m.object), p.mapping.clone()))
        })
        .collect();
    let mut seen: HashMap<NamedNode, usize> = HashMap::new();
    let mut typed_agents: HashSet<NamedNode> = HashSet::new();
    let mut triples = Vec::new();
    let today = today();
    for (row, accepted) in rows.iter().enumerate() {
        let invalid = |reason: String| CrosswalkError::InvalidRow { row, reason };
        let subject = parse_iri(&accepted.subject, "subject", row)?;
        let object = parse_iri(&accepted.object, "object", row)?;
        for (what, node) in [("subject", &subject), ("object", &object)] {
            if !super::snapshot::has_type(store, node.as_ref(), vocab::skos::CONCEPT)? {
                return Err(invalid(format!(
                    "{what} {node} is not a skos:Concept in the graph"
                )));
            }
        }
        if subject == object {
            return Err(invalid(format!(
                "subject and object are the same concept {subject}"
            )));
        }
        let kind = MappingKind::parse(&accepted.predicate).ok_or_else(|| {
            invalid(format!(
                "predicate {:?} is not one of the five SKOS mapping properties (exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch)",
                accepted.predicate
            ))
        })?;
        let (s, o) = (
            snapshot.node_index.get(&subject).copied(),
            snapshot.node_index.get(&object).copied(),
        );
        if let (Some(s), Some(o)) = (s, o) {
            if let Some(shared) = snapshot.nodes[s]
                .schemes
                .iter()
                .find(|x| snapshot.nodes[o].schemes.contains(x))
            {
                return Err(invalid(format!(
                    "subject and object are both in {}; crosswalk mappings link different frameworks",
                    snapshot.schemes[*shared].code
                )));
            }
            if let Some(existing) = curated.get(&(s, kind, o)) {
                return Err(invalid(format!(
                    "{subject} {} {object} is already curated as {existing}",
                    kind.name()
                )));
            }
        }
        if !accepted.confidence.is_finite() || !(0.0..=1.0).contains(&accepted.confidence) {
            return Err(invalid(format!(
                "confidence must be between 0 and 1, got {}",
                accepted.confidence
            )));
        }
        if let Some(score) = accepted
            .score
            .filter(|s| !s.is_finite() || !(0.0..=1.0).contains(s))
        {
            return Err(invalid(format!(
                "the similarity score must be between 0 and 1, got {score}"
            )));
        }
        let author = accepted
            .author
            .as_deref()
            .or(defaults.author.as_deref())
            .ok_or_else(|| invalid("no author: give one in the row or as a default".to_owned()))?;
        let (author, author_name) = parse_author(author, row)?;
        let justification = parse_iri(
            accepted
                .justification
                .as_deref()
                .unwrap_or(&defaults.justification),
            "justification",
            row,
        )?;
        let date = accepted
            .date
            .clone()
            .or_else(|| defaults.date.clone())
            .unwrap_or_else(|| today.clone());
        if !is_date(&date) {
            return Err(invalid(format!(
                "date {date:?} is not a date (YYYY-MM-DD, a real day)"
            )));
        }
        let mapping = mapping_iri(&subject, kind, &object);
        if let Some(previous) = seen.insert(mapping.clone(), row) {
            return Err(invalid(format!("repeats row {previous} ({mapping})")));
        }
        if let Some(existing) =
            super::snapshot::existing_mapping(store, &subject, &kind.iri().into_owned(), &object)?
        {
            return Err(invalid(format!("{existing} already states this mapping")));
        }
        let mut sources: BTreeSet<NamedNode> = accepted
            .sources
            .iter()
            .map(|s| parse_iri(s, "source", row))
            .collect::<Result<_, _>>()?;
        if sources.is_empty() {
            for (node, id) in [(&subject, s), (&object, o)] {
                let mut found = first_sources(store, node)?;
                if found.is_empty() {
                    // Fall back to the concept's framework, as the crosswalks cite framework pages.
                    for &scheme in id
                        .map(|i| snapshot.nodes[i].schemes.as_slice())
                        .unwrap_or_default()
                    {
                        found.extend(first_sources(store, &snapshot.schemes[scheme].iri)?);
                    }
                }
                sources.extend(found.into_iter().take(1));
            }
        }
        if sources.is_empty() {
            return Err(invalid(
                "no dcterms:source: neither the row, the concepts nor their frameworks give one".to_owned(),
            ));
        }
        let comment = accepted.comment.clone().or_else(|| {
            accepted
                .score
                .map(|score| format!("Accepted after review of a lexical suggestion (score {score:.2})."))
        });

        let m = || NamedOrBlankNode::from(mapping.clone());
        triples.push(Triple::new(subject.clone(), kind.iri(), object.clone()));
        triples.push(Triple::new(m(), rdf::TYPE, vocab::wg::MAPPING));
        triples.push(Triple::new(m(), vocab::owl::ANNOTATED_SOURCE, subject.clone()));
        triples.push(Triple::new(m(), vocab::owl::ANNOTATED_PROPERTY, kind.iri()));
        triples.push(Triple::new(m(), vocab::owl::ANNOTATED_TARGET, object.clone()));
        triples.push(Triple::new(m(), vocab::wg::MAPPING_JUSTIFICATION, justification));
        triples.push(Triple::new(
            m(),
            vocab::wg::CONFIDENCE,
            Literal::new_typed_literal(decimal(accepted.confidence), xsd::DECIMAL),
        ));
        if let Some(score) = accepted.score {
            triples.push(Triple::new(
                m(),
                vocab::wg::SIMILARITY_SCORE,
                Literal::new_typed_literal(decimal(score), xsd::DECIMAL),
            ));
        }
        triples.push(Triple::new(m(), vocab::dcterms::CREATOR, author.clone()));
        triples.push(Triple::new(
            m(),
            vocab::dcterms::DATE,
            Literal::new_typed_literal(date, xsd::DATE),
        ));
        if let Some(topic) = &accepted.topic {
            triples.push(Triple::new(
                m(),
                vocab::dcterms::SUBJECT,
                Literal::new_simple_literal(topic.clone()),
            ));
        }
        if let Some(comment) = comment {
            triples.push(Triple::new(
                m(),
                vocab::rdfs::COMMENT,
                Literal::new_language_tagged_literal_unchecked(comment, "en"),
            ));
        }
        for source in sources {
            triples.push(Triple::new(m(), vocab::dcterms::SOURCE, source));
        }
        // An author unknown to the graph is declared an agent, as the curators' agent is.
        let known = quads(store, Some(author.as_ref().into()), rdf::TYPE, None)
            .next()
            .transpose()?
            .is_some();
        if !known && typed_agents.insert(author.clone()) {
            triples.push(Triple::new(author.clone(), rdf::TYPE, vocab::foaf::AGENT));
            triples.push(Triple::new(author.clone(), rdf::TYPE, vocab::prov::AGENT));
            if let Some(name) = author_name {
                triples.push(Triple::new(
                    author,
                    vocab::skos::PREF_LABEL,
                    Literal::new_language_tagged_literal_unchecked(name, "en"),
                ));
            }
        }
    }
    Ok(triples)
}

/// Checks `rows` as [`accepted_mapping_triples`] does and adds them to the graph in one
/// transaction (all or nothing); returns the IRIs of the new `wg:Mapping` nodes, in row order.
pub fn accept_mappings(
    graph: &Graph,
    rows: &[AcceptedMapping],
    defaults: &AcceptDefaults,
) -> Result<Vec<String>, CrosswalkError> {
    let triples = accepted_mapping_triples(graph.store(), rows, defaults)?;
    graph.insert_triples(&triples)?;
    Ok(triples
        .iter()
        .filter(|t| t.predicate == rdf::TYPE && t.object == Term::from(vocab::wg::MAPPING))
        .map(|t| match &t.subject {
            NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
            NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{ex, fixture_graph};
    use super::super::{crosswalk, suggest_mappings};
    use super::*;
    use crate::RdfInput;
    use rstest::rstest;

    fn good(subject: &str, object: &str) -> AcceptedMapping {
        AcceptedMapping {
            subject: ex(subject).as_str().to_owned(),
            object: ex(object).as_str().to_owned(),
            predicate: "skos:closeMatch".to_owned(),
            confidence: 0.6,
            author: Some(ex("curator").as_str().to_owned()),
            date: Some("2026-03-04".to_owned()),
            ..AcceptedMapping::default()
        }
    }

    fn ntriples(triples: &[Triple]) -> BTreeSet<String> {
        triples.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn accepted_suggestions_become_the_curated_pattern() {
        let graph = fixture_graph();
        let suggestion = suggest_mappings(graph.store(), &ex("fa"), &ex("fb"), 0.1, true)
            .unwrap()
            .into_iter()
            .find(|s| s.subject == ex("a3").as_str())
            .unwrap();
        let row = AcceptedMapping {
            subject: suggestion.subject.clone(),
            object: suggestion.object.clone(),
            predicate: "relatedMatch".to_owned(),
            confidence: 0.55,
            topic: Some("records".to_owned()),
            score: Some(suggestion.score),
            ..good("a3", "b4")
        };
        let triples = accepted_mapping_triples(graph.store(), &[row], &AcceptDefaults::default()).unwrap();
        let m = format!(
            "<{}>",
            mapping_iri(&ex("a3"), MappingKind::Related, &ex("b4")).as_str()
        );
        assert!(m.contains("/mapping/http-example-org-a3_"), "{m}");
        let expected_turtle = format!(
            "@prefix ex: <http://example.org/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
             @prefix wg: <https://w3id.org/workforce-graph/ontology#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
             @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix dcterms: <http://purl.org/dc/terms/> .
             @prefix semapv: <https://w3id.org/semapv/vocab/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
             ex:a3 skos:relatedMatch ex:b4 .
             {m} a wg:Mapping ;
                 owl:annotatedSource ex:a3 ; owl:annotatedProperty skos:relatedMatch ; owl:annotatedTarget ex:b4 ;
                 wg:mappingJustification semapv:ManualMappingCuration ;
                 wg:confidence 0.55 ;
                 wg:similarityScore {score_text} ;
                 dcterms:creator ex:curator ;
                 dcterms:date \"2026-03-04\"^^xsd:date ;
                 dcterms:subject \"records\" ;
                 rdfs:comment \"Accepted after review of a lexical suggestion (score {:.2}).\"@en ;
                 dcterms:source ex:fa-page .",
            suggestion.score,
            score_text = decimal(suggestion.score)
        );
        let expected = Graph::empty().unwrap();
        expected
            .load(RdfInput::Text(&expected_turtle), Some("turtle"), None)
            .unwrap();
        let expected: Vec<Triple> = expected
            .store()
            .iter()
            .map(|q| Triple::from(q.unwrap()))
            .collect();
        assert_eq!(
            ntriples(&triples),
            ntriples(&expected),
            "a3 has no source of its own, b4 neither: FA's page stands in"
        );
        // Stored, the mapping shows in the crosswalk with its provenance and leaves the suggestions.
        let stored = accept_mappings(
            &graph,
            &[AcceptedMapping {
                predicate: "relatedMatch".to_owned(),
                score: Some(suggestion.score),
                ..good("a3", "b4")
            }],
            &AcceptDefaults::default(),
        )
        .unwrap();
        assert_eq!(stored, [m.trim_matches(['<', '>']).to_owned()]);
        let row = crosswalk(graph.store(), &ex("fa"), &ex("fb"))
            .unwrap()
            .into_iter()
            .find(|r| r.object == ex("b4").as_str())
            .unwrap();
        assert_eq!(
            (row.confidence, row.date.as_deref(), row.author_label.as_deref()),
            (Some(0.6), Some("2026-03-04"), Some("A curator"))
        );
        assert!(suggest_mappings(graph.store(), &ex("fa"), &ex("fb"), 0.1, true)
            .unwrap()
            .iter()
            .all(|s| s.object != ex("b4").as_str() || s.subject != ex("a3").as_str()));
    }

    #[test]
    fn a_plain_name_author_becomes_a_named_agent() {
        let graph = fixture_graph();
        let defaults = AcceptDefaults {
            author: Some("  Jo Bloggs ".to_owned()),
            ..AcceptDefaults::default()
        };
        let row = AcceptedMapping {
            author: None,
            ..good("a3", "b4")
        };
        let triples = accepted_mapping_triples(graph.store(), std::slice::from_ref(&row), &defaults).unwrap();
        let agent = NamedNode::new_unchecked(format!("{}agent/jo-bloggs", vocab::WGID));
        assert!(triples
            .iter()
            .any(|t| t.predicate == vocab::dcterms::CREATOR && t.object == Term::from(agent.clone())));
        let name = Literal::new_language_tagged_literal_unchecked("Jo Bloggs", "en");
        assert!(triples.contains(&Triple::new(agent.clone(), vocab::skos::PREF_LABEL, name)));
        assert!(triples.contains(&Triple::new(agent, rdf::TYPE, vocab::prov::AGENT)));
        // Something that looks like an IRI but is not one is still refused.
        let bad = AcceptDefaults {
            author: Some("http://bad iri".to_owned()),
            ..AcceptDefaults::default()
        };
        let error = accepted_mapping_triples(graph.store(), &[row], &bad).unwrap_err();
        assert!(
            matches!(error, CrosswalkError::InvalidRow { row: 0, .. }),
            "{error:?}"
        );
    }

    #[test]
    fn defaults_fill_author_date_and_sources_and_new_authors_become_agents() {
        let graph = fixture_graph();
        let defaults = AcceptDefaults {
            author: Some("http://example.org/new-person".to_owned()),
            ..AcceptDefaults::default()
        };
        let row = AcceptedMapping {
            author: None,
            date: None,
            ..good("a1", "d1")
        };
        let triples = ntriples(
            &accepted_mapping_triples(
                graph.store(),
                &[
                    row.clone(),
                    AcceptedMapping {
                        author: None,
                        ..good("a2", "d2")
                    },
                ],
                &defaults,
            )
            .unwrap(),
        );
        assert!(triples.contains(
            "<http://example.org/new-person> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://xmlns.com/foaf/0.1/Agent>"
        ));
        let agents = triples
            .iter()
            .filter(|t| t.starts_with("<http://example.org/new-person> "))
            .count();
        assert_eq!(agents, 2, "declared once for both rows: {triples:#?}");
        let today = today();
        assert!(is_date(&today));
        assert!(triples
            .iter()
            .any(|t| t.contains(&format!("\"{today}\"^^<http://www.w3.org/2001/XMLSchema#date>"))));
        // a1 has its own source; d1 has none and FD neither, so only a1's is cited.
        assert!(triples
            .iter()
            .any(|t| t.ends_with("<http://purl.org/dc/terms/source> <http://example.org/a-source>")));
        assert!(matches!(
            accepted_mapping_triples(graph.store(), &[row], &AcceptDefaults::default()),
            Err(CrosswalkError::InvalidRow { row: 0, ref reason }) if reason.contains("no author")
        ));
    }

    #[rstest]
    #[case(AcceptedMapping { subject: "http://example.org/nothing".to_owned(), ..good("a1", "c2") }, "is not a skos:Concept")]
    #[case(AcceptedMapping { subject: "not an iri".to_owned(), ..good("a1", "c2") }, "is not an IRI")]
    #[case(AcceptedMapping { predicate: "skos:broader".to_owned(), ..good("a1", "c2") }, "five SKOS mapping properties")]
    #[case(AcceptedMapping { confidence: 1.5, ..good("a1", "c2") }, "between 0 and 1")]
    #[case(AcceptedMapping { confidence: f64::NAN, ..good("a1", "c2") }, "between 0 and 1")]
    #[case(good("a1", "a2"), "both in FA")]
    #[case(good("a1", "a1"), "same concept")]
    #[case(AcceptedMapping { predicate: "exactMatch".to_owned(), ..good("a1", "b1") }, "already curated")]
    #[case(AcceptedMapping { date: Some("2026-02-30".to_owned()), ..good("a1", "c2") }, "YYYY-MM-DD")]
    #[case(AcceptedMapping { sources: vec!["bad source".to_owned()], ..good("a1", "c2") }, "source")]
    #[case(good("d1", "e1"), "no dcterms:source")]
    #[case(good("a4", "c2"), "repeats row 0")]
    fn bad_rows_are_named(#[case] bad: AcceptedMapping, #[case] reason: &str) {
        let graph = fixture_graph();
        let rows = [good("a4", "c2"), bad];
        let error = accepted_mapping_triples(graph.store(), &rows, &AcceptDefaults::default()).unwrap_err();
        assert!(
            matches!(&error, CrosswalkError::InvalidRow { row: 1, reason: r } if r.contains(reason)),
            "{error}"
        );
        assert!(
            error.to_string().starts_with("accepted mapping row 1: "),
            "{error}"
        );
        let before = graph.len().unwrap();
        assert!(accept_mappings(&graph, &rows, &AcceptDefaults::default()).is_err());
        assert_eq!(
            graph.len().unwrap(),
            before,
            "nothing is stored when a row is bad"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("pksb/area/5"), "pksb-area-5");
        assert_eq!(
            slug("ncf-data-professionals/competency/data-analysis"),
            "ncf-data-professionals-competency-data-analysis"
        );
    }

    /// On the bundled graph the accepted mapping has the same IRI scheme as the curated ones and
    /// breaks no SHACL shape.
    #[test]
    fn accepted_mapping_in_the_bundled_graph_conforms_to_the_shapes() {
        let graph = Graph::bundled().unwrap();
        let row = AcceptedMapping {
            subject: "wgid:pksb/area/4".to_owned(),
            object: "wgid:ddat/skill/data-analysis-and-synthesis".to_owned(),
            predicate: "relatedMatch".to_owned(),
            confidence: 0.5,
            author: Some("wgid:agent/workforce-graph-curators".to_owned()),
            comment: Some("Both involve analysing evidence.".to_owned()),
            ..AcceptedMapping::default()
        };
        let stored = accept_mappings(&graph, &[row], &AcceptDefaults::default()).unwrap();
        assert_eq!(stored.len(), 1);
        assert!(
            stored[0].starts_with("https://w3id.org/workforce-graph/id/mapping/pksb-area-4_")
                && stored[0].contains("--relatedMatch--ddat-skill-data-analysis-and-synthesis_"),
            "{stored:?}"
        );
        // The same pair again is refused, whatever the IRI of the mapping that states it.
        let again = AcceptedMapping {
            subject: "wgid:pksb/area/4".to_owned(),
            object: "wgid:ddat/skill/data-analysis-and-synthesis".to_owned(),
            predicate: "skos:relatedMatch".to_owned(),
            confidence: 0.5,
            author: Some("wgid:agent/workforce-graph-curators".to_owned()),
            ..AcceptedMapping::default()
        };
        let error = accept_mappings(&graph, &[again], &AcceptDefaults::default()).unwrap_err();
        assert!(error.to_string().contains("already curated"), "{error}");
        let shapes: Vec<&str> = crate::bundle::SHAPES.iter().map(|(_, turtle)| *turtle).collect();
        let results = crate::shacl::validate(graph.store(), &shapes).unwrap();
        assert!(results.iter().all(|r| r.focus_node != stored[0]), "{results:#?}");
        let sources = objects(
            graph.store(),
            NamedNode::new_unchecked(&stored[0]).as_ref().into(),
            vocab::dcterms::SOURCE,
        )
        .unwrap();
        assert_eq!(
            sources.len(),
            2,
            "the PKSB page and the DDaT download, as the curated crosswalks cite"
        );
    }
}
