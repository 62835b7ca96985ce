//! The yearly invariants stop a real run: a region so populous that its income total
//! overflows to infinity passes validation (every value is finite) but not the check of the
//! year it is first collected, and the run ends with exit status 1, the year, region and
//! quantity named, and the previous result in place.

mod common;

#[test]
fn an_overflowing_world_stops_the_run_and_keeps_the_previous_result() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("out");
    let out_arg = out.display().to_string();
    let quickstart = common::scenario("quickstart.toml");
    let small = [
        "--set",
        "run.households=2000",
        "--set",
        "time.end_year=2017",
        "--set",
        "output.charts=false",
        "--quiet",
    ];
    let mut args = vec![
        "run",
        quickstart.to_str().expect("UTF-8"),
        "--out",
        &out_arg,
    ];
    args.extend(small);
    common::ewsim_ok(&args);
    let previous = common::bytes(&out.join("manifest.json"));

    let text = std::fs::read_to_string(&quickstart).expect("the quickstart");
    let huge = text.replacen(
        "population_urban = 30_000_000",
        "population_urban = 1e306",
        1,
    );
    assert_ne!(huge, text);
    let file = dir.path().join("huge.toml");
    std::fs::write(&file, huge).expect("written");
    let mut args = vec!["run", file.to_str().expect("UTF-8"), "--out", &out_arg];
    args.extend(small);
    let output = common::ewsim(&args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for words in [
        "variant `baseline`, replicate 0",
        "the yearly check failed in year 2015",
        "region `Coast`: income_urban is inf, expected a finite number ≥ 0",
        "wrote nothing",
    ] {
        assert!(stderr.contains(words), "no {words:?} in {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(common::bytes(&out.join("manifest.json")), previous);
    let names = common::names(dir.path());
    assert_eq!(names, ["huge.toml", "out"], "nothing partial is left");
}
