//! Finding keys in the scenario text: dotted path → byte span, and byte span → dotted path.
//!
//! Serde only tells *what* is wrong; these functions walk toml's spanned document tree so every
//! message can say *where* (line and column) and *which key* (`policy.transfers.leakage_rate`).

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One step of a path into a document: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A key of a table.
    Key(String),
    /// An index into an array (e.g. the third `[[region]]`).
    Index(usize),
}

/// A path as steps, written `region[2].income_rural` or `variants.fast."policy.x"`.
pub type Path = Vec<Step>;

/// Builds a path from a dotted key (`run.households`); no indices.
pub fn dotted(key: &str) -> Path {
    key.split('.')
        .map(|part| Step::Key(part.to_string()))
        .collect()
}

/// Renders a path for messages: `region[2].income_rural`.
pub fn render(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                if key.contains('.') {
                    out.push('"');
                    out.push_str(key);
                    out.push('"');
                } else {
                    out.push_str(key);
                }
            }
            Step::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

/// A parsed document that keeps the span of every key and value.
pub struct SpannedDocument<'a> {
    root: Option<Spanned<DeTable<'a>>>,
}

impl<'a> SpannedDocument<'a> {
    /// Parses `text`; a document that does not parse locates nothing (its syntax error is
    /// reported by the typed parse).
    pub fn parse(text: &'a str) -> Self {
        Self {
            root: DeTable::parse(text).ok(),
        }
    }

    /// Byte span of the key at `path` (of the value, for an array element), if present.
    pub fn span_of(&self, path: &[Step]) -> Option<std::ops::Range<usize>> {
        let root = self.root.as_ref()?;
        let mut table: &DeTable<'a> = root.get_ref();
        let mut value: Option<&Spanned<DeValue<'a>>> = None;
        let mut span = None;
        for step in path {
            match step {
                Step::Key(key) => {
                    if let Some(current) = value {
                        table = current.get_ref().as_table()?;
                    }
                    let (found_key, found_value) = table
                        .iter()
                        .find(|(k, _)| k.get_ref().as_ref() == key.as_str())?;
                    span = Some(found_key.span());
                    value = Some(found_value);
                }
                Step::Index(index) => {
                    let array = value?.get_ref().as_array()?;
                    let element = array.get(*index)?;
                    span = Some(element.span());
                    value = Some(element);
                }
            }
        }
        span
    }

    /// The path of the key or value whose span starts at or contains `offset`, most specific first.
    pub fn path_at(&self, offset: usize) -> Option<Path> {
        let root = self.root.as_ref()?;
        let mut path = Vec::new();
        find_in_table(root.get_ref(), offset, &mut path).then_some(path)
    }
}

fn find_in_table(table: &DeTable<'_>, offset: usize, path: &mut Path) -> bool {
    for (key, value) in table.iter() {
        let key_span = key.span();
        path.push(Step::Key(key.get_ref().to_string()));
        if key_span.contains(&offset) || key_span.start == offset {
            return true;
        }
        if find_in_value(value, offset, path) {
            return true;
        }
        path.pop();
    }
    false
}

fn find_in_value(value: &Spanned<DeValue<'_>>, offset: usize, path: &mut Path) -> bool {
    match value.get_ref() {
        DeValue::Table(table) => find_in_table(table, offset, path),
        DeValue::Array(array) => {
            for (index, element) in array.iter().enumerate() {
                path.push(Step::Index(index));
                if find_in_value(element, offset, path) {
                    return true;
                }
                path.pop();
            }
            value.span().contains(&offset)
        }
        _ => value.span().contains(&offset),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[run]\nseed = 3\nhouseholds = 10\n\n[[region]]\nname = \"a\"\n\n[[region]]\nname = \"b\"\nincome_rural = 5\n\n[variants.x]\n\"policy.a.b\" = 1\n";

    #[test]
    fn finds_spans_of_keys_and_array_elements() {
        let document = SpannedDocument::parse(TEXT);
        let span = document.span_of(&dotted("run.households")).unwrap();
        assert_eq!(&TEXT[span], "households");
        let path = vec![
            Step::Key("region".into()),
            Step::Index(1),
            Step::Key("income_rural".into()),
        ];
        let span = document.span_of(&path).unwrap();
        assert_eq!(&TEXT[span], "income_rural");
        let path = vec![
            Step::Key("variants".into()),
            Step::Key("x".into()),
            Step::Key("policy.a.b".into()),
        ];
        assert!(document.span_of(&path).is_some());
        assert!(document.span_of(&dotted("run.missing")).is_none());
    }

    #[test]
    fn finds_path_at_offset() {
        let document = SpannedDocument::parse(TEXT);
        let offset = TEXT.find("households").unwrap();
        assert_eq!(render(&document.path_at(offset).unwrap()), "run.households");
        let offset = TEXT.find("income_rural").unwrap();
        assert_eq!(
            render(&document.path_at(offset).unwrap()),
            "region[1].income_rural"
        );
    }
}
