//! What the native module hands the Python facade (`python/workforce_graph/`): raw columns that
//! the facade makes into DataFrames, and progress reported through a callback given per call.
//! The native module imports nothing of the package (the exception classes excepted: see
//! `errors::init`); the facade owns pandas, the table convention and result objects.

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// An analysis's answer as the facade receives it: one list per column, in order, named as the
/// table names them, with the dtypes the facade gives those columns when it makes the DataFrame
/// (``workforce_graph._tables.frame``). ``astype`` is named after pandas' method, so an analysis
/// reads the same whichever it is handed.
#[pyclass(frozen, name = "RawColumns", module = "workforce_graph._core")]
pub struct RawColumns {
    /// Column name to list of values, in the table's order.
    #[pyo3(get)]
    columns: Py<PyDict>,
    /// Column name to dtype (``"int64"``, ``"Int64"``, ``"float64"``, ``"object"``).
    #[pyo3(get)]
    dtypes: Py<PyDict>,
}

impl RawColumns {
    /// Columns with no dtype given yet.
    pub fn new<'py>(columns: Bound<'py, PyDict>) -> PyResult<Bound<'py, Self>> {
        let py = columns.py();
        Bound::new(
            py,
            Self {
                columns: columns.unbind(),
                dtypes: PyDict::new(py).unbind(),
            },
        )
    }
}

#[pymethods]
impl RawColumns {
    /// These columns, to be given these dtypes (column name to dtype).
    fn astype(&self, py: Python<'_>, dtypes: &Bound<'_, PyDict>) -> PyResult<Self> {
        let merged = self.dtypes.bind(py).copy()?;
        merged.update(dtypes.as_mapping())?;
        Ok(Self {
            columns: self.columns.clone_ref(py),
            dtypes: merged.unbind(),
        })
    }
}

/// A progress display updated from Rust, or nothing when not wanted: the facade hands a
/// callable per call (``_progress.start``) or ``None``.
pub struct Progress(Option<Py<PyAny>>);

impl Progress {
    /// A display of `total` steps counting `unit`s (`"row"`, `"step"`, `"triple"`), started by
    /// `start(total, description, unit)` when one is given.
    pub fn new(
        py: Python<'_>,
        total: usize,
        description: &str,
        start: Option<&Py<PyAny>>,
        unit: &str,
    ) -> PyResult<Self> {
        let Some(start) = start else {
            return Ok(Self(None));
        };
        let bar = start.bind(py).call1((total, description, unit))?;
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
