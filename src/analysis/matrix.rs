//! The coverage matrix as the table a user sees ([`coverage_matrix_table`]): computed from a
//! graph, with its target columns named for what they are (`area*` or `framework*`) and each
//! column's type declared, so the bindings only convert it.

use super::{coverage, coverage_matrix_rows, AnalysisError, CellStatus, MatrixBy, MatrixRow};
use crate::table::Column;
use crate::Graph;
use oxigraph::model::NamedNode;
use serde::Serialize;
use std::collections::BTreeMap;

/// The coverage matrix of a graph, by specialist area or by framework ([`coverage_matrix_table`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageMatrixTable {
    /// What the matrix's targets are.
    pub by: MatrixBy,
    /// One row per body and target ([`coverage_matrix_rows`]).
    pub cells: Vec<MatrixRow>,
}

/// A matrix's target as its table names it: `area`, `area_label`, `area_code`, or the same for
/// `framework`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum TargetColumns<'a> {
    /// A specialist area.
    Area {
        /// The area.
        area: &'a str,
        /// Its label, else its plain IRI.
        area_label: &'a str,
        /// Its code.
        area_code: Option<&'a str>,
    },
    /// A framework or scheme.
    Framework {
        /// The framework.
        framework: &'a str,
        /// Its label, else its plain IRI.
        framework_label: &'a str,
        /// Its code.
        framework_code: Option<&'a str>,
    },
}

/// One row of [`CoverageMatrixTable::rows`]: a [`MatrixRow`] with its target named as the table
/// names it (the item counts are columns of a matrix by framework only).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixTableRow<'a> {
    /// See [`MatrixRow::body`].
    pub body: &'a str,
    /// See [`MatrixRow::body_label`].
    pub body_label: &'a str,
    /// See [`MatrixRow::body_code`].
    pub body_code: Option<&'a str>,
    /// The area or framework.
    #[serde(flatten)]
    pub target: TargetColumns<'a>,
    /// See [`MatrixRow::status`].
    pub status: CellStatus,
    /// See [`MatrixRow::covered_items`].
    pub covered_items: usize,
    /// See [`MatrixRow::items`].
    pub items: usize,
    /// See [`MatrixRow::through`].
    pub through: &'a [String],
    /// See [`MatrixRow::through_label`].
    pub through_label: &'a [String],
}

impl CoverageMatrixTable {
    /// The table's columns, in order, with what each holds: the body, the area or framework, how
    /// the body covers it, for frameworks the items covered and counted, and the offers (or the
    /// body) whose coverage makes the cell.
    pub fn columns(&self) -> Vec<Column> {
        let (target, label, code) = match self.by {
            MatrixBy::Area => ("area", "area_label", "area_code"),
            MatrixBy::Framework => ("framework", "framework_label", "framework_code"),
        };
        let mut columns = vec![
            Column::text("body"),
            Column::text("body_label"),
            Column::text("body_code"),
            Column::text(target),
            Column::text(label),
            Column::text(code),
            Column::text("status"),
        ];
        if self.by == MatrixBy::Framework {
            columns.extend([Column::count("covered_items"), Column::count("items")]);
        }
        columns.extend([Column::list("through"), Column::list("through_label")]);
        columns
    }

    /// The cells as table rows (columns [`Self::columns`]), in the matrix's order.
    pub fn rows(&self) -> Vec<MatrixTableRow<'_>> {
        self.cells
            .iter()
            .map(|cell| {
                let (id, label, code) = (
                    cell.target.as_str(),
                    cell.target_label.as_str(),
                    cell.target_code.as_deref(),
                );
                MatrixTableRow {
                    body: &cell.body,
                    body_label: &cell.body_label,
                    body_code: cell.body_code.as_deref(),
                    target: match self.by {
                        MatrixBy::Area => TargetColumns::Area {
                            area: id,
                            area_label: label,
                            area_code: code,
                        },
                        MatrixBy::Framework => TargetColumns::Framework {
                            framework: id,
                            framework_label: label,
                            framework_code: code,
                        },
                    },
                    status: cell.status,
                    covered_items: cell.covered_items,
                    items: cell.items,
                    through: &cell.through,
                    through_label: &cell.through_label,
                }
            })
            .collect()
    }
}

/// The coverage matrix of `graph` ([`super::coverage_matrix`]) by area or framework, coverage
/// read through `predicates` as in [`coverage`], each framework's items counted as the crosswalk
/// analyses count them ([`crate::crosswalk::framework_item_counts`]).
pub fn coverage_matrix_table(
    graph: &Graph,
    by: MatrixBy,
    predicates: &[NamedNode],
) -> Result<CoverageMatrixTable, AnalysisError> {
    let index = graph.requirement_index()?;
    let coverage = coverage(graph.store(), &index, predicates)?;
    let item_counts = match by {
        MatrixBy::Framework => crate::crosswalk::framework_item_counts(graph.store())
            .map_err(|e| AnalysisError::Framework(Box::new(e)))?,
        MatrixBy::Area => BTreeMap::new(),
    };
    Ok(CoverageMatrixTable {
        by,
        cells: coverage_matrix_rows(&coverage, &index, by, &item_counts),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every column of either matrix is a field of its rows, named as the table names it, holding
    /// what the column declares; nothing else is in a row but the counts an area matrix leaves
    /// out.
    #[test]
    fn matrix_rows_carry_the_columns_they_declare() {
        let graph = Graph::bundled().unwrap();
        for (by, target) in [(MatrixBy::Area, "area"), (MatrixBy::Framework, "framework")] {
            let table = coverage_matrix_table(&graph, by, &[]).unwrap();
            let rows = table.rows();
            assert!(!rows.is_empty(), "the bundled graph has a {target} matrix");
            let columns = table.columns();
            assert_eq!(columns[3].name, target);
            for row in &rows {
                let serde_json::Value::Object(fields) = serde_json::to_value(row).unwrap() else {
                    panic!("a row is a record");
                };
                crate::table::assert_row_holds(&columns, &fields);
                let mut extra: Vec<&str> = fields
                    .keys()
                    .map(String::as_str)
                    .filter(|k| !columns.iter().any(|c| c.name == *k))
                    .collect();
                extra.sort_unstable();
                let expected: &[&str] = match by {
                    MatrixBy::Area => &["covered_items", "items"],
                    MatrixBy::Framework => &[],
                };
                assert_eq!(extra, expected);
            }
        }
    }
}
