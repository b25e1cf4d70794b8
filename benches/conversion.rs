//! How much the columnar conversion adds on top of oxigraph's own evaluation of a query.
//!
//! Loads the ESCO-shaped graph (`../shared/bench/gen_esco_like.py 3000`, generated on first use,
//! or the N-Triples file named by `WG_BENCH_DATA`) and times, on the 60,000-row role-skill query:
//! oxigraph evaluating it (every solution decoded, nothing kept), and workforce-graph evaluating it
//! into typed columns and an Arrow record batch, and freeing both. Prints medians and their ratio.
//!
//! Run with `make bench` (or `cargo bench --features rocksdb --bench conversion`).

mod common;

use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use std::time::Instant;
use workforce_graph::{Graph, QueryOutcome, RdfInput};

const TABLE_QUERY: &str = "PREFIX esco: <http://data.europa.eu/esco/model#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?o ?ol ?s ?sl WHERE {
    ?o esco:hasEssentialSkill ?s . ?o skos:prefLabel ?ol . ?s skos:prefLabel ?sl }";

const RUNS: usize = 7;

fn main() {
    let path = common::data_file();
    let graph = Graph::empty().expect("an in-memory store");
    let started = Instant::now();
    graph
        .load(RdfInput::File(&path), None, None)
        .expect("the benchmark data loads");
    println!(
        "loaded {} triples in {:.3} s",
        graph.len().unwrap(),
        started.elapsed().as_secs_f64()
    );

    let mut evaluation = Vec::new();
    let mut conversion = Vec::new();
    let mut collection = Vec::new();
    let mut rows = (0, 0);
    for _ in 0..RUNS {
        let started = Instant::now();
        let QueryResults::Solutions(mut solutions) = SparqlEvaluator::new()
            .parse_query(TABLE_QUERY)
            .unwrap()
            .on_store(graph.store())
            .execute()
            .unwrap()
        else {
            unreachable!()
        };
        rows.0 = solutions.try_fold(0, |n, s| s.map(|_| n + 1)).unwrap();
        evaluation.push(started.elapsed());

        let started = Instant::now();
        let QueryOutcome::Solutions(table) = graph.query(TABLE_QUERY, &[], None).unwrap() else {
            unreachable!()
        };
        collection.push(started.elapsed());
        let batch = table.to_record_batch(false).unwrap();
        rows.1 = batch.num_rows();
        // Freeing the result is part of the cost a user pays (oxigraph's solutions above are
        // freed one by one as they are counted).
        drop((table, batch));
        conversion.push(started.elapsed());
    }
    assert_eq!(rows.0, rows.1, "both produce the same rows");
    let (evaluation, conversion, collection) = (
        common::median(evaluation),
        common::median(conversion),
        common::median(collection),
    );
    println!("rows: {}", rows.0);
    println!(
        "oxigraph evaluation only          {:8.1} ms",
        evaluation.as_secs_f64() * 1e3
    );
    println!(
        "workforce-graph to Arrow columns  {:8.1} ms",
        conversion.as_secs_f64() * 1e3
    );
    println!(
        "  of which evaluation into table  {:8.1} ms",
        collection.as_secs_f64() * 1e3
    );
    println!(
        "conversion adds {:.1}% on top of evaluation (target: at most 20%)",
        (conversion.as_secs_f64() / evaluation.as_secs_f64() - 1.0) * 100.0
    );
}
