//! 1EdTech Competencies and Academic Standards Exchange (CASE): a `CFPackage` JSON document
//! (`CFDocument`, `CFItems`, `CFAssociations`) to and from the workforce model.
//!
//! Mapping (`ontology/README.md`, "How 1EdTech CASE and ESCO map onto this model"):
//!
//! | CASE | graph |
//! |---|---|
//! | `CFDocument` | `wg:Framework`, a `skos:ConceptScheme` named by its `uri` |
//! | `CFItem` | `wg:Competency` in the scheme, named by its `uri`; `humanCodingScheme` as `skos:notation` |
//! | `isChildOf` | `skos:broader` (child → parent), `skos:topConceptOf` when the parent is the document |
//! | `isPartOf` | `skos:broader` plus `dcterms:isPartOf` |
//! | `exactMatchOf` / `isRelatedTo` | `skos:exactMatch` / `skos:relatedMatch` plus a `wg:Mapping` node |
//! | `isPeerOf` | `skos:related` |
//! | `precedes` | `wg:rank` along each chain (1, 2, ...) |
//! | `replacedBy` | `dcterms:isReplacedBy` |
//! | `exemplar` | `foaf:page` |
//! | `hasSkillLevel` | a `wg:Requirement` with `wg:requiredCompetency` and `wg:requiredLevel` (the level, typed `wg:Level`) |
//!
//! An item's label is its `abbreviatedStatement` when it has one (the `fullStatement` then becomes
//! its `skos:definition`), else its `fullStatement`. Exporting writes those back, so a package
//! re-imports to the same triples.

use super::standard::{dcterms, find_cycle, iri_slug, problem, read_text, skos, text, OWL, SEMAPV, SKOS};
use super::{wg, wgid, ImportReport, ImportedTriples, WGID};
use crate::error::{DataError, DataErrorKind, ImportError};
use crate::rules::minted_uuid;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, TermRef, Triple};
use oxigraph::store::Store;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

/// The association types the importer maps.
pub const ASSOCIATION_TYPES: [&str; 10] = [
    "isChildOf",
    "isPartOf",
    "exactMatchOf",
    "isRelatedTo",
    "isPeerOf",
    "precedes",
    "replacedBy",
    "exemplar",
    "hasSkillLevel",
    "isTranslationOf",
];

/// Association types whose destination may be a concept of the graph outside the package.
const LINKS_OUTSIDE: [&str; 4] = ["exactMatchOf", "isRelatedTo", "isPeerOf", "replacedBy"];

/// The 1-based line of the `nth` (0-based) occurrence of `needle` in `text`, if any.
fn line_of(text: &str, needle: &str, nth: usize) -> Option<u64> {
    let position = text.match_indices(needle).nth(nth)?.0;
    Some(text[..position].matches('\n').count() as u64 + 1)
}

/// Reads a CFPackage. `known` says whether an IRI outside the package is a concept the graph
/// already holds (a match may point to another framework's item).
pub fn read_case(path: &Path, known: &dyn Fn(&str) -> bool) -> Result<ImportedTriples, ImportError> {
    let content = read_text(path)?;
    let package: Value = serde_json::from_str(&content).map_err(|e| {
        ImportError::from(
            DataError::new(DataErrorKind::Malformed, path, format!("not valid JSON: {e}"))
                .at_line(e.line() as u64)
                .at_offset(e.column() as u64),
        )
    })?;
    let mut report = ImportReport {
        source: path.display().to_string(),
        ..ImportReport::default()
    };
    let at_id = |id: &str, nth: usize| line_of(&content, &format!("\"{id}\""), nth);
    let missing = |what: &str, field: &str, line: Option<u64>| {
        problem(
            path,
            line,
            Some(field),
            DataErrorKind::MissingField,
            format!("{what} has no {field:?}"),
        )
    };
    let Some(package) = package.as_object() else {
        return Err(problem(
            path,
            Some(1),
            None,
            DataErrorKind::InvalidValue,
            "a CFPackage is a JSON object",
        ));
    };
    let document = package
        .get("CFDocument")
        .and_then(Value::as_object)
        .ok_or_else(|| missing("the package", "CFDocument", Some(1)))?;
    let field = |object: &Map<String, Value>,
                 name: &str,
                 what: &str,
                 line: Option<u64>|
     -> Result<String, ImportError> {
        match object.get(name) {
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_owned()),
            _ => Err(missing(what, name, line)),
        }
    };
    let optional = |object: &Map<String, Value>, name: &str| -> Option<String> {
        object
            .get(name)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let node_of = |value: &str, line: Option<u64>, name: &str| -> Result<NamedNode, ImportError> {
        NamedNode::new(value).map_err(|_| {
            problem(
                path,
                line,
                Some(name),
                DataErrorKind::InvalidValue,
                format!("{value:?} is not an absolute IRI"),
            )
        })
    };

    let doc_line = line_of(&content, "\"CFDocument\"", 0);
    let doc_id = field(document, "identifier", "CFDocument", doc_line)?;
    let doc_uri = field(document, "uri", "CFDocument", doc_line)?;
    let title = field(document, "title", "CFDocument", doc_line)?;
    let modified = field(document, "lastChangeDateTime", "CFDocument", doc_line)?;
    let language = optional(document, "language").unwrap_or_else(|| "en".to_owned());
    let scheme = node_of(&doc_uri, doc_line, "uri")?;

    let mut triples = Vec::new();
    add(
        &mut triples,
        &scheme,
        rdf::TYPE.into_owned(),
        skos("ConceptScheme").into(),
    );
    add(
        &mut triples,
        &scheme,
        rdf::TYPE.into_owned(),
        wg("Framework").into(),
    );
    add(
        &mut triples,
        &scheme,
        skos("prefLabel"),
        text(&title, &language).into(),
    );
    add(&mut triples, &scheme, skos("notation"), text(&title, "").into());
    add(
        &mut triples,
        &scheme,
        dcterms("identifier"),
        text(&doc_id, "").into(),
    );
    add(
        &mut triples,
        &scheme,
        dcterms("modified"),
        text(&modified, "").into(),
    );
    if let Some(creator) = optional(document, "creator") {
        add(
            &mut triples,
            &scheme,
            dcterms("creator"),
            text(&creator, "").into(),
        );
    }
    if let Some(version) = optional(document, "version") {
        add(
            &mut triples,
            &scheme,
            NamedNode::new_unchecked(format!("{OWL}versionInfo")),
            text(&version, "").into(),
        );
    }
    if let Some(page) = optional(document, "officialSourceURL").and_then(|u| NamedNode::new(u).ok()) {
        add(
            &mut triples,
            &scheme,
            crate::vocab::foaf::HOMEPAGE.into_owned(),
            page.into(),
        );
    }

    // Record `index` of the package's CFItems or CFAssociations: an object with an identifier no
    // other record uses. Returns the object, how to name it in messages, and its identifier.
    // Before the identifier is known, the line is guessed from the index'th `anchor` field.
    let open_record = |ids: &mut HashMap<String, usize>, list: &str, anchor: &str, index: usize| {
        let guess_line = line_of(&content, &format!("\"{anchor}\""), index);
        let what = format!("{list}[{index}]");
        let Some(object) = package
            .get(list)
            .and_then(|records| records.get(index))
            .and_then(Value::as_object)
        else {
            return Err(problem(
                path,
                guess_line,
                None,
                DataErrorKind::InvalidValue,
                format!("{what} is not an object"),
            ));
        };
        let id = field(object, "identifier", &what, guess_line)?;
        let count = ids.entry(id.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            return Err(problem(
                path,
                at_id(&id, *count - 1),
                Some("identifier"),
                DataErrorKind::DuplicateId,
                format!("identifier {id} is used twice"),
            ));
        }
        Ok((object, what, id))
    };

    // Items: identifiers and IRIs must be unique across the package.
    let mut ids: HashMap<String, usize> = HashMap::new();
    ids.insert(doc_id.clone(), 1);
    let mut by_uri: HashMap<String, NamedNode> = HashMap::new();
    let items: &[Value] = package
        .get("CFItems")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice);
    let mut dropped_fields: BTreeSet<String> = BTreeSet::new();
    const ITEM_FIELDS: [&str; 9] = [
        "identifier",
        "uri",
        "fullStatement",
        "abbreviatedStatement",
        "humanCodingScheme",
        "CFItemType",
        "listEnumeration",
        "lastChangeDateTime",
        "CFDocumentURI",
    ];
    for index in 0..items.len() {
        let (item, what, id) = open_record(&mut ids, "CFItems", "fullStatement", index)?;
        let line = at_id(&id, 0);
        let uri = field(item, "uri", &what, line)?;
        let statement = field(item, "fullStatement", &what, line)?;
        let node = node_of(&uri, line, "uri")?;
        if by_uri.insert(uri.clone(), node.clone()).is_some() || uri == doc_uri {
            return Err(problem(
                path,
                line,
                Some("uri"),
                DataErrorKind::DuplicateId,
                format!("uri {uri} is used twice"),
            ));
        }
        add(
            &mut triples,
            &node,
            rdf::TYPE.into_owned(),
            skos("Concept").into(),
        );
        add(
            &mut triples,
            &node,
            rdf::TYPE.into_owned(),
            wg("Competency").into(),
        );
        add(&mut triples, &node, skos("inScheme"), scheme.clone().into());
        add(&mut triples, &node, dcterms("identifier"), text(&id, "").into());
        match optional(item, "abbreviatedStatement") {
            Some(short) => {
                add(
                    &mut triples,
                    &node,
                    skos("prefLabel"),
                    text(&short, &language).into(),
                );
                add(
                    &mut triples,
                    &node,
                    skos("definition"),
                    text(&statement, &language).into(),
                );
            }
            None => add(
                &mut triples,
                &node,
                skos("prefLabel"),
                text(&statement, &language).into(),
            ),
        }
        if let Some(code) = optional(item, "humanCodingScheme") {
            add(&mut triples, &node, skos("notation"), text(&code, "").into());
        }
        if let Some(kind) = optional(item, "CFItemType") {
            add(&mut triples, &node, dcterms("type"), text(&kind, "").into());
        }
        if let Some(position) = optional(item, "listEnumeration") {
            match position.parse::<u64>() {
                Ok(n) => add(
                    &mut triples,
                    &node,
                    wg("listPosition"),
                    Literal::new_typed_literal(n.to_string(), xsd::INTEGER).into(),
                ),
                Err(_) => {
                    dropped_fields.insert("listEnumeration (not a whole number)".to_owned());
                }
            }
        }
        for key in item.keys() {
            if !ITEM_FIELDS.contains(&key.as_str()) {
                dropped_fields.insert(key.clone());
            }
        }
    }
    if items.is_empty() {
        return Err(problem(
            path,
            doc_line,
            Some("CFItems"),
            DataErrorKind::Empty,
            "the package has no CFItems",
        ));
    }

    // Associations.
    let associations: &[Value] = package
        .get("CFAssociations")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice);
    let mut parents: HashMap<String, Vec<String>> = HashMap::new();
    let mut precedes: HashMap<String, Vec<String>> = HashMap::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut seen_links: HashSet<(String, String, String)> = HashSet::new();
    for index in 0..associations.len() {
        let (association, what, id) = open_record(&mut ids, "CFAssociations", "associationType", index)?;
        let line = at_id(&id, 0);
        let kind = field(association, "associationType", &what, line)?;
        let end = |name: &str| -> Result<String, ImportError> {
            let value = association
                .get(name)
                .and_then(Value::as_object)
                .ok_or_else(|| missing(&what, name, line))?;
            field(value, "uri", &format!("{what}.{name}"), line)
        };
        let origin = end("originNodeURI")?;
        let destination = end("destinationNodeURI")?;
        let Some(origin_node) = by_uri.get(&origin).cloned() else {
            return Err(problem(
                path,
                line,
                Some("originNodeURI"),
                DataErrorKind::UnknownReference,
                format!("{kind} association {id} starts at {origin}, which is no CFItem of this package"),
            ));
        };
        let destination_node = match by_uri.get(&destination) {
            Some(node) => node.clone(),
            None if kind == "isChildOf" && destination == doc_uri => scheme.clone(),
            None if kind == "exemplar" => node_of(&destination, line, "destinationNodeURI")?,
            None if LINKS_OUTSIDE.contains(&kind.as_str()) && known(&destination) => {
                node_of(&destination, line, "destinationNodeURI")?
            }
            None => {
                return Err(problem(
                    path,
                    line,
                    Some("destinationNodeURI"),
                    DataErrorKind::UnknownReference,
                    format!(
                        "{kind} association {id} points to {destination}, which is no CFItem of this \
                         package nor a concept of the graph"
                    ),
                ))
            }
        };
        if !seen_links.insert((origin.clone(), kind.clone(), destination.clone())) {
            *skipped.entry(format!("{kind} (repeated)")).or_default() += 1;
            continue;
        }
        let date = optional(association, "lastChangeDateTime");
        match kind.as_str() {
            "isChildOf" if destination_node == scheme => {
                add(
                    &mut triples,
                    &origin_node,
                    skos("topConceptOf"),
                    scheme.clone().into(),
                );
            }
            "isChildOf" | "isPartOf" => {
                add(
                    &mut triples,
                    &origin_node,
                    skos("broader"),
                    destination_node.clone().into(),
                );
                if kind == "isPartOf" {
                    add(
                        &mut triples,
                        &origin_node,
                        dcterms("isPartOf"),
                        destination_node.clone().into(),
                    );
                }
                parents
                    .entry(origin.clone())
                    .or_default()
                    .push(destination.clone());
            }
            "exactMatchOf" | "isRelatedTo" => {
                let property = if kind == "exactMatchOf" {
                    "exactMatch"
                } else {
                    "relatedMatch"
                };
                triples.extend(mapping_triples(
                    &origin_node,
                    property,
                    &destination_node,
                    &id,
                    date.as_deref(),
                ));
            }
            "isPeerOf" => add(
                &mut triples,
                &origin_node,
                skos("related"),
                destination_node.clone().into(),
            ),
            "replacedBy" => add(
                &mut triples,
                &origin_node,
                dcterms("isReplacedBy"),
                destination_node.clone().into(),
            ),
            "exemplar" => add(
                &mut triples,
                &origin_node,
                crate::vocab::foaf::PAGE.into_owned(),
                destination_node.clone().into(),
            ),
            "precedes" => precedes
                .entry(origin.clone())
                .or_default()
                .push(destination.clone()),
            "hasSkillLevel" => {
                let node = wgid(&format!(
                    "case/requirement/{}--{}",
                    iri_slug(&origin),
                    iri_slug(&destination)
                ));
                add(
                    &mut triples,
                    &node,
                    rdf::TYPE.into_owned(),
                    wg("Requirement").into(),
                );
                add(
                    &mut triples,
                    &node,
                    wg("requiredCompetency"),
                    origin_node.clone().into(),
                );
                add(
                    &mut triples,
                    &node,
                    wg("requiredLevel"),
                    destination_node.clone().into(),
                );
                add(
                    &mut triples,
                    &destination_node,
                    rdf::TYPE.into_owned(),
                    wg("Level").into(),
                );
            }
            _ => {
                *skipped.entry(kind.clone()).or_default() += 1;
                continue;
            }
        }
        *counts.entry(kind).or_default() += 1;
    }
    for (relation, name) in [(&parents, "isChildOf/isPartOf"), (&precedes, "precedes")] {
        if let Some(cycle) = find_cycle(relation) {
            let first = cycle.first().cloned().unwrap_or_default();
            return Err(problem(
                path,
                line_of(&content, &format!("\"{first}\""), 0),
                Some("associationType"),
                DataErrorKind::Cycle,
                format!("the {name} associations loop: {}", cycle.join(" -> ")),
            ));
        }
    }
    // precedes: number each chain from its first item.
    if !precedes.is_empty() {
        let targets: HashSet<&String> = precedes.values().flatten().collect();
        let mut starts: Vec<&String> = precedes.keys().filter(|k| !targets.contains(k)).collect();
        starts.sort();
        let mut rank: BTreeMap<String, u64> = BTreeMap::new();
        let mut branching = 0;
        for start in starts {
            let mut current = start.clone();
            let mut position = 1;
            loop {
                let entry = rank.entry(current.clone()).or_insert(position);
                *entry = (*entry).max(position);
                let next = precedes.get(&current).map_or(&[][..], Vec::as_slice);
                if next.len() > 1 {
                    branching += 1;
                }
                let Some(following) = next.iter().min() else {
                    break;
                };
                current = following.clone();
                position += 1;
            }
        }
        for (item, position) in &rank {
            add(
                &mut triples,
                &by_uri[item],
                wg("rank"),
                Literal::new_typed_literal(position.to_string(), xsd::INTEGER).into(),
            );
        }
        if branching > 0 {
            report.notes.push(format!(
                "{branching} items precede more than one item; ranks follow the first by IRI"
            ));
        }
    }
    if !dropped_fields.is_empty() {
        report.notes.push(format!(
            "CFItem fields not mapped: {}",
            dropped_fields.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    for (kind, n) in &skipped {
        report.notes.push(format!(
            "skipped {n} {kind} associations (no counterpart in the model)"
        ));
    }
    report.added.insert("frameworks".into(), 1);
    report.added.insert("competencies".into(), items.len());
    for (kind, n) in counts {
        report.added.insert(format!("{kind} associations"), n);
    }
    report.triples = triples.len();
    Ok(ImportedTriples { triples, report })
}

fn add(triples: &mut Vec<Triple>, subject: &NamedNode, predicate: NamedNode, object: Term) {
    triples.push(Triple::new(subject.clone(), predicate, object));
}

/// The `wg:Mapping` node of a mapping (see [`super::mapping_iri`]).
pub(crate) fn mapping_node(subject: &str, property: &str, object: &str) -> NamedNode {
    super::mapping_iri(subject, property, object)
}

/// A SKOS mapping triple and its `wg:Mapping` node for a CASE association.
fn mapping_triples(
    subject: &NamedNode,
    property: &str,
    object: &NamedNode,
    id: &str,
    date: Option<&str>,
) -> Vec<Triple> {
    let predicate = skos(property);
    let node = mapping_node(subject.as_str(), property, object.as_str());
    let mut triples = vec![
        Triple::new(subject.clone(), predicate.clone(), object.clone()),
        Triple::new(node.clone(), rdf::TYPE, wg("Mapping")),
        Triple::new(
            node.clone(),
            NamedNode::new_unchecked(format!("{OWL}annotatedSource")),
            subject.clone(),
        ),
        Triple::new(
            node.clone(),
            NamedNode::new_unchecked(format!("{OWL}annotatedProperty")),
            predicate,
        ),
        Triple::new(
            node.clone(),
            NamedNode::new_unchecked(format!("{OWL}annotatedTarget")),
            object.clone(),
        ),
        Triple::new(
            node.clone(),
            wg("mappingJustification"),
            NamedNode::new_unchecked(format!("{SEMAPV}ManualMappingCuration")),
        ),
        Triple::new(
            node.clone(),
            dcterms("identifier"),
            Literal::new_simple_literal(id),
        ),
    ];
    if let Some(day) = date.and_then(|d| d.get(..10)).filter(|d| crate::xsd::is_date(d)) {
        triples.push(Triple::new(
            node,
            dcterms("date"),
            Literal::new_typed_literal(day, xsd::DATE),
        ));
    }
    triples
}

fn objects(store: &Store, subject: &NamedNode, predicate: &NamedNode) -> Result<Vec<Term>, ImportError> {
    let mut found = Vec::new();
    for quad in store.quads_for_pattern(
        Some(subject.as_ref().into()),
        Some(predicate.as_ref()),
        None,
        Some(oxigraph::model::GraphNameRef::DefaultGraph),
    ) {
        found.push(quad?.object);
    }
    found.sort_by_cached_key(ToString::to_string);
    Ok(found)
}

fn subjects(
    store: &Store,
    predicate: &NamedNode,
    object: TermRef<'_>,
) -> Result<Vec<NamedNode>, ImportError> {
    let mut found = Vec::new();
    for quad in store.quads_for_pattern(
        None,
        Some(predicate.as_ref()),
        Some(object),
        Some(oxigraph::model::GraphNameRef::DefaultGraph),
    ) {
        if let NamedOrBlankNode::NamedNode(n) = quad?.subject {
            found.push(n);
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

fn first_text(
    store: &Store,
    subject: &NamedNode,
    predicate: &NamedNode,
) -> Result<Option<(String, Option<String>)>, ImportError> {
    // English first, then untagged, then any, as elsewhere in the library.
    let mut best: Option<(u8, String, Option<String>)> = None;
    for term in objects(store, subject, predicate)? {
        if let Term::Literal(literal) = term {
            let rank = crate::rules::label_rank(literal.language());
            if crate::rules::better_label(
                rank,
                literal.value(),
                best.as_ref().map(|(r, v, _)| (*r, v.as_str())),
            ) {
                best = Some((
                    rank,
                    literal.value().to_owned(),
                    literal.language().map(str::to_owned),
                ));
            }
        }
    }
    Ok(best.map(|(_, value, language)| (value, language)))
}

fn first_node(
    store: &Store,
    subject: &NamedNode,
    predicate: &NamedNode,
) -> Result<Option<NamedNode>, ImportError> {
    Ok(objects(store, subject, predicate)?.into_iter().find_map(|t| {
        if let Term::NamedNode(n) = t {
            Some(n)
        } else {
            None
        }
    }))
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseExport {
    /// CFItems written.
    pub items: usize,
    /// CFAssociations written.
    pub associations: usize,
}

/// Builds the CFPackage of the framework `scheme`.
pub fn case_package(store: &Store, scheme: &NamedNode) -> Result<(Value, CaseExport), ImportError> {
    let in_scheme = skos("inScheme");
    let members = subjects(store, &in_scheme, scheme.as_ref().into())?;
    // Roles, role levels and families may share a framework's scheme but are not its items; the
    // levels a package lists are CFItems and go back out as such.
    let structure = crate::rules::not_items(store, crate::rules::ItemRule::Exchange)?;
    let items: Vec<NamedNode> = members.into_iter().filter(|m| !structure.contains(m)).collect();
    let item_set: HashSet<&NamedNode> = items.iter().collect();
    let (title, language) =
        first_text(store, scheme, &skos("prefLabel"))?.unwrap_or((scheme.as_str().to_owned(), None));
    let language = language.unwrap_or_else(|| "en".to_owned());
    let text_of = |subject: &NamedNode, predicate: &NamedNode| -> Result<Option<String>, ImportError> {
        Ok(first_text(store, subject, predicate)?.map(|(value, _)| value))
    };
    let doc_id = text_of(scheme, &dcterms("identifier"))?.unwrap_or_else(|| minted_uuid(&[scheme.as_str()]));
    let modified = text_of(scheme, &dcterms("modified"))?
        .unwrap_or_else(|| format!("{}T00:00:00+00:00", crate::xsd::today()));
    let doc_ref = json!({"title": title, "identifier": doc_id, "uri": scheme.as_str()});
    let mut document = json!({
        "identifier": doc_id,
        "uri": scheme.as_str(),
        "title": title,
        "lastChangeDateTime": modified,
        "language": language,
        "creator": text_of(scheme, &dcterms("creator"))?
            .unwrap_or_else(|| "workforce-graph export".to_owned()),
    });
    if let Some(version) = text_of(scheme, &NamedNode::new_unchecked(format!("{OWL}versionInfo")))? {
        document["version"] = json!(version);
    }
    if let Some(page) = first_node(store, scheme, &crate::vocab::foaf::HOMEPAGE.into_owned())? {
        document["officialSourceURL"] = json!(page.as_str());
    }

    let mut ids: HashMap<NamedNode, String> = HashMap::new();
    let mut labels: HashMap<NamedNode, String> = HashMap::new();
    let mut cf_items = Vec::new();
    for item in &items {
        let id = text_of(item, &dcterms("identifier"))?.unwrap_or_else(|| minted_uuid(&[item.as_str()]));
        let label = text_of(item, &skos("prefLabel"))?.unwrap_or_else(|| item.as_str().to_owned());
        let definition = text_of(item, &skos("definition"))?;
        let mut object = json!({
            "identifier": id,
            "uri": item.as_str(),
            "lastChangeDateTime": modified,
            "CFDocumentURI": doc_ref,
        });
        match definition {
            Some(full) => {
                object["fullStatement"] = json!(full);
                object["abbreviatedStatement"] = json!(label);
            }
            None => object["fullStatement"] = json!(label),
        }
        if let Some(code) = text_of(item, &skos("notation"))? {
            object["humanCodingScheme"] = json!(code);
        }
        if let Some(kind) = text_of(item, &dcterms("type"))? {
            object["CFItemType"] = json!(kind);
        }
        if let Some(Term::Literal(position)) = objects(store, item, &wg("listPosition"))?.into_iter().next() {
            object["listEnumeration"] = json!(position.value());
        }
        ids.insert(item.clone(), id);
        labels.insert(item.clone(), label);
        cf_items.push(object);
    }

    let mut cf_associations = Vec::new();
    let node_ref = |node: &NamedNode| -> Result<Value, ImportError> {
        let title = match labels.get(node) {
            Some(label) => label.clone(),
            None => text_of(node, &skos("prefLabel"))?.unwrap_or_else(|| node.as_str().to_owned()),
        };
        let mut value = json!({"title": title, "uri": node.as_str()});
        value["identifier"] = json!(ids
            .get(node)
            .cloned()
            .unwrap_or_else(|| minted_uuid(&[node.as_str()])));
        Ok(value)
    };
    let mut associate = |origin: &NamedNode,
                         kind: &str,
                         destination: Value,
                         stored: Option<(Option<String>, Option<String>)>| {
        let destination_uri = destination["uri"].as_str().unwrap_or_default().to_owned();
        let (id, date) = stored.unwrap_or_default();
        let id = id.unwrap_or_else(|| minted_uuid(&[origin.as_str(), kind, &destination_uri]));
        let changed = date.map_or_else(|| modified.clone(), |day| format!("{day}T00:00:00+00:00"));
        cf_associations.push(json!({
            "identifier": id,
            "uri": format!("{}{}", WGID, format_args!("case/association/{id}")),
            "associationType": kind,
            "originNodeURI": {
                "title": labels.get(origin).cloned().unwrap_or_default(),
                "identifier": ids[origin],
                "uri": origin.as_str(),
            },
            "destinationNodeURI": destination,
            "lastChangeDateTime": changed,
            "CFDocumentURI": doc_ref,
        }));
    };
    let mut ranked: BTreeMap<(Option<NamedNode>, u64), Vec<NamedNode>> = BTreeMap::new();
    for item in &items {
        let part_of: Vec<Term> = objects(store, item, &dcterms("isPartOf"))?;
        let mut parent = None;
        for term in objects(store, item, &skos("broader"))? {
            let Term::NamedNode(target) = term else {
                continue;
            };
            if !item_set.contains(&target) {
                continue;
            }
            parent.get_or_insert(target.clone());
            let kind = if part_of.contains(&Term::from(target.clone())) {
                "isPartOf"
            } else {
                "isChildOf"
            };
            associate(item, kind, node_ref(&target)?, None);
        }
        if objects(store, item, &skos("topConceptOf"))?.contains(&Term::from(scheme.clone())) {
            associate(item, "isChildOf", doc_ref.clone(), None);
        }
        for (property, kind) in [("exactMatch", "exactMatchOf"), ("relatedMatch", "isRelatedTo")] {
            for term in objects(store, item, &skos(property))? {
                let Term::NamedNode(target) = term else {
                    continue;
                };
                let node = mapping_node(item.as_str(), property, target.as_str());
                let id = text_of(&node, &dcterms("identifier"))?;
                let date = text_of(&node, &dcterms("date"))?;
                associate(item, kind, node_ref(&target)?, Some((id, date)));
            }
        }
        for (predicate, kind) in [
            (skos("related"), "isPeerOf"),
            (dcterms("isReplacedBy"), "replacedBy"),
        ] {
            for term in objects(store, item, &predicate)? {
                if let Term::NamedNode(target) = term {
                    associate(item, kind, node_ref(&target)?, None);
                }
            }
        }
        for term in objects(store, item, &crate::vocab::foaf::PAGE.into_owned())? {
            if let Term::NamedNode(target) = term {
                associate(
                    item,
                    "exemplar",
                    json!({
                        "title": target.as_str(),
                        "identifier": minted_uuid(&[target.as_str()]),
                        "uri": target.as_str(),
                    }),
                    None,
                );
            }
        }
        for requirement in subjects(store, &wg("requiredCompetency"), item.as_ref().into())? {
            if first_node(store, &requirement, &wg("forRole"))?.is_some()
                || first_node(store, &requirement, &wg("forRoleLevel"))?.is_some()
            {
                continue;
            }
            if let Some(level) = first_node(store, &requirement, &wg("requiredLevel"))? {
                if item_set.contains(&level) {
                    associate(item, "hasSkillLevel", node_ref(&level)?, None);
                }
            }
        }
        if let Some(Term::Literal(rank)) = objects(store, item, &wg("rank"))?.into_iter().next() {
            if let Ok(rank) = rank.value().parse::<u64>() {
                ranked.entry((parent, rank)).or_default().push(item.clone());
            }
        }
    }
    // precedes: each ranked item precedes the items one rank up under the same parent.
    let keys: Vec<(Option<NamedNode>, u64)> = ranked.keys().cloned().collect();
    for (parent, rank) in keys {
        if let Some(next) = ranked.get(&(parent.clone(), rank + 1)) {
            for origin in &ranked[&(parent.clone(), rank)] {
                for destination in next {
                    associate(origin, "precedes", node_ref(destination)?, None);
                }
            }
        }
    }
    let export = CaseExport {
        items: cf_items.len(),
        associations: cf_associations.len(),
    };
    let package = json!({
        "CFDocument": document,
        "CFItems": cf_items,
        "CFAssociations": cf_associations,
    });
    Ok((package, export))
}

/// Writes the CFPackage of `scheme` to `path` (pretty-printed JSON, written then renamed).
pub fn write_case(store: &Store, scheme: &NamedNode, path: &Path) -> Result<CaseExport, ImportError> {
    let (package, export) = case_package(store, scheme)?;
    let text = serde_json::to_string_pretty(&package).expect("JSON values serialise");
    write_atomically(path, text.as_bytes())?;
    Ok(export)
}

/// Writes `bytes` next to `path` under a temporary name and renames it.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    use std::io::Write;
    let io_error = |source| ImportError::Io {
        path: path.to_owned(),
        source,
    };
    crate::atomic::write_atomically(path, io_error, |file| file.write_all(bytes).map_err(io_error))
}

/// Whether `iri` is typed `skos:Concept` in `store`.
pub fn is_concept(store: &Store, value: &str) -> bool {
    let Ok(node) = NamedNodeRef::new(value) else {
        return false;
    };
    let concept = NamedNode::new_unchecked(format!("{SKOS}Concept"));
    store
        .quads_for_pattern(
            Some(node.into()),
            Some(rdf::TYPE),
            Some(concept.as_ref().into()),
            None,
        )
        .next()
        .is_some_and(|q| q.is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const PACKAGE: &str = r#"{
  "CFDocument": {"identifier": "d1", "uri": "http://e.org/doc", "title": "Demo", "creator": "Ex",
                 "lastChangeDateTime": "2024-01-02T00:00:00+00:00"},
  "CFItems": [
    {"identifier": "i1", "uri": "http://e.org/i1", "fullStatement": "Data", "lastChangeDateTime": "2024-01-02T00:00:00+00:00"},
    {"identifier": "i2", "uri": "http://e.org/i2", "fullStatement": "Analyse data well", "abbreviatedStatement": "Analysis",
     "humanCodingScheme": "D.1", "lastChangeDateTime": "2024-01-02T00:00:00+00:00"}
  ],
  "CFAssociations": [
    {"identifier": "a1", "uri": "http://e.org/a1", "associationType": "isChildOf",
     "originNodeURI": {"uri": "http://e.org/i2"}, "destinationNodeURI": {"uri": "http://e.org/i1"}},
    {"identifier": "a2", "uri": "http://e.org/a2", "associationType": "isChildOf",
     "originNodeURI": {"uri": "http://e.org/i1"}, "destinationNodeURI": {"uri": "http://e.org/doc"}}
  ]
}"#;

    fn read(text: &str) -> Result<ImportedTriples, ImportError> {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("p.json");
        std::fs::write(&path, text).unwrap();
        read_case(&path, &|_| false)
    }

    #[test]
    fn a_package_maps_to_a_scheme_with_a_hierarchy() {
        let import = read(PACKAGE).unwrap();
        assert_eq!(import.report.added["competencies"], 2);
        assert_eq!(import.report.added["isChildOf associations"], 2);
        let turtle = super::super::to_turtle(&import.triples);
        assert!(
            turtle.contains("<http://e.org/i2> skos:broader <http://e.org/i1>")
                || turtle.contains("skos:broader <http://e.org/i1>"),
            "{turtle}"
        );
        assert!(turtle.contains("\"Analysis\"@en"), "{turtle}");
    }

    #[rstest]
    #[case(PACKAGE.replace("\"i2\"", "\"i1\""), DataErrorKind::DuplicateId, Some(6))]
    #[case(PACKAGE.replace("{\"uri\": \"http://e.org/i1\"}}", "{\"uri\": \"http://e.org/nope\"}}"), DataErrorKind::UnknownReference, Some(10))]
    #[case(PACKAGE.replace("\"http://e.org/doc\"}}", "\"http://e.org/i2\"}}"), DataErrorKind::Cycle, None)]
    #[case(PACKAGE.replace("\"fullStatement\": \"Data\", ", ""), DataErrorKind::MissingField, None)]
    #[case(PACKAGE.replace("\"CFItems\": [", "\"CFItems\": [,"), DataErrorKind::Malformed, Some(4))]
    fn failures_are_classified(#[case] text: String, #[case] kind: DataErrorKind, #[case] line: Option<u64>) {
        let ImportError::Data(found) = read(&text).unwrap_err() else {
            panic!()
        };
        assert_eq!(found.kind, kind, "{found}");
        if line.is_some() {
            assert_eq!(found.line, line, "{found}");
        }
    }
}
