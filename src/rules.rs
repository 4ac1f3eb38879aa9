//! Furniture rules as data: named line rules loaded from TOML.
//!
//! A mirror site puts widgets and footers around an article (`APP下载`, `被引量:12`,
//! `©2008-现在 example.com 版权所有`). Each kind of such line is described by a [`Rule`]:
//! a name, the [`RemovalKind`] it removes, a pattern, where on the page it applies
//! ([`Place`]) and a length limit. The built-in rules live in `rules/builtin.toml`,
//! compiled in and parsed once ([`RuleSet::builtin`]); users add their own without
//! recompiling ([`RuleSet::from_toml_str`], then [`crate::Options::rules`]; the command's
//! `--rules FILE`). Every removal a rule makes names it in `removed[].rule`.
//!
//! The format (see `rules/README.md`):
//!
//! ```toml
//! disable = ["fx361-tag-line"]      # built-in rules to turn off, by name
//!
//! [[rule]]
//! name = "mysite-share"             # unique; a built-in's name replaces that rule
//! kind = "widget"                   # a removed[].kind name
//! pattern = '分享到(?:微信|微博)'   # a regex matching the whole trimmed line
//! where = "site_footer"             # or a list; default "anywhere"
//! max_chars = 40                    # longer lines are never this furniture (default 160)
//! examples = ["分享到微信"]          # must match (checked when the rules load)
//! keeps = ["分享到微信群的文章。"]    # must not match
//! ```
//!
//! Instead of `pattern`, a rule may give `find` (a regex found anywhere in the line),
//! `contains` (a literal found anywhere) or `prefix` (a literal the line starts with);
//! `max_cjk` limits the line's Chinese characters and `unless` (a regex) keeps a line it
//! finds.
//!
//! Any stage that reads lines asks the rules about each one with [`RuleSet::match_line`],
//! saying where the line sits:
//!
//! ```
//! use ocrclean::rules::{Place, RuleSet};
//! let rules = RuleSet::builtin();
//! assert_eq!(rules.match_line("APP下载", Place::SiteHeader).unwrap().name(), "app-download");
//! // The same words inside a sentence are body.
//! assert!(rules.match_line("用户通过APP下载资料。", Place::Body).is_none());
//! // A rule for the lines above the article does not fire in the body.
//! assert!(rules.match_line("某某学刊 2016年1期", Place::SiteHeader).is_some());
//! assert!(rules.match_line("某某学刊 2016年1期", Place::Body).is_none());
//! ```
//!
//! The library does no I/O: the command reads the file and hands the text over.

mod parse;

use crate::model::RemovalKind;
use regex::Regex;
use std::fmt;
use std::sync::OnceLock;

pub use parse::RulesError;

/// The built-in rules, as shipped (`rules/builtin.toml`).
pub const BUILTIN_TOML: &str = include_str!("../rules/builtin.toml");

/// A line longer than this (in chars, trimmed) is page body, whatever it holds: furniture is
/// always a short line of its own. A rule's `max_chars` defaults to it.
pub const DEFAULT_MAX_CHARS: usize = 160;

/// Where a line sits, as the stage that reads it knows: rules apply only where their
/// `where` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Place {
    /// A line of the site's own before the article body starts (title bars, banners).
    SiteHeader,
    /// A line after the article body ends (footers, copyright).
    SiteFooter,
    /// One of the first lines of a printed page (running heads, journal header).
    PageTop,
    /// One of the last lines of a printed page (running feet, page numbers).
    PageBottom,
    /// Any other line: inside the article.
    Body,
}

impl Place {
    /// Every place, in the order of their names in [`Place::name`].
    pub const ALL: [Place; 5] = [
        Place::SiteHeader,
        Place::SiteFooter,
        Place::PageTop,
        Place::PageBottom,
        Place::Body,
    ];

    /// The name used in rules files (`where = "site_header"`).
    pub fn name(self) -> &'static str {
        match self {
            Place::SiteHeader => "site_header",
            Place::SiteFooter => "site_footer",
            Place::PageTop => "page_top",
            Place::PageBottom => "page_bottom",
            Place::Body => "body",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of places (`where`), `anywhere` being all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Places(u8);

impl Places {
    const ANYWHERE: Places = Places(0b1_1111);

    fn contains(self, place: Place) -> bool {
        self.0 & place.bit() != 0
    }
}

/// One named furniture rule (see the module documentation for its fields).
#[derive(Debug, Clone)]
pub struct Rule {
    name: String,
    kind: RemovalKind,
    description: String,
    matcher: Regex,
    places: Places,
    max_chars: usize,
    max_cjk: Option<usize>,
    unless: Option<Regex>,
}

impl Rule {
    /// The rule's name, as `removed[].rule` gives it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the rule removes.
    pub fn kind(&self) -> RemovalKind {
        self.kind
    }

    /// The rule's `description` (empty when it has none).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Whether the rule applies at `place`.
    pub fn applies_at(&self, place: Place) -> bool {
        self.places.contains(place)
    }

    /// Whether the line (already trimmed, `chars` long) is this furniture, wherever it sits.
    fn matches_trimmed(&self, line: &str, chars: usize) -> bool {
        chars <= self.max_chars
            && self.matcher.is_match(line)
            && self
                .max_cjk
                .is_none_or(|max| line.chars().filter(|&c| ocrclean_text::is_cjk(c)).count() <= max)
            && !self.unless.as_ref().is_some_and(|u| u.is_match(line))
    }

    /// Whether `line` (trimmed here) is this furniture, wherever it sits.
    pub fn matches(&self, line: &str) -> bool {
        let line = line.trim();
        !line.is_empty() && self.matches_trimmed(line, line.chars().count())
    }
}

/// Named furniture rules, tried in order: the first that matches a line names its removal.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    /// Built-in rules this set turns off when added to them ([`RuleSet::extend`]).
    disable: Vec<String>,
}

impl RuleSet {
    /// The built-in rules (`rules/builtin.toml`), parsed once.
    pub fn builtin() -> &'static RuleSet {
        static BUILTIN: OnceLock<RuleSet> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            parse::parse(BUILTIN_TOML, None)
                .unwrap_or_else(|e| panic!("rules/builtin.toml is invalid: {e}"))
        })
    }

    /// Parses a rules file's text (TOML). Every rule is checked: its kind, its place names,
    /// its patterns compile, its `examples` match and its `keeps` do not; the names in
    /// `disable` must be built-in rules. The error says on which line what is wrong.
    ///
    /// ```
    /// let rules = ocrclean::rules::RuleSet::from_toml_str(
    ///     "[[rule]]\nname = \"share\"\nkind = \"widget\"\ncontains = \"分享到微信\"\n",
    /// )
    /// .unwrap();
    /// assert_eq!(rules.len(), 1);
    /// let bad = ocrclean::rules::RuleSet::from_toml_str(
    ///     "[[rule]]\nname = \"share\"\nkind = \"gadget\"\ncontains = \"x\"\n",
    /// )
    /// .unwrap_err();
    /// assert_eq!(bad.line(), Some(3));
    /// assert!(bad.to_string().contains("gadget"), "{bad}");
    /// ```
    pub fn from_toml_str(text: &str) -> Result<RuleSet, RulesError> {
        parse::parse(text, Some(RuleSet::builtin()))
    }

    /// This set with `user`'s rules added: a rule named like one here replaces it (in its
    /// place), a new one goes after these, and the rules `user` disables are left out.
    pub fn extend(&self, user: &RuleSet) -> RuleSet {
        let mut rules: Vec<Rule> = self
            .rules
            .iter()
            .filter(|r| !user.disable.contains(&r.name))
            .cloned()
            .collect();
        for rule in &user.rules {
            match rules.iter_mut().find(|r| r.name == rule.name) {
                Some(old) => *old = rule.clone(),
                None => rules.push(rule.clone()),
            }
        }
        RuleSet {
            rules,
            disable: self.disable.clone(),
        }
    }

    /// The rules, in the order they are tried.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The names of the built-in rules this set turns off.
    pub fn disabled(&self) -> &[String] {
        &self.disable
    }

    /// How many rules the set holds.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when the set holds no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rule by this name, if any.
    pub fn get(&self, name: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.name == name)
    }

    /// The first rule that takes `line` (trimmed here) for furniture at `place`, if any.
    /// Empty lines and lines over every rule's `max_chars` are never furniture.
    pub fn match_line(&self, line: &str, place: Place) -> Option<&Rule> {
        let line = line.trim();
        let limit = self.rules.iter().map(|r| r.max_chars).max().unwrap_or(0);
        // A char is at most 4 bytes: a line of more bytes than this is over every limit
        // (the long body line of a scraped page is not even counted).
        if line.is_empty() || line.len() > limit.saturating_mul(4) {
            return None;
        }
        let chars = line.chars().count();
        self.rules
            .iter()
            .find(|r| r.places.contains(place) && r.matches_trimmed(line, chars))
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests;
