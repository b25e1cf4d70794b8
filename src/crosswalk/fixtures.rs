//! A small hand-written graph with known answers, shared by the module's tests.
//!
//! Frameworks FA (5 items, plus a level and a role that are not items), FB (4), FC (2), FD (2, no
//! mappings) and FE (1). Mappings (confidence in brackets when a wg:Mapping node gives one):
//! a1 exact b1 [0.9] and b1 exact a1 [0.9] (both ways); b2 broadMatch a2 [0.7]; a3 close b2 (plain
//! triple); a4 related b3 [0.6] and b3 related a4 (plain); c1 broadMatch b1 [0.8]; b4 close c2
//! [0.5]; a1 related c1 (plain; closes the cycle a1 -> b1 -> c1 -> a1); a3 related e1 (plain);
//! e1 related c2 [0.5]. Hierarchy: a5 broader a3; b4 broader b2.

use crate::{Graph, RdfInput};
use oxigraph::model::NamedNode;

pub(crate) const FIXTURE: &str = r#"
@prefix ex: <http://example.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix wg: <https://w3id.org/workforce-graph/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix semapv: <https://w3id.org/semapv/vocab/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:fa a skos:ConceptScheme , wg:Framework ; skos:notation "FA" ; skos:prefLabel "Framework A"@en ; dcterms:source ex:fa-page .
ex:fb a skos:ConceptScheme , wg:Framework ; skos:notation "FB" ; skos:prefLabel "Framework B"@en .
ex:fc a skos:ConceptScheme , wg:Framework ; skos:notation "FC" ; skos:prefLabel "Framework C"@en .
ex:fd a skos:ConceptScheme , wg:Framework ; skos:notation "FD" ; skos:prefLabel "Framework D"@en .
ex:fe a skos:ConceptScheme , wg:Framework ; skos:notation "FE" ; skos:prefLabel "Framework E"@en .
ex:scale a skos:ConceptScheme , wg:LevelScale ; skos:prefLabel "A scale"@en .

ex:a1 a skos:Concept ; skos:inScheme ex:fa ; skos:prefLabel "Data analysis"@en ;
    skos:definition "Analysing data to find insight."@en ; dcterms:source ex:a-source .
ex:a2 a skos:Concept ; skos:inScheme ex:fa ; skos:prefLabel "Information governance"@en .
ex:a3 a skos:Concept ; skos:inScheme ex:fa ; skos:prefLabel "Records management"@en .
ex:a4 a skos:Concept ; skos:inScheme ex:fa ; skos:prefLabel "Team leadership"@en .
ex:a5 a skos:Concept ; skos:inScheme ex:fa ; skos:prefLabel "Clinical coding"@en ; skos:broader ex:a3 .
ex:alevel a skos:Concept , wg:Level ; skos:inScheme ex:fa , ex:scale ; skos:prefLabel "Expert"@en .
ex:arole a skos:Concept , wg:Role ; skos:inScheme ex:fa ; skos:prefLabel "Data analyst"@en .

ex:b1 a skos:Concept ; skos:inScheme ex:fb ; skos:prefLabel "Analysis of data"@en ; dcterms:source ex:b-source .
ex:b2 a skos:Concept ; skos:topConceptOf ex:fb ; skos:prefLabel "IG and compliance"@en .
ex:b3 a skos:Concept ; skos:inScheme ex:fb ; skos:prefLabel "Leading teams"@en .
ex:b4 a skos:Concept ; skos:inScheme ex:fb ; skos:prefLabel "Health records"@en ; skos:broader ex:b2 .

ex:c1 a skos:Concept ; skos:inScheme ex:fc ; skos:prefLabel "Data insight"@en .
ex:c2 a skos:Concept ; skos:inScheme ex:fc ; skos:prefLabel "Medical records management"@en .

ex:d1 a skos:Concept ; skos:inScheme ex:fd ; skos:prefLabel "Catering"@en .
ex:d2 a skos:Concept ; skos:inScheme ex:fd ; skos:prefLabel "Estates"@en .

ex:e1 a skos:Concept ; skos:inScheme ex:fe ; skos:prefLabel "Archives"@en .

# Where the graph curates an abbreviation (as the coding frame does).
ex:area-ig a skos:Concept ; skos:prefLabel "Information Governance & Data Quality"@en ;
    wg:abbreviation "IG" ; wg:abbreviation "DQ" ; skos:altLabel "information governance"@en , "data quality"@en .

ex:curator a foaf:Agent ; skos:prefLabel "A curator"@en .

ex:a1 skos:exactMatch ex:b1 .
ex:b1 skos:exactMatch ex:a1 .
ex:b2 skos:broadMatch ex:a2 .
# What m2 says besides what every mapping node says (MAPPINGS).
ex:m2 dcterms:subject "governance" ; rdfs:comment "B2 is the wider area."@en .
ex:a3 skos:closeMatch ex:b2 .
ex:a4 skos:relatedMatch ex:b3 .
ex:b3 skos:relatedMatch ex:a4 .
ex:c1 skos:broadMatch ex:b1 .
ex:b4 skos:closeMatch ex:c2 .
ex:a1 skos:relatedMatch ex:c1 .
ex:a3 skos:relatedMatch ex:e1 .
ex:e1 skos:relatedMatch ex:c2 .
"#;

/// The `wg:Mapping` nodes of [`FIXTURE`]'s mappings: (node, source, property, target,
/// confidence). Every one is a manual curation by `ex:curator` on 2026-01-02 citing `ex:source`,
/// so the table holds only what differs; [`mapping_nodes`] writes the rest once.
const MAPPINGS: [(&str, &str, &str, &str, &str); 7] = [
    ("m1", "a1", "exactMatch", "b1", "0.9"),
    ("m1b", "b1", "exactMatch", "a1", "0.9"),
    ("m2", "b2", "broadMatch", "a2", "0.7"),
    ("m4", "a4", "relatedMatch", "b3", "0.6"),
    ("m5", "c1", "broadMatch", "b1", "0.8"),
    ("m6", "b4", "closeMatch", "c2", "0.5"),
    ("m8", "e1", "relatedMatch", "c2", "0.5"),
];

/// [`MAPPINGS`] as Turtle, in [`FIXTURE`]'s prefixes.
fn mapping_nodes() -> String {
    MAPPINGS
        .iter()
        .map(|(node, source, property, target, confidence)| {
            format!(
                "ex:{node} a wg:Mapping ; owl:annotatedSource ex:{source} ; owl:annotatedProperty skos:{property} ; \
                 owl:annotatedTarget ex:{target} ; wg:mappingJustification semapv:ManualMappingCuration ; \
                 wg:confidence {confidence} ; dcterms:creator ex:curator ; dcterms:date \"2026-01-02\"^^xsd:date ; \
                 dcterms:source ex:source .\n"
            )
        })
        .collect()
}

/// The framework pairs of [`FIXTURE`] with curated mappings between them, by code, in order: FD
/// has none, and FB-FE and FA-FD are not mapped. The overlap table and the all-pairs evaluation
/// both list exactly these.
pub(crate) const MAPPED_PAIRS: [(&str, &str); 5] = [
    ("FA", "FB"),
    ("FA", "FC"),
    ("FA", "FE"),
    ("FB", "FC"),
    ("FC", "FE"),
];

/// `http://example.org/{local}`.
pub(crate) fn ex(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("http://example.org/{local}"))
}

/// A fresh in-memory graph holding [`FIXTURE`] and its mapping nodes.
pub(crate) fn fixture_graph() -> Graph {
    let graph = Graph::empty().expect("an in-memory store opens");
    let turtle = format!("{FIXTURE}{}", mapping_nodes());
    graph
        .load(RdfInput::Text(&turtle), Some("turtle"), None)
        .expect("the fixture parses");
    graph
}
