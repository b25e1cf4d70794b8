//! The coverage matrix as the table a user sees ([`coverage_matrix_table`]): computed from a
//! graph, with its target columns named for what they are (`area*` or `framework*`) and each
//! column's type declared, so the bindings only convert it.

use super::{coverage, coverage_matrix_rows, AnalysisError, CellStatus, MatrixBy, MatrixRow};
use crate::table::{Field, Table};
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

impl TargetColumns<'_> {
    /// The area or framework.
    fn id(&self) -> &str {
        match self {
            Self::Area { area, .. } => area,
            Self::Framework { framework, .. } => framework,
        }
    }

    /// Its label.
    fn label(&self) -> &str {
        match self {
            Self::Area { area_label, .. } => area_label,
            Self::Framework { framework_label, .. } => framework_label,
        }
    }

    /// Its code.
    fn code(&self) -> Option<&str> {
        match self {
            Self::Area { area_code, .. } => *area_code,
            Self::Framework { framework_code, .. } => *framework_code,
        }
    }
}

impl CoverageMatrixTable {
    /// The table's columns, in order, with what each holds: the body, the area or framework, how
    /// the body covers it, for frameworks the items covered and counted, and the offers (or the
    /// body) whose coverage makes the cell.
    pub fn fields<'a>(&self) -> Vec<Field<MatrixTableRow<'a>>> {
        let (target, label, code) = match self.by {
            MatrixBy::Area => ("area", "area_label", "area_code"),
            MatrixBy::Framework => ("framework", "framework_label", "framework_code"),
        };
        let mut fields = crate::fields![MatrixTableRow<'a>; text body, text body_label, text body_code];
        fields.extend([
            Field::text(target, |r: &MatrixTableRow<'a>| Some(r.target.id())),
            Field::text(label, |r: &MatrixTableRow<'a>| Some(r.target.label())),
            Field::text(code, |r: &MatrixTableRow<'a>| r.target.code()),
            Field::text("status", |r: &MatrixTableRow<'a>| Some(r.status.as_str())),
        ]);
        if self.by == MatrixBy::Framework {
            fields.extend(crate::fields![MatrixTableRow<'a>; count covered_items, count items]);
        }
        fields.extend(crate::fields![MatrixTableRow<'a>; list through, list through_label]);
        fields
    }

    /// The table a user sees: [`Self::rows`] with [`Self::fields`].
    pub fn table(&self) -> Table<MatrixTableRow<'_>> {
        Table::new(self.fields(), self.rows())
    }

    /// The cells as table rows (columns [`Self::fields`]), in the matrix's order.
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
            let matrix = coverage_matrix_table(&graph, by, &[]).unwrap();
            let table = matrix.table();
            assert!(!table.rows.is_empty(), "the bundled graph has a {target} matrix");
            assert_eq!(table.fields[3].name, target);
            let expected: &[&str] = match by {
                MatrixBy::Area => &["covered_items", "items"],
                MatrixBy::Framework => &[],
            };
            assert_eq!(crate::table::assert_table_holds(&table), expected);
        }
    }
}
