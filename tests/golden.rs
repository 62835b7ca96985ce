//! Golden outputs: the CSV files of three fixed-seed studies, pinned by their SHA-256.
//!
//! A refactoring must leave these bytes unchanged. A change that is meant to move the model's
//! numbers re-blesses the table on purpose and says why in its commit:
//!
//! ```sh
//! EWSIM_BLESS=1 cargo test --release --test golden
//! ```

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

/// The pinned hashes, `study/file  sha256` a line.
const TABLE: &str = "tests/golden/outputs.sha256";

/// The studies: a name, then the arguments after `ewsim run` (charts off: they are not pinned here).
const STUDIES: &[(&str, &[&str])] = &[
    ("china", &[]),
    ("quickstart", &["scenarios/quickstart.toml"]),
    (
        "variants",
        &["scenarios/variants.toml", "--replicates", "2"],
    ),
];

/// The files pinned, where a study writes them.
const FILES: &[&str] = &[
    "metrics.csv",
    "regions.csv",
    "summary.csv",
    "effects.csv",
    "observed.csv",
];

fn sha256(path: &Path) -> String {
    let digest = Sha256::digest(common::bytes(path));
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs every study and returns `study/file → sha256`.
fn measured(dir: &Path) -> BTreeMap<String, String> {
    let mut hashes = BTreeMap::new();
    for (study, args) in STUDIES {
        let out = dir.join(study);
        // Scenario paths are relative to the repository root.
        let mut full: Vec<String> = vec!["run".into()];
        full.extend(args.iter().map(|a| {
            if a.ends_with(".toml") {
                common::root().join(a).display().to_string()
            } else {
                a.to_string()
            }
        }));
        full.extend(
            ["--out", &out.display().to_string(), "--quiet"]
                .map(String::from)
                .into_iter()
                .chain(["--set".into(), "output.charts=false".into()]),
        );
        common::ewsim_ok(&full.iter().map(String::as_str).collect::<Vec<_>>());
        for file in FILES {
            let path = out.join(file);
            if path.exists() {
                hashes.insert(format!("{study}/{file}"), sha256(&path));
            }
        }
    }
    hashes
}

fn pinned() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(common::root().join(TABLE)).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            Some((parts.next()?.to_string(), parts.next()?.to_string()))
        })
        .collect()
}

#[test]
fn outputs_of_the_fixed_seed_studies_are_the_pinned_bytes() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let now = measured(dir.path());
    // Quickstart has no observed data and a single variant; the others write all five files.
    assert_eq!(
        now.len(),
        12,
        "every study wrote its files: {:?}",
        now.keys()
    );
    if std::env::var_os("EWSIM_BLESS").is_some() {
        let mut text = String::from(
            "# SHA-256 of the golden studies' outputs (tests/golden.rs).\n\
             # Re-bless on purpose only: EWSIM_BLESS=1 cargo test --release --test golden\n",
        );
        for (file, hash) in &now {
            text.push_str(&format!("{file}  {hash}\n"));
        }
        std::fs::write(common::root().join(TABLE), text).expect("write the golden table");
        return;
    }
    let before = pinned();
    let changed: Vec<&String> = now
        .keys()
        .chain(before.keys())
        .filter(|k| now.get(*k) != before.get(*k))
        .collect();
    assert!(
        changed.is_empty(),
        "outputs differ from the pinned bytes in {changed:?}; if the change is meant to move \
         the numbers, re-bless with EWSIM_BLESS=1 cargo test --release --test golden and say \
         why in the commit"
    );
}
