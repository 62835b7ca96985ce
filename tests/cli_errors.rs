//! Every command-line argument and `--set` value that is wrong is reported in the user's words:
//! which option, what was given, what is expected; never a Rust type name, a panic or a
//! backtrace.

mod common;

use common::{ewsim, scenario};

/// Words that belong to the implementation, not to the user.
const JARGON: &[&str] = &[
    "u8",
    "u16",
    "u32",
    "u64",
    "usize",
    "i32",
    "i64",
    "f64",
    "invalid type",
    "invalid value:",
    "invalid digit",
    "Spec",
    "struct ",
    "enum ",
    "sequence",
    "unit variant",
    "wanted ",
    "4294967295",
    "panicked",
    "backtrace",
];

fn assert_plain(message: &str) {
    for word in JARGON {
        assert!(!message.contains(word), "{word:?} in: {message}");
    }
}

/// Runs ewsim with `args`; asserts exit status 2 and returns stderr.
fn refused(args: &[&str]) -> String {
    let output = ewsim(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert_plain(&stderr);
    stderr
}

#[test]
fn command_line_options_name_themselves_and_say_what_they_expect() {
    let quickstart = scenario("quickstart.toml");
    let qs = quickstart.to_str().unwrap();
    // (arguments, what the message must say)
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["run", qs, "--replicates", "0"],
            &["'--replicates <N>'", "'0'", "a whole number ≥ 1"],
        ),
        (
            &["run", qs, "--threads", "0"],
            &["'--threads <N>'", "a whole number ≥ 1"],
        ),
        (
            &["run", qs, "--seed", "abc"],
            &["'--seed <N>'", "'abc'", "a whole number ≥ 0"],
        ),
        (
            &["run", qs, "--replicates", "1e5"],
            &["'--replicates <N>'", "write 100000"],
        ),
        (&["run", qs, "--shard", "3/2"], &["'--shard <K/N>'", "3/2"]),
        (
            &["run", qs, "--variant", "nopairing"],
            &["--variant nopairing:", "no variant is named `nopairing`"],
        ),
        (
            &["check", qs, "--set", "run.households=abc"],
            &[
                "--set run.households=abc",
                "a whole number ≥ 1",
                "the text \"abc\"",
            ],
        ),
        (
            &["check", qs, "--set", "run.households=1e5"],
            &["--set run.households=1e5", "write it without", "100000"],
        ),
        (
            &["check", qs, "--set", "run.seed=-1"],
            &["--set run.seed=-1", "a whole number ≥ 0", "-1"],
        ),
        (
            &["check", qs, "--set", "output.charts=1"],
            &["--set output.charts=1", "true or false"],
        ),
        (
            &["check", qs, "--set", "output.formats=[1]"],
            &["\"png\" or \"svg\""],
        ),
        (
            &["check", qs, "--set", "policy.charity.scope=3"],
            &["\"paired\" or \"national\""],
        ),
        (
            &["check", qs, "--set", "output.household_snapshot_years=2020"],
            &["a list in brackets"],
        ),
        (
            &["check", qs, "--set", "time.start_year=x"],
            &["key `time.start_year`", "a whole number"],
        ),
        (&["check", qs, "--set", "run.households"], &["KEY=VALUE"]),
    ];
    for (args, wanted) in cases {
        let stderr = refused(args);
        for w in *wanted {
            assert!(stderr.contains(w), "{args:?}: no {w:?} in: {stderr}");
        }
        // The message names the option it came from, not `--set` for another option.
        if !args.contains(&"--set") {
            assert!(!stderr.contains("--set"), "{args:?}: {stderr}");
        }
    }
}

/// The value shown in a file error is where the file has it, in the same words.
#[test]
fn wrong_types_in_a_file_are_reported_in_words_with_their_position() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.toml");
    let region = "[[region]]\nname = \"A\"\nzone = 3\npopulation_urban = 10\n\
                  population_rural = 10\nincome_urban = 2\nincome_rural = 1\n";
    std::fs::write(&file, region).unwrap();
    let stderr = refused(&["check", file.to_str().unwrap()]);
    assert!(stderr.contains("mine.toml:3:8"), "{stderr}");
    assert!(stderr.contains("\"east\""), "{stderr}");
    std::fs::write(&file, format!("[run]\nhouseholds = \"many\"\n{region}")).unwrap();
    let stderr = refused(&["check", file.to_str().unwrap()]);
    assert!(
        stderr.contains("mine.toml:2:14") && stderr.contains("a whole number ≥ 1"),
        "{stderr}"
    );
}

/// Every key of the schema, given a value of each wrong kind, is refused (or accepted) in the
/// user's words.
#[test]
fn no_key_reports_a_wrong_value_with_rust_type_names() {
    let values = ["\"text\"", "1.5", "-3", "[1]", "true", "{ a = 1 }", "1e5"];
    let mut refusals = 0;
    for key in ewsim::scenario::overrides::schema_keys() {
        for value in values {
            let set = format!("{key}={value}");
            if let Err(errors) = ewsim::scenario::load_builtin(std::slice::from_ref(&set)) {
                let message = errors.to_string();
                assert_plain(&message);
                // It names the argument, or at least the key when it is a file the key names
                // that fails.
                let named = message.contains(&format!("--set {set}"))
                    || message.contains(&format!("`{key}`"));
                assert!(named, "{message}");
                refusals += 1;
            }
        }
    }
    assert!(refusals > 100, "only {refusals} wrong values were refused");
}
