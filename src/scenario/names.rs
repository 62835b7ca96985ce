//! Names that become folder and file names: `scenario.name` (the default output folder
//! `output/<name>/`), `[variants.NAME]` names and the names of sweep points.
//!
//! A name is an identifier, so that no scenario can make ewsim write outside its output root:
//! 1 to [`MAX_LEN`] characters, each an ASCII letter, digit, `-`, `_` or `.`; not starting
//! with `.` (ewsim's own staging folders are hidden dot folders), and no `..`. A sweep point's
//! name is made by ewsim from the swept keys and values (`paired_aid_share=0.002,scope=paired`)
//! and may also hold `=`, `,` and `+`, which are safe in file names on every system. Chinese
//! or other text for charts belongs in `scenario.title` and `scenario.title_zh`.

/// The longest name, in characters.
pub const MAX_LEN: usize = 64;

/// The longest sweep point name: every part is a key and a value, so it is allowed the length
/// of a file name on common file systems.
pub const MAX_SWEEP_LEN: usize = 255;

/// The rule, in words, for messages and documentation.
pub const RULE: &str = "a name becomes a folder or file name, so it is 1 to 64 characters, each \
    an ASCII letter, digit, `-`, `_` or `.`, not starting with `.` and without `..`";

/// What kind of name is checked: it decides the characters and length allowed, and the hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// `scenario.name`.
    Scenario,
    /// A `[variants.NAME]` name.
    Variant,
    /// A sweep point's name, made of swept keys and their values.
    SweepPoint,
}

impl NameKind {
    fn extra(self) -> &'static [char] {
        match self {
            NameKind::SweepPoint => &['=', ',', '+'],
            _ => &[],
        }
    }

    fn max_len(self) -> usize {
        match self {
            NameKind::SweepPoint => MAX_SWEEP_LEN,
            _ => MAX_LEN,
        }
    }

    fn allowed(self, c: char) -> bool {
        c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') || self.extra().contains(&c)
    }
}

/// Whether `name` is a valid name of `kind`; otherwise what is wrong with it, the rule and a
/// suggestion, in the user's words.
pub fn check(name: &str, kind: NameKind) -> Result<(), String> {
    let Some(problem) = problem(name, kind) else {
        return Ok(());
    };
    let mut message = format!("{problem}; {RULE}");
    if kind == NameKind::SweepPoint {
        message.push_str(
            " (a sweep point's name, made of its keys and values, may also hold `=`, `,` and \
             `+`, and up to 255 characters): sweep over numbers or plain words",
        );
    } else {
        message.push_str(&format!("; try \"{}\"", suggestion(name)));
    }
    if kind == NameKind::Scenario {
        message.push_str(
            "; a title in other characters (Chinese, spaces) goes in `scenario.title` and \
             `scenario.title_zh`",
        );
    }
    Err(message)
}

/// What is wrong with `name`, when anything is.
fn problem(name: &str, kind: NameKind) -> Option<String> {
    let length = name.chars().count();
    if length == 0 {
        return Some("the name is empty".into());
    }
    if length > kind.max_len() {
        return Some(format!(
            "the name is {length} characters long, more than {}",
            kind.max_len()
        ));
    }
    if let Some(c) = name.chars().find(|c| !kind.allowed(*c)) {
        let shown = if c.is_control() || c.is_whitespace() {
            format!("the character U+{:04X}", u32::from(c))
        } else {
            format!("the character `{c}`")
        };
        return Some(format!("the name {name:?} holds {shown}"));
    }
    if name.starts_with('.') {
        return Some(format!("the name {name:?} starts with `.`"));
    }
    if name.contains("..") {
        return Some(format!("the name {name:?} holds `..`"));
    }
    None
}

/// A valid name close to `name`: every other character replaced by `_`, a dot that follows
/// a dot too, leading `_` and `.` removed, cut to [`MAX_LEN`] characters; `scenario` when
/// nothing is left.
pub fn suggestion(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let keep = NameKind::Variant.allowed(c) && !(c == '.' && out.ends_with('.'));
        out.push(if keep { c } else { '_' });
    }
    let out: String = out
        .trim_start_matches(['_', '.'])
        .chars()
        .take(MAX_LEN)
        .collect();
    if out.trim_matches('_').is_empty() {
        "scenario".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_pass() {
        for name in ["china", "east-west_2", "v1.2", "A", &"x".repeat(MAX_LEN)] {
            assert_eq!(check(name, NameKind::Scenario), Ok(()), "{name}");
        }
        assert_eq!(
            check("paired_aid_share=0.002,scope=paired", NameKind::SweepPoint),
            Ok(())
        );
        assert_eq!(check("x=1e+20", NameKind::SweepPoint), Ok(()));
    }

    #[test]
    fn hostile_names_are_refused_with_the_rule_and_a_suggestion() {
        let cases = [
            ("../../escaped", "`/`", "\"escaped\""),
            ("a/b", "`/`", "\"a_b\""),
            ("a\\b", "`\\`", "\"a_b\""),
            ("two\nlines", "U+000A", "\"two_lines\""),
            ("tab\there", "U+0009", "\"tab_here\""),
            ("..", "starts with `.`", "\"scenario\""),
            (".hidden", "starts with `.`", "\"hidden\""),
            ("a..b", "holds `..`", "\"a._b\""),
            ("", "empty", "\"scenario\""),
            ("东西部协作", "`东`", "\"scenario\""),
            ("my study", "U+0020", "\"my_study\""),
            ("c:x", "`:`", "\"c_x\""),
        ];
        for (name, problem, hint) in cases {
            let message = check(name, NameKind::Scenario).unwrap_err();
            assert!(message.contains(problem), "{name:?}: {message}");
            assert!(
                message.contains(&format!("try {hint}")),
                "{name:?}: {message}"
            );
            assert!(message.contains("ASCII letter, digit"), "{message}");
            assert!(message.contains("scenario.title_zh"), "{message}");
            let suggested = suggestion(name);
            assert_eq!(check(&suggested, NameKind::Scenario), Ok(()), "{suggested}");
        }
        let long = "x".repeat(MAX_LEN + 1);
        let message = check(&long, NameKind::Variant).unwrap_err();
        assert!(
            message.contains("65 characters long, more than 64"),
            "{message}"
        );
        assert!(!message.contains("title_zh"), "{message}");
        assert_eq!(suggestion(&long).len(), MAX_LEN);
    }

    #[test]
    fn sweep_points_may_not_hold_paths_either() {
        for name in [
            "title=a/b",
            "x=..",
            "x=\u{7}",
            &"x".repeat(MAX_SWEEP_LEN + 1),
        ] {
            let message = check(name, NameKind::SweepPoint).unwrap_err();
            assert!(
                message.contains("sweep over numbers or plain words"),
                "{message}"
            );
        }
        assert!(check("a=1", NameKind::Variant).is_err());
    }
}
