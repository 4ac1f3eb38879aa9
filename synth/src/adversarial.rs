//! Adversarial pages: families of inputs built to find superlinear cost in the pipeline
//! (letter-spaced table bodies, thousands of page numbers, captions, footnote marks,
//! repeated sentences, one huge line, no spaces). Each is a pure function of its family and
//! a target length in bytes, so scaling tests and timings can compare 10 KB, 100 KB and
//! 1 MB of the same content.
//!
//! ```
//! use ocrclean_synth::adversarial::{page, FAMILIES};
//! for family in FAMILIES {
//!     let bytes = page(family, 10_000);
//!     assert!(bytes.len() >= 10_000 && bytes.len() < 10_400, "{family}");
//! }
//! ```

use crate::rng::Rng;
use crate::words::{ideograph_pool, word};

/// The family names, in the order tests and timings print them.
pub const FAMILIES: &[&str] = &[
    "letter_spaced_table",
    "page_numbers",
    "captions",
    "footnote_marks",
    "repeated_sentences",
    "huge_line",
    "no_spaces",
];

/// A page of the family `family`, at least `len` bytes (UTF-8), at most a line longer.
///
/// # Panics
/// On a family not in [`FAMILIES`].
pub fn page(family: &str, len: usize) -> Vec<u8> {
    let mut rng = Rng::new(0xad5e_2024);
    let mut out = String::with_capacity(len + 512);
    out.push_str("正在加载图片...\n");
    let sentence = |rng: &mut Rng| -> String {
        let mut s = String::new();
        for _ in 0..rng.range(4, 9) {
            s.push_str(word(rng));
        }
        s.push('。');
        s
    };
    let pool = ideograph_pool();
    match family {
        // A text-layer-only page: a paragraph, a caption, then a table body of
        // letter-spaced lines (every ideograph its own token).
        "letter_spaced_table" => {
            for _ in 0..8 {
                out.push_str(&sentence(&mut rng));
            }
            out.push_str(" 表1 ");
            out.push_str(word(&mut rng));
            out.push_str(word(&mut rng));
            out.push_str(" 区域 2001年 2002年");
            while out.len() < len {
                out.push(' ');
                // A letter-spaced run of words: `变 量、讲 座、水 源`.
                for i in 0..rng.range(2, 6) {
                    if i > 0 {
                        out.push('、');
                    }
                    let w: Vec<char> = word(&mut rng).chars().collect();
                    for (j, c) in w.iter().enumerate() {
                        if j > 0 {
                            out.push(' ');
                        }
                        out.push(*c);
                    }
                }
            }
        }
        // Body text with a page number every few words, on one line and on lines of their
        // own.
        "page_numbers" => {
            let mut n = 1;
            while out.len() < len {
                out.push_str(word(&mut rng));
                if n % 3 == 0 {
                    out.push('\n');
                }
                out.push_str(&format!(" — {} — ", n % 10_000));
                n += 1;
            }
        }
        // Caption after caption, each with a short body.
        "captions" => {
            let mut n = 1;
            while out.len() < len {
                out.push_str(&format!("表{n} {}", sentence(&mut rng)));
                out.push_str(&format!(" 甲 乙 丙 {} {} ", n, n + 1));
                n += 1;
            }
        }
        // Sentences each ending in a footnote mark, then as many footnotes.
        "footnote_marks" => {
            let marks = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩'];
            let mut i = 0;
            while out.len() < len / 2 {
                out.push_str(&sentence(&mut rng));
                out.push(marks[i % marks.len()]);
                i += 1;
            }
            let mut j = 0;
            while out.len() < len {
                out.push(' ');
                out.push(marks[j % marks.len()]);
                out.push(' ');
                out.push_str(&sentence(&mut rng));
                j += 1;
            }
        }
        // One sentence over and over, in lines.
        "repeated_sentences" => {
            let s = sentence(&mut rng);
            let mut i = 0;
            while out.len() < len {
                out.push_str(&s);
                i += 1;
                out.push(if i % 4 == 0 { '\n' } else { ' ' });
            }
        }
        // Ordinary words with spaces but no line end.
        "huge_line" => {
            while out.len() < len {
                out.push_str(&sentence(&mut rng));
                out.push(' ');
            }
        }
        // Ideographs only: no space, no line end.
        "no_spaces" => {
            while out.len() < len {
                out.push(*rng.pick(pool));
            }
        }
        other => panic!("unknown adversarial family {other:?}"),
    }
    out.into_bytes()
}
