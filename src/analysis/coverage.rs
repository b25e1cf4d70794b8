//! Coverage: which bodies (directly or through their offers) cover which competencies, roles and
//! specialist areas, and what nobody covers.

use super::index::{CompetencyId, RequirementIndex};
use super::{vocab, AnalysisError};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Term};
use oxigraph::store::Store;
use std::collections::HashMap;

/// What kind of thing a coverage item is, from its `rdf:type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
    Other,
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
    /// The coverage triples pointing at it (empty: nobody covers it).
    pub links: Vec<CoverLink>,
    /// How many distinct bodies cover it.
    pub bodies: usize,
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
    /// Competencies nobody covers, most needed first (essential holders, then all holders, then
    /// id).
    pub gaps: Vec<GapCompetency>,
    /// Competencies covered by exactly one body, ordered like `gaps`.
    pub single_body: Vec<GapCompetency>,
    /// Covered objects that are not competencies of the index, plus every subject typed
    /// `wg:SpecialistArea`, `wg:Role`, `esco:Occupation`, `wg:RoleLevel` or `wg:Framework`,
    /// covered or not; sorted by kind, then label and IRI.
    pub items: Vec<CoveredItem>,
}

impl Coverage {
    /// The distinct bodies covering a competency, in coverer order.
    pub fn bodies_of(&self, competency: CompetencyId) -> Vec<&NamedOrBlankNode> {
        self.competencies.get(competency.index()).map_or_else(Vec::new, |links| self.distinct_bodies(links))
    }

    /// Items nobody covers.
    pub fn item_gaps(&self) -> impl Iterator<Item = &CoveredItem> {
        self.items.iter().filter(|item| item.links.is_empty())
    }

    /// Items exactly one body covers.
    pub fn single_body_items(&self) -> impl Iterator<Item = &CoveredItem> {
        self.items.iter().filter(|item| item.bodies == 1)
    }

    fn distinct_bodies(&self, links: &[CoverLink]) -> Vec<&NamedOrBlankNode> {
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
const KINDS: &[(&str, ItemKind)] = &[
    (vocab::SPECIALIST_AREA, ItemKind::SpecialistArea),
    (vocab::ROLE_LEVEL, ItemKind::RoleLevel),
    (vocab::ROLE, ItemKind::Role),
    (vocab::ESCO_OCCUPATION, ItemKind::Role),
    (vocab::FRAMEWORK, ItemKind::Framework),
    ("http://www.w3.org/2004/02/skos/core#ConceptScheme", ItemKind::Framework),
    ("https://w3id.org/workforce-graph/ontology#Competency", ItemKind::Competency),
    ("https://w3id.org/workforce-graph/ontology#CompetencyArea", ItemKind::Competency),
    ("http://data.europa.eu/esco/model#Skill", ItemKind::Competency),
];

/// Classes whose every instance is listed as an item, covered or not.
const LISTED: &[&str] =
    &[vocab::SPECIALIST_AREA, vocab::ROLE_LEVEL, vocab::ROLE, vocab::ESCO_OCCUPATION, vocab::FRAMEWORK];

fn kind_rank(kind: ItemKind) -> usize {
    KINDS.iter().position(|(_, k)| *k == kind).unwrap_or(KINDS.len())
}

/// Label and kind of one node, from its own triples (one subject lookup).
fn describe(store: &Store, node: NamedOrBlankNodeRef<'_>) -> Result<(Option<String>, ItemKind), AnalysisError> {
    let mut label: Option<(u8, String)> = None;
    let mut kind = ItemKind::Other;
    for quad in store.quads_for_pattern(Some(node), None, None, Some(GraphNameRef::DefaultGraph)) {
        let quad = quad?;
        match (quad.predicate.as_str(), &quad.object) {
            (vocab::RDF_TYPE, Term::NamedNode(class)) => {
                if let Some((_, k)) = KINDS.iter().find(|(iri, _)| *iri == class.as_str()) {
                    if kind_rank(*k) < kind_rank(kind) {
                        kind = *k;
                    }
                }
            }
            (vocab::PREF_LABEL, Term::Literal(literal)) => {
                let rank = super::index::label_rank(literal.language());
                if label.as_ref().is_none_or(|(r, l)| rank > *r || (rank == *r && literal.value() < l.as_str())) {
                    label = Some((rank, literal.value().to_owned()));
                }
            }
            _ => {}
        }
    }
    Ok((label.map(|(_, l)| l), kind))
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
    for quad in store.quads_for_pattern(None, Some(NamedNodeRef::new_unchecked(vocab::OFFERED_BY)), None, default_graph) {
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
                        coverers.push(Coverer { node, label: None, body, body_label: None, via_offer });
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
                        competency_links[c.index()].extend(ids.iter().map(|&coverer| CoverLink { coverer, predicate: p }));
                        continue;
                    }
                    NamedOrBlankNode::from(n)
                }
                Term::BlankNode(b) => NamedOrBlankNode::from(b),
                _ => continue,
            };
            let item = *item_ids.entry(target.clone()).or_insert_with(|| {
                items.push(CoveredItem { node: target, label: None, kind: ItemKind::Other, links: Vec::new(), bodies: 0 });
                items.len() - 1
            });
            items[item].links.extend(ids.iter().map(|&coverer| CoverLink { coverer, predicate: p }));
        }
    }

    // Labels of coverers and bodies, and label and kind of covered items: one subject lookup each.
    let mut labels: HashMap<NamedOrBlankNode, Option<String>> = HashMap::new();
    for coverer in &mut coverers {
        for (node, slot) in [(&coverer.node, &mut coverer.label), (&coverer.body, &mut coverer.body_label)] {
            if let Some(label) = labels.get(node) {
                slot.clone_from(label);
            } else {
                let (label, _) = describe(store, node.as_ref())?;
                labels.insert(node.clone(), label.clone());
                *slot = label;
            }
        }
    }
    for item in &mut items {
        let (label, kind) = describe(store, item.node.as_ref())?;
        item.label = label;
        item.kind = kind;
    }

    // Uncovered typed items: roles, role levels, specialist areas and frameworks.
    let rdf_type = NamedNodeRef::new_unchecked(vocab::RDF_TYPE);
    for class in LISTED {
        let kind = KINDS.iter().find(|(iri, _)| iri == class).map_or(ItemKind::Other, |(_, k)| *k);
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
            // Holders' labels are in the index already, which saves a lookup per role.
            let label = match &node {
                NamedOrBlankNode::NamedNode(n) => match index.holder_by_iri(n.as_str()) {
                    Some(h) => index.holder(h).label.clone(),
                    None => describe(store, node.as_ref())?.0,
                },
                NamedOrBlankNode::BlankNode(_) => describe(store, node.as_ref())?.0,
            };
            item_ids.insert(node.clone(), items.len());
            items.push(CoveredItem { node, label, kind, links: Vec::new(), bodies: 0 });
        }
    }

    let mut result = Coverage { predicates, coverers, competencies: Vec::new(), gaps: Vec::new(), single_body: Vec::new(), items };
    for item in &mut result.items {
        item.links.sort_unstable();
        item.links.dedup();
    }
    let body_counts: Vec<usize> = result.items.iter().map(|item| result.distinct_bodies(&item.links).len()).collect();
    for (item, bodies) in result.items.iter_mut().zip(body_counts) {
        item.bodies = bodies;
    }
    // Keys built once per item: building them in the comparison cost more than the rest of the
    // analysis at ESCO scale.
    result.items.sort_by_cached_key(|item| {
        (kind_rank(item.kind), item.label.as_deref().map(str::to_lowercase), item.node.to_string())
    });

    for links in &mut competency_links {
        links.sort_unstable();
        links.dedup();
    }
    result.competencies = competency_links;
    let mut gaps = Vec::new();
    let mut single_body = Vec::new();
    for (c, links) in result.competencies.iter().enumerate() {
        let id = CompetencyId(c as u32);
        let entry = GapCompetency {
            competency: id,
            essential_holders: index.essential_postings(id).len(),
            all_holders: index.postings(id).len(),
        };
        if links.is_empty() {
            gaps.push(entry);
        } else if result.distinct_bodies(links).len() == 1 {
            single_body.push(entry);
        }
    }
    let order = |g: &GapCompetency| (std::cmp::Reverse(g.essential_holders), std::cmp::Reverse(g.all_holders), g.competency);
    gaps.sort_unstable_by_key(order);
    single_body.sort_unstable_by_key(order);
    result.gaps = gaps;
    result.single_body = single_body;
    Ok(result)
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
        let bodies = |path: &str| -> Vec<String> { cov.bodies_of(competency(path)).into_iter().map(node_str).collect() };
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
            BTreeSet::from([(id("offer/bcs/citp"), id("body/bcs"), true), (id("body/cilip"), id("body/cilip"), false)])
        );
        let citp = cov.coverers.iter().find(|c| node_str(&c.node) == id("offer/bcs/citp")).unwrap();
        assert_eq!((citp.label.as_deref(), citp.body_label.as_deref()), (Some("CITP"), Some("BCS")));
        // Gaps: modelling (4 holders need it, all essential), governance (2).
        let gaps: Vec<(String, usize, usize)> = cov
            .gaps
            .iter()
            .map(|g| (index.competency(g.competency).iri.as_str().to_owned(), g.essential_holders, g.all_holders))
            .collect();
        assert_eq!(gaps, [(id("t/skill/modelling"), 4, 4), (id("t/skill/governance"), 2, 2)]);
        let single: Vec<(String, usize, usize)> = cov
            .single_body
            .iter()
            .map(|g| (index.competency(g.competency).iri.as_str().to_owned(), g.essential_holders, g.all_holders))
            .collect();
        assert_eq!(single, [(id("t/skill/ethics"), 2, 4)]);

        // Items: what each is, who covers it.
        let items: BTreeMap<String, (ItemKind, usize, usize)> =
            cov.items.iter().map(|i| (node_str(&i.node), (i.kind, i.links.len(), i.bodies))).collect();
        assert_eq!(items[&id("hicp/area/bi")], (ItemKind::SpecialistArea, 1, 1));
        assert_eq!(items[&id("hicp/area/coding")], (ItemKind::SpecialistArea, 0, 0));
        assert_eq!(items[&id("t/skill/unused")], (ItemKind::Competency, 1, 1));
        assert_eq!(items[&id("t/role/analyst/level/senior")], (ItemKind::RoleLevel, 1, 1));
        assert_eq!(items[&id("t/role/analyst/level/associate")], (ItemKind::RoleLevel, 0, 0));
        assert_eq!(items[&id("t/role/cdo")], (ItemKind::Role, 0, 0));
        assert_eq!(items[&id("framework/empty")], (ItemKind::Framework, 0, 0));
        let gaps: BTreeSet<String> = cov.item_gaps().map(|i| node_str(&i.node)).collect();
        assert!(gaps.contains(&id("framework/empty")) && gaps.contains(&id("hicp/area/coding")));
        assert!(!gaps.contains(&id("hicp/area/bi")));
        let single: BTreeSet<String> = cov.single_body_items().map(|i| node_str(&i.node)).collect();
        assert_eq!(single, BTreeSet::from([id("hicp/area/bi"), id("t/role/analyst/level/senior"), id("t/skill/unused")]));
        // Sorted by kind, then label.
        let kinds: Vec<usize> = cov.items.iter().map(|i| kind_rank(i.kind)).collect();
        assert!(kinds.windows(2).all(|w| w[0] <= w[1]));
        let area_labels: Vec<&str> =
            cov.items.iter().filter(|i| i.kind == ItemKind::SpecialistArea).filter_map(|i| i.label.as_deref()).collect();
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
            let expected: BTreeSet<(String, usize)> =
                rows.iter().map(|r| (r["s"].clone(), r["roles"].parse().unwrap())).collect();
            let got: Vec<(String, usize)> = cov
                .gaps
                .iter()
                .filter(|g| g.essential_holders > 0)
                .map(|g| (index.competency(g.competency).iri.as_str().to_owned(), g.essential_holders))
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
        let cov = coverage(&store, &index, &[NamedNode::new_unchecked("http://example.org/bench/covers")]).unwrap();
        let mut bodies_per_skill: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for &(body, skill) in &data.covers {
            bodies_per_skill.entry(testdata::skill_iri(skill)).or_default().insert(body);
        }
        for (c, competency) in index.competencies().iter().enumerate() {
            let expected = bodies_per_skill.get(competency.iri.as_str()).map_or(0, BTreeSet::len);
            assert_eq!(cov.bodies_of(CompetencyId(c as u32)).len(), expected);
        }
        let gaps: BTreeSet<String> = cov.gaps.iter().map(|g| index.competency(g.competency).iri.as_str().to_owned()).collect();
        let needed: BTreeSet<String> = (0..data.essential.len())
            .flat_map(|o| data.essential[o].iter().chain(&data.optional[o]))
            .map(|&s| testdata::skill_iri(s))
            .collect();
        let expected: BTreeSet<String> = needed.into_iter().filter(|s| !bodies_per_skill.contains_key(s)).collect();
        assert_eq!(gaps, expected);
        // Covered skills nobody needs are items; the occupations are uncovered roles.
        let unneeded = bodies_per_skill.keys().filter(|s| index.competency_by_iri(s).is_none()).count();
        assert_eq!(cov.items.len(), unneeded);
        assert!(data.skills > 0);
    }

    #[test]
    fn a_predicate_nobody_uses_leaves_everything_uncovered() {
        let store = testdata::store_of(OUR_MODEL);
        let index = RequirementIndex::build(&store).unwrap();
        let cov = coverage(&store, &index, &[NamedNode::new_unchecked("http://example.org/nothing")]).unwrap();
        assert_eq!(cov.gaps.len(), index.competency_count());
        assert!(cov.single_body.is_empty() && cov.coverers.is_empty());
        assert!(cov.items.iter().all(|i| i.links.is_empty()));
        let empty = testdata::store_of("");
        let empty_index = RequirementIndex::build(&empty).unwrap();
        let cov = coverage(&empty, &empty_index, &[]).unwrap();
        assert!(cov.gaps.is_empty() && cov.items.is_empty() && cov.competencies.is_empty());
    }
}
