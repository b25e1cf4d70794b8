//! Python bindings: the only code that uses pyo3. No RDF logic lives here; each wrapper calls
//! the core and maps its errors once (see `errors.rs`).

mod analysis;
mod careers;
mod coding;
mod errors;
mod facade;
mod graph;
mod guarded;
mod importers;
mod remote;
mod results;
mod search;
mod standards;
mod terms;

use pyo3::prelude::*;

/// The native module `workforce_graph._core`; import `workforce_graph` instead.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::init(m.py())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // The release in Cargo.lock, read by build.rs: the store format users can open with that release.
    m.add("OXIGRAPH_VERSION", env!("WG_OXIGRAPH_VERSION"))?;
    m.add("PERSISTENCE_AVAILABLE", crate::Graph::persistence_available())?;
    m.add_function(wrap_pyfunction!(ddat_turtle, m)?)?;
    m.add_class::<facade::AnalysisTable>()?;
    m.add_function(wrap_pyfunction!(search::write_file, m)?)?;
    m.add_class::<graph::PyGraph>()?;
    m.add_class::<results::PyQueryResult>()?;
    m.add_class::<remote::PyRemoteEndpoint>()?;
    m.add_class::<terms::PyIri>()?;
    m.add_class::<terms::PyLiteral>()?;
    Ok(())
}

/// Reads an official DDaT export folder and returns it as Turtle, with the import report; this is
/// how ``ontology/data/ddat.ttl`` is made (``workforce-graph import-ddat``).
///
/// :param directory: the folder holding ``roles.csv`` and ``skills.csv``.
/// :rtype: tuple[str, dict[str, object]]
#[pyfunction]
fn ddat_turtle<'py>(
    py: Python<'py>,
    directory: std::path::PathBuf,
) -> PyResult<(String, Bound<'py, pyo3::types::PyDict>)> {
    let import = py
        .detach(|| crate::import::ddat::read_ddat(&directory))
        .map_err(errors::map_import_error)?;
    let turtle = py.detach(|| crate::import::to_turtle(&import.triples));
    Ok((turtle, graph::report_to_dict(py, &import.report)?))
}
