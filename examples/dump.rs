//! Prints what the passes stage made of a page: renderings, body width, and every line
//! with its width — for debugging a page that comes out wrong.
fn main() {
    let path = std::env::args().nth(1).expect("usage: dump PAGE");
    let bytes = std::fs::read(&path).expect("read page");
    let decoded = ocrclean::decode::decode(&bytes, None).expect("decodes");
    let stripped = ocrclean::furniture::strip(&decoded.text);
    let doc = ocrclean::passes::reconcile(&stripped);
    let reading = &doc.reading;
    println!(
        "passes {:?}\ntitle {:?} width {}{}",
        doc.passes,
        doc.title,
        reading.body_width,
        if reading.half_width_punct {
            " (ASCII punctuation half width)"
        } else {
            ""
        }
    );
    for item in &reading.items {
        match item {
            ocrclean::handoff::Item::Line(l) => println!("{:5.1} {}", l.width, l.text),
            ocrclean::handoff::Item::Table { caption, source } => println!(
                "TABLE {} | {:?} | {}",
                caption.text,
                source.ocr_fragments,
                source.text_layer.as_deref().unwrap_or("")
            ),
        }
    }
}
