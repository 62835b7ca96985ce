//! The commented template scenario that `ewsim init FILE` writes.
//!
//! Nothing in it is written by hand twice: the tables and keys are the schema's (in its order),
//! each value is the default of `Scenario::default()`, each key's meaning and unit come from
//! its row in `docs/MODEL.md` (which `tests/docs_cover_schema.rs` keeps complete), and each
//! range is what validation says when the key is given a value out of range. The regions,
//! pairings and phase are the quickstart's, so the template runs as written.

use std::collections::HashMap;

use super::error::enum_values_of_key;
use super::locate::Step;
use super::overrides::schema_example;
use super::schema::Scenario;
use super::validate;

const MODEL: &str = include_str!("../../docs/MODEL.md");
const QUICKSTART: &str = include_str!("../../scenarios/quickstart.toml");
/// Width of the template's comment lines.
const WIDTH: usize = 96;

/// A scenario name made from a file name: `my study.toml` gives `my_study`.
pub fn name_from_file(file: &std::path::Path) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    super::names::suggestion(&stem)
}

/// What `docs/MODEL.md` says of a key: whether it is required, its unit and meaning.
struct KeyDoc {
    required: bool,
    /// The default column as MODEL.md writes it.
    default: String,
    unit: String,
    meaning: String,
}

/// The parameter-table rows of `docs/MODEL.md`: `| \`key\` | default | unit | meaning | … |`.
fn key_docs() -> HashMap<String, KeyDoc> {
    let mut docs = HashMap::new();
    for line in MODEL.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 6 || !cells[1].starts_with('`') {
            continue;
        }
        let key = cells[1].trim_matches('`');
        docs.entry(key.to_string()).or_insert(KeyDoc {
            required: cells[2] == "required",
            default: cells[2].replace('`', ""),
            unit: cells[3].replace('`', ""),
            meaning: cells[4].replace('`', ""),
        });
    }
    docs
}

/// The title of each lever's section of `docs/MODEL.md`: `policy.transfers` → "Fiscal transfers
/// (docs/MODEL.md 7.3)".
fn lever_titles() -> HashMap<String, String> {
    let mut titles = HashMap::new();
    for line in MODEL.lines() {
        let Some(heading) = line.strip_prefix("### ") else {
            continue;
        };
        let Some((before, after)) = heading.split_once(" — `[") else {
            continue;
        };
        let Some((table, _)) = after.split_once("]`") else {
            continue;
        };
        let (number, title) = before.split_once(' ').unwrap_or(("", before));
        titles.insert(
            table.to_string(),
            format!("{title} (docs/MODEL.md {number})"),
        );
    }
    titles
}

/// `text` as comment lines of at most [`WIDTH`] characters, each starting with `indent# `.
fn comment(out: &mut String, text: &str) {
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.chars().count() + 1 + word.chars().count() > WIDTH && line != "#" {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    if line != "#" {
        out.push_str(&line);
        out.push('\n');
    }
}

/// The value at `path` (keys; an array takes its first element) of `root`.
fn get<'a>(root: &'a mut toml::Value, path: &[&str]) -> Option<&'a mut toml::Value> {
    let mut node = root;
    for part in path {
        node = match node {
            toml::Value::Array(items) => items.first_mut()?.get_mut(*part)?,
            other => other.get_mut(*part)?,
        };
    }
    Some(node)
}

/// What validation accepts for the key at `path`, in its own words: the key is given a value
/// that fails every range check (NaN for a number, 0 for a whole number) and the message about
/// it is read.
fn range(base: &toml::Value, path: &[&str], default: &toml::Value) -> Option<String> {
    let key = path.join(".");
    let probe = match default {
        toml::Value::Float(_) => toml::Value::Float(f64::NAN),
        toml::Value::Integer(_) => toml::Value::Integer(0),
        toml::Value::Boolean(_) => return Some("true or false".into()),
        toml::Value::String(_) => return enum_values_of_key(Some(&key)).map(String::from),
        toml::Value::Array(_) if key == "output.formats" => {
            return enum_values_of_key(Some(&key)).map(|v| format!("a list of {v}"));
        }
        _ => return None,
    };
    let mut value = base.clone();
    *get(&mut value, path)? = probe;
    let scenario: Scenario = value.try_into().ok()?;
    let issue = validate::validate(&scenario).into_iter().find(|issue| {
        let keys: Vec<&str> = issue
            .path
            .iter()
            .filter_map(|s| match s {
                Step::Key(k) => Some(k.as_str()),
                Step::Index(_) => None,
            })
            .collect();
        keys == path
    });
    let Some(issue) = issue else {
        return Some(match default {
            toml::Value::Integer(_) if path.ends_with(&["seed"]) => "a whole number ≥ 0".into(),
            toml::Value::Integer(_) => "a whole number".into(),
            _ => "any number".into(),
        });
    };
    // Only a message that says what is expected states a range (not "the end year 0 is before
    // the start year").
    let message = issue.message.split(", found").next().unwrap_or("");
    let message = message.strip_prefix("expected ")?;
    Some(message.replace(">=", "≥").replace("<=", "≤"))
}

/// Writes one key: its documentation as comments, then `key = value` (commented out when the
/// key has no default).
fn key_line(
    out: &mut String,
    docs: &HashMap<String, KeyDoc>,
    base: &toml::Value,
    path: &[&str],
    value: Option<&toml::Value>,
    example: &toml::Value,
    in_array: bool,
) {
    let dotted = path.join(".");
    let name = path[path.len() - 1];
    if let Some(doc) = docs.get(&dotted) {
        let mut text = doc.meaning.trim_end_matches('.').to_string();
        if !doc.unit.is_empty() {
            text.push_str(&format!(". Unit: {}", doc.unit));
        }
        if let Some(range) = range(base, path, value.unwrap_or(example)) {
            text.push_str(&format!(". Range: {range}"));
        }
        match value {
            _ if doc.required => text.push_str(". Required."),
            // An element of the quickstart's regions, pairings or phases: its value is the
            // quickstart's, the default MODEL.md's.
            Some(_) if in_array => text.push_str(&format!(". Default: {}.", doc.default)),
            Some(v) => text.push_str(&format!(". Default: {v}.")),
            None => text.push_str(". No default: remove the # to give one."),
        }
        comment(out, &text);
    }
    match value {
        Some(v) => out.push_str(&format!("{name} = {v}\n")),
        None => out.push_str(&format!("# {name} = {}\n", example_value(&dotted, example))),
    }
}

/// An example for a key without a default.
fn example_value(key: &str, example: &toml::Value) -> String {
    match key {
        "data.regions" => "\"data/regions.csv\"".into(),
        "data.pairings" => "\"data/pairings.csv\"".into(),
        "data.observed" => "\"data/observed.csv\"".into(),
        _ => match example {
            toml::Value::String(s) if s.is_empty() => "\"\"".into(),
            toml::Value::Float(_) => "1.0".into(),
            toml::Value::Integer(_) => "2020".into(),
            other => other.to_string(),
        },
    }
}

/// The keys of table `path`, each documented, with its default or its example.
fn table(
    out: &mut String,
    docs: &HashMap<String, KeyDoc>,
    base: &toml::Value,
    path: &[&str],
    values: Option<&toml::Table>,
    schema: &toml::Table,
) {
    for (name, example) in schema {
        let mut full = path.to_vec();
        full.push(name);
        if matches!(example, toml::Value::Table(_)) {
            continue;
        }
        let value = values.and_then(|t| t.get(name));
        key_line(out, docs, base, &full, value, example, false);
        out.push('\n');
    }
}

/// The template scenario named `name` (a commented TOML file that runs as written).
pub fn template(name: &str) -> String {
    let docs = key_docs();
    let titles = lever_titles();
    let mut quickstart: Scenario = toml::from_str(QUICKSTART).expect("the quickstart parses");
    quickstart.scenario.name = name.to_string();
    let mut base = Scenario {
        scenario: quickstart.scenario.clone(),
        region: quickstart.region.clone(),
        pairing: quickstart.pairing.clone(),
        phase: quickstart.phase.clone(),
        ..Scenario::default()
    };
    base.scenario.description = "Written by ewsim init: the quickstart's five regions".into();
    let base_value = toml::Value::try_from(&base).expect("the scenario serialises");
    let schema = toml::Value::try_from(schema_example()).expect("the schema serialises");
    let schema = schema.as_table().expect("a table");
    let values = base_value.as_table().expect("a table");

    let mut out = String::new();
    out.push_str(&format!(
        "# {name}: an ewsim scenario, written by `ewsim init`.\n#\n"
    ));
    comment(
        &mut out,
        "Every table and key ewsim knows is below, each with its meaning, unit, range and \
         default (docs/MODEL.md explains each; section 8 lists them all). Every value shown is \
         the default, so you may delete any key you do not change. The five regions, two \
         pairings and the 2021 phase are the quickstart's, so that this file runs as it is:",
    );
    out.push_str(&format!(
        "#\n#   ewsim check {name}.toml     # validate; print regions, pairings, phases, run size\n\
         #   ewsim run {name}.toml       # results in output/{name}/\n#\n"
    ));
    comment(
        &mut out,
        "Any key can also be set for one run from the command line: --set run.households=20000.",
    );
    out.push('\n');
    for (section, schema_value) in schema {
        let value = values.get(section);
        match section.as_str() {
            "region" | "pairing" | "phase" => {
                array_of_tables(&mut out, &docs, &base_value, section, value, schema_value);
            }
            "variants" => variants_example(&mut out),
            "sweep" => sweep_example(&mut out),
            "sensitivity" | "uncertainty" | "optimize" | "calibrate" => {
                study_example(&mut out, &docs, section)
            }
            "policy" => {
                for (lever, lever_schema) in schema_value.as_table().into_iter().flatten() {
                    let key = format!("policy.{lever}");
                    if let Some(title) = titles.get(&key) {
                        comment(&mut out, &format!("{title}."));
                    }
                    out.push_str(&format!("[{key}]\n"));
                    let lever_values = value.and_then(|v| v.get(lever)).and_then(|v| v.as_table());
                    if let Some(lever_schema) = lever_schema.as_table() {
                        let path = ["policy", lever.as_str()];
                        table(
                            &mut out,
                            &docs,
                            &base_value,
                            &path,
                            lever_values,
                            lever_schema,
                        );
                    }
                }
            }
            _ => {
                if let toml::Value::Table(inner) = schema_value {
                    out.push_str(&format!("[{section}]\n"));
                    let inner_values = value.and_then(|v| v.as_table());
                    table(
                        &mut out,
                        &docs,
                        &base_value,
                        &[section],
                        inner_values,
                        inner,
                    );
                }
            }
        }
    }
    out
}

/// The quickstart's regions, pairings or phases: the first documented key by key.
fn array_of_tables(
    out: &mut String,
    docs: &HashMap<String, KeyDoc>,
    base: &toml::Value,
    section: &str,
    value: Option<&toml::Value>,
    schema: &toml::Value,
) {
    let what = match section {
        "region" => {
            "Regions: one [[region]] table each (or a CSV file named by data.regions, one column \
             per key). Pairings and the charts refer to them by name."
        }
        "pairing" => "Pairings: an eastern donor supports a recipient region.",
        _ => {
            "Phases: policy keys that change from a year on (cumulative, in year order). Here: the \
             2021 shift of the assessment to common prosperity."
        }
    };
    comment(out, what);
    let schema = schema
        .as_array()
        .and_then(|a| a.first())
        .and_then(|t| t.as_table());
    let items = value
        .and_then(|v| v.as_array())
        .cloned()
        .unwrap_or_default();
    for (index, item) in items.iter().enumerate() {
        out.push_str(&format!("[[{section}]]\n"));
        let Some(item) = item.as_table() else {
            continue;
        };
        if index == 0 {
            // The schema's keys (with the optional ones), else the item's own.
            for (name, example) in schema.unwrap_or(item) {
                if name == "set" {
                    continue;
                }
                let path = [section, name.as_str()];
                key_line(out, docs, base, &path, item.get(name), example, true);
            }
        } else {
            for (name, v) in item {
                if !matches!(v, toml::Value::Table(_)) {
                    out.push_str(&format!("{name} = {v}\n"));
                }
            }
        }
        if let Some(toml::Value::Table(set)) = item.get("set") {
            if let Some(doc) = docs.get("phase.set") {
                comment(out, &doc.meaning);
            }
            out.push_str(&format!("[{section}.set]\n"));
            for (key, v) in super::overrides::flatten(set) {
                out.push_str(&format!("\"{key}\" = {v}\n"));
            }
        }
        out.push('\n');
    }
}

fn variants_example(out: &mut String) {
    comment(
        out,
        "Variants: each [variants.NAME] table changes keys of this scenario (policy, economy, \
         scenario) for the whole run; every variant runs with the same random numbers as the \
         baseline, so differences are policy effects. Remove the # to try it:",
    );
    out.push_str("# [variants.no_pairing]\n# \"policy.transfers.paired_aid_share\" = 0.0\n\n");
}

fn sweep_example(out: &mut String) {
    comment(
        out,
        "A sweep runs one variant per value (several keys under [sweep.parameters] give their \
         cartesian product). Remove the # to try it:",
    );
    out.push_str(
        "# [sweep]\n# parameter = \"policy.transfers.paired_aid_share\"\n\
         # values = [0.0, 0.002, 0.004]\n",
    );
}

/// A study table, commented out: `ewsim run` ignores them and they have no defaults that run
/// alone, so each key is shown with the China scenario's value, its meaning and its default.
fn study_example(out: &mut String, docs: &HashMap<String, KeyDoc>, section: &str) {
    let (what, header, keys): (&str, &str, &[(&str, &str)]) = match section {
        "sensitivity" => (
            "Studies (read by `ewsim sensitivity` and `ewsim optimize` only; docs/STUDIES.md). \
             A global sensitivity analysis of the [[uncertainty]] keys below. Remove the # to \
             try it:",
            "[sensitivity]",
            &[
                ("method", "\"sobol\""),
                ("samples", "64"),
                ("outputs", "[\"east_west_ratio\", \"gini\"]"),
                ("years", "[2020]"),
                ("seed", "7"),
                ("levels", "4"),
                ("resamples", "1000"),
                ("confidence", "0.95"),
            ],
        ),
        "uncertainty" => (
            "An uncertain key of the sensitivity analysis; one [[uncertainty]] table each:",
            "[[uncertainty]]",
            &[
                ("key", "\"economy.migration_rate\""),
                ("distribution", "\"uniform\""),
                ("min", "0.01"),
                ("max", "0.04"),
                ("mean", "0.025"),
                ("sd", "0.01"),
            ],
        ),
        "calibrate" => (
            "A calibration (read by `ewsim calibrate` only): the grid of [[calibrate.parameter]] \
             values that brings the model closest to the observed series of data.observed up to \
             fit_until. Remove the # to try it:",
            "[calibrate]",
            &[
                ("fit_until", "2019"),
                ("targets", "[\"gini\", \"rural_poverty_rate\"]"),
                ("parameter", ""),
            ],
        ),
        _ => (
            "A search for the mixes of the [[optimize.lever]] keys that minimise the objective \
             at each cost (a Pareto front). Remove the # to try it:",
            "[optimize]",
            &[
                ("objective", "\"east_west_ratio\""),
                ("year", "2020"),
                ("budget", "1e12"),
                ("evaluations", "200"),
                ("population", "20"),
                ("seed", "7"),
                ("cost", "[]"),
                ("lever", ""),
            ],
        ),
    };
    comment(out, what);
    out.push_str(&format!("# {header}\n"));
    for (key, example) in keys {
        if *key == "parameter" {
            comment(
                out,
                "One [[calibrate.parameter]] table per key of the grid:",
            );
            out.push_str("# [[calibrate.parameter]]\n");
            for (grid_key, value) in [
                ("key", "\"economy.income_dispersion_urban\""),
                ("values", "[0.62, 0.63, 0.64]"),
            ] {
                study_key(
                    out,
                    docs,
                    &format!("calibrate.parameter.{grid_key}"),
                    grid_key,
                    value,
                );
            }
            continue;
        }
        if *key == "lever" {
            comment(out, "One [[optimize.lever]] table per key the search sets:");
            out.push_str("# [[optimize.lever]]\n");
            for (lever_key, value) in [
                ("key", "\"policy.transfers.paired_aid_share\""),
                ("min", "0.0"),
                ("max", "0.01"),
            ] {
                study_key(
                    out,
                    docs,
                    &format!("optimize.lever.{lever_key}"),
                    lever_key,
                    value,
                );
            }
            continue;
        }
        study_key(out, docs, &format!("{section}.{key}"), key, example);
    }
    out.push('\n');
}

/// One commented study key: its meaning, unit and default from MODEL.md, then `# key = value`.
fn study_key(
    out: &mut String,
    docs: &HashMap<String, KeyDoc>,
    dotted: &str,
    key: &str,
    value: &str,
) {
    if let Some(doc) = docs.get(dotted) {
        let default = match doc.default.as_str() {
            "—" | "" => "none".to_string(),
            d => d.to_string(),
        };
        comment(
            out,
            &format!(
                "{}. Unit: {}. Default: {default}.",
                doc.meaning
                    .trim_start_matches("[[optimize.lever]]: ")
                    .trim_start_matches("[[calibrate.parameter]]: "),
                doc.unit
            ),
        );
    }
    out.push_str(&format!("# {key} = {value}\n"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_file_name() {
        let name = |f: &str| name_from_file(std::path::Path::new(f));
        assert_eq!(name("studies/my study.toml"), "my_study");
        assert_eq!(name("east-west_2.toml"), "east-west_2");
        assert_eq!(name("??.toml"), "scenario");
    }

    #[test]
    fn ranges_are_the_validators_words() {
        let base = toml::Value::try_from(Scenario {
            region: toml::from_str::<Scenario>(QUICKSTART).unwrap().region,
            ..Scenario::default()
        })
        .unwrap();
        let share = toml::Value::Float(0.5);
        let r = |path: &[&str], default: &toml::Value| range(&base, path, default).unwrap();
        assert_eq!(
            r(&["policy", "transfers", "leakage_rate"], &share),
            "a share between 0 and 1"
        );
        assert_eq!(
            r(&["run", "replicates"], &toml::Value::Integer(1)),
            "at least 1 replicate"
        );
        assert_eq!(r(&["region", "ecology"], &share), "a share between 0 and 1");
        assert_eq!(
            r(
                &["policy", "charity", "scope"],
                &toml::Value::String("paired".into())
            ),
            "\"paired\" or \"national\""
        );
    }
}
