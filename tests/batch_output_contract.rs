//! The output contract of issue 2 for the parts that do not depend on the pipeline:
//! the sample's Table 1, given as a grid, renders to exactly the CSV the issue prints,
//! and the sample page decodes as UTF-8 with its mangled watermark `©` repaired.

use ocrclean::model::{Confidence, Table};
use ocrclean::output::{table_csv, to_markdown};

const ISSUE_2_CSV: &str = "发展阶段,数字政府1.0,数字政府2.0,数字政府3.0
政府职能,服务、治理,服务、治理,服务、治理、赋能
创新特征,以互联网为传播工具、流程不变、履职方式不变,\"系统内数据共享,基于流程重组的履职方式创新\",\"数据治理、数据赋能,履职方式创新、职能创新\"
场景,信息披露、需求申报、简单互动,线上线下融合的服务,\"线上线下融合的服务与治理,服务治理全覆盖的整体政府,互动便捷、预测精准\"
机构与权责调整,因信息传播需要产生少量机构内权责调整,有新设机构、有权责调整,机构重组、权责重组
运行过程产生数据,封闭数据,产生局部数据,产生大数据
政民关系,满意的服务,便捷、可评价的服务,\"可评价、可参与的服务,活力提升的超预期服务,多主体网络协同关系和谐\"
政府效能,常规性效率,省时间、体验好,\"数据智能运用、数据驱动决策,精准、高效、赋能社会、关系优化\"
政府性质,效能政府,整体政府、服务政府,智慧政府、有为政府
";

/// The grid, read back from the CSV with the csv crate (so the test does not split by hand).
fn table_1() -> Table {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(ISSUE_2_CSV.as_bytes());
    let mut records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let header = records.remove(0);
    let mut table = Table::default();
    table.label = "表1".into();
    table.caption = "数字政府模式差异对比".into();
    table.header = header;
    table.rows = records;
    table.note = Some("(资料来源:作者整理。)".into());
    table.confidence = Confidence::Determined;
    table
}

#[test]
fn table_1_csv_is_exactly_the_issue_text() {
    assert_eq!(table_csv(&table_1()), ISSUE_2_CSV);
}

#[test]
fn table_1_markdown_has_caption_grid_and_note() {
    let mut doc = ocrclean::model::Document::default();
    doc.tables = vec![table_1()];
    let md = to_markdown(&doc);
    assert!(md.starts_with("**表1 数字政府模式差异对比**\n\n| 发展阶段 | 数字政府1.0 | 数字政府2.0 | 数字政府3.0 |\n| --- | --- | --- | --- |\n"), "{md}");
    assert!(md.contains("\n| 创新特征 | 以互联网为传播工具、流程不变、履职方式不变 | 系统内数据共享,基于流程重组的履职方式创新 | "), "{md}");
    assert!(md.ends_with("|\n\n(资料来源:作者整理。)\n"), "{md}");
}

#[test]
fn sample_page_decodes_with_the_watermark_sign_repaired() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/000_a449235f6b97e50b.txt"
    );
    let bytes = std::fs::read(path).unwrap();
    let decoded = ocrclean::decode::decode(&bytes, None).unwrap();
    assert_eq!(decoded.encoding, "UTF-8");
    assert_eq!(decoded.replacement_chars, 0);
    assert!(decoded.text.contains("©1994-2018 China Academic Journal"));
    assert!(!decoded.text.contains("?1994-2018"));
    assert_eq!(
        decoded.text.chars().count(),
        String::from_utf8(bytes).unwrap().chars().count()
    );
    let names: Vec<&str> = decoded.fixes.iter().map(|f| f.name.name()).collect();
    assert_eq!(names, ["mangled_copyright_sign"]);
}
