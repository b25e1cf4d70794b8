//! Long work off the Python thread: Ctrl-C stops it, a panic becomes a typed exception.

use super::errors::{domain_error, Exception};
use pyo3::prelude::*;

/// Runs `work` without the GIL on a worker thread with a large stack
/// ([`crate::guard::run_guarded`]), checking for Python signals every 50 ms while it waits: on
/// Ctrl-C (or Jupyter's "interrupt kernel") the work is cancelled and, once it has stopped, the
/// signal's exception (`KeyboardInterrupt`) is raised. Work that had already finished keeps its
/// result and the interrupt is raised again at the next Python instruction. A panic in `work`
/// raises `panic_class` (one of the library's exceptions) instead of `PanicException`.
///
/// Signals are only seen on Python's main thread; elsewhere the work simply runs to its end.
pub fn detach_guarded<T: Send, E: Send>(
    py: Python<'_>,
    panic_class: Exception,
    work: impl FnOnce() -> Result<T, E> + Send,
) -> PyResult<Result<T, E>> {
    let mut interrupt: Option<PyErr> = None;
    let outcome = py.detach(|| {
        crate::guard::run_guarded(
            || {
                Python::attach(|py| match py.check_signals() {
                    Ok(()) => false,
                    Err(error) => {
                        interrupt = Some(error);
                        true
                    }
                })
            },
            work,
        )
    });
    match (outcome, interrupt) {
        (Err(panicked), _) => Err(domain_error(panic_class, panicked.to_string())),
        (Ok(result), None) => Ok(result),
        (Ok(Err(_)), Some(interrupt)) => Err(interrupt),
        (Ok(Ok(value)), Some(_)) => {
            // SAFETY: called with the GIL held; it only marks SIGINT as pending again.
            unsafe { pyo3::ffi::PyErr_SetInterrupt() };
            Ok(Ok(value))
        }
    }
}
