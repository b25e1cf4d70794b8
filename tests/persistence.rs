//! The on-disk store (RocksDB): created with the bundle, reopened as it was, locked while open.
#![cfg(feature = "rocksdb")]

use rstest::rstest;
use workforce_graph::{Graph, OpenError, QueryOutcome, RdfInput};

fn count(graph: &Graph) -> usize {
    graph.len().unwrap()
}

#[rstest]
fn a_new_store_gets_the_bundle_and_keeps_changes_across_reopening() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("store");
    let in_memory = count(&Graph::bundled().unwrap());
    {
        let graph = Graph::open(&path, true).unwrap();
        assert_eq!(count(&graph), in_memory);
        graph
            .load(
                RdfInput::Text("<http://example.com/a> <http://example.com/p> \"x\" ."),
                Some("nt"),
                None,
            )
            .unwrap();
    }
    let reopened = Graph::open(&path, true).unwrap();
    assert_eq!(
        count(&reopened),
        in_memory + 1,
        "reopening neither loses data nor reloads the bundle"
    );
    let QueryOutcome::Boolean(found) = reopened
        .query("ASK { <http://example.com/a> ?p \"x\" }", &[], None)
        .unwrap()
    else {
        panic!()
    };
    assert!(found);
}

#[rstest]
fn an_empty_store_on_request() {
    let directory = tempfile::tempdir().unwrap();
    let graph = Graph::open(directory.path().join("store"), false).unwrap();
    assert_eq!(count(&graph), 0);
}

#[rstest]
fn a_store_open_elsewhere_is_refused() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("store");
    let _first = Graph::open(&path, false).unwrap();
    let error = Graph::open(&path, false)
        .err()
        .expect("the second open must fail");
    assert!(matches!(error, OpenError::Storage { .. }), "{error:?}");
}

#[rstest]
fn a_file_is_not_a_store() {
    let file = tempfile::NamedTempFile::new().unwrap();
    let error = Graph::open(file.path(), true)
        .err()
        .expect("a file is not a store");
    assert!(matches!(error, OpenError::NotADirectory(_)), "{error:?}");
}
