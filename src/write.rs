//! Writing repaired files so that nothing is ever half-written: through a
//! temporary file beside the target, renamed over it at the end, with the
//! target's mode; through a symbolic link to the file it names; never over a
//! read-only file unless forced.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Suffix of the temporary files jiaodui writes next to a target
/// (`.p01.md.a1B2c3.jiaodui-tmp`): it says what they are, and a later run
/// removes any a killed run left behind.
pub const TEMP_SUFFIX: &str = ".jiaodui-tmp";

/// How to treat the file a write replaces.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Rewrite read-only files too (`fix --force`).
    pub force: bool,
}

/// Write `bytes` to `path` atomically: through a temporary file in the same
/// directory, renamed over the target, so a crash never leaves a
/// half-written page. Errors name the path.
pub fn write_atomic(path: &Path, bytes: &[u8], options: WriteOptions) -> io::Result<()> {
    let mut file = AtomicFile::create(path, options)?;
    file.write_all(bytes)?;
    file.commit()
}

/// A file written in parts (a large page repaired part by part), put in
/// place by [`AtomicFile::commit`]; dropped without it, the target is left
/// as it was.
pub struct AtomicFile {
    tmp: tempfile::NamedTempFile,
    /// The path given, for messages.
    path: PathBuf,
    /// Where the rename goes (the file a symbolic link names).
    target: PathBuf,
}

impl AtomicFile {
    /// A temporary file for `path` (removing stale ones a killed run left).
    /// Fails at once for a read-only target unless forced.
    pub fn create(path: &Path, options: WriteOptions) -> io::Result<AtomicFile> {
        let target = writable_target(path, options)?;
        let tmp = temp_file_for(&target)?;
        Ok(AtomicFile { tmp, path: path.to_path_buf(), target })
    }

    /// Rename the finished file over the target, with the target's mode if
    /// it exists, else the mode a new file gets under the process's umask.
    pub fn commit(self) -> io::Result<()> {
        let permissions = match std::fs::metadata(&self.target) {
            Ok(meta) => meta.permissions(),
            Err(_) => new_file_permissions(),
        };
        let _ = std::fs::set_permissions(self.tmp.path(), permissions);
        self.tmp.persist(&self.target).map_err(|e| io::Error::new(e.error.kind(), format!("cannot replace {}: {}", self.target.display(), e.error)))?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tmp.write(buf).map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", self.path.display())))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tmp.flush()
    }
}

/// A new temporary file beside `target`, after removing stale ones of the
/// same target that a killed run left.
fn temp_file_for(target: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io::Error::new(e.kind(), format!("cannot create {}: {e}", dir.display())))?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}.");
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let n = entry.file_name().to_string_lossy().into_owned();
            // `.NAME.` + six random characters + the suffix.
            if n.len() == prefix.len() + 6 + TEMP_SUFFIX.len() && n.starts_with(&prefix) && n.ends_with(TEMP_SUFFIX) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(TEMP_SUFFIX)
        .rand_bytes(6)
        .tempfile_in(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot write in {}: {e}", dir.display())))
}

/// Where writing `path` goes: through a symbolic link to the file it names
/// (the link stays a link), and never over a read-only file unless forced.
fn writable_target(path: &Path, options: WriteOptions) -> io::Result<PathBuf> {
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).map_err(|e| io::Error::new(e.kind(), format!("{}: a link to nothing", path.display())))?,
        _ => path.to_path_buf(),
    };
    if let Ok(meta) = std::fs::metadata(&target) {
        if meta.permissions().readonly() && !options.force {
            return Err(io::Error::new(io::ErrorKind::PermissionDenied, format!("{}: read-only, left as it is (--force rewrites it)", path.display())));
        }
    }
    Ok(target)
}

/// `0666` less the umask, as for a file any program creates.
fn new_file_permissions() -> std::fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The umask is in /proc/self/status on Linux; elsewhere assume 022.
        let umask = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| s.lines().find_map(|l| l.strip_prefix("Umask:").and_then(|v| u32::from_str_radix(v.trim(), 8).ok())))
            .unwrap_or(0o022);
        std::fs::Permissions::from_mode(0o666 & !umask)
    }
    #[cfg(not(unix))]
    {
        tempfile::NamedTempFile::new().and_then(|f| f.as_file().metadata()).map(|m| m.permissions()).expect("a temporary file")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_file_leaves_the_target_and_a_committed_one_replaces_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p01.md");
        std::fs::write(&path, "old").unwrap();
        let mut f = AtomicFile::create(&path, WriteOptions::default()).unwrap();
        f.write_all(b"new").unwrap();
        drop(f);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        write_atomic(&path, b"new", WriteOptions::default()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_is_refused_unless_forced() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p01.md");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let err = write_atomic(&path, b"new", WriteOptions::default()).unwrap_err();
        assert!(err.to_string().contains("read-only"), "{err}");
        write_atomic(&path, b"new", WriteOptions { force: true }).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o444);
    }
}
