//! One framework back out of the graph: as RDF (Turtle, JSON-LD, any format `save` knows) or as a
//! CSV in the columns of [`crate::import::table`], so that importing the CSV with those column
//! names gives the same framework back.

use crate::catalogue::{resolve_framework, ResolveError};
use crate::graph::{Graph, PREFIXES};
use crate::import::table::{first_literal, iri_objects, iri_subjects, item_id, skos, ItemKind};
use crate::import::wg;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedNode, Triple};
use oxigraph::store::StorageError;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a framework could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The framework is not in the graph.
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    /// The format is not known.
    #[error(
        "unknown export format {0:?}: use csv, tsv, xlsx (from Python), or an RDF format (turtle, json-ld, n-triples, rdf/xml)"
    )]
    UnknownFormat(String),
    /// The file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// The nodes that make up a framework: the framework itself, its publishers, everything in it
/// (`skos:inScheme`), the requirements of its roles, its scales and their levels.
pub fn framework_nodes(graph: &Graph, framework: &NamedNode) -> Result<BTreeSet<NamedNode>, StorageError> {
    let in_scheme = skos("inScheme");
    let mut nodes: BTreeSet<NamedNode> = BTreeSet::new();
    nodes.insert(framework.clone());
    for publisher in iri_objects(
        graph.store(),
        framework.as_ref(),
        crate::import::table::dcterms("publisher").as_ref(),
    )? {
        nodes.insert(publisher);
    }
    let members = iri_subjects(graph.store(), in_scheme.as_ref(), framework.as_ref().into())?;
    for member in &members {
        for requirement in iri_subjects(graph.store(), wg("forRole").as_ref(), member.as_ref().into())? {
            nodes.insert(requirement);
        }
        nodes.insert(member.clone());
    }
    for scale in iri_objects(graph.store(), framework.as_ref(), wg("hasScale").as_ref())? {
        for level in iri_subjects(graph.store(), in_scheme.as_ref(), scale.as_ref().into())? {
            nodes.insert(level);
        }
        nodes.insert(scale);
    }
    Ok(nodes)
}

/// Every triple about the framework's nodes, sorted.
pub fn framework_triples(graph: &Graph, framework: &NamedNode) -> Result<Vec<Triple>, StorageError> {
    let mut triples = BTreeMap::new();
    for node in framework_nodes(graph, framework)? {
        for quad in graph
            .store()
            .quads_for_pattern(Some(node.as_ref().into()), None, None, None)
        {
            let quad = quad?;
            let key = (
                quad.subject.to_string(),
                quad.predicate.to_string(),
                quad.object.to_string(),
            );
            triples.insert(key, Triple::new(quad.subject, quad.predicate, quad.object));
        }
    }
    Ok(triples.into_values().collect())
}

/// A framework's table of items of one kind, in the importer's columns. Competencies:
/// `id,label,definition,parent,related`. Roles: one row per requirement (or per role level, or
/// per role when it has none) with `id,label,definition,parent,related,family,level,rank,
/// competency,required_level,requirement_type`.
pub fn framework_rows(
    graph: &Graph,
    framework: &NamedNode,
    kind: ItemKind,
) -> Result<Vec<Vec<String>>, StorageError> {
    let role = wg("Role");
    let is = |node: &NamedNode, class: &NamedNode| -> Result<bool, StorageError> {
        Ok(iri_objects(graph.store(), node.as_ref(), rdf::TYPE)?.contains(class))
    };
    let members = iri_subjects(
        graph.store(),
        skos("inScheme").as_ref(),
        framework.as_ref().into(),
    )?;
    let member_set: std::collections::HashSet<&NamedNode> = members.iter().collect();
    let id_of = |node: &NamedNode| -> Result<String, StorageError> {
        let in_framework = member_set.contains(node);
        Ok(if in_framework {
            item_id(graph.store(), framework, node)?
        } else {
            None
        }
        .unwrap_or_else(|| node.as_str().to_owned()))
    };
    let label_of = |node: &NamedNode| {
        first_literal(
            graph.store(),
            node.as_ref(),
            skos("prefLabel").as_ref(),
            Some("en"),
        )
    };
    let mut rows: BTreeMap<(String, String, String), Vec<String>> = BTreeMap::new();
    for member in &members {
        let member_is_role = is(member, &role)?;
        let wanted = match kind {
            ItemKind::Role => member_is_role,
            ItemKind::Competency => crate::rules::is_framework_item(
                graph.store(),
                member.as_ref(),
                crate::rules::ItemRule::Exchange,
            )?,
        };
        if !wanted {
            continue;
        }
        let id = id_of(member)?;
        let label = label_of(member)?.unwrap_or_default();
        let definition = first_literal(
            graph.store(),
            member.as_ref(),
            skos("definition").as_ref(),
            Some("en"),
        )?
        .unwrap_or_default();
        let families = iri_objects(graph.store(), member.as_ref(), wg("belongsToRoleFamily").as_ref())?;
        let mut parents = Vec::new();
        for parent in iri_objects(graph.store(), member.as_ref(), skos("broader").as_ref())? {
            if !families.contains(&parent) {
                parents.push(id_of(&parent)?);
            }
        }
        let mut related = Vec::new();
        for other in iri_objects(graph.store(), member.as_ref(), skos("related").as_ref())? {
            related.push(id_of(&other)?);
        }
        related.sort();
        let base = vec![
            id.clone(),
            label,
            definition,
            parents.join("|"),
            related.join("|"),
        ];
        if kind == ItemKind::Competency {
            rows.insert((id, String::new(), String::new()), base);
            continue;
        }
        let family = match families.first() {
            Some(f) => label_of(f)?.unwrap_or_default(),
            None => String::new(),
        };
        let mut levels = BTreeMap::new();
        for level in iri_subjects(graph.store(), wg("isLevelOf").as_ref(), member.as_ref().into())? {
            let name = label_of(&level)?.unwrap_or_default();
            let rank =
                first_literal(graph.store(), level.as_ref(), wg("rank").as_ref(), None)?.unwrap_or_default();
            levels.insert(level, (name, rank));
        }
        let mut covered_levels = BTreeSet::new();
        let row_of = |level: Option<&(String, String)>, extra: [String; 3]| {
            let mut row = base.clone();
            row.push(family.clone());
            row.push(level.map(|l| l.0.clone()).unwrap_or_default());
            row.push(level.map(|l| l.1.clone()).unwrap_or_default());
            row.extend(extra);
            row
        };
        for requirement in iri_subjects(graph.store(), wg("forRole").as_ref(), member.as_ref().into())? {
            let level = iri_objects(graph.store(), requirement.as_ref(), wg("forRoleLevel").as_ref())?
                .into_iter()
                .next();
            let Some(competency) = iri_objects(
                graph.store(),
                requirement.as_ref(),
                wg("requiredCompetency").as_ref(),
            )?
            .into_iter()
            .next() else {
                continue;
            };
            let competency_framework =
                iri_objects(graph.store(), competency.as_ref(), skos("inScheme").as_ref())?;
            let competency_id = if competency_framework.contains(framework) {
                item_id(graph.store(), framework, &competency)?
                    .unwrap_or_else(|| competency.as_str().to_owned())
            } else {
                competency.as_str().to_owned()
            };
            let required =
                match iri_objects(graph.store(), requirement.as_ref(), wg("requiredLevel").as_ref())?.first()
                {
                    Some(l) => label_of(l)?.unwrap_or_else(|| l.as_str().to_owned()),
                    None => String::new(),
                };
            let types = iri_objects(
                graph.store(),
                requirement.as_ref(),
                wg("requirementType").as_ref(),
            )?;
            let kind_text = if types.contains(&wg("Optional")) {
                "optional"
            } else {
                "essential"
            };
            let level_fields = level.as_ref().and_then(|l| levels.get(l));
            if let Some(l) = &level {
                covered_levels.insert(l.clone());
            }
            let sort_level = level_fields.map(|l| format!("{:>12}", l.1)).unwrap_or_default();
            let row = row_of(
                level_fields,
                [competency_id.clone(), required, kind_text.to_owned()],
            );
            rows.insert((id.clone(), sort_level, competency_id), row);
        }
        for (level, fields) in &levels {
            if !covered_levels.contains(level) {
                rows.insert(
                    (id.clone(), format!("{:>12}", fields.1), String::new()),
                    row_of(Some(fields), Default::default()),
                );
            }
        }
        let first_key = (id.clone(), String::new(), String::new());
        if rows.range(first_key..).next().is_none_or(|(k, _)| k.0 != id) {
            rows.insert(
                (id.clone(), String::new(), String::new()),
                row_of(None, Default::default()),
            );
        }
    }
    Ok(rows.into_values().collect())
}

/// The header of [`framework_rows`].
pub fn header(kind: ItemKind) -> Vec<&'static str> {
    let mut header = vec!["id", "label", "definition", "parent", "related"];
    if kind == ItemKind::Role {
        header.extend([
            "family",
            "level",
            "rank",
            "competency",
            "required_level",
            "requirement_type",
        ]);
    }
    header
}

/// What [`export_framework`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    /// The framework's IRI.
    pub framework: NamedNode,
    /// The format written (`"csv"`, `"tsv"` or an RDF format's name).
    pub format: String,
    /// Rows (CSV) or triples (RDF) written.
    pub count: usize,
}

/// One framework as the table [`export_framework`] writes to CSV: its IRI, the header and the
/// rows (for a spreadsheet writer outside the core, such as the Python package's Excel export).
pub fn framework_table(
    graph: &Graph,
    framework: &str,
    kind: ItemKind,
) -> Result<(NamedNode, Vec<&'static str>, Vec<Vec<String>>), ExportError> {
    let framework = resolve_framework(graph, framework)?;
    let rows = framework_rows(graph, &framework, kind)?;
    Ok((framework, header(kind), rows))
}

/// Writes `bytes` to `path` through the atomic write path (a temporary file beside it, then a
/// rename), so a failure never leaves a half-written file; every file the library writes goes
/// this way.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let io = |source| ExportError::Io {
        path: path.to_owned(),
        source,
    };
    crate::atomic::write_atomically(path, io, |file| file.write_all(bytes).map_err(io))
}

/// Writes one framework to `path`. `format`: `csv`, `tsv` or an RDF format name; from the file's
/// extension when `None`. `kind` chooses the table of a CSV export (competencies or roles).
pub fn export_framework(
    graph: &Graph,
    framework: &str,
    path: &Path,
    format: Option<&str>,
    kind: ItemKind,
) -> Result<ExportSummary, ExportError> {
    let framework = resolve_framework(graph, framework)?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let name = format.map(|f| f.trim().to_ascii_lowercase()).unwrap_or(extension);
    let io = |source| ExportError::Io {
        path: path.to_owned(),
        source,
    };
    let (bytes, format_name, count) = if name == "csv" || name == "tsv" {
        let rows = framework_rows(graph, &framework, kind)?;
        let mut writer = csv::WriterBuilder::new()
            .delimiter(if name == "tsv" { b'\t' } else { b',' })
            .from_writer(Vec::new());
        writer.write_record(header(kind)).map_err(|e| io(e.into()))?;
        for row in &rows {
            writer.write_record(row).map_err(|e| io(e.into()))?;
        }
        (
            writer.into_inner().map_err(|e| io(e.into_error()))?,
            name.clone(),
            rows.len(),
        )
    } else {
        let rdf_format = crate::format::resolve_format(Some(&name), None)
            .map_err(|_| ExportError::UnknownFormat(name.clone()))?;
        let triples = framework_triples(graph, &framework)?;
        let mut serializer = RdfSerializer::from_format(rdf_format);
        if matches!(rdf_format, RdfFormat::Turtle | RdfFormat::TriG) {
            for (prefix, iri) in PREFIXES {
                serializer = serializer
                    .with_prefix(*prefix, *iri)
                    .expect("the built-in prefixes are valid IRIs");
            }
        }
        let mut writer = serializer.for_writer(Vec::new());
        for triple in &triples {
            writer.serialize_triple(triple).map_err(io)?;
        }
        (
            writer.finish().map_err(io)?,
            rdf_format.name().to_owned(),
            triples.len(),
        )
    };
    crate::atomic::write_atomically(path, io, |file| file.write_all(&bytes).map_err(io))?;
    Ok(ExportSummary {
        framework,
        format: format_name,
        count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::table::{Columns, TableSpec};

    #[test]
    fn a_csv_export_imports_back_to_the_same_triples() {
        let directory = tempfile::tempdir().unwrap();
        let input = directory.path().join("in.csv");
        std::fs::write(
            &input,
            "id,label,parent,related\na,\"Alpha, first\",,b\nb,Beta,a,\nc,\"Gamma \"\"q\"\"\",b,a|b\n",
        )
        .unwrap();
        let spec = TableSpec {
            framework: "Round trip".into(),
            columns: Columns {
                id: "id".into(),
                label: "label".into(),
                definition: Some("definition".into()),
                parent: Some("parent".into()),
                related: Some("related".into()),
                ..Columns::default()
            },
            kind: ItemKind::Competency,
            separator: None,
            sheet: None,
            na_values: Vec::new(),
            list_separator: "|".into(),
            source: Some("https://example.org/f.csv".into()),
            publisher: Some("Example".into()),
            notation: None,
            levels: None,
            competency_framework: None,
            language: "en".into(),
            item_iris: None,
        };
        let mut spec_in = spec.clone();
        spec_in.columns.definition = None;
        let first = Graph::empty().unwrap();
        first.import_table(&input, &spec_in, &mut |_| {}).unwrap();
        let output = directory.path().join("out.csv");
        let summary = export_framework(&first, "Round trip", &output, None, ItemKind::Competency).unwrap();
        assert_eq!(summary.count, 3);
        let second = Graph::empty().unwrap();
        second.import_table(&output, &spec, &mut |_| {}).unwrap();
        let framework = summary.framework;
        assert_eq!(
            framework_triples(&first, &framework).unwrap(),
            framework_triples(&second, &framework).unwrap()
        );
        assert_eq!(first.len().unwrap(), second.len().unwrap());
    }
}
