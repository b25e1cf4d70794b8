//! Writing a file so that a crash or an error never leaves it half-written.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Writes `path` through `write` into a temporary file beside it, syncs it and renames it over
/// `path`. If `write` fails, the temporary file is removed and `path` is untouched. `io_error`
/// turns the I/O failures of the temporary file into the caller's error type.
pub(crate) fn write_atomically<E>(
    path: &Path,
    io_error: impl Fn(io::Error) -> E,
    write: impl FnOnce(&mut BufWriter<&mut File>) -> Result<(), E>,
) -> Result<(), E> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".workforce-graph-")
        .tempfile_in(directory)
        .map_err(&io_error)?;
    {
        let mut writer = BufWriter::new(temporary.as_file_mut());
        write(&mut writer)?;
        writer.flush().map_err(&io_error)?;
    }
    temporary.as_file().sync_all().map_err(&io_error)?;
    temporary.persist(path).map_err(|e| io_error(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("out.txt");
        write_atomically(
            &path,
            |e| e.to_string(),
            |w| w.write_all(b"first").map_err(|e| e.to_string()),
        )
        .unwrap();
        let failed = write_atomically(
            &path,
            |e| e.to_string(),
            |w| {
                w.write_all(b"half").map_err(|e| e.to_string())?;
                Err("stopped".to_owned())
            },
        );
        assert_eq!(failed, Err("stopped".to_owned()));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        assert_eq!(
            std::fs::read_dir(directory.path()).unwrap().count(),
            1,
            "the temporary file is gone"
        );
    }
}
