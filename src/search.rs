//! Finding things by words: ranked matches over the labels, alternative labels, codes and
//! definitions of frameworks, competencies, roles, role levels, professional bodies, offers,
//! publications and the coding frame's entries.
//!
//! **Words.** The text of the search and of every item go through the crosswalk's analyzer
//! ([`crate::crosswalk`]'s lexical module), on the library's text rules ([`crate::text`]): words,
//! lowercased, stop words dropped, British spelling, a light stemmer, and the abbreviations curated
//! in the graph expanded (so "IG" finds "Information governance" and "DDaT" the DDaT framework).
//!
//! **Fields and score.** An item's words come from its label (`skos:prefLabel`, `rdfs:label`,
//! `dcterms:title`) and codes (`skos:notation`, `wg:abbreviation`, `wg:postNominal`) at full
//! weight, its alternative labels (`skos:altLabel`, `skos:hiddenLabel`) at two thirds and its
//! definition (`skos:definition`, `dcterms:description`) at one third; English or untagged
//! literals. Each word of the search counts by its rarity among the items (`ln((1 + N) / (1 +
//! df)) + 1`), and the score is the share of that weight the item matches, each word at the weight
//! of the best field it appears in: 1.0 when every word is in the label or a code, less when a word
//! is missing or only in the definition. Ties go to an item whose label or code is the search text
//! itself (as a name: ignoring case, spacing and `and` written as `&`), then to the shorter label.

use crate::catalogue::{resolve_framework, ResolveError};
use crate::crosswalk::lexical::Analyzer;
use crate::graph::{Graph, QueryOutcome};
use crate::table::term_text;
use crate::QueryError;
use oxigraph::model::TermRef;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

use crate::vocab::{dcterms, rdfs, skos, wg, WG};

/// The kinds of item a search covers, each with the classes that make an item that kind, in order
/// of precedence (an item of several classes takes the first kind that fits).
pub const KINDS: [(&str, &[&str]); 12] = [
    ("framework", &["Framework"]),
    ("role_level", &["RoleLevel"]),
    ("role", &["Role"]),
    ("role_family", &["RoleFamily"]),
    ("competency", &["Competency", "CompetencyArea"]),
    ("professional_body", &["ProfessionalBody"]),
    (
        "offer",
        &[
            "Offer",
            "MembershipGrade",
            "ProfessionalRegistration",
            "Accreditation",
            "CPDScheme",
            "Qualification",
            "Certification",
            "DevelopmentProgramme",
        ],
    ),
    ("publication", &["Publication", "EvidenceBrief"]),
    ("specialist_area", &["SpecialistArea"]),
    ("area_group", &["SpecialistAreaGroup"]),
    ("level", &["SeniorityLevel", "ProficiencyLevel", "Level"]),
    ("topic", &["Topic"]),
];

/// The names of the kinds, in the order of [`KINDS`].
pub fn kind_names() -> Vec<&'static str> {
    KINDS.iter().map(|(name, _)| *name).collect()
}

/// The fields text is read from, with their weights.
const FIELDS: [(&str, &str, f64); 10] = [
    (skos::PREF_LABEL.as_str(), "label", 1.0),
    (rdfs::LABEL.as_str(), "label", 1.0),
    (dcterms::TITLE.as_str(), "label", 1.0),
    (skos::NOTATION.as_str(), "code", 1.0),
    (wg::ABBREVIATION.as_str(), "code", 1.0),
    (wg::POST_NOMINAL.as_str(), "code", 1.0),
    (skos::ALT_LABEL.as_str(), "alt_label", 2.0 / 3.0),
    (skos::HIDDEN_LABEL.as_str(), "alt_label", 2.0 / 3.0),
    (skos::DEFINITION.as_str(), "definition", 1.0 / 3.0),
    (dcterms::DESCRIPTION.as_str(), "definition", 1.0 / 3.0),
];

/// One match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// What the item is: one of [`kind_names`].
    pub kind: &'static str,
    /// The item's IRI.
    pub item: String,
    /// Its label (`skos:prefLabel`, else `rdfs:label` or `dcterms:title`).
    pub item_label: Option<String>,
    /// Its code (`skos:notation` or `wg:abbreviation`), if any.
    pub item_code: Option<String>,
    /// The framework, coding frame or level scale it is in (`skos:inScheme`), if any.
    pub framework: Option<String>,
    /// That framework's label.
    pub framework_label: Option<String>,
    /// That framework's code.
    pub framework_code: Option<String>,
    /// How well it matches, 0 to 1 (see the module docs).
    pub score: f64,
    /// The item's words that matched, as the item writes them.
    pub matched: Vec<String>,
    /// The fields they were found in (`label`, `code`, `alt_label`, `definition`).
    pub matched_in: Vec<&'static str>,
}

impl crate::table::Row for SearchHit {
    fn fields() -> Vec<crate::table::Field<Self>> {
        crate::fields![Self;
            text kind,
            text item,
            text item_label,
            text item_code,
            text framework,
            text framework_label,
            text framework_code,
            real score,
            list matched,
            list matched_in,
        ]
    }
}

/// Errors of [`search`].
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The framework filter names no framework.
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    /// Reading the graph failed.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The kind filter is not a kind.
    #[error("no kind of item is called {given:?}; the kinds are {}", .kinds.join(", "))]
    UnknownKind {
        /// What was asked for.
        given: String,
        /// The kinds there are.
        kinds: Vec<&'static str>,
    },
    /// The search text has no word to look for (empty, or only stop words and punctuation).
    #[error(
        "the search text {0:?} has no word to look for (stop words such as \"and\" or \"of\" are left out)"
    )]
    NoWords(String),
}

/// One item's text, gathered from the graph.
#[derive(Default)]
struct Document {
    kind: usize,
    label: Option<String>,
    code: Option<String>,
    code_is_notation: bool,
    /// The scheme it is in, with its precedence (0 framework, 1 coding frame, 2 specialist-area scheme,
    /// 3 level scale).
    scheme: Option<(usize, String)>,
    /// Term → (best field weight, field name, the word as the item writes it).
    terms: HashMap<String, (f64, &'static str, String)>,
    /// Whole labels and codes as names ([`crate::text::name_key`]), to recognise an exact match.
    names: Vec<String>,
}

fn select(graph: &Graph, sparql: &str) -> Result<crate::SolutionTable, QueryError> {
    match graph.query(sparql, &[], None)? {
        QueryOutcome::Solutions(table) => Ok(table),
        _ => unreachable!("a SELECT query gives solutions"),
    }
}

fn text(table: &crate::SolutionTable, column: usize, row: usize) -> Option<String> {
    table.value(column, row).map(|term| term_text(term).into_owned())
}

fn iri(table: &crate::SolutionTable, column: usize, row: usize) -> Option<String> {
    match table.value(column, row) {
        Some(TermRef::NamedNode(node)) => Some(node.as_str().to_owned()),
        _ => None,
    }
}

/// Reads every item of the searched kinds with its text, and the label and code of each scheme
/// an item is in.
#[allow(clippy::type_complexity)]
fn documents(
    graph: &Graph,
    analyzer: &Analyzer,
) -> Result<
    (
        HashMap<String, Document>,
        HashMap<String, (Option<String>, Option<String>)>,
    ),
    QueryError,
> {
    let mut names: HashMap<String, (Option<String>, Option<String>)> = HashMap::new();
    let classes: String = KINDS
        .iter()
        .enumerate()
        .flat_map(|(k, (_, classes))| classes.iter().map(move |class| format!("(<{WG}{class}> {k})")))
        .collect::<Vec<_>>()
        .join(" ");
    let typed = select(
        graph,
        &format!("SELECT ?item (MIN(?k) AS ?kind) WHERE {{ VALUES (?class ?k) {{ {classes} }} ?item a ?class FILTER(isIRI(?item)) }} GROUP BY ?item"),
    )?;
    let mut docs: HashMap<String, Document> = HashMap::new();
    for row in 0..typed.num_rows() {
        let (Some(item), Some(TermRef::Literal(kind))) = (iri(&typed, 0, row), typed.value(1, row)) else {
            continue;
        };
        let Ok(kind) = kind.value().parse::<usize>() else {
            continue;
        };
        docs.insert(
            item,
            Document {
                kind,
                ..Document::default()
            },
        );
    }
    let predicates: String = FIELDS
        .iter()
        .enumerate()
        .map(|(i, (p, _, _))| format!("(<{p}> {i})"))
        .collect::<Vec<_>>()
        .join(" ");
    let texts = select(
        graph,
        &format!(
            "SELECT ?item ?f ?text WHERE {{ VALUES (?p ?f) {{ {predicates} }} ?item ?p ?text
               FILTER(isIRI(?item) && isLiteral(?text) && (LANG(?text) = \"\" || LANGMATCHES(LANG(?text), \"en\"))) }}"
        ),
    )?;
    for row in 0..texts.num_rows() {
        let Some(item) = iri(&texts, 0, row) else {
            continue;
        };
        let Some(doc) = docs.get_mut(&item) else {
            continue;
        };
        let (Some(TermRef::Literal(field)), Some(value)) = (texts.value(1, row), text(&texts, 2, row)) else {
            continue;
        };
        let Some(&(predicate, field, weight)) =
            field.value().parse::<usize>().ok().and_then(|i| FIELDS.get(i))
        else {
            continue;
        };
        let is_label = field == "label";
        if is_label && (doc.label.is_none() || predicate.ends_with("prefLabel")) {
            doc.label = Some(value.clone());
        }
        if field == "code" {
            // A notation is the code; otherwise the alphabetically first abbreviation, so the
            // answer does not depend on the store's order.
            let is_notation = predicate.ends_with("#notation");
            let better = match (&doc.code, doc.code_is_notation) {
                (None, _) => true,
                (Some(_), true) => false,
                (Some(current), false) => is_notation || value < *current,
            };
            if better {
                doc.code = Some(value.clone());
                doc.code_is_notation = is_notation;
            }
        }
        if field != "definition" {
            doc.names.push(crate::text::name_key(&value));
        }
        let mut found = HashMap::new();
        let mut surfaces = HashMap::new();
        analyzer.terms(&value, weight, &mut found, &mut surfaces);
        for term in found.into_keys() {
            let surface = surfaces.remove(&term).unwrap_or_else(|| term.clone());
            let entry = doc.terms.entry(term).or_insert((0.0, field, String::new()));
            if weight > entry.0 {
                *entry = (weight, field, surface);
            }
        }
    }
    let schemes = select(
        graph,
        &format!(
            "SELECT ?item ?scheme ?order (SAMPLE(?label) AS ?scheme_label) (SAMPLE(?code) AS ?scheme_code) WHERE {{
               VALUES (?class ?order) {{ (<{WG}Framework> 0) (<{WG}CodingFrame> 1) (<{WG}SpecialistAreaScheme> 2) (<{WG}LevelScale> 3) }}
               ?item <{in_scheme}> ?scheme . ?scheme a ?class .
               OPTIONAL {{ ?scheme <{pref_label}> ?label
                          FILTER(LANG(?label) = \"\" || LANGMATCHES(LANG(?label), \"en\")) }}
               OPTIONAL {{ ?scheme <{notation}> ?code }}
             }} GROUP BY ?item ?scheme ?order",
            in_scheme = skos::IN_SCHEME.as_str(),
            pref_label = skos::PREF_LABEL.as_str(),
            notation = skos::NOTATION.as_str(),
        ),
    )?;
    for row in 0..schemes.num_rows() {
        let (Some(item), Some(scheme), Some(TermRef::Literal(order))) = (
            iri(&schemes, 0, row),
            iri(&schemes, 1, row),
            schemes.value(2, row),
        ) else {
            continue;
        };
        names
            .entry(scheme.clone())
            .or_insert_with(|| (text(&schemes, 3, row), text(&schemes, 4, row)));
        let (Some(doc), Ok(order)) = (docs.get_mut(&item), order.value().parse::<usize>()) else {
            continue;
        };
        if doc
            .scheme
            .as_ref()
            .is_none_or(|(best, iri)| (order, &scheme) < (*best, iri))
        {
            doc.scheme = Some((order, scheme));
        }
    }
    Ok((docs, names))
}

/// Ranked matches for `text`: at most `k` items, best first, only of `kind` (one of
/// [`kind_names`]) and only in `framework` (a code, name or IRI: the framework's own items, and
/// the framework itself) when given. Items that match no word are left out.
pub fn search(
    graph: &Graph,
    text: &str,
    kind: Option<&str>,
    framework: Option<&str>,
    k: usize,
) -> Result<Vec<SearchHit>, SearchError> {
    let kind = kind
        .map(|given| {
            let wanted = given.trim().to_lowercase().replace([' ', '-'], "_");
            KINDS
                .iter()
                .position(|(name, _)| *name == wanted)
                .ok_or_else(|| SearchError::UnknownKind {
                    given: given.to_owned(),
                    kinds: kind_names(),
                })
        })
        .transpose()?;
    let framework = framework
        .map(|given| resolve_framework(graph, given))
        .transpose()?
        .map(|node| node.into_string());
    let analyzer =
        Analyzer::from_store(graph.store(), true).map_err(|e| QueryError::Evaluation(e.to_string()))?;
    let mut wanted = HashMap::new();
    analyzer.terms(text, 1.0, &mut wanted, &mut HashMap::new());
    if wanted.is_empty() {
        return Err(SearchError::NoWords(text.to_owned()));
    }
    let (docs, scheme_names) = documents(graph, &analyzer)?;
    let n = docs.len() as f64;
    let mut df: HashMap<&str, usize> = HashMap::new();
    for doc in docs.values() {
        for term in doc.terms.keys() {
            if wanted.contains_key(term) {
                *df.entry(term.as_str()).or_default() += 1;
            }
        }
    }
    let idf = |term: &str| ((1.0 + n) / (1.0 + *df.get(term).unwrap_or(&0) as f64)).ln() + 1.0;
    let total: f64 = wanted.iter().map(|(term, weight)| weight * idf(term)).sum();
    let whole = crate::text::name_key(text);
    let mut hits: Vec<(bool, SearchHit)> = Vec::new();
    for (item, doc) in &docs {
        if kind.is_some_and(|kind| kind != doc.kind) {
            continue;
        }
        let scheme = doc.scheme.as_ref().map(|(_, iri)| iri);
        if let Some(framework) = &framework {
            if scheme != Some(framework) && item != framework {
                continue;
            }
        }
        let mut gained = 0.0;
        let mut matched = BTreeSet::new();
        let mut fields = BTreeSet::new();
        for (term, weight) in &wanted {
            if let Some((field_weight, field, surface)) = doc.terms.get(term) {
                gained += weight * idf(term) * field_weight;
                matched.insert(surface.clone());
                fields.insert(*field);
            }
        }
        if matched.is_empty() {
            continue;
        }
        let scheme_name = scheme.and_then(|iri| scheme_names.get(iri));
        hits.push((
            doc.names.contains(&whole),
            SearchHit {
                kind: KINDS[doc.kind].0,
                item: item.clone(),
                item_label: doc.label.clone(),
                item_code: doc.code.clone(),
                framework: scheme.cloned(),
                framework_label: scheme_name.and_then(|(label, _)| label.clone()),
                framework_code: scheme_name.and_then(|(_, code)| code.clone()),
                score: (gained / total).min(1.0),
                matched: matched.into_iter().collect(),
                matched_in: ["label", "code", "alt_label", "definition"]
                    .into_iter()
                    .filter(|f| fields.contains(f))
                    .collect(),
            },
        ));
    }
    let label_len = |hit: &SearchHit| hit.item_label.as_ref().map_or(usize::MAX, |l| l.chars().count());
    hits.sort_by(|(exact_a, a), (exact_b, b)| {
        b.score
            .total_cmp(&a.score)
            .then(exact_b.cmp(exact_a))
            .then(label_len(a).cmp(&label_len(b)))
            .then_with(|| a.item_label.cmp(&b.item_label))
            .then_with(|| a.item.cmp(&b.item))
    });
    Ok(hits.into_iter().take(k).map(|(_, hit)| hit).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RdfInput;

    fn graph() -> Graph {
        let graph = Graph::empty().unwrap();
        graph
            .load(
                RdfInput::Text(
                    r#"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
                    @prefix wg: <https://w3id.org/workforce-graph/ontology#> .
                    @prefix dcterms: <http://purl.org/dc/terms/> .
                    @prefix ex: <http://example.com/> .
                    ex:f a wg:Framework ; skos:prefLabel "Digital, data and technology"@en ; skos:notation "DDaT" .
                    ex:g a wg:Framework ; skos:prefLabel "Knowledge and skills framework"@en ; skos:notation "KSF" .
                    ex:analyst a wg:Role ; skos:inScheme ex:f ; skos:prefLabel "Data analyst"@en .
                    ex:senior a wg:Role ; skos:inScheme ex:f ; skos:prefLabel "Senior data analyst"@en .
                    ex:viz a wg:Competency ; skos:inScheme ex:f ; skos:prefLabel "Data visualisation"@en ;
                        skos:definition "Presenting analyses so that others understand them."@fr ;
                        skos:altLabel "Charting"@en .
                    ex:ig a wg:Competency ; skos:inScheme ex:g ; skos:prefLabel "Information governance"@en ;
                        skos:altLabel "IG"@en ; skos:definition "Keeping data safe and lawful."@en .
                    ex:paper a wg:Publication ; dcterms:title "Analysts in the NHS" .
                    ex:untyped skos:prefLabel "Data analyst"@en ."#,
                ),
                Some("turtle"),
                None,
            )
            .unwrap();
        graph
    }

    #[test]
    fn ranks_labels_above_longer_labels_and_definitions_and_names_the_words() {
        let hits = search(&graph(), "data analyst", None, None, 10).unwrap();
        let items: Vec<&str> = hits.iter().map(|h| h.item.as_str()).collect();
        assert_eq!(
            items[..2],
            ["http://example.com/analyst", "http://example.com/senior"]
        );
        assert_eq!(hits[0].score, 1.0);
        assert_eq!(hits[0].kind, "role");
        assert_eq!(hits[0].framework_code.as_deref(), Some("DDaT"));
        assert_eq!(hits[0].matched, ["analyst", "data"]);
        assert_eq!(hits[0].matched_in, ["label"]);
        // Untyped resources are not searched; a definition-only match scores below a label match.
        assert!(!items.contains(&"http://example.com/untyped"));
        let ig = hits.iter().find(|h| h.item == "http://example.com/ig").unwrap();
        assert_eq!(ig.matched_in, ["definition"]);
        assert!(ig.score < hits[1].score);
    }

    #[test]
    fn codes_alternative_labels_and_stems_match() {
        let hits = search(&graph(), "KSF", None, None, 5).unwrap();
        assert_eq!(hits[0].item, "http://example.com/g");
        assert_eq!(hits[0].matched_in, ["code"]);
        let hits = search(&graph(), "charts", None, None, 5).unwrap();
        assert_eq!(hits[0].item, "http://example.com/viz");
        assert_eq!(hits[0].matched_in, ["alt_label"]);
        assert!((hits[0].score - 2.0 / 3.0).abs() < 1e-9, "{}", hits[0].score);
        let hits = search(&graph(), "analysts", Some("publication"), None, 5).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].item_label.as_deref(), Some("Analysts in the NHS"));
    }

    #[test]
    fn filters_by_kind_and_framework_and_limits() {
        let g = graph();
        let hits = search(&g, "data", Some("competency"), None, 10).unwrap();
        assert!(hits.iter().all(|h| h.kind == "competency"));
        assert_eq!(hits.len(), 2);
        let hits = search(&g, "data", None, Some("ksf"), 10).unwrap();
        assert_eq!(
            hits.iter().map(|h| h.item.as_str()).collect::<Vec<_>>(),
            ["http://example.com/ig"]
        );
        assert_eq!(search(&g, "data", None, None, 1).unwrap().len(), 1);
    }

    #[test]
    fn bad_filters_and_empty_text_are_errors() {
        let g = graph();
        let error = search(&g, "data", Some("widget"), None, 5).unwrap_err();
        assert!(
            error.to_string().contains("the kinds are framework, role_level"),
            "{error}"
        );
        assert!(matches!(
            search(&g, "data", None, Some("nope"), 5),
            Err(SearchError::Resolve(_))
        ));
        assert!(matches!(
            search(&g, " of the ", None, None, 5),
            Err(SearchError::NoWords(_))
        ));
        assert!(search(&g, "zebra", None, None, 5).unwrap().is_empty());
    }
}
