//! Any bytes through the whole pipeline: `convert` must return (a document or an error),
//! never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = ocrclean::convert("fuzz", bytes, &ocrclean::Options::new());
});
