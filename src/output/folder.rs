//! Atomic output folders, used by runs, merges and charts.
//!
//! Everything is written into a staging folder next to the target, `.NAME.tmp-PID-XXXXXX`
//! (created by `tempfile`, removed when dropped). [`Staging::commit`] moves an existing previous
//! result aside as `.NAME.old-PID-XXXXXX`, renames the staging folder into place and deletes the
//! previous result. When anything fails, the previous result is put back where it was. What a
//! killed process leaves next to the target is cleaned up by the next [`stage`] of that target:
//! its staging folder is deleted, and its previous result is restored when the target is missing
//! (the process died between the two renames) or deleted when it is not.
//!
//! A commit after a SIGINT or SIGTERM ([`crate::signals`]) refuses, so a stopped run, merge
//! or chart drawing leaves the previous result as it was.
//!
//! Whether an existing target may be replaced is the caller's choice ([`Replace`]): a run or a
//! merge replaces only an ewsim result (a folder holding [`MARKER`]) or an empty folder, never
//! someone else's folder; the charts replace the `charts/` folder inside a result.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

/// File that marks a folder as an ewsim result.
pub const MARKER: &str = "manifest.json";

/// What an existing target may be for [`stage`] to replace it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// Only an ewsim result (a folder holding [`MARKER`]) or an empty folder.
    EwsimResult,
    /// Whatever is there: for a folder ewsim owns inside a result, such as `charts/`.
    Anything,
}

/// Errors of output folders.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    /// The target exists and is not an ewsim result.
    #[error(
        "refusing to overwrite {0}: it exists and is not an ewsim output folder (no manifest.json); choose another --out"
    )]
    NotOurs(PathBuf),
    /// An I/O error on a path. The cause is part of the message (not a separate source, which
    /// would print it twice in an error chain).
    #[error("{}: cannot {action}: {cause}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// What was attempted ("create folder", "move the previous result aside", ...).
        action: &'static str,
        /// What the operating system said.
        cause: io::Error,
    },
    /// A stop was requested (SIGINT or SIGTERM) before the result was put in place.
    #[error("{}: {stop}", target.display())]
    Interrupted {
        /// The target, left as it was.
        target: PathBuf,
        /// The signal.
        stop: crate::signals::Interrupted,
    },
    /// The new result could not be renamed into place, nor the previous one put back.
    #[error(
        "{}: cannot rename the new result into place: {}",
        target.display(), not_restored(cause, restore, aside)
    )]
    NotRestored {
        /// The target.
        target: PathBuf,
        /// Where the previous result stays.
        aside: PathBuf,
        /// Why the new result could not be renamed into place.
        cause: io::Error,
        /// Why the previous result could not be put back.
        restore: io::Error,
    },
}

impl FolderError {
    /// The path concerned, what was attempted and why it failed, for callers that report
    /// errors in that form.
    pub fn into_parts(self) -> (PathBuf, &'static str, io::Error) {
        match self {
            FolderError::NotOurs(path) => (
                path,
                "replace it",
                io::Error::other("it is not an ewsim output folder (no manifest.json)"),
            ),
            FolderError::Interrupted { target, stop } => (
                target,
                "put the new result in place",
                io::Error::new(io::ErrorKind::Interrupted, stop.to_string()),
            ),
            FolderError::Io {
                path,
                action,
                cause,
            } => (path, action, cause),
            FolderError::NotRestored {
                target,
                aside,
                cause,
                restore,
            } => {
                let text = not_restored(&cause, &restore, &aside);
                (
                    target,
                    "rename the new result into place",
                    io::Error::new(cause.kind(), text),
                )
            }
        }
    }
}

fn not_restored(cause: &io::Error, restore: &io::Error, aside: &Path) -> String {
    format!(
        "{cause}; the previous result could not be put back ({restore}) and stays in {}, from where the next write of this folder restores it",
        aside.display()
    )
}

fn io_error<'a>(
    path: &'a Path,
    action: &'static str,
) -> impl FnOnce(io::Error) -> FolderError + 'a {
    move |cause| FolderError::Io {
        path: path.to_path_buf(),
        action,
        cause,
    }
}

/// A folder being written; removed on drop unless committed.
#[derive(Debug)]
pub struct Staging {
    dir: TempDir,
    target: PathBuf,
    replace: Replace,
}

/// Checks that `target` may be (re)written, cleans up what killed processes left next to it,
/// and creates its staging folder.
pub fn stage(target: &Path, replace: Replace) -> Result<Staging, FolderError> {
    let parent = parent_of(target);
    let name = name_of(target);
    remove_abandoned(parent, &name, target);
    check_replaceable(target, replace)?;
    fs::create_dir_all(parent).map_err(io_error(parent, "create folder"))?;
    let dir = tempfile::Builder::new()
        .prefix(&format!(".{name}.tmp-{}-", std::process::id()))
        .rand_bytes(6)
        .tempdir_in(parent)
        .map_err(io_error(parent, "create a staging folder in"))?;
    Ok(Staging {
        dir,
        target: target.to_path_buf(),
        replace,
    })
}

fn parent_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn name_of(target: &Path) -> String {
    target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned())
}

/// What a leftover next to a target is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Leftover {
    /// A staging folder (`.NAME.tmp-PID…`).
    Staging,
    /// A previous result moved aside (`.NAME.old-PID…`).
    Previous,
}

/// The kind and process id of a leftover of target `name` called `file_name`: `.NAME.tmp-PID`
/// or `.NAME.old-PID`, optionally followed by `-SUFFIX`.
fn parse_leftover(file_name: &str, name: &str) -> Option<(Leftover, u32)> {
    let rest = file_name.strip_prefix('.')?.strip_prefix(name)?;
    let (kind, rest) = if let Some(rest) = rest.strip_prefix(".tmp-") {
        (Leftover::Staging, rest)
    } else {
        (Leftover::Previous, rest.strip_prefix(".old-")?)
    };
    let (pid, suffix) = rest.split_once('-').unwrap_or((rest, ""));
    if !suffix.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some((kind, pid.parse().ok()?))
}

/// Whether process `pid` lives; `None` where the system does not tell (no `/proc`).
fn process_alive(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    proc.join("self")
        .exists()
        .then(|| proc.join(pid.to_string()).exists())
}

/// Cleans up the leftovers of `target` (called `name`, in `parent`) whose process is gone:
/// a staging folder is deleted; a previous result is restored when the target is missing, and
/// deleted otherwise. Where the system does not tell which processes live, leftovers stay
/// (hidden, never mistaken for a result). Failures are ignored: the leftover stays for later.
fn remove_abandoned(parent: &Path, name: &str, target: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut leftovers: Vec<(Leftover, PathBuf)> = entries
        .flatten()
        .filter_map(|entry| {
            let file_name = entry.file_name();
            let (kind, pid) = parse_leftover(file_name.to_str()?, name)?;
            (process_alive(pid) == Some(false)).then(|| (kind, entry.path()))
        })
        .collect();
    leftovers.sort();
    for (kind, path) in leftovers {
        let restore = kind == Leftover::Previous && fs::symlink_metadata(target).is_err();
        if !(restore && fs::rename(&path, target).is_ok()) {
            let _ = remove(&path);
        }
    }
}

/// Removes a folder with its content, or a file.
fn remove(path: &Path) -> io::Result<()> {
    if fs::symlink_metadata(path)?.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
}

/// Whether `target` is absent or may be replaced under `replace`.
pub fn check_replaceable(target: &Path, replace: Replace) -> Result<(), FolderError> {
    if replace == Replace::Anything || !target.exists() || target.join(MARKER).is_file() {
        return Ok(());
    }
    let empty = target.is_dir()
        && fs::read_dir(target)
            .map_err(io_error(target, "read folder"))?
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
        self.dir.path()
    }

    /// Moves the finished folder into place, replacing a previous result, which is restored
    /// if the new one cannot be put in its place. Returns the target.
    pub fn commit(self) -> Result<PathBuf, FolderError> {
        let Staging {
            dir,
            target,
            replace,
        } = self;
        // After a stop request nothing is put in place: `dir` is dropped, and deleted.
        if let Err(stop) = crate::signals::check() {
            return Err(FolderError::Interrupted { target, stop });
        }
        check_replaceable(&target, replace)?;
        let aside = match fs::symlink_metadata(&target) {
            Ok(_) => {
                let aside = aside_path(dir.path());
                steps::rename(steps::ASIDE, &target, &aside)
                    .map_err(io_error(&target, "move the previous result aside"))?;
                Some(aside)
            }
            Err(_) => None,
        };
        if let Err(cause) = steps::rename(steps::INTO_PLACE, dir.path(), &target) {
            // `dir` is dropped on return, which deletes the new result.
            let Some(aside) = aside else {
                return Err(io_error(&target, "rename the new result into place")(cause));
            };
            return match steps::rename(steps::RESTORE, &aside, &target) {
                Ok(()) => Err(io_error(&target, "rename the new result into place")(cause)),
                Err(restore) => Err(FolderError::NotRestored {
                    target,
                    aside,
                    cause,
                    restore,
                }),
            };
        }
        // The new result is in place: the staging folder is gone, nothing is left to delete.
        let _ = dir.keep();
        if let Some(aside) = aside {
            // A previous result that cannot be deleted now is deleted by the next run.
            let _ = remove(&aside);
        }
        Ok(target)
    }
}

/// `.NAME.old-PID-XXXXXX` for the staging folder `.NAME.tmp-PID-XXXXXX`: unique as long as
/// the staging folder exists.
fn aside_path(staging: &Path) -> PathBuf {
    let name = staging
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let (stem, suffix) = name.rsplit_once(".tmp-").unwrap_or((&name, ""));
    staging.with_file_name(format!("{stem}.old-{suffix}"))
}

/// The renames of a commit, which a test can make fail one by one.
mod steps {
    use std::io;
    use std::path::Path;

    /// Moving the previous result aside.
    pub const ASIDE: u8 = 1;
    /// Renaming the new result into place.
    pub const INTO_PLACE: u8 = 2;
    /// Putting the previous result back.
    pub const RESTORE: u8 = 4;

    #[cfg(test)]
    thread_local! {
        /// The steps that fail on this thread (a set of the flags above).
        pub static FAIL: std::cell::Cell<u8> = const { std::cell::Cell::new(0) };
    }

    pub fn rename(step: u8, from: &Path, to: &Path) -> io::Result<()> {
        #[cfg(test)]
        if FAIL.with(|fail| fail.get() & step != 0) {
            return Err(io::Error::other("injected failure"));
        }
        let _ = step;
        std::fs::rename(from, to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A process id above Linux's `pid_max` (2^22), which no process has.
    const DEAD: u32 = 4_294_967;

    fn has_proc() -> bool {
        Path::new("/proc/self").exists()
    }

    /// Writes a result holding `text` in its manifest.
    fn commit_result(target: &Path, text: &str) -> Result<PathBuf, FolderError> {
        let staging = stage(target, Replace::EwsimResult)?;
        fs::write(staging.path().join(MARKER), text).unwrap();
        staging.commit()
    }

    fn manifest(target: &Path) -> String {
        fs::read_to_string(target.join(MARKER)).unwrap()
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn failing<T>(steps: u8, body: impl FnOnce() -> T) -> T {
        steps::FAIL.with(|fail| fail.set(steps));
        let result = body();
        steps::FAIL.with(|fail| fail.set(0));
        result
    }

    #[test]
    fn replaces_results_but_not_strangers() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        commit_result(&target, "first").unwrap();
        assert_eq!(manifest(&target), "first");
        commit_result(&target, "second").unwrap();
        assert_eq!(manifest(&target), "second");
        assert_eq!(names(dir.path()), ["out"], "nothing is left next to it");
        // A folder of someone else's is refused and left alone.
        let stranger = dir.path().join("mine");
        fs::create_dir(&stranger).unwrap();
        fs::write(stranger.join("thesis.tex"), "x").unwrap();
        let error = stage(&stranger, Replace::EwsimResult).unwrap_err();
        assert!(matches!(error, FolderError::NotOurs(_)), "{error}");
        assert!(
            error.to_string().contains("refusing to overwrite"),
            "{error}"
        );
        assert_eq!(
            fs::read_to_string(stranger.join("thesis.tex")).unwrap(),
            "x"
        );
        // An empty folder is taken.
        let empty = dir.path().join("empty");
        fs::create_dir(&empty).unwrap();
        commit_result(&empty, "new").unwrap();
        assert_eq!(manifest(&empty), "new");
    }

    #[test]
    fn a_folder_without_marker_is_replaced_when_the_caller_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let charts = dir.path().join("charts");
        fs::create_dir(&charts).unwrap();
        fs::write(charts.join("old.png"), "old").unwrap();
        assert!(stage(&charts, Replace::EwsimResult).is_err());
        let staging = stage(&charts, Replace::Anything).unwrap();
        fs::write(staging.path().join("new.png"), "new").unwrap();
        assert_eq!(staging.commit().unwrap(), charts);
        assert_eq!(names(&charts), ["new.png"]);
        assert_eq!(names(dir.path()), ["charts"]);
    }

    #[test]
    fn the_staging_folder_is_hidden_next_to_the_target_and_readable() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let staging = stage(&target, Replace::EwsimResult).unwrap();
        assert_eq!(staging.path().parent(), Some(dir.path()));
        let name = staging.path().file_name().unwrap().to_str().unwrap();
        let prefix = format!(".out.tmp-{}-", std::process::id());
        assert!(name.starts_with(&prefix), "{name}");
        assert_eq!(
            parse_leftover(name, "out"),
            Some((Leftover::Staging, std::process::id()))
        );
        // Created like any folder (the umask decides), not private like a temporary one.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let plain = dir.path().join("plain");
            fs::create_dir(&plain).unwrap();
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode();
            assert_eq!(mode(staging.path()), mode(&plain));
        }
    }

    #[test]
    fn an_abandoned_staging_folder_disappears() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let staging = stage(&target, Replace::EwsimResult).unwrap();
        let path = staging.path().to_path_buf();
        assert!(path.is_dir());
        drop(staging);
        assert!(!path.exists());
        assert!(!target.exists());
    }

    /// A folder holding the result `out` whose manifest says "previous".
    fn previous_result() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        commit_result(&target, "previous").unwrap();
        (dir, target)
    }

    #[test]
    fn a_failed_rename_leaves_the_previous_result_in_place() {
        for (step, message) in [
            (steps::ASIDE, "cannot move the previous result aside"),
            (
                steps::INTO_PLACE,
                "cannot rename the new result into place: injected failure",
            ),
        ] {
            let (dir, target) = previous_result();
            let error = failing(step, || commit_result(&target, "new")).unwrap_err();
            assert!(error.to_string().contains(message), "{error}");
            assert_eq!(manifest(&target), "previous");
            assert_eq!(
                names(dir.path()),
                ["out"],
                "no staging or old folder is left"
            );
        }
    }

    #[test]
    fn a_second_rename_that_fails_for_real_restores_the_previous_result() {
        // The staging folder vanishes after the previous result was moved aside.
        let (dir, target) = previous_result();
        let staging = stage(&target, Replace::EwsimResult).unwrap();
        fs::remove_dir(staging.path()).unwrap();
        let error = staging.commit().unwrap_err();
        assert!(matches!(error, FolderError::Io { .. }), "{error}");
        assert_eq!(manifest(&target), "previous");
        assert_eq!(names(dir.path()), ["out"]);
    }

    #[test]
    fn a_previous_result_that_cannot_be_put_back_is_restored_by_the_next_run() {
        let (dir, target) = previous_result();
        let error = failing(steps::INTO_PLACE | steps::RESTORE, || {
            commit_result(&target, "new")
        })
        .unwrap_err();
        let FolderError::NotRestored { aside, .. } = &error else {
            panic!("expected NotRestored, got {error}");
        };
        assert!(
            error
                .to_string()
                .contains("the next write of this folder restores it"),
            "{error}"
        );
        let (path, action, _) = FolderError::NotRestored {
            target: target.clone(),
            aside: aside.clone(),
            cause: io::Error::other("a"),
            restore: io::Error::other("b"),
        }
        .into_parts();
        assert_eq!(
            (path.as_path(), action),
            (target.as_path(), "rename the new result into place")
        );
        assert!(!target.exists());
        assert_eq!(fs::read_to_string(aside.join(MARKER)).unwrap(), "previous");
        // The process that moved it aside is gone (here: its leftover is renamed to a dead PID);
        // the next run puts the previous result back before it starts.
        let dead = dir.path().join(format!(".out.old-{DEAD}-abcdef"));
        fs::rename(aside, &dead).unwrap();
        let staging = stage(&target, Replace::EwsimResult).unwrap();
        if has_proc() {
            assert_eq!(manifest(&target), "previous");
            assert!(!dead.exists());
        }
        drop(staging);
    }

    #[test]
    fn leftovers_of_dead_processes_are_cleaned_up() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        commit_result(&target, "current").unwrap();
        let dead = [
            format!(".out.tmp-{DEAD}-x1y2z3"),
            format!(".out.old-{DEAD}-x1y2z3"),
            // The names of earlier versions, without a suffix.
            format!(".out.tmp-{DEAD}"),
            format!(".out.old-{DEAD}"),
        ];
        let kept = [
            // A live process's (this one's) staging folder, another target's, a stranger's.
            format!(".out.tmp-{}-a1b2c3", std::process::id()),
            format!(".other.tmp-{DEAD}-a1b2c3"),
            format!("out.old-{DEAD}"),
            format!(".out.old-{DEAD}.bak"),
        ];
        for name in dead.iter().chain(&kept) {
            fs::create_dir(dir.path().join(name)).unwrap();
            fs::write(dir.path().join(name).join(MARKER), "left").unwrap();
        }
        commit_result(&target, "new").unwrap();
        assert_eq!(manifest(&target), "new");
        let mut expected: Vec<String> = kept.to_vec();
        if !has_proc() {
            expected.extend(dead);
        }
        expected.push("out".into());
        expected.sort();
        assert_eq!(names(dir.path()), expected);
    }

    #[test]
    fn leftover_names_are_parsed_strictly() {
        assert_eq!(
            parse_leftover(".out.tmp-12-Ab3xYz", "out"),
            Some((Leftover::Staging, 12))
        );
        assert_eq!(
            parse_leftover(".out.old-12", "out"),
            Some((Leftover::Previous, 12))
        );
        for name in [
            "out.tmp-12",
            ".out.tmp-",
            ".out.tmp-x",
            ".out.new-12",
            ".out.tmp-12-a.b",
            ".outer.tmp-12",
        ] {
            assert_eq!(parse_leftover(name, "out"), None, "{name}");
        }
    }

    #[test]
    fn an_io_error_says_its_cause_once_in_an_error_chain() {
        let error = FolderError::Io {
            path: PathBuf::from("out"),
            action: "create folder",
            cause: io::Error::other("disk full"),
        };
        let shown = format!("{:#}", anyhow::Error::from(error));
        assert_eq!(shown, "out: cannot create folder: disk full");
    }

    #[test]
    fn the_aside_name_mirrors_the_staging_name() {
        assert_eq!(
            aside_path(Path::new("/x/.out.tmp-7-abc123")),
            Path::new("/x/.out.old-7-abc123")
        );
    }
}
