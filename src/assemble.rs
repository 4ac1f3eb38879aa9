//! One article from its page files: a folder of one article's pages, each converted on
//! its own (a scrape per page, as mirror sites serve them), assembled into one document.
//!
//! Pages are put in the order of their printed page numbers when every page has one, else
//! kept in the order given. A paragraph that ends a page without ending its sentence runs
//! on into the next page's first paragraph. Footnotes keep their page; each page's
//! accounting is summed (every page was accounted for on its own).

use crate::article::lines::ends_sentence;
use crate::model::{Accounting, Document, Page};

/// The printed page number of a converted page, if it has one.
fn printed_number(doc: &Document) -> Option<u32> {
    doc.page_numbers.first()?.number.parse().ok()
}

/// Assembles the pages of one article (each already converted) into one document whose
/// `source` is `source`.
///
/// ```
/// use ocrclean::{assemble, convert_str, Options};
/// let a = convert_str("p1.txt", "第一页的正文写到这里还没有写完 -1-", &Options::new()).unwrap();
/// let b = convert_str("p2.txt", "第二页接着写完。 -2-", &Options::new()).unwrap();
/// let doc = assemble("article", vec![b, a]);
/// assert_eq!(doc.paragraphs, ["第一页的正文写到这里还没有写完第二页接着写完。"]);
/// assert_eq!(doc.pages.len(), 2);
/// ```
pub fn assemble(source: &str, mut pages: Vec<Document>) -> Document {
    let numbers: Option<Vec<u32>> = pages.iter().map(printed_number).collect();
    if numbers.is_some() {
        pages.sort_by_key(|d| printed_number(d).unwrap_or(0));
    }
    let mut doc = Document {
        source: source.to_string(),
        ..Document::default()
    };
    let mut accounting = Accounting::default();
    let count = pages.len();
    for (index, page) in pages.into_iter().enumerate() {
        if index == 0 {
            doc.encoding = page.encoding.clone();
            doc.layout = page.layout.clone();
            doc.layout.evidence = format!(
                "assembled from {count} page files; the first: {}",
                page.layout.evidence
            );
            doc.body_width = page.body_width;
        }
        doc.title = doc.title.or(page.title);
        if doc.metadata.is_empty() {
            doc.metadata = page.metadata;
        }
        doc.replacement_chars += page.replacement_chars;
        doc.decode_fixes.extend(page.decode_fixes);
        doc.page_numbers.extend(page.page_numbers.iter().cloned());
        doc.passes.extend(page.passes);
        doc.removed.extend(page.removed);
        doc.disagreements.extend(page.disagreements);
        doc.spaces_removed += page.spaces_removed;
        doc.references.extend(page.references);
        for mut note in page.footnotes {
            note.page = Some(index);
            doc.footnotes.push(note);
        }
        let mut paragraphs = page.paragraphs.into_iter();
        let runs_on = doc
            .paragraphs
            .last()
            .is_some_and(|last| !ends_sentence(last));
        let shift = doc.paragraphs.len();
        // The page's undecided joins move with its paragraphs; its first paragraph's onto
        // the end of the paragraph it runs on.
        let run_on_length = doc.paragraphs.last().map_or(0, |p| p.chars().count());
        for mut place in page.breaks_undecided {
            if runs_on && place.paragraph == 0 {
                place.paragraph = shift - 1;
                place.offset += run_on_length;
            } else {
                place.paragraph += shift - usize::from(runs_on);
            }
            doc.breaks_undecided.push(place);
        }
        if runs_on {
            if let (Some(last), Some(first)) = (doc.paragraphs.last_mut(), paragraphs.next()) {
                crate::article::lines::join_onto(last, &first);
            }
        }
        doc.paragraphs.extend(paragraphs);
        for mut table in page.tables {
            table.position += shift.saturating_sub(usize::from(runs_on));
            doc.tables.push(table);
        }
        doc.pages.push(Page {
            index,
            printed_number: page.page_numbers.first().map(|n| n.number.clone()),
            boundary: "file".into(),
            lines: page.pages.iter().map(|p| p.lines).sum(),
            ocr_quality: None,
            reading_order: None,
        });
        let a = page.accounting;
        accounting.input_chars += a.input_chars;
        accounting.output_chars += a.output_chars;
        accounting.removed_chars += a.removed_chars;
        accounting.disagreement_chars += a.disagreement_chars;
        accounting.unaccounted += a.unaccounted;
    }
    doc.accounting = accounting;
    doc
}
