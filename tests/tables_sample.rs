//! The tables stage on the real sample page's table (fixtures/000_a449235f6b97e50b.txt):
//! both renderings as the page has them, and the text layer alone.

use ocrclean::handoff::TableSource;
use ocrclean::model::Confidence;
use ocrclean::tables::rebuild;

const PAGE: &str = include_str!("../fixtures/000_a449235f6b97e50b.txt");

/// The table body of each pass: from the first heading cell to the note.
fn bodies() -> (String, usize, Vec<String>) {
    let start = "发展阶段";
    let end = "(资料来源";
    let ocr_at = PAGE.find(start).unwrap();
    let ocr = &PAGE[ocr_at..ocr_at + PAGE[ocr_at..].find(end).unwrap()];
    let text_at = ocr_at + PAGE[ocr_at..].find(end).unwrap();
    let text_at = text_at + PAGE[text_at..].find(start).unwrap();
    let text = &PAGE[text_at..text_at + PAGE[text_at..].find(end).unwrap()];
    let offset = PAGE[..text_at].chars().count();
    let fragments = ocr.split_whitespace().map(String::from).collect();
    (text.to_string(), offset, fragments)
}

fn expected() -> Vec<Vec<&'static str>> {
    vec![
        vec!["发展阶段", "数字政府1.0", "数字政府2.0", "数字政府3.0"],
        vec!["政府职能", "服务、治理", "服务、治理", "服务、治理、赋能"],
        vec![
            "创新特征",
            "以互联网为传播工具、流程不变、履职方式不变",
            "系统内数据共享,基于流程重组的履职方式创新",
            "数据治理、数据赋能,履职方式创新、职能创新",
        ],
        vec![
            "场景",
            "信息披露、需求申报、简单互动",
            "线上线下融合的服务",
            "线上线下融合的服务与治理,服务治理全覆盖的整体政府,互动便捷、预测精准",
        ],
        vec![
            "机构与权责调整",
            "因信息传播需要产生少量机构内权责调整",
            "有新设机构、有权责调整",
            "机构重组、权责重组",
        ],
        vec!["运行过程产生数据", "封闭数据", "产生局部数据", "产生大数据"],
        vec![
            "政民关系",
            "满意的服务",
            "便捷、可评价的服务",
            "可评价、可参与的服务,活力提升的超预期服务,多主体网络协同关系和谐",
        ],
        vec![
            "政府效能",
            "常规性效率",
            "省时间、体验好",
            "数据智能运用、数据驱动决策,精准、高效、赋能社会、关系优化",
        ],
        vec![
            "政府性质",
            "效能政府",
            "整体政府、服务政府",
            "智慧政府、有为政府",
        ],
    ]
}

fn source(text: String, offset: usize, fragments: Vec<String>) -> TableSource {
    TableSource {
        label: "表1".into(),
        caption: "数字政府模式差异对比".into(),
        note: None,
        text_layer: Some(text),
        text_offset: offset,
        ocr_fragments: fragments,
        body_width: 43.0,
        half_width_punct: false,
    }
}

fn grid(table: &ocrclean::model::Table) -> Vec<Vec<String>> {
    let mut g = vec![table.header.clone()];
    g.extend(table.rows.iter().cloned());
    g
}

#[test]
fn sample_table_from_both_passes() {
    let (text, offset, fragments) = bodies();
    let (table, disagreements) = rebuild(&source(text, offset, fragments));
    println!("sample, both passes: {}", table.method);
    assert_eq!(grid(&table), expected(), "{}", table.method);
    assert_eq!(table.confidence, Confidence::Determined, "{}", table.method);
    // The table body reads the same in both passes here.
    assert!(disagreements.is_empty(), "{disagreements:?}");
}

#[test]
fn sample_table_from_the_text_layer_alone() {
    let (text, offset, _) = bodies();
    let (table, _) = rebuild(&source(text, offset, Vec::new()));
    assert_eq!(table.confidence, Confidence::Guessed);
    let want = expected();
    let got = grid(&table);
    let right = want
        .iter()
        .enumerate()
        .flat_map(|(r, row)| row.iter().enumerate().map(move |(c, cell)| (r, c, *cell)))
        .filter(|&(r, c, cell)| got.get(r).and_then(|g| g.get(c)).map(String::as_str) == Some(cell))
        .count();
    println!(
        "sample, text layer only: {right}/36 cells; {}",
        table.method
    );
    for row in &got {
        println!("  {row:?}");
    }
}

/// An OCR error in a cell is reported with the text layer's reading and its offset in the
/// page (`chars().skip(offset)` starts with it); a letter-spaced reading keeps its spaces.
#[test]
fn sample_table_disagreement_offsets() {
    let (text, offset, mut fragments) = bodies();
    let i = fragments.iter().position(|f| f == "封闭数据").unwrap();
    fragments[i] = "封闲数据".into();
    let j = fragments
        .iter()
        .position(|f| f == "有新设机构、有权责")
        .unwrap();
    fragments[j] = "有新设机构,有权责".into();
    let (table, disagreements) = rebuild(&source(text, offset, fragments));
    assert_eq!(grid(&table), expected(), "{}", table.method);
    let found: Vec<(&str, &str)> = disagreements
        .iter()
        .map(|d| (d.ocr.as_str(), d.text.as_str()))
        .collect();
    assert_eq!(found, [(",", "、"), ("闲", "闭")]);
    for d in &disagreements {
        let at: String = PAGE
            .chars()
            .skip(d.offset)
            .take(d.text.chars().count())
            .collect();
        assert_eq!(at, d.text);
    }
}
