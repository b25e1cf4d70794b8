//! What the native module hands the Python facade (`python/workforce_graph/`): analyses' tables
//! as Arrow, which the facade makes into DataFrames, and progress reported through a callback given per call.
//! The native module imports nothing of the package (the exception classes excepted: see
//! `errors::init`); the facade owns pandas, the table convention and result objects.

use crate::table::Table;
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{RecordBatch, RecordBatchIterator};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

/// An analysis's answer as the facade receives it: the core's table ([`Table`]) as one Arrow
/// record batch, each column typed by what the core declares it holds, handed over through the
/// Arrow C stream interface. The facade makes it a DataFrame
/// (``workforce_graph._tables.analysis_frame``), so the table convention has one home. It is
/// also the one way a batch leaves the native module: a query result's ``to_arrow`` hands
/// pyarrow its batch through it.
#[pyclass(frozen, name = "AnalysisTable", module = "workforce_graph._core")]
pub struct AnalysisTable {
    batch: RecordBatch,
}

/// A table of the core as one Arrow record batch; callable without the GIL, so the bindings
/// convert while it is released.
pub fn record_batch<T>(table: &Table<T>) -> PyResult<RecordBatch> {
    table
        .to_record_batch()
        .map_err(|e| PyValueError::new_err(format!("Arrow conversion failed: {e}")))
}

/// A record batch ([`record_batch`]) as the facade receives it.
pub fn analysis_table(py: Python<'_>, batch: RecordBatch) -> PyResult<Bound<'_, PyAny>> {
    Ok(Bound::new(py, AnalysisTable { batch })?.into_any())
}

#[pymethods]
impl AnalysisTable {
    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }

    /// Exports the table as an Arrow stream (the Arrow PyCapsule interface); the requested
    /// schema is ignored.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema; // a producer may ignore the request
        stream_capsule(py, self.batch.clone())
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

/// `batch` as a one-batch Arrow C stream capsule.
pub(super) fn stream_capsule(py: Python<'_>, batch: RecordBatch) -> PyResult<Bound<'_, PyCapsule>> {
    let schema = batch.schema();
    let reader = RecordBatchIterator::new(vec![Ok(batch)], schema);
    let stream = FFI_ArrowArrayStream::new(Box::new(reader));
    PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
}
