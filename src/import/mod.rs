//! Importers: official exports and user files turned into triples of the workforce ontology.
//!
//! Each importer reads everything first and only then touches the store, in one transaction, so a
//! bad file changes nothing. Each returns an [`ImportReport`] saying what it added and what it
//! did about the quirks of its input.

pub mod case;
pub mod cycle;
pub mod ddat;
pub mod delimited;
pub mod esco;
pub mod read;
pub mod sfia;
pub mod sssom;
pub mod standard;
pub mod table;

use oxigraph::model::{NamedNode, Triple};
use oxigraph::store::StorageError;
use serde::Serialize;
use std::collections::BTreeMap;

pub(crate) use crate::rules::mapping_iri;
pub use crate::rules::{slug, unique_slug};
pub(crate) use crate::vocab::{wg, wgid};
pub use crate::vocab::{WG, WGID};

/// What an importer reads of the graph it imports into: the store (read only), and how a
/// framework's name, code or IRI is resolved (a query the caller runs, see
/// [`crate::catalogue::resolve_framework`]). Importers return triples and a report; the caller
/// (a [`crate::Graph`] method) stores them, so importers never depend on `Graph`.
pub struct GraphView<'a> {
    /// The store, read to find what a file refers to.
    pub store: &'a oxigraph::store::Store,
    /// Resolves a framework's name, code or IRI.
    pub resolve_framework: &'a dyn Fn(&str) -> Result<NamedNode, crate::catalogue::ResolveError>,
}

/// What an import added and what it did about its input's quirks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The file or folder imported.
    pub source: String,
    /// How many of each kind of thing were added (e.g. `"roles": 52`).
    pub added: BTreeMap<String, usize>,
    /// Rows or values skipped or changed, each with the reason.
    pub notes: Vec<String>,
    /// Triples produced.
    pub triples: usize,
}

/// What an importer read from its source: the triples to add and the report of what it did.
/// The caller (a [`crate::Graph`] method, or the Python binding) stores the triples in one
/// transaction, so a bad file changes nothing.
#[derive(Debug, Clone, Default)]
pub struct ImportedTriples {
    /// The triples to add.
    pub triples: Vec<Triple>,
    /// Counts and notes.
    pub report: ImportReport,
}

/// Renames, in an import's triples, each minted `wg:Mapping` node whose mapping (source,
/// property, target) a node of the graph already states to that node, so importing mappings the
/// graph has (curated under their own IRIs, or imported before) adds no second node for them.
pub fn reuse_mapping_nodes(
    store: &oxigraph::store::Store,
    triples: &mut [Triple],
) -> Result<(), StorageError> {
    use crate::crosswalk::snapshot::existing_mapping;
    use crate::vocab;
    use oxigraph::model::{NamedOrBlankNode, Term};
    use std::collections::HashMap;
    let mut parts: HashMap<NamedNode, [Option<NamedNode>; 3]> = HashMap::new();
    for triple in triples.iter() {
        let (NamedOrBlankNode::NamedNode(node), Term::NamedNode(value)) = (&triple.subject, &triple.object)
        else {
            continue;
        };
        let slot = match triple.predicate.as_ref() {
            p if p == vocab::owl::ANNOTATED_SOURCE => 0,
            p if p == vocab::owl::ANNOTATED_PROPERTY => 1,
            p if p == vocab::owl::ANNOTATED_TARGET => 2,
            _ => continue,
        };
        parts.entry(node.clone()).or_default()[slot] = Some(value.clone());
    }
    let mut renamed: HashMap<NamedNode, NamedNode> = HashMap::new();
    for (node, [source, property, target]) in parts {
        if let (Some(source), Some(property), Some(target)) = (source, property, target) {
            if let Some(existing) = existing_mapping(store, &source, &property, &target)? {
                if existing != node {
                    renamed.insert(node, existing);
                }
            }
        }
    }
    if renamed.is_empty() {
        return Ok(());
    }
    for triple in triples.iter_mut() {
        if let NamedOrBlankNode::NamedNode(node) = &triple.subject {
            if let Some(existing) = renamed.get(node) {
                triple.subject = existing.clone().into();
            }
        }
    }
    Ok(())
}

/// Writes `text` to a fresh temporary file called `file_name` and reads it with `read`: the
/// importers read paths, and their tests start from text. The file lives until `read` returns.
#[cfg(test)]
pub(crate) fn read_written<T>(file_name: &str, text: &str, read: impl FnOnce(&std::path::Path) -> T) -> T {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join(file_name);
    std::fs::write(&path, text).unwrap();
    read(&path)
}

/// Serialises triples as Turtle with the library's usual prefixes, sorted so the output is stable.
pub fn to_turtle(triples: &[Triple]) -> String {
    use oxigraph::io::{RdfFormat, RdfSerializer};
    let mut sorted: Vec<&Triple> = triples.iter().collect();
    sorted.sort_by_cached_key(|t| {
        (
            t.subject.to_string(),
            t.predicate.to_string(),
            t.object.to_string(),
        )
    });
    let mut serializer = RdfSerializer::from_format(RdfFormat::Turtle);
    for (prefix, iri) in crate::vocab::PREFIXES {
        serializer = serializer
            .with_prefix(*prefix, *iri)
            .expect("the built-in prefixes are valid IRIs");
    }
    let mut writer = serializer.for_writer(Vec::new());
    for triple in sorted {
        writer
            .serialize_triple(triple)
            .expect("writing to memory cannot fail");
    }
    String::from_utf8(writer.finish().expect("writing to memory cannot fail")).expect("Turtle is UTF-8")
}

/// Where and what kind of bad data an import error is: (line, column header, column number, kind).
#[cfg(test)]
pub(crate) fn located(
    error: &crate::error::ImportError,
) -> (
    Option<u64>,
    Option<&str>,
    Option<u64>,
    crate::error::DataErrorKind,
) {
    let data = error.data().unwrap_or_else(|| panic!("not bad data: {error:?}"));
    (data.line, data.column.as_deref(), data.offset, data.kind)
}

#[cfg(test)]
mod tests {
    use super::{mapping_iri, slug, unique_slug};
    use rstest::rstest;

    #[rstest]
    #[case("x_1", "x-1")]
    #[case("Ab", "ab")]
    #[case("a/b", "a-b")]
    #[case("a--b", "a-b")]
    #[case("-a", "a")]
    fn texts_that_slug_merges_get_different_segments(#[case] one: &str, #[case] other: &str) {
        assert_eq!(slug(one), slug(other), "the plain slug merges them");
        assert_ne!(unique_slug(one), unique_slug(other));
        assert_eq!(
            unique_slug(other),
            other,
            "a text that is already a slug is kept as it is"
        );
        assert!(
            unique_slug(one).starts_with(&format!("{}_", slug(one))),
            "{}",
            unique_slug(one)
        );
    }

    #[test]
    fn mapping_iris_are_injective() {
        let pairs = [
            ("http://e/x_1", "closeMatch", "http://e/y"),
            ("http://e/x-1", "closeMatch", "http://e/y"),
            ("http://e/X-1", "closeMatch", "http://e/y"),
            ("http://e/x-1", "exactMatch", "http://e/y"),
            ("http://e/x-1", "closeMatch", "http://e/Y"),
            (
                "https://w3id.org/workforce-graph/id/x-1",
                "closeMatch",
                "http://e/y",
            ),
            (
                "https://w3id.org/workforce-graph/id/x/1",
                "closeMatch",
                "http://e/y",
            ),
        ];
        let minted: std::collections::BTreeSet<String> = pairs
            .iter()
            .map(|(s, p, o)| mapping_iri(s, p, o).into_string())
            .collect();
        assert_eq!(minted.len(), pairs.len(), "{minted:#?}");
        assert_eq!(
            mapping_iri(
                "https://w3id.org/workforce-graph/id/x-1",
                "closeMatch",
                "https://w3id.org/workforce-graph/id/y"
            )
            .as_str(),
            "https://w3id.org/workforce-graph/id/mapping/x-1--closeMatch--y"
        );
    }

    #[rstest]
    #[case("Data analyst", "data-analyst")]
    #[case("Head of (Agile) delivery management", "head-of-agile-delivery-management")]
    #[case("End user computing engineer ", "end-user-computing-engineer")]
    #[case(
        "Development operations (DevOps) engineer",
        "development-operations-devops-engineer"
    )]
    #[case("Senior DevOps engineer - management", "senior-devops-engineer-management")]
    fn slugs(#[case] text: &str, #[case] expected: &str) {
        assert_eq!(slug(text), expected);
    }

    /// A column missing from a table's header is `missing_column` whichever importer finds it,
    /// with the header's line and the column's name: one error type and one vocabulary.
    #[test]
    fn every_importer_reports_a_missing_column_alike() {
        use crate::error::{DataErrorKind, ImportError};
        use std::fs;
        use std::path::Path;
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let directory = tempfile::tempdir().unwrap();
        let mut failures: Vec<(&str, ImportError)> = Vec::new();

        let table = directory.path().join("table.csv");
        fs::write(&table, "id,name\nA,Alpha\n").unwrap();
        let graph = crate::Graph::empty().unwrap();
        let columns = super::table::Columns {
            id: "id".into(),
            label: "label".into(),
            ..super::table::Columns::default()
        };
        let spec = super::table::TableSpec::new("Any", columns);
        failures.push((
            "table",
            graph.import_table(&table, &spec, &mut |_| {}).unwrap_err(),
        ));

        let ddat = directory.path().join("ddat");
        fs::create_dir(&ddat).unwrap();
        fs::write(ddat.join("roles.csv"), "Role Family,Role\nData,Data analyst\n").unwrap();
        failures.push(("DDaT", super::ddat::read_ddat(&ddat).unwrap_err()));

        let esco = directory.path().join("esco");
        fs::create_dir(&esco).unwrap();
        for entry in fs::read_dir(data.join("esco/csv")).unwrap() {
            let entry = entry.unwrap();
            let text = fs::read_to_string(entry.path()).unwrap();
            let text = text.replacen("skillUri", "skill", 1);
            fs::write(esco.join(entry.file_name()), text).unwrap();
        }
        failures.push((
            "ESCO",
            super::esco::read_esco(&esco, None).map(|_| ()).unwrap_err(),
        ));

        let sssom = directory.path().join("x.sssom.tsv");
        let text = fs::read_to_string(data.join("sssom/demo.sssom.tsv")).unwrap();
        fs::write(&sssom, text.replacen("subject_id\t", "subject\t", 1)).unwrap();
        failures.push((
            "SSSOM",
            super::sssom::read_sssom(&sssom, &|_| false)
                .map(|_| ())
                .unwrap_err(),
        ));

        for (importer, error) in &failures {
            let data = error.data().unwrap_or_else(|| panic!("{importer}: {error:?}"));
            assert_eq!(data.kind, DataErrorKind::MissingColumn, "{importer}: {error}");
            assert_eq!(data.kind.name(), "missing_column");
            let column = data.column.as_deref().unwrap_or_default();
            assert!(
                data.message
                    .starts_with(&format!("no column {column:?} in the header (columns: ")),
                "{importer}: one message for every importer: {error}"
            );
            assert!(
                data.line.is_some() && data.column.is_some(),
                "{importer}: {data:?}"
            );
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("{}:{}", data.path.display(), data.line.unwrap())),
                "{importer}: {error}"
            );
        }
        assert_eq!(graph.len().unwrap(), 0, "a failed import changes nothing");
    }

    /// A bad row is reported at its own line of the file whatever comes before it: a record with
    /// a value over two lines, a blank line, CRLF line ends. Each case writes one importer's
    /// input whose bad row comes right after a multi-line value (at `line`); "blank line" puts
    /// a blank line just before the bad row.
    #[rstest]
    fn every_importer_reports_the_line_of_a_bad_row(
        #[values("DDaT", "ESCO", "SSSOM")] importer: &str,
        #[values("multi-line value", "blank line", "CRLF")] shape: &str,
    ) {
        use crate::error::DataErrorKind;
        use std::fs;
        use std::path::Path;
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let directory = tempfile::tempdir().unwrap();
        let write = |path: &Path, text: &str, bad_row: &str| -> u64 {
            let at = text.find(bad_row).expect("the bad row is in the text");
            let line = text[..at].matches('\n').count() as u64 + 1;
            let (text, line) = match shape {
                "blank line" => (format!("{}\n{}", &text[..at], &text[at..]), line + 1),
                "CRLF" => (text.replace('\n', "\r\n"), line),
                _ => (text.to_owned(), line),
            };
            fs::write(path, text).unwrap();
            line
        };
        let (error, line, kind) = match importer {
            "DDaT" => {
                let bad = "Data,Data analyst,d,Data analyst,d,SQL,d,Guru,d,\n";
                let text = format!(
                    "Role Family,Role,Role Description,Role Level,Role Level Description,Skill Name,\
                     Skill Description,Skill Level,Skill Level Description,Role Type\n\
                     Data,Data analyst,d,Data analyst,d,\"Multi\nline skill\",d,Working,d,\n{bad}"
                );
                let line = write(&directory.path().join("roles.csv"), &text, bad);
                let error = super::ddat::read_ddat(directory.path()).unwrap_err();
                (error, line, DataErrorKind::InvalidValue)
            }
            "ESCO" => {
                for entry in fs::read_dir(data.join("esco/csv")).unwrap() {
                    let entry = entry.unwrap();
                    fs::copy(entry.path(), directory.path().join(entry.file_name())).unwrap();
                }
                // The fixture's first occupation has alternative labels over two lines.
                let text = fs::read_to_string(data.join("esco/csv/occupations_en.csv")).unwrap();
                let text = text.replace(
                    "http://data.europa.eu/esco/occupation/00000002-fixture",
                    "not an iri",
                );
                let path = directory.path().join("occupations_en.csv");
                let line = write(&path, &text, "Occupation,not an iri");
                let error = super::esco::read_esco(directory.path(), None)
                    .map(|_| ())
                    .unwrap_err();
                (error, line, DataErrorKind::InvalidValue)
            }
            _ => {
                let text = fs::read_to_string(data.join("sssom/demo.sssom.tsv")).unwrap();
                let text = text
                    .replace(
                        "Both cover turning data into findings.",
                        "\"Both cover\nturning data into findings.\"",
                    )
                    .replace(
                        "ex:data-analysis\tData analysis\tskos:broadMatch",
                        "zz:nowhere\tData analysis\tskos:broadMatch",
                    );
                let path = directory.path().join("x.sssom.tsv");
                let line = write(&path, &text, "zz:nowhere");
                let error = super::sssom::read_sssom(&path, &|_| false)
                    .map(|_| ())
                    .unwrap_err();
                (error, line, DataErrorKind::UnknownReference)
            }
        };
        let found = error.data().unwrap_or_else(|| panic!("{importer}: {error:?}"));
        assert_eq!(
            (found.kind, found.line),
            (kind, Some(line)),
            "{importer}, {shape}: {error}"
        );
    }

    /// Every kind has its own name, so Python code can branch on `DataFormatError.kind`.
    #[test]
    fn kind_names_are_distinct_snake_case() {
        use crate::error::DataErrorKind;
        let names: std::collections::BTreeSet<&str> = DataErrorKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names.len(), DataErrorKind::ALL.len());
        for name in names {
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{name}"
            );
        }
    }

    /// Importers take a [`super::GraphView`] and return triples and a report; `Graph`'s methods
    /// (in `src/graph.rs`) run them. An importer that extends or names `Graph` outside its tests
    /// brings back the `graph` <-> `import` module cycle.
    #[test]
    fn importers_do_not_depend_on_graph() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/import");
        let mut checked = 0;
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            // A name followed by a letter is another name (`GraphView`, `GraphName`).
            let names = |line: &str, name: &str| {
                line.match_indices(name).any(|(at, _)| {
                    !line[at + name.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
                })
            };
            for forbidden in ["impl Graph", "crate::graph", "crate::Graph", "&Graph"] {
                let outside_docs = code
                    .lines()
                    .filter(|line| !line.trim_start().starts_with("//"))
                    .any(|line| names(line, forbidden));
                assert!(!outside_docs, "{} uses {forbidden:?}", path.display());
            }
            checked += 1;
        }
        assert!(checked >= 8, "only {checked} importer files found");
    }
}
