use super::typeset::{rejoin, Role};
use super::*;

fn printed(seed: u64) -> (content::Article, typeset::Printed) {
    let mut rng = Rng::new(seed ^ 0xA271_C1E5_0000_0000);
    let article = content::article(&mut rng);
    let style = furniture::Style::draw(&mut rng);
    let g = rng.next_u64();
    let p = typeset::typeset(&article, &style, &mut Rng::new(g));
    (article, p)
}

#[test]
fn same_seed_same_article() {
    for seed in 0..20 {
        for r in Rendering::ALL {
            let (a, b) = (generate(seed, r), generate(seed, r));
            assert_eq!(a.text, b.text);
            assert_eq!(a.truth, b.truth);
        }
    }
    assert_ne!(
        generate(1, Rendering::TextLines).text,
        generate(2, Rendering::TextLines).text
    );
}

#[test]
fn printed_lines_rejoin_into_the_truth() {
    for seed in 0..100 {
        let (a, p) = printed(seed);
        for (bi, b) in a.blocks.iter().enumerate() {
            if let content::Block::Para(t)
            | content::Block::Heading(t)
            | content::Block::Figure(t) = b
            {
                let lines: Vec<_> = p
                    .pages
                    .iter()
                    .flat_map(|pg| &pg.lines)
                    .filter(|l| matches!(l.role, Role::Body { block, .. } if block == bi))
                    .collect();
                assert_eq!(&rejoin(lines.iter().copied()), t, "seed {seed} block {bi}");
                assert!(matches!(
                    lines.last().unwrap().role,
                    Role::Body { last: true, .. }
                ));
            }
        }
    }
}

#[test]
fn footnotes_sit_on_the_page_of_their_mark_and_pages_hold_their_height() {
    for seed in 0..100 {
        let (a, p) = printed(seed);
        for (i, f) in a.footnotes.iter().enumerate() {
            let page = p
                .pages
                .iter()
                .position(|pg| pg.lines.iter().any(|l| l.role == Role::Foot { idx: i }))
                .expect("footnote printed");
            let body = &p.pages[page].lines;
            assert!(
                body.iter()
                    .any(|l| matches!(l.role, Role::Body { .. }) && l.text.contains(&f.mark)),
                "seed {seed}: footnote {} not on its mark's page",
                f.mark
            );
        }
        assert!(p.pages.len() >= 2, "seed {seed}: one page");
    }
}

#[test]
fn furniture_is_placed_and_never_in_the_content() {
    for seed in 0..60 {
        for r in Rendering::ALL {
            let g = generate(seed, r);
            let flat: String = g.text.chars().filter(|c| !c.is_whitespace()).collect();
            let t = &g.truth;
            let content: Vec<String> = t
                .paragraphs
                .iter()
                .chain(t.footnotes.iter().map(|f| &f.text))
                .chain(&t.references)
                .map(|s| s.chars().filter(|c| !c.is_whitespace()).collect())
                .collect();
            for f in &t.furniture {
                let s: String = f.text.chars().filter(|c| !c.is_whitespace()).collect();
                assert!(
                    flat.contains(&s),
                    "seed {seed} {r:?}: {:?} not in the text",
                    f.text
                );
                if s.chars().count() >= 6 {
                    assert!(
                        !content.iter().any(|c| c.contains(&s)),
                        "seed {seed} {r:?}: {s:?} in content"
                    );
                }
            }
        }
    }
}

/// The text-lines rendering minus its furniture lines is the typeset content, modulo the
/// spaces the export adds.
#[test]
fn text_lines_hold_exactly_the_content() {
    for seed in 0..60 {
        let g = generate(seed, Rendering::TextLines);
        let (_, p) = printed(seed);
        let furn: std::collections::HashSet<&str> =
            g.truth.furniture.iter().map(|f| f.text.as_str()).collect();
        let got: String = g
            .text
            .lines()
            .map(|l| l.trim_start_matches('\u{c}'))
            .filter(|l| !furn.contains(l))
            .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
            .collect();
        let want: String = p
            .pages
            .iter()
            .flat_map(|pg| &pg.lines)
            .filter(|l| !matches!(l.role, Role::Furn(_)))
            .flat_map(|l| l.text.chars().filter(|c| !c.is_whitespace()))
            .collect();
        let header: String = ["#ExtractedPaper", "<!--", "-->"].concat();
        let _ = header;
        assert_eq!(got, want, "seed {seed}");
    }
}

/// Every truth paragraph of an uninterrupted text-flow paragraph is one line of the file.
#[test]
fn text_flow_paragraphs_are_lines() {
    let mut whole = 0;
    for seed in 0..40 {
        let g = generate(seed, Rendering::TextFlow);
        let lines: std::collections::HashSet<String> = g.text.lines().map(normal_form).collect();
        whole += g
            .truth
            .paragraphs
            .iter()
            .filter(|p| lines.contains(*p))
            .count();
        let total = g.truth.paragraphs.len();
        assert!(whole > 0 && total > 0);
    }
    assert!(whole > 100);
}

#[test]
fn ocr_lines_are_word_spaced() {
    let mut rng = Rng::new(3);
    let s = render::ocr_words("利用Matlab软件进行拟合，共2534份", 0.0, &mut rng);
    assert!(s.contains(" Matlab ") || s.contains(" Matlab"), "{s}");
    assert_eq!(normal_form(&s), "利用Matlab软件进行拟合，共2534份");
    let g = generate(5, Rendering::OcrEngine);
    assert!(g.text.lines().filter(|l| l.contains(' ')).count() > 10);
}
