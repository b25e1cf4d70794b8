//! Python bindings: the only code that uses pyo3. No RDF logic lives here; each wrapper calls
//! the core and maps its errors once (see `errors.rs`).

mod errors;
mod graph;
mod results;
mod terms;

use pyo3::prelude::*;

/// The native module `workforce_graph._core`; import `workforce_graph` instead.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("OXIGRAPH_VERSION", "0.5.13")?;
    m.add("PERSISTENCE_AVAILABLE", crate::Graph::persistence_available())?;
    m.add_class::<graph::PyGraph>()?;
    m.add_class::<results::PyQueryResult>()?;
    m.add_class::<terms::PyIri>()?;
    m.add_class::<terms::PyLiteral>()?;
    Ok(())
}
