//! Atomic output folders: everything is written under a temporary name next to the target and
//! renamed into place when complete. An older ewsim result is replaced only then; a folder that
//! is not an ewsim result is never touched.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// File that marks a folder as an ewsim result.
pub const MARKER: &str = "manifest.json";

/// Errors of output folders.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    /// The target exists and is not an ewsim result.
    #[error(
        "refusing to overwrite {0}: it exists and is not an ewsim output folder (no manifest.json); choose another --out"
    )]
    NotOurs(PathBuf),
    /// An I/O error on a path.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> FolderError + '_ {
    move |source| FolderError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A folder being written; removed on drop unless committed.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    path: PathBuf,
    committed: bool,
}

/// Checks that `target` may be (re)written, and creates its staging folder.
pub fn stage(target: &Path) -> Result<Staging, FolderError> {
    check_replaceable(target)?;
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io_error(parent))?;
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    remove_abandoned(parent, &name);
    let path = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    if path.exists() {
        fs::remove_dir_all(&path).map_err(io_error(&path))?;
    }
    fs::create_dir_all(&path).map_err(io_error(&path))?;
    Ok(Staging {
        target: target.to_path_buf(),
        path,
        committed: false,
    })
}

/// Removes staging folders of `name` left by runs that were killed (their process is gone).
/// Only where `/proc` tells which processes live; elsewhere they stay (hidden, never mistaken
/// for a result).
fn remove_abandoned(parent: &Path, name: &str) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !proc.join(pid).exists() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether `target` is absent, empty, or an ewsim result.
pub fn check_replaceable(target: &Path) -> Result<(), FolderError> {
    if !target.exists() {
        return Ok(());
    }
    if target.join(MARKER).is_file() {
        return Ok(());
    }
    let empty = target.is_dir()
        && fs::read_dir(target)
            .map_err(io_error(target))?
            .next()
            .is_none();
    if empty {
        Ok(())
    } else {
        Err(FolderError::NotOurs(target.to_path_buf()))
    }
}

impl Staging {
    /// The temporary folder to write into.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Moves the finished folder into place, replacing an older result.
    pub fn commit(mut self) -> Result<PathBuf, FolderError> {
        check_replaceable(&self.target)?;
        if self.target.exists() {
            let parent = self
                .target
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let old = parent.join(format!(
                ".{}.old-{}",
                self.target
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy(),
                std::process::id()
            ));
            fs::rename(&self.target, &old).map_err(io_error(&self.target))?;
            fs::rename(&self.path, &self.target).map_err(io_error(&self.path))?;
            fs::remove_dir_all(&old).map_err(io_error(&old))?;
        } else {
            fs::rename(&self.path, &self.target).map_err(io_error(&self.path))?;
        }
        self.committed = true;
        Ok(self.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_results_but_not_strangers() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let staging = stage(&target).unwrap();
        fs::write(staging.path().join(MARKER), "{}").unwrap();
        staging.commit().unwrap();
        assert!(target.join(MARKER).is_file());
        // A second result replaces the first.
        let staging = stage(&target).unwrap();
        fs::write(staging.path().join(MARKER), "{\"second\":1}").unwrap();
        staging.commit().unwrap();
        assert!(
            fs::read_to_string(target.join(MARKER))
                .unwrap()
                .contains("second")
        );
        // A folder of someone else's is refused and left alone.
        let stranger = dir.path().join("mine");
        fs::create_dir(&stranger).unwrap();
        fs::write(stranger.join("thesis.tex"), "x").unwrap();
        assert!(matches!(stage(&stranger), Err(FolderError::NotOurs(_))));
        assert!(stranger.join("thesis.tex").is_file());
    }

    #[test]
    fn staging_folders_of_killed_runs_are_cleaned_up() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        // PID 4294967 is above Linux's pid_max, so no process has it.
        let stale = dir.path().join(".out.tmp-4294967");
        fs::create_dir(&stale).unwrap();
        fs::write(stale.join("metrics.csv"), "half").unwrap();
        let staging = stage(&target).unwrap();
        if Path::new("/proc/self").exists() {
            assert!(!stale.exists(), "the killed run's folder is removed");
        }
        drop(staging);
    }

    #[test]
    fn an_abandoned_staging_folder_disappears() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let staging = stage(&target).unwrap();
        let path = staging.path().to_path_buf();
        assert!(path.is_dir());
        drop(staging);
        assert!(!path.exists());
        assert!(!target.exists());
    }
}
