//! Coverage: which bodies (directly or through their offers) cover which competencies, roles and
//! specialist areas, whether they cover an item itself or a broader node it sits under, and what
//! has no coverage recorded at all.
//!
//! Each listed item gets a [`CoverageStatus`]:
//! - `direct`: a body (or one of its offers) covers the item itself;
//! - `via_broader`: no body covers the item itself, but one covers a broader node it sits under: a
//!   framework or scheme it is in (`skos:inScheme`, `skos:topConceptOf`), an ancestor
//!   (`skos:broader`, transitively) or the role a role level is a level of (`wg:isLevelOf`);
//! - `uncovered`: no body covers it or anything above it, although the graph records coverage of
//!   other items of its framework, so the absence is a finding;
//! - `not_recorded`: no body covers it or anything above it, and the graph records no coverage of
//!   anything in its framework (nor of the framework itself): the graph cannot say whether a body
//!   covers it. Items in no framework form one group of their own.

use super::index::{CompetencyId, RequirementIndex};
use super::{vocab, AnalysisError};
use crate::table::{Field, Row, Table};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Term};
use oxigraph::store::Store;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// How an item is covered; see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverageStatus {
    /// A body covers the item itself.
    Direct,
    /// A body covers a broader node the item sits under, not the item itself.
    ViaBroader,
    /// Nobody covers it, while coverage is recorded for other items of its framework.
    Uncovered,
    /// Nobody covers it, and nothing in its framework has coverage recorded.
    NotRecorded,
}

impl CoverageStatus {
    /// The snake_case name (`"direct"`, `"via_broader"`, `"uncovered"`, `"not_recorded"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::ViaBroader => "via_broader",
            Self::Uncovered => "uncovered",
            Self::NotRecorded => "not_recorded",
        }
    }
}

impl ItemKind {
    /// The snake_case name (`"specialist_area"`, `"role"`, `"role_level"`, `"framework"`,
    /// `"competency"`, `"other"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::SpecialistArea => "specialist_area",
            Self::Role => "role",
            Self::RoleLevel => "role_level",
            Self::Framework => "framework",
            Self::Competency => "competency",
            Self::Other => "other",
        }
    }
}

/// What kind of thing a coverage item is, from its `rdf:type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum ItemKind {
    /// `wg:SpecialistArea`.
    SpecialistArea,
    /// `wg:Role` or `esco:Occupation`.
    Role,
    /// `wg:RoleLevel`.
    RoleLevel,
    /// `wg:Framework` or `skos:ConceptScheme`.
    Framework,
    /// A competency no holder needs (`wg:Competency`, `wg:CompetencyArea`, `esco:Skill`).
    Competency,
    /// Anything else that is covered (for example a seniority level).
    #[default]
    Other,
}

/// Serialised as its name ([`ItemKind::as_str`]).
impl Serialize for ItemKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Something that covers: an offer (resolved to the body making it) or a body itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverer {
    /// The subject of the coverage triple.
    pub node: NamedOrBlankNode,
    /// Its label.
    pub label: Option<String>,
    /// The body: the offer's `wg:offeredBy`, or `node` itself when it is not an offer.
    pub body: NamedOrBlankNode,
    /// The body's label.
    pub body_label: Option<String>,
    /// The body's code: its `skos:notation`, else its `wg:abbreviation`.
    pub body_code: Option<String>,
    /// Whether `node` is an offer of `body` (so the coverage comes through the offer).
    pub via_offer: bool,
}

/// One coverage triple, as indexes into [`Coverage::coverers`] and [`Coverage::predicates`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CoverLink {
    /// Index in [`Coverage::coverers`].
    pub coverer: usize,
    /// Index in [`Coverage::predicates`].
    pub predicate: usize,
}

/// A competency with how many holders need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GapCompetency {
    /// The competency.
    pub competency: CompetencyId,
    /// Holders needing it as essential.
    pub essential_holders: usize,
    /// Holders needing it, essential or optional.
    pub all_holders: usize,
    /// How it is covered.
    pub status: CoverageStatus,
}

/// A covered node that listed items sit under (a framework, an area, a role...), through which
/// those items are covered.
#[derive(Debug, Clone, PartialEq)]
pub struct BroaderNode {
    /// The node.
    pub node: NamedOrBlankNode,
    /// Its label.
    pub label: Option<String>,
    /// The coverage triples pointing at it.
    pub links: Vec<CoverLink>,
}

/// A framework (or scheme) items are placed in, with its label and code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SchemeInfo {
    /// Its `skos:prefLabel`.
    pub label: Option<String>,
    /// Its `skos:notation`.
    pub code: Option<String>,
}

/// A role, role level, specialist area or other covered item that is not a required competency.
#[derive(Debug, Clone, PartialEq)]
pub struct CoveredItem {
    /// The item.
    pub node: NamedOrBlankNode,
    /// Its label.
    pub label: Option<String>,
    /// Its kind.
    pub kind: ItemKind,
    /// The coverage triples pointing at it (empty: nobody covers it directly).
    pub links: Vec<CoverLink>,
    /// Indexes in [`Coverage::broader`] of the covered nodes it sits under.
    pub via: Vec<usize>,
    /// The frameworks (schemes) it is in; a framework is its own.
    pub frameworks: Vec<NamedNode>,
    /// How many distinct bodies cover it, directly or through a broader node
    /// (`direct_bodies + via_bodies`).
    pub bodies: usize,
    /// Distinct bodies covering it directly.
    pub direct_bodies: usize,
    /// Distinct bodies covering it only through a broader node.
    pub via_bodies: usize,
    /// How it is covered.
    pub status: CoverageStatus,
}

/// Who covers what, from one store state and the index built from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    /// The coverage predicates used.
    pub predicates: Vec<NamedNode>,
    /// Every coverer seen; an offer made jointly by several bodies appears once per body.
    pub coverers: Vec<Coverer>,
    /// Per competency of the index (by [`CompetencyId`]), the coverage triples pointing at it.
    pub competencies: Vec<Vec<CoverLink>>,
    /// Per competency of the index, the indexes in [`Coverage::broader`] of the covered nodes it
    /// sits under.
    pub competency_via: Vec<Vec<usize>>,
    /// Per competency of the index, how it is covered.
    pub competency_status: Vec<CoverageStatus>,
    /// Covered nodes that listed items or competencies sit under.
    pub broader: Vec<BroaderNode>,
    /// Frameworks (schemes) of the listed items, with their labels and codes.
    pub schemes: HashMap<NamedNode, SchemeInfo>,
    /// Frameworks with coverage recorded for the framework itself or for something in it.
    pub recorded: HashSet<NamedNode>,
    /// Competencies no body covers, directly or through a broader node, most needed first
    /// (essential holders, then all holders, then id); their status says `uncovered` or
    /// `not_recorded`.
    pub gaps: Vec<GapCompetency>,
    /// Competencies covered by exactly one body (directly or through a broader node), ordered like
    /// `gaps`.
    pub single_body: Vec<GapCompetency>,
    /// Competencies covered by two or more bodies, ordered like `gaps`: what
    /// [`coverage_gaps`] lists when asked for items with up to two or more bodies.
    pub multi_body: Vec<GapCompetency>,
    /// Covered objects that are not competencies of the index, plus every subject typed
    /// `wg:SpecialistArea`, `wg:Role`, `esco:Occupation`, `wg:RoleLevel` or `wg:Framework`,
    /// covered or not; sorted by kind, then label and IRI.
    pub items: Vec<CoveredItem>,
}

impl Coverage {
    /// The distinct bodies covering a competency, in coverer order.
    pub fn bodies_of(&self, competency: CompetencyId) -> Vec<&NamedOrBlankNode> {
        self.competencies
            .get(competency.index())
            .map_or_else(Vec::new, |links| self.distinct_bodies(links))
    }

    /// The distinct bodies covering a competency only through broader nodes, in coverer order.
    pub fn via_bodies_of(&self, competency: CompetencyId) -> Vec<&NamedOrBlankNode> {
        let direct = self.bodies_of(competency);
        let via = self
            .competency_via
            .get(competency.index())
            .map_or(&[][..], Vec::as_slice);
        self.bodies_through(via)
            .into_iter()
            .filter(|b| !direct.contains(b))
            .collect()
    }

    /// The distinct bodies covering the broader nodes `via` (indexes in [`Coverage::broader`]).
    pub fn bodies_through(&self, via: &[usize]) -> Vec<&NamedOrBlankNode> {
        let mut bodies: Vec<&NamedOrBlankNode> = Vec::new();
        for &v in via {
            for body in self.distinct_bodies(&self.broader[v].links) {
                if !bodies.contains(&body) {
                    bodies.push(body);
                }
            }
        }
        bodies
    }

    /// Items no body covers, directly or through a broader node.
    pub fn item_gaps(&self) -> impl Iterator<Item = &CoveredItem> {
        self.items.iter().filter(|item| item.bodies == 0)
    }

    /// Items exactly one body covers.
    pub fn single_body_items(&self) -> impl Iterator<Item = &CoveredItem> {
        self.items.iter().filter(|item| item.bodies == 1)
    }

    /// The distinct bodies of some coverage triples, in coverer order.
    pub fn distinct_bodies(&self, links: &[CoverLink]) -> Vec<&NamedOrBlankNode> {
        let mut bodies: Vec<&NamedOrBlankNode> = Vec::with_capacity(links.len());
        for link in links {
            let body = &self.coverers[link.coverer].body;
            if !bodies.contains(&body) {
                bodies.push(body);
            }
        }
        bodies
    }
}

/// Types that decide an item's kind, most specific first.
pub(super) const KINDS: &[(&str, ItemKind)] = &[
    (vocab::SPECIALIST_AREA, ItemKind::SpecialistArea),
    (vocab::ROLE_LEVEL, ItemKind::RoleLevel),
    (vocab::ROLE, ItemKind::Role),
    (vocab::ESCO_OCCUPATION, ItemKind::Role),
    (vocab::FRAMEWORK, ItemKind::Framework),
    (crate::vocab::skos::CONCEPT_SCHEME.as_str(), ItemKind::Framework),
    (crate::vocab::wg::COMPETENCY.as_str(), ItemKind::Competency),
    (crate::vocab::wg::COMPETENCY_AREA.as_str(), ItemKind::Competency),
    (crate::vocab::esco::SKILL.as_str(), ItemKind::Competency),
];

/// Classes whose every instance is listed as an item, covered or not.
const LISTED: &[&str] = &[
    vocab::SPECIALIST_AREA,
    vocab::ROLE_LEVEL,
    vocab::ROLE,
    vocab::ESCO_OCCUPATION,
    vocab::FRAMEWORK,
];

fn kind_rank(kind: ItemKind) -> usize {
    KINDS.iter().position(|(_, k)| *k == kind).unwrap_or(KINDS.len())
}

/// What one node's own triples say: label, kind, schemes and code.
#[derive(Default)]
struct Described {
    label: Option<String>,
    kind: ItemKind,
    schemes: Vec<NamedNode>,
    code: Option<String>,
}

const TOP_CONCEPT_OF: &str = crate::vocab::skos::TOP_CONCEPT_OF.as_str();
const NOTATION: &str = crate::vocab::skos::NOTATION.as_str();
const BROADER: &str = crate::vocab::skos::BROADER.as_str();
const ABBREVIATION: &str = crate::vocab::wg::ABBREVIATION.as_str();

/// Label, kind, schemes and code of one node, from its own triples (one subject lookup).
fn describe(store: &Store, node: NamedOrBlankNodeRef<'_>) -> Result<Described, AnalysisError> {
    let mut label: Option<(u8, String)> = None;
    let mut kind = ItemKind::Other;
    let mut schemes = Vec::new();
    let mut code: Option<String> = None;
    let mut abbreviation: Option<String> = None;
    for quad in store.quads_for_pattern(Some(node), None, None, Some(GraphNameRef::DefaultGraph)) {
        let quad = quad?;
        match (quad.predicate.as_str(), &quad.object) {
            (vocab::IN_SCHEME | TOP_CONCEPT_OF, Term::NamedNode(scheme)) if !schemes.contains(scheme) => {
                schemes.push(scheme.clone());
            }
            (NOTATION, Term::Literal(literal)) if code.as_deref().is_none_or(|c| literal.value() < c) => {
                code = Some(literal.value().to_owned());
            }
            (ABBREVIATION, Term::Literal(literal))
                if abbreviation.as_deref().is_none_or(|c| literal.value() < c) =>
            {
                abbreviation = Some(literal.value().to_owned());
            }
            (vocab::RDF_TYPE, Term::NamedNode(class)) => {
                if let Some((_, k)) = KINDS.iter().find(|(iri, _)| *iri == class.as_str()) {
                    if kind_rank(*k) < kind_rank(kind) {
                        kind = *k;
                    }
                }
            }
            (vocab::PREF_LABEL, Term::Literal(literal)) => {
                let rank = crate::rules::label_rank(literal.language());
                if crate::rules::better_label(
                    rank,
                    literal.value(),
                    label.as_ref().map(|(r, l)| (*r, l.as_str())),
                ) {
                    label = Some((rank, literal.value().to_owned()));
                }
            }
            _ => {}
        }
    }
    schemes.sort_unstable();
    Ok(Described {
        label: label.map(|(_, l)| l),
        kind,
        schemes,
        code: code.or(abbreviation),
    })
}

/// Which coverers point to each competency of `index` (and to roles, role levels, specialist areas
/// and other items) through the `coverage_predicates` (`wg:covers` when empty), in the default
/// graph of `store`. A coverer with `wg:offeredBy` is an offer and is resolved to its body, keeping
/// both so each answer can be traced to the triple behind it. Coverage is direct: covering a
/// framework or a broader item does not count as covering the competencies under it.
///
/// `index` must have been built from the same store state.
pub fn coverage(
    store: &Store,
    index: &RequirementIndex,
    coverage_predicates: &[NamedNode],
) -> Result<Coverage, AnalysisError> {
    let predicates: Vec<NamedNode> = if coverage_predicates.is_empty() {
        vec![NamedNode::new_unchecked(vocab::COVERS)]
    } else {
        let mut predicates = coverage_predicates.to_vec();
        predicates.dedup();
        predicates
    };
    let default_graph = Some(GraphNameRef::DefaultGraph);

    let mut offered_by: HashMap<NamedOrBlankNode, Vec<NamedOrBlankNode>> = HashMap::new();
    for quad in store.quads_for_pattern(
        None,
        Some(NamedNodeRef::new_unchecked(vocab::OFFERED_BY)),
        None,
        default_graph,
    ) {
        let quad = quad?;
        let body = match quad.object {
            Term::NamedNode(n) => NamedOrBlankNode::from(n),
            Term::BlankNode(b) => NamedOrBlankNode::from(b),
            _ => continue,
        };
        offered_by.entry(quad.subject).or_default().push(body);
    }
    for bodies in offered_by.values_mut() {
        bodies.sort_unstable_by_key(ToString::to_string);
        bodies.dedup();
    }

    // Coverage triples: subjects become coverers (one per body), objects competencies or items.
    let mut coverer_ids: HashMap<NamedOrBlankNode, Vec<usize>> = HashMap::new();
    let mut coverers: Vec<Coverer> = Vec::new();
    let mut competency_links: Vec<Vec<CoverLink>> = vec![Vec::new(); index.competency_count()];
    let mut item_ids: HashMap<NamedOrBlankNode, usize> = HashMap::new();
    let mut items: Vec<CoveredItem> = Vec::new();
    for (p, predicate) in predicates.iter().enumerate() {
        for quad in store.quads_for_pattern(None, Some(predicate.as_ref()), None, default_graph) {
            let quad = quad?;
            let ids = match coverer_ids.get(&quad.subject) {
                Some(ids) => ids.clone(),
                None => {
                    let ids: Vec<usize> = match offered_by.get(&quad.subject) {
                        Some(bodies) => bodies
                            .iter()
                            .map(|body| (quad.subject.clone(), body.clone(), true))
                            .collect::<Vec<_>>(),
                        None => vec![(quad.subject.clone(), quad.subject.clone(), false)],
                    }
                    .into_iter()
                    .map(|(node, body, via_offer)| {
                        coverers.push(Coverer {
                            node,
                            label: None,
                            body,
                            body_label: None,
                            body_code: None,
                            via_offer,
                        });
                        coverers.len() - 1
                    })
                    .collect();
                    coverer_ids.insert(quad.subject.clone(), ids.clone());
                    ids
                }
            };
            let target = match quad.object {
                Term::NamedNode(n) => {
                    if let Some(c) = index.competency_by_iri(n.as_str()) {
                        competency_links[c.index()].extend(ids.iter().map(|&coverer| CoverLink {
                            coverer,
                            predicate: p,
                        }));
                        continue;
                    }
                    NamedOrBlankNode::from(n)
                }
                Term::BlankNode(b) => NamedOrBlankNode::from(b),
                _ => continue,
            };
            let item = *item_ids.entry(target.clone()).or_insert_with(|| {
                items.push(CoveredItem {
                    node: target,
                    ..CoveredItem::empty()
                });
                items.len() - 1
            });
            items[item].links.extend(ids.iter().map(|&coverer| CoverLink {
                coverer,
                predicate: p,
            }));
        }
    }

    // Labels of coverers and bodies, and label, kind and schemes of covered items: one subject
    // lookup each.
    let mut labels: HashMap<NamedOrBlankNode, (Option<String>, Option<String>)> = HashMap::new();
    for coverer in &mut coverers {
        for node in [&coverer.node, &coverer.body] {
            if !labels.contains_key(node) {
                let described = describe(store, node.as_ref())?;
                labels.insert(node.clone(), (described.label, described.code));
            }
        }
        coverer.label.clone_from(&labels[&coverer.node].0);
        (coverer.body_label, coverer.body_code) = labels[&coverer.body].clone();
    }
    for item in &mut items {
        let described = describe(store, item.node.as_ref())?;
        item.label = described.label;
        item.kind = described.kind;
        item.frameworks = described.schemes;
    }

    // Uncovered typed items: roles, role levels, specialist areas and frameworks.
    let rdf_type = NamedNodeRef::new_unchecked(vocab::RDF_TYPE);
    for class in LISTED {
        let kind = KINDS
            .iter()
            .find(|(iri, _)| iri == class)
            .map_or(ItemKind::Other, |(_, k)| *k);
        let class = NamedNodeRef::new_unchecked(class);
        for quad in store.quads_for_pattern(None, Some(rdf_type), Some(class.into()), default_graph) {
            let node = quad?.subject;
            if let Some(&id) = item_ids.get(&node) {
                // Covered and already described; keep the most specific kind.
                if kind_rank(kind) < kind_rank(items[id].kind) {
                    items[id].kind = kind;
                }
                continue;
            }
            // Holders' labels and frameworks are in the index already, which saves a lookup per role.
            let (label, frameworks) = match &node {
                NamedOrBlankNode::NamedNode(n) => match index.holder_by_iri(n.as_str()) {
                    Some(h) => (index.holder(h).label.clone(), index.holder(h).frameworks.clone()),
                    None => {
                        let described = describe(store, node.as_ref())?;
                        (described.label, described.schemes)
                    }
                },
                NamedOrBlankNode::BlankNode(_) => {
                    let described = describe(store, node.as_ref())?;
                    (described.label, described.schemes)
                }
            };
            item_ids.insert(node.clone(), items.len());
            items.push(CoveredItem {
                node,
                label,
                kind,
                frameworks,
                ..CoveredItem::empty()
            });
        }
    }
    // A framework's own framework is itself.
    for item in &mut items {
        if item.kind == ItemKind::Framework {
            if let NamedOrBlankNode::NamedNode(n) = &item.node {
                item.frameworks = vec![n.clone()];
            }
        }
    }

    for item in &mut items {
        item.links.sort_unstable();
        item.links.dedup();
    }
    for links in &mut competency_links {
        links.sort_unstable();
        links.dedup();
    }

    // Frameworks with coverage recorded: those of every directly covered item or competency (a
    // covered framework is its own). Items in no framework are the group `None`.
    let mut recorded: HashSet<NamedNode> = HashSet::new();
    let mut recorded_unplaced = false;
    let mut note = |frameworks: &[NamedNode]| {
        if frameworks.is_empty() {
            recorded_unplaced = true;
        }
        recorded.extend(frameworks.iter().cloned());
    };
    for (c, links) in competency_links.iter().enumerate() {
        if !links.is_empty() {
            note(&index.competency(CompetencyId(c as u32)).frameworks);
        }
    }
    for item in items.iter().filter(|i| !i.links.is_empty()) {
        note(&item.frameworks);
    }

    // Broader nodes: everything listed below a covered node (its narrower concepts, transitively;
    // the levels of a covered role; the items of a covered scheme) is covered through it.
    let mut broader: Vec<BroaderNode> = Vec::new();
    let mut competency_via: Vec<Vec<usize>> = vec![Vec::new(); index.competency_count()];
    let roots: Vec<(NamedOrBlankNode, Option<String>, Vec<CoverLink>, bool)> = competency_links
        .iter()
        .enumerate()
        .filter(|(_, links)| !links.is_empty())
        .map(|(c, links)| {
            let competency = index.competency(CompetencyId(c as u32));
            (
                NamedOrBlankNode::from(competency.iri.clone()),
                competency.label.clone(),
                links.clone(),
                false,
            )
        })
        .chain(items.iter().filter(|i| !i.links.is_empty()).map(|i| {
            (
                i.node.clone(),
                i.label.clone(),
                i.links.clone(),
                i.kind == ItemKind::Framework,
            )
        }))
        .collect();
    // Narrower nodes and levels by their parent, from one pass over `skos:broader` and
    // `wg:isLevelOf`: cheaper than looking up the children of each of thousands of covered nodes.
    let mut children: HashMap<NamedOrBlankNode, Vec<NamedOrBlankNode>> = HashMap::new();
    if !roots.is_empty() {
        for predicate in [BROADER, vocab::IS_LEVEL_OF] {
            let predicate = NamedNodeRef::new_unchecked(predicate);
            for quad in store.quads_for_pattern(None, Some(predicate), None, default_graph) {
                let quad = quad?;
                let parent = match quad.object {
                    Term::NamedNode(n) => NamedOrBlankNode::from(n),
                    Term::BlankNode(b) => NamedOrBlankNode::from(b),
                    _ => continue,
                };
                children.entry(parent).or_default().push(quad.subject);
            }
        }
    }
    let in_scheme = [
        NamedNodeRef::new_unchecked(vocab::IN_SCHEME),
        NamedNodeRef::new_unchecked(TOP_CONCEPT_OF),
    ];
    for (node, label, links, is_scheme) in roots {
        let mut reached: Vec<NamedOrBlankNode> = Vec::new();
        if is_scheme {
            for predicate in in_scheme {
                for quad in
                    store.quads_for_pattern(None, Some(predicate), Some(node.as_ref().into()), default_graph)
                {
                    reached.push(quad?.subject);
                }
            }
        }
        if reached.is_empty() && !children.contains_key(&node) {
            continue;
        }
        let mut seen: HashSet<NamedOrBlankNode> = HashSet::from([node.clone()]);
        reached.retain(|child| seen.insert(child.clone()));
        let mut stack: Vec<NamedOrBlankNode> = reached.clone();
        stack.push(node.clone());
        while let Some(current) = stack.pop() {
            for child in children.get(&current).map_or(&[][..], Vec::as_slice) {
                if seen.insert(child.clone()) {
                    stack.push(child.clone());
                    reached.push(child.clone());
                }
            }
        }
        let mut id = None;
        for child in reached {
            let target = match &child {
                NamedOrBlankNode::NamedNode(n) => index
                    .competency_by_iri(n.as_str())
                    .map(|c| &mut competency_via[c.index()]),
                NamedOrBlankNode::BlankNode(_) => None,
            };
            let slot = match target {
                Some(slot) => slot,
                None => match item_ids.get(&child) {
                    Some(&i) => &mut items[i].via,
                    None => continue,
                },
            };
            let b = *id.get_or_insert_with(|| {
                broader.push(BroaderNode {
                    node: node.clone(),
                    label: label.clone(),
                    links: links.clone(),
                });
                broader.len() - 1
            });
            slot.push(b);
        }
    }

    let mut result = Coverage {
        predicates,
        coverers,
        competencies: competency_links,
        competency_via,
        competency_status: Vec::new(),
        broader,
        schemes: HashMap::new(),
        recorded,
        gaps: Vec::new(),
        single_body: Vec::new(),
        multi_body: Vec::new(),
        items,
    };
    let status_of = |direct: usize, via: usize, frameworks: &[NamedNode], recorded: &HashSet<NamedNode>| {
        if direct > 0 {
            CoverageStatus::Direct
        } else if via > 0 {
            CoverageStatus::ViaBroader
        } else if (frameworks.is_empty() && recorded_unplaced)
            || frameworks.iter().any(|f| recorded.contains(f))
        {
            CoverageStatus::Uncovered
        } else {
            CoverageStatus::NotRecorded
        }
    };
    let counts: Vec<(usize, usize)> = result
        .items
        .iter()
        .map(|item| {
            let direct = result.distinct_bodies(&item.links);
            let via = result
                .bodies_through(&item.via)
                .into_iter()
                .filter(|b| !direct.contains(b))
                .count();
            (direct.len(), via)
        })
        .collect();
    for (item, (direct, via)) in result.items.iter_mut().zip(counts) {
        item.via.sort_unstable();
        item.via.dedup();
        item.direct_bodies = direct;
        item.via_bodies = via;
        item.bodies = direct + via;
        item.status = status_of(direct, via, &item.frameworks, &result.recorded);
    }
    // Keys built once per item: building them in the comparison cost more than the rest of the
    // analysis at ESCO scale.
    result.items.sort_by_cached_key(|item| {
        (
            kind_rank(item.kind),
            item.label.as_deref().map(str::to_lowercase),
            item.node.to_string(),
        )
    });

    for via in &mut result.competency_via {
        via.sort_unstable();
        via.dedup();
    }
    let mut gaps = Vec::new();
    let mut single_body = Vec::new();
    let mut multi_body = Vec::new();
    let mut statuses = Vec::with_capacity(result.competencies.len());
    for c in 0..result.competencies.len() {
        let id = CompetencyId(c as u32);
        let direct = result.distinct_bodies(&result.competencies[c]).len();
        let via = if result.competency_via[c].is_empty() {
            0
        } else {
            result.via_bodies_of(id).len()
        };
        let status = status_of(direct, via, &index.competency(id).frameworks, &result.recorded);
        statuses.push(status);
        let entry = GapCompetency {
            competency: id,
            essential_holders: index.essential_postings(id).len(),
            all_holders: index.postings(id).len(),
            status,
        };
        match direct + via {
            0 => gaps.push(entry),
            1 => single_body.push(entry),
            _ => multi_body.push(entry),
        }
    }
    let order = |g: &GapCompetency| {
        (
            std::cmp::Reverse(g.essential_holders),
            std::cmp::Reverse(g.all_holders),
            g.competency,
        )
    };
    gaps.sort_unstable_by_key(order);
    single_body.sort_unstable_by_key(order);
    multi_body.sort_unstable_by_key(order);
    result.competency_status = statuses;
    result.gaps = gaps;
    result.single_body = single_body;
    result.multi_body = multi_body;

    // Labels and codes of the frameworks the listed items are in.
    let mut schemes: HashMap<NamedNode, SchemeInfo> = HashMap::new();
    let placed = result.items.iter().flat_map(|i| i.frameworks.iter()).chain(
        result
            .gaps
            .iter()
            .chain(&result.single_body)
            .chain(&result.multi_body)
            .flat_map(|g| index.competency(g.competency).frameworks.iter()),
    );
    for framework in placed {
        if !schemes.contains_key(framework) {
            let described = describe(store, framework.as_ref().into())?;
            schemes.insert(
                framework.clone(),
                SchemeInfo {
                    label: described.label,
                    code: described.code,
                },
            );
        }
    }
    result.schemes = schemes;
    Ok(result)
}

/// The columns of a [`coverage_matrix`]: specialist areas or frameworks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatrixBy {
    /// Every `wg:SpecialistArea`.
    Area,
    /// Every framework or scheme listed by [`coverage`] (kind framework).
    Framework,
}

/// How one body covers one area or framework in a [`coverage_matrix`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    /// The body (or an offer of it) covers the area or framework itself.
    Direct,
    /// The body covers a broader node the area or framework sits under.
    ViaBroader,
    /// The body covers some items inside the framework, not the framework as a whole.
    Partial,
    /// The graph records no coverage of it, or of anything in it, by this body.
    NotRecorded,
}

impl CellStatus {
    /// The snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::ViaBroader => "via_broader",
            Self::Partial => "partial",
            Self::NotRecorded => "not_recorded",
        }
    }
}

/// One cell of a [`coverage_matrix`]: a body and an area or framework.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixCell {
    /// The body.
    pub body: NamedOrBlankNode,
    /// Its label.
    pub body_label: Option<String>,
    /// Its code (notation or abbreviation).
    pub body_code: Option<String>,
    /// The area or framework.
    pub target: NamedOrBlankNode,
    /// Its label.
    pub target_label: Option<String>,
    /// How the body covers it.
    pub status: CellStatus,
    /// For a framework: the distinct items inside it the body covers directly (0 for an area).
    pub covered_items: usize,
    /// The nodes (the body itself or its offers) whose coverage triples make the cell, distinct,
    /// in coverer order.
    pub through: Vec<NamedOrBlankNode>,
    /// Their labels.
    pub through_labels: Vec<Option<String>>,
}

/// A body × area (or body × framework) grid of who covers what: one cell per body that covers
/// anything and per area (or framework) in `coverage`, bodies and targets in label order, every
/// pair present (cells nobody records are `not_recorded`), so a column of `not_recorded` cells is
/// an area or framework no body is recorded as covering.
pub fn coverage_matrix(coverage: &Coverage, index: &RequirementIndex, by: MatrixBy) -> Vec<MatrixCell> {
    let wanted = match by {
        MatrixBy::Area => ItemKind::SpecialistArea,
        MatrixBy::Framework => ItemKind::Framework,
    };
    let targets: Vec<&CoveredItem> = coverage.items.iter().filter(|i| i.kind == wanted).collect();
    let mut bodies: Vec<&Coverer> = Vec::new();
    for coverer in &coverage.coverers {
        if !bodies.iter().any(|b| b.body == coverer.body) {
            bodies.push(coverer);
        }
    }
    bodies.sort_by_cached_key(|b| {
        (
            b.body_label.as_ref().map(|l| l.to_lowercase()),
            b.body.to_string(),
        )
    });
    // Per framework and body, the coverage triples pointing at items inside the framework.
    let mut inside: HashMap<(&NamedNode, &NamedOrBlankNode), (HashSet<String>, Vec<CoverLink>)> =
        HashMap::new();
    if by == MatrixBy::Framework {
        let competencies = coverage
            .competencies
            .iter()
            .enumerate()
            .filter(|(_, links)| !links.is_empty())
            .map(|(c, links)| {
                let competency = index.competency(CompetencyId(c as u32));
                (competency.iri.as_str().to_owned(), &competency.frameworks, links)
            });
        let items = coverage
            .items
            .iter()
            .filter(|i| !i.links.is_empty() && i.kind != ItemKind::Framework)
            .map(|i| (i.node.to_string(), &i.frameworks, &i.links));
        for (node, frameworks, links) in competencies.chain(items) {
            for framework in frameworks {
                for link in links {
                    let body = &coverage.coverers[link.coverer].body;
                    let entry = inside.entry((framework, body)).or_default();
                    entry.0.insert(node.clone());
                    entry.1.push(*link);
                }
            }
        }
    }
    let mut cells = Vec::with_capacity(bodies.len() * targets.len());
    for coverer in &bodies {
        let body = &coverer.body;
        for target in &targets {
            let of_body = |links: &[CoverLink]| -> Vec<CoverLink> {
                links
                    .iter()
                    .filter(|l| coverage.coverers[l.coverer].body == *body)
                    .copied()
                    .collect()
            };
            let direct = of_body(&target.links);
            let via: Vec<CoverLink> = target
                .via
                .iter()
                .flat_map(|&v| of_body(&coverage.broader[v].links))
                .collect();
            let framework = match &target.node {
                NamedOrBlankNode::NamedNode(n) if by == MatrixBy::Framework => Some(n),
                _ => None,
            };
            let (covered_items, partial) = match framework.and_then(|f| inside.get(&(f, body))) {
                Some((nodes, links)) => (nodes.len(), links.clone()),
                None => (0, Vec::new()),
            };
            let (status, mut links) = if !direct.is_empty() {
                (CellStatus::Direct, direct)
            } else if !via.is_empty() {
                (CellStatus::ViaBroader, via)
            } else if !partial.is_empty() {
                (CellStatus::Partial, partial)
            } else {
                (CellStatus::NotRecorded, Vec::new())
            };
            links.sort_unstable();
            let mut through: Vec<NamedOrBlankNode> = Vec::new();
            let mut through_labels = Vec::new();
            for link in links {
                let coverer = &coverage.coverers[link.coverer];
                if !through.contains(&coverer.node) {
                    through.push(coverer.node.clone());
                    through_labels.push(coverer.label.clone());
                }
            }
            cells.push(MatrixCell {
                body: body.clone(),
                body_label: coverer.body_label.clone(),
                body_code: coverer.body_code.clone(),
                target: target.node.clone(),
                target_label: target.label.clone(),
                status,
                covered_items,
                through,
                through_labels,
            });
        }
    }
    cells
}

/// One row of the coverage matrix table ([`coverage_matrix_rows`]): a [`MatrixCell`] with its nodes
/// as plain text (an IRI without brackets, a blank node as `_:id`), missing labels falling back to
/// that text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixRow {
    /// The body.
    pub body: String,
    /// Its label, else its plain IRI.
    pub body_label: String,
    /// Its code.
    pub body_code: Option<String>,
    /// The area or framework.
    pub target: String,
    /// Its label, else its plain IRI.
    pub target_label: String,
    /// Its code (frameworks and schemes only).
    pub target_code: Option<String>,
    /// How the body covers it.
    pub status: CellStatus,
    /// For a framework, its items the body covers directly.
    pub covered_items: usize,
    /// For a framework, its items as counted in `item_counts` (0 when not counted).
    pub items: usize,
    /// The offers (or the body) whose coverage makes the cell.
    pub through: Vec<String>,
    /// Their labels, else plain IRIs.
    pub through_label: Vec<String>,
}

/// The [`coverage_matrix`] as rows of plain text, each framework's items counted from
/// `item_counts` (framework IRI to number of items, as [`crate::crosswalk::framework_item_counts`]
/// gives; pass an empty map for areas).
pub fn coverage_matrix_rows(
    coverage: &Coverage,
    index: &RequirementIndex,
    by: MatrixBy,
    item_counts: &std::collections::BTreeMap<String, usize>,
) -> Vec<MatrixRow> {
    coverage_matrix(coverage, index, by)
        .into_iter()
        .map(|cell| {
            let target = plain(&cell.target);
            let target_code = match &cell.target {
                NamedOrBlankNode::NamedNode(n) => coverage.schemes.get(n).and_then(|s| s.code.clone()),
                NamedOrBlankNode::BlankNode(_) => None,
            };
            MatrixRow {
                body_label: cell.body_label.clone().unwrap_or_else(|| plain(&cell.body)),
                body_code: cell.body_code.clone(),
                body: plain(&cell.body),
                target_label: cell.target_label.clone().unwrap_or_else(|| target.clone()),
                items: item_counts.get(&target).copied().unwrap_or(0),
                target,
                target_code,
                status: cell.status,
                covered_items: cell.covered_items,
                through_label: cell
                    .through
                    .iter()
                    .zip(&cell.through_labels)
                    .map(|(n, l)| l.clone().unwrap_or_else(|| plain(n)))
                    .collect(),
                through: cell.through.iter().map(plain).collect(),
            }
        })
        .collect()
}

/// One row of the coverage-gaps table ([`coverage_gaps`]): a required competency or another
/// listed item, with the bodies covering it (directly or through broader nodes), the broader nodes
/// and the frameworks it is in. Nodes are plain text: an IRI without brackets, a blank node as
/// `_:id`; a missing label falls back to that text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageGap {
    /// What the item is (`competency` for a required competency).
    pub kind: ItemKind,
    /// The item.
    pub item: String,
    /// Its label, else its plain IRI.
    pub item_label: String,
    /// How it is covered.
    pub status: CoverageStatus,
    /// The frameworks (schemes) it is in.
    pub frameworks: Vec<String>,
    /// Their labels, in the same order.
    pub frameworks_label: Vec<Option<String>>,
    /// Their codes, in the same order.
    pub frameworks_code: Vec<Option<String>>,
    /// Distinct bodies covering it, `direct_bodies + via_bodies`.
    pub bodies: usize,
    /// Bodies covering the item itself.
    pub direct_bodies: usize,
    /// Bodies covering it only through a broader node.
    pub via_bodies: usize,
    /// The covering bodies, sorted by name (then IRI).
    pub covered_by: Vec<String>,
    /// Their names (label, else plain IRI), in the same order.
    pub covered_by_label: Vec<String>,
    /// The broader nodes through which it is covered.
    pub via: Vec<String>,
    /// Their labels, else plain IRIs.
    pub via_label: Vec<String>,
    /// For a required competency, the holders needing it as essential; 0 for other kinds.
    pub essential_roles: usize,
    /// For a required competency, the holders needing it at all; 0 for other kinds.
    pub all_roles: usize,
}

/// Counts stay `int64` even when the table is empty.
impl Row for CoverageGap {
    fn fields() -> Vec<Field<Self>> {
        let mut fields = vec![
            Field::text("kind", |r: &Self| Some(r.kind.as_str())),
            Field::text("item", |r: &Self| Some(&r.item)),
            Field::text("item_label", |r: &Self| Some(&r.item_label)),
            Field::text("status", |r: &Self| Some(r.status.as_str())),
            Field::list("frameworks", |r: &Self, out| out.extend(&r.frameworks)),
            Field::list("frameworks_label", |r: &Self, out| {
                r.frameworks_label.iter().for_each(|l| out.push(l.as_deref()));
            }),
            Field::list("frameworks_code", |r: &Self, out| {
                r.frameworks_code.iter().for_each(|c| out.push(c.as_deref()));
            }),
        ];
        fields.extend(crate::fields![Self;
            count bodies,
            count direct_bodies,
            count via_bodies,
            list covered_by,
            list covered_by_label,
            list via,
            list via_label,
            count essential_roles,
            count all_roles,
        ]);
        fields
    }
}

/// The coverage-gaps table of `graph` ([`coverage_gaps`]): its requirement index, coverage read
/// through `predicates` as in [`coverage`] (`wg:covers` when empty), and the items covered by at
/// most `max_bodies` bodies, with the table's columns.
pub fn coverage_gaps_table(
    graph: &crate::Graph,
    predicates: &[NamedNode],
    max_bodies: usize,
) -> Result<Table<CoverageGap>, AnalysisError> {
    let index = graph.requirement_index()?;
    let coverage = coverage(graph.store(), &index, predicates)?;
    Ok(CoverageGap::table(coverage_gaps(&coverage, &index, max_bodies)))
}

/// A node as plain text: an IRI without brackets, a blank node as `_:id`.
fn plain(node: &NamedOrBlankNode) -> String {
    match node {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
        other => other.to_string(),
    }
}

/// The coverage-gaps table: the items of `coverage` covered by at most `max_bodies` distinct bodies
/// (directly or through a broader node, each body counted once). Required competencies come first,
/// gaps (most needed first), then those with a single body (when `max_bodies >= 1`), then those
/// with more bodies (up to `max_bodies`), then the other items in [`Coverage::items`] order.
/// `max_bodies = 0` keeps the `uncovered` and `not_recorded` rows.
pub fn coverage_gaps(coverage: &Coverage, index: &RequirementIndex, max_bodies: usize) -> Vec<CoverageGap> {
    // Bodies are named the same way on every row: their label, else their plain IRI.
    let body_names: HashMap<&NamedOrBlankNode, String> = coverage
        .coverers
        .iter()
        .map(|c| (&c.body, c.body_label.clone().unwrap_or_else(|| plain(&c.body))))
        .collect();
    let bodies = |direct: Vec<&NamedOrBlankNode>, via: Vec<&NamedOrBlankNode>| {
        let mut all: Vec<(String, String)> = direct
            .into_iter()
            .chain(via)
            .map(|b| (body_names.get(b).cloned().unwrap_or_else(|| plain(b)), plain(b)))
            .collect();
        all.sort();
        all.dedup();
        let (labels, iris): (Vec<String>, Vec<String>) = all.into_iter().unzip();
        (iris, labels)
    };
    let via_nodes = |via: &[usize]| -> (Vec<String>, Vec<String>) {
        via.iter()
            .map(|&v| {
                let node = &coverage.broader[v];
                (
                    plain(&node.node),
                    node.label.clone().unwrap_or_else(|| plain(&node.node)),
                )
            })
            .unzip()
    };
    let frameworks = |list: &[NamedNode]| {
        let info = |f: &NamedNode| coverage.schemes.get(f).cloned().unwrap_or_default();
        (
            list.iter().map(|f| f.as_str().to_owned()).collect::<Vec<_>>(),
            list.iter().map(|f| info(f).label).collect::<Vec<_>>(),
            list.iter().map(|f| info(f).code).collect::<Vec<_>>(),
        )
    };
    let mut rows = Vec::new();
    // Competencies with several bodies are only read when asked for: most have more than two.
    let several: &[GapCompetency] = if max_bodies >= 2 {
        &coverage.multi_body
    } else {
        &[]
    };
    for gap in coverage.gaps.iter().chain(&coverage.single_body).chain(several) {
        let direct = coverage.bodies_of(gap.competency);
        let via_bodies = coverage.via_bodies_of(gap.competency);
        if direct.len() + via_bodies.len() > max_bodies {
            continue;
        }
        let (direct_n, via_n) = (direct.len(), via_bodies.len());
        let (covered_by, covered_by_label) = bodies(direct, via_bodies);
        let (via, via_label) = via_nodes(&coverage.competency_via[gap.competency.index()]);
        let competency = index.competency(gap.competency);
        let (frameworks, frameworks_label, frameworks_code) = frameworks(&competency.frameworks);
        rows.push(CoverageGap {
            kind: ItemKind::Competency,
            item: competency.iri.as_str().to_owned(),
            item_label: index.competency_name(gap.competency).to_owned(),
            status: gap.status,
            frameworks,
            frameworks_label,
            frameworks_code,
            bodies: direct_n + via_n,
            direct_bodies: direct_n,
            via_bodies: via_n,
            covered_by,
            covered_by_label,
            via,
            via_label,
            essential_roles: gap.essential_holders,
            all_roles: gap.all_holders,
        });
    }
    for item in coverage
        .items
        .iter()
        .filter(|i| i.bodies <= max_bodies && i.kind != ItemKind::Competency)
    {
        let direct = coverage.distinct_bodies(&item.links);
        let via = coverage
            .bodies_through(&item.via)
            .into_iter()
            .filter(|b| !direct.contains(b))
            .collect();
        let (covered_by, covered_by_label) = bodies(direct, via);
        let (via, via_label) = via_nodes(&item.via);
        let (frameworks, frameworks_label, frameworks_code) = frameworks(&item.frameworks);
        rows.push(CoverageGap {
            kind: item.kind,
            item: plain(&item.node),
            item_label: item.label.clone().unwrap_or_else(|| plain(&item.node)),
            status: item.status,
            frameworks,
            frameworks_label,
            frameworks_code,
            bodies: item.bodies,
            direct_bodies: item.direct_bodies,
            via_bodies: item.via_bodies,
            covered_by,
            covered_by_label,
            via,
            via_label,
            essential_roles: 0,
            all_roles: 0,
        });
    }
    rows
}

impl CoveredItem {
    fn empty() -> Self {
        Self {
            node: NamedOrBlankNode::from(NamedNode::new_unchecked("urn:x-empty")),
            label: None,
            kind: ItemKind::Other,
            links: Vec::new(),
            via: Vec::new(),
            frameworks: Vec::new(),
            bodies: 0,
            direct_bodies: 0,
            via_bodies: 0,
            status: CoverageStatus::NotRecorded,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testdata::{self, ESCO_STYLE, ID, OUR_MODEL};
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn id(path: &str) -> String {
        format!("{ID}{path}")
    }

    fn node_str(node: &NamedOrBlankNode) -> String {
        match node {
            NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
            NamedOrBlankNode::BlankNode(b) => b.to_string(),
        }
    }

    #[test]
    fn our_model_offers_resolve_to_bodies() {
        let store = testdata::store_of(OUR_MODEL);
        let index = RequirementIndex::build(&store).unwrap();
        let cov = coverage(&store, &index, &[]).unwrap();
        assert_eq!(cov.predicates, [NamedNode::new_unchecked(vocab::COVERS)]);
        let competency = |path: &str| index.competency_by_iri(&id(path)).unwrap();
        let bodies = |path: &str| -> Vec<String> {
            cov.bodies_of(competency(path))
                .into_iter()
                .map(node_str)
                .collect()
        };
        assert_eq!(bodies("t/skill/viz"), [id("body/bcs"), id("body/cilip")]);
        assert_eq!(bodies("t/skill/ethics"), [id("body/bcs")]);
        // Each link says which offer, of which body, covers it.
        let links: BTreeSet<(String, String, bool)> = cov.competencies[competency("t/skill/viz").index()]
            .iter()
            .map(|l| {
                let c = &cov.coverers[l.coverer];
                (node_str(&c.node), node_str(&c.body), c.via_offer)
            })
            .collect();
        assert_eq!(
            links,
            BTreeSet::from([
                (id("offer/bcs/citp"), id("body/bcs"), true),
                (id("body/cilip"), id("body/cilip"), false)
            ])
        );
        let citp = cov
            .coverers
            .iter()
            .find(|c| node_str(&c.node) == id("offer/bcs/citp"))
            .unwrap();
        assert_eq!(
            (citp.label.as_deref(), citp.body_label.as_deref()),
            (Some("CITP"), Some("BCS"))
        );
        // Gaps: modelling (4 holders need it, all essential), governance (2).
        let gaps: Vec<(String, usize, usize)> = cov
            .gaps
            .iter()
            .map(|g| {
                (
                    index.competency(g.competency).iri.as_str().to_owned(),
                    g.essential_holders,
                    g.all_holders,
                )
            })
            .collect();
        assert_eq!(
            gaps,
            [(id("t/skill/modelling"), 4, 4), (id("t/skill/governance"), 2, 2)]
        );
        let single: Vec<(String, usize, usize)> = cov
            .single_body
            .iter()
            .map(|g| {
                (
                    index.competency(g.competency).iri.as_str().to_owned(),
                    g.essential_holders,
                    g.all_holders,
                )
            })
            .collect();
        assert_eq!(single, [(id("t/skill/ethics"), 2, 4)]);

        // Items: what each is, who covers it.
        let items: BTreeMap<String, (ItemKind, usize, usize)> = cov
            .items
            .iter()
            .map(|i| (node_str(&i.node), (i.kind, i.links.len(), i.bodies)))
            .collect();
        assert_eq!(items[&id("hicp/area/bi")], (ItemKind::SpecialistArea, 1, 1));
        assert_eq!(items[&id("hicp/area/coding")], (ItemKind::SpecialistArea, 0, 0));
        assert_eq!(items[&id("t/skill/unused")], (ItemKind::Competency, 1, 1));
        assert_eq!(
            items[&id("t/role/analyst/level/senior")],
            (ItemKind::RoleLevel, 1, 1)
        );
        assert_eq!(
            items[&id("t/role/analyst/level/associate")],
            (ItemKind::RoleLevel, 0, 0)
        );
        assert_eq!(items[&id("t/role/cdo")], (ItemKind::Role, 0, 0));
        assert_eq!(items[&id("framework/empty")], (ItemKind::Framework, 0, 0));
        let gaps: BTreeSet<String> = cov.item_gaps().map(|i| node_str(&i.node)).collect();
        assert!(gaps.contains(&id("framework/empty")) && gaps.contains(&id("hicp/area/coding")));
        assert!(!gaps.contains(&id("hicp/area/bi")));
        let single: BTreeSet<String> = cov.single_body_items().map(|i| node_str(&i.node)).collect();
        assert_eq!(
            single,
            BTreeSet::from([
                id("hicp/area/bi"),
                id("t/role/analyst/level/senior"),
                id("t/skill/unused")
            ])
        );
        // Sorted by kind, then label.
        let kinds: Vec<usize> = cov.items.iter().map(|i| kind_rank(i.kind)).collect();
        assert!(kinds.windows(2).all(|w| w[0] <= w[1]));
        let area_labels: Vec<&str> = cov
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::SpecialistArea)
            .filter_map(|i| i.label.as_deref())
            .collect();
        assert_eq!(area_labels, ["Business intelligence", "Clinical coding"]);
    }

    /// The peers' gap question (peers.py "gaps", without its LIMIT) gives the same skills and
    /// counts, on a hand-written and on a generated ESCO-style graph.
    #[test]
    fn gaps_match_the_peers_sparql_query() {
        let generated = testdata::esco_like(150, 40, 4);
        for text in [ESCO_STYLE, generated.ntriples.as_str()] {
            let store = testdata::store_of(text);
            let index = RequirementIndex::build(&store).unwrap();
            let covers = NamedNode::new_unchecked("http://example.org/bench/covers");
            let cov = coverage(&store, &index, &[covers]).unwrap();
            let rows = testdata::select(
                &store,
                "PREFIX esco: <http://data.europa.eu/esco/model#> PREFIX ex: <http://example.org/bench/>
                 SELECT ?s (COUNT(?o) AS ?roles) WHERE {
                   ?o esco:hasEssentialSkill ?s . FILTER NOT EXISTS { ?b ex:covers ?s } }
                 GROUP BY ?s ORDER BY DESC(?roles)",
            );
            let expected: BTreeSet<(String, usize)> = rows
                .iter()
                .map(|r| (r["s"].clone(), r["roles"].parse().unwrap()))
                .collect();
            let got: Vec<(String, usize)> = cov
                .gaps
                .iter()
                .filter(|g| g.essential_holders > 0)
                .map(|g| {
                    (
                        index.competency(g.competency).iri.as_str().to_owned(),
                        g.essential_holders,
                    )
                })
                .collect();
            assert!(got.windows(2).all(|w| w[0].1 >= w[1].1), "most needed first");
            assert_eq!(got.into_iter().collect::<BTreeSet<_>>(), expected);
            assert!(!expected.is_empty());
        }
    }

    #[test]
    fn generated_coverage_matches_the_generator() {
        let data = testdata::esco_like(100, 40, 8);
        let store = testdata::store_of(&data.ntriples);
        let index = RequirementIndex::build(&store).unwrap();
        let cov = coverage(
            &store,
            &index,
            &[NamedNode::new_unchecked("http://example.org/bench/covers")],
        )
        .unwrap();
        let mut bodies_per_skill: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for &(body, skill) in &data.covers {
            bodies_per_skill
                .entry(testdata::skill_iri(skill))
                .or_default()
                .insert(body);
        }
        for (c, competency) in index.competencies().iter().enumerate() {
            let expected = bodies_per_skill
                .get(competency.iri.as_str())
                .map_or(0, BTreeSet::len);
            assert_eq!(cov.bodies_of(CompetencyId(c as u32)).len(), expected);
        }
        let gaps: BTreeSet<String> = cov
            .gaps
            .iter()
            .map(|g| index.competency(g.competency).iri.as_str().to_owned())
            .collect();
        let needed: BTreeSet<String> = (0..data.essential.len())
            .flat_map(|o| data.essential[o].iter().chain(&data.optional[o]))
            .map(|&s| testdata::skill_iri(s))
            .collect();
        let expected: BTreeSet<String> = needed
            .into_iter()
            .filter(|s| !bodies_per_skill.contains_key(s))
            .collect();
        assert_eq!(gaps, expected);
        // Covered skills nobody needs are items; the occupations are uncovered roles.
        let unneeded = bodies_per_skill
            .keys()
            .filter(|s| index.competency_by_iri(s).is_none())
            .count();
        assert_eq!(cov.items.len(), unneeded);
        assert!(data.skills > 0);
    }

    const BROADER_MODEL: &str = r#"
        @prefix wg: <https://w3id.org/workforce-graph/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix ex: <http://example.org/> .
        ex:fw a wg:Framework ; skos:notation "FW" ; skos:prefLabel "Framework"@en .
        ex:fw2 a wg:Framework ; skos:prefLabel "Other"@en .
        ex:fw3 a wg:Framework ; skos:prefLabel "Third"@en .
        ex:area1 a wg:CompetencyArea ; skos:inScheme ex:fw ; skos:prefLabel "Area one"@en .
        ex:s1 a wg:Competency ; skos:inScheme ex:fw ; skos:broader ex:area1 ; skos:prefLabel "S1"@en .
        ex:s2 a wg:Competency ; skos:inScheme ex:fw ; skos:broader ex:s1 ; skos:prefLabel "S2"@en .
        ex:s3 a wg:Competency ; skos:inScheme ex:fw ; skos:prefLabel "S3"@en .
        ex:t1 a wg:Competency ; skos:inScheme ex:fw2 ; skos:prefLabel "T1"@en .
        ex:u1 a wg:Competency ; skos:inScheme ex:fw3 ; skos:prefLabel "U1"@en .
        ex:role a wg:Role ; skos:inScheme ex:fw2 ; skos:prefLabel "Role"@en .
        ex:level a wg:RoleLevel ; wg:isLevelOf ex:role ; skos:inScheme ex:fw2 ; skos:prefLabel "Level"@en ;
            wg:requiresCompetency ex:s1 , ex:s2 , ex:s3 , ex:t1 .
        ex:role2 a wg:Role ; skos:inScheme ex:fw3 ; skos:prefLabel "Role two"@en .
        ex:level2 a wg:RoleLevel ; wg:isLevelOf ex:role2 ; skos:prefLabel "Level two"@en ; wg:requiresCompetency ex:u1 .
        ex:body a wg:ProfessionalBody ; skos:prefLabel "Body"@en ; wg:covers ex:area1 .
        ex:body2 a wg:ProfessionalBody ; skos:prefLabel "Second"@en .
        ex:offer wg:offeredBy ex:body2 ; skos:prefLabel "Offer"@en ; wg:covers ex:fw3 , ex:s1 .
    "#;

    #[test]
    fn broader_nodes_and_unrecorded_frameworks_are_told_apart() {
        let store = testdata::store_of(BROADER_MODEL);
        let index = RequirementIndex::build(&store).unwrap();
        let cov = coverage(&store, &index, &[]).unwrap();
        let ex = |local: &str| format!("http://example.org/{local}");
        let competency = |local: &str| index.competency_by_iri(&ex(local)).unwrap();
        let status = |local: &str| cov.competency_status[competency(local).index()];
        let names =
            |bodies: Vec<&NamedOrBlankNode>| -> Vec<String> { bodies.into_iter().map(node_str).collect() };
        // s1: covered itself by the second body's offer, and through its area by the first body.
        assert_eq!(status("s1"), CoverageStatus::Direct);
        assert_eq!(names(cov.bodies_of(competency("s1"))), [ex("body2")]);
        assert_eq!(names(cov.via_bodies_of(competency("s1"))), [ex("body")]);
        // s2 sits under s1, which sits under area1: covered through both, by both bodies.
        assert_eq!(status("s2"), CoverageStatus::ViaBroader);
        assert!(cov.bodies_of(competency("s2")).is_empty());
        let mut via = names(cov.via_bodies_of(competency("s2")));
        via.sort();
        assert_eq!(via, [ex("body"), ex("body2")]);
        let through: BTreeSet<String> = cov.competency_via[competency("s2").index()]
            .iter()
            .map(|&v| node_str(&cov.broader[v].node))
            .collect();
        assert_eq!(through, BTreeSet::from([ex("area1"), ex("s1")]));
        // s3: nobody, while other items of its framework are covered; t1: nothing in fw2 is covered.
        assert_eq!(status("s3"), CoverageStatus::Uncovered);
        assert_eq!(status("t1"), CoverageStatus::NotRecorded);
        // u1: through its framework, covered as a whole.
        assert_eq!(status("u1"), CoverageStatus::ViaBroader);
        let gaps: Vec<(String, CoverageStatus)> = cov
            .gaps
            .iter()
            .map(|g| (index.competency(g.competency).iri.as_str().to_owned(), g.status))
            .collect();
        assert_eq!(
            gaps.into_iter().collect::<BTreeSet<_>>(),
            BTreeSet::from([
                (ex("s3"), CoverageStatus::Uncovered),
                (ex("t1"), CoverageStatus::NotRecorded)
            ])
        );
        let single: BTreeSet<String> = cov
            .single_body
            .iter()
            .map(|g| index.competency(g.competency).iri.as_str().to_owned())
            .collect();
        assert_eq!(single, BTreeSet::from([ex("u1")]));
        assert!(cov.recorded.contains(&NamedNode::new_unchecked(ex("fw"))));
        assert!(!cov.recorded.contains(&NamedNode::new_unchecked(ex("fw2"))));

        let items: BTreeMap<String, (ItemKind, CoverageStatus, usize, usize)> = cov
            .items
            .iter()
            .map(|i| {
                (
                    node_str(&i.node),
                    (i.kind, i.status, i.direct_bodies, i.via_bodies),
                )
            })
            .collect();
        assert_eq!(
            items[&ex("fw")],
            (ItemKind::Framework, CoverageStatus::Uncovered, 0, 0)
        );
        assert_eq!(
            items[&ex("fw2")],
            (ItemKind::Framework, CoverageStatus::NotRecorded, 0, 0)
        );
        assert_eq!(
            items[&ex("fw3")],
            (ItemKind::Framework, CoverageStatus::Direct, 1, 0)
        );
        assert_eq!(
            items[&ex("role")],
            (ItemKind::Role, CoverageStatus::NotRecorded, 0, 0)
        );
        assert_eq!(
            items[&ex("level")],
            (ItemKind::RoleLevel, CoverageStatus::NotRecorded, 0, 0)
        );
        assert_eq!(
            items[&ex("role2")],
            (ItemKind::Role, CoverageStatus::ViaBroader, 0, 1)
        );
        assert_eq!(
            items[&ex("level2")],
            (ItemKind::RoleLevel, CoverageStatus::ViaBroader, 0, 1),
            "through its role"
        );
        let fw_scheme = &cov.schemes[&NamedNode::new_unchecked(ex("fw"))];
        assert_eq!(
            (fw_scheme.label.as_deref(), fw_scheme.code.as_deref()),
            (Some("Framework"), Some("FW"))
        );

        let matrix = coverage_matrix(&cov, &index, MatrixBy::Framework);
        assert_eq!(matrix.len(), 2 * 3, "every body against every framework");
        let cell = |body: &str, target: &str| {
            let c = matrix
                .iter()
                .find(|c| node_str(&c.body) == ex(body) && node_str(&c.target) == ex(target))
                .unwrap();
            (
                c.status,
                c.covered_items,
                c.through.iter().map(node_str).collect::<Vec<_>>(),
            )
        };
        assert_eq!(cell("body", "fw"), (CellStatus::Partial, 1, vec![ex("body")]));
        assert_eq!(cell("body2", "fw"), (CellStatus::Partial, 1, vec![ex("offer")]));
        assert_eq!(cell("body2", "fw3"), (CellStatus::Direct, 0, vec![ex("offer")]));
        assert_eq!(cell("body", "fw2"), (CellStatus::NotRecorded, 0, vec![]));
        assert_eq!(
            matrix[0].body_label.as_deref(),
            Some("Body"),
            "bodies in label order"
        );
    }

    #[test]
    fn a_predicate_nobody_uses_leaves_everything_uncovered() {
        let store = testdata::store_of(OUR_MODEL);
        let index = RequirementIndex::build(&store).unwrap();
        let cov = coverage(
            &store,
            &index,
            &[NamedNode::new_unchecked("http://example.org/nothing")],
        )
        .unwrap();
        assert_eq!(cov.gaps.len(), index.competency_count());
        assert!(cov.single_body.is_empty() && cov.coverers.is_empty());
        assert!(cov.items.iter().all(|i| i.links.is_empty()));
        let empty = testdata::store_of("");
        let empty_index = RequirementIndex::build(&empty).unwrap();
        let cov = coverage(&empty, &empty_index, &[]).unwrap();
        assert!(cov.gaps.is_empty() && cov.items.is_empty() && cov.competencies.is_empty());
    }

    /// The table keeps exactly the items with at most `max_bodies` bodies, required competencies
    /// first, and names the bodies of each row sorted by name.
    #[rstest::rstest]
    #[case::gaps_only(0, &["t/skill/governance", "t/skill/modelling"])]
    #[case::single_body(1, &["t/skill/ethics", "t/skill/governance", "t/skill/modelling"])]
    // viz has two bodies (BCS and CILIP): listed from max_bodies = 2 on.
    #[case::two_bodies(2, &["t/skill/ethics", "t/skill/governance", "t/skill/modelling", "t/skill/viz"])]
    fn coverage_gaps_keep_items_with_few_bodies(#[case] max_bodies: usize, #[case] competencies: &[&str]) {
        let store = testdata::store_of(OUR_MODEL);
        let index = RequirementIndex::build(&store).unwrap();
        let cov = coverage(&store, &index, &[]).unwrap();
        let rows = coverage_gaps(&cov, &index, max_bodies);
        let kinds: Vec<ItemKind> = rows.iter().map(|r| r.kind).collect();
        let first_other = kinds
            .iter()
            .position(|k| *k != ItemKind::Competency)
            .unwrap_or(kinds.len());
        assert!(
            kinds[first_other..].iter().all(|k| *k != ItemKind::Competency),
            "required competencies come first: {kinds:?}"
        );
        let got: BTreeSet<&str> = rows[..first_other].iter().map(|r| r.item.as_str()).collect();
        let wanted: BTreeSet<String> = competencies.iter().map(|c| id(c)).collect();
        assert_eq!(got, wanted.iter().map(String::as_str).collect());
        // The other rows are the listed items with few enough bodies, in the coverage's order.
        let others: Vec<&str> = rows[first_other..].iter().map(|r| r.item.as_str()).collect();
        let expected: Vec<String> = cov
            .items
            .iter()
            .filter(|i| i.bodies <= max_bodies && i.kind != ItemKind::Competency)
            .map(|i| node_str(&i.node))
            .collect();
        assert_eq!(others, expected);
        for row in &rows {
            assert!(row.bodies <= max_bodies, "{row:?}");
            assert_eq!(row.bodies, row.direct_bodies + row.via_bodies, "{row:?}");
            assert_eq!(row.covered_by.len(), row.bodies, "{row:?}");
            assert_eq!(row.covered_by_label.len(), row.bodies, "{row:?}");
            assert!(row.covered_by_label.windows(2).all(|w| w[0] <= w[1]), "{row:?}");
            assert_eq!(row.via.len(), row.via_label.len(), "{row:?}");
            assert_eq!(row.frameworks.len(), row.frameworks_code.len(), "{row:?}");
            if row.bodies == 0 {
                assert!(
                    matches!(
                        row.status,
                        CoverageStatus::Uncovered | CoverageStatus::NotRecorded
                    ),
                    "{row:?}"
                );
            }
        }
        let row = |path: &str| rows.iter().find(|r| r.item == id(path));
        let governance = row("t/skill/governance").unwrap();
        assert_eq!(
            governance.status,
            CoverageStatus::Uncovered,
            "other items of t are covered"
        );
        assert_eq!(governance.frameworks, [id("framework/t")]);
        assert_eq!(governance.frameworks_label, [Some("Test framework".to_owned())]);
        assert_eq!(governance.item_label, "Data governance");
        assert!(governance.essential_roles >= 1 && governance.all_roles >= governance.essential_roles);
        if max_bodies >= 1 {
            // Both of BCS's offers cover ethics: one body.
            let ethics = row("t/skill/ethics").unwrap();
            assert_eq!(
                (ethics.covered_by.clone(), ethics.covered_by_label.clone()),
                (vec![id("body/bcs")], vec!["BCS".to_owned()])
            );
            assert_eq!(ethics.status, CoverageStatus::Direct);
            let senior = row("t/role/analyst/level/senior").unwrap();
            assert_eq!((senior.kind, senior.direct_bodies), (ItemKind::RoleLevel, 1));
            assert_eq!(senior.covered_by, [id("body/bcs")]);
        } else {
            assert!(row("t/skill/ethics").is_none() && row("hicp/area/bi").is_none());
        }
        match row("t/skill/viz") {
            Some(viz) => {
                assert!(max_bodies >= 2, "{viz:?}");
                assert_eq!(viz.covered_by_label, ["BCS", "CILIP"]);
            }
            None => assert!(max_bodies < 2),
        }
    }

    /// The matrix rows are the matrix's cells, in order, as text: framework codes and item
    /// counts filled in, labels falling back to the IRI.
    #[test]
    fn coverage_matrix_rows_are_the_cells_as_text() {
        let store = testdata::store_of(OUR_MODEL);
        let index = RequirementIndex::build(&store).unwrap();
        let cov = coverage(&store, &index, &[]).unwrap();
        let counts = BTreeMap::from([(id("framework/t"), 7)]);
        let cells = coverage_matrix(&cov, &index, MatrixBy::Framework);
        let rows = coverage_matrix_rows(&cov, &index, MatrixBy::Framework, &counts);
        assert_eq!(rows.len(), cells.len());
        assert!(!rows.is_empty());
        for (row, cell) in rows.iter().zip(&cells) {
            assert_eq!(row.body, node_str(&cell.body));
            assert_eq!(row.target, node_str(&cell.target));
            assert_eq!(row.status, cell.status);
            assert_eq!(row.through.len(), row.through_label.len());
            let expected_items = if row.target == id("framework/t") { 7 } else { 0 };
            assert_eq!(row.items, expected_items);
            assert_eq!(
                row.body_label,
                cell.body_label.clone().unwrap_or_else(|| row.body.clone())
            );
        }
        let bcs_t = rows
            .iter()
            .find(|r| r.body == id("body/bcs") && r.target == id("framework/t"))
            .unwrap();
        // BCS covers items inside the framework (ethics, viz...), not the framework itself.
        assert_eq!(bcs_t.status, CellStatus::Partial);
        assert_eq!(bcs_t.target_label, "Test framework");
        assert!(bcs_t.through.contains(&id("offer/bcs/citp")));
        assert!(bcs_t.through_label.contains(&"CITP".to_owned()));
    }
}
