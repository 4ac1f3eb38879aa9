//! Writes the adversarial pages (`ocrclean_synth::adversarial`) to a folder:
//! `cargo run --release --example adversarial_pages -- DIR SIZE`.
fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: DIR SIZE"));
    let size: usize = args.next().expect("SIZE").parse().expect("SIZE in bytes");
    std::fs::create_dir_all(&dir).expect("create DIR");
    for family in ocrclean_synth::adversarial::FAMILIES {
        let path = dir.join(format!("{family}_{size}.txt"));
        std::fs::write(&path, ocrclean_synth::adversarial::page(family, size)).expect("write");
    }
}
