//! Every table an analysis returns to the bindings declares its columns beside its rows
//! ([`crate::table::Field`]): here each is computed on the bundled graph and checked with
//! [`assert_table_holds`]: every declared column is a field of the rows, of the same name, holding
//! what the column declares, and the table's Arrow batch holds in each cell what the row holds.

use crate::analysis::{self, CodingFrame, Move};
use crate::crosswalk::{self, Method, SuggestOptions};
use crate::table::{assert_table_holds, Row, Table};
use crate::{coding, search, Graph, Shapes};
use serde::Serialize;
use std::sync::OnceLock;

fn bundled() -> &'static Graph {
    static GRAPH: OnceLock<Graph> = OnceLock::new();
    GRAPH.get_or_init(|| Graph::bundled().expect("the bundled graph opens"))
}

/// Checks a table with rows; `left_out` are the rows' fields that are not columns.
fn check<T: Serialize>(table: &Table<T>, left_out: &[&str]) {
    assert!(!table.rows.is_empty(), "the check needs rows");
    assert_eq!(assert_table_holds(table), left_out);
}

fn resolve(name: &str) -> oxigraph::model::NamedNode {
    crosswalk::resolve(bundled(), name).unwrap()
}

#[test]
fn framework_overlap_rows_hold_their_columns() {
    let names = ["DDaT", "NCF", "PKSB"].map(resolve);
    let rows = crosswalk::framework_overlap(bundled().store(), Some(&names), Method::Both, 0.3).unwrap();
    check(
        &Table::new(crosswalk::OverlapRow::fields(Method::Both), rows),
        &[],
    );
}

#[test]
fn crosswalk_rows_hold_their_columns() {
    let rows = crosswalk::crosswalk(bundled().store(), &resolve("NCF"), &resolve("DDaT")).unwrap();
    check(&crosswalk::MappingRow::table(rows), &[]);
}

#[test]
fn suggestion_rows_hold_their_columns() {
    let options = SuggestOptions {
        min_score: 0.3,
        include_mapped: true,
        ..SuggestOptions::default()
    };
    let found =
        crosswalk::suggest_mappings_with(bundled().store(), &resolve("PKSB"), &resolve("DDaT"), &options)
            .unwrap();
    let rows = found.into_iter().map(crosswalk::SuggestionRow::from).collect();
    check(&crosswalk::SuggestionRow::table(rows), &[]);
}

#[test]
fn mapping_quality_rows_hold_their_columns() {
    let evaluations = crosswalk::evaluate_all_pairs_at(bundled().store(), &[0.4, 0.6]).unwrap();
    check(
        &crosswalk::QualityRow::table(crosswalk::quality_rows(&evaluations)),
        &[],
    );
}

#[test]
fn framework_gap_rows_and_their_steps_hold_their_columns() {
    let gaps = crosswalk::framework_gaps(bundled().store(), &resolve("PKSB"), &resolve("DDaT"), 3).unwrap();
    let rows: Vec<_> = gaps.into_iter().map(crosswalk::GapTableRow::from).collect();
    assert!(rows.iter().any(|r| !r.steps.is_empty()), "some gap has a path");
    check(&crosswalk::GapTableRow::table(rows), &[]);
}

#[test]
fn role_overlap_rows_hold_their_columns() {
    let overlap = analysis::role_overlap(bundled(), 5, None, false).unwrap();
    check(&analysis::RoleOverlapRow::table(overlap.rows()), &[]);
}

#[test]
fn similar_role_rows_hold_their_columns() {
    let similar = analysis::similar_roles(bundled(), "Data analyst", 5).unwrap();
    check(&analysis::SimilarRoleRow::table(similar.rows()), &[]);
}

#[test]
fn skill_gap_rows_hold_their_columns() {
    let rows = analysis::skill_gap(bundled(), "Senior data analyst", "Lead data scientist").unwrap();
    check(&analysis::SkillGapRow::table(rows), &[]);
}

#[test]
fn coverage_gap_rows_hold_their_columns() {
    for max_bodies in [0, 100] {
        let table = analysis::coverage_gaps_table(bundled(), &[], max_bodies).unwrap();
        check(&table, &[]);
    }
}

#[test]
fn next_role_rows_hold_their_columns() {
    let rows = analysis::next_roles(bundled(), "Data analyst", 3).unwrap();
    check(&analysis::NextRoleRow::table(rows), &[]);
}

#[test]
fn evidence_rows_hold_their_columns() {
    let rows = analysis::evidence_gaps(bundled().store(), Some(2020), true).unwrap();
    assert!(rows.iter().any(|r| r.own_year.is_some()) && rows.iter().any(|r| r.own_year.is_none()));
    check(&analysis::EvidenceItem::table(rows), &[]);
}

#[test]
fn coded_move_rows_hold_their_columns() {
    let frame = CodingFrame::read(bundled().store(), None).unwrap();
    let name = |s: &str| Some(s.to_owned());
    let moves = [
        Move {
            from_area: name("BI"),
            to_area: name("Data Warehousing"),
            from_level: name("Standard Role"),
            to_level: name("Manager"),
        },
        Move {
            from_area: name("IG"),
            to_area: None,
            from_level: None,
            to_level: name("Manager"),
        },
    ];
    let result = analysis::career_moves(&frame, &moves, false).unwrap();
    check(&analysis::CodedMove::table(result.moves()), &[]);
}

#[test]
fn coded_title_rows_hold_their_columns() {
    let coder = coding::TitleCoder::read(bundled().store(), None).unwrap();
    let titles = [
        Some("Senior BI Developer".to_owned()),
        Some("Astronaut".to_owned()),
        None,
    ];
    let coded = coding::code_titles(&coder, &titles, 0.5).unwrap();
    check(
        &coding::TitleRow::table(coding::title_rows(&coder, &titles, &coded)),
        &[],
    );
}

#[test]
fn search_hits_hold_their_columns() {
    let hits = search::search(bundled(), "information governance", None, None, 20).unwrap();
    check(&search::SearchHit::table(hits), &[]);
}

#[test]
fn validation_rows_hold_their_columns() {
    let report = bundled().validate(Shapes::Bundled, None).unwrap();
    check(&crate::shacl::ReportRow::table(report.rows()), &[]);
}
