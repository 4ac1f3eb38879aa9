//! Prints the layout the input-kind stage finds for each file: `cargo run --release --example layout_of FILES`.
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("readable file");
        let text = ocrclean::decode::decode(&bytes, None)
            .expect("decodable")
            .text;
        let layout = ocrclean::layout::recognise(&text);
        println!("{path}\t{}\t{}", layout.kind.name(), layout.evidence);
    }
}
