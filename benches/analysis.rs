//! The native analysis engine on the ESCO-shaped graph (`../shared/bench/gen_esco_like.py 3000`):
//! requirement index build, all role pairs sharing at least 5 essential skills, the 10 roles most
//! like one role, and the essential skills no professional body covers; also SHACL validation of
//! the bundled graph against the bundled shapes (`g.validate()`). Prints medians.
//!
//! Run with `make bench` (or `cargo bench --features rocksdb --bench analysis`).

mod common;

use oxigraph::model::NamedNode;
use std::time::{Duration, Instant};
use workforce_graph::analysis::{coverage, RequirementIndex, Scope, Weights};
use workforce_graph::{Graph, RdfInput, Shapes};

/// Runs `work` `runs` times: the median time and the last run's result.
fn median<T>(runs: usize, mut work: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let started = Instant::now();
        last = Some(work());
        times.push(started.elapsed());
    }
    (common::median(times), last.expect("at least one run"))
}

fn main() {
    let graph = Graph::empty().expect("an in-memory store");
    graph
        .load(RdfInput::File(&common::data_file()), None, None)
        .expect("the benchmark data loads");
    let store = graph.store();
    let (build, index) = median(5, || RequirementIndex::build(store).expect("the index builds"));
    println!(
        "index build                     {:8.2} ms",
        build.as_secs_f64() * 1e3
    );
    let (pairs, found) = median(7, || {
        index.role_overlap(5, true, &Scope::All).expect("overlap").len()
    });
    println!(
        "role_overlap(5, essential)      {:8.2} ms  ({found} pairs)",
        pairs.as_secs_f64() * 1e3
    );
    let role = index
        .holder_by_iri("http://example.org/bench/occupation/7")
        .expect("occupation 7 exists");
    let (similar, _) = median(101, || {
        index.similar(role, 10, &Weights::default()).expect("similar")
    });
    println!(
        "similar(k=10)                   {:8.3} ms",
        similar.as_secs_f64() * 1e3
    );
    let covers = [NamedNode::new("http://example.org/bench/covers").expect("valid IRI")];
    let (gaps, found) = median(7, || {
        coverage(store, &index, &covers).expect("coverage").gaps.len()
    });
    println!(
        "coverage gaps                   {:8.2} ms  ({found} uncovered essential skills)",
        gaps.as_secs_f64() * 1e3
    );
    let bundled = Graph::bundled().expect("the bundled graph");
    let (validate, results) = median(7, || {
        bundled
            .validate(Shapes::Bundled, None)
            .expect("the bundled shapes validate")
            .results
            .len()
    });
    println!(
        "validate, bundled graph+shapes  {:8.2} ms  ({results} results)",
        validate.as_secs_f64() * 1e3
    );
}
