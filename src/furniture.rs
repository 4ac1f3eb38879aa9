//! Stage 2, furniture: remove what the site and the publisher put around the page.

use crate::model::Removal;

/// The decoded text with every furniture character blanked to a space, so that char
/// index `i` here is char index `i` in the decoded text.
#[derive(Debug, Clone, Default)]
pub struct Stripped {
    pub chars: Vec<char>,
    /// What was removed, with the char index where it started.
    pub removed: Vec<(Removal, usize)>,
}

impl Stripped {
    pub fn is_empty(&self) -> bool {
        self.chars.iter().all(|c| c.is_whitespace())
    }
}

pub fn strip(text: &str) -> Stripped {
    Stripped {
        chars: text.chars().collect(),
        removed: Vec::new(),
    }
}
