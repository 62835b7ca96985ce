//! docs/MODEL.md §9 defines every metric of the metric table, and only those.
//!
//! A metric is defined in §9 by a line of a fenced code block that starts, at its first column,
//! with the metric's name followed by `=` (`gini = …`), or with several names separated by
//! commas when they share one definition (`income_east, income_central, …` with `= …` on the
//! next, indented line). Helper definitions take arguments (`FGT_α(z) = …`, `median(y) = …`)
//! and so are not metrics.

use std::collections::BTreeSet;

use ewsim::metrics::collect::METRICS;

const MODEL: &str = include_str!("../docs/MODEL.md");

/// The lines of the section whose heading starts with `## {number} `, up to the next `## `.
fn section<'a>(text: &'a str, number: &str) -> Vec<&'a str> {
    let heading = format!("## {number} ");
    let mut lines = text.lines().skip_while(|l| !l.starts_with(&heading));
    let mut out: Vec<&str> = lines.next().into_iter().collect();
    out.extend(lines.take_while(|l| !l.starts_with("## ")));
    out
}

/// Whether `s` is a bare metric-like name: lower-case letters, digits and `_`.
fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The names defined in the fenced code blocks of `lines` (see the module documentation),
/// in order, with repeats.
fn defined_names(lines: &[&str]) -> Vec<String> {
    let mut fenced = false;
    let mut names = Vec::new();
    for line in lines {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced || line.starts_with(char::is_whitespace) {
            continue;
        }
        let left = line.split('=').next().unwrap_or("");
        let parts: Vec<&str> = left.split(',').map(str::trim).collect();
        if parts.iter().all(|p| is_name(p)) {
            names.extend(parts.iter().map(|p| p.to_string()));
        }
    }
    names
}

#[test]
fn section_9_defines_exactly_the_table_metrics() {
    let lines = section(MODEL, "9");
    assert!(
        lines.first().is_some_and(|l| l.contains("metrics")),
        "docs/MODEL.md has no section '## 9 …metrics…'"
    );
    let defined = defined_names(&lines);
    let documented: BTreeSet<&str> = defined.iter().map(String::as_str).collect();
    assert_eq!(
        documented.len(),
        defined.len(),
        "§9 defines a metric twice: {defined:?}"
    );
    let table: BTreeSet<&str> = METRICS.iter().map(|m| m.name).collect();
    let undocumented: Vec<&&str> = table.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "docs/MODEL.md §9 does not define these metrics of src/metrics/table.rs \
         (add a line `name = formula` to a code block of §9): {undocumented:?}"
    );
    let unknown: Vec<&&str> = documented.difference(&table).collect();
    assert!(
        unknown.is_empty(),
        "docs/MODEL.md §9 defines metrics that src/metrics/table.rs does not compute \
         (remove them, or give a helper definition an argument, e.g. `median(y) = …`): \
         {unknown:?}"
    );
}

#[test]
fn definitions_are_recognised() {
    let lines = [
        "```",
        "a_1, b2 = x",
        "c   = income_east / income_west      (not a definition of income_west)",
        "   = continued",
        "FGT_α(z) = helper",
        "median(y) = helper",
        "```",
        "outside = a fenced block",
    ];
    assert_eq!(defined_names(&lines), ["a_1", "b2", "c"]);
}
