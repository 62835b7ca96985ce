//! Scenario errors that say where (file, line, column or command-line argument), which key,
//! what was expected and, for a typo, the nearest valid key.

use std::fmt;

/// Where a faulty value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file, with a 1-based line and column when known.
    File {
        /// The file as the user named it.
        path: String,
        /// 1-based line and column.
        position: Option<(usize, usize)>,
    },
    /// A `--set KEY=VALUE` argument.
    CommandLine {
        /// The argument as given.
        argument: String,
    },
    /// Another command-line option, such as `--variant nopairing`.
    Option {
        /// The option and its value, as given.
        text: String,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File {
                path,
                position: Some((line, column)),
            } => {
                write!(f, "{path}:{line}:{column}")
            }
            Origin::File {
                path,
                position: None,
            } => write!(f, "{path}"),
            Origin::CommandLine { argument } => write!(f, "--set {argument}"),
            Origin::Option { text } => f.write_str(text),
        }
    }
}

/// One problem in a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    /// Where.
    pub origin: Origin,
    /// The dotted key concerned, when known (`run.households`).
    pub key: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
    /// The nearest valid key, for an unknown key.
    pub suggestion: Option<String>,
}

impl ScenarioError {
    /// A problem with no key.
    pub fn new(origin: Origin, message: impl Into<String>) -> Self {
        Self {
            origin,
            key: None,
            message: message.into(),
            suggestion: None,
        }
    }

    /// Names the key concerned.
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.origin)?;
        if let Some(key) = &self.key {
            write!(f, "key `{key}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(suggestion) = &self.suggestion {
            write!(f, "\n  help: did you mean `{suggestion}`?")?;
        }
        Ok(())
    }
}

/// Every problem found in a scenario (validation reports them all at once).
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioErrors(pub Vec<ScenarioError>);

impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioErrors {}

impl From<ScenarioError> for ScenarioErrors {
    fn from(error: ScenarioError) -> Self {
        ScenarioErrors(vec![error])
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a plausible
/// typo (at most a third of the word's length, and at least 1 edit allowed).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, candidate)| (*distance, candidate.to_string()))
        .map(|(_, candidate)| candidate.to_string())
}

/// 1-based (line, column) of a byte offset in `text` (column counts characters).
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// What a whole-number key accepts, in words: the key's own range where validation sets one
/// (`run.replicates` needs at least 1), else the range of its type.
fn whole_number_range(key: Option<&str>, rust_type: &str) -> String {
    let own = match key {
        Some("run.replicates" | "run.households") => Some("a whole number ≥ 1"),
        Some("time.ticks_per_year") => Some("a whole number from 1 to 366"),
        _ => None,
    };
    if let Some(own) = own {
        return own.to_string();
    }
    match rust_type {
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number (a year such as 2025)".into(),
        _ => "a whole number ≥ 0".into(),
    }
}

/// The values of the schema's enumerations, as a scenario writes them, by their Rust names
/// (which a message must not show).
fn enum_values(name: &str) -> Option<&'static str> {
    Some(match name {
        "Zone" => "one of \"east\", \"central\", \"west\", \"northeast\"",
        "ImageFormatSpec" => "\"png\" or \"svg\"",
        "CharityScope" => "\"paired\" or \"national\"",
        "Language" => "\"en\" or \"zh\"",
        _ => return None,
    })
}

/// The values of the enumeration a key takes, by the key's last part.
pub(crate) fn enum_values_of_key(key: Option<&str>) -> Option<&'static str> {
    let last = key?.rsplit('.').next()?.split('[').next()?;
    enum_values(match last {
        "zone" => "Zone",
        "formats" => "ImageFormatSpec",
        "scope" => "CharityScope",
        "language" => "Language",
        _ => return None,
    })
}

/// What a deserialiser said was expected, in the user's words.
fn plain_expected(expected: &str, key: Option<&str>) -> String {
    let expected = expected.trim();
    if expected == "string only" || expected == "string or table" {
        return enum_values_of_key(key).map_or_else(
            || "text in double quotes, such as \"name\"".into(),
            String::from,
        );
    }
    let integers = [
        "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize",
    ];
    if integers.contains(&expected) {
        return whole_number_range(key, expected);
    }
    if let Some(name) = expected
        .strip_prefix("enum ")
        .or_else(|| expected.strip_prefix("variant identifier of "))
    {
        return enum_values(name.trim()).map_or_else(
            || "one of the values listed in docs/MODEL.md".into(),
            String::from,
        );
    }
    match expected {
        "f32" | "f64" => "a number".into(),
        "a boolean" => "true or false".into(),
        "a string" | "a borrowed string" | "a character" => {
            "text in double quotes, such as \"name\"".into()
        }
        "a sequence" => "a list in brackets, such as [2020, 2025]".into(),
        "a map" => "a table".into(),
        other if other.starts_with("struct ") || other.ends_with("Spec") => "a table".into(),
        other => other.to_string(),
    }
}

/// What a deserialiser said it found, in the user's words; whether it was a number with a
/// decimal point or exponent whose value is whole.
fn plain_found(found: &str) -> (String, Option<String>) {
    let found = found.trim();
    let quoted = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|rest| rest.trim().trim_matches('`').to_string())
    };
    if let Some(text) = found.strip_prefix("string ") {
        return (format!("the text {}", text.trim()), None);
    }
    if let Some(number) = quoted("floating point") {
        let whole = number
            .parse::<f64>()
            .ok()
            .filter(|v| v.fract() == 0.0 && v.abs() < 1e18)
            .map(|v| format!("{v:.0}"));
        return (format!("the decimal number {number}"), whole);
    }
    if let Some(number) = quoted("integer") {
        return (format!("the whole number {number}"), None);
    }
    if let Some(value) = quoted("boolean") {
        return (value, None);
    }
    let text = match found {
        "sequence" => "a list".to_string(),
        "map" => "a table".to_string(),
        "unit value" => "nothing".to_string(),
        // What toml reports for a non-text value given to a key of named values.
        "unit variant" => "a value that is not text in quotes".to_string(),
        other => other.to_string(),
    };
    (text, None)
}

/// Rewrites a deserialiser's message about the value of `key` in the user's words: `invalid
/// type: string "abc", expected u32` becomes `expected a whole number ≥ 1, found the text
/// "abc"`. Messages it does not recognise are returned unchanged.
pub fn plain_message(raw: &str, key: Option<&str>) -> String {
    let raw = raw.trim();
    let first = raw.lines().next().unwrap_or(raw);
    if let Some(field) = first
        .strip_prefix("missing field ")
        .map(|f| f.trim().trim_matches('`'))
    {
        return format!("the key `{field}` is missing; it has no default, so give it a value");
    }
    if first == "wanted string or table" {
        let wanted = plain_expected("string only", key);
        return format!("expected {wanted}, found a value that is not text in quotes");
    }
    let body = first
        .strip_prefix("invalid type: ")
        .or_else(|| first.strip_prefix("invalid value: "));
    let Some((found, expected)) = body.and_then(|b| b.rsplit_once(", expected ")) else {
        return raw.to_string();
    };
    let wanted = plain_expected(expected, key);
    let (given, whole) = plain_found(found);
    let mut message = format!("expected {wanted}, found {given}");
    if let Some(whole) = whole.filter(|_| wanted.starts_with("a whole number")) {
        message.push_str(&format!(
            "; write it without a decimal point or exponent: {whole}"
        ));
    }
    message
}

/// Parses a command-line whole number of at least `min`: the message says, in words, what is
/// expected (`a whole number ≥ 1, such as 8`).
pub fn parse_whole_number(text: &str, min: u64, example: u64) -> Result<u64, String> {
    let expected = format!("expected a whole number ≥ {min}, such as {example}");
    let trimmed = text.trim();
    match trimmed.parse::<u64>() {
        Ok(value) if value >= min => Ok(value),
        Ok(_) => Err(format!("{expected}; {trimmed} is too small")),
        Err(_) => match trimmed.parse::<f64>() {
            Ok(value) if value.fract() == 0.0 && value >= min as f64 && value < 1e19 => Err(
                format!("{expected}; write {value:.0} without a decimal point or exponent"),
            ),
            Ok(_) if trimmed.starts_with('-') => Err(format!("{expected}; it cannot be negative")),
            _ => Err(expected),
        },
    }
}

/// Splits serde's "unknown field `x`, expected one of `a`, `b`" (or "unknown variant")
/// into the unknown name and the expected names.
pub fn parse_unknown(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message
        .strip_prefix("unknown field ")
        .or_else(|| message.strip_prefix("unknown variant "))?;
    let mut names = rest.split('`').skip(1).step_by(2).map(str::to_string);
    let unknown = names.next()?;
    Some((unknown, names.collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_typos_and_rejects_strangers() {
        let keys = ["seed", "replicates", "households", "enterprises"];
        assert_eq!(nearest("housholds", keys).as_deref(), Some("households"));
        assert_eq!(nearest("sed", keys).as_deref(), Some("seed"));
        assert_eq!(nearest("completely_different", keys), None);
    }

    #[test]
    fn line_column_is_one_based() {
        let text = "a = 1\nbc = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, 8), (2, 3));
    }

    #[test]
    fn deserialiser_messages_are_said_in_the_users_words() {
        let m = plain_message(
            "invalid type: string \"abc\", expected u32",
            Some("run.households"),
        );
        assert_eq!(m, "expected a whole number ≥ 1, found the text \"abc\"");
        let m = plain_message(
            "invalid type: floating point `100000.0`, expected u32",
            Some("run.enterprises"),
        );
        assert!(m.starts_with("expected a whole number ≥ 0, found"), "{m}");
        assert!(m.ends_with("exponent: 100000"), "{m}");
        let m = plain_message(
            "invalid value: integer `-5`, expected u64",
            Some("run.seed"),
        );
        assert_eq!(m, "expected a whole number ≥ 0, found the whole number -5");
        let m = plain_message("invalid type: integer `1`, expected a boolean", None);
        assert_eq!(m, "expected true or false, found the whole number 1");
        let m = plain_message("invalid type: integer `2020`, expected a sequence", None);
        assert!(m.starts_with("expected a list in brackets"), "{m}");
        let m = plain_message("invalid type: string \"x\", expected f64", None);
        assert_eq!(m, "expected a number, found the text \"x\"");
        assert_eq!(plain_message("something else", None), "something else");
    }

    #[test]
    fn command_line_numbers_are_checked_in_words() {
        assert_eq!(parse_whole_number("8", 1, 8), Ok(8));
        let e = parse_whole_number("0", 1, 8).unwrap_err();
        assert!(
            e.starts_with("expected a whole number ≥ 1, such as 8"),
            "{e}"
        );
        let e = parse_whole_number("1e5", 1, 8).unwrap_err();
        assert!(e.contains("write 100000"), "{e}");
        let e = parse_whole_number("-3", 0, 42).unwrap_err();
        assert!(e.contains("negative"), "{e}");
        let e = parse_whole_number("abc", 0, 42).unwrap_err();
        assert_eq!(e, "expected a whole number ≥ 0, such as 42");
    }

    #[test]
    fn parse_unknown_reads_serde_messages() {
        let (unknown, expected) = parse_unknown(
            "unknown field `housholds`, expected one of `seed`, `replicates`, `households`",
        )
        .unwrap();
        assert_eq!(unknown, "housholds");
        assert_eq!(expected, ["seed", "replicates", "households"]);
        let (unknown, expected) = parse_unknown("unknown field `x`, expected `a` or `b`").unwrap();
        assert_eq!((unknown.as_str(), expected.len()), ("x", 2));
        assert!(parse_unknown("invalid type: string").is_none());
    }
}
