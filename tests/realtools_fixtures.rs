//! The inputs `scripts/realtools/make_fixtures.py` made with the real tools (XeLaTeX,
//! pdftotext, PyMuPDF, Tesseract), committed as text with their truths: every one converts
//! without an error, nothing is unaccounted, and each is recognised as the kind of input it
//! is. The accuracy figures per extractor come from `scripts/realtools/score.py` (README).

use ocrclean::model::LayoutKind;
use std::path::Path;

fn inputs() -> Vec<(std::path::PathBuf, serde_json::Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/realtools");
    let mut found = Vec::new();
    for entry in walk(&dir) {
        let name = entry.to_string_lossy().to_string();
        if name.ends_with(".txt") {
            let truth_path = name.trim_end_matches(".txt").to_string() + ".truth.json";
            let Ok(truth) = std::fs::read_to_string(&truth_path) else {
                continue;
            };
            found.push((entry, serde_json::from_str(&truth).expect("truth parses")));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("fixtures/realtools exists") {
        let path = entry.expect("readable entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn every_real_tool_input_converts_and_accounts_for_every_character() {
    let inputs = inputs();
    assert!(inputs.len() >= 100, "only {} inputs found", inputs.len());
    let mut bad = Vec::new();
    let mut kinds_right = 0;
    for (path, truth) in &inputs {
        let bytes = std::fs::read(path).expect("readable input");
        match ocrclean::convert(&path.to_string_lossy(), &bytes, &ocrclean::Options::new()) {
            Err(e) => bad.push(format!("{}: {e}", path.display())),
            Ok(doc) => {
                if doc.accounting.unaccounted > 0 {
                    bad.push(format!(
                        "{}: {} unaccounted",
                        path.display(),
                        doc.accounting.unaccounted
                    ));
                }
                let expected = truth["layout"].as_str().and_then(LayoutKind::from_name);
                if expected == Some(doc.layout.kind) {
                    kinds_right += 1;
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    // Layout-preserving two-column exports may pass for flowed text; the rest must not.
    assert!(
        kinds_right * 100 >= inputs.len() * 90,
        "{kinds_right} of {} inputs recognised as their kind",
        inputs.len()
    );
}

/// Every page of a whole article says how its reading order was decided: `-layout`
/// two-column pages from their gutter, plain `pdftotext` two-column articles by
/// continuity on some page, one-column articles in the extractor's order.
#[test]
fn every_article_page_says_how_its_reading_order_was_decided() {
    use ocrclean::model::ReadingMethod;
    let mut gutter_docs = 0;
    let mut continuity_docs = 0;
    for (path, truth) in inputs() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.contains(".scrape.") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("readable input");
        let doc = ocrclean::convert(&name, &bytes, &ocrclean::Options::new()).expect("converts");
        let methods: Vec<ReadingMethod> = doc
            .pages
            .iter()
            .map(|p| {
                let order = p.reading_order.as_ref().expect("every page has an order");
                assert!(!order.evidence.is_empty(), "{name}");
                order.method
            })
            .collect();
        assert!(!methods.is_empty(), "{name}: no pages");
        let columns = truth["columns"].as_u64().unwrap_or(1);
        if columns == 1 {
            assert!(
                methods.iter().all(|&m| m == ReadingMethod::Extractor),
                "{name}: {methods:?}"
            );
        } else if name.ends_with(".pdftotext-layout.txt") {
            gutter_docs += usize::from(methods.contains(&ReadingMethod::Gutter));
        } else if name.ends_with(".pdftotext.txt") {
            continuity_docs += usize::from(methods.contains(&ReadingMethod::Continuity));
        }
    }
    assert_eq!(
        gutter_docs, 8,
        "two-column -layout articles read at a gutter"
    );
    assert!(
        continuity_docs >= 6,
        "{continuity_docs} of 8 two-column pdftotext articles re-chained"
    );
}
