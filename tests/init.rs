//! `ewsim init FILE` writes a commented template that documents every table and key, names the
//! scenario after the file, and runs; a run that replaces another scenario's result warns.

mod common;

use common::{ewsim, ewsim_ok, path_str};
use ewsim::scenario::Scenario;

#[test]
fn init_writes_a_commented_template_of_every_key_that_runs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("east study.toml");
    ewsim_ok(&["init", path_str(&file)]);
    let text = std::fs::read_to_string(&file).unwrap();

    let comments = text
        .lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .count();
    assert!(comments >= 30, "only {comments} comment lines");
    let scenario: Scenario = toml::from_str(&text).expect("the template parses");
    assert_eq!(scenario.scenario.name, "east_study", "named after the file");

    // Every table and every key of the schema is there, set or commented out.
    let keys = ewsim::scenario::overrides::schema_keys();
    let levers: std::collections::BTreeSet<&str> = keys
        .iter()
        .filter_map(|k| k.strip_prefix("policy."))
        .filter_map(|k| k.split('.').next())
        .collect();
    assert!(levers.len() >= 9, "{levers:?}");
    for lever in &levers {
        assert!(
            text.contains(&format!("\n[policy.{lever}]\n")),
            "no [policy.{lever}]"
        );
    }
    for key in &keys {
        let last = key.rsplit('.').next().unwrap();
        let written = text.lines().any(|l| {
            let l = l.trim_start_matches("# ");
            l.starts_with(&format!("{last} =")) || l.starts_with(&format!("\"{key}\""))
        }) || text.contains(&format!("[[{key}]]"))
            || (key.starts_with("variants") || key.starts_with("sweep"));
        assert!(written, "{key} is not in the template");
    }
    // Each value shown is the default.
    let defaults = Scenario::default();
    assert_eq!(
        toml::Value::try_from(&scenario.policy).unwrap(),
        toml::Value::try_from(&defaults.policy).unwrap()
    );
    assert_eq!(
        toml::Value::try_from(&scenario.economy).unwrap(),
        toml::Value::try_from(&defaults.economy).unwrap()
    );
    assert!(
        text.contains("Range: a share between 0 and 1"),
        "ranges are stated"
    );
    assert!(text.contains("# [variants.") && text.contains("# [sweep]"));

    let out = dir.path().join("out");
    ewsim_ok(&[
        "run",
        path_str(&file),
        "--out",
        path_str(&out),
        "--quiet",
        "--set",
        "run.households=2000",
        "--set",
        "time.end_year=2017",
        "--set",
        "output.charts=false",
    ]);
    assert!(out.join("metrics.csv").is_file());

    // It never overwrites.
    let again = ewsim(&["init", path_str(&file)]);
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn a_run_that_replaces_another_scenarios_result_warns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let quickstart = common::scenario("quickstart.toml");
    let mine = dir.path().join("mine.toml");
    ewsim_ok(&["init", path_str(&mine)]);
    let args = |file: &std::path::Path| {
        vec![
            "run".to_string(),
            file.display().to_string(),
            "--out".into(),
            out.display().to_string(),
            "--set".into(),
            "run.households=2000".into(),
            "--set".into(),
            "time.end_year=2016".into(),
            "--set".into(),
            "output.charts=false".into(),
        ]
    };
    let run = |file: &std::path::Path| {
        let a = args(file);
        let output = ewsim_ok(&a.iter().map(String::as_str).collect::<Vec<_>>());
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    assert!(!run(&quickstart).contains("warning"));
    assert!(!run(&quickstart).contains("warning"), "the same file again");
    let stderr = run(&mine);
    assert!(
        stderr.contains("warning:") && stderr.contains("quickstart.toml"),
        "{stderr}"
    );
}
