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
ex:m1 a wg:Mapping ; owl:annotatedSource ex:a1 ; owl:annotatedProperty skos:exactMatch ; owl:annotatedTarget ex:b1 ;
    wg:mappingJustification semapv:ManualMappingCuration ; wg:confidence 0.9 ; dcterms:creator ex:curator ;
    dcterms:date "2026-01-02"^^xsd:date ; dcterms:source ex:source .
ex:b1 skos:exactMatch ex:a1 .
ex:m1b a wg:Mapping ; owl:annotatedSource ex:b1 ; owl:annotatedProperty skos:exactMatch ; owl:annotatedTarget ex:a1 ;
    wg:mappingJustification semapv:ManualMappingCuration ; wg:confidence 0.9 ; dcterms:creator ex:curator ;
    dcterms:date "2026-01-02"^^xsd:date ; dcterms:source ex:source .
ex:b2 skos:broadMatch ex:a2 .
ex:m2 a wg:Mapping ; owl:annotatedSource ex:b2 ; owl:annotatedProperty skos:broadMatch ; owl:annotatedTarget ex:a2 ;
    wg:mappingJustification semapv:ManualMappingCuration ; wg:confidence 0.7 ; dcterms:creator ex:curator ;
    dcterms:date "2026-01-02"^^xsd:date ; dcterms:subject "governance" ; rdfs:comment "B2 is the wider area."@en ;
    dcterms:source ex:source .
ex:a3 skos:closeMatch ex:b2 .
ex:a4 skos:relatedMatch ex:b3 .
ex:m4 a wg:Mapping ; owl:annotatedSource ex:a4 ; owl:annotatedProperty skos:relatedMatch ; owl:annotatedTarget ex:b3 ;
    wg:mappingJustification semapv:ManualMappingCuration ; wg:confidence 0.6 ; dcterms:creator ex:curator ;
    dcterms:date "2026-01-02"^^xsd:date ; dcterms:source ex:source .
ex:b3 skos:relatedMatch ex:a4 .
ex:c1 skos:broadMatch ex:b1 .
ex:m5 a wg:Mapping ; owl:annotatedSource ex:c1 ; owl:annotatedProperty skos:broadMatch ; owl:annotatedTarget ex:b1 ;
    wg:mappingJustification semapv:ManualMappingCuration ; wg:confidence 0.8 ; dcterms:creator ex:curator ;
    dcterms:date "2026-01-02"^^xsd:date ; dcterms:source ex:source .
ex:b4 skos:closeMatch ex:c2 .
ex:m6 a wg:Mapping ; owl:annotatedSource ex:b4 ; owl:annotatedProperty skos:closeMatch ; owl:annotatedTarget ex:c2 ;
    wg:mappingJustification semapv:ManualMappingCuration ; wg:confidence 0.5 ; dcterms:creator ex:curator ;
    dcterms:date "2026-01-02"^^xsd:date ; dcterms:source ex:source .
ex:a1 skos:relatedMatch ex:c1 .
ex:a3 skos:relatedMatch ex:e1 .
ex:e1 skos:relatedMatch ex:c2 .
ex:m8 a wg:Mapping ; owl:annotatedSource ex:e1 ; owl:annotatedProperty skos:relatedMatch ; owl:annotatedTarget ex:c2 ;
    wg:mappingJustification semapv:ManualMappingCuration ; wg:confidence 0.5 ; dcterms:creator ex:curator ;
    dcterms:date "2026-01-02"^^xsd:date ; dcterms:source ex:source .
"#;

/// `http://example.org/{local}`.
pub(crate) fn ex(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("http://example.org/{local}"))
}

/// A fresh in-memory graph holding [`FIXTURE`].
pub(crate) fn fixture_graph() -> Graph {
    let graph = Graph::empty().expect("an in-memory store opens");
    graph
        .load(RdfInput::Text(FIXTURE), Some("turtle"), None)
        .expect("the fixture parses");
    graph
}
