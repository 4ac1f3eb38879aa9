//! The sample page cut down to one rendering, as pages with a single pass arrive: the
//! text layer alone must still give the page's exact paragraphs and footnote (its grid is
//! flagged as a guess), and the OCR reading alone its paragraph structure.
//!
//! Expected text comes from the hand-written `fixtures/*.expected.txt`.

use ocrclean::model::{Confidence, Document, PassKind};

const SAMPLE: &str = include_str!("../fixtures/000_a449235f6b97e50b.txt");
const EXPECTED_TXT: &str = include_str!("../fixtures/000_a449235f6b97e50b.expected.txt");

/// The sample with its body replaced: (text layer only, OCR reading only).
fn single_renderings() -> (String, String) {
    let lines: Vec<&str> = SAMPLE.split('\n').collect();
    let body = lines[1];
    let split = body.find("http://www.cnki.net").unwrap() + "http://www.cnki.net".len();
    let page = |b: &str| format!("{}\n{}\n{}\n{}", lines[0], b, lines[2], lines[3]);
    (page(&body[split..]), page(&body[..split]))
}

fn convert(page: &str) -> Document {
    ocrclean::convert("page.txt", page.as_bytes(), &Default::default()).unwrap()
}

fn expected_paragraphs() -> Vec<&'static str> {
    let blocks: Vec<&str> = EXPECTED_TXT.trim_end().split("\n\n").collect();
    blocks[..blocks.len() - 1].to_vec()
}

#[test]
fn the_text_layer_alone_gives_the_same_text() {
    let (text_only, _) = single_renderings();
    let doc = convert(&text_only);
    assert_eq!(doc.passes.len(), 1);
    assert_eq!(doc.passes[0].kind, PassKind::Text);
    assert_eq!(doc.paragraphs, expected_paragraphs());
    let footnote = EXPECTED_TXT.trim_end().rsplit("\n\n").next().unwrap();
    assert_eq!(doc.footnotes.len(), 1);
    assert_eq!(
        format!("{} {}", doc.footnotes[0].mark, doc.footnotes[0].text),
        footnote
    );
    assert_eq!(doc.title.as_deref(), Some("数字政府建设的内涵及路径"));
    assert!(doc.disagreements.is_empty());
    assert_eq!(doc.tables.len(), 1);
    assert_eq!(
        doc.tables[0].confidence,
        Confidence::Guessed,
        "one rendering never determines a grid"
    );
}

#[test]
fn the_ocr_reading_alone_keeps_the_structure() {
    let (_, ocr_only) = single_renderings();
    let doc = convert(&ocr_only);
    assert_eq!(doc.passes[0].kind, PassKind::Ocr);
    assert_eq!(doc.title.as_deref(), Some("数字政府建设的内涵及路径"));
    // The OCR's own characters (藏 for 戴, 0 for ①), the same four paragraphs.
    assert_eq!(doc.paragraphs.len(), 4);
    for (got, expected) in doc.paragraphs.iter().zip(expected_paragraphs()) {
        let (g, e): (Vec<char>, Vec<char>) = (got.chars().collect(), expected.chars().collect());
        assert_eq!(g.len(), e.len(), "{got}");
        let same = g.iter().zip(&e).filter(|(a, b)| a == b).count();
        assert!(same + 2 >= e.len(), "{got}");
    }
    assert_eq!(doc.footnotes.len(), 1);
    assert!(doc.footnotes[0].text.starts_with("藏长征"));
    assert_eq!(doc.tables[0].confidence, Confidence::Guessed);
}
