//! The README's quick start works as written on a fresh clone: its first command,
//! `cargo run --release`, runs the binary with no arguments, which must run the built-in China
//! scenario into `output/china/` with its charts (the second, `cargo test --release`, is this
//! test suite; `.ci/run` also runs the first literally).

mod common;

use std::process::Command;

const README: &str = include_str!("../README.md");

/// The commands of the README's first code block.
fn quick_start() -> Vec<String> {
    let block = README
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README has a sh code block");
    block
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").trim().to_string())
        .filter(|line| !line.is_empty())
        .collect()
}

#[test]
fn the_quick_start_is_the_two_commands_tested_here() {
    assert_eq!(
        quick_start(),
        ["cargo run --release", "cargo test --release"],
        "the README's quick start changed: update this test"
    );
    assert!(
        README.contains("cargo install --path ."),
        "the README says how to install ewsim"
    );
}

#[test]
fn ewsim_with_no_arguments_runs_china_into_output_china_with_charts() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_ewsim"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("ewsim runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "ewsim failed: {stderr}");
    let out = dir.path().join("output").join("china");
    for file in [
        "metrics.csv",
        "summary.csv",
        "regions.csv",
        "manifest.json",
        "scenario.resolved.toml",
        "observed.csv",
    ] {
        assert!(out.join(file).is_file(), "output/china/{file} is missing");
    }
    for chart in ewsim::plot::SINGLE {
        for ext in ["png", "svg"] {
            let path = out.join("charts").join(format!("{chart}.{ext}"));
            assert!(path.is_file(), "{} is missing", path.display());
        }
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&common::bytes(&out.join("manifest.json"))).unwrap();
    assert_eq!(manifest["scenario"], "china");
    assert!(stderr.contains("wrote output/china"), "{stderr}");
}

#[test]
fn help_is_still_help() {
    let output = common::ewsim_ok(&["--help"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    for command in ["run", "check", "plot", "merge", "init"] {
        assert!(stdout.contains(command), "{stdout}");
    }
}
