//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scenario file of the repository.
pub fn scenario(name: &str) -> PathBuf {
    root().join("scenarios").join(name)
}

/// Runs the ewsim binary with `args`.
pub fn ewsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ewsim"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("ewsim runs")
}

/// Runs ewsim and asserts success.
pub fn ewsim_ok(args: &[&str]) -> Output {
    let output = ewsim(args);
    assert!(
        output.status.success(),
        "ewsim {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Reads a file to bytes.
pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
