//! Stage 3, passes: find the two renderings of the page, tell them apart, align them.

use crate::furniture::Stripped;
use crate::model::{Document, TableSource};

/// One printed line of running text, with the characters to emit and its printed width.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    /// Width in CJK units, measured on the pass that shows the line geometry.
    pub width: f32,
    /// Char offset in the decoded input of the line's first character.
    pub offset: usize,
}

/// One item of the page in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Line(Line),
    /// A table: its caption line and what the table stage needs to rebuild it.
    Table {
        caption: Line,
        source: TableSource,
    },
}

/// The page's content in reading order, with the characters of the trustworthy pass.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    pub items: Vec<Item>,
    pub body_width: f32,
}

pub fn reconcile(_decoded: &str, _stripped: &Stripped, _doc: &mut Document) -> Reading {
    Reading::default()
}
