//! The requirement index: who needs which competency, with integer ids, read from a store in one
//! pass over a few predicates.

use super::lookup::{self, Suggestion};
use super::{vocab, AnalysisError};
use crate::rules::BestLabel;
use crate::text::name_key;
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, TermRef};
use oxigraph::store::{StorageError, Store};
use std::collections::{HashMap, HashSet};

/// Position of a holder in [`RequirementIndex::holders`]. Ids follow the IRIs' string order, so
/// `a < b` for ids means `STR(a) < STR(b)` in SPARQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HolderId(pub u32);

/// Position of a competency in [`RequirementIndex::competencies`], in IRI string order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CompetencyId(pub u32);

/// Position of a level in [`RequirementIndex::levels`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LevelId(pub u32);

impl HolderId {
    /// The id as a slice index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl CompetencyId {
    /// The id as a slice index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl LevelId {
    /// The id as a slice index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Whatever carries requirements: a role level, or a role when its requirements have no level
/// (also an ESCO occupation). Typed role levels and roles without levels are holders even when
/// nothing says what they require, so that lookups and skill gaps work on them.
#[derive(Debug, Clone, PartialEq)]
pub struct Holder {
    /// The holder's IRI.
    pub iri: NamedNode,
    /// Its `skos:prefLabel` (English preferred, then untagged, then any).
    pub label: Option<String>,
    /// Its frameworks (`skos:inScheme`), or its role's when it has none of its own; sorted.
    pub frameworks: Vec<NamedNode>,
    /// The role it is a level of (`wg:isLevelOf`), for a role level.
    pub role: Option<NamedNode>,
    /// That role's label.
    pub role_label: Option<String>,
    /// Its `wg:rank` in its role's ladder.
    pub rank: Option<i64>,
    /// Its own code (`skos:notation`), when it has one.
    pub code: Option<String>,
}

/// A role with levels (the object of `wg:isLevelOf`): not a holder itself, its levels are. An
/// analysis of such a role is an analysis of every one of its levels (see
/// [`RequirementIndex::resolve_role`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// The role's IRI.
    pub iri: NamedNode,
    /// Its `skos:prefLabel`.
    pub label: Option<String>,
    /// Its code (`skos:notation`), when it has one.
    pub code: Option<String>,
    /// Its levels, by rank (levels without a rank last), then IRI.
    pub levels: Vec<HolderId>,
}

/// What a role name stands for: one holder, or every level of a role with levels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleQuery {
    /// The holders an analysis runs on: the one holder named, or the named role's levels by rank.
    pub holders: Vec<HolderId>,
    /// The role with levels that was named (a position in [`RequirementIndex::roles`]).
    pub role: Option<usize>,
}

/// A competency that at least one holder needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Competency {
    /// The competency's IRI.
    pub iri: NamedNode,
    /// Its `skos:prefLabel` (English preferred, then untagged, then any).
    pub label: Option<String>,
    /// Its frameworks (`skos:inScheme`), sorted.
    pub frameworks: Vec<NamedNode>,
}

/// A required level (`wg:requiredLevel`), with its position on a 0..1 scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    /// The level's IRI.
    pub iri: NamedNode,
    /// Its `skos:prefLabel`.
    pub label: Option<String>,
    /// Its `wg:normalisedLevel`, when given as a number.
    pub normalised: Option<f64>,
}

/// Where a requirement came from, so an answer can say why a holder needs a competency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RequirementSource {
    /// A `wg:Requirement` node (`wg:requiredCompetency` with `wg:forRoleLevel` or `wg:forRole`).
    Node,
    /// An ESCO shortcut, `esco:hasEssentialSkill` or `esco:hasOptionalSkill`.
    Esco,
    /// A bare `wg:requiresCompetency` triple with no requirement node behind it.
    Shortcut,
}

/// One competency a holder needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Requirement {
    /// The competency.
    pub competency: CompetencyId,
    /// Essential (`wg:Essential`, no type, or `esco:hasEssentialSkill`) or optional.
    pub essential: bool,
    /// The required level, when stated.
    pub level: Option<LevelId>,
    /// The level's normalised value (copied from [`Level::normalised`] for fast kernels).
    pub normalised: Option<f64>,
    /// The source it was read from; when several say the same, the first of node, ESCO, shortcut.
    pub source: RequirementSource,
}

/// Counts from a build, to explain what was read and what was left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildStats {
    /// Requirement nodes read (subjects of `wg:requiredCompetency`).
    pub requirement_nodes: usize,
    /// Requirement nodes skipped because they have neither `wg:forRoleLevel` nor `wg:forRole`.
    pub requirement_nodes_without_holder: usize,
    /// `wg:requiresCompetency` triples read.
    pub shortcut_triples: usize,
    /// `esco:hasEssentialSkill` and `esco:hasOptionalSkill` triples read.
    pub esco_triples: usize,
    /// Statements dropped because another statement already gave the same (holder, competency).
    pub duplicates_merged: usize,
    /// Statements skipped because their holder or competency is a blank node or a literal.
    pub skipped_non_iri: usize,
    /// Holders (role levels, roles) that have no requirement.
    pub holders_without_requirements: usize,
}

/// Compressed rows: `items[offsets[i]..offsets[i + 1]]` belong to row `i`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Csr {
    pub(crate) offsets: Vec<usize>,
    pub(crate) items: Vec<u32>,
}

impl Csr {
    pub(crate) fn row(&self, i: usize) -> &[u32] {
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&start), Some(&end)) => &self.items[start..end],
            _ => &[],
        }
    }

    /// Builds rows from (row, item) pairs already sorted by row then item.
    fn from_sorted(rows: usize, pairs: impl Iterator<Item = (u32, u32)>) -> Self {
        let mut offsets = vec![0usize; rows + 1];
        let mut items = Vec::new();
        for (row, item) in pairs {
            offsets[row as usize + 1] += 1;
            items.push(item);
        }
        for i in 0..rows {
            offsets[i + 1] += offsets[i];
        }
        Self { offsets, items }
    }

    /// The transpose of `self` (rows become items), with each new row sorted, and for each new
    /// item its position in `self.items`.
    fn transpose(&self, columns: usize) -> (Self, Vec<u32>) {
        let mut offsets = vec![0usize; columns + 1];
        for &item in &self.items {
            offsets[item as usize + 1] += 1;
        }
        for i in 0..columns {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut items = vec![0u32; self.items.len()];
        let mut positions = vec![0u32; self.items.len()];
        for row in 0..self.offsets.len().saturating_sub(1) {
            let start = self.offsets[row];
            for (k, &item) in self.row(row).iter().enumerate() {
                let slot = &mut next[item as usize];
                items[*slot] = row as u32;
                positions[*slot] = (start + k) as u32;
                *slot += 1;
            }
        }
        (Self { offsets, items }, positions)
    }
}

/// Who needs which competency, with integer ids: per holder a list of requirements sorted by
/// competency, and per competency the postings (holders needing it, sorted).
///
/// Built once from a store with [`RequirementIndex::build`] and immutable afterwards: rebuild it
/// when the store changes (see the [module documentation](super)).
///
/// Sources, deduplicated per (holder, competency):
/// 1. `wg:Requirement` nodes (any subject of `wg:requiredCompetency`): the holder is
///    `wg:forRoleLevel` if present, else `wg:forRole`; essential unless `wg:requirementType` is
///    `wg:Optional`; the level is `wg:requiredLevel`. Several nodes for one pair merge into one
///    requirement: essential if any is, at the highest normalised level stated.
/// 2. ESCO shortcuts `esco:hasEssentialSkill` / `esco:hasOptionalSkill`, for pairs not given by 1
///    (essential wins when both are stated).
/// 3. Bare `wg:requiresCompetency` triples (essential, no level) for pairs not given by 1 or 2.
#[derive(Debug, Clone)]
pub struct RequirementIndex {
    pub(crate) holders: Vec<Holder>,
    pub(crate) competencies: Vec<Competency>,
    pub(crate) levels: Vec<Level>,
    /// Per holder, `requirements[req_offsets[h]..req_offsets[h + 1]]`, sorted by competency.
    pub(crate) req_offsets: Vec<usize>,
    pub(crate) requirements: Vec<Requirement>,
    /// Holder to competencies, all and essential only.
    pub(crate) rows_all: Csr,
    pub(crate) rows_essential: Csr,
    /// Competency to holders, all and essential only.
    pub(crate) postings_all: Csr,
    pub(crate) postings_essential: Csr,
    /// For each entry of `postings_all`, whether that requirement is essential and its normalised
    /// level (NaN when unknown): kept next to the postings so that `similar` reads them in order
    /// instead of jumping around `requirements`.
    pub(crate) posting_essential: Vec<bool>,
    pub(crate) posting_level: Vec<f64>,
    holder_ids: FxMap<String, HolderId>,
    competency_ids: FxMap<String, CompetencyId>,
    /// Roles with levels, in IRI order, and their positions by IRI.
    pub(crate) roles: Vec<Role>,
    role_ids: FxMap<String, usize>,
    /// Frameworks of holders and roles: IRI to code (else label, else IRI), for messages.
    framework_names: FxMap<String, String>,
    stats: BuildStats,
}

/// A hash map with rustc's Fx hash: much faster than the default SipHash on the many short IRIs
/// a build hashes, and the keys come from the store, not from an adversary.
pub(crate) type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// IRI interner giving dense ids in order of first sight.
#[derive(Default)]
struct Interner {
    ids: FxMap<String, u32>,
    names: Vec<NamedNode>,
}

impl Interner {
    fn intern(&mut self, node: NamedNode) -> u32 {
        if let Some(&id) = self.ids.get(node.as_str()) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(node.as_str().to_owned(), id);
        self.names.push(node);
        id
    }

    fn get(&self, iri: &str) -> Option<u32> {
        self.ids.get(iri).copied()
    }

    /// Ids renumbered so that they follow IRI order: returns old id -> new id.
    fn sorted_remap(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.names.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| {
            self.names[a as usize]
                .as_str()
                .cmp(self.names[b as usize].as_str())
        });
        let mut remap = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old as usize] = new as u32;
        }
        remap
    }
}

/// A statement that a holder needs a competency, before deduplication.
#[derive(Clone, Copy)]
struct RawRequirement {
    holder: u32,
    competency: u32,
    source: RequirementSource,
    essential: bool,
    level: Option<u32>,
}

/// One predicate (and optionally one object) to read.
struct ScanJob {
    predicate: &'static str,
    object: Option<&'static str>,
}

/// Everything [`RequirementIndex::build`] reads, the largest first so that threads finish together.
const SCANS: &[ScanJob] = &[
    ScanJob {
        predicate: vocab::ESCO_ESSENTIAL,
        object: None,
    },
    ScanJob {
        predicate: vocab::ESCO_OPTIONAL,
        object: None,
    },
    ScanJob {
        predicate: vocab::PREF_LABEL,
        object: None,
    },
    ScanJob {
        predicate: vocab::IN_SCHEME,
        object: None,
    },
    ScanJob {
        predicate: vocab::REQUIRES_COMPETENCY,
        object: None,
    },
    ScanJob {
        predicate: vocab::REQUIRED_COMPETENCY,
        object: None,
    },
    ScanJob {
        predicate: vocab::FOR_ROLE_LEVEL,
        object: None,
    },
    ScanJob {
        predicate: vocab::FOR_ROLE,
        object: None,
    },
    ScanJob {
        predicate: vocab::REQUIREMENT_TYPE,
        object: None,
    },
    ScanJob {
        predicate: vocab::REQUIRED_LEVEL,
        object: None,
    },
    ScanJob {
        predicate: vocab::IS_LEVEL_OF,
        object: None,
    },
    ScanJob {
        predicate: vocab::RANK,
        object: None,
    },
    ScanJob {
        predicate: vocab::NORMALISED_LEVEL,
        object: None,
    },
    ScanJob {
        predicate: vocab::RDF_TYPE,
        object: Some(vocab::ROLE_LEVEL),
    },
    ScanJob {
        predicate: vocab::RDF_TYPE,
        object: Some(vocab::ROLE),
    },
    ScanJob {
        predicate: vocab::RDF_TYPE,
        object: Some(vocab::ESCO_OCCUPATION),
    },
    ScanJob {
        predicate: vocab::NOTATION,
        object: None,
    },
];

/// A part of the default graph an analysis reads: every triple with `predicate`, or, with an
/// `object`, only the triples with that object too (the instances of one class).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TriplePattern {
    /// The predicate's IRI.
    pub predicate: &'static str,
    /// The object's IRI, when only one object is read.
    pub object: Option<&'static str>,
}

/// The analyses that need only part of a graph, by what they read (see [`analysis_reads`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnalysisReads {
    /// Role overlap, similar roles and next roles: the [`RequirementIndex`] alone, and the types
    /// of the schemes, so that a framework named by its IRI is found.
    Roles,
    /// Skill gap: [`Roles`](Self::Roles) and the curated mappings ([`super::Crosswalks::read`]).
    SkillGap,
    /// Coverage gaps and the coverage matrix by specialist area: [`Roles`](Self::Roles) and what
    /// [`super::coverage`] reads besides its coverage predicates (offers, the default `wg:covers`,
    /// the narrower nodes and the labels, codes, schemes and kinds of what is covered).
    Coverage,
}

/// The triples `analysis` reads from a graph's default graph: a copy holding only these gives
/// the same answer as the whole graph (a remote graph pulls just these, in one CONSTRUCT). The
/// index's part is [`SCANS`] itself, the list [`RequirementIndex::build`] reads.
pub fn analysis_reads(analysis: AnalysisReads) -> Vec<TriplePattern> {
    let of_class = |class: &'static str| TriplePattern {
        predicate: vocab::RDF_TYPE,
        object: Some(class),
    };
    let whole = |predicate: &'static str| TriplePattern {
        predicate,
        object: None,
    };
    let mut reads: Vec<TriplePattern> = SCANS
        .iter()
        .map(|job| TriplePattern {
            predicate: job.predicate,
            object: job.object,
        })
        .collect();
    reads.extend([vocab::FRAMEWORK, crate::vocab::skos::CONCEPT_SCHEME.as_str()].map(of_class));
    match analysis {
        AnalysisReads::Roles => {}
        AnalysisReads::SkillGap => {
            use crate::vocab::owl;
            reads.push(of_class(crate::vocab::wg::MAPPING.as_str()));
            reads.extend(
                [
                    owl::ANNOTATED_SOURCE,
                    owl::ANNOTATED_PROPERTY,
                    owl::ANNOTATED_TARGET,
                ]
                .map(|p| whole(p.as_str())),
            );
        }
        AnalysisReads::Coverage => {
            reads.extend(super::coverage::KINDS.iter().map(|(class, _)| of_class(class)));
            reads.extend(
                [
                    vocab::COVERS,
                    vocab::OFFERED_BY,
                    crate::vocab::skos::TOP_CONCEPT_OF.as_str(),
                    crate::vocab::skos::BROADER.as_str(),
                    crate::vocab::wg::ABBREVIATION.as_str(),
                ]
                .map(whole),
            );
        }
    }
    let mut seen = HashSet::new();
    reads.retain(|pattern| seen.insert(*pattern));
    reads
}

/// The default-graph triples of one [`ScanJob`], with subjects and objects numbered locally, so
/// that the build looks up each distinct term once rather than once per triple.
#[derive(Default)]
struct Scanned {
    subjects: Vec<NamedOrBlankNode>,
    objects: Vec<Term>,
    /// (subject, object) local ids, in storage order.
    pairs: Vec<(u32, u32)>,
}

impl Scanned {
    fn read(store: &Store, job: &ScanJob) -> Result<Self, StorageError> {
        let predicate = NamedNodeRef::new_unchecked(job.predicate);
        let object = job.object.map(|o| TermRef::from(NamedNodeRef::new_unchecked(o)));
        let mut subject_ids: FxMap<NamedOrBlankNode, u32> = FxMap::default();
        let mut object_ids: FxMap<Term, u32> = FxMap::default();
        let mut pairs = Vec::new();
        for quad in store.quads_for_pattern(None, Some(predicate), object, Some(GraphNameRef::DefaultGraph)) {
            let quad = quad?;
            let next = subject_ids.len() as u32;
            let s = *subject_ids.entry(quad.subject).or_insert(next);
            let next = object_ids.len() as u32;
            let o = *object_ids.entry(quad.object).or_insert(next);
            pairs.push((s, o));
        }
        Ok(Self {
            subjects: by_id(subject_ids),
            objects: by_id(object_ids),
            pairs,
        })
    }

    /// Subject to first IRI object, for functional properties.
    fn named_map(&self) -> FxMap<&NamedOrBlankNode, &NamedNode> {
        let mut map = FxMap::default();
        for &(s, o) in &self.pairs {
            if let Term::NamedNode(object) = &self.objects[o as usize] {
                map.entry(&self.subjects[s as usize]).or_insert(object);
            }
        }
        map
    }
}

/// The keys of an id map, in id order.
fn by_id<T>(ids: FxMap<T, u32>) -> Vec<T> {
    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(ids.len()).collect();
    for (key, id) in ids {
        slots[id as usize] = Some(key);
    }
    slots.into_iter().flatten().collect()
}

/// Runs every job on the machine's threads ([`crate::parallel::map_indexed`]); results in job order.
fn scan_all(store: &Store, jobs: &[ScanJob]) -> Result<Vec<Scanned>, AnalysisError> {
    let scanned = crate::parallel::map_indexed(
        jobs.len(),
        crate::parallel::available_threads(),
        || (),
        |(), job| Scanned::read(store, &jobs[job]),
    )
    .map_err(|panic| AnalysisError::Worker(crate::parallel::panic_message(panic.as_ref())))?;
    Ok(scanned.into_iter().collect::<Result<_, _>>()?)
}

fn parse_f64(term: &Term) -> Option<f64> {
    match term {
        Term::Literal(literal) => literal
            .value()
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite()),
        _ => None,
    }
}

fn parse_i64(term: &Term) -> Option<i64> {
    match term {
        Term::Literal(literal) => literal.value().trim().trim_start_matches('+').parse::<i64>().ok(),
        _ => None,
    }
}

impl RequirementIndex {
    /// Reads the requirements in `store`'s default graph (see the type documentation for the
    /// sources) with their labels, frameworks, role ladders and levels.
    pub fn build(store: &Store) -> Result<Self, AnalysisError> {
        let mut stats = BuildStats::default();
        let mut holders = Interner::default();
        let mut competencies = Interner::default();
        let mut levels = Interner::default();
        let mut raw = Vec::new();

        // Read every predicate of interest at once, one thread per predicate at a time: decoding
        // terms out of the store dominates the build, and it parallelises well.
        let scans = scan_all(store, SCANS)?;
        let [esco_essential, esco_optional, pref_label, in_scheme, requires_competency, required_competency, for_role_level, for_role, requirement_type, required_level, is_level_of, rank, normalised_level, typed_role_level, typed_role, typed_occupation, notation]: [Scanned; 17] =
            scans.try_into().map_err(|_| AnalysisError::Worker("scan count mismatch".to_owned()))?;

        // (1) requirement nodes: join their properties in memory.
        stats.requirement_nodes = required_competency.pairs.len();
        if !required_competency.pairs.is_empty() {
            let for_level = for_role_level.named_map();
            let for_role = for_role.named_map();
            let types = requirement_type.named_map();
            let required_level = required_level.named_map();
            for &(s, o) in &required_competency.pairs {
                let node = &required_competency.subjects[s as usize];
                let Term::NamedNode(competency) = &required_competency.objects[o as usize] else {
                    stats.skipped_non_iri += 1;
                    continue;
                };
                let Some(holder) = for_level.get(node).or_else(|| for_role.get(node)) else {
                    stats.requirement_nodes_without_holder += 1;
                    continue;
                };
                let essential = types.get(node).is_none_or(|t| t.as_str() != vocab::OPTIONAL);
                let level = required_level.get(node).map(|l| levels.intern((*l).clone()));
                raw.push(RawRequirement {
                    holder: holders.intern((*holder).clone()),
                    competency: competencies.intern(competency.clone()),
                    source: RequirementSource::Node,
                    essential,
                    level,
                });
            }
        }

        // (2) ESCO shortcuts and (3) bare wg:requiresCompetency triples: each distinct subject and
        // object is interned once, then the triples are mapped through the local ids.
        for (scanned, source, essential) in [
            (esco_essential, RequirementSource::Esco, true),
            (esco_optional, RequirementSource::Esco, false),
            (requires_competency, RequirementSource::Shortcut, true),
        ] {
            if source == RequirementSource::Esco {
                stats.esco_triples += scanned.pairs.len();
            } else {
                stats.shortcut_triples += scanned.pairs.len();
            }
            let subject_ids: Vec<Option<u32>> = scanned
                .subjects
                .into_iter()
                .map(|s| match s {
                    NamedOrBlankNode::NamedNode(n) => Some(holders.intern(n)),
                    NamedOrBlankNode::BlankNode(_) => None,
                })
                .collect();
            let object_ids: Vec<Option<u32>> = scanned
                .objects
                .into_iter()
                .map(|o| match o {
                    Term::NamedNode(n) => Some(competencies.intern(n)),
                    _ => None,
                })
                .collect();
            for (s, o) in scanned.pairs {
                match (subject_ids[s as usize], object_ids[o as usize]) {
                    (Some(holder), Some(competency)) => raw.push(RawRequirement {
                        holder,
                        competency,
                        source,
                        essential,
                        level: None,
                    }),
                    _ => stats.skipped_non_iri += 1,
                }
            }
        }

        // Role ladders: typed role levels and roles without levels are holders too.
        let mut level_of: HashMap<String, NamedNode> = HashMap::new();
        for &(s, o) in &is_level_of.pairs {
            if let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (
                &is_level_of.subjects[s as usize],
                &is_level_of.objects[o as usize],
            ) {
                level_of.entry(s.as_str().to_owned()).or_insert_with(|| o.clone());
            }
        }
        let with_levels: HashSet<&str> = level_of.values().map(NamedNode::as_str).collect();
        let with_requirements = holders.names.len();
        for node in typed_role_level.subjects {
            if let NamedOrBlankNode::NamedNode(node) = node {
                holders.intern(node);
            }
        }
        for node in typed_role.subjects.into_iter().chain(typed_occupation.subjects) {
            if let NamedOrBlankNode::NamedNode(node) = node {
                if !with_levels.contains(node.as_str()) {
                    holders.intern(node);
                }
            }
        }
        let holder_count = holders.names.len();
        stats.holders_without_requirements = holder_count - with_requirements;

        // Roles of holders, by IRI, for labels and inherited frameworks; every role with levels is
        // known, so that it resolves by IRI, code and name.
        let mut holder_role: Vec<Option<NamedNode>> = vec![None; holder_count];
        let mut roles = Interner::default();
        for (id, name) in holders.names.iter().enumerate() {
            if let Some(role) = level_of.get(name.as_str()) {
                roles.intern(role.clone());
                holder_role[id] = Some(role.clone());
            }
        }
        let mut role_names: Vec<&NamedNode> = level_of.values().collect();
        role_names.sort_unstable();
        for role in role_names {
            roles.intern(role.clone());
        }

        // Metadata: labels, frameworks, ranks and normalised levels, matched per distinct subject.
        let lookup = |subject: &NamedOrBlankNode, table: &Interner| match subject {
            NamedOrBlankNode::NamedNode(n) => table.get(n.as_str()),
            NamedOrBlankNode::BlankNode(_) => None,
        };
        let mut holder_labels = vec![BestLabel::default(); holder_count];
        let mut competency_labels = vec![BestLabel::default(); competencies.names.len()];
        let mut level_labels = vec![BestLabel::default(); levels.names.len()];
        let mut role_labels = vec![BestLabel::default(); roles.names.len()];
        let targets: Vec<[Option<u32>; 4]> = pref_label
            .subjects
            .iter()
            .map(|s| {
                [
                    lookup(s, &competencies),
                    lookup(s, &holders),
                    lookup(s, &levels),
                    lookup(s, &roles),
                ]
            })
            .collect();
        for &(s, o) in &pref_label.pairs {
            let [competency, holder, level, role] = targets[s as usize];
            let label = &pref_label.objects[o as usize];
            if let Some(id) = competency {
                competency_labels[id as usize].offer(label);
            }
            if let Some(id) = holder {
                holder_labels[id as usize].offer(label);
            }
            if let Some(id) = level {
                level_labels[id as usize].offer(label);
            }
            if let Some(id) = role {
                role_labels[id as usize].offer(label);
            }
        }
        let mut holder_frameworks: Vec<Vec<NamedNode>> = vec![Vec::new(); holder_count];
        let mut competency_frameworks: Vec<Vec<NamedNode>> = vec![Vec::new(); competencies.names.len()];
        let mut role_frameworks: Vec<Vec<NamedNode>> = vec![Vec::new(); roles.names.len()];
        let targets: Vec<[Option<u32>; 3]> = in_scheme
            .subjects
            .iter()
            .map(|s| [lookup(s, &competencies), lookup(s, &holders), lookup(s, &roles)])
            .collect();
        for &(s, o) in &in_scheme.pairs {
            let Term::NamedNode(scheme) = &in_scheme.objects[o as usize] else {
                continue;
            };
            let [competency, holder, role] = targets[s as usize];
            if let Some(id) = competency {
                competency_frameworks[id as usize].push(scheme.clone());
            }
            if let Some(id) = holder {
                holder_frameworks[id as usize].push(scheme.clone());
            }
            if let Some(id) = role {
                role_frameworks[id as usize].push(scheme.clone());
            }
        }
        // Frameworks seen on holders and roles, named (code, else label) for messages.
        let mut frameworks = Interner::default();
        for scheme in holder_frameworks.iter().chain(&role_frameworks).flatten() {
            frameworks.intern(scheme.clone());
        }
        let mut framework_labels = vec![BestLabel::default(); frameworks.names.len()];
        for &(s, o) in &pref_label.pairs {
            if let Some(id) = lookup(&pref_label.subjects[s as usize], &frameworks) {
                framework_labels[id as usize].offer(&pref_label.objects[o as usize]);
            }
        }
        let mut holder_codes: Vec<Option<String>> = vec![None; holder_count];
        let mut role_codes: Vec<Option<String>> = vec![None; roles.names.len()];
        let mut framework_codes: Vec<Option<String>> = vec![None; frameworks.names.len()];
        for &(s, o) in &notation.pairs {
            let Term::Literal(code) = &notation.objects[o as usize] else {
                continue;
            };
            let subject = &notation.subjects[s as usize];
            for (table, codes) in [
                (&holders, &mut holder_codes),
                (&roles, &mut role_codes),
                (&frameworks, &mut framework_codes),
            ] {
                if let Some(id) = lookup(subject, table) {
                    let slot = &mut codes[id as usize];
                    // The smallest code, so the choice does not depend on storage order.
                    if slot.as_deref().is_none_or(|c| code.value() < c) {
                        *slot = Some(code.value().to_owned());
                    }
                }
            }
        }
        let framework_names: FxMap<String, String> = frameworks
            .names
            .iter()
            .enumerate()
            .map(|(id, iri)| {
                let name = framework_codes[id]
                    .take()
                    .or_else(|| framework_labels[id].take())
                    .unwrap_or_else(|| iri.as_str().to_owned());
                (iri.as_str().to_owned(), name)
            })
            .collect();
        let mut ranks: Vec<Option<i64>> = vec![None; holder_count];
        for &(s, o) in &rank.pairs {
            if let Some(id) = lookup(&rank.subjects[s as usize], &holders) {
                ranks[id as usize] = ranks[id as usize].or(parse_i64(&rank.objects[o as usize]));
            }
        }
        let mut normalised: Vec<Option<f64>> = vec![None; levels.names.len()];
        for &(s, o) in &normalised_level.pairs {
            if let Some(id) = lookup(&normalised_level.subjects[s as usize], &levels) {
                normalised[id as usize] =
                    normalised[id as usize].or(parse_f64(&normalised_level.objects[o as usize]));
            }
        }

        // Renumber holders and competencies in IRI order, then deduplicate per pair.
        let holder_remap = holders.sorted_remap();
        let competency_remap = competencies.sorted_remap();
        for r in &mut raw {
            r.holder = holder_remap[r.holder as usize];
            r.competency = competency_remap[r.competency as usize];
        }
        raw.sort_unstable_by_key(|r| (r.holder, r.competency, r.source));
        let level_value = |level: Option<u32>| level.and_then(|l| normalised[l as usize]);
        let mut requirements: Vec<Requirement> = Vec::with_capacity(raw.len());
        let mut owners: Vec<u32> = Vec::with_capacity(raw.len());
        let mut start = 0;
        while start < raw.len() {
            let first = raw[start];
            let mut end = start + 1;
            while end < raw.len()
                && raw[end].holder == first.holder
                && raw[end].competency == first.competency
            {
                end += 1;
            }
            stats.duplicates_merged += end - start - 1;
            // Only the most specific source counts; within it, essential if any says so and the
            // highest stated level (ties broken by level IRI so the result is deterministic).
            let best = raw[start..end].iter().filter(|r| r.source == first.source);
            let mut essential = false;
            let mut level: Option<u32> = None;
            for r in best {
                essential |= r.essential;
                if let Some(candidate) = r.level {
                    level = Some(match level {
                        None => candidate,
                        Some(current) => {
                            let key = |l: u32| {
                                (
                                    level_value(Some(l)).unwrap_or(f64::NEG_INFINITY),
                                    levels.names[l as usize].as_str(),
                                )
                            };
                            let (a, b) = (key(candidate), key(current));
                            if a.0 > b.0 || (a.0 == b.0 && a.1 < b.1) {
                                candidate
                            } else {
                                current
                            }
                        }
                    });
                }
            }
            requirements.push(Requirement {
                competency: CompetencyId(first.competency),
                essential,
                level: level.map(LevelId),
                normalised: level_value(level),
                source: first.source,
            });
            owners.push(first.holder);
            start = end;
        }
        drop(raw);

        let competency_count = competencies.names.len();
        let rows_all = Csr::from_sorted(
            holder_count,
            owners
                .iter()
                .zip(&requirements)
                .map(|(&h, r)| (h, r.competency.0)),
        );
        let rows_essential = Csr::from_sorted(
            holder_count,
            owners
                .iter()
                .zip(&requirements)
                .filter(|(_, r)| r.essential)
                .map(|(&h, r)| (h, r.competency.0)),
        );
        let (postings_all, posting_requirements) = rows_all.transpose(competency_count);
        let (postings_essential, _) = rows_essential.transpose(competency_count);
        let posting_essential = posting_requirements
            .iter()
            .map(|&k| requirements[k as usize].essential)
            .collect();
        let posting_level = posting_requirements
            .iter()
            .map(|&k| requirements[k as usize].normalised.unwrap_or(f64::NAN))
            .collect();
        let req_offsets = rows_all.offsets.clone();

        // Final tables in the new id order.
        let mut holder_table: Vec<Option<Holder>> = vec![None; holder_count];
        let mut holder_ids = FxMap::with_capacity_and_hasher(holder_count, Default::default());
        for (old, name) in holders.names.into_iter().enumerate() {
            let new = holder_remap[old];
            let role = holder_role[old].take();
            let role_id = role.as_ref().and_then(|r| roles.get(r.as_str()));
            let mut frameworks = std::mem::take(&mut holder_frameworks[old]);
            if frameworks.is_empty() {
                if let Some(role_id) = role_id {
                    frameworks = role_frameworks[role_id as usize].clone();
                }
            }
            frameworks.sort_unstable();
            frameworks.dedup();
            holder_ids.insert(name.as_str().to_owned(), HolderId(new));
            holder_table[new as usize] = Some(Holder {
                iri: name,
                label: holder_labels[old].take(),
                frameworks,
                role,
                role_label: role_id.and_then(|r| role_labels[r as usize].get()),
                rank: ranks[old],
                code: holder_codes[old].take(),
            });
        }
        let holder_table: Vec<Holder> = holder_table.into_iter().flatten().collect();
        // Roles with levels, in IRI order, each with its ladder.
        let mut ladders: FxMap<&str, Vec<HolderId>> = FxMap::default();
        for (id, holder) in holder_table.iter().enumerate() {
            if let Some(role) = &holder.role {
                ladders
                    .entry(role.as_str())
                    .or_default()
                    .push(HolderId(id as u32));
            }
        }
        let mut role_order: Vec<u32> = (0..roles.names.len() as u32).collect();
        role_order.sort_unstable_by(|&a, &b| {
            roles.names[a as usize]
                .as_str()
                .cmp(roles.names[b as usize].as_str())
        });
        let mut role_table = Vec::with_capacity(role_order.len());
        let mut role_ids = FxMap::with_capacity_and_hasher(role_order.len(), Default::default());
        for old in role_order {
            let iri = roles.names[old as usize].clone();
            let mut levels = ladders.remove(iri.as_str()).unwrap_or_default();
            levels.sort_by_key(|&h| {
                (
                    holder_table[h.index()].rank.is_none(),
                    holder_table[h.index()].rank,
                    h,
                )
            });
            role_ids.insert(iri.as_str().to_owned(), role_table.len());
            role_table.push(Role {
                label: role_labels[old as usize].get(),
                code: role_codes[old as usize].take(),
                iri,
                levels,
            });
        }
        let mut competency_table: Vec<Option<Competency>> = vec![None; competency_count];
        let mut competency_ids = FxMap::with_capacity_and_hasher(competency_count, Default::default());
        for (old, name) in competencies.names.into_iter().enumerate() {
            let new = competency_remap[old];
            let mut frameworks = std::mem::take(&mut competency_frameworks[old]);
            frameworks.sort_unstable();
            frameworks.dedup();
            competency_ids.insert(name.as_str().to_owned(), CompetencyId(new));
            competency_table[new as usize] = Some(Competency {
                iri: name,
                label: competency_labels[old].take(),
                frameworks,
            });
        }
        let level_table = levels
            .names
            .into_iter()
            .enumerate()
            .map(|(id, iri)| Level {
                iri,
                label: level_labels[id].take(),
                normalised: normalised[id],
            })
            .collect();

        Ok(Self {
            // The remaps are permutations, so every slot is filled.
            holders: holder_table,
            roles: role_table,
            role_ids,
            framework_names,
            competencies: competency_table.into_iter().flatten().collect(),
            levels: level_table,
            req_offsets,
            requirements,
            rows_all,
            rows_essential,
            postings_all,
            postings_essential,
            posting_essential,
            posting_level,
            holder_ids,
            competency_ids,
            stats,
        })
    }

    /// All holders, indexed by [`HolderId`].
    pub fn holders(&self) -> &[Holder] {
        &self.holders
    }

    /// All competencies that some holder needs, indexed by [`CompetencyId`].
    pub fn competencies(&self) -> &[Competency] {
        &self.competencies
    }

    /// All required levels, indexed by [`LevelId`].
    pub fn levels(&self) -> &[Level] {
        &self.levels
    }

    /// One holder. Panics on an id from another index; use [`RequirementIndex::check_holder`] on
    /// ids that come from outside.
    pub fn holder(&self, id: HolderId) -> &Holder {
        &self.holders[id.index()]
    }

    /// One competency (ids from this index).
    pub fn competency(&self, id: CompetencyId) -> &Competency {
        &self.competencies[id.index()]
    }

    /// One level (ids from this index).
    pub fn level(&self, id: LevelId) -> &Level {
        &self.levels[id.index()]
    }

    /// Checks that `id` belongs to this index.
    pub fn check_holder(&self, id: HolderId) -> Result<HolderId, AnalysisError> {
        if id.index() < self.holders.len() {
            Ok(id)
        } else {
            Err(AnalysisError::InvalidHolderId(id.0))
        }
    }

    /// What a holder needs, sorted by competency id; empty for an unknown id.
    pub fn requirements(&self, holder: HolderId) -> &[Requirement] {
        match (
            self.req_offsets.get(holder.index()),
            self.req_offsets.get(holder.index() + 1),
        ) {
            (Some(&start), Some(&end)) => &self.requirements[start..end],
            _ => &[],
        }
    }

    /// The requirement of `holder` for `competency`, if it has one.
    pub fn requirement(&self, holder: HolderId, competency: CompetencyId) -> Option<&Requirement> {
        let requirements = self.requirements(holder);
        requirements
            .binary_search_by_key(&competency, |r| r.competency)
            .ok()
            .map(|i| &requirements[i])
    }

    /// The holders needing a competency (sorted ids), essential or optional.
    pub fn postings(&self, competency: CompetencyId) -> &[u32] {
        self.postings_all.row(competency.index())
    }

    /// The holders needing a competency as essential (sorted ids).
    pub fn essential_postings(&self, competency: CompetencyId) -> &[u32] {
        self.postings_essential.row(competency.index())
    }

    /// Number of holders.
    pub fn holder_count(&self) -> usize {
        self.holders.len()
    }

    /// Number of competencies.
    pub fn competency_count(&self) -> usize {
        self.competencies.len()
    }

    /// Number of (holder, competency) requirements after deduplication.
    pub fn requirement_count(&self) -> usize {
        self.requirements.len()
    }

    /// What the build read and skipped.
    pub fn stats(&self) -> &BuildStats {
        &self.stats
    }

    /// The holder with this IRI.
    pub fn holder_by_iri(&self, iri: &str) -> Option<HolderId> {
        self.holder_ids.get(iri).copied()
    }

    /// The competency with this IRI.
    pub fn competency_by_iri(&self, iri: &str) -> Option<CompetencyId> {
        self.competency_ids.get(iri).copied()
    }

    /// Holders whose label is `label` as a name ([`crate::text::name_key`]: ignoring case, spacing
    /// and `and` written as `&`); several holders may share a label.
    pub fn holders_by_label(&self, label: &str) -> Vec<HolderId> {
        let wanted = name_key(label);
        (0..self.holders.len() as u32)
            .map(HolderId)
            .filter(|&h| {
                self.holders[h.index()]
                    .label
                    .as_deref()
                    .is_some_and(|l| name_key(l) == wanted)
            })
            .collect()
    }

    /// Competencies whose label is `label` as a name ([`crate::text::name_key`]).
    pub fn competencies_by_label(&self, label: &str) -> Vec<CompetencyId> {
        let wanted = name_key(label);
        (0..self.competencies.len() as u32)
            .map(CompetencyId)
            .filter(|&c| {
                self.competencies[c.index()]
                    .label
                    .as_deref()
                    .is_some_and(|l| name_key(l) == wanted)
            })
            .collect()
    }

    /// What `name` stands for in a role analysis. The one rule, tried in this order:
    ///
    /// 1. an IRI: a holder (role level, or role without levels), or a role with levels;
    /// 2. a code (`skos:notation`) of a holder or of a role with levels, as a name
    ///    ([`crate::text::name_key`]: ignoring case, spacing and `and` written as `&`);
    /// 3. a name (`skos:prefLabel`, compared the same way). A role with
    ///    levels wins over its own levels of the same name ("Data analyst" the role, not its level
    ///    "Data analyst"): pass the level's IRI or code for the level.
    ///
    /// A holder stands for itself; a role with levels stands for every one of its levels, by
    /// rank. A name several unrelated items share gives [`AnalysisError::AmbiguousHolder`]
    /// listing them; an unknown name gives [`AnalysisError::UnknownHolder`] with close matches
    /// among every role and role level of every framework.
    pub fn resolve_role(&self, name: &str) -> Result<RoleQuery, AnalysisError> {
        let trimmed = name.trim();
        if let Some(id) = self.holder_by_iri(trimmed) {
            return Ok(RoleQuery {
                holders: vec![id],
                role: None,
            });
        }
        if let Some(&role) = self.role_ids.get(trimmed) {
            return Ok(self.role_query(role));
        }
        let wanted = name_key(trimmed);
        if wanted.is_empty() {
            return Err(AnalysisError::UnknownHolder {
                name: name.to_owned(),
                suggestions: Vec::new(),
                note: None,
            });
        }
        let same = |text: Option<&str>| text.is_some_and(|t| name_key(t) == wanted);
        for by_code in [true, false] {
            let holders: Vec<HolderId> = (0..self.holders.len() as u32)
                .map(HolderId)
                .filter(|&h| {
                    let holder = &self.holders[h.index()];
                    same(if by_code {
                        holder.code.as_deref()
                    } else {
                        holder.label.as_deref()
                    })
                })
                .collect();
            let roles: Vec<usize> = (0..self.roles.len())
                .filter(|&r| {
                    same(if by_code {
                        self.roles[r].code.as_deref()
                    } else {
                        self.roles[r].label.as_deref()
                    })
                })
                .collect();
            // A role is named, not its level of the same name.
            let holders: Vec<HolderId> = holders
                .into_iter()
                .filter(|&h| {
                    let role = self.holders[h.index()].role.as_ref();
                    !roles
                        .iter()
                        .any(|&r| role.is_some_and(|role| *role == self.roles[r].iri))
                })
                .collect();
            match (holders.as_slice(), roles.as_slice()) {
                ([], []) => continue,
                ([one], []) => {
                    return Ok(RoleQuery {
                        holders: vec![*one],
                        role: None,
                    })
                }
                ([], [one]) => return Ok(self.role_query(*one)),
                _ => {
                    let mut candidates: Vec<Suggestion> = roles
                        .iter()
                        .map(|&r| Suggestion::of(self.roles[r].label.as_deref(), self.roles[r].iri.as_str()))
                        .collect();
                    candidates.extend(holders.iter().map(|&h| {
                        Suggestion::of(self.holder(h).label.as_deref(), self.holder(h).iri.as_str())
                    }));
                    return Err(AnalysisError::AmbiguousHolder {
                        name: name.to_owned(),
                        candidates,
                    });
                }
            }
        }
        let candidates = self
            .holders
            .iter()
            .map(|h| (h.label.as_deref(), h.iri.as_str()))
            .chain(self.roles.iter().map(|r| (r.label.as_deref(), r.iri.as_str())));
        Err(AnalysisError::UnknownHolder {
            name: name.to_owned(),
            suggestions: lookup::suggest(name, candidates),
            note: None,
        })
    }

    fn role_query(&self, role: usize) -> RoleQuery {
        RoleQuery {
            holders: self.roles[role].levels.clone(),
            role: Some(role),
        }
    }

    /// The one holder named by `name`, by the rule of [`RequirementIndex::resolve_role`]. A role
    /// with several levels gives [`AnalysisError::AmbiguousHolder`] listing its levels to choose
    /// from (a role with one level is that level).
    pub fn resolve_holder(&self, name: &str) -> Result<HolderId, AnalysisError> {
        let query = self.resolve_role(name)?;
        match query.holders.as_slice() {
            [one] => Ok(*one),
            levels => Err(AnalysisError::AmbiguousHolder {
                name: name.to_owned(),
                candidates: levels
                    .iter()
                    .map(|&h| Suggestion::of(self.holder(h).label.as_deref(), self.holder(h).iri.as_str()))
                    .collect(),
            }),
        }
    }

    /// The roles with levels, in IRI order.
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// The frameworks whose holders carry at least one requirement, by name (code, else label),
    /// sorted.
    pub fn frameworks_with_requirements(&self) -> Vec<String> {
        let mut names: Vec<String> = (0..self.holders.len())
            .filter(|&h| !self.requirements(HolderId(h as u32)).is_empty())
            .flat_map(|h| self.holders[h].frameworks.iter())
            .map(|f| self.framework_name(f.as_str()).to_owned())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// A framework's code (else label, else the IRI itself), for frameworks of holders and roles.
    pub fn framework_name<'a>(&'a self, iri: &'a str) -> &'a str {
        self.framework_names.get(iri).map_or(iri, String::as_str)
    }

    /// The competency named by `name` (IRI or label, [`crate::text::name_key`]), like
    /// [`RequirementIndex::resolve_holder`].
    pub fn resolve_competency(&self, name: &str) -> Result<CompetencyId, AnalysisError> {
        if let Some(id) = self.competency_by_iri(name.trim()) {
            return Ok(id);
        }
        let found = self.competencies_by_label(name);
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(AnalysisError::UnknownCompetency {
                name: name.to_owned(),
                suggestions: lookup::suggest(
                    name,
                    self.competencies
                        .iter()
                        .map(|c| (c.label.as_deref(), c.iri.as_str())),
                ),
            }),
            many => Err(AnalysisError::AmbiguousCompetency {
                name: name.to_owned(),
                candidates: many
                    .iter()
                    .map(|&c| {
                        Suggestion::of(
                            self.competency(c).label.as_deref(),
                            self.competency(c).iri.as_str(),
                        )
                    })
                    .collect(),
            }),
        }
    }

    /// A display name: the label, else the IRI.
    pub fn holder_name(&self, id: HolderId) -> &str {
        let holder = self.holder(id);
        holder.label.as_deref().unwrap_or(holder.iri.as_str())
    }

    /// A display name: the label, else the IRI.
    pub fn competency_name(&self, id: CompetencyId) -> &str {
        let competency = self.competency(id);
        competency.label.as_deref().unwrap_or(competency.iri.as_str())
    }
}

/// A store's [`RequirementIndex`], kept between analyses and rebuilt when the store has changed
/// (a [`crate::Graph`] holds one; see [`crate::Graph::requirement_index`]).
#[derive(Debug, Default)]
pub struct IndexCache {
    cached: std::sync::Mutex<Option<(u64, std::sync::Arc<RequirementIndex>)>>,
}

impl IndexCache {
    /// The index built from `store` at `generation` (a number that changes whenever the store
    /// does): the cached one when it was built at that generation, else a new one, which is kept.
    /// Concurrent callers wait for one build rather than each building their own.
    pub fn get(
        &self,
        store: &Store,
        generation: u64,
    ) -> Result<std::sync::Arc<RequirementIndex>, AnalysisError> {
        // A panic while building left the slot as it was before (the assignment comes last), so a
        // poisoned lock still guards a consistent value.
        let mut cached = self
            .cached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((built_at, index)) = cached.as_ref() {
            if *built_at == generation {
                return Ok(std::sync::Arc::clone(index));
            }
        }
        let index = std::sync::Arc::new(RequirementIndex::build(store)?);
        *cached = Some((generation, std::sync::Arc::clone(&index)));
        Ok(index)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testdata::{self, ESCO_STYLE, ID, OUR_MODEL};
    use super::*;
    use rstest::rstest;

    fn iri(path: &str) -> String {
        format!("{ID}{path}")
    }

    #[rstest]
    #[case::our_model(OUR_MODEL)]
    #[case::esco_style(ESCO_STYLE)]
    #[case::generated(&testdata::esco_like(60, 20, 3).ntriples)]
    fn requirements_match_a_sparql_oracle(#[case] text: &str) {
        let store = testdata::store_of(text);
        let index = RequirementIndex::build(&store).unwrap();
        let oracle = testdata::requirement_oracle(&store);
        for (holder, needs) in &oracle {
            let id = index.holder_by_iri(holder).unwrap();
            let got: testdata::Needs = index
                .requirements(id)
                .iter()
                .map(|r| {
                    (
                        index.competency(r.competency).iri.as_str().to_owned(),
                        (r.essential, r.normalised),
                    )
                })
                .collect();
            assert_eq!(&got, needs, "{holder}");
        }
        // Holders the oracle does not know have no requirements.
        for (h, holder) in index.holders().iter().enumerate() {
            if !oracle.contains_key(holder.iri.as_str()) {
                assert!(index.requirements(HolderId(h as u32)).is_empty());
            }
        }
        // Postings are the transpose of the requirement lists, sorted.
        for c in 0..index.competency_count() as u32 {
            let c = CompetencyId(c);
            let expected: Vec<u32> = (0..index.holder_count() as u32)
                .filter(|&h| index.requirement(HolderId(h), c).is_some())
                .collect();
            assert_eq!(index.postings(c), expected.as_slice());
            let essential: Vec<u32> = expected
                .iter()
                .copied()
                .filter(|&h| index.requirement(HolderId(h), c).is_some_and(|r| r.essential))
                .collect();
            assert_eq!(index.essential_postings(c), essential.as_slice());
        }
        // Ids follow IRI order.
        assert!(index
            .holders()
            .windows(2)
            .all(|w| w[0].iri.as_str() < w[1].iri.as_str()));
        assert!(index
            .competencies()
            .windows(2)
            .all(|w| w[0].iri.as_str() < w[1].iri.as_str()));
    }

    #[test]
    fn our_model_holders_sources_levels_and_metadata() {
        let store = testdata::store_of(OUR_MODEL);
        let index = RequirementIndex::build(&store).unwrap();
        let holders: Vec<&str> = index.holders().iter().map(|h| h.iri.as_str()).collect();
        let expected: Vec<String> = [
            "t/role/analyst/level/analyst",
            "t/role/analyst/level/associate",
            "t/role/analyst/level/principal",
            "t/role/analyst/level/senior",
            "t/role/architect/level/lead",
            "t/role/cdo",
            "t/role/engineer/level/lead",
        ]
        .iter()
        .map(|p| iri(p))
        .collect();
        assert_eq!(holders, expected);
        assert_eq!(
            index.stats(),
            &BuildStats {
                requirement_nodes: 11,
                requirement_nodes_without_holder: 1,
                shortcut_triples: 10,
                esco_triples: 0,
                duplicates_merged: 7,
                skipped_non_iri: 0,
                holders_without_requirements: 1,
            }
        );
        // The unused competency is only in the orphan requirement, so no holder needs it.
        assert!(index.competency_by_iri(&iri("t/skill/unused")).is_none());
        assert_eq!(index.competency_count(), 4);

        let senior = index.holder_by_iri(&iri("t/role/analyst/level/senior")).unwrap();
        let viz = index.competency_by_iri(&iri("t/skill/viz")).unwrap();
        let requirement = index.requirement(senior, viz).unwrap();
        // Two nodes (working, expert) merge at the highest level.
        let level = index.level(requirement.level.unwrap());
        assert_eq!(level.iri.as_str(), iri("scale/t/expert"));
        assert_eq!(level.label.as_deref(), Some("Expert"));
        assert_eq!(requirement.normalised, Some(1.0));
        assert_eq!(requirement.source, RequirementSource::Node);

        let analyst = index.holder_by_iri(&iri("t/role/analyst/level/analyst")).unwrap();
        let modelling = index.competency_by_iri(&iri("t/skill/modelling")).unwrap();
        let bare = index.requirement(analyst, modelling).unwrap();
        assert_eq!(
            (bare.source, bare.essential, bare.level),
            (RequirementSource::Shortcut, true, None)
        );

        let holder = index.holder(analyst);
        assert_eq!(holder.label.as_deref(), Some("Data analyst"));
        assert_eq!(
            holder.role.as_ref().map(NamedNode::as_str),
            Some(iri("t/role/analyst").as_str())
        );
        assert_eq!(holder.role_label.as_deref(), Some("Data analyst"));
        assert_eq!(holder.rank, Some(2));
        // No skos:inScheme of its own: inherits its role's framework.
        assert_eq!(
            holder
                .frameworks
                .iter()
                .map(NamedNode::as_str)
                .collect::<Vec<_>>(),
            [iri("framework/t")]
        );
        let competency = index.competency(viz);
        assert_eq!(
            competency.label.as_deref(),
            Some("Data visualisation"),
            "English label preferred"
        );
        assert_eq!(competency.frameworks.len(), 1);
        let cdo = index.holder_by_iri(&iri("t/role/cdo")).unwrap();
        assert_eq!(
            (index.holder(cdo).role.as_ref(), index.holder(cdo).rank),
            (None, None)
        );
        let principal = index
            .holder_by_iri(&iri("t/role/analyst/level/principal"))
            .unwrap();
        assert!(
            index.requirements(principal).is_empty(),
            "a typed role level with no requirements"
        );
    }

    #[test]
    fn esco_style_essential_beats_optional_and_occupations_without_skills_are_holders() {
        let store = testdata::store_of(ESCO_STYLE);
        let index = RequirementIndex::build(&store).unwrap();
        assert_eq!(index.holder_count(), 4);
        assert_eq!(index.competency_count(), 6, "skill 7 is needed by nobody");
        assert_eq!(index.stats().duplicates_merged, 1);
        assert_eq!(index.stats().esco_triples, 12);
        let clerk = index.resolve_holder("records clerk").unwrap();
        assert!(index
            .requirements(clerk)
            .iter()
            .all(|r| r.essential && r.source == RequirementSource::Esco));
        let porter = index.resolve_holder("Porter").unwrap();
        assert!(index.requirements(porter).is_empty());
        let payroll = index
            .resolve_holder("http://example.org/bench/occupation/1")
            .unwrap();
        assert_eq!(index.holder(payroll).label.as_deref(), Some("Payroll officer"));
    }

    #[test]
    fn empty_graph_gives_an_empty_index() {
        let store = testdata::store_of("");
        let index = RequirementIndex::build(&store).unwrap();
        assert_eq!(
            (
                index.holder_count(),
                index.competency_count(),
                index.requirement_count()
            ),
            (0, 0, 0)
        );
        assert_eq!(index.stats(), &BuildStats::default());
        match index.resolve_holder("Data analyst") {
            Err(AnalysisError::UnknownHolder { suggestions, .. }) => {
                assert!(suggestions.is_empty())
            }
            other => panic!("{other:?}"),
        }
        assert!(index.requirements(HolderId(0)).is_empty());
        assert!(index.postings(CompetencyId(0)).is_empty());
    }

    #[test]
    fn lookup_by_iri_and_label_with_suggestions() {
        let store = testdata::store_of(OUR_MODEL);
        let index = RequirementIndex::build(&store).unwrap();
        let senior = index.resolve_holder(&iri("t/role/analyst/level/senior")).unwrap();
        assert_eq!(index.resolve_holder("  senior DATA analyst ").unwrap(), senior);
        assert_eq!(index.holders_by_label("SENIOR data analyst"), vec![senior]);
        match index.resolve_holder("Lead") {
            Err(AnalysisError::AmbiguousHolder { candidates, .. }) => {
                let iris: Vec<&str> = candidates.iter().map(|c| c.iri.as_str()).collect();
                assert_eq!(
                    iris,
                    [
                        iri("t/role/architect/level/lead"),
                        iri("t/role/engineer/level/lead")
                    ]
                );
            }
            other => panic!("{other:?}"),
        }
        let error = index.resolve_holder("Senior data analist").unwrap_err();
        let message = error.to_string();
        match error {
            AnalysisError::UnknownHolder { suggestions, .. } => {
                assert_eq!(suggestions[0].iri, iri("t/role/analyst/level/senior"));
            }
            other => panic!("{other:?}"),
        }
        assert!(message.contains("Senior data analyst"), "{message}");
        match index.resolve_competency("data modeling") {
            Err(AnalysisError::UnknownCompetency { suggestions, .. }) => {
                assert_eq!(suggestions[0].label.as_deref(), Some("Data modelling"));
            }
            other => panic!("{other:?}"),
        }
        let ethics = index.resolve_competency("data ETHICS").unwrap();
        assert_eq!(index.competency(ethics).iri.as_str(), iri("t/skill/ethics"));
        assert!(matches!(
            index.check_holder(HolderId(99)),
            Err(AnalysisError::InvalidHolderId(99))
        ));
    }
}
