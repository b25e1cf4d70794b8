//! Every IRI namespace, prefix and term the library's Rust code uses, in one place.
//!
//! - namespaces as `&str` constants ([`WG`], [`SKOS`], ...) and through the [`ns!`] macro, which
//!   expands to the namespace as a string literal so that `concat!` can build constant IRIs and
//!   SPARQL text ([`sparql_prefix_lines!`]);
//! - [`PREFIXES`], the prefix table written at the top of saved Turtle and known to SPARQL queries;
//! - typed terms by namespace ([`skos::PREF_LABEL`], [`wg::FRAMEWORK`], ...);
//! - constructors of owned terms ([`wg()`], [`wgid()`], [`skos()`], [`dcterms()`], ...).
//!
//! No other source file spells a namespace IRI (a test checks), and every `wg:` term named here
//! is declared by the bundled ontology (another test checks).

use oxigraph::model::NamedNode;

/// The namespace IRI of a prefix, as a string literal (usable in `concat!`).
macro_rules! ns {
    (rdf) => {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    };
    (rdfs) => {
        "http://www.w3.org/2000/01/rdf-schema#"
    };
    (owl) => {
        "http://www.w3.org/2002/07/owl#"
    };
    (xsd) => {
        "http://www.w3.org/2001/XMLSchema#"
    };
    (skos) => {
        "http://www.w3.org/2004/02/skos/core#"
    };
    (dcterms) => {
        "http://purl.org/dc/terms/"
    };
    (prov) => {
        "http://www.w3.org/ns/prov#"
    };
    (org) => {
        "http://www.w3.org/ns/org#"
    };
    (schema) => {
        "https://schema.org/"
    };
    (foaf) => {
        "http://xmlns.com/foaf/0.1/"
    };
    (sh) => {
        "http://www.w3.org/ns/shacl#"
    };
    (wg) => {
        "https://w3id.org/workforce-graph/ontology#"
    };
    (wgid) => {
        "https://w3id.org/workforce-graph/id/"
    };
    (semapv) => {
        "https://w3id.org/semapv/vocab/"
    };
    (sssom) => {
        "https://w3id.org/sssom/"
    };
    (esco) => {
        "http://data.europa.eu/esco/model#"
    };
    (esco_data) => {
        "http://data.europa.eu/esco/"
    };
    (orcid) => {
        "https://orcid.org/"
    };
}
pub(crate) use ns;

/// `PREFIX` lines for SPARQL text, as a string literal: `sparql_prefix_lines!(wg, skos)` is
/// `"PREFIX wg: <...>\nPREFIX skos: <...>\n"` (usable in `concat!`).
macro_rules! sparql_prefix_lines {
    ($($prefix:ident),+ $(,)?) => {
        concat!($("PREFIX ", stringify!($prefix), ": <", $crate::vocab::ns!($prefix), ">\n"),+)
    };
}
pub(crate) use sparql_prefix_lines;

/// An IRI of a namespace as a string literal: `iri!(skos, "prefLabel")`.
macro_rules! iri {
    ($prefix:ident, $local:literal) => {
        concat!($crate::vocab::ns!($prefix), $local)
    };
}
pub(crate) use iri;

/// RDF.
pub const RDF: &str = ns!(rdf);
/// RDF Schema.
pub const RDFS: &str = ns!(rdfs);
/// OWL.
pub const OWL: &str = ns!(owl);
/// XML Schema datatypes.
pub const XSD: &str = ns!(xsd);
/// SKOS.
pub const SKOS: &str = ns!(skos);
/// Dublin Core terms.
pub const DCTERMS: &str = ns!(dcterms);
/// PROV-O.
pub const PROV: &str = ns!(prov);
/// The W3C Organization ontology.
pub const ORG: &str = ns!(org);
/// schema.org.
pub const SCHEMA: &str = ns!(schema);
/// FOAF.
pub const FOAF: &str = ns!(foaf);
/// SHACL.
pub const SH: &str = ns!(sh);
/// Namespace of the ontology's terms.
pub const WG: &str = ns!(wg);
/// Namespace of the bundled data's resources.
pub const WGID: &str = ns!(wgid);
/// The Semantic Mapping Vocabulary (mapping justifications).
pub const SEMAPV: &str = ns!(semapv);
/// SSSOM's own namespace.
pub const SSSOM: &str = ns!(sssom);
/// The ESCO model (classes and properties).
pub const ESCO: &str = ns!(esco);
/// ESCO's data (occupations, skills): the `esco:` prefix of SSSOM files.
pub const ESCO_DATA: &str = ns!(esco_data);
/// ORCID identifiers.
pub const ORCID: &str = ns!(orcid);

/// Prefixes written at the top of Turtle and TriG files this library saves, and known to the
/// SPARQL queries it parses.
pub const PREFIXES: &[(&str, &str)] = &[
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("owl", OWL),
    ("xsd", XSD),
    ("skos", SKOS),
    ("dcterms", DCTERMS),
    ("prov", PROV),
    ("org", ORG),
    ("schema", SCHEMA),
    ("foaf", FOAF),
    ("sh", SH),
    ("wg", WG),
    ("wgid", WGID),
];

/// `PREFIX` lines for `prefixes` (names of [`PREFIXES`]), for SPARQL text built at run time.
///
/// # Panics
/// If a prefix is not in [`PREFIXES`] (a programming error).
pub fn sparql_prefixes(prefixes: &[&str]) -> String {
    prefixes
        .iter()
        .map(|prefix| {
            let (_, namespace) = PREFIXES
                .iter()
                .find(|(p, _)| p == prefix)
                .unwrap_or_else(|| panic!("unknown prefix {prefix:?}"));
            format!("PREFIX {prefix}: <{namespace}>\n")
        })
        .collect()
}

/// Defines a module of typed terms of one namespace.
macro_rules! terms {
    ($(#[$doc:meta])* $module:ident = $prefix:ident { $($name:ident = $local:literal),* $(,)? }) => {
        $(#[$doc])*
        pub mod $module {
            use oxigraph::model::NamedNodeRef;
            $(
                #[doc = concat!("`", stringify!($prefix), ":", $local, "`.")]
                pub const $name: NamedNodeRef<'static> =
                    NamedNodeRef::new_unchecked($crate::vocab::iri!($prefix, $local));
            )*
            /// Every term of this module.
            #[cfg(test)]
            pub(crate) const ALL: &[NamedNodeRef<'static>] = &[$($name),*];
        }
    };
}

terms! {
    /// SKOS terms.
    skos = skos {
        CONCEPT = "Concept", CONCEPT_SCHEME = "ConceptScheme",
        IN_SCHEME = "inScheme", TOP_CONCEPT_OF = "topConceptOf", HAS_TOP_CONCEPT = "hasTopConcept",
        PREF_LABEL = "prefLabel", ALT_LABEL = "altLabel", HIDDEN_LABEL = "hiddenLabel",
        DEFINITION = "definition", NOTATION = "notation",
        BROADER = "broader", NARROWER = "narrower",
        EXACT_MATCH = "exactMatch", CLOSE_MATCH = "closeMatch", BROAD_MATCH = "broadMatch",
        NARROW_MATCH = "narrowMatch", RELATED_MATCH = "relatedMatch",
    }
}

terms! {
    /// Terms of the workforce-graph ontology.
    wg = wg {
        FRAMEWORK = "Framework", CODING_FRAME = "CodingFrame",
        SPECIALIST_AREA_SCHEME = "SpecialistAreaScheme", SPECIALIST_AREA = "SpecialistArea",
        LEVEL_SCALE = "LevelScale", PROFICIENCY_SCALE = "ProficiencyScale", SENIORITY_SCALE = "SeniorityScale",
        LEVEL = "Level", PROFICIENCY_LEVEL = "ProficiencyLevel", SENIORITY_LEVEL = "SeniorityLevel",
        ROLE = "Role", ROLE_LEVEL = "RoleLevel", ROLE_FAMILY = "RoleFamily",
        COMPETENCY = "Competency", COMPETENCY_AREA = "CompetencyArea",
        MAPPING = "Mapping", MAPPING_JUSTIFICATION = "mappingJustification",
        CONFIDENCE = "confidence", SIMILARITY_SCORE = "similarityScore",
        ABBREVIATION = "abbreviation", POST_NOMINAL = "postNominal",
        REQUIREMENT = "Requirement", FOR_ROLE = "forRole", FOR_ROLE_LEVEL = "forRoleLevel",
        REQUIRED_COMPETENCY = "requiredCompetency", REQUIRED_LEVEL = "requiredLevel",
        REQUIREMENT_TYPE = "requirementType", OPTIONAL = "Optional", ESSENTIAL = "Essential",
        REQUIRES_COMPETENCY = "requiresCompetency", NORMALISED_LEVEL = "normalisedLevel",
        IS_LEVEL_OF = "isLevelOf", RANK = "rank", COVERS = "covers", OFFERED_BY = "offeredBy",
        DEFINED_AT_LEVEL = "definedAtLevel",
    }
}

terms! {
    /// OWL terms.
    owl = owl {
        CLASS = "Class",
        ANNOTATED_SOURCE = "annotatedSource", ANNOTATED_PROPERTY = "annotatedProperty",
        ANNOTATED_TARGET = "annotatedTarget",
    }
}

terms! {
    /// RDF Schema terms.
    rdfs = rdfs { LABEL = "label", COMMENT = "comment" }
}

terms! {
    /// Dublin Core terms.
    dcterms = dcterms {
        CREATOR = "creator", DATE = "date", SUBJECT = "subject", SOURCE = "source",
        TITLE = "title", DESCRIPTION = "description",
    }
}

terms! {
    /// FOAF terms.
    foaf = foaf { AGENT = "Agent", NAME = "name", PAGE = "page", HOMEPAGE = "homepage" }
}

terms! {
    /// PROV-O terms.
    prov = prov { AGENT = "Agent" }
}

terms! {
    /// W3C Organization ontology terms.
    org = org { ROLE = "Role" }
}

terms! {
    /// Semantic Mapping Vocabulary terms.
    semapv = semapv { MANUAL_MAPPING_CURATION = "ManualMappingCuration" }
}

terms! {
    /// ESCO model terms.
    esco = esco {
        OCCUPATION = "Occupation", SKILL = "Skill",
        HAS_ESSENTIAL_SKILL = "hasEssentialSkill", HAS_OPTIONAL_SKILL = "hasOptionalSkill",
    }
}

/// `wg:{local}`.
pub fn wg(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{WG}{local}"))
}

/// `wgid:{path}`: a resource of the bundled data.
pub fn wgid(path: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{WGID}{path}"))
}

/// `skos:{local}`.
pub fn skos(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SKOS}{local}"))
}

/// `dcterms:{local}`.
pub fn dcterms(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{DCTERMS}{local}"))
}

/// `org:{local}`.
pub fn org(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ORG}{local}"))
}

/// `owl:{local}`.
pub fn owl(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{OWL}{local}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::RdfFormat;
    use oxigraph::model::{vocab::rdf, NamedNodeRef, NamedOrBlankNodeRef};
    use oxigraph::store::Store;
    use std::path::Path;

    #[test]
    fn prefix_macros_match_the_table() {
        assert_eq!(sparql_prefix_lines!(wg, skos), sparql_prefixes(&["wg", "skos"]),);
        for (prefix, namespace) in PREFIXES {
            assert!(namespace.ends_with(['#', '/']), "{prefix}");
        }
        assert_eq!(iri!(skos, "prefLabel"), skos::PREF_LABEL.as_str());
        assert_eq!(wg("Framework"), wg::FRAMEWORK.into_owned());
    }

    #[test]
    fn every_term_is_in_its_namespace_and_named_once() {
        let modules: [(&str, &[NamedNodeRef<'static>]); 10] = [
            (SKOS, skos::ALL),
            (WG, wg::ALL),
            (OWL, owl::ALL),
            (RDFS, rdfs::ALL),
            (DCTERMS, dcterms::ALL),
            (FOAF, foaf::ALL),
            (PROV, prov::ALL),
            (ORG, org::ALL),
            (SEMAPV, semapv::ALL),
            (ESCO, esco::ALL),
        ];
        let mut seen = std::collections::HashSet::new();
        for (namespace, terms) in modules {
            for term in terms {
                assert!(term.as_str().starts_with(namespace), "{term}");
                assert!(NamedNode::new(term.as_str()).is_ok(), "{term}");
                assert!(seen.insert(*term), "{term} named twice");
            }
        }
    }

    /// Every `wg:` term named here is declared (given an `rdf:type`) by the bundled ontology
    /// (`ontology/*.ttl`, without `ontology/data/`).
    #[test]
    fn every_wg_term_is_declared_by_the_ontology() {
        let store = Store::new().unwrap();
        let mut loaded = 0;
        for (path, content) in crate::bundle::BUNDLED_FILES {
            let inside = path.replace('\\', "/");
            let Some(name) = inside.strip_prefix("ontology/") else {
                continue;
            };
            if name.contains('/') {
                continue; // ontology/data/: instances, not the ontology
            }
            store.load_from_slice(RdfFormat::Turtle, *content).unwrap();
            loaded += 1;
        }
        assert!(loaded > 0, "no ontology file in the bundle");
        let missing: Vec<NamedNodeRef<'_>> = wg::ALL
            .iter()
            .copied()
            .filter(|term| {
                store
                    .quads_for_pattern(
                        Some(NamedOrBlankNodeRef::from(*term)),
                        Some(rdf::TYPE),
                        None,
                        None,
                    )
                    .next()
                    .is_none()
            })
            .collect();
        assert!(missing.is_empty(), "not declared by ontology/*.ttl: {missing:?}");
    }

    /// The part of a source file that ships: up to its `#[cfg(test)] mod tests {`, without comments
    /// (doc comments show example IRIs).
    fn shipped(text: &str) -> String {
        let lines: Vec<&str> = text.lines().collect();
        let end = lines
            .windows(2)
            .position(|pair| {
                pair[0].trim() == "#[cfg(test)]" && pair[1].starts_with("mod ") && pair[1].ends_with('{')
            })
            .unwrap_or(lines.len());
        lines[..end]
            .iter()
            .filter(|line| !line.trim_start().starts_with("//"))
            .copied()
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// No source file but this one spells a namespace IRI: the others use this module.
    #[test]
    fn no_other_source_file_spells_a_namespace() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        // Files that are test fixtures as a whole (declared under `#[cfg(test)]`).
        let fixtures = ["crosswalk/fixtures.rs", "analysis/testdata.rs", "vocab.rs"];
        let namespaces: Vec<&str> = PREFIXES
            .iter()
            .map(|(_, namespace)| *namespace)
            .chain([SEMAPV, SSSOM, ESCO, ESCO_DATA, ORCID])
            .collect();
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let mut offences = Vec::new();
        for file in files {
            let relative = file
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if fixtures.contains(&relative.as_str()) {
                continue;
            }
            let text = shipped(&std::fs::read_to_string(&file).unwrap());
            for namespace in &namespaces {
                if text.contains(namespace) {
                    offences.push(format!("{relative}: {namespace}"));
                }
            }
        }
        assert!(offences.is_empty(), "use crate::vocab instead: {offences:#?}");
    }
}
