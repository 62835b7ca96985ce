//! Nothing is written outside the output root or `--out`: hostile scenario, variant and sweep
//! names are refused, a symlinked output folder is replaced and not followed, `--out` naming a
//! file is refused; runs too large in years, size or memory are refused before they start.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Every path under `dir`, sorted (symbolic links not followed).
fn tree(dir: &Path) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path.clone());
            }
            paths.push(path);
        }
    }
    paths.sort();
    paths
}

/// Runs ewsim in `cwd` with `args`.
fn ewsim_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ewsim"))
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("ewsim runs")
}

/// The quickstart scenario with its name line replaced by `name_line` and `extra` appended.
fn quickstart(name_line: &str, extra: &str) -> String {
    let text = std::fs::read_to_string(common::scenario("quickstart.toml")).expect("quickstart");
    text.replacen("name = \"quickstart\"", name_line, 1) + extra
}

const SMALL: [&str; 6] = [
    "--set",
    "run.households=2000",
    "--set",
    "time.end_year=2016",
    "--set",
    "output.charts=false",
];

#[test]
fn hostile_names_write_nothing_anywhere() {
    let root = tempfile::tempdir().expect("a temporary folder");
    let work = root.path().join("a/b/work");
    std::fs::create_dir_all(&work).expect("folders");
    let aid = "\"policy.transfers.paired_aid_share\" = 0.1\n";
    let cases = [
        ("name = \"../../escaped\"".to_string(), String::new(), "`/`"),
        ("name = \"/tmp/absolute\"".into(), String::new(), "`/`"),
        ("name = \"two\\nlines\"".into(), String::new(), "U+000A"),
        ("name = \"..\"".into(), String::new(), "starts with `.`"),
        (
            "name = \".hidden\"".into(),
            String::new(),
            "starts with `.`",
        ),
        ("name = \"东西部协作\"".into(), String::new(), "`东`"),
        (
            "name = \"ok\"".into(),
            format!("\n[variants.\"../up\"]\n{aid}"),
            "`/`",
        ),
        (
            "name = \"ok\"".into(),
            format!("\n[variants.\"x\\u0000y\"]\n{aid}"),
            "U+0000",
        ),
        (
            "name = \"ok\"".into(),
            "\n[sweep]\nparameter = \"scenario.description\"\nvalues = [\"../../up\"]\n".into(),
            "`/`",
        ),
    ];
    for (name_line, extra, problem) in &cases {
        std::fs::write(work.join("s.toml"), quickstart(name_line, extra)).expect("written");
        let before = tree(root.path());
        let mut args = vec!["run", "s.toml", "--quiet"];
        args.extend(SMALL);
        let output = ewsim_in(&work, &args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{name_line} {extra}: {stderr}"
        );
        assert!(stderr.contains(problem), "{name_line}: {stderr}");
        assert!(
            stderr.contains("try \"") || stderr.contains("sweep over"),
            "{stderr}"
        );
        assert_eq!(
            tree(root.path()),
            before,
            "{name_line} {extra}: something was written"
        );
    }
    // The same names on the command line.
    for name in ["../../escaped", "a/b", "a\\\\b"] {
        let set = format!("scenario.name=\"{name}\"");
        let mut args = vec!["run", "--quiet", "--set", &set];
        args.extend(SMALL);
        let before = tree(root.path());
        let output = ewsim_in(&work, &args);
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert_eq!(tree(root.path()), before, "{name}: something was written");
    }
}

#[test]
fn a_valid_name_writes_into_the_output_root_only() {
    let root = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        root.path().join("s.toml"),
        quickstart("name = \"east-west_2.v1\"", ""),
    )
    .expect("written");
    let mut args = vec!["run", "s.toml", "--quiet"];
    args.extend(SMALL);
    let output = ewsim_in(root.path(), &args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let top: Vec<String> = std::fs::read_dir(root.path())
        .expect("listed")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut top = top;
    top.sort();
    assert_eq!(top, ["output", "s.toml"]);
    assert!(
        root.path()
            .join("output/east-west_2.v1/manifest.json")
            .is_file()
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_folder_is_replaced_not_followed() {
    let root = tempfile::tempdir().expect("a temporary folder");
    let scenario = common::scenario("quickstart.toml");
    let elsewhere = root.path().join("elsewhere");
    let run = |out: &Path| common::run_into(&scenario, out, &SMALL);
    assert!(run(&elsewhere).status.success());
    let before = tree(&elsewhere);
    let manifest = common::bytes(&elsewhere.join("manifest.json"));
    let link = root.path().join("out");
    std::os::unix::fs::symlink(&elsewhere, &link).expect("a symbolic link");
    let output = run(&link);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The link was replaced by the new result; what it pointed to is untouched.
    assert!(
        !link
            .symlink_metadata()
            .expect("out")
            .file_type()
            .is_symlink()
    );
    assert!(link.join("manifest.json").is_file());
    assert_eq!(tree(&elsewhere), before);
    assert_eq!(common::bytes(&elsewhere.join("manifest.json")), manifest);

    // A link to someone else's folder is refused, and the folder left alone.
    let foreign = root.path().join("thesis");
    std::fs::create_dir(&foreign).expect("a folder");
    std::fs::write(foreign.join("chapter.tex"), "x").expect("a file");
    let link = root.path().join("out2");
    std::os::unix::fs::symlink(&foreign, &link).expect("a symbolic link");
    let output = run(&link);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("refusing to overwrite"));
    assert_eq!(tree(&foreign), [foreign.join("chapter.tex")]);
}

#[test]
fn out_naming_a_file_is_refused_and_the_file_kept() {
    let root = tempfile::tempdir().expect("a temporary folder");
    let file = root.path().join("notes.txt");
    std::fs::write(&file, "keep me").expect("a file");
    let output = common::run_into(&common::scenario("quickstart.toml"), &file, &SMALL);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("refusing to overwrite"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).expect("kept"), "keep me");
    assert_eq!(tree(root.path()), [file]);
}

/// `ewsim run` of quickstart with `sets`; asserts exit 2 and no output; returns stderr.
fn refused(sets: &[&str], extra: &[&str]) -> String {
    let root = tempfile::tempdir().expect("a temporary folder");
    let out = root.path().join("out");
    let mut args: Vec<&str> = sets.iter().flat_map(|set| ["--set", set]).collect();
    args.extend(extra);
    let output = common::run_into(&common::scenario("quickstart.toml"), &out, &args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{sets:?}: {stderr}");
    assert!(!out.exists(), "{sets:?}: an output folder was made");
    assert!(
        tree(root.path()).is_empty(),
        "{sets:?}: something was written"
    );
    stderr
}

#[test]
fn years_ticks_and_run_size_are_bounded() {
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["time.start_year=1948"],
            &["time.start_year", "from 1949 to 2200, found 1948"],
        ),
        (
            &["time.end_year=2201"],
            &["time.end_year", "from 1949 to 2200, found 2201"],
        ),
        (
            &["time.end_year=100000"],
            &["from 1949 to 2200, found 100000"],
        ),
        (
            &["time.ticks_per_year=367"],
            &["1 to 366 ticks per year, found 367"],
        ),
        (
            &["run.households=4294967295", "time.end_year=2035"],
            &[
                "--set run.households=4294967295",
                "the run is too large",
                "household-ticks",
                "lower `run.households`",
            ],
        ),
        (
            &[
                "run.households=400000000",
                "time.ticks_per_year=366",
                "time.end_year=2200",
                "run.replicates=10",
            ],
            &["the run is too large", "10 runs × 185 years × 366 ticks"],
        ),
    ];
    for (sets, says) in cases {
        let stderr = refused(sets, &[]);
        for word in *says {
            assert!(stderr.contains(word), "{sets:?}: no {word:?} in {stderr}");
        }
    }
    // The edges are accepted.
    let scenario = common::scenario("quickstart.toml");
    let path = scenario.to_str().expect("UTF-8");
    for set in ["time.start_year=1949", "time.ticks_per_year=366"] {
        common::ewsim_ok(&["check", path, "--set", set, "--set", "time.end_year=2016"]);
    }
    common::ewsim_ok(&["check", path, "--set", "time.end_year=2200"]);
}

#[test]
fn a_run_larger_than_the_memory_is_refused_with_the_estimate() {
    let Some(available) = ewsim::experiment::budget::available() else {
        return; // No /proc/meminfo: only the size bound holds (tested above).
    };
    let per = ewsim::experiment::budget::BYTES_PER_HOUSEHOLD;
    let Ok(households) = u32::try_from(available / per + 1) else {
        return; // A machine with more memory than the largest run needs.
    };
    // Enterprises count too.
    if available < u64::from(u32::MAX) * ewsim::experiment::budget::BYTES_PER_ENTERPRISE {
        let stderr = refused(&["run.enterprises=4294967295"], &["--threads", "1"]);
        assert!(
            stderr.contains("4294967295 enterprises × 40 bytes"),
            "{stderr}"
        );
    }
    let set = format!("run.households={households}");
    let stderr = refused(&[&set, "time.end_year=2016"], &["--threads", "1"]);
    for word in [
        format!("--set {set}: key `run.households`"),
        "the run needs about".into(),
        "GiB of memory (1 run at a time".into(),
        "this machine has available".into(),
        "at most".into(),
    ] {
        assert!(stderr.contains(&word), "no {word:?} in {stderr}");
    }
}
