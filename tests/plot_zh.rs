//! Charts in Chinese: `output.language = "zh"` writes every title, axis, legend and phase label
//! in Chinese, in the embedded font, so that the PNG bytes are the same with no system fonts.

mod common;

use std::path::Path;
use std::process::Command;

use common::{path_str, scenario};

/// Runs the quickstart with Chinese charts into `out` with an empty fontconfig.
fn run_zh(out: &Path, extra: &[&str]) {
    let conf = tempfile::tempdir().unwrap();
    let empty = conf.path().join("fonts.conf");
    std::fs::write(
        &empty,
        "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig></fontconfig>\n",
    )
    .unwrap();
    let quickstart = scenario("quickstart.toml");
    let mut args = vec![
        "run",
        path_str(&quickstart),
        "--out",
        path_str(out),
        "--quiet",
        "--replicates",
        "2",
        "--set",
        "output.language=\"zh\"",
    ];
    args.extend_from_slice(extra);
    let output = Command::new(env!("CARGO_BIN_EXE_ewsim"))
        .args(&args)
        .env("FONTCONFIG_FILE", &empty)
        .env("FONTCONFIG_PATH", conf.path())
        .env("XDG_DATA_HOME", conf.path())
        .env("HOME", conf.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[test]
fn chinese_charts_are_chinese_and_their_pngs_identical_without_system_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    run_zh(&a, &[]);
    run_zh(&b, &[]);
    let mut pngs = 0;
    for entry in std::fs::read_dir(a.join("charts")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        if path.extension().is_some_and(|e| e == "png") {
            assert_eq!(
                common::bytes(&path),
                common::bytes(&b.join("charts").join(name)),
                "{name:?} differs between two runs"
            );
            pngs += 1;
        }
    }
    assert!(pngs >= 7, "{pngs} PNG charts");

    let svg = std::fs::read_to_string(a.join("charts/urban_rural_gap.svg")).unwrap();
    let texts = common::svg_texts(&svg);
    for wanted in [
        "城乡差距",
        "城乡收入比",
        "比值",
        "年份",
        "基准（2次重复模拟）的均值",
        "共同富裕考核",
    ] {
        let found = texts.iter().any(|t| t == wanted)
            || (wanted.ends_with("的均值") && texts.iter().any(|t| t == "基准：2次重复模拟的均值"));
        assert!(found, "no {wanted:?} in {texts:?}");
    }
    // Every text with a letter is Chinese, but for the numbers and the names a user gave.
    for t in &texts {
        let english = t.chars().filter(|c| c.is_ascii_alphabetic()).count();
        let allowed = ["FGT", "T", "L"];
        if english > 3 && !allowed.iter().any(|a| t.contains(a)) {
            assert!(
                t.chars().any(is_han),
                "English text {t:?} in a Chinese chart"
            );
        }
    }
    assert!(
        svg.contains("Noto Sans CJK SC"),
        "the SVG names the Chinese font"
    );
    let dashboard = std::fs::read_to_string(a.join("charts/dashboard.svg")).unwrap();
    assert!(
        common::svg_texts(&dashboard)
            .iter()
            .any(|t| t == "总览（基准）")
    );
}

#[test]
fn an_extra_font_is_read_from_output_font() {
    let dir = tempfile::tempdir().unwrap();
    let font = dir.path().join("extra.ttf");
    std::fs::write(&font, dejavu::sans::regular()).unwrap();
    let out = dir.path().join("out");
    let setting = format!("output.font=\"{}\"", font.display());
    run_zh(&out, &["--set", &setting]);
    assert!(out.join("charts/dashboard.png").is_file());
    // A file that is no font is refused before anything runs.
    std::fs::write(&font, "not a font").unwrap();
    let output = common::ewsim(&[
        "check",
        path_str(&scenario("quickstart.toml")),
        "--set",
        &setting,
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("output.font") && stderr.contains("not a TrueType"),
        "{stderr}"
    );
}
