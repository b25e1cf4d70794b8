//! The on-disk store (RocksDB): created with the bundle, reopened as it was, locked while open.
#![cfg(feature = "rocksdb")]

use rstest::rstest;
use workforce_graph::{Graph, OpenError, QueryOutcome, RdfInput};

fn count(graph: &Graph) -> usize {
    graph.len().unwrap()
}

/// A change to the store (one triple), to see whether it is kept.
fn add_one_triple(graph: &Graph) {
    graph
        .load(
            RdfInput::Text("<http://example.com/a> <http://example.com/p> \"x\" ."),
            Some("nt"),
            None,
        )
        .unwrap();
}

#[rstest]
fn a_new_store_gets_the_bundle_and_keeps_changes_across_reopening() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("store");
    let in_memory = count(&Graph::bundled().unwrap());
    {
        let graph = Graph::open(&path, true).unwrap();
        assert_eq!(count(&graph), in_memory);
        add_one_triple(&graph);
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

#[rstest]
fn a_directory_holding_other_files_is_not_turned_into_a_store() {
    let directory = tempfile::tempdir().unwrap();
    std::fs::write(directory.path().join("notes.txt"), "mine").unwrap();
    let error = Graph::open(directory.path(), true).err().expect("not a store");
    assert!(
        matches!(&error, OpenError::NotAStore { found, .. } if found.contains("notes.txt")),
        "{error:?}"
    );
    let names: Vec<_> = std::fs::read_dir(directory.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["notes.txt"]);
}

/// A creation interrupted after the store files exist but before the bundle was committed (the
/// marker is still there) is finished by the next open, not taken for a complete empty store.
#[rstest]
fn an_interrupted_creation_is_finished_by_the_next_open() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("store");
    let in_memory = count(&Graph::bundled().unwrap());
    // What a process killed during its first open leaves: an empty store and the marker.
    drop(Graph::open(&path, false).unwrap());
    std::fs::write(path.join(workforce_graph::graph::CREATING_MARKER), "bundled\n").unwrap();
    let error = Graph::open_read_only(&path)
        .err()
        .expect("an unfinished store is not read");
    assert!(matches!(error, OpenError::Incomplete(_)), "{error:?}");
    let graph = Graph::open(&path, true).unwrap();
    assert_eq!(count(&graph), in_memory);
    assert!(!path.join(workforce_graph::graph::CREATING_MARKER).exists());
    drop(graph);
    assert_eq!(count(&Graph::open_read_only(&path).unwrap()), in_memory);
}

#[rstest]
fn files_of_a_killed_bulk_load_are_removed_on_open() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("store");
    drop(Graph::open(&path, false).unwrap());
    let orphan = path.join("bulk-1234567890.sst");
    std::fs::write(&orphan, vec![0u8; 4096]).unwrap();
    let graph = Graph::open(&path, false).unwrap();
    assert!(!orphan.exists());
    assert_eq!(count(&graph), 0);
}

#[rstest]
fn a_read_only_open_creates_nothing_and_writes_nothing() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("store");
    let error = Graph::open_read_only(&path).err().expect("no store");
    assert!(matches!(error, OpenError::NoStore(_)), "{error:?}");
    assert!(!path.exists());
    {
        let graph = Graph::open(&path, false).unwrap();
        add_one_triple(&graph);
    }
    let reader = Graph::open_read_only(&path).unwrap();
    assert!(reader
        .update(
            "INSERT DATA { <http://example.com/b> <http://example.com/p> 1 }",
            None
        )
        .is_err());
    let copy = reader.to_memory().unwrap();
    copy.update(
        "INSERT DATA { <http://example.com/b> <http://example.com/p> 1 }",
        None,
    )
    .unwrap();
    assert_eq!((count(&reader), count(&copy)), (1, 2));
}
