//! Python bindings: the only code that uses pyo3. No RDF logic lives here; each wrapper calls
//! the core and maps its errors once (see `errors.rs`).

mod analysis;
mod careers;
mod coding;
mod errors;
mod graph;
mod importers;
mod results;
mod standards;
mod terms;

use pyo3::prelude::*;

/// The extension's Rust allocations (the store's terms and index nodes, query tables) go through
/// mimalloc: loading and querying allocate many small blocks, where it is markedly faster than
/// glibc's malloc. Python's own objects keep Python's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc keeps freed pages for 10 ms before returning them to the system; a load frees its
/// parsed batches faster than that, so the process peaked about 35 MB higher than with glibc.
/// Returning them at once keeps the peak at glibc's and costs no measurable speed.
fn release_freed_memory_at_once() {
    // `mi_option_purge_delay` in mimalloc.h (v2 and v3); libmimalloc-sys has no constant for it.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: called while the module is being imported, before this library starts any thread.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
}

/// The native module `workforce_graph._core`; import `workforce_graph` instead.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    release_freed_memory_at_once();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("OXIGRAPH_VERSION", "0.5.13")?;
    m.add("PERSISTENCE_AVAILABLE", crate::Graph::persistence_available())?;
    m.add_function(wrap_pyfunction!(ddat_turtle, m)?)?;
    m.add_class::<graph::PyGraph>()?;
    m.add_class::<results::PyQueryResult>()?;
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
fn ddat_turtle<'py>(py: Python<'py>, directory: std::path::PathBuf) -> PyResult<(String, Bound<'py, pyo3::types::PyDict>)> {
    let import = py
        .detach(|| crate::import::ddat::read_ddat(&directory))
        .map_err(errors::map_import_error)?;
    let turtle = py.detach(|| crate::import::to_turtle(&import.triples));
    Ok((turtle, graph::report_to_dict(py, &import.report)?))
}
