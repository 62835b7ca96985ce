//! Fuzzing of scenario loading on stable Rust: valid scenarios, `--set` arguments and data
//! CSV files are mutated (lines deleted or duplicated, keys and values corrupted, tables
//! duplicated, bytes spliced in) and loaded. Loading never panics, and either the scenario
//! validates or every error is located (a file with line and column, a CSV row, a key or a
//! command-line argument) and said in the user's words.
//!
//! CI runs a bounded number of cases (1,024, 1,024 and 256: a few seconds in release); a long
//! campaign (60,000 cases took 78 s on one core):
//!
//! ```sh
//! PROPTEST_CASES=100000 cargo test --release --test fuzz_scenarios
//! ```

mod common;

use ewsim::scenario::data::{DiskFiles, FileSource};
use ewsim::scenario::error::{Origin, ScenarioError, ScenarioErrors};
use ewsim::scenario::{LoadedScenario, builtin, load_text};
use proptest::prelude::*;

const QUICKSTART: &str = include_str!("../scenarios/quickstart.toml");
const VARIANTS: &str = include_str!("../scenarios/variants.toml");
const LEVERS: &str = include_str!("../scenarios/levers.toml");

/// Words that belong to the implementation, not to the user.
const JARGON: &[&str] = &[
    "panicked",
    "Spec`",
    "struct ",
    "invalid type:",
    "RUST_BACKTRACE",
];

/// Values that are wrong somewhere: of other types, out of range, not finite, huge, hostile.
const VALUES: &[&str] = &[
    "",
    "0",
    "-1",
    "1e309",
    "-1e309",
    "nan",
    "inf",
    "-inf",
    "4294967296",
    "99999999999999999999",
    "0.5",
    "1.5",
    "\"text\"",
    "\"../../escaped\"",
    "\"a\\nb\"",
    "\"东西部\"",
    "[1, 2]",
    "[]",
    "{ a = 1 }",
    "true",
    "2200",
    "100000",
    "1949",
    "-5000",
    "\"east\"",
    "\"\"",
    "'''x'''",
    "1979-05-27",
    "1\nx = 2",
];

/// Whether an error says where: a file with a position, a CSV row or a key, or an argument.
fn located(error: &ScenarioError) -> bool {
    let named = match &error.origin {
        Origin::File { path, position } => {
            !path.is_empty()
                && (position.is_some() || error.key.is_some() || path.contains(" row "))
        }
        Origin::CommandLine { argument } => !argument.is_empty(),
        Origin::Option { text } => !text.is_empty(),
    };
    named && !error.message.trim().is_empty()
}

/// The property: loading returned, and an error is located and plain.
fn check(result: Result<LoadedScenario, ScenarioErrors>, input: &str) -> Result<(), TestCaseError> {
    let Err(errors) = result else {
        return Ok(());
    };
    prop_assert!(!errors.0.is_empty(), "an empty error list for:\n{input}");
    for error in &errors.0 {
        prop_assert!(located(error), "not located: {error:?}\nfor:\n{input}");
        let shown = error.to_string();
        for word in JARGON {
            prop_assert!(!shown.contains(word), "{word:?} in {shown}\nfor:\n{input}");
        }
    }
    Ok(())
}

/// One change to a text, chosen by `kind` at line `at` with `value` and `bytes`.
#[derive(Debug, Clone)]
struct Mutation {
    kind: u8,
    at: usize,
    value: usize,
    bytes: Vec<u8>,
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    let one = (
        0u8..8,
        any::<usize>(),
        any::<usize>(),
        prop::collection::vec(any::<u8>(), 0..8),
    )
        .prop_map(|(kind, at, value, bytes)| Mutation {
            kind,
            at,
            value,
            bytes,
        });
    prop::collection::vec(one, 1..4)
}

/// Applies `mutation` to the lines of `text`.
fn mutate(text: &str, mutation: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    let at = mutation.at % lines.len();
    let value = VALUES[mutation.value % VALUES.len()];
    match mutation.kind {
        // Delete a line (a key, or a table header).
        0 => {
            lines.remove(at);
        }
        // Duplicate a line: a duplicate key, or a second table of the same name.
        1 => {
            let line = lines[at].clone();
            lines.insert(at, line);
        }
        // Corrupt a value.
        2 => {
            if let Some((key, _)) = lines[at].split_once('=') {
                lines[at] = format!("{key}= {value}");
            }
        }
        // Corrupt a key: a character changed or dropped.
        3 => {
            let line = &mut lines[at];
            if let Some(position) = line.find(|c: char| c.is_ascii_lowercase()) {
                let c = char::from(b'a' + (mutation.value % 26) as u8).to_string();
                let by = if mutation.value % 3 == 0 {
                    ""
                } else {
                    c.as_str()
                };
                line.replace_range(position..=position, by);
            }
        }
        // Duplicate a whole table: the lines from a header to the next.
        4 => {
            let start = (0..=at)
                .rev()
                .find(|i| lines[*i].starts_with('['))
                .unwrap_or(0);
            let end = (start + 1..lines.len())
                .find(|i| lines[*i].starts_with('['))
                .unwrap_or(lines.len());
            let table: Vec<String> = lines[start..end].to_vec();
            lines.splice(end..end, table);
        }
        // Splice bytes (invalid UTF-8 shown as U+FFFD) into a line.
        5 => {
            let line = &lines[at];
            let cut = line
                .char_indices()
                .map(|(i, _)| i)
                .nth(mutation.value % (line.chars().count() + 1))
                .unwrap_or(line.len());
            let spliced = format!(
                "{}{}{}",
                &line[..cut],
                String::from_utf8_lossy(&mutation.bytes),
                &line[cut..]
            );
            lines[at] = spliced;
        }
        // A new key with a wrong value in the table at this line.
        6 => lines.insert(at + 1, format!("households = {value}")),
        // Truncate the text.
        _ => lines.truncate(at),
    }
    lines.join("\n") + "\n"
}

/// Files of the scenarios folder, the one named `replaced` with `text` instead.
struct Mutated<'a> {
    replaced: &'a str,
    text: &'a str,
}

impl FileSource for Mutated<'_> {
    fn read(&self, relative: &str) -> Result<String, String> {
        if relative == self.replaced {
            return Ok(self.text.to_string());
        }
        builtin::FILES
            .iter()
            .find(|(name, _)| *name == relative)
            .map(|(_, text)| text.to_string())
            .ok_or_else(|| format!("no file {relative}"))
    }
    fn display(&self, relative: &str) -> String {
        format!("scenarios/{relative}")
    }
}

fn disk() -> DiskFiles<'static> {
    DiskFiles {
        dir: std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::proptest_cases(1024)))]

    #[test]
    fn mutated_scenarios_load_or_say_where(
        base in prop_oneof![Just(QUICKSTART), Just(VARIANTS), Just(LEVERS)],
        changes in mutations(),
    ) {
        let text = changes.iter().fold(base.to_string(), |text, m| mutate(&text, m));
        check(load_text("fuzz.toml", &text, &disk(), &[]), &text)?;
    }

    #[test]
    fn mutated_set_arguments_load_or_name_the_argument(
        key in prop::sample::select(ewsim::scenario::overrides::schema_keys()),
        value in prop::sample::select(VALUES),
        noise in prop::collection::vec(any::<char>(), 0..4),
        form in 0u8..4,
    ) {
        let noise: String = noise.into_iter().collect();
        let set = match form {
            0 => format!("{key}={value}"),
            1 => format!("{key}{noise}={value}"),
            2 => format!("{key}={value}{noise}"),
            _ => format!("{noise}{key}"),
        };
        let result = load_text("quickstart.toml", QUICKSTART, &disk(), std::slice::from_ref(&set));
        check(result, &set)?;
    }
}

proptest! {
    // The China scenario loads 31 regions and 200 pairings: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(common::proptest_cases(256)))]

    #[test]
    fn mutated_data_files_load_or_say_which_line(
        file in prop::sample::select(vec![
            "data/regions_2015.csv",
            "data/pairings_2016_2021.csv",
            "data/observed_national.csv",
        ]),
        changes in mutations(),
    ) {
        let original = builtin::FILES.iter().find(|(name, _)| *name == file).map(|(_, t)| *t).unwrap_or("");
        let text = changes.iter().fold(original.to_string(), |text, m| {
            // CSV cells are separated by commas, not `=`: corrupt one cell instead.
            if m.kind == 2 {
                corrupt_cell(&text, m)
            } else {
                mutate(&text, m)
            }
        });
        let files = Mutated { replaced: file, text: &text };
        let sets = ["run.households=2000".to_string()];
        check(load_text("china.toml", builtin::CHINA, &files, &sets), &text)?;
    }
}

/// Replaces one cell of the CSV line `at` with a wrong value.
fn corrupt_cell(text: &str, mutation: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        return text.to_string();
    }
    let at = mutation.at % lines.len();
    let mut cells: Vec<String> = lines[at].split(',').map(str::to_string).collect();
    let cell = mutation.value % cells.len();
    cells[cell] = VALUES[mutation.value % VALUES.len()].to_string();
    lines[at] = cells.join(",");
    lines.join("\n") + "\n"
}
