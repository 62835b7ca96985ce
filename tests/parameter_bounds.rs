//! Every economy and policy key, set to the edges of what a user may write (0, 1, a large value;
//! true and false), is either refused before anything runs or runs to the end: no panic and no
//! hang, in the abstract quickstart world and in the China world. A value the validator accepts
//! must be one the model can simulate.

mod common;

use ewsim::scenario::overrides::schema_keys;
use ewsim::scenario::{LoadedScenario, load_builtin, load_file};

/// Candidate values for a key, from the type of its default in the resolved schema.
fn edge_values(default: &toml::Value) -> Vec<String> {
    match default {
        toml::Value::Float(_) => ["0.0", "1.0", "1e6"].map(String::from).to_vec(),
        toml::Value::Integer(_) => ["0", "1", "1000"].map(String::from).to_vec(),
        toml::Value::Boolean(_) => ["true", "false"].map(String::from).to_vec(),
        _ => Vec::new(),
    }
}

/// The value at dotted `key` of `table`.
fn lookup<'a>(table: &'a toml::Value, key: &str) -> Option<&'a toml::Value> {
    key.split('.').try_fold(table, |node, part| node.get(part))
}

/// Runs every simulated year of the first variant, collecting the metrics, on a thread with a
/// deadline. Returns why it failed, if it did.
fn run_to_the_end(loaded: LoadedScenario) -> Result<(), String> {
    common::within(60, move || {
        common::metrics_by_year(&loaded.variants[0]);
    })
}

fn check_every_key(name: &str, load: &dyn Fn(&[String]) -> Option<LoadedScenario>) {
    let base = load(&[]).expect("the scenario loads unchanged");
    let resolved: toml::Value = toml::from_str(&base.resolved_toml()).expect("resolved TOML");
    let mut failures = Vec::new();
    let mut ran = 0;
    for key in schema_keys() {
        if !(key.starts_with("economy.") || key.starts_with("policy.")) {
            continue;
        }
        let Some(default) = lookup(&resolved, &key) else {
            continue;
        };
        for value in edge_values(default) {
            let set = format!("{key}={value}");
            // Refused values are fine: the validator said no before anything ran.
            let Some(loaded) = load(std::slice::from_ref(&set)) else {
                continue;
            };
            ran += 1;
            if let Err(why) = run_to_the_end(loaded) {
                failures.push(format!("{name}: --set {set}: {why}"));
            }
        }
    }
    assert!(
        ran > 100,
        "{name}: only {ran} accepted edge values were run"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn accepted_edge_values_run_in_the_quickstart_world() {
    let path = common::scenario("quickstart.toml");
    check_every_key("quickstart", &|sets: &[String]| {
        let mut all = vec![
            "run.households=500".to_string(),
            "time.end_year=2017".to_string(),
        ];
        all.extend_from_slice(sets);
        load_file(&path, &all).ok()
    });
}

#[test]
fn accepted_edge_values_run_in_the_china_world() {
    check_every_key("china", &|sets: &[String]| {
        let mut all = vec![
            "run.households=2000".to_string(),
            "run.enterprises=200".to_string(),
            "time.end_year=2022".to_string(),
        ];
        all.extend_from_slice(sets);
        load_builtin(&all).ok()
    });
}
