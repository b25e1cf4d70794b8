//! Framework gaps: the items of one framework with no curated mapping to another, and for each
//! the strongest path that still links it to an item of the other framework through mappings of
//! any framework and the `skos:broader` hierarchy (OpenCRE's gap analysis walks its hub the same
//! way and shows the path behind each link).
//!
//! Edges: every curated mapping in both directions (read from the far end, broad and narrow swap),
//! and every `skos:broader` link up (broader) and down (narrower). A step's strength is 1.0 for
//! exact, 0.8 close, 0.6 broad or narrow, 0.4 related, times the mapping's `wg:confidence` when it
//! has one, and 0.5 for a hierarchy step; a path's strength is the product of its steps. The best
//! path within `max_hops` steps is found by a layered best-first relaxation: a node is expanded
//! again only when reached more strongly, so cycles end and the answer is exact under the hop
//! limit (a longer but stronger path beyond the limit does not hide a shorter one within it).

use super::snapshot::Snapshot;
use super::{curated_pairs, pair, CrosswalkError, MappingKind};
use oxigraph::model::NamedNode;
use oxigraph::store::Store;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Strength of one `skos:broader` step, up or down.
pub const HIERARCHY_STRENGTH: f64 = 0.5;

/// How a path step reaches its node from the previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StepKind {
    /// The previous node `skos:exactMatch` this one.
    ExactMatch,
    /// The previous node `skos:closeMatch` this one.
    CloseMatch,
    /// This node is broader (previous `skos:broadMatch` this).
    BroadMatch,
    /// This node is narrower (previous `skos:narrowMatch` this).
    NarrowMatch,
    /// The previous node `skos:relatedMatch` this one.
    RelatedMatch,
    /// This node is the previous one's `skos:broader` parent.
    Broader,
    /// This node is a `skos:broader` child of the previous one.
    Narrower,
}

impl From<MappingKind> for StepKind {
    fn from(kind: MappingKind) -> Self {
        match kind {
            MappingKind::Exact => Self::ExactMatch,
            MappingKind::Close => Self::CloseMatch,
            MappingKind::Broad => Self::BroadMatch,
            MappingKind::Narrow => Self::NarrowMatch,
            MappingKind::Related => Self::RelatedMatch,
        }
    }
}

/// One step of a linking path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathStep {
    /// The node reached.
    pub node: String,
    /// Its label.
    pub label: String,
    /// The code of its framework, if it is in a scheme.
    pub framework: Option<String>,
    /// How it was reached from the previous node (the start item for the first step).
    pub edge: StepKind,
    /// The mapping's `wg:confidence`, for mapping steps that have one.
    pub confidence: Option<f64>,
    /// The `wg:Mapping` node behind a mapping step, when there is one.
    pub mapping: Option<String>,
    /// This step's strength.
    pub strength: f64,
}

/// An item of framework a without a curated mapping to framework b.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapRow {
    /// The item.
    pub item: String,
    /// Its label.
    pub item_label: String,
    /// The item of b at the end of the best path, if any.
    pub target: Option<String>,
    /// Its label.
    pub target_label: Option<String>,
    /// The steps after the item, ending at `target`; empty when nothing links it within the limit.
    pub path: Vec<PathStep>,
    /// Product of the step strengths (0 without a path).
    pub strength: f64,
    /// Number of steps.
    pub hops: usize,
}

impl GapRow {
    /// The path written out, one `-Kind-> label` per step (`-Broader-> Data -Exact-> Data
    /// analysis`); empty without a path.
    pub fn path_text(&self) -> String {
        self.path
            .iter()
            .map(|step| format!("-{:?}-> {}", step.edge, step.label))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A [`GapRow`] as a table row: the path both as text ([`GapRow::path_text`]) and as its steps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapTableRow {
    /// The item.
    pub item: String,
    /// Its label.
    pub item_label: String,
    /// The item of b at the end of the best path, if any.
    pub target: Option<String>,
    /// Its label.
    pub target_label: Option<String>,
    /// The path as text.
    pub path: String,
    /// Product of the step strengths (0 without a path).
    pub strength: f64,
    /// Number of steps.
    pub hops: usize,
    /// The steps.
    pub steps: Vec<PathStep>,
}

impl crate::table::Row for PathStep {
    fn fields() -> Vec<crate::table::Field<Self>> {
        crate::fields![Self;
            text node,
            text label,
            text framework,
            variant edge,
            real confidence,
            text mapping,
            real strength,
        ]
    }
}

impl crate::table::Row for GapTableRow {
    fn fields() -> Vec<crate::table::Field<Self>> {
        let mut fields = crate::fields![Self;
            text item,
            text item_label,
            text target,
            text target_label,
            text path,
            real strength,
            count hops,
        ];
        fields.push(crate::table::Field::records(
            "steps",
            |r: &Self| &r.steps,
            <PathStep as crate::table::Row>::fields(),
        ));
        fields
    }
}

impl From<GapRow> for GapTableRow {
    fn from(gap: GapRow) -> Self {
        Self {
            path: gap.path_text(),
            item: gap.item,
            item_label: gap.item_label,
            target: gap.target,
            target_label: gap.target_label,
            strength: gap.strength,
            hops: gap.hops,
            steps: gap.path,
        }
    }
}

#[derive(Debug, Clone)]
struct Edge {
    to: usize,
    kind: StepKind,
    confidence: Option<f64>,
    mapping: Option<String>,
    strength: f64,
}

/// A node reached in one layer: strength, previous node, index of the edge in its adjacency.
type Reached = (f64, usize, usize);

fn adjacency(snapshot: &Snapshot) -> Vec<Vec<Edge>> {
    let mut adjacent: Vec<Vec<Edge>> = vec![Vec::new(); snapshot.nodes.len()];
    for record in &snapshot.mappings {
        let confidence = record.provenance.as_ref().and_then(|p| p.confidence);
        let mapping = record.provenance.as_ref().map(|p| p.mapping.clone());
        let factor = confidence.map_or(1.0, |c| c.clamp(0.0, 1.0));
        for (from, to, kind) in [
            (record.subject, record.object, record.kind),
            (record.object, record.subject, record.kind.inverse()),
        ] {
            adjacent[from].push(Edge {
                to,
                kind: kind.into(),
                confidence,
                mapping: mapping.clone(),
                strength: kind.strength() * factor,
            });
        }
    }
    for &(narrower, broader) in &snapshot.broader {
        adjacent[narrower].push(Edge {
            to: broader,
            kind: StepKind::Broader,
            confidence: None,
            mapping: None,
            strength: HIERARCHY_STRENGTH,
        });
        adjacent[broader].push(Edge {
            to: narrower,
            kind: StepKind::Narrower,
            confidence: None,
            mapping: None,
            strength: HIERARCHY_STRENGTH,
        });
    }
    // Fixed order by content, so ties between equally strong paths resolve the same way whatever
    // order the store returned the triples in.
    for edges in &mut adjacent {
        edges.sort_by(|x, y| {
            (snapshot.nodes[x.to].iri.as_str(), x.kind, &x.mapping)
                .cmp(&(snapshot.nodes[y.to].iri.as_str(), y.kind, &y.mapping))
                .then(y.strength.total_cmp(&x.strength))
        });
    }
    adjacent
}

/// The strongest path from `start` to a node in `targets` within `max_hops`, as
/// (layers of reached nodes, final layer, target).
fn best_path(
    adjacent: &[Vec<Edge>],
    start: usize,
    targets: &HashSet<usize>,
    max_hops: usize,
    snapshot: &Snapshot,
) -> Option<Vec<(usize, usize)>> {
    let mut best: HashMap<usize, f64> = HashMap::from([(start, 1.0)]);
    let mut layers: Vec<BTreeMap<usize, Reached>> = Vec::new();
    let mut frontier: Vec<(usize, f64)> = vec![(start, 1.0)];
    let mut winner: Option<(f64, usize, usize)> = None; // strength, layer, node
    for _ in 0..max_hops {
        let mut next: BTreeMap<usize, Reached> = BTreeMap::new();
        for &(node, strength) in &frontier {
            for (index, edge) in adjacent[node].iter().enumerate() {
                let reached = strength * edge.strength;
                let known = best
                    .get(&edge.to)
                    .copied()
                    .unwrap_or(0.0)
                    .max(next.get(&edge.to).map_or(0.0, |r| r.0));
                if reached > known {
                    next.insert(edge.to, (reached, node, index));
                }
            }
        }
        if next.is_empty() {
            break;
        }
        let layer = layers.len();
        for (&node, &(strength, _, _)) in &next {
            best.insert(node, strength);
            if targets.contains(&node) {
                let better = match winner {
                    None => true,
                    Some((s, l, n)) => {
                        strength > s
                            || (strength == s
                                && l == layer
                                && snapshot.nodes[node].iri < snapshot.nodes[n].iri)
                    }
                };
                if better {
                    winner = Some((strength, layer, node));
                }
            }
        }
        // Targets end paths: going on from one can only weaken the link.
        frontier = next
            .iter()
            .filter(|(node, _)| !targets.contains(node))
            .map(|(&node, r)| (node, r.0))
            .collect();
        layers.push(next);
    }
    let (_, mut layer, mut node) = winner?;
    let mut steps = Vec::new();
    loop {
        let (_, previous, edge) = layers[layer][&node];
        steps.push((previous, edge));
        if layer == 0 {
            break;
        }
        layer -= 1;
        node = previous;
    }
    steps.reverse();
    Some(steps)
}

/// Items of `a` with no curated mapping (either direction, any kind) to an item of `b`, each with
/// the strongest path of at most `max_hops` steps to an item of `b` through other frameworks'
/// mappings and the hierarchy; items that nothing links are listed with an empty path and
/// strength 0. Items that belong to both schemes are not gaps. Sorted by item label.
pub fn framework_gaps(
    store: &Store,
    a: &NamedNode,
    b: &NamedNode,
    max_hops: usize,
) -> Result<Vec<GapRow>, CrosswalkError> {
    let snapshot = Snapshot::load(store)?;
    let (a, b) = pair(&snapshot, a, b)?;
    let mapped: HashSet<usize> = curated_pairs(&snapshot, a, b)
        .into_keys()
        .map(|(x, _)| x)
        .collect();
    let targets: HashSet<usize> = snapshot.schemes[b].items.iter().copied().collect();
    let gaps: Vec<usize> = snapshot.schemes[a]
        .items
        .iter()
        .copied()
        .filter(|i| !mapped.contains(i) && !targets.contains(i))
        .collect();
    let adjacent = adjacency(&snapshot);
    let row = |item: usize| -> GapRow {
        let mut path = Vec::new();
        let mut strength = 0.0;
        let mut target = None;
        if let Some(steps) = best_path(&adjacent, item, &targets, max_hops, &snapshot) {
            strength = 1.0;
            for (from, index) in steps {
                let edge = &adjacent[from][index];
                strength *= edge.strength;
                target = Some(edge.to);
                path.push(PathStep {
                    node: snapshot.nodes[edge.to].iri.as_str().to_owned(),
                    label: snapshot.label(edge.to),
                    framework: snapshot.framework_code(edge.to),
                    edge: edge.kind,
                    confidence: edge.confidence,
                    mapping: edge.mapping.clone(),
                    strength: edge.strength,
                });
            }
        }
        GapRow {
            item: snapshot.nodes[item].iri.as_str().to_owned(),
            item_label: snapshot.label(item),
            target: target.map(|t| snapshot.nodes[t].iri.as_str().to_owned()),
            target_label: target.map(|t| snapshot.label(t)),
            hops: path.len(),
            path,
            strength,
        }
    };
    // Each search is independent; threads help only when there are many items to search from.
    let threads = if gaps.len() < 512 {
        1
    } else {
        crate::parallel::available_threads()
    };
    let mut rows = crate::parallel::map_indexed(gaps.len(), threads, || (), |(), i| row(gaps[i]))
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    rows.sort_by(|x, y| (&x.item_label, &x.item).cmp(&(&y.item_label, &y.item)));
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{ex, fixture_graph};
    use super::*;
    use crate::{Graph, RdfInput};
    use rstest::rstest;

    fn gap<'a>(rows: &'a [GapRow], local: &str) -> &'a GapRow {
        rows.iter()
            .find(|r| r.item == ex(local).as_str())
            .unwrap_or_else(|| panic!("{local} not in {rows:#?}"))
    }

    fn nodes(row: &GapRow) -> Vec<String> {
        row.path
            .iter()
            .map(|s| s.node.trim_start_matches("http://example.org/").to_owned())
            .collect()
    }

    #[test]
    fn gaps_with_paths_through_other_frameworks_and_the_hierarchy() {
        let graph = fixture_graph();
        let rows = framework_gaps(graph.store(), &ex("fa"), &ex("fc"), 3).unwrap();
        // a1 relatedMatch c1 directly: not a gap.
        let items: Vec<&str> = rows.iter().map(|r| r.item_label.as_str()).collect();
        assert_eq!(
            items,
            [
                "Clinical coding",
                "Information governance",
                "Records management",
                "Team leadership"
            ]
        );
        // a2 -> b2 (b2 broadMatch a2, read back: narrow, 0.6 x 0.7) -> b4 (narrower, 0.5) -> c2 (close, 0.8 x 0.5).
        let a2 = gap(&rows, "a2");
        assert_eq!(nodes(a2), ["b2", "b4", "c2"]);
        assert_eq!(
            a2.path.iter().map(|s| s.edge).collect::<Vec<_>>(),
            [StepKind::NarrowMatch, StepKind::Narrower, StepKind::CloseMatch]
        );
        assert_eq!(a2.path[0].confidence, Some(0.7));
        assert_eq!(a2.path[0].mapping.as_deref(), Some(ex("m2").as_str()));
        assert_eq!(a2.path[1].framework.as_deref(), Some("FB"));
        assert!((a2.strength - 0.42 * 0.5 * 0.4).abs() < 1e-12);
        assert_eq!(
            (a2.hops, a2.target.as_deref(), a2.target_label.as_deref()),
            (3, Some(ex("c2").as_str()), Some("Medical records management"))
        );
        // a3: 0.8 x 0.5 x 0.4 = 0.16 through FB beats 0.4 x 0.2 = 0.08 through FE.
        let a3 = gap(&rows, "a3");
        assert_eq!(nodes(a3), ["b2", "b4", "c2"]);
        assert!((a3.strength - 0.16).abs() < 1e-12);
        // a5 goes up to a3 first: with three steps only the FE route fits (0.5 x 0.4 x 0.2).
        let a5 = gap(&rows, "a5");
        assert_eq!(nodes(a5), ["a3", "e1", "c2"]);
        assert_eq!(a5.path[0].edge, StepKind::Broader);
        assert!((a5.strength - 0.04).abs() < 1e-12);
        // a4 reaches b3, which links nowhere else.
        let a4 = gap(&rows, "a4");
        assert_eq!((a4.path.len(), a4.strength, a4.target.as_deref()), (0, 0.0, None));
    }

    /// The table row writes the path out as text and keeps its steps.
    #[test]
    fn gap_table_rows_write_the_path() {
        let graph = fixture_graph();
        let rows = framework_gaps(graph.store(), &ex("fa"), &ex("fc"), 3).unwrap();
        let a2 = gap(&rows, "a2").clone();
        let labels: Vec<String> = a2.path.iter().map(|s| s.label.clone()).collect();
        let row = GapTableRow::from(a2.clone());
        assert_eq!(
            row.path,
            format!(
                "-NarrowMatch-> {} -Narrower-> {} -CloseMatch-> Medical records management",
                labels[0], labels[1]
            )
        );
        assert_eq!(row.steps, a2.path);
        assert_eq!((row.item, row.hops, row.strength), (a2.item, 3, a2.strength));
        let unlinked = GapTableRow::from(gap(&rows, "a4").clone());
        assert_eq!((unlinked.path.as_str(), unlinked.steps.len()), ("", 0));
    }

    #[test]
    fn the_hop_limit_keeps_the_best_path_that_fits() {
        let graph = fixture_graph();
        let two = framework_gaps(graph.store(), &ex("fa"), &ex("fc"), 2).unwrap();
        assert_eq!(nodes(gap(&two, "a3")), ["e1", "c2"]);
        assert!((gap(&two, "a3").strength - 0.08).abs() < 1e-12);
        assert_eq!(gap(&two, "a2").strength, 0.0);
        let four = framework_gaps(graph.store(), &ex("fa"), &ex("fc"), 4).unwrap();
        assert_eq!(nodes(gap(&four, "a5")), ["a3", "b2", "b4", "c2"]);
        assert!((gap(&four, "a5").strength - 0.08).abs() < 1e-12);
        let none = framework_gaps(graph.store(), &ex("fa"), &ex("fc"), 0).unwrap();
        assert!(none.iter().all(|r| r.path.is_empty() && r.strength == 0.0) && none.len() == 4);
    }

    /// Every simple path of the fixture, enumerated by depth-first search over a hand-written edge
    /// list, gives the same best strengths for every pair of frameworks and hop limit, although the
    /// fixture holds the cycle a1 -> b1 -> c1 -> a1.
    #[rstest]
    #[case(1)]
    #[case(2)]
    #[case(3)]
    #[case(5)]
    #[case(12)]
    fn strengths_equal_brute_force_over_simple_paths(#[case] max_hops: usize) {
        let edges: &[(&str, &str, f64)] = &[
            ("a1", "b1", 0.9),
            ("a1", "b1", 0.9),
            ("b2", "a2", 0.6 * 0.7),
            ("a3", "b2", 0.8),
            ("a4", "b3", 0.4 * 0.6),
            ("a4", "b3", 0.4),
            ("c1", "b1", 0.6 * 0.8),
            ("b4", "c2", 0.8 * 0.5),
            ("a1", "c1", 0.4),
            ("a3", "e1", 0.4),
            ("e1", "c2", 0.4 * 0.5),
            ("a5", "a3", 0.5),
            ("b4", "b2", 0.5),
        ];
        let members = |f: char| -> Vec<String> {
            [
                "a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3", "b4", "c1", "c2", "d1", "d2", "e1",
            ]
            .iter()
            .filter(|n| n.starts_with(f))
            .map(|n| (*n).to_owned())
            .collect()
        };
        fn search(
            node: &str,
            targets: &[String],
            edges: &[(&str, &str, f64)],
            visited: &mut Vec<String>,
            strength: f64,
            hops: usize,
            best: &mut f64,
        ) {
            if targets.iter().any(|t| t == node) && !visited.is_empty() {
                *best = best.max(strength);
                return;
            }
            if hops == 0 {
                return;
            }
            for &(x, y, s) in edges {
                for (from, to) in [(x, y), (y, x)] {
                    if from == node
                        && !visited.iter().any(|v| v == to)
                        && to != visited.first().map_or("", String::as_str)
                    {
                        visited.push(to.to_owned());
                        search(to, targets, edges, visited, strength * s, hops - 1, best);
                        visited.pop();
                    }
                }
            }
        }
        let graph = fixture_graph();
        for a in ['a', 'b', 'c', 'd', 'e'] {
            for b in ['a', 'b', 'c', 'd', 'e'] {
                if a == b {
                    continue;
                }
                let rows = framework_gaps(
                    graph.store(),
                    &ex(&format!("f{a}")),
                    &ex(&format!("f{b}")),
                    max_hops,
                )
                .unwrap();
                let targets = members(b);
                for row in &rows {
                    let start = row.item.trim_start_matches("http://example.org/");
                    let mut best = 0.0;
                    let mut visited = Vec::new();
                    // The start counts as visited for cycle purposes through `first()` once pushed.
                    visited.push(start.to_owned());
                    let mut inner = 0.0;
                    for &(x, y, s) in edges {
                        for (from, to) in [(x, y), (y, x)] {
                            if from == start {
                                visited.push(to.to_owned());
                                search(to, &targets, edges, &mut visited, s, max_hops - 1, &mut inner);
                                visited.pop();
                            }
                        }
                    }
                    best = f64::max(best, inner);
                    assert!(
                        (row.strength - best).abs() < 1e-12,
                        "f{a} -> f{b}, {start}, {max_hops} hops: {} vs {best}",
                        row.strength
                    );
                    let product: f64 = row.path.iter().map(|s| s.strength).product();
                    assert!(row.path.is_empty() || (product - row.strength).abs() < 1e-12);
                }
            }
        }
    }

    #[test]
    fn items_mapped_both_ways_and_frameworks_without_mappings() {
        let graph = fixture_graph();
        // From FB, b1 is mapped to FA both ways and b4 only through the hierarchy.
        let rows = framework_gaps(graph.store(), &ex("fb"), &ex("fa"), 10).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(nodes(&rows[0]), ["b2", "a3"]);
        assert!((rows[0].strength - 0.4).abs() < 1e-12);
        // FD links to nothing: every item is a gap without a path.
        let rows = framework_gaps(graph.store(), &ex("fd"), &ex("fa"), 10).unwrap();
        assert_eq!(
            rows.iter()
                .map(|r| (r.item_label.as_str(), r.hops, r.strength))
                .collect::<Vec<_>>(),
            [("Catering", 0, 0.0), ("Estates", 0, 0.0)]
        );
        assert!(matches!(
            framework_gaps(graph.store(), &ex("fa"), &ex("missing"), 3),
            Err(CrosswalkError::UnknownFramework { .. })
        ));
    }

    /// Many gap items are searched on several threads; each must still get its own path.
    #[test]
    fn many_gap_items_are_searched_in_parallel_with_the_same_answers() {
        let mut turtle = String::from(
            "@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix ex: <http://example.org/> .
             ex:x a skos:ConceptScheme . ex:y a skos:ConceptScheme .
             ex:root skos:inScheme ex:x ; skos:prefLabel \"Root\" ; skos:relatedMatch ex:y1 .
             ex:y1 skos:inScheme ex:y ; skos:prefLabel \"Target\" .\n",
        );
        for i in 0..700 {
            turtle.push_str(&format!(
                "ex:x{i:03} skos:inScheme ex:x ; skos:prefLabel \"Item {i:03}\" ; skos:broader ex:root .\n"
            ));
        }
        let graph = Graph::empty().unwrap();
        graph.load(RdfInput::Text(&turtle), Some("turtle"), None).unwrap();
        let rows = framework_gaps(graph.store(), &ex("x"), &ex("y"), 3).unwrap();
        assert_eq!(rows.len(), 700, "the root is mapped directly");
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(row.item_label, format!("Item {i:03}"));
            assert_eq!(nodes(row), ["root", "y1"]);
            assert_eq!(
                (row.path[0].edge, row.path[1].edge),
                (StepKind::Broader, StepKind::RelatedMatch)
            );
            assert!((row.strength - 0.5 * 0.4).abs() < 1e-12);
        }
    }

    #[test]
    fn bundled_gaps_use_curated_crosswalks() {
        let graph = Graph::bundled().unwrap();
        let framework = |code: &str| {
            NamedNode::new_unchecked(format!("https://w3id.org/workforce-graph/id/framework/{code}"))
        };
        let rows = framework_gaps(graph.store(), &framework("pksb"), &framework("ddat"), 4).unwrap();
        // PKSB areas 5 and 8 map to DDaT skills directly; the other 13 are gaps.
        assert_eq!(rows.len(), 13);
        assert!(rows
            .iter()
            .all(|r| !r.item.ends_with("pksb/area/5") && !r.item.ends_with("pksb/area/8")));
        // Area 1 reaches DDaT through KSF: PKSB 1 related IK1 (0.4 x 0.4), IK1 related Data management (0.4 x 0.4).
        let organising = rows.iter().find(|r| r.item.ends_with("pksb/area/1")).unwrap();
        let path: Vec<(&str, Option<&str>)> = organising
            .path
            .iter()
            .map(|s| (s.label.as_str(), s.framework.as_deref()))
            .collect();
        assert_eq!(
            path,
            [
                ("Information processing", Some("KSF")),
                ("Data management", Some("DDaT"))
            ]
        );
        assert!((organising.strength - 0.16 * 0.16).abs() < 1e-12);
        let extra = Graph::empty().unwrap();
        extra
            .load(
                RdfInput::Text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> . <http://example.org/s> a skos:ConceptScheme ."),
                None,
                None,
            )
            .unwrap();
        assert!(matches!(
            framework_gaps(extra.store(), &ex("s"), &ex("s"), 3),
            Err(CrosswalkError::SameFramework(_))
        ));
    }
}
