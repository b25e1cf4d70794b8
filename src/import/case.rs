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
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::{json, Value};
use serde_path_to_error::Segment;
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
///
/// In phases: the JSON is read into typed records by serde ([`Package::parse`]); the document ([`read_document`]), items
/// ([`read_items`]) and associations ([`read_associations`]) are checked in turn into typed
/// records, every reference resolved; the hierarchy and the `precedes` chains are checked for
/// cycles ([`check_cycles`]); then the triples are made ([`document_triples`],
/// [`item_triples`], [`association_triples`], [`rank_triples`]).
pub fn read_case(path: &Path, known: &dyn Fn(&str) -> bool) -> Result<ImportedTriples, ImportError> {
    let content = read_text(path)?;
    let package = Package::parse(path, &content)?;
    let mut report = ImportReport {
        source: path.display().to_string(),
        ..ImportReport::default()
    };
    let document = read_document(&package)?;
    // Identifiers must be unique across the package: the document's, items' and associations'.
    let mut ids: HashMap<String, usize> = HashMap::new();
    ids.insert(document.id.clone(), 1);
    let items = read_items(&package, &document, &mut ids)?;
    let links = read_associations(&package, &document, &items, &mut ids, known)?;

    let mut triples = document_triples(&document);
    item_triples(&document, &items.list, &mut triples);
    let relations = association_triples(&document, &links.list, &mut triples);
    check_cycles(&package, &relations)?;
    let branching = rank_triples(&relations.precedes, &items.by_uri, &mut triples);

    if branching > 0 {
        report.notes.push(format!(
            "{branching} items precede more than one item; ranks follow the first by IRI"
        ));
    }
    if !items.dropped_fields.is_empty() {
        report.notes.push(format!(
            "CFItem fields not mapped: {}",
            items
                .dropped_fields
                .iter()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let mut skipped = links.skipped;
    for (kind, n) in relations.skipped {
        *skipped.entry(kind).or_default() += n;
    }
    for (kind, n) in &skipped {
        report.notes.push(format!(
            "skipped {n} {kind} associations (no counterpart in the model)"
        ));
    }
    report.added.insert("frameworks".into(), 1);
    report.added.insert("competencies".into(), items.list.len());
    for (kind, n) in relations.counts {
        report.added.insert(format!("{kind} associations"), n);
    }
    report.triples = triples.len();
    Ok(ImportedTriples { triples, report })
}

/// A CFPackage as CASE 1.0 names its parts. Fields the importer does not map are ignored; each
/// text field is an `Option` so that an absent (or `null`) one is told apart from one of the wrong
/// type: the reader phases refuse an absent or blank required field as
/// [`DataErrorKind::MissingField`], serde a value of the wrong type as malformed.
#[derive(Deserialize)]
#[serde(expecting = "a CFPackage (a JSON object)")]
struct CfPackage {
    #[serde(rename = "CFDocument")]
    document: Option<CfDocument>,
    #[serde(rename = "CFItems")]
    items: Option<Vec<CfItem>>,
    #[serde(rename = "CFAssociations")]
    associations: Option<Vec<CfAssociation>>,
    #[serde(flatten)]
    _other: Others,
}

/// The fields of a record besides those its struct names, by name. Every record struct has one:
/// besides naming them (for a `CFItem`), a flattened field makes serde read the record as a JSON
/// object only, where a derived struct alone would also take an array, by position.
type Others = BTreeMap<String, IgnoredAny>;

/// A `CFDocument`: the framework.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", expecting = "a CFDocument (a JSON object)")]
struct CfDocument {
    identifier: Option<String>,
    uri: Option<String>,
    title: Option<String>,
    last_change_date_time: Option<String>,
    language: Option<String>,
    creator: Option<String>,
    version: Option<String>,
    #[serde(rename = "officialSourceURL")]
    official_source_url: Option<String>,
    #[serde(flatten)]
    _other: Others,
}

/// A `CFItem`: a competency. The fields it has besides these are kept by name, for the report
/// (see [`Items::dropped_fields`]).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", expecting = "a CFItem (a JSON object)")]
struct CfItem {
    identifier: Option<String>,
    uri: Option<String>,
    full_statement: Option<String>,
    abbreviated_statement: Option<String>,
    human_coding_scheme: Option<String>,
    #[serde(rename = "CFItemType")]
    cf_item_type: Option<String>,
    list_enumeration: Option<String>,
    /// Expected, and not mapped: the item's date and its document (the package's own), so they
    /// are not reported as left out; any JSON value is taken.
    #[serde(rename = "lastChangeDateTime")]
    _last_change_date_time: Option<IgnoredAny>,
    #[serde(rename = "CFDocumentURI")]
    _document_uri: Option<IgnoredAny>,
    /// Every other field, by name.
    #[serde(flatten)]
    other: Others,
}

/// A `CFAssociation`: a typed link from an item to an item, the document or an IRI.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", expecting = "a CFAssociation (a JSON object)")]
struct CfAssociation {
    identifier: Option<String>,
    association_type: Option<String>,
    #[serde(rename = "originNodeURI")]
    origin_node_uri: Option<CfLink>,
    #[serde(rename = "destinationNodeURI")]
    destination_node_uri: Option<CfLink>,
    last_change_date_time: Option<String>,
    #[serde(flatten)]
    _other: Others,
}

/// A `LinkURI` (an association's end): only its `uri` is read.
#[derive(Deserialize)]
#[serde(expecting = "a LinkURI (a JSON object)")]
struct CfLink {
    uri: Option<String>,
    #[serde(flatten)]
    _other: Others,
}

/// A CFPackage read by serde ([`CfPackage`]) with its file and text, which locate records for
/// messages: serde keeps no positions of values it read well, so a record's line is where its
/// identifier first appears in the text.
struct Package<'p> {
    path: &'p Path,
    content: &'p str,
    document: Option<CfDocument>,
    items: Vec<CfItem>,
    associations: Vec<CfAssociation>,
}

impl<'p> Package<'p> {
    /// Reads the file's text. Not JSON at all is malformed at serde_json's line and column; so is
    /// a value of the wrong type (a package that is no object, an item that is a string, a
    /// number for a text field), named by its path in the package (`CFItems[3].uri`, from
    /// `serde_path_to_error`) as well.
    fn parse(path: &'p Path, content: &'p str) -> Result<Self, ImportError> {
        // The syntax of the whole text first, so broken JSON is reported as such (where it
        // breaks) even after a value of the wrong type; a pass that keeps nothing is cheap.
        serde_json::from_str::<IgnoredAny>(content).map_err(|e| {
            ImportError::from(
                DataError::new(DataErrorKind::Malformed, path, format!("not valid JSON: {e}"))
                    .at_line(e.line() as u64)
                    .at_offset(e.column() as u64),
            )
        })?;
        let mut deserializer = serde_json::Deserializer::from_str(content);
        let package: CfPackage = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let field = e.path().iter().rev().find_map(|segment| match segment {
                Segment::Map { key } => Some(key.clone()),
                _ => None,
            });
            let at = if e.path().iter().next().is_none() {
                "the CFPackage".to_owned()
            } else {
                e.path().to_string()
            };
            let inner = e.inner();
            let error = DataError::new(DataErrorKind::Malformed, path, format!("{at}: {inner}"))
                .at_line(inner.line() as u64)
                .at_offset(inner.column() as u64);
            ImportError::from(match field {
                Some(field) => error.in_column(&field),
                None => error,
            })
        })?;
        Ok(Self {
            path,
            content,
            document: package.document,
            items: package.items.unwrap_or_default(),
            associations: package.associations.unwrap_or_default(),
        })
    }

    /// The line of the `nth` (0-based) occurrence of `"{id}"` in the text.
    fn at_id(&self, id: &str, nth: usize) -> Option<u64> {
        line_of(self.content, &format!("\"{id}\""), nth)
    }

    /// The error for a required field `field` of `what` that is absent (or blank).
    fn missing(&self, what: &str, field: &str, line: Option<u64>) -> ImportError {
        problem(
            self.path,
            line,
            Some(field),
            DataErrorKind::MissingField,
            format!("{what} has no {field:?}"),
        )
    }

    /// The required text `value` of the field `name` (of `what`), trimmed.
    fn required(
        &self,
        value: Option<&str>,
        name: &str,
        what: &str,
        line: Option<u64>,
    ) -> Result<String, ImportError> {
        optional(value).ok_or_else(|| self.missing(what, name, line))
    }

    /// `value` (of the field `name`) as an IRI.
    fn node_of(&self, value: &str, line: Option<u64>, name: &str) -> Result<NamedNode, ImportError> {
        NamedNode::new(value).map_err(|_| {
            problem(
                self.path,
                line,
                Some(name),
                DataErrorKind::InvalidValue,
                format!("{value:?} is not an absolute IRI"),
            )
        })
    }

    /// The identifier of record `index` of the package's `list`, which no other record may use.
    /// Returns how to name the record in messages, and its identifier. Before the identifier is
    /// known, the line is guessed from the index'th `anchor` field.
    fn open_record(
        &self,
        ids: &mut HashMap<String, usize>,
        list: &str,
        anchor: &str,
        index: usize,
        identifier: Option<&str>,
    ) -> Result<(String, String), ImportError> {
        let guess_line = line_of(self.content, &format!("\"{anchor}\""), index);
        let what = format!("{list}[{index}]");
        let id = self.required(identifier, "identifier", &what, guess_line)?;
        let count = ids.entry(id.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            return Err(problem(
                self.path,
                self.at_id(&id, *count - 1),
                Some("identifier"),
                DataErrorKind::DuplicateId,
                format!("identifier {id} is used twice"),
            ));
        }
        Ok((what, id))
    }
}

/// An optional text, trimmed; `None` when absent or blank.
fn optional(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// The package's `CFDocument`, checked.
struct Document {
    id: String,
    uri: String,
    scheme: NamedNode,
    title: String,
    modified: String,
    language: String,
    creator: Option<String>,
    version: Option<String>,
    page: Option<NamedNode>,
    /// Where `"CFDocument"` is in the text.
    line: Option<u64>,
}

/// Reads the `CFDocument`: identifier, IRI, title and last change are required.
fn read_document(package: &Package<'_>) -> Result<Document, ImportError> {
    let line = line_of(package.content, "\"CFDocument\"", 0);
    let document = package
        .document
        .as_ref()
        .ok_or_else(|| package.missing("the package", "CFDocument", Some(1)))?;
    let field =
        |value: &Option<String>, name: &str| package.required(value.as_deref(), name, "CFDocument", line);
    let id = field(&document.identifier, "identifier")?;
    let uri = field(&document.uri, "uri")?;
    let title = field(&document.title, "title")?;
    let modified = field(&document.last_change_date_time, "lastChangeDateTime")?;
    let language = optional(document.language.as_deref()).unwrap_or_else(|| "en".to_owned());
    let scheme = package.node_of(&uri, line, "uri")?;
    Ok(Document {
        id,
        uri,
        scheme,
        title,
        modified,
        language,
        creator: optional(document.creator.as_deref()),
        version: optional(document.version.as_deref()),
        page: optional(document.official_source_url.as_deref()).and_then(|u| NamedNode::new(u).ok()),
        line,
    })
}

/// A `CFItem`, checked.
struct Item {
    id: String,
    node: NamedNode,
    statement: String,
    abbreviated: Option<String>,
    code: Option<String>,
    kind: Option<String>,
    /// `listEnumeration` when a whole number.
    position: Option<u64>,
}

/// The package's items, and what of them the import leaves out.
struct Items {
    /// In package order.
    list: Vec<Item>,
    /// Each item's node by its IRI.
    by_uri: HashMap<String, NamedNode>,
    /// Fields not mapped (and a `listEnumeration` that is no whole number).
    dropped_fields: BTreeSet<String>,
}

/// Reads the `CFItems`: each needs an identifier and IRI no other record uses, and a
/// `fullStatement`; a package without items is refused.
fn read_items(
    package: &Package<'_>,
    document: &Document,
    ids: &mut HashMap<String, usize>,
) -> Result<Items, ImportError> {
    let mut items = Items {
        list: Vec::with_capacity(package.items.len()),
        by_uri: HashMap::new(),
        dropped_fields: BTreeSet::new(),
    };
    for (index, item) in package.items.iter().enumerate() {
        let (what, id) =
            package.open_record(ids, "CFItems", "fullStatement", index, item.identifier.as_deref())?;
        let line = package.at_id(&id, 0);
        let uri = package.required(item.uri.as_deref(), "uri", &what, line)?;
        let statement = package.required(item.full_statement.as_deref(), "fullStatement", &what, line)?;
        let node = package.node_of(&uri, line, "uri")?;
        if items.by_uri.insert(uri.clone(), node.clone()).is_some() || uri == document.uri {
            return Err(problem(
                package.path,
                line,
                Some("uri"),
                DataErrorKind::DuplicateId,
                format!("uri {uri} is used twice"),
            ));
        }
        let position =
            optional(item.list_enumeration.as_deref()).and_then(|position| match position.parse::<u64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    items
                        .dropped_fields
                        .insert("listEnumeration (not a whole number)".to_owned());
                    None
                }
            });
        items.dropped_fields.extend(item.other.keys().cloned());
        items.list.push(Item {
            id,
            node,
            statement,
            abbreviated: optional(item.abbreviated_statement.as_deref()),
            code: optional(item.human_coding_scheme.as_deref()),
            kind: optional(item.cf_item_type.as_deref()),
            position,
        });
    }
    if items.list.is_empty() {
        return Err(problem(
            package.path,
            document.line,
            Some("CFItems"),
            DataErrorKind::Empty,
            "the package has no CFItems",
        ));
    }
    Ok(items)
}

/// A `CFAssociation`, checked, with both ends resolved.
struct Link {
    id: String,
    kind: String,
    origin: String,
    destination: String,
    origin_node: NamedNode,
    destination_node: NamedNode,
    date: Option<String>,
}

/// The package's associations, each (origin, type, destination) once.
struct Links {
    list: Vec<Link>,
    /// Associations left out (repeats), by type.
    skipped: BTreeMap<String, usize>,
}

/// Reads the `CFAssociations`: each needs an identifier no other record uses, a type and both
/// ends; its origin must be an item of the package, its destination too, except the document
/// (`isChildOf`), any IRI (`exemplar`) or a concept of the graph (`known`, for the types that
/// may link outside). A repeated association is skipped.
fn read_associations(
    package: &Package<'_>,
    document: &Document,
    items: &Items,
    ids: &mut HashMap<String, usize>,
    known: &dyn Fn(&str) -> bool,
) -> Result<Links, ImportError> {
    let mut links = Links {
        list: Vec::with_capacity(package.associations.len()),
        skipped: BTreeMap::new(),
    };
    let mut seen: HashSet<(String, String, String)> = HashSet::new();
    for (index, association) in package.associations.iter().enumerate() {
        let (what, id) = package.open_record(
            ids,
            "CFAssociations",
            "associationType",
            index,
            association.identifier.as_deref(),
        )?;
        let line = package.at_id(&id, 0);
        let kind = package.required(
            association.association_type.as_deref(),
            "associationType",
            &what,
            line,
        )?;
        let end = |end: &Option<CfLink>, name: &str| -> Result<String, ImportError> {
            let end = end.as_ref().ok_or_else(|| package.missing(&what, name, line))?;
            package.required(end.uri.as_deref(), "uri", &format!("{what}.{name}"), line)
        };
        let origin = end(&association.origin_node_uri, "originNodeURI")?;
        let destination = end(&association.destination_node_uri, "destinationNodeURI")?;
        let Some(origin_node) = items.by_uri.get(&origin).cloned() else {
            return Err(problem(
                package.path,
                line,
                Some("originNodeURI"),
                DataErrorKind::UnknownReference,
                format!("{kind} association {id} starts at {origin}, which is no CFItem of this package"),
            ));
        };
        let destination_node = match items.by_uri.get(&destination) {
            Some(node) => node.clone(),
            None if kind == "isChildOf" && destination == document.uri => document.scheme.clone(),
            None if kind == "exemplar" => package.node_of(&destination, line, "destinationNodeURI")?,
            None if LINKS_OUTSIDE.contains(&kind.as_str()) && known(&destination) => {
                package.node_of(&destination, line, "destinationNodeURI")?
            }
            None => {
                return Err(problem(
                    package.path,
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
        if !seen.insert((origin.clone(), kind.clone(), destination.clone())) {
            *links.skipped.entry(format!("{kind} (repeated)")).or_default() += 1;
            continue;
        }
        links.list.push(Link {
            date: optional(association.last_change_date_time.as_deref()),
            id,
            kind,
            origin,
            destination,
            origin_node,
            destination_node,
        });
    }
    Ok(links)
}

/// The triples of the document: a `wg:Framework` scheme.
fn document_triples(document: &Document) -> Vec<Triple> {
    let (scheme, language) = (&document.scheme, document.language.as_str());
    let mut triples = Vec::new();
    add(
        &mut triples,
        scheme,
        rdf::TYPE.into_owned(),
        skos("ConceptScheme").into(),
    );
    add(
        &mut triples,
        scheme,
        rdf::TYPE.into_owned(),
        wg("Framework").into(),
    );
    add(
        &mut triples,
        scheme,
        skos("prefLabel"),
        text(&document.title, language).into(),
    );
    add(
        &mut triples,
        scheme,
        skos("notation"),
        text(&document.title, "").into(),
    );
    add(
        &mut triples,
        scheme,
        dcterms("identifier"),
        text(&document.id, "").into(),
    );
    add(
        &mut triples,
        scheme,
        dcterms("modified"),
        text(&document.modified, "").into(),
    );
    if let Some(creator) = &document.creator {
        add(&mut triples, scheme, dcterms("creator"), text(creator, "").into());
    }
    if let Some(version) = &document.version {
        add(
            &mut triples,
            scheme,
            NamedNode::new_unchecked(format!("{OWL}versionInfo")),
            text(version, "").into(),
        );
    }
    if let Some(page) = &document.page {
        add(
            &mut triples,
            scheme,
            crate::vocab::foaf::HOMEPAGE.into_owned(),
            page.clone().into(),
        );
    }
    triples
}

/// The triples of the items: `wg:Competency` concepts of the scheme, labelled by their
/// abbreviated statement when they have one (the full statement then their definition).
fn item_triples(document: &Document, items: &[Item], triples: &mut Vec<Triple>) {
    let language = document.language.as_str();
    for item in items {
        let node = &item.node;
        add(triples, node, rdf::TYPE.into_owned(), skos("Concept").into());
        add(triples, node, rdf::TYPE.into_owned(), wg("Competency").into());
        add(triples, node, skos("inScheme"), document.scheme.clone().into());
        add(triples, node, dcterms("identifier"), text(&item.id, "").into());
        match &item.abbreviated {
            Some(short) => {
                add(triples, node, skos("prefLabel"), text(short, language).into());
                add(
                    triples,
                    node,
                    skos("definition"),
                    text(&item.statement, language).into(),
                );
            }
            None => add(
                triples,
                node,
                skos("prefLabel"),
                text(&item.statement, language).into(),
            ),
        }
        if let Some(code) = &item.code {
            add(triples, node, skos("notation"), text(code, "").into());
        }
        if let Some(kind) = &item.kind {
            add(triples, node, dcterms("type"), text(kind, "").into());
        }
        if let Some(n) = item.position {
            add(
                triples,
                node,
                wg("listPosition"),
                Literal::new_typed_literal(n.to_string(), xsd::INTEGER).into(),
            );
        }
    }
}

/// What the associations make besides triples: the relations checked for cycles, and counts.
#[derive(Default)]
struct Relations {
    /// `isChildOf`/`isPartOf` between items: child IRI → parent IRIs.
    parents: HashMap<String, Vec<String>>,
    /// `precedes`: item IRI → the IRIs it precedes.
    precedes: HashMap<String, Vec<String>>,
    /// Associations mapped, by type.
    counts: BTreeMap<String, usize>,
    /// Associations of types with no counterpart in the model, by type.
    skipped: BTreeMap<String, usize>,
}

/// The triples of the associations (see the module's table), in package order.
fn association_triples(document: &Document, links: &[Link], triples: &mut Vec<Triple>) -> Relations {
    let scheme = &document.scheme;
    let mut relations = Relations::default();
    for link in links {
        let (origin_node, destination_node) = (&link.origin_node, &link.destination_node);
        let kind = link.kind.as_str();
        match kind {
            "isChildOf" if destination_node == scheme => {
                add(triples, origin_node, skos("topConceptOf"), scheme.clone().into());
            }
            "isChildOf" | "isPartOf" => {
                add(
                    triples,
                    origin_node,
                    skos("broader"),
                    destination_node.clone().into(),
                );
                if kind == "isPartOf" {
                    add(
                        triples,
                        origin_node,
                        dcterms("isPartOf"),
                        destination_node.clone().into(),
                    );
                }
                relations
                    .parents
                    .entry(link.origin.clone())
                    .or_default()
                    .push(link.destination.clone());
            }
            "exactMatchOf" | "isRelatedTo" => {
                let property = if kind == "exactMatchOf" {
                    "exactMatch"
                } else {
                    "relatedMatch"
                };
                triples.extend(mapping_triples(
                    origin_node,
                    property,
                    destination_node,
                    &link.id,
                    link.date.as_deref(),
                ));
            }
            "isPeerOf" => add(
                triples,
                origin_node,
                skos("related"),
                destination_node.clone().into(),
            ),
            "replacedBy" => add(
                triples,
                origin_node,
                dcterms("isReplacedBy"),
                destination_node.clone().into(),
            ),
            "exemplar" => add(
                triples,
                origin_node,
                crate::vocab::foaf::PAGE.into_owned(),
                destination_node.clone().into(),
            ),
            "precedes" => relations
                .precedes
                .entry(link.origin.clone())
                .or_default()
                .push(link.destination.clone()),
            "hasSkillLevel" => {
                let node = wgid(&format!(
                    "case/requirement/{}--{}",
                    iri_slug(&link.origin),
                    iri_slug(&link.destination)
                ));
                add(triples, &node, rdf::TYPE.into_owned(), wg("Requirement").into());
                add(
                    triples,
                    &node,
                    wg("requiredCompetency"),
                    origin_node.clone().into(),
                );
                add(
                    triples,
                    &node,
                    wg("requiredLevel"),
                    destination_node.clone().into(),
                );
                add(
                    triples,
                    destination_node,
                    rdf::TYPE.into_owned(),
                    wg("Level").into(),
                );
            }
            _ => {
                *relations.skipped.entry(link.kind.clone()).or_default() += 1;
                continue;
            }
        }
        *relations.counts.entry(link.kind.clone()).or_default() += 1;
    }
    relations
}

/// Refuses a loop of `isChildOf`/`isPartOf` or of `precedes` ([`find_cycle`], from the items in
/// sorted order), located where the first item of the loop appears in the text.
fn check_cycles(package: &Package<'_>, relations: &Relations) -> Result<(), ImportError> {
    for (relation, name) in [
        (&relations.parents, "isChildOf/isPartOf"),
        (&relations.precedes, "precedes"),
    ] {
        if let Some(cycle) = find_cycle(relation) {
            let first = cycle.first().cloned().unwrap_or_default();
            return Err(problem(
                package.path,
                package.at_id(&first, 0),
                Some("associationType"),
                DataErrorKind::Cycle,
                format!("the {name} associations loop: {}", cycle.join(" -> ")),
            ));
        }
    }
    Ok(())
}

/// The `wg:rank` of each item on a `precedes` chain, numbered from the chain's first item (a
/// branch follows the first next item by IRI); returns how many items branch.
fn rank_triples(
    precedes: &HashMap<String, Vec<String>>,
    by_uri: &HashMap<String, NamedNode>,
    triples: &mut Vec<Triple>,
) -> usize {
    if precedes.is_empty() {
        return 0;
    }
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
            triples,
            &by_uri[item],
            wg("rank"),
            Literal::new_typed_literal(position.to_string(), xsd::INTEGER).into(),
        );
    }
    branching
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
        super::super::read_written("p.json", text, |path| read_case(path, &|_| false))
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

    /// A value of the wrong type is malformed, at serde_json's line and column, named by its
    /// path in the package (and its field as the column); broken JSON is reported as such even
    /// after a value of the wrong type.
    #[rstest]
    #[case::item_no_object(PACKAGE.replace("\"CFItems\": [", "\"CFItems\": [\"i0\", "), 4, "CFItems[0]: invalid type: string", Some("CFItems"))]
    #[case::number_for_text(PACKAGE.replace("\"humanCodingScheme\": \"D.1\"", "\"humanCodingScheme\": 1"), 7, "CFItems[1].humanCodingScheme: invalid type: integer `1`, expected a string", Some("humanCodingScheme"))]
    #[case::end_no_object(PACKAGE.replace("\"originNodeURI\": {\"uri\": \"http://e.org/i2\"}", "\"originNodeURI\": \"http://e.org/i2\""), 11, "CFAssociations[0].originNodeURI: invalid type: string", Some("originNodeURI"))]
    #[case::package_no_object("[1]".to_owned(), 1, "the CFPackage: invalid type: sequence, expected a CFPackage (a JSON object)", None)]
    #[case::syntax_after_a_type_error(PACKAGE.replace("\"D.1\"", "1").replace("\"CFAssociations\": [", "\"CFAssociations\": [,"), 9, "not valid JSON: expected value", None)]
    fn wrong_types_are_malformed_at_their_path(
        #[case] text: String,
        #[case] line: u64,
        #[case] message: &str,
        #[case] field: Option<&str>,
    ) {
        let ImportError::Data(found) = read(&text).unwrap_err() else {
            panic!()
        };
        assert_eq!(found.kind, DataErrorKind::Malformed, "{found}");
        assert_eq!(found.line, Some(line), "{found}");
        assert!(found.offset.is_some(), "{found}");
        assert!(found.message.starts_with(message), "{found}");
        assert_eq!(found.column.as_deref(), field, "{found}");
    }

    /// Fields of an item the importer does not map are named in the report; a `null` optional
    /// field is absent, and fields outside CASE's records are ignored.
    #[test]
    fn unmapped_item_fields_are_reported() {
        let text = PACKAGE
            .replace("\"fullStatement\": \"Data\", ", "\"fullStatement\": \"Data\", \"notes\": [1], \"educationLevel\": null, \"humanCodingScheme\": null, ")
            .replace("\"creator\": \"Ex\",", "\"creator\": \"Ex\", \"extra\": {\"a\": 1},");
        let import = read(&text).unwrap();
        assert!(
            import
                .report
                .notes
                .contains(&"CFItem fields not mapped: educationLevel, notes".to_owned()),
            "{:?}",
            import.report.notes
        );
        assert_eq!(import.triples.len(), read(PACKAGE).unwrap().triples.len());
    }

    /// Runs `phase` on the package `text`.
    fn with_package<T>(text: &str, phase: impl FnOnce(&Package<'_>) -> T) -> T {
        let package = Package::parse(Path::new("p.json"), text).unwrap();
        phase(&package)
    }

    #[rstest]
    #[case::complete(PACKAGE.to_owned(), None)]
    #[case::no_title(PACKAGE.replace("\"title\": \"Demo\", ", ""), Some(DataErrorKind::MissingField))]
    #[case::blank_uri(PACKAGE.replace("\"http://e.org/doc\", \"title\"", "\" \", \"title\""), Some(DataErrorKind::MissingField))]
    #[case::relative_uri(PACKAGE.replace("\"http://e.org/doc\", \"title\"", "\"doc\", \"title\""), Some(DataErrorKind::InvalidValue))]
    fn the_document_is_checked(#[case] text: String, #[case] kind: Option<DataErrorKind>) {
        let found = with_package(&text, |package| {
            read_document(package).map(|d| (d.title, d.language))
        });
        match kind {
            None => assert_eq!(found.unwrap(), ("Demo".to_owned(), "en".to_owned())),
            Some(kind) => assert_eq!(found.unwrap_err().kind(), Some(kind)),
        }
    }

    /// Associations are resolved before any triple is made: the document as a parent, a repeat
    /// skipped, an unknown type kept for the triples phase to skip.
    #[test]
    fn associations_are_resolved_and_repeats_skipped() {
        let text = PACKAGE.replace(
            "\"CFAssociations\": [",
            "\"CFAssociations\": [
    {\"identifier\": \"a0\", \"associationType\": \"isChildOf\",
     \"originNodeURI\": {\"uri\": \"http://e.org/i1\"}, \"destinationNodeURI\": {\"uri\": \"http://e.org/doc\"}},
    {\"identifier\": \"a9\", \"associationType\": \"hasCousin\",
     \"originNodeURI\": {\"uri\": \"http://e.org/i1\"}, \"destinationNodeURI\": {\"uri\": \"http://e.org/i2\"}},",
        );
        let (links, relations) = with_package(&text, |package| {
            let document = read_document(package).unwrap();
            let mut ids = HashMap::from([(document.id.clone(), 1)]);
            let items = read_items(package, &document, &mut ids).unwrap();
            let links = read_associations(package, &document, &items, &mut ids, &|_| false).unwrap();
            let relations = association_triples(&document, &links.list, &mut Vec::new());
            (links, relations)
        });
        let kinds: Vec<(&str, &str)> = links
            .list
            .iter()
            .map(|l| (l.id.as_str(), l.destination_node.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("a0", "http://e.org/doc"),
                ("a9", "http://e.org/i2"),
                ("a1", "http://e.org/i1")
            ]
        );
        assert_eq!(
            links.skipped,
            BTreeMap::from([("isChildOf (repeated)".to_owned(), 1)])
        );
        assert_eq!(relations.skipped, BTreeMap::from([("hasCousin".to_owned(), 1)]));
        assert_eq!(relations.counts, BTreeMap::from([("isChildOf".to_owned(), 2)]));
        assert_eq!(
            relations.parents,
            HashMap::from([("http://e.org/i2".to_owned(), vec!["http://e.org/i1".to_owned()])])
        );
    }

    /// `precedes` chains are numbered from their first item; at a branch only the first next item
    /// by IRI is followed.
    #[test]
    fn precedes_chains_are_ranked() {
        let chain = |pairs: &[(&str, &str)]| {
            let mut map: HashMap<String, Vec<String>> = HashMap::new();
            for (from, to) in pairs {
                map.entry((*from).to_owned()).or_default().push((*to).to_owned());
            }
            map
        };
        let by_uri: HashMap<String, NamedNode> = ["a", "b", "c", "d"]
            .into_iter()
            .map(|n| {
                (
                    n.to_owned(),
                    NamedNode::new_unchecked(format!("http://e.org/{n}")),
                )
            })
            .collect();
        let mut triples = Vec::new();
        let branching = rank_triples(
            &chain(&[("a", "b"), ("b", "c"), ("a", "d")]),
            &by_uri,
            &mut triples,
        );
        let ranks: BTreeMap<String, String> = triples
            .iter()
            .map(|t| {
                let Term::Literal(rank) = &t.object else { panic!() };
                (t.subject.to_string(), rank.value().to_owned())
            })
            .collect();
        assert_eq!(branching, 1);
        assert_eq!(
            ranks.into_values().collect::<Vec<_>>(),
            ["1", "2", "3"],
            "a, b, c; d, off the first branch, is not ranked"
        );
    }
}
