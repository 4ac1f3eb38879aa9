fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    for path in &args {
        let bytes = std::fs::read(path).expect("read");
        match ocrclean::convert(path, &bytes, &ocrclean::Options::default()) {
            Ok(doc) => println!("{}", ocrclean::output::to_json(&doc)),
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
}
