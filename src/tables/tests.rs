//! Tests of the whole table stage ([`rebuild`](super::rebuild)) on printed tables.

use super::content::Kind;
use super::fit::{columns, fit_columns, FitResult};
use super::layer::{Frag, Layer};
use super::pattern::Pattern;
use super::rebuild;
use super::row_cuts::cut_points;
use super::row_enum::RowEnum;
use super::splits::Splits;
use super::testkit::*;
use super::tiling::Tiler;
use crate::handoff::TableSource;
use crate::model::Confidence;

#[test]
fn columns_two_to_six_with_wrapped_cells() {
    let mut rng = Rng(7);
    for k in 2..=6 {
        let widths: Vec<f32> = (0..k).map(|j| if j == 0 { 5.0 } else { 6.0 }).collect();
        let mut grid = vec![(0..k).map(|j| format!("栏目{j}")).collect::<Vec<_>>()];
        for r in 0..4 {
            let mut row = vec![format!("第{r}类")];
            for j in 1..k {
                // 1 to 5 lines of six characters.
                let lines = 1 + (r + j) % 5;
                let len = 6 * lines - rng.below(3);
                row.push(phrase(&mut rng, len));
            }
            grid.push(row);
        }
        let printed = print(&grid, &widths, &NOISY, &mut rng);
        let (table, _) = rebuild(&source(&printed, body_width(&widths)));
        assert_eq!(grid_of(&table), grid, "{k} columns: {}", table.method);
        assert_ne!(table.confidence, Confidence::Guessed);
    }
}

#[test]
fn numeric_table() {
    let grid = strings(&[
        &["指标", "2019年", "2020年", "增幅"],
        &["收入", "12.5", "13,456", "8%"],
        &["支出", "-0.8", "3.25", "12%"],
        &["净额", "100.0", "2,001", "-3%"],
    ]);
    let widths = [4.0, 4.0, 4.0, 3.0];
    let printed = print(&grid, &widths, &CLEAN, &mut Rng(1));
    let (table, d) = rebuild(&source(&printed, 16.0));
    assert_eq!(grid_of(&table), grid, "{}", table.method);
    assert!(d.is_empty());
}

#[test]
fn numeric_table_with_a_header_of_years() {
    // Both passes read one-line cells in the same order: the column count is the length
    // of the numbers' runs, the header's years included.
    let grid = strings(&[
        &["省份", "2015", "2016", "2017"],
        &["甲省", "12.5", "13.4", "8.1"],
        &["乙省", "0.8", "3.25", "12.0"],
        &["丙省", "100.0", "2.01", "3.3"],
    ]);
    let widths = [4.0, 3.0, 3.0, 3.0];
    let printed = print(&grid, &widths, &CLEAN, &mut Rng(1));
    let (table, _) = rebuild(&source(&printed, 14.0));
    assert_eq!(grid_of(&table), grid, "{}", table.method);
}

#[test]
fn a_bracket_after_a_heading_word_stays_in_its_cell() {
    // Text layer only: `模型 (1)` is one heading, spaced by the typesetter.
    let src = TableSource {
        label: "表1".into(),
        caption: "回归结果".into(),
        note: None,
        text_layer: Some(
            "变量 模型 (1) 模型 (2) 甲项 0.38 -0.79* 乙项 -0.39** 0.16 丙项 0.44 0.21 ".into(),
        ),
        text_offset: 0,
        ocr_fragments: Vec::new(),
        body_width: 30.0,
        half_width_punct: false,
    };
    let (table, _) = rebuild(&src);
    assert_eq!(
        table.header,
        ["变量", "模型(1)", "模型(2)"],
        "{}",
        table.method
    );
    assert_eq!(table.rows[0], ["甲项", "0.38", "-0.79*"]);
}

#[test]
fn duplicate_fragments() {
    let grid = strings(&[
        &["阶段", "甲型", "乙型", "丙型"],
        &["职能", "管理、服务", "管理、服务", "管理、服务、监督"],
        &["方式", "管理、服务", "线下办理，流程固定不变", "管理、服务"],
    ]);
    let widths = [4.0, 6.0, 6.0, 9.0];
    let printed = print(&grid, &widths, &CLEAN, &mut Rng(3));
    let (table, _) = rebuild(&source(&printed, 26.0));
    assert_eq!(grid_of(&table), grid, "{}", table.method);
}

/// The row anatomy in FORMAT.md: a one-line label centred beside two three-line cells
/// and a two-line cell that the OCR groups with the first two lines.
#[test]
fn format_md_row_example() {
    let text_layer = "阶段 第一代 第二代 第三代 \
                      产业特点 以人力为主要生产要素、 流 程 简 单、分 工 明 确 不变 \
                      设 备 自 动 化 程 度,提 升 生产规模扩大的制造方式 延伸 \
                      数据驱动、智 能 制 造,生 产 方 式 变 革、产业升级 ";
    let ocr = [
        "阶段",
        "第一代",
        "第二代",
        "第三代",
        "以人力为主要生产要素、",
        "设备自动化程度,提升",
        "数据驱动、智能制造,生产方式变",
        "产业特点",
        "流程简单、分工明确",
        "生产规模扩大的制造方式",
        "革、产业升级",
        "不变",
        "延伸",
    ];
    let src = TableSource {
        label: "表1".into(),
        caption: "".into(),
        note: None,
        text_layer: Some(text_layer.into()),
        text_offset: 0,
        ocr_fragments: ocr.map(String::from).to_vec(),
        body_width: 43.0,
        half_width_punct: false,
    };
    let (table, d) = rebuild(&src);
    assert_eq!(table.header, ["阶段", "第一代", "第二代", "第三代"]);
    assert_eq!(
        table.rows,
        [[
            "产业特点",
            "以人力为主要生产要素、流程简单、分工明确不变",
            "设备自动化程度,提升生产规模扩大的制造方式延伸",
            "数据驱动、智能制造,生产方式变革、产业升级"
        ]]
    );
    assert_eq!(table.confidence, Confidence::Determined, "{}", table.method);
    assert!(d.is_empty());
}

#[test]
fn never_panics_on_odd_input() {
    let base = TableSource {
        label: String::new(),
        caption: String::new(),
        note: None,
        text_layer: None,
        text_offset: 0,
        ocr_fragments: Vec::new(),
        body_width: 0.0,
        half_width_punct: false,
    };
    let cases: Vec<(Option<&str>, Vec<&str>)> = vec![
        (None, vec![]),
        (Some(""), vec![]),
        (Some("   "), vec!["", " "]),
        (Some("甲"), vec![]),
        (None, vec!["甲", "乙", "丙", "丁"]),
        (Some("甲 乙 丙 丁 "), vec!["戊", "己"]),
        (Some("甲乙 丙丁 "), vec!["甲乙丙丁戊己庚"]),
        (
            Some("一 二 三 四 五 "),
            vec!["一", "二", "三", "四", "五", "六"],
        ),
        (Some("———— —— ——"), vec!["一", "一"]),
    ];
    for (text, frags) in cases {
        let src = TableSource {
            text_layer: text.map(String::from),
            ocr_fragments: frags.iter().map(|s| s.to_string()).collect(),
            ..base.clone()
        };
        let (table, _) = rebuild(&src);
        assert!(!table.method.is_empty());
    }
}

/// Rebuilds `runs` random layouts printed with `opt`: the failures (run, method), and
/// how many came out determined / content / guessed, and determined but wrong.
/// Rebuilds `runs` random layouts printed with `opt`. Returns the failures (run,
/// method, and whether the layout is undecidable: every cell one line and no numbers,
/// so neither the reading orders nor the content can fix the column count), and how
/// many came out determined / content / guessed, and determined but wrong.
fn trial(seed: u64, runs: usize, opt: &PrintOptions) -> (Vec<(usize, String, bool)>, [usize; 4]) {
    let mut rng = Rng(seed);
    let mut failures = Vec::new();
    let mut counts = [0; 4];
    let mut undecidable = 0;
    for run in 0..runs {
        let (grid, widths) = random_table(&mut rng);
        let printed = print(&grid, &widths, opt, &mut rng);
        let (table, d) = rebuild(&source(&printed, body_width(&widths)));
        let blind = printed.ocr.len() == grid.len() * grid[0].len()
            && grid.iter().flatten().all(|c| kind_of(c) == Kind::Text);
        undecidable += usize::from(blind);
        counts[table.confidence as usize] += 1;
        if grid_of(&table) != grid {
            failures.push((run, table.method.clone(), blind));
            if table.confidence == Confidence::Determined {
                counts[3] += 1;
            }
        }
        assert_eq!(d.is_empty(), printed.altered.is_empty(), "{run}: {d:?}");
    }
    let exact = runs - failures.len();
    println!(
        "both passes, {} swaps: {exact}/{runs} exact ({:.1}%; {} of {undecidable} \
         undecidable layouts wrong); determined/content/guessed = {:?}, determined but \
         wrong: {}",
        opt.name,
        100.0 * exact as f64 / runs as f64,
        failures.iter().filter(|f| f.2).count(),
        &counts[..3],
        counts[3]
    );
    (failures, counts)
}

/// Large and degenerate inputs finish (run in release to see realistic times).
#[test]
fn large_and_degenerate_tables() {
    let mut rng = Rng(5);
    // 30 rows of 8 wrapped columns, both passes and text only.
    let widths = vec![6.0; 8];
    let mut grid = vec![(0..8).map(|j| format!("列{j}")).collect::<Vec<_>>()];
    for r in 0..30 {
        let mut row = vec![format!("第{r}行")];
        for _ in 1..8 {
            let len = rng.range(3, 20);
            row.push(phrase(&mut rng, len));
        }
        grid.push(row);
    }
    let printed = print(&grid, &widths, &NOISY, &mut rng);
    let start = std::time::Instant::now();
    let (table, _) = rebuild(&source(&printed, body_width(&widths)));
    println!("30×8 both passes: {:?}, {}", start.elapsed(), table.method);
    assert_eq!(grid_of(&table), grid);
    let mut src = source(&printed, body_width(&widths));
    src.ocr_fragments.clear();
    let start = std::time::Instant::now();
    let (table, _) = rebuild(&src);
    println!("30×8 text only: {:?}, {}", start.elapsed(), table.method);
    // 300 identical one-character cells.
    let same = vec!["无".to_string(); 300];
    let src = TableSource {
        text_layer: Some(same.join(" ")),
        ocr_fragments: same,
        ..source(&printed, 40.0)
    };
    let start = std::time::Instant::now();
    let (table, _) = rebuild(&src);
    println!("300 identical: {:?}, {}", start.elapsed(), table.method);
}

/// Random layouts with both renderings (letter-spacing, OCR errors, reading orders
/// exactly as centred): the grid must come back exactly.
#[test]
fn random_layouts_both_passes() {
    let (failures, counts) = trial(2024, 300, &SPACED);
    assert!(failures.iter().all(|f| f.2), "{failures:#?}");
    assert_eq!(counts[3], 0);
}

/// The same with half-line swaps at the rate the sample page shows. A swap can make a
/// wrong grid as cheap as the right one (then the table is marked `Content`), or, when
/// one line is carried two places, cheaper: a few may fail.
#[test]
fn random_layouts_both_passes_with_swaps() {
    let (failures, counts) = trial(2024, 300, &NOISY);
    assert!(
        failures.iter().filter(|f| !f.2).count() <= 3,
        "{failures:#?}"
    );
    assert!(counts[3] <= 1, "{failures:#?}");
}

/// Far noisier reading orders than real pages: recovery degrades gracefully. The rates
/// are printed (cargo test -- --nocapture); the floors only catch regressions.
#[test]
fn random_layouts_heavy_noise() {
    let (failures, _) = trial(7, 300, &HEAVY);
    assert!(failures.len() <= 15, "{failures:#?}");
    let (failures, _) = trial(8, 300, &VERY_HEAVY);
    assert!(failures.len() <= 45, "{failures:#?}");
}

/// `RUN=n cargo test --lib debug_random -- --ignored --nocapture` shows one layout.
#[test]
#[ignore]
fn debug_random() {
    let want: usize = std::env::var("RUN")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let opt = match std::env::var("NOISE").as_deref() {
        Ok("no") => &SPACED,
        Ok("heavy") => &HEAVY,
        _ => &NOISY,
    };
    let mut rng = Rng(2024);
    for run in 0..=want {
        let (grid, widths) = random_table(&mut rng);
        let printed = print(&grid, &widths, opt, &mut rng);
        if run < want {
            continue;
        }
        println!("widths {widths:?}");
        for row in &grid {
            println!("  {row:?}");
        }
        println!("ocr {:?}", printed.ocr);
        println!("text {:?}", printed.text_layer);
        let src = source(&printed, body_width(&widths));
        let layer = Layer::new(
            src.text_layer.as_deref().unwrap(),
            crate::spacing::WidthModel::STANDARD,
        );
        let frags: Vec<Frag> = src.ocr_fragments.iter().map(|f| Frag::new(f)).collect();
        let tiles = Tiler::new(&frags, &layer.t, Some(&layer.breaks()))
            .next_tiling()
            .unwrap();
        let order: Vec<usize> = tiles.iter().map(|t| t.frag).collect();
        println!("order {order:?}");
        let cuts = cut_points(&order);
        println!("cuts {cuts:?}");
        let pat = Pattern::new(&layer, &tiles);
        let truth: Vec<Vec<usize>> = grid
            .iter()
            .map(|r| {
                r.iter()
                    .zip(&widths)
                    .map(|(c, &w)| wrap(c, w).len())
                    .collect()
            })
            .collect();
        let bw = body_width(&widths);
        let grid_cost = |rows: &[Vec<usize>]| {
            let refs = columns(&pat, rows, rows[0].len(), bw);
            let mut at = 0;
            let mut costs = Vec::new();
            for row in rows {
                let m: usize = row.iter().sum();
                costs.push(RowEnum::<u128>::cost_of(&pat, at, row, Some(&refs)));
                at += m;
            }
            costs
        };
        println!("truth {truth:?} costs {:?}", grid_cost(&truth));
        for k in 2..=6 {
            let all = Splits::find_all(&pat, &cuts, 6).unwrap();
            if let FitResult::Fit(f) = fit_columns(&pat, &all[k], bw) {
                println!("k={k} final {:?} costs {:?}", f.rows, grid_cost(&f.rows));
            }
            let splits = &all[k];
            if !splits.complete {
                continue;
            }
            let mut fit = splits.fit(&pat, None);
            println!("k={k} pass0 cost={} rows={:?}", fit.cost, fit.rows);
            for pass in 1..4 {
                let refs = columns(&pat, &fit.rows, k, body_width(&widths));
                println!("   refs {refs:?}");
                fit = splits.fit(&pat, Some(&refs));
                println!(
                    "  pass{pass} cost={} alt={} rows={:?}",
                    fit.cost, fit.alternatives, fit.rows
                );
            }
        }
        let (table, _) = rebuild(&src);
        println!("{}", table.method);
        for row in grid_of(&table) {
            println!("  {row:?}");
        }
    }
}
