//! Reads what the framework analyses need from the store's default graph (the graph SPARQL
//! queries see), once per call: concept schemes and their items, labels, curated mappings with
//! their provenance, and the `skos:broader` hierarchy. Nodes get integer ids so the analyses can
//! work on plain vectors.

use super::{CrosswalkError, MappingKind};
use crate::rules::best_label;
use crate::vocab;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{
    GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term, TermRef,
};
use oxigraph::store::{StorageError, Store};
use std::collections::{BTreeSet, HashMap, HashSet};

const SCHEME_TYPES: [NamedNodeRef<'static>; 7] = [
    vocab::skos::CONCEPT_SCHEME,
    vocab::wg::FRAMEWORK,
    vocab::wg::CODING_FRAME,
    vocab::wg::SPECIALIST_AREA_SCHEME,
    vocab::wg::LEVEL_SCALE,
    vocab::wg::PROFICIENCY_SCALE,
    vocab::wg::SENIORITY_SCALE,
];

const LEVEL_SCALE_TYPES: [NamedNodeRef<'static>; 3] = [
    vocab::wg::LEVEL_SCALE,
    vocab::wg::PROFICIENCY_SCALE,
    vocab::wg::SENIORITY_SCALE,
];

/// One concept (or other node reached by a scheme, a mapping or the hierarchy).
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub iri: NamedNode,
    pub label: Option<String>,
    /// Schemes the node is placed in, by scheme id, ascending.
    pub schemes: Vec<usize>,
    /// A level or a piece of role structure: never a framework item.
    pub excluded: bool,
}

/// One concept scheme.
#[derive(Debug, Clone)]
pub(crate) struct Scheme {
    pub iri: NamedNode,
    /// `skos:notation` (smallest), else the name, else the IRI.
    pub code: String,
    /// `skos:prefLabel`, else the code.
    pub name: String,
    /// Typed as a scheme (not only used as the object of `skos:inScheme`).
    pub typed: bool,
    pub is_framework: bool,
    pub is_level_scale: bool,
    /// Item node ids, ascending by IRI.
    pub items: Vec<usize>,
}

/// Provenance of one curated mapping, from its `wg:Mapping` node.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Provenance {
    pub mapping: String,
    pub justification: Option<String>,
    pub confidence: Option<f64>,
    pub similarity_score: Option<f64>,
    pub author: Option<String>,
    pub author_label: Option<String>,
    pub date: Option<String>,
    pub topic: Option<String>,
    pub comment: Option<String>,
    pub sources: Vec<String>,
}

/// One curated mapping statement: a plain SKOS mapping triple, a `wg:Mapping` node, or both.
#[derive(Debug, Clone)]
pub(crate) struct MappingRecord {
    pub subject: usize,
    pub kind: MappingKind,
    pub object: usize,
    pub provenance: Option<Provenance>,
}

/// A mapping record as seen from framework `a` towards framework `b`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Oriented {
    pub a_item: usize,
    pub kind: MappingKind,
    pub b_item: usize,
    /// The statement was made from b to a (so `kind` is the inverse of the stated predicate).
    pub inverted: bool,
}

/// Everything read from the store.
pub(crate) struct Snapshot {
    pub nodes: Vec<Node>,
    pub node_index: HashMap<NamedNode, usize>,
    pub schemes: Vec<Scheme>,
    pub scheme_index: HashMap<NamedNode, usize>,
    pub mappings: Vec<MappingRecord>,
    /// `(narrower, broader)` pairs from `skos:broader` and inverted `skos:narrower`.
    pub broader: Vec<(usize, usize)>,
}

pub(crate) fn quads<'a>(
    store: &'a Store,
    subject: Option<NamedOrBlankNodeRef<'_>>,
    predicate: NamedNodeRef<'_>,
    object: Option<TermRef<'_>>,
) -> impl Iterator<Item = Result<Quad, StorageError>> + 'a {
    store.quads_for_pattern(subject, Some(predicate), object, Some(GraphNameRef::DefaultGraph))
}

/// The named-node subjects of `?s rdf:type <class>`.
pub(crate) fn instances(store: &Store, class: NamedNodeRef<'_>) -> Result<Vec<NamedNode>, StorageError> {
    let mut found = Vec::new();
    for quad in quads(store, None, rdf::TYPE, Some(class.into())) {
        if let NamedOrBlankNode::NamedNode(node) = quad?.subject {
            found.push(node);
        }
    }
    Ok(found)
}

/// Every object of `subject predicate ?o`.
pub(crate) fn objects(
    store: &Store,
    subject: NamedOrBlankNodeRef<'_>,
    predicate: NamedNodeRef<'_>,
) -> Result<Vec<Term>, StorageError> {
    quads(store, Some(subject), predicate, None)
        .map(|q| q.map(|q| q.object))
        .collect()
}

/// Whether `subject rdf:type class` is stated.
pub(crate) fn has_type(
    store: &Store,
    subject: NamedNodeRef<'_>,
    class: NamedNodeRef<'_>,
) -> Result<bool, StorageError> {
    Ok(quads(store, Some(subject.into()), rdf::TYPE, Some(class.into()))
        .next()
        .transpose()?
        .is_some())
}

/// A `wg:Mapping` node already stating `subject property object` (curated, accepted or
/// imported), whatever its IRI.
pub(crate) fn existing_mapping(
    store: &Store,
    subject: &NamedNode,
    property: &NamedNode,
    object: &NamedNode,
) -> Result<Option<NamedNode>, StorageError> {
    for quad in quads(
        store,
        None,
        vocab::owl::ANNOTATED_SOURCE,
        Some(subject.as_ref().into()),
    ) {
        let NamedOrBlankNode::NamedNode(node) = quad?.subject else {
            continue;
        };
        let states = |predicate, value: &NamedNode| {
            quads(
                store,
                Some(node.as_ref().into()),
                predicate,
                Some(value.as_ref().into()),
            )
            .next()
            .transpose()
        };
        if states(vocab::owl::ANNOTATED_PROPERTY, property)?.is_some()
            && states(vocab::owl::ANNOTATED_TARGET, object)?.is_some()
            && has_type(store, node.as_ref(), vocab::wg::MAPPING)?
        {
            return Ok(Some(node));
        }
    }
    Ok(None)
}

fn literal_text(term: &Term) -> Option<String> {
    match term {
        Term::Literal(l) => Some(l.value().to_owned()),
        _ => None,
    }
}

fn term_string(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_owned(),
    }
}

impl Snapshot {
    /// Reads schemes, items, labels, mappings and the hierarchy.
    pub fn load(store: &Store) -> Result<Self, StorageError> {
        let mut snapshot = Self {
            nodes: Vec::new(),
            node_index: HashMap::new(),
            schemes: Vec::new(),
            scheme_index: HashMap::new(),
            mappings: Vec::new(),
            broader: Vec::new(),
        };
        for class in SCHEME_TYPES {
            for scheme in instances(store, class)? {
                let id = snapshot.scheme(&scheme);
                let entry = &mut snapshot.schemes[id];
                entry.typed = true;
                entry.is_framework |= class == vocab::wg::FRAMEWORK;
                entry.is_level_scale |= LEVEL_SCALE_TYPES.contains(&class);
            }
        }
        let mut members: Vec<(NamedNode, NamedNode)> = Vec::new();
        for predicate in [vocab::skos::IN_SCHEME, vocab::skos::TOP_CONCEPT_OF] {
            for quad in quads(store, None, predicate, None) {
                let quad = quad?;
                if let (NamedOrBlankNode::NamedNode(concept), Term::NamedNode(scheme)) =
                    (quad.subject, quad.object)
                {
                    members.push((concept, scheme));
                }
            }
        }
        for quad in quads(store, None, vocab::skos::HAS_TOP_CONCEPT, None) {
            let quad = quad?;
            if let (NamedOrBlankNode::NamedNode(scheme), Term::NamedNode(concept)) =
                (quad.subject, quad.object)
            {
                members.push((concept, scheme));
            }
        }
        for (concept, scheme) in members {
            let scheme = snapshot.scheme(&scheme);
            let node = snapshot.node(&concept);
            if !snapshot.nodes[node].schemes.contains(&scheme) {
                snapshot.nodes[node].schemes.push(scheme);
            }
        }
        snapshot.load_mappings(store)?;
        let mut broader = BTreeSet::new();
        for (predicate, flip) in [(vocab::skos::BROADER, false), (vocab::skos::NARROWER, true)] {
            for quad in quads(store, None, predicate, None) {
                let quad = quad?;
                if let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (quad.subject, quad.object) {
                    if s == o {
                        continue;
                    }
                    let (s, o) = (snapshot.node(&s), snapshot.node(&o));
                    broader.insert(if flip { (o, s) } else { (s, o) });
                }
            }
        }
        snapshot.broader = broader.into_iter().collect();
        for node in crate::rules::not_items(store, crate::rules::ItemRule::Analysis)? {
            if let Some(&id) = snapshot.node_index.get(&node) {
                snapshot.nodes[id].excluded = true;
            }
        }
        // Labels: one scan of skos:prefLabel, kept for the nodes and schemes we know.
        let mut labels: HashMap<NamedNode, Vec<Term>> = HashMap::new();
        for quad in quads(store, None, vocab::skos::PREF_LABEL, None) {
            let quad = quad?;
            if let NamedOrBlankNode::NamedNode(subject) = quad.subject {
                if snapshot.node_index.contains_key(&subject) || snapshot.scheme_index.contains_key(&subject)
                {
                    labels.entry(subject).or_default().push(quad.object);
                }
            }
        }
        for node in &mut snapshot.nodes {
            node.label = labels.get(&node.iri).and_then(|terms| best_label(terms));
        }
        for scheme in &mut snapshot.schemes {
            let name = labels.get(&scheme.iri).and_then(|terms| best_label(terms));
            let code = objects(store, scheme.iri.as_ref().into(), vocab::skos::NOTATION)?
                .iter()
                .filter_map(literal_text)
                .min();
            scheme.code = code
                .or_else(|| name.clone())
                .unwrap_or_else(|| scheme.iri.as_str().to_owned());
            scheme.name = name.unwrap_or_else(|| scheme.code.clone());
        }
        for node in 0..snapshot.nodes.len() {
            snapshot.nodes[node].schemes.sort_unstable();
            if snapshot.nodes[node].excluded {
                continue;
            }
            for &scheme in &snapshot.nodes[node].schemes {
                snapshot.schemes[scheme].items.push(node);
            }
        }
        let nodes = &snapshot.nodes;
        for scheme in &mut snapshot.schemes {
            scheme.items.sort_by(|x, y| nodes[*x].iri.cmp(&nodes[*y].iri));
        }
        Ok(snapshot)
    }

    fn node(&mut self, iri: &NamedNode) -> usize {
        intern(&mut self.nodes, &mut self.node_index, iri, || Node {
            iri: iri.clone(),
            label: None,
            schemes: Vec::new(),
            excluded: false,
        })
    }

    fn scheme(&mut self, iri: &NamedNode) -> usize {
        intern(&mut self.schemes, &mut self.scheme_index, iri, || Scheme {
            iri: iri.clone(),
            code: String::new(),
            name: String::new(),
            typed: false,
            is_framework: false,
            is_level_scale: false,
            items: Vec::new(),
        })
    }

    /// Plain SKOS mapping triples and `wg:Mapping` nodes, merged: a node and its mirrored triple
    /// give one record; a triple without a node gives a record without provenance.
    fn load_mappings(&mut self, store: &Store) -> Result<(), StorageError> {
        let mut plain: BTreeSet<(NamedNode, MappingKind, NamedNode)> = BTreeSet::new();
        for kind in MappingKind::ALL {
            for quad in quads(store, None, kind.iri(), None) {
                let quad = quad?;
                if let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (quad.subject, quad.object) {
                    plain.insert((s, kind, o));
                }
            }
        }
        let mut records: Vec<(NamedNode, MappingKind, NamedNode, Option<Provenance>)> = Vec::new();
        let mut described: HashSet<(NamedNode, MappingKind, NamedNode)> = HashSet::new();
        for quad in quads(store, None, rdf::TYPE, Some(vocab::wg::MAPPING.into())) {
            let node = quad?.subject;
            let first = |predicate| -> Result<Option<Term>, StorageError> {
                Ok(objects(store, node.as_ref(), predicate)?
                    .into_iter()
                    .min_by_key(term_string))
            };
            let (Some(Term::NamedNode(s)), Some(Term::NamedNode(p)), Some(Term::NamedNode(o))) = (
                first(vocab::owl::ANNOTATED_SOURCE)?,
                first(vocab::owl::ANNOTATED_PROPERTY)?,
                first(vocab::owl::ANNOTATED_TARGET)?,
            ) else {
                continue;
            };
            let Some(kind) = MappingKind::from_iri(p.as_str()) else {
                continue;
            };
            let author = first(vocab::dcterms::CREATOR)?;
            let author_label = match &author {
                Some(Term::NamedNode(agent)) => {
                    let mut names = objects(store, agent.as_ref().into(), vocab::skos::PREF_LABEL)?;
                    names.extend(objects(store, agent.as_ref().into(), vocab::foaf::NAME)?);
                    best_label(&names)
                }
                _ => None,
            };
            let mut sources: Vec<String> = objects(store, node.as_ref(), vocab::dcterms::SOURCE)?
                .iter()
                .map(term_string)
                .collect();
            sources.sort();
            let provenance = Provenance {
                mapping: match &node {
                    NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
                    NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
                },
                justification: first(vocab::wg::MAPPING_JUSTIFICATION)?.as_ref().map(term_string),
                confidence: first(vocab::wg::CONFIDENCE)?
                    .as_ref()
                    .and_then(literal_text)
                    .and_then(|v| v.trim().parse::<f64>().ok()),
                similarity_score: first(vocab::wg::SIMILARITY_SCORE)?
                    .as_ref()
                    .and_then(literal_text)
                    .and_then(|v| v.trim().parse::<f64>().ok()),
                author: author.as_ref().map(term_string),
                author_label: author_label.or_else(|| author.as_ref().and_then(literal_text)),
                date: first(vocab::dcterms::DATE)?.as_ref().and_then(literal_text),
                topic: first(vocab::dcterms::SUBJECT)?.as_ref().map(term_string),
                comment: best_label(&objects(store, node.as_ref(), vocab::rdfs::COMMENT)?),
                sources,
            };
            described.insert((s.clone(), kind, o.clone()));
            records.push((s, kind, o, Some(provenance)));
        }
        for (s, kind, o) in plain {
            if !described.contains(&(s.clone(), kind, o.clone())) {
                records.push((s, kind, o, None));
            }
        }
        records.sort_by(|x, y| {
            (&x.0, x.1, &x.2, x.3.as_ref().map(|p| &p.mapping)).cmp(&(
                &y.0,
                y.1,
                &y.2,
                y.3.as_ref().map(|p| &p.mapping),
            ))
        });
        for (s, kind, o, provenance) in records {
            if s == o {
                continue;
            }
            let (subject, object) = (self.node(&s), self.node(&o));
            self.mappings.push(MappingRecord {
                subject,
                kind,
                object,
                provenance,
            });
        }
        Ok(())
    }

    /// Whether `node` is an item of `scheme`.
    pub fn is_item(&self, node: usize, scheme: usize) -> bool {
        let node = &self.nodes[node];
        !node.excluded && node.schemes.binary_search(&scheme).is_ok()
    }

    /// The record seen from `a` towards `b`, if it links an item of `a` with an item of `b`. When
    /// both ends belong to both schemes the stated direction wins.
    pub fn orient(&self, record: &MappingRecord, a: usize, b: usize) -> Option<Oriented> {
        if self.is_item(record.subject, a) && self.is_item(record.object, b) {
            Some(Oriented {
                a_item: record.subject,
                kind: record.kind,
                b_item: record.object,
                inverted: false,
            })
        } else if self.is_item(record.subject, b) && self.is_item(record.object, a) {
            Some(Oriented {
                a_item: record.object,
                kind: record.kind.inverse(),
                b_item: record.subject,
                inverted: true,
            })
        } else {
            None
        }
    }

    /// The scheme id of a framework given by IRI, or an error listing close codes and names.
    pub fn framework(&self, framework: &NamedNode) -> Result<usize, CrosswalkError> {
        if let Some(&id) = self.scheme_index.get(framework) {
            if crate::import::sfia::is_unloaded(framework, self.schemes[id].items.len()) {
                return Err(CrosswalkError::NotLoaded(
                    crate::import::sfia::NOT_LOADED.to_owned(),
                ));
            }
            return Ok(id);
        }
        let names: Vec<String> = self
            .schemes
            .iter()
            .filter(|s| s.typed)
            .flat_map(|s| [s.code.clone(), s.iri.as_str().to_owned()])
            .collect();
        let suggestions = crate::text::closest(
            framework.as_str(),
            names.iter().map(|name| (name.as_str(), name.clone())),
        );
        Err(CrosswalkError::UnknownFramework {
            iri: framework.as_str().to_owned(),
            suggestions,
        })
    }

    /// The frameworks analysed when none are named: every `wg:Framework` with at least one item,
    /// plus every other scheme (not a level scale) holding an end of a curated mapping (e.g. the
    /// coding frame's specialist areas). Of schemes with exactly the same items (the specialist
    /// areas sit in both `hicp/areas` and `hicp/coding-frame`), only the first by IRI is kept.
    pub fn default_frameworks(&self) -> Vec<usize> {
        let endpoints: HashSet<usize> = self.mappings.iter().flat_map(|m| [m.subject, m.object]).collect();
        let mut candidates: Vec<usize> = (0..self.schemes.len())
            .filter(|&id| {
                let scheme = &self.schemes[id];
                scheme.typed
                    && !scheme.is_level_scale
                    && !scheme.items.is_empty()
                    && (scheme.is_framework || scheme.items.iter().any(|i| endpoints.contains(i)))
            })
            .collect();
        candidates.sort_by(|x, y| self.schemes[*x].iri.cmp(&self.schemes[*y].iri));
        let mut kept: Vec<usize> = Vec::new();
        for id in candidates {
            if !kept
                .iter()
                .any(|&k| self.schemes[k].items == self.schemes[id].items)
            {
                kept.push(id);
            }
        }
        kept
    }

    /// The label of a node, or its IRI.
    pub fn label(&self, node: usize) -> String {
        self.nodes[node]
            .label
            .clone()
            .unwrap_or_else(|| self.nodes[node].iri.as_str().to_owned())
    }

    /// The code of the framework a node is shown under: a `wg:Framework` first, then any other
    /// scheme that is not a level scale, then any scheme.
    pub fn framework_code(&self, node: usize) -> Option<String> {
        self.nodes[node]
            .schemes
            .iter()
            .min_by_key(|&&s| {
                let scheme = &self.schemes[s];
                (!scheme.is_framework, scheme.is_level_scale, scheme.iri.as_str())
            })
            .map(|&s| self.schemes[s].code.clone())
    }
}

/// The id of `iri` in `items`, adding `new()` at the end the first time it is seen: nodes and
/// schemes are numbered in order of first sight, and `index` keeps the IRI-to-id lookup in step.
fn intern<T>(
    items: &mut Vec<T>,
    index: &mut HashMap<NamedNode, usize>,
    iri: &NamedNode,
    new: impl FnOnce() -> T,
) -> usize {
    *index.entry(iri.clone()).or_insert_with(|| {
        items.push(new());
        items.len() - 1
    })
}
