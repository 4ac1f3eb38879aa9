//! The vocabulary pages are written in: a few hundred common words from domains other than
//! the sample page's (education, farming, ecology, economy, culture, health, transport), so
//! that nothing is tuned to the one real page. Text is not grammatical; it only has to look
//! like running Chinese to a layout pipeline: ideographs, numbers, the punctuation of the
//! page's style, sentences ending in `。`.
//!
//! Deliberately absent: `表` (only captions and `如表N所示` say it), `版` (the site footer
//! says `版权所有`), `—` (only footnote dashes), circled digits (only footnote marks).

use crate::rng::Rng;
use crate::width::str_width;
use std::sync::OnceLock;

const WORDS2: &str = "\
教师 学生 课堂 教学 课程 学科 高校 校园 专业 培养 人才 知识 素养 教材 考试 成绩 导师 学者 讲座 实践 \
农村 农民 耕地 粮食 种植 灌溉 土壤 水稻 小麦 玉米 果园 养殖 牧场 渔业 乡村 村庄 集体 产量 收成 农机 \
森林 湿地 河流 湖泊 水源 污染 排放 碳汇 气候 降水 植被 物种 保护 修复 草原 沙漠 海岸 山区 流域 生态 \
企业 市场 产业 投资 消费 价格 收入 贸易 出口 进口 金融 银行 资本 税收 成本 利润 就业 工资 产品 制造 \
文化 传统 历史 文学 艺术 音乐 戏剧 遗产 民俗 方言 诗歌 小说 书法 节日 故事 典籍 文物 传承 审美 风俗 \
医院 医生 患者 药品 疾病 健康 卫生 护理 疫苗 诊断 康复 营养 体育 运动 心理 老年 儿童 家庭 社区 养老 \
交通 道路 铁路 港口 机场 车辆 运输 物流 城市 城镇 街道 住房 桥梁 隧道 能源 电力 煤炭 石油 燃料 水利 \
结构 水平 规模 程度 比例 方面 条件 因素 途径 对策 措施 目标 任务 原则 思路 重点 难点 特点 趋势 现状 \
成效 经验 作用 意义 价值 基本 主要 重要 显著 明显 稳定 持续 逐步 不断 积极 有效 全面 深入 具体 相关 \
推进 促进 加强 完善 提高 扩大 减少 增加 改善 支持 引导 鼓励 推动 落实 开展 组织 实施 形成 建立 保障 \
满足 面临 采取 利用 结合 坚持 注重 把握 考虑 选择 比较 判断 估计 观察 调查 访谈 样本 指标 变量 模型 \
地方 基层 部门 单位 人员 群众 居民 村民 工人 青年 妇女 学界 专家 机关 团体 协会 工厂 车间 仓库 市场 \
春季 夏季 秋季 冬季 年度 季度 月份 早期 近年 当前 未来 长期 短期 总体 个体 多数 少数 部分 全部 各地";

const WORDS3: &str = "\
合作社 博物馆 农产品 图书馆 实验室 示范区 开发区 根据地 大学生 研究生 中小学 幼儿园 高速路 产业链 \
供应链 价值链 生产力 竞争力 影响力 吸引力 积极性 主动性 创造性 可能性 必要性 多样性 公平性 稳定性";

/// Single characters that glue words together.
const FUNCTION_CHARS: &str = "的和与及在对为以将从由向于等中之其也都并而但又还更最已被所这此该各";

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武莫孔汤";

const GIVEN_NAME_CHARS: &str =
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力志宏国新春林海云峰鹏晨宇";

const JOURNALS: &[&str] = &[
    "教育研究",
    "经济研究",
    "中国农村经济",
    "社会学研究",
    "管理世界",
    "历史研究",
    "文艺研究",
    "中国人口科学",
    "地理学报",
    "生态学报",
    "中国软科学",
    "农业经济问题",
    "城市规划",
    "中国卫生经济",
];

const SOURCES: &[&str] = &[
    "作者整理",
    "作者根据调查数据整理",
    "课题组调研",
    "历年统计年鉴",
    "作者根据公开资料整理",
    "相关部门年度报告",
];

/// Column-0 headers of text tables.
pub const LABEL_HEADERS: &[&str] = &[
    "类别", "项目", "阶段", "维度", "领域", "层面", "类型", "方面", "对象",
];

/// Column-0 headers of numeric tables.
pub const NUMERIC_LABEL_HEADERS: &[&str] =
    &["指标", "项目", "地区", "类别", "类型", "区域", "行业"];

/// Column headers of numeric tables that are not years.
pub const NUMERIC_HEADERS: &[&str] = &[
    "总量",
    "增速",
    "占比",
    "均值",
    "规模",
    "产量",
    "人数",
    "数量",
    "比重",
    "收入",
    "支出",
    "投资额",
    "增长率",
    "平均值",
    "最大值",
    "最小值",
    "样本数",
    "覆盖率",
];

fn split_static(s: &'static str) -> Vec<&'static str> {
    s.split_whitespace().collect()
}

fn words2() -> &'static [&'static str] {
    static W: OnceLock<Vec<&'static str>> = OnceLock::new();
    W.get_or_init(|| split_static(WORDS2))
}

fn words3() -> &'static [&'static str] {
    static W: OnceLock<Vec<&'static str>> = OnceLock::new();
    W.get_or_init(|| split_static(WORDS3))
}

fn chars_of(s: &'static str) -> Vec<char> {
    s.chars().collect()
}

fn function_chars() -> &'static [char] {
    static C: OnceLock<Vec<char>> = OnceLock::new();
    C.get_or_init(|| chars_of(FUNCTION_CHARS))
}

/// Every ideograph of the vocabulary (what an OCR substitution may put in a char's place).
pub fn ideograph_pool() -> &'static [char] {
    static C: OnceLock<Vec<char>> = OnceLock::new();
    C.get_or_init(|| {
        let mut v: Vec<char> = WORDS2
            .chars()
            .chain(WORDS3.chars())
            .chain(FUNCTION_CHARS.chars())
            .filter(|c| crate::width::is_ideograph(*c))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

/// The punctuation style of one page: ASCII `,:;()` like the sample, or full-width.
/// `、。“”《》？！` are full-width on every page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub ascii: bool,
}

impl Style {
    pub fn comma(self) -> char {
        if self.ascii {
            ','
        } else {
            '，'
        }
    }
    pub fn colon(self) -> char {
        if self.ascii {
            ':'
        } else {
            '：'
        }
    }
    pub fn semicolon(self) -> char {
        if self.ascii {
            ';'
        } else {
            '；'
        }
    }
    pub fn lparen(self) -> char {
        if self.ascii {
            '('
        } else {
            '（'
        }
    }
    pub fn rparen(self) -> char {
        if self.ascii {
            ')'
        } else {
            '）'
        }
    }
}

pub fn word(rng: &mut Rng) -> &'static str {
    if rng.chance(0.1) {
        words3()[rng.below(words3().len())]
    } else {
        words2()[rng.below(words2().len())]
    }
}

/// A number as running text prints it: `2017年`, `2017年11月`, `3.5`, `12%`, `35.6%`, `120`.
/// ASCII runs are at most 4 characters (2 units), so a wrapped line is always within
/// 2 units of its capacity.
pub fn number(rng: &mut Rng) -> String {
    match rng.below(7) {
        0 => format!("{}年", rng.range(1990, 2023)),
        1 => format!("{}年{}月", rng.range(1990, 2023), rng.range(1, 12)),
        2 => format!("{}.{}", rng.range(1, 99), rng.range(0, 9)),
        3 => format!("{}%", rng.range(1, 99)),
        4 => format!("{}.{}%", rng.range(1, 99), rng.range(1, 9)),
        5 => format!("{}", rng.range(10, 9999)),
        _ => format!("{}.0", rng.range(1, 9)),
    }
}

/// A run of tokens: words, function characters, now and then a number.
fn tokens(rng: &mut Rng, n: usize, out: &mut String) {
    // Never two numbers in a row: `120` + `3.5` would print as one 6-char run.
    let mut after_number = false;
    for i in 0..n {
        let r = rng.below(100);
        if r < 72 || i == 0 || (r >= 92 && after_number) {
            out.push_str(word(rng));
            after_number = false;
        } else if r < 92 {
            out.push(*rng.pick(function_chars()));
            after_number = false;
        } else {
            out.push_str(&number(rng));
            after_number = true;
        }
    }
}

/// One clause, sometimes with a quoted word, a book title or a list joined by `、`.
fn clause(rng: &mut Rng, out: &mut String) {
    match rng.below(14) {
        0 => {
            let n = rng.range(1, 3);
            tokens(rng, n, out);
            out.push('“');
            out.push_str(word(rng));
            out.push_str(word(rng));
            out.push('”');
            let n = rng.range(1, 3);
            tokens(rng, n, out);
        }
        1 => {
            let n = rng.range(1, 2);
            tokens(rng, n, out);
            out.push('《');
            out.push_str(word(rng));
            out.push_str(word(rng));
            out.push('》');
            let n = rng.range(1, 2);
            tokens(rng, n, out);
        }
        2 | 3 => {
            let n = rng.range(1, 3);
            tokens(rng, n, out);
            for _ in 0..rng.range(2, 4) {
                out.push_str(word(rng));
                out.push('、');
            }
            out.push_str(word(rng));
        }
        _ => {
            let n = rng.range(2, 7);
            tokens(rng, n, out)
        }
    }
}

/// One sentence: 1–4 clauses joined by the style's comma (now and then `;` or `:`), maybe a
/// parenthetical, ending in `。` (sometimes `？`/`！`, sometimes `。”` when quoted).
pub fn sentence(rng: &mut Rng, style: Style) -> String {
    let mut s = String::new();
    let quoted = rng.chance(0.05);
    if quoted {
        s.push('“');
    }
    let n = rng.range(1, 4);
    for i in 0..n {
        if i > 0 {
            let r = rng.below(20);
            s.push(if r == 0 {
                style.semicolon()
            } else if r == 1 {
                style.colon()
            } else {
                style.comma()
            });
        }
        clause(rng, &mut s);
        if rng.chance(0.05) {
            s.push(style.lparen());
            let n = rng.range(1, 3);
            tokens(rng, n, &mut s);
            s.push(style.rparen());
        }
    }
    s.push(match rng.below(20) {
        0 => '？',
        1 => '！',
        _ => '。',
    });
    if quoted {
        s.push('”');
    }
    s
}

/// Sentences until the text is at least `min_width` half units wide.
pub fn text_of_width(rng: &mut Rng, style: Style, min_width: u32) -> String {
    let mut s = String::new();
    while str_width(&s) < min_width {
        s.push_str(&sentence(rng, style));
    }
    s
}

/// Hanzi only, exactly `len` characters (words cut to length).
pub fn hanzi(rng: &mut Rng, len: usize) -> String {
    let mut s = String::new();
    while s.chars().count() < len {
        s.push_str(word(rng));
    }
    s.chars().take(len).collect()
}

/// A running title: 6–16 hanzi, e.g. `乡村教师培养的现状及对策`.
pub fn title(rng: &mut Rng) -> String {
    let target = rng.range(6, 16);
    let mut s = String::new();
    while s.chars().count() < target {
        if !s.is_empty() && rng.chance(0.25) {
            s.push(*rng.pick(&['的', '与', '及', '和']));
        }
        s.push_str(word(rng));
    }
    s.chars().take(16).collect()
}

/// A table caption: 4–14 hanzi, no punctuation.
pub fn caption(rng: &mut Rng) -> String {
    let len = rng.range(4, 14);
    hanzi(rng, len)
}

/// Content of one text-table cell: items of 1–2 words joined by `、` or the comma, at
/// least `min_width` half units wide (or `max_items` items).
pub fn cell_items(rng: &mut Rng, style: Style, min_width: u32, max_items: usize) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    let mut width = 0;
    while items.is_empty() || (width < min_width && items.len() < max_items) {
        let mut it = String::new();
        if !items.is_empty() {
            it.push(if rng.chance(0.35) {
                style.comma()
            } else {
                '、'
            });
        }
        it.push_str(word(rng));
        if rng.chance(0.5) {
            if rng.chance(0.15) {
                it.push_str(&number(rng));
            } else {
                it.push_str(word(rng));
            }
        }
        width += str_width(&it);
        items.push(it);
    }
    items
}

/// A table note: `(资料来源:…。)` or `(资料来源:…。说明:…。)`, in the page's style.
pub fn note(rng: &mut Rng, style: Style, explain: bool) -> String {
    let mut s = String::new();
    s.push(style.lparen());
    s.push_str("资料来源");
    s.push(style.colon());
    s.push_str(SOURCES[rng.below(SOURCES.len())]);
    s.push('。');
    if explain {
        s.push_str("说明");
        s.push(style.colon());
        let n = rng.range(1, 2);
        for i in 0..n {
            if i > 0 {
                s.push(if rng.chance(0.5) {
                    style.semicolon()
                } else {
                    style.comma()
                });
            }
            let n = rng.range(3, 7);
            tokens(rng, n, &mut s);
        }
        s.push('。');
    }
    s.push(style.rparen());
    s
}

fn person(rng: &mut Rng) -> String {
    let surnames = chars_of(SURNAMES);
    let given = chars_of(GIVEN_NAME_CHARS);
    let mut s = String::new();
    s.push(*rng.pick(&surnames));
    for _ in 0..rng.range(1, 2) {
        s.push(*rng.pick(&given));
    }
    s
}

/// A footnote text (without its mark), 10–60 chars: a citation
/// `王芳、李强:《…———…》,《教育研究》2017年第9期。` or a remark sentence.
pub fn footnote(rng: &mut Rng, style: Style) -> String {
    loop {
        let mut s = String::new();
        if rng.chance(0.7) {
            s.push_str(&person(rng));
            if rng.chance(0.4) {
                s.push('、');
                s.push_str(&person(rng));
            }
            s.push(style.colon());
            s.push('《');
            let n = rng.range(2, 4);
            tokens(rng, n, &mut s);
            if rng.chance(0.4) {
                s.push_str("———");
                let n = rng.range(2, 4);
                tokens(rng, n, &mut s);
            }
            s.push('》');
            s.push(style.comma());
            s.push('《');
            s.push_str(JOURNALS[rng.below(JOURNALS.len())]);
            s.push('》');
            s.push_str(&format!(
                "{}年第{}期",
                rng.range(1995, 2022),
                rng.range(1, 12)
            ));
            s.push('。');
        } else {
            s.push_str(&sentence(rng, style));
        }
        let n = s.chars().count();
        if (10..=60).contains(&n) {
            return s;
        }
    }
}

/// True for a bare number as tables print them: `12.5`, `3,456`, `-0.8`, `45%`.
pub fn is_number(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    let t = t.strip_suffix('%').unwrap_or(t);
    !t.is_empty()
        && t.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// The label-column rule: 2–8 chars, no punctuation, at least one ideograph.
pub fn is_label(s: &str) -> bool {
    let n = s.chars().count();
    (2..=8).contains(&n)
        && s.chars()
            .all(|c| crate::width::is_ideograph(c) || c.is_ascii_alphanumeric())
        && s.chars().any(crate::width::is_ideograph)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_avoids_reserved_characters() {
        for c in ideograph_pool() {
            assert!(!"表版".contains(*c), "{c} is reserved");
        }
        assert!(ideograph_pool().len() > 300, "{}", ideograph_pool().len());
        for w in words2() {
            assert_eq!(w.chars().count(), 2, "{w}");
        }
        for w in words3() {
            assert_eq!(w.chars().count(), 3, "{w}");
        }
    }

    #[test]
    fn number_runs_are_short() {
        let mut rng = Rng::new(1);
        for _ in 0..2000 {
            let s = number(&mut rng);
            let chars: Vec<char> = s.chars().collect();
            for (a, b) in crate::width::units(&chars) {
                assert!(b - a <= 4, "{s}");
            }
        }
    }

    #[test]
    fn numbers_and_labels() {
        assert!(is_number("12.5") && is_number("3,456") && is_number("-0.8") && is_number("45%"));
        assert!(!is_number("2019年") && !is_number("指标") && !is_number("-"));
        assert!(
            is_label("产量") && !is_label("产") && !is_label("2019") && !is_label("产量、价格")
        );
    }
}
