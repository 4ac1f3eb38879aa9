//! Stage 6, tables: rebuild each table as a grid (header + rows).

use crate::model::{Confidence, Disagreement, Table, TableSource};

pub fn rebuild(src: &TableSource) -> (Table, Vec<Disagreement>) {
    (
        Table {
            label: src.label.clone(),
            caption: src.caption.clone(),
            header: Vec::new(),
            rows: Vec::new(),
            note: src.note.clone(),
            confidence: Confidence::Guessed,
            method: "not implemented".to_string(),
            position: 0,
        },
        Vec::new(),
    )
}
