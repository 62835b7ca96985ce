//! End-to-end tests of the charts through the real binary: `ewsim run` with charts on,
//! `ewsim plot` redrawing them from the CSV files, and a study with several variants.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use ewsim::plot::{COMPARED, SINGLE};

mod common;

use common::{decode_png, ewsim, ewsim_ok, path_str};

fn quickstart() -> PathBuf {
    common::scenario("quickstart.toml")
}

/// Decodes a PNG; checks its size, that many colours occur and that it is not mostly blank.
fn check_png(path: &Path) {
    let png = decode_png(path);
    let (w, h, buf) = (png.width, png.height, png.bytes);
    assert!(
        w >= 800 && h >= 500,
        "{}: {w}×{h} is smaller than 800×500",
        path.display()
    );
    let pixels: Vec<&[u8]> = buf.chunks_exact(png.samples).collect();
    let colours: HashSet<&[u8]> = pixels.iter().copied().collect();
    assert!(
        colours.len() >= 100,
        "{}: only {} distinct colours",
        path.display(),
        colours.len()
    );
    let inked = pixels.iter().filter(|p| p[..3] != [255, 255, 255]).count();
    assert!(
        inked * 100 >= pixels.len(),
        "{}: only {inked} of {} pixels are not white",
        path.display(),
        pixels.len()
    );
}

/// The trimmed contents of an SVG file's `<text>` elements.
fn svg_texts(path: &Path) -> Vec<String> {
    let svg = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    common::svg_texts(&svg)
}

fn assert_texts(path: &Path, wanted: &[&str]) {
    let texts = svg_texts(path);
    for w in wanted {
        assert!(
            texts.iter().any(|t| t == w),
            "{} has no text {w:?}; it has {texts:?}",
            path.display()
        );
    }
}

/// Every file in `dir` with its bytes, sorted by name.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn run_draws_charts_and_plot_redraws_them_identically() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("quickstart");
    ewsim_ok(&[
        "run",
        path_str(&quickstart()),
        "--out",
        path_str(&out),
        "--quiet",
        "--set",
        "output.charts=true",
    ]);
    let charts = out.join("charts");

    // The single charts and, a run having written regions.csv, the provinces chart, in both
    // formats (the default formats), and nothing else.
    let mut expected: Vec<String> = SINGLE
        .iter()
        .chain(&["provinces"])
        .flat_map(|c| [format!("{c}.png"), format!("{c}.svg")])
        .collect();
    expected.sort();
    let written = snapshot(&charts);
    let names: Vec<&str> = written.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, expected, "one variant draws no comparison charts");
    for c in SINGLE {
        check_png(&charts.join(format!("{c}.png")));
    }

    // Titles, panel titles, axis titles and legend text in the SVG files.
    let legend = "baseline (1 replicate)";
    let svg = |c: &str| charts.join(format!("{c}.svg"));
    assert_texts(
        &svg("regional_gap"),
        &[
            "Regional gap",
            "Quickstart: five abstract regions, 2015–2025",
            "common prosperity assessment",
            "East–west income ratio",
            "Provincial income dispersion (weighted CV)",
            "Theil index between provinces",
            "ratio",
            "index",
            "year",
            "2015",
            "2025",
            legend,
        ],
    );
    assert_texts(
        &svg("urban_rural_gap"),
        &[
            "Urban–rural gap",
            "Urban–rural income ratio",
            "ratio",
            "year",
            legend,
        ],
    );
    assert_texts(
        &svg("group_gap"),
        &[
            "Group gap",
            "Gini coefficient",
            "Palma ratio (top 10 % / bottom 40 %)",
            "index",
            "ratio",
            "year",
            legend,
        ],
    );
    assert_texts(
        &svg("poverty"),
        &[
            "Poverty",
            "Rural absolute poverty rate",
            "Relative poverty rate",
            "% of rural residents",
            "% of residents",
            "year",
            legend,
        ],
    );
    assert_texts(
        &svg("dashboard"),
        &[
            "Dashboard (baseline)",
            "Regional gap",
            "Urban–rural gap",
            "Group gap",
            "Poverty",
            "% of rural residents",
            "year",
            legend,
        ],
    );

    // `ewsim plot` redraws the deleted charts from the CSV files, byte for byte.
    fs::remove_dir_all(&charts).unwrap();
    let plot = ewsim_ok(&["plot", path_str(&out)]);
    let said = String::from_utf8_lossy(&plot.stderr);
    let drawn = format!("drew {} charts", written.len());
    assert!(said.contains(&drawn), "{said}");
    let redrawn = snapshot(&charts);
    assert_eq!(redrawn.len(), written.len());
    for ((name, before), (again, after)) in written.iter().zip(&redrawn) {
        assert_eq!(name, again);
        assert!(before == after, "{name} differs after `ewsim plot`");
    }
}

#[test]
fn plot_on_a_folder_without_manifest_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("metrics.csv"),
        "variant,replicate,year,metric,value\nbaseline,0,2015,gini,0.4\n",
    )
    .unwrap();
    let out = ewsim(&["plot", path_str(tmp.path())]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("manifest.json"), "{said}");
    assert!(!tmp.path().join("charts").exists());
}

#[test]
fn several_variants_draw_comparisons_with_one_legend_entry_each() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = fs::read_to_string(quickstart()).unwrap();
    text.push_str(
        "\n[variants.no_aid]\n\"policy.transfers.enabled\" = false\n\n\
         [variants.digital]\n\"policy.charity.digital_platform\" = true\n",
    );
    let scenario = tmp.path().join("study.toml");
    fs::write(&scenario, text).unwrap();
    let out = tmp.path().join("study");
    ewsim_ok(&[
        "run",
        path_str(&scenario),
        "--out",
        path_str(&out),
        "--quiet",
        "--replicates",
        "3",
        "--set",
        "output.charts=true",
        "--set",
        "run.households=5000",
    ]);
    let charts = out.join("charts");
    for c in SINGLE {
        check_png(&charts.join(format!("{c}.png")));
    }
    let variants = ["baseline", "no_aid", "digital"];
    // Without observed NBS values the survey Gini would repeat the resident one: not drawn.
    assert!(!charts.join("compare_gini_survey.png").exists());
    for metric in COMPARED.iter().filter(|m| m.name != "gini_survey") {
        check_png(&charts.join(format!("compare_{metric}.png")));
        let svg = charts.join(format!("compare_{metric}.svg"));
        let texts = svg_texts(&svg);
        for v in variants {
            let n = texts.iter().filter(|t| *t == v).count();
            assert_eq!(n, 1, "{}: {n} legend entries {v:?}", svg.display());
        }
        assert_texts(
            &svg,
            &[
                "line: mean of 3 replicates",
                "shaded: range (min–max) of 3 replicates",
            ],
        );
        // The legend's swatches: a band and a line per variant, in the palette's colours
        // given in variant order.
        let body = fs::read_to_string(&svg).unwrap();
        for colour in ["#0072B2", "#D55E00", "#008762"] {
            assert!(
                body.contains(&format!("stroke=\"{colour}\"")),
                "{}: no line in {colour}",
                svg.display()
            );
        }
    }
    assert_texts(
        &charts.join("compare_gini.svg"),
        &[
            "Gini coefficient by variant",
            "Quickstart: five abstract regions, 2015–2025",
            "index",
            "year",
        ],
    );
    assert_texts(
        &charts.join("dashboard.svg"),
        &[
            "baseline: mean of 3 replicates",
            "baseline: range (min–max) of 3 replicates",
        ],
    );
}
