//! docs/MODEL.md documents every scenario key, and only real ones.
//!
//! Every dotted key the schema accepts (`ewsim::scenario::overrides::schema_keys()`, e.g.
//! `policy.transfers.paired_aid_share`, `region.income_rural`, `run.households`) must appear in
//! MODEL.md inside backticks; and every backticked `policy.TABLE.KEY` in MODEL.md must be a key
//! of the schema, so the documentation cannot keep describing a removed or renamed lever key.

use std::collections::BTreeSet;

use ewsim::scenario::overrides::schema_keys;

const MODEL: &str = include_str!("../docs/MODEL.md");

/// The contents of every inline code span (text between a pair of single backticks) of
/// `text`, outside fenced code blocks.
fn code_spans(text: &str) -> BTreeSet<String> {
    let mut spans = BTreeSet::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let mut parts = line.split('`');
        // Odd-numbered pieces lie between backticks.
        parts.next();
        while let Some(inside) = parts.next() {
            spans.insert(inside.trim().to_string());
            if parts.next().is_none() {
                break;
            }
        }
    }
    spans
}

/// Dotted `policy.x.y` keys (letters, digits, `_` and `.`) found at the start of a span, so
/// that spans such as `policy.talent.enabled=false` or `policy.transfers.leakage_rate = 0.2`
/// are checked too.
fn policy_keys_in(spans: &BTreeSet<String>) -> BTreeSet<String> {
    spans
        .iter()
        .filter(|span| span.starts_with("policy."))
        .map(|span| {
            let end = span
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .unwrap_or(span.len());
            span[..end].trim_end_matches('.').to_string()
        })
        .filter(|key| key.matches('.').count() >= 2)
        .collect()
}

#[test]
fn prints_schema_keys() {
    // Run with `-- --nocapture` to see the list the documentation must cover.
    let keys = schema_keys();
    println!("{} schema keys:", keys.len());
    for key in &keys {
        println!("  {key}");
    }
    assert!(!keys.is_empty());
}

#[test]
fn every_schema_key_is_documented() {
    let spans = code_spans(MODEL);
    let missing: Vec<String> = schema_keys()
        .into_iter()
        .filter(|key| !spans.contains(key))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/MODEL.md does not document these {} scenario keys (write each in backticks, e.g. \
         `policy.transfers.paired_aid_share`, in a parameter table):\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
}

#[test]
fn every_documented_policy_key_exists() {
    let keys: BTreeSet<String> = schema_keys().into_iter().collect();
    let unknown: Vec<String> = policy_keys_in(&code_spans(MODEL))
        .into_iter()
        .filter(|key| !keys.contains(key))
        .collect();
    assert!(
        unknown.is_empty(),
        "docs/MODEL.md documents policy keys that the schema does not have (removed or \
         renamed?):\n  {}",
        unknown.join("\n  ")
    );
}

#[test]
fn code_spans_are_found() {
    let spans = code_spans("a `x.y` b `policy.t.k = 1` c\n```\n`not.this`\n```\n`z`");
    assert!(spans.contains("x.y"));
    assert!(spans.contains("z"));
    assert!(!spans.contains("not.this"));
    let keys = policy_keys_in(&spans);
    assert_eq!(keys.into_iter().collect::<Vec<_>>(), vec!["policy.t.k"]);
}
