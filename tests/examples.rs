//! The scripts in `examples/` work with an installed `ewsim`: a bare `ewsim` found on `PATH`
//! (here a folder holding a link to the built binary, as `cargo install --path .` leaves one in
//! `~/.cargo/bin`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{bytes, ewsim_ok, path_str};

/// A folder with `ewsim` in it, and a `PATH` that finds it first.
fn installed() -> (tempfile::TempDir, String) {
    let bin = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_ewsim"), bin.path().join("ewsim")).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (bin, path)
}

fn script(name: &str) -> PathBuf {
    common::root().join("examples").join(name)
}

fn quickstart() -> String {
    common::scenario("quickstart.toml").display().to_string()
}

/// An unsharded quickstart run of 3 replicates, for comparison.
fn unsharded(dir: &Path) -> PathBuf {
    let out = dir.join("whole");
    ewsim_ok(&[
        "run",
        &quickstart(),
        "--replicates",
        "3",
        "--quiet",
        "--out",
        path_str(&out),
        "--set",
        "output.charts=false",
    ]);
    out
}

#[test]
fn the_slurm_script_runs_each_task_with_the_installed_binary() {
    let (_bin, path) = installed();
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("study");
    // A scenario copy that asks for 3 replicates and no charts (the script passes no --set).
    let scenario = dir.path().join("qs.toml");
    let text = std::fs::read_to_string(quickstart()).unwrap();
    let text = text
        .replace("replicates = 1", "replicates = 3")
        .replace("charts = true", "charts = false");
    std::fs::write(&scenario, text).unwrap();
    for task in 1..=2 {
        let output = Command::new("bash")
            .arg(script("slurm_array.sh"))
            .arg(&scenario)
            .arg(&base)
            .env("PATH", &path)
            .env_remove("EWSIM")
            .env("SLURM_ARRAY_TASK_COUNT", "2")
            .env("SLURM_ARRAY_TASK_ID", task.to_string())
            .env("SLURM_CPUS_PER_TASK", "1")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "task {task}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let merged = dir.path().join("merged");
    ewsim_ok(&[
        "merge",
        path_str(&merged),
        path_str(&base.join("shard1")),
        path_str(&base.join("shard2")),
    ]);
    let whole = unsharded(dir.path());
    assert_eq!(
        bytes(&merged.join("metrics.csv")),
        bytes(&whole.join("metrics.csv"))
    );
}

#[test]
fn the_slurm_script_says_how_to_install_when_ewsim_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new("bash")
        .arg(script("slurm_array.sh"))
        .arg("x.toml")
        .arg(dir.path())
        .env("PATH", "/usr/bin:/bin")
        .env_remove("EWSIM")
        .env("SLURM_ARRAY_TASK_COUNT", "2")
        .env("SLURM_ARRAY_TASK_ID", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cargo install --path ."), "{stderr}");
}

#[test]
fn the_gnu_parallel_script_merges_shards_with_the_installed_binary() {
    let has_parallel = Command::new("parallel")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_parallel {
        eprintln!("GNU parallel is not installed: examples/gnu_parallel.sh not run");
        return;
    }
    let (_bin, path) = installed();
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("qs.toml");
    let text = std::fs::read_to_string(quickstart()).unwrap();
    let text = text
        .replace("replicates = 1", "replicates = 3")
        .replace("charts = true", "charts = false");
    std::fs::write(&scenario, text).unwrap();
    let out = dir.path().join("merged");
    let output = Command::new("bash")
        .arg(script("gnu_parallel.sh"))
        .arg(&scenario)
        .arg("2")
        .arg(&out)
        .env("PATH", &path)
        .env_remove("EWSIM")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let whole = unsharded(dir.path());
    assert_eq!(
        bytes(&out.join("metrics.csv")),
        bytes(&whole.join("metrics.csv"))
    );
}
