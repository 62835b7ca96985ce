//! Studies: variants with common random numbers, replicates, sweeps, shards that merge exactly.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{bytes, ewsim, ewsim_ok, path_str, scenario};

/// Small, fast settings for the China variants study.
const SMALL: [&str; 6] = [
    "--set",
    "run.households=3000",
    "--set",
    "time.end_year=2017",
    "--set",
    "output.charts=false",
];

/// The rows of a CSV with the variant column removed, for one variant.
fn rows_of(path: &Path, variant: &str) -> Vec<String> {
    String::from_utf8(bytes(path))
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|line| {
            line.strip_prefix(&format!("{variant},"))
                .map(str::to_string)
        })
        .collect()
}

/// A copy of quickstart.toml with `extra` appended, in `dir`.
fn quickstart_with(dir: &Path, extra: &str) -> PathBuf {
    let text = std::fs::read_to_string(scenario("quickstart.toml")).unwrap();
    let path = dir.join("study.toml");
    std::fs::write(&path, format!("{text}\n{extra}\n")).unwrap();
    path
}

#[test]
fn variants_study_writes_every_variant_and_replicate() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("variants");
    let mut args = vec![
        "run".to_string(),
        path_str(&scenario("variants.toml")).to_owned(),
        "--replicates".into(),
        "2".into(),
        "--out".into(),
        path_str(&out).to_owned(),
        "--quiet".into(),
    ];
    args.extend(SMALL.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ewsim_ok(&args);
    let metrics = String::from_utf8(bytes(&out.join("metrics.csv"))).unwrap();
    let mut runs: Vec<(String, String)> = metrics
        .lines()
        .skip(1)
        .map(|l| {
            let mut fields = l.split(',');
            (
                fields.next().unwrap().to_string(),
                fields.next().unwrap().to_string(),
            )
        })
        .collect();
    runs.dedup();
    assert_eq!(runs.len(), 8 * 2, "8 variants x 2 replicates: {runs:?}");
    let summary = String::from_utf8(bytes(&out.join("summary.csv"))).unwrap();
    assert!(summary.starts_with("variant,year,metric,mean,sd,min,p05,p50,p95,max,n\n"));
    // n = 2 on every row but those of a metric undefined that year: income by source is not
    // measured in the start year, whose flows are not recorded (empty mean, n = 0).
    for line in summary.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let sources = ["earnings", "property", "transfers"];
        let undefined = ["urban", "rural"].iter().any(|s| {
            sources
                .iter()
                .any(|k| fields[2] == format!("income_{s}_{k}"))
        });
        // The register's share of placements is undefined without placements: in the start
        // year, and in every year of the variants without labour cooperation.
        let placements = fields[2] == "placements_formerly_poor_share";
        let placed = fields[0] == "baseline" && fields[1] != "2015";
        if (undefined || placements) && fields[1] == "2015" {
            assert!(fields[3].is_empty() && line.ends_with(",0"), "{line}");
        } else if placements && !placed {
            let empty = fields[3].is_empty() && line.ends_with(",0");
            assert!(empty || line.ends_with(",2"), "{line}");
        } else {
            assert!(line.ends_with(",2"), "n = 2: {line}");
        }
    }
    // Variants differ from the baseline where their levers act.
    assert_ne!(
        rows_of(&out.join("metrics.csv"), "baseline"),
        rows_of(&out.join("metrics.csv"), "no_pairing")
    );
}

#[test]
fn a_no_op_variant_reproduces_the_baseline_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let file = quickstart_with(
        dir.path(),
        "[variants.same]\n\"policy.transfers.enabled\" = true\n\n[variants.no_aid]\n\"policy.transfers.enabled\" = false\n",
    );
    let out = dir.path().join("out");
    ewsim_ok(&[
        "run",
        path_str(&file),
        "--out",
        path_str(&out),
        "--quiet",
        "--replicates",
        "2",
    ]);
    for file in ["metrics.csv", "regions.csv"] {
        let baseline = rows_of(&out.join(file), "baseline");
        assert!(!baseline.is_empty());
        assert_eq!(
            baseline,
            rows_of(&out.join(file), "same"),
            "{file}: no-op variant differs"
        );
        assert_ne!(
            baseline,
            rows_of(&out.join(file), "no_aid"),
            "{file}: a real change changes rows"
        );
    }

    // effects.csv: per replicate, variant minus baseline. The no-op variant's effects are 0
    // with no spread; the real change's mean effect is the difference of the replicate means
    // in summary.csv, and its spread is far below the spread of either level (common random
    // numbers).
    let effects = rows_of(&out.join("effects.csv"), "same");
    assert!(!effects.is_empty());
    assert!(rows_of(&out.join("effects.csv"), "baseline").is_empty());
    for row in &effects {
        let fields: Vec<&str> = row.split(',').collect();
        // Metrics undefined in this world (e.g. a zone without regions) are empty with n = 0.
        if fields[9] == "0" {
            assert!(fields[2..9].iter().all(|f| f.is_empty()), "same: {row}");
        } else {
            assert!(fields[2..9].iter().all(|f| *f == "0"), "same: {row}");
        }
    }
    let summary_of = |variant: &str, key: &str| -> Vec<f64> {
        rows_of(&out.join("summary.csv"), variant)
            .iter()
            .chain(rows_of(&out.join("effects.csv"), variant).iter())
            .filter(|row| row.starts_with(key))
            .flat_map(|row| {
                let fields: Vec<&str> = row.split(',').collect();
                [fields[2], fields[3]].map(|f| f.parse::<f64>().unwrap())
            })
            .collect()
    };
    let key = "2020,east_west_ratio,";
    let base = summary_of("baseline", key);
    let levels_and_effect = summary_of("no_aid", key);
    let (level_mean, level_sd, effect_mean, effect_sd) = (
        levels_and_effect[0],
        levels_and_effect[1],
        levels_and_effect[2],
        levels_and_effect[3],
    );
    assert!(
        // Both are written to 12 significant digits.
        (effect_mean - (level_mean - base[0])).abs() < 1e-11,
        "{effect_mean} vs {level_mean} − {}",
        base[0]
    );
    assert!(effect_mean > 0.0, "no aid widens the gap: {effect_mean}");
    assert!(
        effect_sd < 0.5 * level_sd.min(base[1]),
        "paired spread {effect_sd} vs levels {level_sd}, {}",
        base[1]
    );
}

#[test]
fn replicate_k_does_not_depend_on_the_replicate_count() {
    let dir = tempfile::tempdir().unwrap();
    let two = dir.path().join("two");
    let five = dir.path().join("five");
    let quickstart = scenario("quickstart.toml");
    ewsim_ok(&[
        "run",
        path_str(&quickstart),
        "--out",
        path_str(&two),
        "--quiet",
        "--replicates",
        "2",
    ]);
    ewsim_ok(&[
        "run",
        path_str(&quickstart),
        "--out",
        path_str(&five),
        "--quiet",
        "--replicates",
        "5",
    ]);
    let replicate_one = |path: &Path| -> Vec<String> {
        String::from_utf8(bytes(&path.join("metrics.csv")))
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("baseline,1,"))
            .map(str::to_string)
            .collect()
    };
    assert!(!replicate_one(&two).is_empty());
    assert_eq!(replicate_one(&two), replicate_one(&five));
    assert_ne!(
        replicate_one(&five),
        String::from_utf8(bytes(&five.join("metrics.csv")))
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("baseline,0,"))
            .map(|l| l.replacen("baseline,0,", "baseline,1,", 1))
            .collect::<Vec<_>>(),
        "replicates differ from each other"
    );
}

#[test]
fn shards_run_as_separate_processes_merge_into_the_unsharded_files() {
    let dir = tempfile::tempdir().unwrap();
    let variants = scenario("variants.toml");
    let common_args = |out: &Path| -> Vec<String> {
        let mut args = vec![
            "run".to_string(),
            path_str(&variants).to_owned(),
            "--replicates".into(),
            "2".into(),
            "--quiet".into(),
            "--set".into(),
            "output.household_snapshot_years=[2016]".into(),
            "--out".into(),
            path_str(out).to_owned(),
        ];
        args.extend(SMALL.iter().map(|s| s.to_string()));
        args
    };
    let whole = dir.path().join("whole");
    let whole_args = common_args(&whole);
    ewsim_ok(&whole_args.iter().map(String::as_str).collect::<Vec<_>>());

    // The three shards run at the same time, as three processes.
    let shard_dirs: Vec<PathBuf> = (1..=3)
        .map(|k| dir.path().join(format!("shard{k}")))
        .collect();
    let children: Vec<_> = shard_dirs
        .iter()
        .enumerate()
        .map(|(k, out)| {
            let mut args = common_args(out);
            args.extend([
                "--shard".to_string(),
                format!("{}/3", k + 1),
                "--threads".into(),
                "1".into(),
            ]);
            Command::new(env!("CARGO_BIN_EXE_ewsim"))
                .args(&args)
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let merged = dir.path().join("merged");
    // Shards in a shuffled order: merge sorts them by their manifests.
    ewsim_ok(&[
        "merge",
        path_str(&merged),
        path_str(&shard_dirs[2]),
        path_str(&shard_dirs[0]),
        path_str(&shard_dirs[1]),
    ]);
    for file in [
        "metrics.csv",
        "summary.csv",
        "effects.csv",
        "levers.csv",
        "regions.csv",
        "accounts.csv",
        "households_2016.csv",
        "scenario.resolved.toml",
    ] {
        assert_eq!(
            bytes(&whole.join(file)),
            bytes(&merged.join(file)),
            "{file} differs after merging"
        );
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&bytes(&merged.join("manifest.json"))).unwrap();
    assert_eq!(manifest["shard"], "1/1");

    // An incomplete set, or shards of another study, are refused with exit status 2.
    let output = ewsim(&[
        "merge",
        path_str(&dir.path().join("m2")),
        path_str(&shard_dirs[0]),
        path_str(&shard_dirs[1]),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("missing 3/3"));
    let output = ewsim(&[
        "merge",
        path_str(&dir.path().join("m3")),
        path_str(&shard_dirs[0]),
        path_str(&shard_dirs[1]),
        path_str(&whole),
    ]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn sweeps_expand_into_named_variants() {
    let dir = tempfile::tempdir().unwrap();
    let file = quickstart_with(
        dir.path(),
        "[sweep]\nparameter = \"policy.transfers.paired_aid_share\"\nvalues = [0.0, 0.008]\n",
    );
    let output = ewsim_ok(&["check", path_str(&file)]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("3 variants: baseline, paired_aid_share=0.0, paired_aid_share=0.008"),
        "{stdout}"
    );
    let out = dir.path().join("out");
    ewsim_ok(&[
        "run",
        path_str(&file),
        "--out",
        path_str(&out),
        "--quiet",
        "--variant",
        "paired_aid_share=0.0",
    ]);
    let metrics = String::from_utf8(bytes(&out.join("metrics.csv"))).unwrap();
    let aid: f64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("paired_aid_share=0.0,0,2025,paired_aid,"))
        .expect("the sweep point's rows")
        .parse()
        .unwrap();
    assert_eq!(aid, 0.0, "aid is 0 in the zero sweep point");
}

#[test]
fn an_unknown_variant_is_refused_with_a_suggestion() {
    let output = ewsim(&["check", path_str(&scenario("variants.toml"))]);
    assert!(output.status.success());
    let output = ewsim(&[
        "run",
        path_str(&scenario("variants.toml")),
        "--variant",
        "no_pairng",
        "--out",
        "/nonexistent/never",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("did you mean `no_pairing`"));
}

#[test]
fn init_writes_a_template_that_checks_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("new.toml");
    ewsim_ok(&["init", path_str(&file)]);
    ewsim_ok(&["check", path_str(&file)]);
    let output = ewsim(&["init", path_str(&file)]);
    assert_eq!(output.status.code(), Some(2));
}

/// A key set on the command line holds for the whole run: the scenario's phases do not change
/// it later, and the resolved scenario (from which a run is reproduced) no longer lists it in
/// its phases. A variant's own key still wins over `--set`.
#[test]
fn command_line_keys_hold_over_phases_and_variants_win_over_them() {
    use ewsim::scenario::{CharityScope, load_builtin, load_text};
    let scope_2030 = |variant: &ewsim::scenario::Variant| variant.policy_in(2030).charity.scope;

    let plain = load_builtin(&[]).expect("the built-in scenario loads");
    assert_eq!(scope_2030(&plain.variants[0]), CharityScope::National);

    let set = ["policy.charity.scope=\"paired\"".to_string()];
    let pinned = load_builtin(&set).expect("the built-in scenario loads");
    assert_eq!(scope_2030(&pinned.variants[0]), CharityScope::Paired);
    // Other keys of the same phase still apply.
    assert_eq!(
        pinned.variants[0]
            .policy_in(2030)
            .consumption
            .purchase_share,
        0.016
    );
    let resolved = pinned.resolved_toml();
    assert!(!resolved.contains("policy.charity.scope"), "{resolved}");
    assert!(resolved.contains("policy.consumption.purchase_share"));

    let path = scenario("china.toml");
    let text = std::fs::read_to_string(&path).expect("china.toml readable")
        + "\n[variants.national_charity]\n\"policy.charity.scope\" = \"national\"\n";
    let files = ewsim::scenario::data::DiskFiles {
        dir: path.parent().expect("scenarios folder"),
    };
    let loaded = load_text("china+variant", &text, &files, &set).expect("loads");
    assert_eq!(scope_2030(&loaded.variants[0]), CharityScope::Paired);
    assert_eq!(scope_2030(&loaded.variants[1]), CharityScope::National);
}
