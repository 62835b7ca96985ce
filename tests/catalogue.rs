//! The catalogue of bad input (issue 12, item 7) that no other test pins: each case is refused
//! by `ewsim run` with exit status 2, a message naming the file, line and column or the
//! argument and what is expected, no panic, and no output folder.

mod common;

use std::path::Path;

/// Two regions and one pairing, valid; cases change it.
const BASE: &str = "[scenario]\nname = \"cat\"\n\n[run]\nhouseholds = 2000\n\n\
[time]\nstart_year = 2015\nend_year = 2017\n\n\
[[region]]\nname = \"Coast\"\nzone = \"east\"\npopulation_urban = 100\npopulation_rural = 100\nincome_urban = 30000\nincome_rural = 10000\n\n\
[[region]]\nname = \"Plateau\"\nzone = \"west\"\npopulation_urban = 100\npopulation_rural = 100\nincome_urban = 20000\nincome_rural = 6000\n\n\
[[pairing]]\ndonor = \"Coast\"\nrecipient = \"Plateau\"\n";

/// A regions CSV with the two regions of `BASE`.
const REGIONS_CSV: &str = "name,zone,population_urban,population_rural,income_urban,income_rural\n\
Coast,east,100,100,30000,10000\nPlateau,west,100,100,20000,6000\n";

/// `BASE` with its regions from `data/regions.csv`.
fn with_csv() -> String {
    let inline = BASE.find("[[region]]").unwrap_or(BASE.len());
    let pairing = BASE.find("[[pairing]]").unwrap_or(BASE.len());
    format!(
        "{}[data]\nregions = \"data/regions.csv\"\n\n{}",
        &BASE[..inline],
        &BASE[pairing..]
    )
}

/// A case: a scenario file's bytes (`None`: no file is written), the data CSV's, extra
/// arguments, and what the message must say.
struct Case {
    what: &'static str,
    scenario: Option<Vec<u8>>,
    csv: Option<&'static str>,
    args: &'static [&'static str],
    says: &'static [&'static str],
}

fn case(what: &'static str, text: String, says: &'static [&'static str]) -> Case {
    Case {
        what,
        scenario: Some(text.into_bytes()),
        csv: None,
        args: &[],
        says,
    }
}

fn csv_case(what: &'static str, csv: &'static str, says: &'static [&'static str]) -> Case {
    Case {
        csv: Some(csv),
        ..case(what, with_csv(), says)
    }
}

fn set_case(
    what: &'static str,
    args: &'static [&'static str],
    says: &'static [&'static str],
) -> Case {
    Case {
        args,
        ..case(what, BASE.to_string(), says)
    }
}

fn cases() -> Vec<Case> {
    let after = |anchor: &str, extra: &str| BASE.replacen(anchor, &format!("{anchor}{extra}"), 1);
    vec![
        case(
            "an unknown table",
            format!("{BASE}\n[polcy.transfers]\npaired_aid_share = 0.1\n"),
            &["s.toml:", "unknown", "`polcy`", "did you mean `policy`"],
        ),
        case(
            "a duplicate key",
            after("households = 2000\n", "households = 3000\n"),
            &["s.toml:6:1", "duplicate key"],
        ),
        case(
            "NaN",
            format!("{BASE}\n[policy.transfers]\npaired_aid_share = nan\n"),
            &[
                "s.toml:",
                "key `policy.transfers.paired_aid_share`",
                "share between 0 and 1, found NaN",
            ],
        ),
        case(
            "infinity",
            BASE.replacen("income_urban = 30000", "income_urban = inf", 1),
            &[
                "s.toml:",
                "key `region[0].income_urban`",
                "finite number > 0, found inf",
            ],
        ),
        case(
            "zero households",
            BASE.replacen("households = 2000", "households = 0", 1),
            &[
                "s.toml:5:1",
                "key `run.households`",
                "at least 4 households",
            ],
        ),
        case(
            "negative households",
            BASE.replacen("households = 2000", "households = -5", 1),
            &["s.toml:5:14", "a whole number ≥ 1", "-5"],
        ),
        case(
            "households beyond any machine",
            BASE.replacen("households = 2000", "households = 99999999999", 1),
            &["s.toml:5:14", "a whole number ≥ 1"],
        ),
        case(
            "zero ticks",
            after("end_year = 2017\n", "ticks_per_year = 0\n"),
            &[
                "s.toml:10:1",
                "key `time.ticks_per_year`",
                "1 to 366 ticks per year, found 0",
            ],
        ),
        case(
            "absurd ticks",
            after("end_year = 2017\n", "ticks_per_year = 100000\n"),
            &["s.toml:10:1", "1 to 366 ticks per year, found 100000"],
        ),
        case(
            "a start year before 1949",
            BASE.replacen("start_year = 2015", "start_year = -3000", 1),
            &[
                "s.toml:8:1",
                "key `time.start_year`",
                "a year from 1949 to 2200, found -3000",
            ],
        ),
        case(
            "an end year after 2200",
            BASE.replacen("end_year = 2017", "end_year = 100000", 1),
            &[
                "s.toml:9:1",
                "key `time.end_year`",
                "a year from 1949 to 2200, found 100000",
            ],
        ),
        case(
            "a self-pairing",
            BASE.replacen("recipient = \"Plateau\"", "recipient = \"Coast\"", 1),
            &[
                "s.toml:",
                "key `pairing[0].recipient`",
                "`Coast` cannot be paired with itself",
            ],
        ),
        case(
            "a negative pair weight",
            format!("{BASE}weight = -1\n"),
            &[
                "s.toml:",
                "key `pairing[0].weight`",
                "finite number >= 0, found -1",
            ],
        ),
        case(
            "a duplicate region name",
            BASE.replacen("name = \"Plateau\"", "name = \"Coast\"", 1),
            &[
                "s.toml:",
                "key `region[1].name`",
                "region `Coast` is defined twice",
            ],
        ),
        case(
            "a variant naming an unknown key",
            format!("{BASE}\n[variants.fast]\n\"policy.transfers.paired_aid_shar\" = 0.1\n"),
            &[
                "s.toml:",
                "policy.transfers.paired_aid_shar",
                "did you mean `policy.transfers.paired_aid_share`",
            ],
        ),
        case(
            "a sweep naming an unknown key",
            format!(
                "{BASE}\n[sweep]\nparameter = \"policy.transfers.paired_aid_shar\"\nvalues = [0.1]\n"
            ),
            &[
                "s.toml:",
                "policy.transfers.paired_aid_shar",
                "did you mean",
            ],
        ),
        case(
            "a phase in a year before the run",
            format!(
                "{BASE}\n[[phase]]\nyear = 2000\n[phase.set]\n\"policy.transfers.paired_aid_share\" = 0.1\n"
            ),
            &[
                "s.toml:",
                "key `phase[0].year`",
                "after the start year 2015, found 2000",
            ],
        ),
        case(
            "a hostile scenario name",
            BASE.replacen("name = \"cat\"", "name = \"../../escaped\"", 1),
            &[
                "s.toml:2:1",
                "key `scenario.name`",
                "try \"escaped\"",
                "scenario.title_zh",
            ],
        ),
        case(
            "a variant name with a separator",
            format!("{BASE}\n[variants.\"a/b\"]\n\"policy.transfers.paired_aid_share\" = 0.1\n"),
            &[
                "s.toml:",
                "key `variants.a/b`",
                "the character `/`",
                "try \"a_b\"",
            ],
        ),
        case(
            "a sweep point name with a separator",
            format!("{BASE}\n[sweep]\nparameter = \"scenario.description\"\nvalues = [\"a/b\"]\n"),
            &[
                "s.toml:",
                "key `scenario.description`",
                "the character `/`",
                "sweep over numbers",
            ],
        ),
        set_case(
            "an array where a number belongs",
            &["--set", "run.households=[1, 2]"],
            &[
                "--set run.households=[1, 2]",
                "a whole number ≥ 1",
                "a list",
            ],
        ),
        set_case(
            "a hostile name on the command line",
            &["--set", "scenario.name=\"a\\nb\""],
            &["--set scenario.name=", "U+000A", "try \"a_b\""],
        ),
        csv_case(
            "a missing data file",
            "",
            &[
                "data/regions.csv",
                "key `data.regions`",
                "cannot read the file named by `data.regions`",
            ],
        ),
        csv_case(
            "a malformed number in a data file",
            "name,zone,population_urban,population_rural,income_urban,income_rural\n\
             Coast,east,100,100,30000,10000\nPlateau,west,many,100,20000,6000\n",
            &[
                "regions.csv:3:1",
                "column 3",
                "`population_urban`: expected a number",
            ],
        ),
        csv_case(
            "an unknown column in a data file",
            "name,zone,populaton_urban,population_rural,income_urban,income_rural\n\
             Coast,east,100,100,30000,10000\n",
            &[
                "regions.csv:",
                "unknown column `populaton_urban`",
                "did you mean `population_urban`",
            ],
        ),
        csv_case(
            "a short row in a data file",
            "name,zone,population_urban,population_rural,income_urban,income_rural\n\
             Coast,east,100,100,30000,10000\nPlateau,west,100\n",
            &["regions.csv:3:1"],
        ),
        csv_case(
            "a bad value in a data file row",
            "name,zone,population_urban,population_rural,income_urban,income_rural\n\
             Coast,east,100,100,30000,10000\nPlateau,west,100,-7,20000,6000\n",
            &[
                "(data.regions row 2)",
                "key `region[1].population_rural`",
                ">= 0, found -7",
            ],
        ),
        Case {
            what: "a missing scenario file",
            scenario: None,
            csv: None,
            args: &[],
            says: &["s.toml: cannot read the scenario", "No such file"],
        },
        Case {
            what: "an empty scenario file",
            scenario: Some(Vec::new()),
            csv: None,
            args: &[],
            says: &["s.toml:", "no regions"],
        },
        Case {
            what: "a scenario file that is not UTF-8",
            scenario: Some(b"[scenario]\nname = \"caf\xe9\"\n".to_vec()),
            csv: None,
            args: &[],
            says: &["s.toml: cannot read the scenario", "UTF-8"],
        },
    ]
}

/// Runs `ewsim run <dir>/s.toml --out <dir>/out --quiet ARGS` in `dir`; asserts the refusal.
fn refused(dir: &Path, case: &Case) {
    let scenario = dir.join("s.toml");
    let out = dir.join("out");
    let output = common::run_into(&scenario, &out, case.args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let what = case.what;
    assert_eq!(output.status.code(), Some(2), "{what}: {stderr}");
    for word in case.says {
        assert!(stderr.contains(word), "{what}: no {word:?} in: {stderr}");
    }
    for word in [
        "panicked",
        "backtrace",
        "Spec",
        "u32",
        "i32",
        "invalid type",
    ] {
        assert!(!stderr.contains(word), "{what}: {word:?} in: {stderr}");
    }
    assert!(!out.exists(), "{what}: an output folder was made");
    let names = common::names(dir);
    assert!(
        names.iter().all(|n| n == "s.toml" || n == "data"),
        "{what}: left {names:?}"
    );
}

#[test]
fn every_case_of_the_catalogue_is_refused_with_exit_2_and_its_place() {
    for case in cases() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        if let Some(bytes) = &case.scenario {
            std::fs::write(dir.path().join("s.toml"), bytes).expect("the scenario is written");
        }
        if let Some(csv) = case.csv.filter(|c| !c.is_empty()) {
            std::fs::create_dir(dir.path().join("data")).expect("the data folder");
            std::fs::write(dir.path().join("data/regions.csv"), csv).expect("the CSV");
        }
        refused(dir.path(), &case);
    }
}

#[test]
fn the_catalogue_base_is_valid() {
    // Each case differs from a valid scenario by the one fault it names.
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("s.toml"), BASE).expect("written");
    std::fs::create_dir(dir.path().join("data")).expect("the data folder");
    std::fs::write(dir.path().join("data/regions.csv"), REGIONS_CSV).expect("the CSV");
    std::fs::write(dir.path().join("c.toml"), with_csv()).expect("written");
    for file in ["s.toml", "c.toml"] {
        let path = dir.path().join(file);
        common::ewsim_ok(&["check", path.to_str().expect("a UTF-8 path")]);
    }
}

#[test]
fn a_directory_as_the_scenario_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let output = common::ewsim(&["check", dir.path().to_str().expect("a UTF-8 path")]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot read the scenario"), "{stderr}");
    assert!(stderr.contains("directory"), "{stderr}");
}
