//! SSSOM (Simple Standard for Sharing Ontological Mappings) TSV crosswalks to and from the
//! project's mapping model: each row becomes the SKOS mapping triple plus a `wg:Mapping` node
//! (`owl:annotatedSource/Property/Target`, `wg:mappingJustification`, `wg:confidence`, `wg:similarityScore`,
//! `dcterms:creator`, `dcterms:date`, `rdfs:comment`, `dcterms:source`), named
//! `mapping/{subject-path}--{predicate}--{object-path}` as in `ontology/data/crosswalks.ttl`.
//!
//! The `#`-prefixed YAML header is read for its `curie_map` (prefix: IRI lines) and for the
//! set-level defaults `author_id`, `mapping_date` and `mapping_justification`;
//! the reader handles the flat keys, one-level maps and `- item` lists that SSSOM headers use.

use super::case::{mapping_node, write_atomically};
use super::delimited::{cell, Table};
use super::standard::{dcterms, iri, problem, read_text, skos, text, DCTERMS, OWL, RDFS, SEMAPV, SKOS};
use super::{wg, ImportReport, ImportedTriples, WG, WGID};
use crate::error::{DataErrorKind, ImportError};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use yaml_rust2::{Yaml, YamlLoader};

/// The five SKOS mapping properties the model stores.
pub const MAPPING_PROPERTIES: [&str; 5] = [
    "exactMatch",
    "closeMatch",
    "broadMatch",
    "narrowMatch",
    "relatedMatch",
];

/// Prefixes known without a `curie_map` entry, also used to write CURIEs.
pub const BUILTIN_PREFIXES: [(&str, &str); 10] = [
    ("skos", SKOS),
    ("semapv", SEMAPV),
    ("owl", OWL),
    ("rdfs", RDFS),
    ("dcterms", DCTERMS),
    ("wg", WG),
    ("wgid", WGID),
    ("orcid", crate::vocab::ORCID),
    ("esco", crate::vocab::ESCO_DATA),
    ("sssom", crate::vocab::SSSOM),
];

/// The columns written by [`write_sssom`], in order.
pub const COLUMNS: [&str; 12] = [
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "similarity_score",
    "author_id",
    "mapping_date",
    "mapping_source",
    "comment",
];

/// The parsed YAML header: scalars, lists and the curie map.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Header {
    /// `prefix → IRI`.
    pub curie_map: BTreeMap<String, String>,
    /// Top-level scalar and list values (lists joined with `|`).
    pub values: BTreeMap<String, String>,
}

/// A YAML scalar as the text the header's values are kept as; `None` for anything else.
fn scalar_text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(text) | Yaml::Real(text) => Some(text.clone()),
        Yaml::Integer(number) => Some(number.to_string()),
        Yaml::Boolean(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// Parses the header lines (without their `#`) as the YAML document they are, with
/// `yaml-rust2` rather than a reader of our own, so quoting, flow lists (`[a, b]`), comments and
/// block scalars are read as YAML defines them. Kept: `curie_map`'s entries, and each top-level
/// scalar or list of scalars (lists joined with `|`); other values are not used by the import.
pub fn parse_header(path: &Path, lines: &[(u64, &str)]) -> Result<Header, ImportError> {
    let mut header = Header::default();
    let text: String = lines.iter().flat_map(|(_, line)| [*line, "\n"]).collect();
    // The YAML parser counts lines from 1 in `text`; the file's line is the header line's own.
    let file_line = |yaml_line: usize| {
        lines
            .get(yaml_line.saturating_sub(1))
            .or(lines.last())
            .map(|(line, _)| *line)
    };
    let documents = YamlLoader::load_from_str(&text).map_err(|error| {
        let mut yaml_line = error.marker().line();
        // A key missing its `:` is noticed only at the next line's first token (a simple key cannot
        // span lines): the line at fault is the last one with content before that.
        if error.info().contains("simple key") {
            yaml_line = (1..yaml_line)
                .rev()
                .find(|&n| {
                    lines.get(n - 1).is_some_and(|(_, text)| {
                        !text.trim().is_empty() && !text.trim_start().starts_with('#')
                    })
                })
                .unwrap_or(yaml_line);
        }
        problem(
            path,
            file_line(yaml_line),
            None,
            DataErrorKind::Malformed,
            format!("the `#` header is not valid YAML: {}", error.info()),
        )
    })?;
    let Some(document) = documents.into_iter().next() else {
        return Ok(header);
    };
    let entries = match document {
        Yaml::Hash(entries) => entries,
        Yaml::Null => return Ok(header),
        _ => {
            return Err(problem(
                path,
                lines.first().map(|(line, _)| *line),
                None,
                DataErrorKind::Malformed,
                "the `#` header is not a map of `key: value` lines",
            ))
        }
    };
    for (key, value) in entries {
        let Some(key) = scalar_text(&key) else {
            continue;
        };
        match value {
            Yaml::Hash(map) if key == "curie_map" => {
                for (prefix, namespace) in &map {
                    if let (Some(prefix), Some(namespace)) = (scalar_text(prefix), scalar_text(namespace)) {
                        header.curie_map.insert(prefix, namespace);
                    }
                }
            }
            Yaml::Array(items) => {
                let items: Vec<String> = items.iter().filter_map(scalar_text).collect();
                if !items.is_empty() {
                    header.values.insert(key, items.join("|"));
                }
            }
            other => {
                if let Some(text) = scalar_text(&other) {
                    header.values.insert(key, text);
                }
            }
        }
    }
    Ok(header)
}

/// Expands a CURIE (or an `<IRI>` / absolute IRI) with `curie_map`, then the built-in prefixes.
fn expand(value: &str, curie_map: &BTreeMap<String, String>) -> Option<NamedNode> {
    let expanded = crate::rules::expand_curie(value, |prefix| {
        curie_map
            .get(prefix)
            .map(String::as_str)
            .or_else(|| crate::rules::namespace_in(&BUILTIN_PREFIXES)(prefix))
    })?;
    NamedNode::new(expanded).ok()
}

/// Reads an SSSOM TSV file. `has_label` says whether the graph already names a concept, so that
/// labels from the file are added only to concepts the graph does not know.
pub fn read_sssom(path: &Path, has_label: &dyn Fn(&str) -> bool) -> Result<ImportedTriples, ImportError> {
    let content = read_text(path)?;
    let mut header_lines = Vec::new();
    let mut body_start = 0;
    let mut line_number = 0u64;
    for raw in content.split_inclusive('\n') {
        line_number += 1;
        if let Some(rest) = raw.strip_prefix('#') {
            // "# key: value": the space after the mark is not indentation.
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            header_lines.push((line_number, rest.trim_end_matches(['\n', '\r'])));
            body_start += raw.len();
        } else {
            break;
        }
    }
    let header = parse_header(path, &header_lines)?;
    let body = &content[body_start..];
    if body.trim().is_empty() {
        return Err(problem(
            path,
            Some(line_number),
            None,
            DataErrorKind::Empty,
            "the file has no mapping table",
        ));
    }
    let first_line = header_lines.len() as u64 + 1;
    let table = Table::parse(path, body, first_line, b'\t')?;
    let subject_c = table.column("subject_id")?;
    let predicate_c = table.column("predicate_id")?;
    let object_c = table.column("object_id")?;
    let justification_c = table.optional_column("mapping_justification");
    if justification_c.is_none() && !header.values.contains_key("mapping_justification") {
        table.column("mapping_justification")?;
    }
    let optional = |name: &str| table.optional_column(name);
    let (subject_label_c, object_label_c) = (optional("subject_label"), optional("object_label"));
    let (confidence_c, author_c, date_c) = (
        optional("confidence"),
        optional("author_id"),
        optional("mapping_date"),
    );
    let (source_c, comment_c) = (optional("mapping_source"), optional("comment"));
    let similarity_c = optional("similarity_score");

    let mut report = ImportReport {
        source: path.display().to_string(),
        ..ImportReport::default()
    };
    let mut triples = Vec::new();
    let mut seen: HashMap<(String, String, String), u64> = HashMap::new();
    let mut labelled: HashSet<String> = HashSet::new();
    let mut skipped_predicates: BTreeMap<String, usize> = BTreeMap::new();
    let mut authors: BTreeSet<String> = BTreeSet::new();
    let mut rows = 0;
    for (line, record) in &table.rows {
        let row_line = *line;
        let line = Some(row_line);
        let get = |index: Option<usize>| cell(record, index);
        // A row's cell, or where it is empty the header's set-level default of that column.
        let or_header = |index: Option<usize>, column: &str| match get(index) {
            "" => header.values.get(column).map_or("", String::as_str),
            value => value,
        };
        let node = |column: &str, value: &str| -> Result<NamedNode, ImportError> {
            if value.is_empty() {
                return Err(problem(
                    path,
                    line,
                    Some(column),
                    DataErrorKind::InvalidValue,
                    "empty value",
                ));
            }
            expand(value, &header.curie_map).ok_or_else(|| {
                problem(
                    path,
                    line,
                    Some(column),
                    DataErrorKind::UnknownReference,
                    format!("{value:?} is not an IRI nor a CURIE with a prefix in the curie_map"),
                )
            })
        };
        let subject = node("subject_id", get(Some(subject_c)))?;
        let predicate = node("predicate_id", get(Some(predicate_c)))?;
        let object = node("object_id", get(Some(object_c)))?;
        let Some(property) = predicate
            .as_str()
            .strip_prefix(SKOS)
            .filter(|p| MAPPING_PROPERTIES.contains(p))
        else {
            *skipped_predicates
                .entry(get(Some(predicate_c)).to_owned())
                .or_default() += 1;
            continue;
        };
        let key = (
            subject.as_str().to_owned(),
            property.to_owned(),
            object.as_str().to_owned(),
        );
        if let Some(first) = seen.insert(key, row_line) {
            return Err(problem(
                path,
                line,
                Some("subject_id"),
                DataErrorKind::DuplicateId,
                format!("repeats the mapping on line {first}"),
            ));
        }
        let justification_text = or_header(justification_c, "mapping_justification");
        let justification = node("mapping_justification", justification_text)?;
        let mapping = mapping_node(subject.as_str(), property, object.as_str());
        let m = || NamedOrBlankNode::from(mapping.clone());
        triples.push(Triple::new(subject.clone(), skos(property), object.clone()));
        triples.push(Triple::new(m(), rdf::TYPE, wg("Mapping")));
        triples.push(Triple::new(
            m(),
            iri(&format!("{OWL}annotatedSource")),
            subject.clone(),
        ));
        triples.push(Triple::new(
            m(),
            iri(&format!("{OWL}annotatedProperty")),
            skos(property),
        ));
        triples.push(Triple::new(
            m(),
            iri(&format!("{OWL}annotatedTarget")),
            object.clone(),
        ));
        triples.push(Triple::new(m(), wg("mappingJustification"), justification));
        // The matcher's score stays apart from the reviewer's confidence, as in SSSOM; both are
        // numbers from 0 to 1, kept as xsd:decimal.
        for (index, column, property) in [
            (confidence_c, "confidence", "confidence"),
            (similarity_c, "similarity_score", "similarityScore"),
        ] {
            let value = get(index);
            if value.is_empty() {
                continue;
            }
            let number = value
                .parse::<f64>()
                .ok()
                .filter(|v| (0.0..=1.0).contains(v))
                .ok_or_else(|| {
                    problem(
                        path,
                        line,
                        Some(column),
                        DataErrorKind::InvalidValue,
                        format!("{value:?} is not a number from 0 to 1"),
                    )
                })?;
            triples.push(Triple::new(
                m(),
                wg(property),
                Literal::new_typed_literal(crate::xsd::decimal(number), xsd::DECIMAL),
            ));
        }
        for author in list_items(or_header(author_c, "author_id")) {
            let author = node("author_id", author)?;
            authors.insert(author.as_str().to_owned());
            triples.push(Triple::new(m(), dcterms("creator"), author));
        }
        let date = or_header(date_c, "mapping_date");
        if !date.is_empty() {
            if !crate::xsd::is_date(date) {
                return Err(problem(
                    path,
                    line,
                    Some("mapping_date"),
                    DataErrorKind::InvalidValue,
                    format!("{date:?} is not a date (YYYY-MM-DD, a real day)"),
                ));
            }
            triples.push(Triple::new(
                m(),
                dcterms("date"),
                Literal::new_typed_literal(date, xsd::DATE),
            ));
        }
        for source in list_items(get(source_c)) {
            triples.push(Triple::new(
                m(),
                dcterms("source"),
                node("mapping_source", source)?,
            ));
        }
        let comment = get(comment_c);
        if !comment.is_empty() {
            triples.push(Triple::new(
                m(),
                iri(&format!("{RDFS}comment")),
                text(comment, "en"),
            ));
        }
        for (concept, label) in [(&subject, get(subject_label_c)), (&object, get(object_label_c))] {
            if !label.is_empty()
                && !has_label(concept.as_str())
                && labelled.insert(concept.as_str().to_owned())
            {
                triples.push(Triple::new(concept.clone(), rdf::TYPE, skos("Concept")));
                triples.push(Triple::new(concept.clone(), skos("prefLabel"), text(label, "en")));
            }
        }
        rows += 1;
    }
    for (predicate, n) in &skipped_predicates {
        report.notes.push(format!(
            "skipped {n} rows with predicate {predicate}: the model stores the five SKOS mapping \
             properties only"
        ));
    }
    if !labelled.is_empty() {
        report.notes.push(format!(
            "{} concepts unknown to the graph were added with their SSSOM labels",
            labelled.len()
        ));
    }
    report.added.insert("mappings".into(), rows);
    report.added.insert("authors".into(), authors.len());
    report.triples = triples.len();
    Ok(ImportedTriples { triples, report })
}

/// The items of a list cell (SSSOM separates them with `|`), trimmed, empty ones skipped.
fn list_items(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|item| !item.is_empty())
}

/// One mapping read back from the graph.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    values: [String; 12],
}

fn compact(value: &str, used: &mut BTreeMap<String, String>, extra: &mut Vec<(String, String)>) -> String {
    let known = BUILTIN_PREFIXES
        .iter()
        .map(|(p, n)| (p.to_string(), n.to_string()))
        .chain(extra.iter().cloned())
        .filter(|(_, namespace)| value.starts_with(namespace.as_str()) && value.len() > namespace.len())
        .max_by_key(|(_, namespace)| namespace.len());
    if let Some((prefix, namespace)) = known {
        let local = &value[namespace.len()..];
        // Local parts that would not survive a CURIE round trip are written as full IRIs.
        if !local.contains(['\t', '\n', ' ', '|']) {
            used.insert(prefix.clone(), namespace.clone());
            return format!("{prefix}:{local}");
        }
    }
    let cut = value.rfind(['/', '#']).map_or(value.len(), |i| i + 1);
    if cut < value.len() && value[..cut].contains("://") {
        let namespace = value[..cut].to_owned();
        let prefix = format!("ns{}", extra.len() + 1);
        extra.push((prefix.clone(), namespace.clone()));
        used.insert(prefix.clone(), namespace.clone());
        return format!("{prefix}:{}", &value[cut..]);
    }
    value.to_owned()
}

fn terms(store: &Store, subject: &NamedNode, predicate: &NamedNode) -> Result<Vec<Term>, ImportError> {
    let mut found = Vec::new();
    for quad in store.quads_for_pattern(
        Some(subject.as_ref().into()),
        Some(predicate.as_ref()),
        None,
        Some(GraphNameRef::DefaultGraph),
    ) {
        found.push(quad?.object);
    }
    found.sort_by_cached_key(ToString::to_string);
    Ok(found)
}

fn label(store: &Store, node: &NamedNode) -> Result<String, ImportError> {
    let mut best = crate::rules::BestLabel::default();
    for term in terms(store, node, &skos("prefLabel"))? {
        best.offer(&term);
    }
    Ok(best.take().unwrap_or_default())
}

/// Writes every `wg:Mapping` node of the graph (or those linking the frameworks `a` and `b`,
/// or touching `a` when only it is given) as SSSOM TSV; returns the number of rows.
pub fn write_sssom(
    store: &Store,
    path: &Path,
    a: Option<&NamedNode>,
    b: Option<&NamedNode>,
) -> Result<usize, ImportError> {
    let in_scheme = skos("inScheme");
    let schemes_of = |node: &NamedNode| -> Result<Vec<Term>, ImportError> { terms(store, node, &in_scheme) };
    let wanted = |scheme: Option<&NamedNode>, schemes: &[Term]| {
        scheme.is_none_or(|s| schemes.contains(&Term::from(s.clone())))
    };
    let mut nodes = Vec::new();
    for quad in store.quads_for_pattern(
        None,
        Some(rdf::TYPE),
        Some(wg("Mapping").as_ref().into()),
        Some(GraphNameRef::DefaultGraph),
    ) {
        if let NamedOrBlankNode::NamedNode(node) = quad?.subject {
            nodes.push(node);
        }
    }
    nodes.sort();
    let first_named = |node: &NamedNode, predicate: &str| -> Result<Option<NamedNode>, ImportError> {
        Ok(terms(store, node, &iri(predicate))?.into_iter().find_map(|t| {
            if let Term::NamedNode(n) = t {
                Some(n)
            } else {
                None
            }
        }))
    };
    let mut used: BTreeMap<String, String> = BTreeMap::new();
    let mut extra: Vec<(String, String)> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    for node in &nodes {
        let (Some(subject), Some(predicate), Some(object)) = (
            first_named(node, &format!("{OWL}annotatedSource"))?,
            first_named(node, &format!("{OWL}annotatedProperty"))?,
            first_named(node, &format!("{OWL}annotatedTarget"))?,
        ) else {
            continue;
        };
        if a.is_some() || b.is_some() {
            let (s, o) = (schemes_of(&subject)?, schemes_of(&object)?);
            if !((wanted(a, &s) && wanted(b, &o)) || (wanted(a, &o) && wanted(b, &s))) {
                continue;
            }
        }
        let literal = |predicate: &str| -> Result<String, ImportError> {
            Ok(terms(store, node, &iri(predicate))?
                .into_iter()
                .find_map(|t| {
                    if let Term::Literal(l) = t {
                        Some(l.value().to_owned())
                    } else {
                        None
                    }
                })
                .unwrap_or_default())
        };
        let named = |predicate: &str,
                     used: &mut BTreeMap<String, String>,
                     extra: &mut Vec<(String, String)>|
         -> Result<String, ImportError> {
            Ok(terms(store, node, &iri(predicate))?
                .into_iter()
                .filter_map(|t| {
                    if let Term::NamedNode(n) = t {
                        Some(compact(n.as_str(), used, extra))
                    } else {
                        None
                    }
                })
                .collect::<Vec<_>>()
                .join("|"))
        };
        let values = [
            compact(subject.as_str(), &mut used, &mut extra),
            label(store, &subject)?,
            compact(predicate.as_str(), &mut used, &mut extra),
            compact(object.as_str(), &mut used, &mut extra),
            label(store, &object)?,
            named(&format!("{WG}mappingJustification"), &mut used, &mut extra)?,
            literal(&format!("{WG}confidence"))?,
            literal(&format!("{WG}similarityScore"))?,
            named(&format!("{DCTERMS}creator"), &mut used, &mut extra)?,
            literal(&format!("{DCTERMS}date"))?,
            named(&format!("{DCTERMS}source"), &mut used, &mut extra)?,
            literal(&format!("{RDFS}comment"))?,
        ];
        rows.push(Row { values });
    }
    let mut out = String::new();
    out.push_str("# curie_map:\n");
    for (prefix, namespace) in &used {
        out.push_str(&format!("#   {prefix}: {namespace}\n"));
    }
    out.push_str(&format!("# mapping_set_id: {WGID}mapping-set/export\n"));
    out.push_str(concat!(
        "# license: ",
        crate::vocab::iri!(sssom, "license/unspecified"),
        "\n"
    ));
    out.push_str(&COLUMNS.join("\t"));
    out.push('\n');
    let clean = |value: &str| value.replace(['\t', '\n', '\r'], " ");
    for row in &rows {
        out.push_str(&row.values.iter().map(|v| clean(v)).collect::<Vec<_>>().join("\t"));
        out.push('\n');
    }
    write_atomically(path, out.as_bytes())?;
    Ok(rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const FILE: &str = "# curie_map:\n#   ex: http://e.org/\n# mapping_set_id: http://e.org/set\n# license: https://w3id.org/sssom/license/unspecified\n\
subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\tmapping_justification\tconfidence\tauthor_id\tmapping_date\n\
ex:a\tA\tskos:exactMatch\tex:b\tB\tsemapv:ManualMappingCuration\t0.9\torcid:0000-0001\t2024-05-01\n\
ex:a\tA\towl:equivalentClass\tex:c\tC\tsemapv:ManualMappingCuration\t0.9\torcid:0000-0001\t2024-05-01\n";

    fn read(text: &str) -> Result<ImportedTriples, ImportError> {
        super::super::read_written("m.sssom.tsv", text, |path| read_sssom(path, &|_| false))
    }

    #[test]
    fn rows_become_mapping_nodes() {
        let import = read(FILE).unwrap();
        assert_eq!(import.report.added["mappings"], 1);
        assert!(
            import.report.notes[0].contains("owl:equivalentClass"),
            "{:?}",
            import.report.notes
        );
        let turtle = super::super::to_turtle(&import.triples);
        assert!(turtle.contains("wg:confidence 0.9"), "{turtle}");
        assert!(turtle.contains("<https://orcid.org/0000-0001>"), "{turtle}");
    }

    #[rstest]
    #[case(FILE.replace("\t0.9\torcid:0000-0001\t2024-05-01\nex:a\tA\towl", "\t1.5\torcid:0000-0001\t2024-05-01\nex:a\tA\towl"), DataErrorKind::InvalidValue, Some(6), "confidence")]
    #[case(FILE.replace("\tconfidence\t", "\tsimilarity_score\t").replace("\t0.9\torcid:0000-0001\t2024-05-01\nex:a\tA\towl", "\t-0.1\torcid:0000-0001\t2024-05-01\nex:a\tA\towl"), DataErrorKind::InvalidValue, Some(6), "similarity_score")]
    #[case(FILE.replace("ex:b\tB", "zz:b\tB"), DataErrorKind::UnknownReference, Some(6), "object_id")]
    #[case(FILE.replace("owl:equivalentClass\tex:c", "skos:exactMatch\tex:b"), DataErrorKind::DuplicateId, Some(7), "subject_id")]
    #[case(FILE.replace("subject_id\t", "subject\t"), DataErrorKind::MissingColumn, Some(5), "subject_id")]
    #[case(FILE.replace("2024-05-01\nex:a\tA\towl", "2025-02-31\nex:a\tA\towl"), DataErrorKind::InvalidValue, Some(6), "mapping_date")]
    #[case(FILE.replace("2024-05-01\nex:a\tA\towl", "2025-2-3\nex:a\tA\towl"), DataErrorKind::InvalidValue, Some(6), "mapping_date")]
    #[case(FILE.replace("# license:", "# mapping_date: 2023-02-29\n# license:").replace("\t2024-05-01\n", "\t\n"), DataErrorKind::InvalidValue, Some(7), "mapping_date")]
    fn failures_are_located(
        #[case] text: String,
        #[case] kind: DataErrorKind,
        #[case] line: Option<u64>,
        #[case] column: &str,
    ) {
        let ImportError::Data(found) = read(&text).unwrap_err() else {
            panic!()
        };
        assert_eq!(
            (found.kind, found.line, found.column.as_deref()),
            (kind, line, Some(column)),
            "{found}"
        );
    }

    #[test]
    fn header_lists_and_maps_are_read() {
        let lines = [
            (1, "curie_map:"),
            (2, "  ex: \"http://e.org/\""),
            (3, "creator_id:"),
            (4, "  - orcid:1"),
            (5, "  - orcid:2"),
            (6, "license: x"),
        ];
        let header = parse_header(Path::new("h"), &lines).unwrap();
        assert_eq!(header.curie_map["ex"], "http://e.org/");
        assert_eq!(header.values["creator_id"], "orcid:1|orcid:2");
        assert_eq!(header.values["license"], "x");
    }

    /// YAML the hand-written reader got wrong: flow lists, quoted text with a colon and a `#`,
    /// trailing comments, numbers.
    #[test]
    fn header_is_read_as_yaml() {
        let lines = [
            (
                1,
                "curie_map: {ex: 'http://e.org/', wg: \"https://w3id.org/wg/\"}",
            ),
            (2, "creator_id: [orcid:1, orcid:2]  # two authors"),
            (3, "comment: \"a: b # not a comment\""),
            (4, "mapping_set_version: 2"),
            (5, "license:"),
        ];
        let header = parse_header(Path::new("h"), &lines).unwrap();
        assert_eq!(header.curie_map["ex"], "http://e.org/");
        assert_eq!(header.curie_map["wg"], "https://w3id.org/wg/");
        assert_eq!(header.values["creator_id"], "orcid:1|orcid:2");
        assert_eq!(header.values["comment"], "a: b # not a comment");
        assert_eq!(header.values["mapping_set_version"], "2");
        assert!(!header.values.contains_key("license"));
    }

    #[rstest]
    #[case(&[(1, "curie_map:"), (2, "  ex: [unclosed")], 2)]
    #[case(&[(1, "license: x"), (2, "comment: \"unclosed")], 2)]
    #[case(&[(3, "just text")], 3)]
    #[case(&[(1, "id: x"), (2, "license unspecified"), (3, ""), (4, "# note"), (5, "date: 2025-04-01")], 2)]
    fn a_header_that_is_not_yaml_is_malformed_at_its_line(#[case] lines: &[(u64, &str)], #[case] line: u64) {
        let ImportError::Data(found) = parse_header(Path::new("h"), lines).unwrap_err() else {
            panic!()
        };
        assert_eq!(
            (found.kind, found.line),
            (DataErrorKind::Malformed, Some(line)),
            "{found}"
        );
    }
}
