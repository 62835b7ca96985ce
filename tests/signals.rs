//! SIGINT and SIGTERM, sent for real to a running `ewsim run` and `ewsim merge`, leave the
//! previous result as it was and no partial result, and end with status 128 + the signal.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn spawn(args: &[String]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_ewsim"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ewsim starts")
}

/// Waits until the staging folder of `target` appears (the run or merge has started writing).
fn wait_for_staging(child: &mut Child, target: &Path) {
    let parent = target.parent().expect("the target has a parent");
    let prefix = format!(
        ".{}.tmp-",
        target.file_name().expect("a name").to_string_lossy()
    );
    let start = Instant::now();
    while !common::names(parent).iter().any(|n| n.starts_with(&prefix)) {
        assert!(
            child.try_wait().expect("waits").is_none(),
            "ewsim ended before it started writing"
        );
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no staging folder"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Sends `signal` (`INT` or `TERM`) to `child` with `kill`; returns its status and stderr.
fn stop(child: Child, signal: &str) -> (Option<i32>, String) {
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let output = child.wait_with_output().expect("ewsim ends");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr)
}

fn path(p: &Path) -> String {
    p.display().to_string()
}

/// A quickstart run of `extra` arguments into `out`.
fn quickstart(out: &Path, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "run",
        &path(&common::scenario("quickstart.toml")),
        "--out",
        &path(out),
        "--quiet",
        "--set",
        "output.charts=false",
    ]
    .map(String::from)
    .to_vec();
    args.extend(extra.iter().map(|a| a.to_string()));
    args
}

/// Asserts that `target` holds `previous` and nothing else is next to it.
fn unchanged(target: &Path, previous: &[u8], what: &str) {
    let manifest = common::bytes(&target.join("manifest.json"));
    assert_eq!(manifest, previous, "{what}: the previous result changed");
    let parent = target.parent().expect("a parent");
    let left: Vec<String> = common::names(parent)
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{what}: left {left:?}");
}

#[test]
fn a_signal_during_a_run_leaves_the_previous_result() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("out");
    common::ewsim_ok(
        &quickstart(&out, &["--set", "time.end_year=2016"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    let previous = common::bytes(&out.join("manifest.json"));
    // 200,000 households for 10 years: about a second a simulated year.
    let long = quickstart(
        &out,
        &["--set", "run.households=200000", "--replicates", "2"],
    );
    for (signal, status) in [("INT", 130), ("TERM", 143)] {
        let mut child = spawn(&long);
        wait_for_staging(&mut child, &out);
        std::thread::sleep(Duration::from_millis(200));
        let (code, stderr) = stop(child, signal);
        assert_eq!(code, Some(status), "SIG{signal}: {stderr}");
        assert!(
            stderr.contains(&format!("stopped by SIG{signal}")),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        unchanged(&out, &previous, &format!("SIG{signal} during a run"));
    }
}

#[test]
fn a_signal_during_a_merge_leaves_the_previous_result() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // Two shards with charts to draw at the merge: it takes a few seconds.
    let shards: Vec<PathBuf> = (1..=2)
        .map(|k| dir.path().join(format!("shard{k}")))
        .collect();
    for (k, shard) in shards.iter().enumerate() {
        let mut args = quickstart(
            shard,
            &["--replicates", "4", "--set", "run.households=2000"],
        );
        args.extend(["--shard".to_string(), format!("{}/2", k + 1)]);
        args.extend(["--set".to_string(), "output.charts=true".to_string()]);
        common::ewsim_ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    }
    let merged = dir.path().join("merged");
    let merge: Vec<String> = [
        "merge".to_string(),
        path(&merged),
        path(&shards[0]),
        path(&shards[1]),
    ]
    .to_vec();
    common::ewsim_ok(&merge.iter().map(String::as_str).collect::<Vec<_>>());
    let previous = common::bytes(&merged.join("manifest.json"));
    let mut child = spawn(&merge);
    wait_for_staging(&mut child, &merged);
    let (code, stderr) = stop(child, "TERM");
    assert_eq!(code, Some(143), "{stderr}");
    assert!(stderr.contains("stopped by SIGTERM"), "{stderr}");
    unchanged(&merged, &previous, "SIGTERM during a merge");
    assert!(
        merged.join("charts").is_dir(),
        "the previous charts are in place"
    );
}
