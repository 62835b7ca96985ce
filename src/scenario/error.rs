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
