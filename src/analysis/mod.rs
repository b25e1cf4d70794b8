//! Analyses over the graph: requirement index, role overlap and similarity, skill gaps, coverage.
//!
//! Everything here works on a [`RequirementIndex`]: a compact, integer-keyed copy of who needs which
//! competency, read from an oxigraph [`Store`](oxigraph::store::Store) in one pass over a handful of
//! predicates. The analyses then run on plain arrays instead of SPARQL joins:
//!
//! - [`RequirementIndex::role_overlap`]: every pair of holders sharing at least `min_shared`
//!   competencies (a counting kernel over the postings, on all cores);
//! - [`RequirementIndex::similar`]: holders ranked by weighted shared requirements, with the shared
//!   and missing competencies;
//! - [`RequirementIndex::skill_gap`]: what moving from one holder to another asks for;
//! - [`RequirementIndex::next_roles`]: plausible next roles by shared requirements and seniority;
//! - [`career_moves`]: area-by-area and seniority-by-seniority matrices of a table of coded moves;
//! - [`evidence_coverage`]: topics, specialist areas and frameworks with no or only old evidence;
//! - [`coverage`]: which bodies (through their offers) cover which competencies, roles and
//!   specialist areas, and what nobody covers;
//! - [`resolve_role`]: the one rule naming roles for every role analysis (IRI, code, exact name;
//!   a role with levels stands for all its levels), with close matches across every framework and
//!   the coding frame's reading of an unknown job title, and a clear error for a role without
//!   requirements.
//!
//! The tables the bindings show are computed here too, each from a [`Graph`](crate::Graph) and
//! names as a user gives them, as typed rows (`serde::Serialize`) of plain text: [`skill_gap`],
//! [`similar_roles`], [`role_overlap`], [`next_roles`], [`evidence_gaps`], [`coverage_gaps`]
//! and [`coverage_matrix_table`] (and [`CareerMoves::moves`]). A table that names or types its
//! columns itself declares them beside its rows ([`CoverageMatrixTable::columns`]). The bindings
//! only convert them.
//!
//! # Keeping the index consistent with the store
//!
//! A [`RequirementIndex`] is immutable once built and does not watch the store. It is `Send + Sync`,
//! so one index can be shared (for example in an `Arc`) between threads and callers. Whoever owns
//! the store rebuilds the index after the store changes (for example when a generation counter
//! bumped by every load or update differs from the one the index was built at) and swaps the new
//! index in; a build takes tens of milliseconds at ESCO scale. [`Coverage`] is likewise a snapshot,
//! computed from a store and the index built from that same store state.
//!
//! # Which graph is read
//!
//! Like the crate's SPARQL queries, the analyses read the store's default graph only.
//!
//! ```
//! use workforce_graph::analysis::{RequirementIndex, Scope, Weights};
//! use workforce_graph::{Graph, RdfInput};
//!
//! let graph = Graph::empty()?;
//! graph.load(RdfInput::Text(r#"
//!     @prefix esco: <http://data.europa.eu/esco/model#> .
//!     @prefix ex: <http://example.org/> .
//!     ex:a esco:hasEssentialSkill ex:s1 , ex:s2 . ex:b esco:hasEssentialSkill ex:s1 , ex:s2 .
//! "#), Some("turtle"), None)?;
//! let index = RequirementIndex::build(graph.store())?;
//! let pairs = index.role_overlap(2, true, &Scope::All)?;
//! assert_eq!(pairs.len(), 1);
//! let a = index.resolve_holder("http://example.org/a")?;
//! assert_eq!(index.similar(a, 5, &Weights::default())?.len(), 1);
//! # Result::<_, Box<dyn std::error::Error>>::Ok(())
//! ```

mod careers;
mod coverage;
mod evidence;
mod index;
mod lookup;
mod matrix;
mod overlap;
mod resolve;
mod similar;
#[cfg(test)]
mod testdata;

pub use careers::{
    career_moves, next_roles, Axis, CareerMoves, Code, CodedMove, CodingFrame, Move, NextRole, NextRoleRow,
    Step,
};
pub use coverage::{
    coverage, coverage_gaps, coverage_gaps_table, coverage_matrix, coverage_matrix_rows, BroaderNode,
    CellStatus, CoverLink, Coverage, CoverageGap, CoverageStatus, CoveredItem, Coverer, GapCompetency,
    ItemKind, MatrixBy, MatrixCell, MatrixRow, SchemeInfo,
};
pub use evidence::{evidence_coverage, evidence_gaps, EvidenceItem, EvidenceStatus};
pub use index::{
    analysis_reads, AnalysisReads, BuildStats, Competency, CompetencyId, Holder, HolderId, IndexCache, Level,
    LevelId, Requirement, RequirementIndex, RequirementSource, Role, RoleQuery, TriplePattern,
};
pub use lookup::Suggestion;
pub use matrix::{coverage_matrix_table, CoverageMatrixTable, MatrixTableRow, TargetColumns};
pub use overlap::{role_overlap, OverlapPair, RoleOverlap, RoleOverlapRow, Scope};
pub use resolve::{check_framework, resolve_role};
pub use similar::{
    similar_roles, skill_gap, Crosswalks, GapItem, GapStatus, SharedCompetency, Similar, SimilarRoleRow,
    SimilarRoles, SkillGapRow, Via, Weights,
};

use oxigraph::store::StorageError;

/// Terms of the vocabularies the analyses read, as `&str` (the terms are defined in
/// [`crate::vocab`]).
pub mod vocab {
    use crate::vocab::{esco, skos, wg};
    use oxigraph::model::vocab::rdf;

    /// The workforce-graph ontology namespace.
    pub const WG: &str = crate::vocab::WG;
    /// `wg:Requirement`.
    pub const REQUIREMENT: &str = wg::REQUIREMENT.as_str();
    /// `wg:forRole`.
    pub const FOR_ROLE: &str = wg::FOR_ROLE.as_str();
    /// `wg:forRoleLevel`.
    pub const FOR_ROLE_LEVEL: &str = wg::FOR_ROLE_LEVEL.as_str();
    /// `wg:requiredCompetency`.
    pub const REQUIRED_COMPETENCY: &str = wg::REQUIRED_COMPETENCY.as_str();
    /// `wg:requiredLevel`.
    pub const REQUIRED_LEVEL: &str = wg::REQUIRED_LEVEL.as_str();
    /// `wg:requirementType`.
    pub const REQUIREMENT_TYPE: &str = wg::REQUIREMENT_TYPE.as_str();
    /// `wg:Optional`.
    pub const OPTIONAL: &str = wg::OPTIONAL.as_str();
    /// `wg:Essential`.
    pub const ESSENTIAL: &str = wg::ESSENTIAL.as_str();
    /// `wg:requiresCompetency` (the shortcut triple).
    pub const REQUIRES_COMPETENCY: &str = wg::REQUIRES_COMPETENCY.as_str();
    /// `wg:normalisedLevel`.
    pub const NORMALISED_LEVEL: &str = wg::NORMALISED_LEVEL.as_str();
    /// `wg:isLevelOf`.
    pub const IS_LEVEL_OF: &str = wg::IS_LEVEL_OF.as_str();
    /// `wg:rank`.
    pub const RANK: &str = wg::RANK.as_str();
    /// `wg:Role`.
    pub const ROLE: &str = wg::ROLE.as_str();
    /// `wg:RoleLevel`.
    pub const ROLE_LEVEL: &str = wg::ROLE_LEVEL.as_str();
    /// `wg:SpecialistArea`.
    pub const SPECIALIST_AREA: &str = wg::SPECIALIST_AREA.as_str();
    /// `wg:Framework`.
    pub const FRAMEWORK: &str = wg::FRAMEWORK.as_str();
    /// `wg:covers`, the default coverage predicate.
    pub const COVERS: &str = wg::COVERS.as_str();
    /// `wg:offeredBy`: resolves an offer to the body that makes it.
    pub const OFFERED_BY: &str = wg::OFFERED_BY.as_str();
    /// `esco:hasEssentialSkill`.
    pub const ESCO_ESSENTIAL: &str = esco::HAS_ESSENTIAL_SKILL.as_str();
    /// `esco:hasOptionalSkill`.
    pub const ESCO_OPTIONAL: &str = esco::HAS_OPTIONAL_SKILL.as_str();
    /// `esco:Occupation`, treated like `wg:Role`.
    pub const ESCO_OCCUPATION: &str = esco::OCCUPATION.as_str();
    /// `skos:prefLabel`.
    pub const PREF_LABEL: &str = skos::PREF_LABEL.as_str();
    /// `skos:notation`.
    pub const NOTATION: &str = skos::NOTATION.as_str();
    /// `skos:inScheme`.
    pub const IN_SCHEME: &str = skos::IN_SCHEME.as_str();
    /// `rdf:type`.
    pub const RDF_TYPE: &str = rdf::TYPE.as_str();
}

/// Why an analysis failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnalysisError {
    /// No role or role level has this IRI, code or name.
    #[error(
        "unknown role or role level {name:?}{}{}",
        crate::text::did_you_mean(suggestions),
        note.as_deref().map(|n| format!("; {n}")).unwrap_or_default()
    )]
    UnknownHolder {
        /// The name asked for.
        name: String,
        /// Close matches by label (edit distance or containment), best first.
        suggestions: Vec<Suggestion>,
        /// What else the graph knows about the name (for example where the coding frame places
        /// it as a job title), when [`resolve_role`] was asked.
        note: Option<String>,
    },
    /// The role (or every level of it) has no requirements, so there is nothing to compare.
    #[error(
        "{name:?} ({}) has no requirements in the graph, so it cannot be compared; frameworks with requirements: {}",
        holders.iter().map(|h| format!("<{}>", h.iri)).collect::<Vec<_>>().join(", "),
        if frameworks.is_empty() { "none".to_owned() } else { frameworks.join(", ") }
    )]
    NoRequirements {
        /// The name asked for.
        name: String,
        /// The role or role levels it resolved to, none of which has a requirement.
        holders: Vec<Suggestion>,
        /// The frameworks (codes, else names) whose roles do carry requirements.
        frameworks: Vec<String>,
    },
    /// A framework none of whose roles carries a requirement.
    #[error(
        "framework {name:?} has no role with requirements; frameworks with requirements: {}",
        if frameworks.is_empty() { "none".to_owned() } else { frameworks.join(", ") }
    )]
    FrameworkWithoutRequirements {
        /// The framework as named.
        name: String,
        /// The frameworks (codes, else names) whose roles do carry requirements.
        frameworks: Vec<String>,
    },
    /// Several holders carry this label; pass one of their IRIs instead.
    #[error(
        "{name:?} names several roles or role levels: {}; pass an IRI",
        crate::text::listing(candidates)
    )]
    AmbiguousHolder {
        /// The name asked for.
        name: String,
        /// Every holder with that label.
        candidates: Vec<Suggestion>,
    },
    /// No competency in the index has this IRI or label.
    #[error("unknown competency {name:?}{}", crate::text::did_you_mean(suggestions))]
    UnknownCompetency {
        /// The name asked for.
        name: String,
        /// Close matches by label, best first.
        suggestions: Vec<Suggestion>,
    },
    /// Several competencies carry this label; pass one of their IRIs instead.
    #[error(
        "{name:?} names several competencies: {}; pass an IRI",
        crate::text::listing(candidates)
    )]
    AmbiguousCompetency {
        /// The name asked for.
        name: String,
        /// Every competency with that label.
        candidates: Vec<Suggestion>,
    },
    /// No coding frame has this IRI, label or notation (or the graph holds several and none was named).
    #[error("unknown coding frame {name:?}{}", crate::text::did_you_mean(suggestions))]
    UnknownCodingFrame {
        /// The name asked for (empty when none was given).
        name: String,
        /// The coding frames in the graph.
        suggestions: Vec<Suggestion>,
    },
    /// A name in a table of moves matches no code of the frame on that axis.
    #[error(
        "row {row}: unknown {axis} {name:?}{}",
        crate::text::did_you_mean(suggestions)
    )]
    UnknownCode {
        /// Specialist area or seniority level.
        axis: Axis,
        /// The name given.
        name: String,
        /// The row (0-based) of the table it came from.
        row: usize,
        /// Close matches, best first.
        suggestions: Vec<Suggestion>,
    },
    /// A holder id that does not belong to this index (for example one from an older index).
    #[error("holder id {0} is not in this index")]
    InvalidHolderId(u32),
    /// The store failed while being read.
    #[error("storage error: {0}")]
    Storage(#[from] StorageError),
    /// A query on the store failed.
    #[error("query failed: {0}")]
    Query(String),
    /// A framework named to scope an analysis is unknown (or not loaded); boxed to keep results
    /// small.
    #[error(transparent)]
    Framework(Box<crate::crosswalk::CrosswalkError>),
    /// A worker thread panicked; the message is the panic's, when it was a string.
    #[error("analysis worker failed: {0}")]
    Worker(String),
}
