//! Framework-centric analyses: overlap, crosswalks, lexical mapping suggestions, framework gaps.
//!
//! Everything reads the store's default graph (what SPARQL queries see) and works on any
//! `skos:ConceptScheme`, bundled or loaded by a user.
//!
//! **Framework items.** The items of a framework are the concepts placed in its scheme
//! (`skos:inScheme`, `skos:topConceptOf` or the scheme's `skos:hasTopConcept`), except the steps
//! of level scales (`wg:Level`, `wg:ProficiencyLevel`, `wg:SeniorityLevel`) and the role structure
//! that shares a framework's scheme (`wg:Role`, `wg:RoleLevel`, `wg:RoleFamily`): those carry
//! requirements rather than being competencies. Competency areas count as items.
//!
//! **Curated mappings.** A curated mapping is a SKOS mapping triple (`exactMatch`, `closeMatch`,
//! `broadMatch`, `narrowMatch`, `relatedMatch`) and/or a `wg:Mapping` node naming it with
//! `owl:annotatedSource/Property/Target`; a node and its mirrored triple are one mapping. A
//! mapping counts between frameworks A and B when one end is an item of A and the other an item
//! of B, in either direction; seen from A, a statement made from B has its kind inverted
//! (B `broadMatch` A is A `narrowMatch` B).
//!
//! Explainability: [`crosswalk`] lists each mapping with its provenance, [`Suggestion`]s carry the
//! words that matched, and [`GapRow`]s carry the path (with each step's kind and confidence) that
//! links an item to the other framework, in the spirit of OpenCRE's gap analysis.

mod accept;
mod gaps;
pub(crate) mod lexical;
pub(crate) mod snapshot;

#[cfg(test)]
mod fixtures;

pub use accept::{accept_mappings, accepted_mapping_triples, AcceptDefaults, AcceptedMapping};
pub use gaps::{framework_gaps, GapRow, GapTableRow, PathStep, StepKind};
pub use lexical::{
    evaluate_all_pairs, evaluate_all_pairs_at, evaluate_suggestions, quality_rows, suggest_mappings,
    suggest_mappings_with, AllPairsEvaluation, Evaluation, MatchedWord, PairEvaluation, QualityRow,
    SuggestOptions, Suggestion, SuggestionRow,
};

use crate::catalogue::ResolveError;
use crate::table::{Field, Row};
use crate::vocab;
use crate::Graph;
use oxigraph::model::{NamedNode, NamedNodeRef};
use oxigraph::store::{StorageError, Store};
use serde::Serialize;
use snapshot::Snapshot;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::str::FromStr;

/// Errors of the framework analyses.
#[derive(Debug, thiserror::Error)]
pub enum CrosswalkError {
    /// Reading or writing the store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A framework name, code or IRI matched nothing (see [`resolve`]); boxed to keep results small.
    #[error(transparent)]
    Resolve(Box<ResolveError>),
    /// An IRI given as a framework is not a concept scheme in the graph.
    #[error(
        "{iri} is not a concept scheme in the graph{}",
        crate::text::did_you_mean_names(.suggestions)
    )]
    UnknownFramework {
        /// The IRI given.
        iri: String,
        /// Close codes or IRIs of known schemes, best first.
        suggestions: Vec<String>,
    },
    /// Both frameworks of a pairwise analysis are the same scheme.
    #[error("compare two different frameworks (both are {0})")]
    SameFramework(String),
    /// A numeric parameter is out of range.
    #[error("{name} must be {expected}, got {value}")]
    InvalidParameter {
        /// The parameter.
        name: &'static str,
        /// The allowed range.
        expected: &'static str,
        /// The value given.
        value: f64,
    },
    /// A row of accepted mappings cannot be stored (rows are numbered from 0).
    #[error("accepted mapping row {row}: {reason}")]
    InvalidRow {
        /// Index of the offending row.
        row: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A method name other than `crosswalk`, `lexical` or `both`.
    #[error("unknown overlap method {0:?}: use \"crosswalk\", \"lexical\" or \"both\"")]
    UnknownMethod(String),
    /// A framework whose content is licensed and not bundled (SFIA) was named in an analysis
    /// before the user loaded their copy; the message says how to load it.
    #[error("{0}")]
    NotLoaded(String),
}

impl From<ResolveError> for CrosswalkError {
    fn from(error: ResolveError) -> Self {
        Self::Resolve(Box::new(error))
    }
}

/// Resolves a framework given by code (`skos:notation`), name or IRI, as
/// [`crate::catalogue::resolve_framework`] does; unknown names give close matches.
pub fn resolve(graph: &Graph, given: &str) -> Result<NamedNode, CrosswalkError> {
    Ok(crate::catalogue::resolve_framework(graph, given)?)
}

/// The five SKOS mapping properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum MappingKind {
    /// `skos:exactMatch`.
    #[serde(rename = "exact_match")]
    Exact,
    /// `skos:closeMatch`.
    #[serde(rename = "close_match")]
    Close,
    /// `skos:broadMatch`: the object is broader than the subject.
    #[serde(rename = "broad_match")]
    Broad,
    /// `skos:narrowMatch`: the object is narrower than the subject.
    #[serde(rename = "narrow_match")]
    Narrow,
    /// `skos:relatedMatch`.
    #[serde(rename = "related_match")]
    Related,
}

impl MappingKind {
    /// All five, in this order.
    pub const ALL: [Self; 5] = [Self::Exact, Self::Close, Self::Broad, Self::Narrow, Self::Related];

    /// The SKOS property.
    pub const fn iri(self) -> NamedNodeRef<'static> {
        match self {
            Self::Exact => vocab::skos::EXACT_MATCH,
            Self::Close => vocab::skos::CLOSE_MATCH,
            Self::Broad => vocab::skos::BROAD_MATCH,
            Self::Narrow => vocab::skos::NARROW_MATCH,
            Self::Related => vocab::skos::RELATED_MATCH,
        }
    }

    /// The property's local name (`"exactMatch"`...).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Exact => "exactMatch",
            Self::Close => "closeMatch",
            Self::Broad => "broadMatch",
            Self::Narrow => "narrowMatch",
            Self::Related => "relatedMatch",
        }
    }

    /// The kind from a full SKOS property IRI.
    pub fn from_iri(iri: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.iri().as_str() == iri)
    }

    /// The kind from a full IRI, `skos:exactMatch`, `exactMatch` or `exact` (any case).
    pub fn parse(given: &str) -> Option<Self> {
        let given = given.trim();
        if let Some(kind) = Self::from_iri(given) {
            return Some(kind);
        }
        let local = given.strip_prefix("skos:").unwrap_or(given).to_lowercase();
        Self::ALL.into_iter().find(|k| {
            k.name().to_lowercase() == local || k.name().to_lowercase().strip_suffix("match") == Some(&local)
        })
    }

    /// The same link read from the other end: broad and narrow swap, the others are symmetric.
    pub const fn inverse(self) -> Self {
        match self {
            Self::Broad => Self::Narrow,
            Self::Narrow => Self::Broad,
            other => other,
        }
    }

    /// How strongly a link of this kind connects two items when walking paths: exact 1.0,
    /// close 0.8, broad or narrow 0.6, related 0.4.
    pub const fn strength(self) -> f64 {
        match self {
            Self::Exact => 1.0,
            Self::Close => 0.8,
            Self::Broad | Self::Narrow => 0.6,
            Self::Related => 0.4,
        }
    }
}

/// What [`framework_overlap`] counts as a match between two frameworks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Curated mappings only.
    Crosswalk,
    /// Computed lexical matches only (see [`suggest_mappings`]).
    Lexical,
    /// The union of both, each item pair counted once.
    Both,
}

impl FromStr for Method {
    type Err = CrosswalkError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "crosswalk" => Ok(Self::Crosswalk),
            "lexical" => Ok(Self::Lexical),
            "both" => Ok(Self::Both),
            _ => Err(CrosswalkError::UnknownMethod(s.to_owned())),
        }
    }
}

/// One ordered pair of frameworks in [`framework_overlap`]: A then B, as asked.
///
/// Curated mappings (recorded by people) and suggested matches (computed from wording, see
/// [`suggest_mappings`]) are counted in separate fields; `covered_*`, `share_*` and `score` count
/// whatever the [`Method`] counts (for [`Method::Both`], the union, each item pair once), and
/// `method` says which.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverlapRow {
    /// IRI of framework A.
    pub framework_a: String,
    /// Name of A (`skos:prefLabel`, else its code).
    pub framework_a_label: String,
    /// Code of A (`skos:notation`, else its name).
    pub framework_a_code: String,
    /// IRI of framework B.
    pub framework_b: String,
    /// Name of B.
    pub framework_b_label: String,
    /// Code of B.
    pub framework_b_code: String,
    /// What `covered_*`, `share_*` and `score` count.
    pub method: Method,
    /// Number of items of A.
    pub items_a: usize,
    /// Number of items of B.
    pub items_b: usize,
    /// Curated exact matches between A and B (distinct A item, kind seen from A, B item).
    pub exact: usize,
    /// Curated close matches.
    pub close: usize,
    /// Curated broad matches, seen from A (the B item is broader).
    pub broad: usize,
    /// Curated narrow matches, seen from A (the B item is narrower).
    pub narrow: usize,
    /// Curated related matches.
    pub related: usize,
    /// Sum of the five kinds: curated mappings (an item pair mapped with two kinds counts twice).
    pub curated_mappings: usize,
    /// Distinct (A item, B item) pairs with at least one curated mapping.
    pub curated_pairs: usize,
    /// Items of A with a curated exact match in B.
    pub mapped_a_exact: usize,
    /// Items of A with a curated close match in B.
    pub mapped_a_close: usize,
    /// Items of A with a curated broad match in B.
    pub mapped_a_broad: usize,
    /// Items of A with a curated narrow match in B.
    pub mapped_a_narrow: usize,
    /// Items of A with a curated related match in B.
    pub mapped_a_related: usize,
    /// Items of A with at least one curated mapping to B.
    pub curated_a: usize,
    /// Items of B with at least one curated mapping to A.
    pub curated_b: usize,
    /// `curated_a / items_a` (0 when A has no items).
    pub curated_share_a: f64,
    /// `curated_b / items_b`.
    pub curated_share_b: f64,
    /// Item pairs whose lexical score reaches the threshold (`None` under [`Method::Crosswalk`],
    /// which computes none).
    pub suggested_pairs: Option<usize>,
    /// Of those, pairs without a curated mapping.
    pub suggested_new_pairs: Option<usize>,
    /// Items of A in at least one suggested pair.
    pub suggested_a: Option<usize>,
    /// Items of B in at least one suggested pair.
    pub suggested_b: Option<usize>,
    /// Pairs counted under the method: curated pairs, suggested pairs, or their union.
    pub matched_pairs: usize,
    /// Items of A in at least one counted pair.
    pub covered_a: usize,
    /// Items of B in at least one counted pair.
    pub covered_b: usize,
    /// `covered_a / items_a` (0 when A has no items).
    pub share_a: f64,
    /// `covered_b / items_b`.
    pub share_b: f64,
    /// Jaccard-style overlap `(covered_a + covered_b) / (items_a + items_b)`.
    pub score: f64,
}

impl OverlapRow {
    /// The table columns of [`framework_overlap`] under `method`, in order, with what each holds:
    /// the suggestion counts only for the methods that compute suggestions.
    pub fn fields(method: Method) -> Vec<Field<Self>> {
        let mut fields = crate::fields![Self;
            text framework_a,
            text framework_a_label,
            text framework_a_code,
            text framework_b,
            text framework_b_label,
            text framework_b_code,
            variant method,
            count items_a,
            count items_b,
            count exact,
            count close,
            count broad,
            count narrow,
            count related,
            count curated_mappings,
            count curated_pairs,
            count mapped_a_exact,
            count mapped_a_close,
            count mapped_a_broad,
            count mapped_a_narrow,
            count mapped_a_related,
            count curated_a,
            count curated_b,
            real curated_share_a,
            real curated_share_b,
        ];
        if method != Method::Crosswalk {
            // Present whenever the method computes suggestions, so counts like the others.
            fields.extend([
                Field::count("suggested_pairs", |r: &Self| {
                    r.suggested_pairs.unwrap_or_default() as u64
                }),
                Field::count("suggested_new_pairs", |r: &Self| {
                    r.suggested_new_pairs.unwrap_or_default() as u64
                }),
                Field::count("suggested_a", |r: &Self| r.suggested_a.unwrap_or_default() as u64),
                Field::count("suggested_b", |r: &Self| r.suggested_b.unwrap_or_default() as u64),
            ]);
        }
        fields.extend(crate::fields![Self;
            count matched_pairs,
            count covered_a,
            count covered_b,
            real share_a,
            real share_b,
            real score,
        ]);
        fields
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

pub(crate) fn check_unit(name: &'static str, value: f64) -> Result<(), CrosswalkError> {
    if (0.0..=1.0).contains(&value) {
        Ok(())
    } else {
        Err(CrosswalkError::InvalidParameter {
            name,
            expected: "between 0 and 1",
            value,
        })
    }
}

/// For each pair of frameworks, how their items map to each other.
///
/// `frameworks`: the schemes to compare, at least two; every ordered pair `(frameworks[i],
/// frameworks[j])` with `i < j` is reported, A and B in the order given (never swapped), with
/// zeros where nothing links them; a framework given twice counts once. `None` compares the
/// default set (every `wg:Framework` with items plus other schemes holding curated mapping ends,
/// see the module docs), in IRI order, and reports only pairs with at least one curated or counted
/// match. `lexical_min_score` (0..1) is the cosine threshold for suggested matches under
/// [`Method::Lexical`] and [`Method::Both`] (graph synonyms on, as in [`suggest_mappings`]).
pub fn framework_overlap(
    store: &Store,
    frameworks: Option<&[NamedNode]>,
    method: Method,
    lexical_min_score: f64,
) -> Result<Vec<OverlapRow>, CrosswalkError> {
    check_unit("lexical_min_score", lexical_min_score)?;
    let snapshot = Snapshot::load(store)?;
    let explicit = frameworks.is_some();
    let chosen: Vec<usize> = match frameworks {
        Some(list) => {
            let mut chosen: Vec<usize> = Vec::with_capacity(list.len());
            for framework in list {
                let id = snapshot.framework(framework)?;
                if !chosen.contains(&id) {
                    chosen.push(id);
                }
            }
            chosen
        }
        None => {
            let mut chosen = snapshot.default_frameworks();
            chosen.sort_by(|x, y| snapshot.schemes[*x].iri.cmp(&snapshot.schemes[*y].iri));
            chosen.dedup();
            chosen
        }
    };
    let index = if method == Method::Crosswalk {
        None
    } else {
        let mut corpus = snapshot.default_frameworks();
        corpus.extend(&chosen);
        Some(lexical::LexicalIndex::build(
            store,
            &snapshot,
            &corpus,
            &lexical::Analyzer::from_store(store, true)?,
        )?)
    };
    let mut rows = Vec::new();
    for (i, &a) in chosen.iter().enumerate() {
        for &b in &chosen[i + 1..] {
            let mut kinds: BTreeSet<(usize, MappingKind, usize)> = BTreeSet::new();
            for record in &snapshot.mappings {
                if let Some(o) = snapshot.orient(record, a, b) {
                    kinds.insert((o.a_item, o.kind, o.b_item));
                }
            }
            let curated: BTreeSet<(usize, usize)> = kinds.iter().map(|&(x, _, y)| (x, y)).collect();
            let lexical: Option<BTreeSet<(usize, usize)>> = index.as_ref().map(|index| {
                index
                    .matches(
                        &snapshot.schemes[a].items,
                        &snapshot.schemes[b].items,
                        lexical_min_score,
                    )
                    .into_iter()
                    .map(|(x, y, _)| (x, y))
                    .collect()
            });
            let counted: BTreeSet<(usize, usize)> = match (method, &lexical) {
                (Method::Lexical, Some(lexical)) => lexical.clone(),
                (Method::Both, Some(lexical)) => curated.union(lexical).copied().collect(),
                _ => curated.clone(),
            };
            if !explicit && counted.is_empty() && kinds.is_empty() {
                continue;
            }
            let count = |kind| kinds.iter().filter(|k| k.1 == kind).count();
            let mapped_a = |kind| {
                kinds
                    .iter()
                    .filter(|k| k.1 == kind)
                    .map(|k| k.0)
                    .collect::<HashSet<_>>()
                    .len()
            };
            let side_a =
                |pairs: &BTreeSet<(usize, usize)>| pairs.iter().map(|p| p.0).collect::<HashSet<_>>().len();
            let side_b =
                |pairs: &BTreeSet<(usize, usize)>| pairs.iter().map(|p| p.1).collect::<HashSet<_>>().len();
            let (covered_a, covered_b) = (side_a(&counted), side_b(&counted));
            let (curated_a, curated_b) = (side_a(&curated), side_b(&curated));
            let (sa, sb) = (&snapshot.schemes[a], &snapshot.schemes[b]);
            let (items_a, items_b) = (sa.items.len(), sb.items.len());
            rows.push(OverlapRow {
                framework_a: sa.iri.as_str().to_owned(),
                framework_a_label: sa.name.clone(),
                framework_a_code: sa.code.clone(),
                framework_b: sb.iri.as_str().to_owned(),
                framework_b_label: sb.name.clone(),
                framework_b_code: sb.code.clone(),
                method,
                items_a,
                items_b,
                exact: count(MappingKind::Exact),
                close: count(MappingKind::Close),
                broad: count(MappingKind::Broad),
                narrow: count(MappingKind::Narrow),
                related: count(MappingKind::Related),
                curated_mappings: kinds.len(),
                curated_pairs: curated.len(),
                mapped_a_exact: mapped_a(MappingKind::Exact),
                mapped_a_close: mapped_a(MappingKind::Close),
                mapped_a_broad: mapped_a(MappingKind::Broad),
                mapped_a_narrow: mapped_a(MappingKind::Narrow),
                mapped_a_related: mapped_a(MappingKind::Related),
                curated_a,
                curated_b,
                curated_share_a: ratio(curated_a, items_a),
                curated_share_b: ratio(curated_b, items_b),
                suggested_pairs: lexical.as_ref().map(BTreeSet::len),
                suggested_new_pairs: lexical.as_ref().map(|l| l.difference(&curated).count()),
                suggested_a: lexical.as_ref().map(side_a),
                suggested_b: lexical.as_ref().map(side_b),
                matched_pairs: counted.len(),
                covered_a,
                covered_b,
                share_a: ratio(covered_a, items_a),
                share_b: ratio(covered_b, items_b),
                score: ratio(covered_a + covered_b, items_a + items_b),
            });
        }
    }
    Ok(rows)
}

/// One curated mapping between two frameworks, as seen from framework `a`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MappingRow {
    /// The item of `a`.
    pub subject: String,
    /// Its label.
    pub subject_label: String,
    /// The SKOS mapping property read from `a` to `b`.
    pub predicate: String,
    /// The same, as a kind.
    pub kind: MappingKind,
    /// The item of `b`.
    pub object: String,
    /// Its label.
    pub object_label: String,
    /// The mapping was stated from `b` to `a`; `predicate` is its inverse.
    pub inverted: bool,
    /// The `wg:Mapping` node, when there is one.
    pub mapping: Option<String>,
    /// How the mapping was established (a SEMAPV IRI).
    pub justification: Option<String>,
    /// The reviewers' (curators') confidence, 0..1.
    pub confidence: Option<f64>,
    /// The matcher's score when a program proposed the mapping (`wg:similarityScore`), 0..1.
    pub similarity_score: Option<f64>,
    /// The author (`dcterms:creator`).
    pub author: Option<String>,
    /// The author's name, when the graph has it.
    pub author_label: Option<String>,
    /// `dcterms:date`.
    pub date: Option<String>,
    /// The crosswalk theme (`dcterms:subject`).
    pub topic: Option<String>,
    /// The reason given (`rdfs:comment`).
    pub comment: Option<String>,
    /// `dcterms:source` IRIs of the mapping.
    pub sources: Vec<String>,
}

impl Row for MappingRow {
    fn fields() -> Vec<Field<Self>> {
        crate::fields![Self;
            text subject,
            text subject_label,
            text predicate,
            variant kind,
            text object,
            text object_label,
            flag inverted,
            text mapping,
            text justification,
            real confidence,
            real similarity_score,
            text author,
            text author_label,
            text date,
            text topic,
            text comment,
            list sources,
        ]
    }
}

/// The curated mappings between items of `a` and items of `b`, stated in either direction and
/// reported as seen from `a`, with the provenance of their `wg:Mapping` node. One row per
/// statement: an item pair mapped both ways gives two rows. Sorted by labels, then kind.
pub fn crosswalk(store: &Store, a: &NamedNode, b: &NamedNode) -> Result<Vec<MappingRow>, CrosswalkError> {
    let snapshot = Snapshot::load(store)?;
    let (a, b) = pair(&snapshot, a, b)?;
    let mut rows: Vec<MappingRow> = snapshot
        .mappings
        .iter()
        .filter_map(|record| {
            let o = snapshot.orient(record, a, b)?;
            let provenance = record.provenance.clone().unwrap_or_default();
            Some(MappingRow {
                subject: snapshot.nodes[o.a_item].iri.as_str().to_owned(),
                subject_label: snapshot.label(o.a_item),
                predicate: o.kind.iri().as_str().to_owned(),
                kind: o.kind,
                object: snapshot.nodes[o.b_item].iri.as_str().to_owned(),
                object_label: snapshot.label(o.b_item),
                inverted: o.inverted,
                mapping: record.provenance.as_ref().map(|p| p.mapping.clone()),
                justification: provenance.justification,
                confidence: provenance.confidence,
                similarity_score: provenance.similarity_score,
                author: provenance.author,
                author_label: provenance.author_label,
                date: provenance.date,
                topic: provenance.topic,
                comment: provenance.comment,
                sources: provenance.sources,
            })
        })
        .collect();
    rows.sort_by(|x, y| {
        (
            &x.subject_label,
            &x.object_label,
            x.kind,
            &x.subject,
            &x.object,
            &x.mapping,
        )
            .cmp(&(
                &y.subject_label,
                &y.object_label,
                y.kind,
                &y.subject,
                &y.object,
                &y.mapping,
            ))
    });
    Ok(rows)
}

/// The number of items (see the module docs) of every concept scheme in the default graph, by IRI.
pub fn framework_item_counts(store: &Store) -> Result<BTreeMap<String, usize>, CrosswalkError> {
    let snapshot = Snapshot::load(store)?;
    Ok(snapshot
        .schemes
        .iter()
        .map(|s| (s.iri.as_str().to_owned(), s.items.len()))
        .collect())
}

/// Both frameworks of a pairwise analysis, checked to exist and differ.
pub(crate) fn pair(
    snapshot: &Snapshot,
    a: &NamedNode,
    b: &NamedNode,
) -> Result<(usize, usize), CrosswalkError> {
    let (a, b) = (snapshot.framework(a)?, snapshot.framework(b)?);
    if a == b {
        return Err(CrosswalkError::SameFramework(snapshot.schemes[a].code.clone()));
    }
    Ok((a, b))
}

/// Curated (A item, B item) pairs between two schemes, each with the kinds seen from A.
pub(crate) fn curated_pairs(
    snapshot: &Snapshot,
    a: usize,
    b: usize,
) -> BTreeMap<(usize, usize), Vec<MappingKind>> {
    let mut pairs: BTreeMap<(usize, usize), Vec<MappingKind>> = BTreeMap::new();
    for record in &snapshot.mappings {
        if let Some(o) = snapshot.orient(record, a, b) {
            let kinds = pairs.entry((o.a_item, o.b_item)).or_default();
            if !kinds.contains(&o.kind) {
                kinds.push(o.kind);
                kinds.sort();
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::fixtures::{ex, fixture_graph, MAPPED_PAIRS};
    use super::*;
    use crate::{QueryOutcome, RdfInput};
    use oxigraph::model::TermRef;
    use rstest::rstest;

    /// The suggestion counts are columns only for the methods that compute suggestions, and
    /// every column is a field of the row.
    #[test]
    fn overlap_columns_follow_the_method() {
        let names = |method| -> Vec<&str> { OverlapRow::fields(method).iter().map(|c| c.name).collect() };
        let crosswalk = names(Method::Crosswalk);
        let lexical = names(Method::Lexical);
        assert_eq!((crosswalk.len(), lexical.len()), (31, 35));
        assert!(!crosswalk.contains(&"suggested_pairs") && lexical.contains(&"suggested_pairs"));
        assert_eq!(names(Method::Both), lexical);
        assert_eq!(
            &lexical[25..29],
            [
                "suggested_pairs",
                "suggested_new_pairs",
                "suggested_a",
                "suggested_b"
            ]
        );
        assert_eq!(lexical.last(), Some(&"score"));
        // Every column is a field of the rows holding what the column declares (counts whole,
        // shares real), read into Arrow as the row holds it; under the crosswalk method the
        // suggestion counts are the only fields left out.
        let graph = super::fixtures::fixture_graph();
        for (method, left_out) in [
            (Method::Lexical, vec![]),
            (
                Method::Crosswalk,
                vec![
                    "suggested_a",
                    "suggested_b",
                    "suggested_new_pairs",
                    "suggested_pairs",
                ],
            ),
        ] {
            let rows = framework_overlap(graph.store(), None, method, 0.4).unwrap();
            assert!(!rows.is_empty());
            let table = crate::table::Table::new(OverlapRow::fields(method), rows);
            assert_eq!(crate::table::assert_table_holds(&table), left_out);
        }
    }

    fn row<'a>(rows: &'a [OverlapRow], a: &str, b: &str) -> &'a OverlapRow {
        rows.iter()
            .find(|r| r.framework_a_code == a && r.framework_b_code == b)
            .unwrap_or_else(|| panic!("no row {a} {b} in {rows:#?}"))
    }

    #[test]
    fn overlap_counts_kinds_inverse_kinds_and_coverage() {
        let graph = fixture_graph();
        let rows = framework_overlap(graph.store(), None, Method::Crosswalk, 0.3).unwrap();
        // FA–FB: a1 exact b1 (stated both ways, counted once), b2 broadMatch a2 (narrow from FA),
        // a3 close b2, a4 related b3 and b3 related a4 (one pair, one kind).
        let ab = row(&rows, "FA", "FB");
        assert_eq!((ab.items_a, ab.items_b), (5, 4), "levels and roles are not items");
        assert_eq!(
            (ab.exact, ab.close, ab.broad, ab.narrow, ab.related),
            (1, 1, 0, 1, 1)
        );
        assert_eq!(
            (ab.curated_mappings, ab.curated_pairs, ab.matched_pairs),
            (4, 4, 4)
        );
        assert_eq!(
            (
                ab.mapped_a_exact,
                ab.mapped_a_close,
                ab.mapped_a_narrow,
                ab.mapped_a_related
            ),
            (1, 1, 1, 1)
        );
        assert_eq!((ab.curated_a, ab.curated_b, ab.curated_share_a), (4, 3, 0.8));
        assert_eq!((ab.covered_a, ab.covered_b), (4, 3));
        assert!((ab.share_a - 4.0 / 5.0).abs() < 1e-12 && (ab.share_b - 3.0 / 4.0).abs() < 1e-12);
        assert!((ab.score - 7.0 / 9.0).abs() < 1e-12);
        assert_eq!(
            (ab.suggested_pairs, ab.suggested_new_pairs),
            (None, None),
            "no suggestions under the crosswalk method"
        );
        // FB–FC: c1 broadMatch b1 is stated from FC, so from FB it is narrow; b4 close c2.
        let bc = row(&rows, "FB", "FC");
        assert_eq!(
            (bc.exact, bc.close, bc.broad, bc.narrow, bc.related),
            (0, 1, 0, 1, 0)
        );
        assert_eq!((bc.covered_a, bc.covered_b), (2, 2));
        // FA–FC: the cycle a1 -> c1 (related) closes a1 -> b1 -> c1 -> a1.
        let ac = row(&rows, "FA", "FC");
        assert_eq!((ac.related, ac.curated_mappings), (1, 1));
        // Asked the other way round, the same pair is read from FB: a2 narrowMatch b2 becomes broad.
        let ba =
            framework_overlap(graph.store(), Some(&[ex("fb"), ex("fa")]), Method::Crosswalk, 0.3).unwrap();
        let ba = row(&ba, "FB", "FA");
        assert_eq!(
            (ba.exact, ba.close, ba.broad, ba.narrow, ba.related),
            (1, 1, 1, 0, 1)
        );
        assert_eq!((ba.items_a, ba.items_b, ba.curated_a, ba.curated_b), (4, 5, 3, 4));
        // FD has no mappings: absent by default.
        assert!(rows
            .iter()
            .all(|r| r.framework_a_code != "FD" && r.framework_b_code != "FD"));
        let pairs: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.framework_a_code.as_str(), r.framework_b_code.as_str()))
            .collect();
        assert_eq!(pairs, MAPPED_PAIRS);
    }

    #[test]
    fn explicitly_requested_frameworks_without_mappings_appear_with_zeros() {
        let graph = fixture_graph();
        let frameworks = [ex("fd"), ex("fa")];
        let rows = framework_overlap(graph.store(), Some(&frameworks), Method::Crosswalk, 0.3).unwrap();
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!(
            (r.framework_a_code.as_str(), r.framework_b_code.as_str()),
            ("FD", "FA"),
            "pairs in the order asked"
        );
        assert_eq!(
            (r.items_a, r.items_b, r.curated_mappings, r.covered_a, r.covered_b),
            (2, 5, 0, 0, 0)
        );
        assert_eq!((r.share_a, r.share_b, r.score), (0.0, 0.0, 0.0));
    }

    #[test]
    fn lexical_and_both_count_computed_matches_once() {
        let graph = fixture_graph();
        let frameworks = [ex("fa"), ex("fb")];
        let threshold = 0.2;
        let lexical: BTreeSet<(String, String)> = suggest_mappings_with(
            graph.store(),
            &ex("fa"),
            &ex("fb"),
            &SuggestOptions {
                min_score: threshold,
                include_mapped: true,
                ..SuggestOptions::default()
            },
        )
        .unwrap()
        .into_iter()
        .map(|s| (s.subject, s.object))
        .collect();
        let curated: BTreeSet<(String, String)> = crosswalk(graph.store(), &ex("fa"), &ex("fb"))
            .unwrap()
            .into_iter()
            .map(|m| (m.subject, m.object))
            .collect();
        assert!(
            !lexical.is_empty() && lexical.iter().any(|p| !curated.contains(p)),
            "the fixture must test a new lexical pair"
        );
        let union: BTreeSet<_> = lexical.union(&curated).cloned().collect();
        let cover = |pairs: &BTreeSet<(String, String)>| {
            (
                pairs.iter().map(|p| &p.0).collect::<BTreeSet<_>>().len(),
                pairs.iter().map(|p| &p.1).collect::<BTreeSet<_>>().len(),
            )
        };
        let lex =
            &framework_overlap(graph.store(), Some(&frameworks), Method::Lexical, threshold).unwrap()[0];
        assert_eq!(lex.suggested_pairs, Some(lexical.len()));
        assert_eq!(lex.matched_pairs, lexical.len());
        assert_eq!((lex.covered_a, lex.covered_b), cover(&lexical));
        assert_eq!(
            (lex.suggested_a, lex.suggested_b),
            (Some(cover(&lexical).0), Some(cover(&lexical).1))
        );
        assert_eq!(lex.curated_mappings, 4, "kind counts stay curated");
        assert_eq!(
            (lex.curated_a, lex.curated_b),
            cover(&curated),
            "curated coverage stays curated"
        );
        let both = &framework_overlap(graph.store(), Some(&frameworks), Method::Both, threshold).unwrap()[0];
        assert_eq!(both.matched_pairs, union.len());
        assert_eq!(both.suggested_new_pairs, Some(union.len() - curated.len()));
        assert_eq!(both.method, Method::Both);
        assert_eq!((both.covered_a, both.covered_b), cover(&union));
    }

    #[test]
    fn crosswalk_lists_both_directions_with_provenance() {
        let graph = fixture_graph();
        let rows = crosswalk(graph.store(), &ex("fb"), &ex("fa")).unwrap();
        // Seen from FB: b1 exact a1 (stated from FA, inverted), b1 exact a1 (stated from FB),
        // b2 broadMatch a2 (stated), b2 close a3 (inverted), b3 related a4 (both ways).
        assert_eq!(rows.len(), 6, "{rows:#?}");
        let broad = rows.iter().find(|r| r.kind == MappingKind::Broad).unwrap();
        assert_eq!(
            (broad.subject.as_str(), broad.object.as_str(), broad.inverted),
            (ex("b2").as_str(), ex("a2").as_str(), false)
        );
        assert_eq!(broad.predicate, "http://www.w3.org/2004/02/skos/core#broadMatch");
        assert_eq!(broad.confidence, Some(0.7));
        assert_eq!(broad.author.as_deref(), Some(ex("curator").as_str()));
        assert_eq!(broad.author_label.as_deref(), Some("A curator"));
        assert_eq!(broad.date.as_deref(), Some("2026-01-02"));
        assert_eq!(broad.comment.as_deref(), Some("B2 is the wider area."));
        assert_eq!(
            broad.justification.as_deref(),
            Some("https://w3id.org/semapv/vocab/ManualMappingCuration")
        );
        assert_eq!(broad.sources, vec!["http://example.org/source".to_owned()]);
        let close = rows.iter().find(|r| r.kind == MappingKind::Close).unwrap();
        assert!(close.inverted && close.subject == ex("b2").as_str() && close.object == ex("a3").as_str());
        assert_eq!(
            close.mapping, None,
            "a plain triple without a wg:Mapping node has no provenance"
        );
        let from_a = crosswalk(graph.store(), &ex("fa"), &ex("fb")).unwrap();
        let narrow = from_a.iter().find(|r| r.subject == ex("a2").as_str()).unwrap();
        assert_eq!(
            (narrow.kind, narrow.inverted),
            (MappingKind::Narrow, true),
            "b2 broadMatch a2 is a2 narrowMatch b2"
        );
        assert_eq!(
            from_a.iter().filter(|r| r.kind == MappingKind::Exact).count(),
            2,
            "a1 exact b1 is stated both ways"
        );
    }

    #[test]
    fn unknown_frameworks_give_clear_errors() {
        let graph = fixture_graph();
        let CrosswalkError::Resolve(error) = resolve(&graph, "FAA").unwrap_err() else {
            panic!()
        };
        let ResolveError::Unknown(unknown) = *error else {
            panic!()
        };
        assert!(unknown.suggestions.contains(&"FA".to_owned()), "{unknown}");
        assert_eq!(resolve(&graph, "fb").unwrap(), ex("fb"));
        let error = crosswalk(graph.store(), &ex("fa"), &ex("nowhere")).unwrap_err();
        assert!(
            matches!(&error, CrosswalkError::UnknownFramework { iri, .. } if iri == ex("nowhere").as_str()),
            "{error}"
        );
        let error = framework_overlap(graph.store(), Some(&[ex("fa"), ex("a1")]), Method::Crosswalk, 0.3)
            .unwrap_err();
        assert!(error.to_string().contains("is not a concept scheme"), "{error}");
        assert!(matches!(
            crosswalk(graph.store(), &ex("fa"), &ex("fa")),
            Err(CrosswalkError::SameFramework(_))
        ));
        assert!(matches!(
            framework_overlap(graph.store(), None, Method::Lexical, 1.5),
            Err(CrosswalkError::InvalidParameter {
                name: "lexical_min_score",
                ..
            })
        ));
    }

    #[rstest]
    #[case("crosswalk", Method::Crosswalk)]
    #[case("Lexical", Method::Lexical)]
    #[case(" both ", Method::Both)]
    fn methods_parse(#[case] given: &str, #[case] expected: Method) {
        assert_eq!(given.parse::<Method>().unwrap(), expected);
    }

    #[rstest]
    #[case("http://www.w3.org/2004/02/skos/core#broadMatch", Some(MappingKind::Broad))]
    #[case("skos:exactMatch", Some(MappingKind::Exact))]
    #[case("narrowmatch", Some(MappingKind::Narrow))]
    #[case("related", Some(MappingKind::Related))]
    #[case("skos:broader", None)]
    #[case("owl:sameAs", None)]
    fn mapping_kinds_parse(#[case] given: &str, #[case] expected: Option<MappingKind>) {
        assert_eq!(MappingKind::parse(given), expected);
        assert!("fuzzy".parse::<Method>().is_err());
    }

    #[test]
    fn framework_without_items_or_mappings_is_empty_everywhere() {
        let graph = Graph::empty().unwrap();
        graph
            .load(
                RdfInput::Text(
                    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
                     <http://example.org/x> a skos:ConceptScheme ; skos:notation \"X\" .
                     <http://example.org/y> a skos:ConceptScheme ; skos:notation \"Y\" .",
                ),
                None,
                None,
            )
            .unwrap();
        let (x, y) = (
            NamedNode::new_unchecked("http://example.org/x"),
            NamedNode::new_unchecked("http://example.org/y"),
        );
        let rows =
            framework_overlap(graph.store(), Some(&[x.clone(), y.clone()]), Method::Both, 0.2).unwrap();
        assert_eq!((rows.len(), rows[0].items_a, rows[0].score), (1, 0, 0.0));
        assert!(framework_overlap(graph.store(), None, Method::Both, 0.2)
            .unwrap()
            .is_empty());
        assert!(crosswalk(graph.store(), &x, &y).unwrap().is_empty());
        assert!(suggest_mappings(graph.store(), &x, &y, 0.1, true)
            .unwrap()
            .is_empty());
        assert!(framework_gaps(graph.store(), &x, &y, 3).unwrap().is_empty());
    }

    /// The bundled crosswalks, counted per framework pair and kind by a plain SPARQL query that
    /// applies the same rules (items are concepts in the scheme that are not levels or role
    /// structure; a statement from B to A counts with its inverse kind).
    #[test]
    fn bundled_overlap_kind_counts_match_sparql() {
        let graph = Graph::bundled().unwrap();
        let rows = framework_overlap(graph.store(), None, Method::Crosswalk, 0.3).unwrap();
        assert!(rows.len() >= 10, "{rows:#?}");
        let sparql = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            PREFIX wg: <https://w3id.org/workforce-graph/ontology#>
            SELECT ?fa ?fb ?kind (COUNT(DISTINCT ?pair) AS ?n) WHERE {
              VALUES (?p ?forward ?backward) {
                (skos:exactMatch \"exact\" \"exact\") (skos:closeMatch \"close\" \"close\")
                (skos:broadMatch \"broad\" \"narrow\") (skos:narrowMatch \"narrow\" \"broad\")
                (skos:relatedMatch \"related\" \"related\") }
              ?s ?p ?o . ?s skos:inScheme ?fs . ?o skos:inScheme ?fo .
              FILTER(?fs != ?fo)
              FILTER NOT EXISTS { VALUES ?t { wg:Level wg:Role wg:RoleLevel wg:RoleFamily } { ?s a ?t } UNION { ?o a ?t } }
              BIND(IF(STR(?fs) < STR(?fo), ?fs, ?fo) AS ?fa)
              BIND(IF(STR(?fs) < STR(?fo), ?fo, ?fs) AS ?fb)
              BIND(IF(STR(?fs) < STR(?fo), ?forward, ?backward) AS ?kind)
              BIND(IF(STR(?fs) < STR(?fo), CONCAT(STR(?s), \" \", STR(?o)), CONCAT(STR(?o), \" \", STR(?s))) AS ?pair)
            } GROUP BY ?fa ?fb ?kind";
        let QueryOutcome::Solutions(table) = graph.query(sparql, &[], None).unwrap() else {
            panic!()
        };
        let mut expected: BTreeMap<(String, String, String), usize> = BTreeMap::new();
        for i in 0..table.num_rows() {
            let text = |c: usize| match table.value(c, i) {
                Some(TermRef::NamedNode(n)) => n.as_str().to_owned(),
                Some(TermRef::Literal(l)) => l.value().to_owned(),
                other => panic!("{other:?}"),
            };
            expected.insert((text(0), text(1), text(2)), text(3).parse().unwrap());
        }
        let mut checked = 0;
        for r in &rows {
            for (kind, n) in [
                ("exact", r.exact),
                ("close", r.close),
                ("broad", r.broad),
                ("narrow", r.narrow),
                ("related", r.related),
            ] {
                let key = (r.framework_a.clone(), r.framework_b.clone(), kind.to_owned());
                assert_eq!(n, expected.get(&key).copied().unwrap_or(0), "{key:?}");
                checked += n;
            }
        }
        // Every SPARQL count between two reported frameworks was checked (none left over).
        let reported: HashSet<(String, String)> = rows
            .iter()
            .map(|r| (r.framework_a.clone(), r.framework_b.clone()))
            .collect();
        let total: usize = expected
            .iter()
            .filter(|((a, b, _), _)| reported.contains(&(a.clone(), b.clone())))
            .map(|(_, n)| n)
            .sum();
        assert_eq!(checked, total);
        let exact_sparql: usize = expected
            .iter()
            .filter(|(k, _)| k.2 == "exact")
            .map(|(_, n)| n)
            .sum();
        let exact_rows: usize = rows.iter().map(|r| r.exact).sum();
        let hicp = "https://w3id.org/workforce-graph/id/hicp/coding-frame";
        let exact_hicp_cf: usize = expected
            .iter()
            .filter(|(k, _)| k.2 == "exact" && (k.0 == hicp || k.1 == hicp))
            .map(|(_, n)| n)
            .sum();
        assert_eq!(
            exact_rows,
            exact_sparql - exact_hicp_cf,
            "exact matches agree with a plain SPARQL count"
        );
        // Every curated mapping whose two ends are loaded links two frameworks of the default set
        // (the bundled mappings to SFIA skills wait for Graph::import_sfia).
        let QueryOutcome::Solutions(table) = graph.query("PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> \
                 PREFIX wg: <https://w3id.org/workforce-graph/ontology#> \
                 SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a wg:Mapping ; owl:annotatedSource ?s ; owl:annotatedTarget ?o . \
                 ?s skos:inScheme ?a . ?o skos:inScheme ?b }", &[], None).unwrap() else { panic!() };
        let Some(TermRef::Literal(loaded)) = table.value(0, 0) else {
            panic!()
        };
        let curated: usize = rows.iter().map(|r| r.curated_mappings).sum();
        assert_eq!(curated, loaded.value().parse::<usize>().unwrap());
        assert!(curated >= 30, "{curated}");
    }
}
