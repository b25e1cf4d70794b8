//! Reading input files as text: the one place where a byte-order mark is dropped and where a file
//! that is not UTF-8, or is empty, becomes an [`ImportError`] with its location. Every importer
//! reads its text files through [`read_text`] or [`decode`]; delimited tables then go through
//! [`super::delimited`].

use crate::error::{DataError, DataErrorKind, ImportError};
use crate::rdf_errors::BOM;
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

/// The text of a file's `bytes`: without the UTF-8 byte-order mark Excel and Notepad write (it is
/// not part of the text: left in, it would be glued to the first header), refused when not UTF-8
/// (located at the first bad byte, counted after the mark) or when it holds only white space
/// ([`DataErrorKind::Empty`]).
pub fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, ImportError> {
    let bytes = &bytes[bom_length(bytes)..];
    let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(path, &bytes[..e.valid_up_to()]))?;
    not_empty(path, text)
}

/// Reads a whole file as text, checked as [`decode`] checks it (without a copy of the text).
pub fn read_text(path: &Path) -> Result<String, ImportError> {
    let mut bytes = std::fs::read(path).map_err(|source| ImportError::io(path, source))?;
    bytes.drain(..bom_length(&bytes));
    let text = String::from_utf8(bytes)
        .map_err(|e| not_utf8(path, &e.as_bytes()[..e.utf8_error().valid_up_to()]))?;
    not_empty(path, &text)?;
    Ok(text)
}

fn bom_length(bytes: &[u8]) -> usize {
    if bytes.starts_with(&BOM) {
        BOM.len()
    } else {
        0
    }
}

fn not_empty<'a>(path: &Path, text: &'a str) -> Result<&'a str, ImportError> {
    if text.trim().is_empty() {
        return Err(DataError::new(DataErrorKind::Empty, path, "the file is empty").into());
    }
    Ok(text)
}
