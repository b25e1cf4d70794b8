//! Writing a file so that a crash or an error never leaves it half-written.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Writes `path` through `write` into a temporary file beside it, syncs it and renames it over
/// `path`. If `write` fails, the temporary file is removed and `path` is untouched. `io_error`
/// turns the I/O failures of the temporary file into the caller's error type.
///
/// The new file gets the mode an ordinary `open` would give it (0666 less the umask), or the
/// mode of the file it replaces; a file the user cannot write (no write permission, or a
/// read-only mode) is refused with `PermissionDenied` rather than replaced. The temporary file is
/// named after the target and this process (`.NAME.wg-tmp-PID-N`), so temporary files of a
/// process that was killed while writing are removed by the next write of the same file.
pub(crate) fn write_atomically<E>(
    path: &Path,
    io_error: impl Fn(io::Error) -> E,
    write: impl FnOnce(&mut BufWriter<&mut File>) -> Result<(), E>,
) -> Result<(), E> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let existing = match std::fs::metadata(path) {
        Ok(metadata) => Some(metadata),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_error(e)),
    };
    if let Some(metadata) = &existing {
        check_writable(path, metadata).map_err(&io_error)?;
    }
    let file_name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    remove_stale_temporaries(directory, &file_name);
    let (mut file, temporary) = create_temporary(directory, &file_name).map_err(&io_error)?;
    let guard = RemoveOnDrop(Some(temporary.clone()));
    if let Some(metadata) = &existing {
        file.set_permissions(metadata.permissions()).map_err(&io_error)?;
    }
    {
        let mut writer = BufWriter::new(&mut file);
        write(&mut writer)?;
        writer.flush().map_err(&io_error)?;
    }
    file.sync_all().map_err(&io_error)?;
    drop(file);
    std::fs::rename(&temporary, path).map_err(&io_error)?;
    guard.disarm();
    Ok(())
}

/// Refuses to replace a file the user could not write in place.
fn check_writable(path: &Path, metadata: &std::fs::Metadata) -> io::Result<()> {
    if metadata.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            format!("{} is a directory", path.display()),
        ));
    }
    let denied = || {
        io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "{} is read-only: it is not replaced (make it writable first)",
                path.display()
            ),
        )
    };
    // A mode without any write bit is read-only even for a user (root) whom the system would let write.
    if metadata.permissions().readonly() {
        return Err(denied());
    }
    match OpenOptions::new().write(true).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Err(denied()),
        Err(e) => Err(e),
    }
}

const TEMPORARY_TAG: &str = ".wg-tmp-";

/// Creates `.NAME.wg-tmp-PID-N` in `directory` with the default mode (0666 less the umask).
fn create_temporary(directory: &Path, file_name: &str) -> io::Result<(File, PathBuf)> {
    let pid = std::process::id();
    let mut attempt = 0u32;
    loop {
        let candidate = directory.join(format!(".{file_name}{TEMPORARY_TAG}{pid}-{attempt}"));
        match OpenOptions::new().write(true).create_new(true).open(&candidate) {
            Ok(file) => return Ok((file, candidate)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 10_000 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Removes temporary files of `file_name` left by processes that no longer run (killed while
/// writing). Best effort: a file that cannot be removed is left.
fn remove_stale_temporaries(directory: &Path, file_name: &str) {
    let prefix = format!(".{file_name}{TEMPORARY_TAG}");
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !process_is_running(pid, &entry.path()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` may still be writing `file`: on Linux, whether it exists; elsewhere,
/// whether the file changed in the last day.
fn process_is_running(pid: u32, file: &Path) -> bool {
    if Path::new("/proc/self").exists() {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    std::fs::metadata(file)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age.as_secs() < 86_400)
}

/// Removes the temporary file unless the write completed.
struct RemoveOnDrop(Option<PathBuf>);

impl RemoveOnDrop {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_text(path: &Path, text: &str) -> Result<(), String> {
        write_atomically(
            path,
            |e| e.to_string(),
            |w| w.write_all(text.as_bytes()).map_err(|e| e.to_string()),
        )
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("out.txt");
        write_text(&path, "first").unwrap();
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

    #[cfg(unix)]
    #[test]
    fn new_files_get_the_default_mode_and_replaced_files_keep_theirs() {
        use std::os::unix::fs::PermissionsExt;
        let directory = tempfile::tempdir().unwrap();
        // The mode an ordinary create gives under this process's umask.
        let reference = directory.path().join("reference");
        File::create(&reference).unwrap();
        let default_mode = std::fs::metadata(&reference).unwrap().permissions().mode() & 0o777;
        let path = directory.path().join("out.txt");
        write_text(&path, "first").unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            default_mode
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_text(&path, "second").unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_is_not_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("out.txt");
        write_text(&path, "kept").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let error = write_text(&path, "replaced").unwrap_err();
        assert!(error.contains("read-only"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "kept");
        assert_eq!(std::fs::read_dir(directory.path()).unwrap().count(), 1);
    }

    #[test]
    fn temporaries_of_dead_processes_are_removed_by_the_next_write() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("out.txt");
        // No process has this id on Linux (pid_max is at most 2^22).
        let stale = directory
            .path()
            .join(format!(".out.txt{TEMPORARY_TAG}4294967295-0"));
        std::fs::write(&stale, "half-written by a killed process").unwrap();
        let unrelated = directory
            .path()
            .join(format!(".other.txt{TEMPORARY_TAG}4294967295-0"));
        std::fs::write(&unrelated, "another file's").unwrap();
        write_text(&path, "done").unwrap();
        if Path::new("/proc/self").exists() {
            assert!(!stale.exists(), "the stale temporary file is removed");
        }
        assert!(
            unrelated.exists(),
            "only temporaries of the file written are touched"
        );
    }
}
