//! The Python halves of the package that the native module calls: the table convention, the
//! progress display, result objects and the Excel writer. `workforce_graph/__init__.py` hands
//! them over once, through `_core._connect_facade`, so the native module imports nothing of the
//! package (the exception classes excepted: see `errors::init`).

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

/// The facade's callables, in the order `_connect_facade` takes them.
struct Hooks {
    /// `_progress.start(total, description, enabled, unit)`: a `Progress` bar.
    progress: Py<PyAny>,
    /// `_tables.finish(frame)`: a ready-made table's raw columns to the table convention.
    finish_table: Py<PyAny>,
    /// `careers.CareerMoves(**parts)`.
    career_moves: Py<PyAny>,
    /// `excel.rows_workbook(sheet, header, rows) -> bytes`.
    rows_workbook: Py<PyAny>,
    /// `remote.RemoteGraph(endpoint, **options)`.
    remote_graph: Py<PyAny>,
    /// `report.summary_html(graph)`.
    summary_html: Py<PyAny>,
}

static HOOKS: PyOnceLock<Hooks> = PyOnceLock::new();

/// Called once by ``workforce_graph/__init__.py``: the package's callables the native module uses.
/// A second call changes nothing.
#[pyfunction]
#[pyo3(
    name = "_connect_facade",
    signature = (*, progress, finish_table, career_moves, rows_workbook, remote_graph, summary_html)
)]
pub fn connect_facade(
    py: Python<'_>,
    progress: Py<PyAny>,
    finish_table: Py<PyAny>,
    career_moves: Py<PyAny>,
    rows_workbook: Py<PyAny>,
    remote_graph: Py<PyAny>,
    summary_html: Py<PyAny>,
) {
    let _ = HOOKS.set(
        py,
        Hooks {
            progress,
            finish_table,
            career_moves,
            rows_workbook,
            remote_graph,
            summary_html,
        },
    );
}

fn hooks(py: Python<'_>) -> PyResult<&Hooks> {
    HOOKS.get(py).ok_or_else(|| {
        PyRuntimeError::new_err(
            "workforce_graph._core is used through the workforce_graph package: import workforce_graph",
        )
    })
}

/// A ready-made table's raw columns brought to the table convention (list columns, dates).
pub fn finish_table<'py>(raw: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = raw.py();
    hooks(py)?.finish_table.bind(py).call1((raw,))
}

/// A `CareerMoves` result object from its parts.
pub fn career_moves<'py>(py: Python<'py>, parts: &Bound<'py, PyDict>) -> PyResult<Bound<'py, PyAny>> {
    hooks(py)?.career_moves.bind(py).call((), Some(parts))
}

/// An XLSX workbook of one sheet, as bytes.
pub fn rows_workbook<'py>(py: Python<'py>, args: impl pyo3::call::PyCallArgs<'py>) -> PyResult<Vec<u8>> {
    hooks(py)?.rows_workbook.bind(py).call1(args)?.extract()
}

/// A `RemoteGraph` for `endpoint` with these options.
pub fn remote_graph<'py>(
    py: Python<'py>,
    endpoint: &str,
    options: &Bound<'py, PyDict>,
) -> PyResult<Bound<'py, PyAny>> {
    hooks(py)?.remote_graph.bind(py).call((endpoint,), Some(options))
}

/// The HTML summary of a graph shown by Jupyter.
pub fn summary_html<'py>(graph: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = graph.py();
    hooks(py)?.summary_html.bind(py).call1((graph,))
}

/// A progress display updated from Rust, or nothing when not wanted.
pub struct Progress(Option<Py<PyAny>>);

impl Progress {
    /// A display of `total` steps counting `unit`s (`"row"`, `"step"`, `"triple"`), shown when
    /// `enabled`.
    pub fn new(py: Python<'_>, total: usize, description: &str, enabled: bool, unit: &str) -> PyResult<Self> {
        if !enabled {
            return Ok(Self(None));
        }
        let bar = hooks(py)?
            .progress
            .bind(py)
            .call1((total, description, enabled, unit))?;
        Ok(Self(Some(bar.unbind())))
    }

    /// Adds `n` done steps; callable without the GIL (from a core callback).
    pub fn update(&self, n: usize) {
        if let Some(bar) = &self.0 {
            // A display failure must not fail the work.
            Python::attach(|py| {
                let _ = bar.bind(py).call_method1("update", (n,));
            });
        }
    }

    /// Ends the display.
    pub fn close(&self, py: Python<'_>) {
        if let Some(bar) = &self.0 {
            let _ = bar.bind(py).call_method0("close");
        }
    }
}
