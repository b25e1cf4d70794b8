//! The W3C SHACL Core test suite (`core/**` of the Data Shapes working group's test suite), run
//! through the public API [`workforce_graph::shacl::validate_graph`].
//!
//! The suite is read from `shared/data/w3c-shacl-tests` in the nearest folder above this crate
//! (CI always has `../shared` beside the clone), or from the folder named by the environment
//! variable `WG_W3C_SHACL_TESTS`. A missing suite is a failure, not a skipped test.
//!
//! Each `sht:Validate` entry names a data graph, a shapes graph and the expected
//! `sh:ValidationReport`. As the suite's rules require, a test passes when `sh:conforms` agrees
//! and the results agree as a multiset on focus node, result path, value, source shape, source
//! constraint component and severity; messages are not compared. Blank nodes keep their identity
//! because a file is parsed once and the report, data and shapes in it share one store (every
//! blank node in the suite's expected reports is a labelled node of the data or shapes graph).
//!
//! This is a plain program (`harness = false`) so that the pass count is always printed.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Graph, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Term, Triple};
use oxigraph::store::Store;
use workforce_graph::shacl::{path_text, validate_graph, ValidationResult};

const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const SHT: &str = "http://www.w3.org/ns/shacl-test#";
const SH: &str = "http://www.w3.org/ns/shacl#";

fn iri(namespace: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{namespace}{local}"))
}

/// The suite's folder: `WG_W3C_SHACL_TESTS`, else `shared/data/w3c-shacl-tests` in the nearest
/// folder above the crate that has one.
fn suite_folder() -> Result<PathBuf, String> {
    if let Some(folder) = std::env::var_os("WG_W3C_SHACL_TESTS") {
        return Ok(PathBuf::from(folder));
    }
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate_dir
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/data/w3c-shacl-tests"))
        .find(|dir| dir.join("core/manifest.ttl").is_file())
        .ok_or_else(|| {
            format!(
                "the W3C SHACL test suite is missing: no shared/data/w3c-shacl-tests/core/manifest.ttl above {} \
                 (set WG_W3C_SHACL_TESTS to its folder)",
                crate_dir.display()
            )
        })
}

fn file_iri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn parser(path: &Path) -> Result<RdfParser, String> {
    RdfParser::from_format(RdfFormat::Turtle)
        .with_base_iri(file_iri(path))
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn open(path: &Path) -> Result<BufReader<File>, String> {
    File::open(path)
        .map(BufReader::new)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Parses a Turtle file, with the file's URL as base IRI: as it is (as shapes are read) and in a
/// store (as data is validated). The two share blank nodes.
fn load(path: &Path) -> Result<(Store, Graph), String> {
    let mut graph = Graph::new();
    for quad in parser(path)?.for_reader(open(path)?) {
        graph.insert(&Triple::from(
            quad.map_err(|e| format!("{}: {e}", path.display()))?,
        ));
    }
    let store = Store::new().map_err(|e| e.to_string())?;
    store
        .extend(
            graph
                .iter()
                .map(|t| t.in_graph(GraphNameRef::DefaultGraph).into_owned()),
        )
        .map_err(|e| e.to_string())?;
    Ok((store, graph))
}

fn objects(store: &Store, subject: &Term, predicate: NamedNodeRef<'_>) -> Vec<Term> {
    let subject = match subject {
        Term::NamedNode(n) => NamedOrBlankNodeRef::NamedNode(n.as_ref()),
        Term::BlankNode(b) => NamedOrBlankNodeRef::BlankNode(b.as_ref()),
        _ => return Vec::new(),
    };
    store
        .quads_for_pattern(
            Some(subject),
            Some(predicate),
            None,
            Some(GraphNameRef::DefaultGraph),
        )
        .map(|q| q.expect("in-memory store").object)
        .collect()
}

fn object(store: &Store, subject: &Term, predicate: NamedNodeRef<'_>) -> Option<Term> {
    objects(store, subject, predicate).into_iter().next()
}

fn list(store: &Store, head: &Term) -> Vec<Term> {
    let mut members = Vec::new();
    let mut node = head.clone();
    while node != Term::from(rdf::NIL) {
        members.extend(object(store, &node, rdf::FIRST));
        match object(store, &node, rdf::REST) {
            Some(rest) => node = rest,
            None => break,
        }
    }
    members
}

fn path_of(term: &Term, what: &str) -> Result<PathBuf, String> {
    match term {
        Term::NamedNode(n) => n
            .as_str()
            .strip_prefix("file://")
            .map(PathBuf::from)
            .ok_or_else(|| format!("{what} {n} is not a file in the suite")),
        other => Err(format!("{what} {other} is not a file in the suite")),
    }
}

/// One `sht:Validate` test.
struct Test {
    /// The test's IRI relative to the suite (e.g. `core/node/and-001`).
    name: String,
    /// The test's IRI.
    iri: String,
    file: PathBuf,
    data: PathBuf,
    shapes: PathBuf,
}

/// Collects the tests of a manifest file and of the manifests it includes, in order.
fn collect(manifest: &Path, root: &Path, tests: &mut Vec<Test>) -> Result<(), String> {
    let (store, _) = load(manifest)?;
    let this = Term::from(NamedNode::new_unchecked(file_iri(manifest)));
    for include in objects(&store, &this, iri(MF, "include").as_ref()) {
        collect(&path_of(&include, "mf:include")?, root, tests)?;
    }
    for entries in objects(&store, &this, iri(MF, "entries").as_ref()) {
        for entry in list(&store, &entries) {
            let types = objects(&store, &entry, rdf::TYPE);
            if !types.contains(&iri(SHT, "Validate").into()) {
                return Err(format!(
                    "{entry} in {} is not an sht:Validate test",
                    manifest.display()
                ));
            }
            let action =
                object(&store, &entry, iri(MF, "action").as_ref()).ok_or("a test without mf:action")?;
            let graph = |local: &str| -> Result<PathBuf, String> {
                let value = object(&store, &action, iri(SHT, local).as_ref())
                    .ok_or_else(|| format!("{entry} has no sht:{local}"))?;
                path_of(&value, local)
            };
            let Term::NamedNode(test_iri) = &entry else {
                return Err(format!("a test in {} is not named by an IRI", manifest.display()));
            };
            let name = test_iri
                .as_str()
                .strip_prefix(&file_iri(root))
                .unwrap_or(test_iri.as_str());
            tests.push(Test {
                name: name.trim_start_matches('/').to_owned(),
                iri: test_iri.as_str().to_owned(),
                file: manifest.to_owned(),
                data: graph("dataGraph")?,
                shapes: graph("shapesGraph")?,
            });
        }
    }
    Ok(())
}

/// The fields a result is compared on: focus node, path, value, source shape, component, severity.
type Key = (String, Option<String>, Option<String>, String, String, String);

/// IRIs without angle brackets, other terms as N-Triples: how [`ValidationResult`] shows nodes.
fn node_text(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        other => other.to_string(),
    }
}

fn severity_text(term: &Term) -> String {
    let text = node_text(term);
    text.strip_prefix(SH).map_or(text.clone(), str::to_owned)
}

fn actual_key(r: &ValidationResult) -> Key {
    (
        r.focus_node.clone(),
        r.path.clone(),
        r.value.clone(),
        r.shape.clone(),
        r.constraint.clone(),
        r.severity.clone(),
    )
}

/// The expected `sh:conforms` and result keys of a test, read from the test file as a store holds
/// it (values in the data graph's form) and, for paths, as parsed.
fn expected(store: &Store, parsed: &Graph, test_iri: &str) -> Result<(bool, Vec<Key>), String> {
    let entry = Term::from(NamedNode::new_unchecked(test_iri));
    let report = object(store, &entry, iri(MF, "result").as_ref()).ok_or("no mf:result")?;
    let conforms = match object(store, &report, iri(SH, "conforms").as_ref()) {
        Some(Term::Literal(l)) if l.datatype() == xsd::BOOLEAN => l.value() == "true",
        other => return Err(format!("sh:conforms is {other:?}")),
    };
    let mut keys = Vec::new();
    for result in objects(store, &report, iri(SH, "result").as_ref()) {
        let get = |local: &str| object(store, &result, iri(SH, local).as_ref());
        let required = |local: &str| get(local).ok_or_else(|| format!("a result without sh:{local}"));
        let path = match get("resultPath") {
            Some(node) => Some(path_text(parsed, &node).map_err(|e| e.to_string())?),
            None => None,
        };
        keys.push((
            node_text(&required("focusNode")?),
            path,
            get("value").map(|v| v.to_string()),
            node_text(&required("sourceShape")?),
            node_text(&required("sourceConstraintComponent")?),
            severity_text(&required("resultSeverity")?),
        ));
    }
    keys.sort();
    Ok((conforms, keys))
}

/// Runs one test; `Err` explains the difference.
fn run(test: &Test, files: &mut HashMap<PathBuf, (Store, Graph)>) -> Result<(), String> {
    for path in [&test.file, &test.data, &test.shapes] {
        if !files.contains_key(path) {
            files.insert(path.clone(), load(path)?);
        }
    }
    let (conforms, expected) = expected(&files[&test.file].0, &files[&test.file].1, &test.iri)?;
    let report = validate_graph(
        &files[&test.data].0,
        GraphNameRef::DefaultGraph,
        &files[&test.shapes].1,
    )
    .map_err(|e| format!("validation failed: {e}"))?;
    let mut actual: Vec<Key> = report.results.iter().map(actual_key).collect();
    actual.sort();
    if report.conforms == conforms && actual == expected {
        return Ok(());
    }
    let missing: Vec<&Key> = expected.iter().filter(|k| !actual.contains(k)).collect();
    let extra: Vec<&Key> = actual.iter().filter(|k| !expected.contains(k)).collect();
    Err(format!(
        "conforms {} (expected {conforms}), {} results (expected {})\n    missing: {missing:#?}\n    unexpected: {extra:#?}",
        report.conforms,
        actual.len(),
        expected.len()
    ))
}

fn main() -> ExitCode {
    let folder = match suite_folder() {
        Ok(folder) => folder,
        Err(message) => {
            eprintln!("w3c_shacl: FAILED: {message}");
            return ExitCode::FAILURE;
        }
    };
    let folder = folder.canonicalize().unwrap_or(folder);
    let mut tests = Vec::new();
    if let Err(message) = collect(&folder.join("core/manifest.ttl"), &folder, &mut tests) {
        eprintln!("w3c_shacl: FAILED reading the manifests: {message}");
        return ExitCode::FAILURE;
    }
    let mut files = HashMap::new();
    let mut failed = Vec::new();
    for test in &tests {
        if let Err(message) = run(test, &mut files) {
            failed.push(format!("{}: {message}", test.name));
        }
    }
    for failure in &failed {
        println!("FAIL {failure}");
    }
    let passed = tests.len() - failed.len();
    println!(
        "W3C SHACL Core test suite ({}): {passed} of {} tests passed",
        folder.display(),
        tests.len()
    );
    if failed.is_empty() && !tests.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
