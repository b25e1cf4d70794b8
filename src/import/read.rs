//! Reading input files as text: the one place where a file that is not UTF-8, or is empty, becomes
//! an [`ImportError`] with its location.

use crate::error::{DataError, DataErrorKind, ImportError};
use std::path::Path;

/// The error for a file whose bytes after `valid` (the UTF-8 prefix) are not UTF-8: located at
/// the 1-based line and column (in bytes of that line) of the first bad byte.
pub fn not_utf8(path: &Path, valid: &[u8]) -> ImportError {
    let line = valid.iter().filter(|b| **b == b'\n').count() as u64 + 1;
    let column = valid.iter().rev().take_while(|b| **b != b'\n').count() as u64 + 1;
    DataError::new(
        DataErrorKind::NotUtf8,
        path,
        "the file is not UTF-8 text (save it as UTF-8, e.g. \"CSV UTF-8\" in Excel)",
    )
    .at_line(line)
    .at_offset(column)
    .into()
}

/// Reads a whole file as UTF-8 text; a file holding only white space is [`DataErrorKind::Empty`].
pub fn read_text(path: &Path) -> Result<String, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::io(path, source))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DataError::new(DataErrorKind::Empty, path, "the file is empty").into());
    }
    String::from_utf8(bytes).map_err(|e| not_utf8(path, &e.as_bytes()[..e.utf8_error().valid_up_to()]))
}
