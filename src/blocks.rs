//! Stage 5, blocks: paragraphs, table captions, tables, table notes, footnotes.

use crate::model::{Document, TableSource};
use crate::passes::Reading;

/// What the table stage still has to do: one source per table, in page order.
#[derive(Debug, Clone, Default)]
pub struct PageBlocks {
    pub tables: Vec<TableSource>,
}

pub fn segment(_reading: &Reading, _doc: &mut Document) -> PageBlocks {
    PageBlocks::default()
}
