//! Reading a rules file: TOML into checked [`Rule`]s, errors naming the line.

use super::{Place, Places, Rule, RuleSet, DEFAULT_MAX_CHARS};
use crate::model::RemovalKind;
use regex::Regex;
use serde::Deserialize;
use std::fmt;
use toml::Spanned;

/// Why a rules file cannot be used: what is wrong, on which line, in which rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesError {
    line: Option<usize>,
    rule: Option<String>,
    message: String,
}

impl RulesError {
    /// The line (from 1) where the problem is, when known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The name of the rule at fault, when the problem is inside one.
    pub fn rule(&self) -> Option<&str> {
        self.rule.as_deref()
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if let Some(rule) = &self.rule {
            write!(f, "rule {rule:?}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for RulesError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    rule: Vec<Spanned<RuleSpec>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    name: Spanned<String>,
    kind: Spanned<String>,
    #[serde(default)]
    description: String,
    pattern: Option<Spanned<String>>,
    find: Option<Spanned<String>>,
    contains: Option<Spanned<String>>,
    prefix: Option<Spanned<String>>,
    #[serde(rename = "where")]
    places: Option<Spanned<toml::Value>>,
    max_chars: Option<usize>,
    max_cjk: Option<usize>,
    unless: Option<Spanned<String>>,
    #[serde(default)]
    examples: Vec<Spanned<String>>,
    #[serde(default)]
    keeps: Vec<Spanned<String>>,
}

/// Every kind a rule may remove, by its JSON name.
const KINDS: [RemovalKind; 12] = [
    RemovalKind::Widget,
    RemovalKind::SiteFooter,
    RemovalKind::Watermark,
    RemovalKind::PageNumber,
    RemovalKind::RunningTitle,
    RemovalKind::RunningHead,
    RemovalKind::PageMarker,
    RemovalKind::ExportHeader,
    RemovalKind::Noise,
    RemovalKind::JournalHeader,
    RemovalKind::ContinuationNote,
    RemovalKind::Markup,
];

/// A pattern's regex is refused past this size: rules are short, and a huge one is a
/// mistake (or an attack) that would slow every line down.
const MAX_REGEX_BYTES: usize = 1 << 20;

/// Parses `text`; `builtin` is what `disable` may name (`None` for the built-in file itself,
/// which may disable nothing).
pub(super) fn parse(text: &str, builtin: Option<&RuleSet>) -> Result<RuleSet, RulesError> {
    // A byte-order mark (Windows editors write one) is not TOML; it sits on line 1.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let spec: FileSpec = toml::from_str(text).map_err(|e| RulesError {
        line: e.span().map(|s| line_of(s.start)),
        rule: None,
        message: e.message().trim().to_string(),
    })?;
    let mut set = RuleSet::default();
    for name in &spec.disable {
        let known = builtin.is_some_and(|b| b.get(name.get_ref()).is_some());
        if !known {
            return Err(RulesError {
                line: Some(line_of(name.span().start)),
                rule: None,
                message: format!(
                    "`disable` names {:?}, which is not a built-in rule",
                    name.get_ref()
                ),
            });
        }
        set.disable.push(name.get_ref().clone());
    }
    for rule in &spec.rule {
        let rule_line = line_of(rule.span().start);
        let rule = rule.get_ref();
        let name = rule.name.get_ref().trim().to_string();
        let fail = |offset: usize, message: String| RulesError {
            line: Some(line_of(offset)),
            rule: Some(name.clone()),
            message,
        };
        if name.is_empty() {
            return Err(RulesError {
                line: Some(line_of(rule.name.span().start)),
                rule: None,
                message: "a rule's `name` may not be empty".into(),
            });
        }
        if set.get(&name).is_some() {
            return Err(fail(
                rule.name.span().start,
                "a rule of this name comes earlier in the file".into(),
            ));
        }
        let kind = KINDS
            .into_iter()
            .find(|k| k.name() == rule.kind.get_ref().trim())
            .ok_or_else(|| {
                fail(
                    rule.kind.span().start,
                    format!(
                        "unknown kind {:?} (expected one of {})",
                        rule.kind.get_ref(),
                        KINDS.map(RemovalKind::name).join(", ")
                    ),
                )
            })?;
        let forms = [
            ("pattern", &rule.pattern),
            ("find", &rule.find),
            ("contains", &rule.contains),
            ("prefix", &rule.prefix),
        ];
        let given: Vec<_> = forms.iter().filter(|(_, v)| v.is_some()).collect();
        let (form, source) = match given.as_slice() {
            [(form, Some(source))] => (*form, source),
            [] => {
                return Err(fail(
                    rule_line,
                    "give one of `pattern`, `find`, `contains` or `prefix`".into(),
                ))
            }
            _ => {
                return Err(fail(
                    rule_line,
                    format!(
                        "give only one of `pattern`, `find`, `contains` or `prefix` (found {})",
                        given.iter().map(|(f, _)| *f).collect::<Vec<_>>().join(", ")
                    ),
                ))
            }
        };
        let body = source.get_ref();
        if body.is_empty() {
            return Err(fail(source.span().start, format!("`{form}` is empty")));
        }
        let regex_text = match form {
            "pattern" => format!("^(?:{body})$"),
            "find" => body.clone(),
            "contains" => regex::escape(body),
            _ => format!("^{}", regex::escape(body)),
        };
        let matcher = compile(&regex_text).map_err(|e| {
            fail(
                source.span().start,
                format!("`{form}` is not a valid regex: {e}"),
            )
        })?;
        let unless = match &rule.unless {
            Some(u) => Some(compile(u.get_ref()).map_err(|e| {
                fail(
                    u.span().start,
                    format!("`unless` is not a valid regex: {e}"),
                )
            })?),
            None => None,
        };
        let places = match &rule.places {
            Some(value) => {
                places(value.get_ref()).map_err(|message| fail(value.span().start, message))?
            }
            None => Places::ANYWHERE,
        };
        let max_chars = rule.max_chars.unwrap_or(DEFAULT_MAX_CHARS);
        if max_chars == 0 {
            return Err(fail(rule_line, "`max_chars` must be at least 1".into()));
        }
        let checked = Rule {
            name: name.clone(),
            kind,
            description: rule.description.trim().to_string(),
            matcher,
            places,
            max_chars,
            max_cjk: rule.max_cjk,
            unless,
        };
        for example in &rule.examples {
            if !checked.matches(example.get_ref()) {
                return Err(fail(
                    example.span().start,
                    format!("the example {:?} does not match", example.get_ref()),
                ));
            }
        }
        for keep in &rule.keeps {
            if checked.matches(keep.get_ref()) {
                return Err(fail(
                    keep.span().start,
                    format!(
                        "{:?} in `keeps` matches (it would be removed)",
                        keep.get_ref()
                    ),
                ));
            }
        }
        set.rules.push(checked);
    }
    Ok(set)
}

fn compile(pattern: &str) -> Result<Regex, String> {
    regex::RegexBuilder::new(pattern)
        .size_limit(MAX_REGEX_BYTES)
        .build()
        .map_err(|e| match e {
            // The syntax error's own text is several lines with a caret; its last line says what.
            regex::Error::Syntax(text) => text
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or_default()
                .trim()
                .to_string(),
            other => other.to_string(),
        })
}

/// `where`: a place name, `anywhere`, or a list of them.
fn places(value: &toml::Value) -> Result<Places, String> {
    let names: Vec<&toml::Value> = match value {
        toml::Value::Array(items) => items.iter().collect(),
        single => vec![single],
    };
    let expected = || {
        let mut all: Vec<&str> = Place::ALL.iter().map(|p| p.name()).collect();
        all.push("anywhere");
        all.join(", ")
    };
    let mut bits = 0u8;
    for name in names {
        let Some(name) = name.as_str() else {
            return Err(format!(
                "`where` takes a place name or a list of them ({}), not {value}",
                expected()
            ));
        };
        bits |= if name == "anywhere" {
            Places::ANYWHERE.0
        } else {
            Place::ALL
                .into_iter()
                .find(|p| p.name() == name)
                .ok_or_else(|| {
                    format!(
                        "unknown place {name:?} in `where` (expected one of {})",
                        expected()
                    )
                })?
                .bit()
        };
    }
    if bits == 0 {
        return Err("`where` is an empty list".into());
    }
    Ok(Places(bits))
}
