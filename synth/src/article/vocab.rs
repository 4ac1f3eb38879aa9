//! The article generator's own vocabulary: made-up names, institutions, journals and
//! academic sentences (nothing copied from real papers). Sentences come out in the truth's
//! normal form: no spaces except one between two Latin words.

use crate::rng::Rng;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "欧阳", "司马",
];
const GIVEN: &[char] = &[
    '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明',
    '超', '秀', '霞', '平', '刚', '桂', '华', '文', '晨', '宇', '浩', '凯', '琳', '婷', '晓', '鹏',
    '旭', '蕾', '颖', '振', '海', '峰', '帆', '思', '悦', '雪', '岩', '萌',
];
const PLACES: &[(&str, &str)] = &[
    ("江苏", "南京"),
    ("浙江", "杭州"),
    ("湖北", "武汉"),
    ("广东", "广州"),
    ("四川", "成都"),
    ("陕西", "西安"),
    ("山东", "济南"),
    ("湖南", "长沙"),
    ("福建", "厦门"),
    ("辽宁", "大连"),
    ("河南", "郑州"),
    ("吉林", "长春"),
];
const UNI_SUFFIX: &[&str] = &[
    "大学",
    "师范大学",
    "理工大学",
    "财经大学",
    "农业大学",
    "科技大学",
];
const SCHOOLS: &[&str] = &[
    "教育学院",
    "经济管理学院",
    "信息工程学院",
    "公共管理学院",
    "马克思主义学院",
    "数学与统计学院",
    "外国语学院",
    "计算机科学与技术学院",
    "高等教育研究院",
];

/// (journal, English name, abbreviation for the DOI).
pub(crate) const JOURNALS: &[(&str, &str, &str)] = &[
    ("高等教育探索", "Higher Education Exploration", "gdjy"),
    ("教育发展论坛", "Forum on Education Development", "jyfz"),
    ("现代管理评论", "Modern Management Review", "xdgl"),
    (
        "工程数学研究",
        "Research in Engineering Mathematics",
        "gcsx",
    ),
    (
        "信息资源管理学刊",
        "Journal of Information Resources",
        "xxzy",
    ),
    ("区域经济评论", "Regional Economic Review", "qyjj"),
    ("职业技术教育研究", "Vocational Education Studies", "zyjs"),
    ("系统科学与决策", "Systems Science and Decision", "xtkx"),
];

const NOUNS: &[&str] = &[
    "高校",
    "教师",
    "学生",
    "课程",
    "教学质量",
    "评价体系",
    "治理结构",
    "数据",
    "平台",
    "资源配置",
    "人才培养",
    "创新能力",
    "区域经济",
    "产业结构",
    "政策工具",
    "信息技术",
    "模型",
    "样本",
    "指标",
    "机制",
    "制度环境",
    "社会资本",
    "协同效应",
    "数字化转型",
    "公共服务",
    "学科建设",
    "科研团队",
    "组织文化",
    "绩效",
    "问卷",
    "变量",
    "路径",
    "框架",
    "要素",
    "主体",
    "影响因素",
];
const VERBS: &[&str] = &[
    "影响", "促进", "提升", "优化", "制约", "推动", "重塑", "改善", "完善", "构建", "检验", "揭示",
    "分析", "整合", "支撑", "引导",
];
const ADJS: &[&str] = &[
    "显著",
    "持续",
    "有效",
    "系统",
    "整体",
    "深层",
    "结构性",
    "长期",
    "动态",
    "多元",
    "关键",
    "明显",
];
const CONNECT: &[&str] = &[
    "因此",
    "此外",
    "同时",
    "然而",
    "总体而言",
    "具体来看",
    "进一步地",
    "与此相应",
    "由此可见",
    "换言之",
];
const LATIN: &[&str] = &[
    "SPSS", "Matlab", "ICT", "MOOC", "Logit", "OLS", "Python", "GDP", "DEA", "STEM", "AMOS",
    "Stata",
];
const LATIN_PHRASES: &[&str] = &[
    "big data",
    "learning analytics",
    "human capital",
    "path dependence",
    "soft power",
    "open science",
    "digital divide",
    "knowledge spillover",
    "structural equation model",
];
const EN_WORDS: &[&str] = &[
    "higher",
    "education",
    "policy",
    "reform",
    "quality",
    "evaluation",
    "regional",
    "innovation",
    "capacity",
    "governance",
    "digital",
    "learning",
    "teachers",
    "students",
    "evidence",
    "model",
    "analysis",
    "system",
    "development",
    "network",
    "efficiency",
    "structure",
    "university",
];

pub(crate) fn name(rng: &mut Rng) -> String {
    let mut s = rng.pick(SURNAMES).to_string();
    for _ in 0..rng.range(1, 2) {
        s.push(*rng.pick(GIVEN));
    }
    s
}

pub(crate) fn pinyin_name(rng: &mut Rng) -> String {
    const SYL: &[&str] = &[
        "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
    ];
    const GIV: &[&str] = &[
        "wei", "fang", "min", "jing", "qiang", "lei", "jun", "yang", "jie", "tao", "ming", "hao",
    ];
    format!(
        "{} {}{}",
        rng.pick(SYL).to_uppercase(),
        rng.pick(SYL),
        rng.pick(GIV)
    )
}

/// `某大学 某学院, 某省 某市 100000` (the spaces are printed; the truth keeps them, its
/// normal form drops those between CJK).
pub(crate) fn affiliation(rng: &mut Rng) -> String {
    let (prov, city) = *rng.pick(PLACES);
    let uni = format!("{}{}", city, rng.pick(UNI_SUFFIX));
    let code = rng.range(100_000, 850_000) / 10 * 10;
    let comma = if rng.chance(0.5) { "，" } else { "," };
    format!(
        "{uni}{}{}{comma}{prov}{}{city}{}{code}",
        sp(rng),
        rng.pick(SCHOOLS),
        sp(rng),
        sp(rng)
    )
}

fn sp(rng: &mut Rng) -> &'static str {
    if rng.chance(0.7) {
        " "
    } else {
        ""
    }
}

pub(crate) fn noun(rng: &mut Rng) -> &'static str {
    NOUNS[rng.below(NOUNS.len())]
}

/// A number as printed in running text: counts (some ≥ 1000: digit groups are the
/// renderings' business), percentages, decimals.
fn quantity(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => format!("{}份", rng.range(120, 9800)),
        1 => format!("{}.{}%", rng.range(1, 89), rng.range(0, 9)),
        2 => format!("{}所高校", rng.range(3, 60)),
        3 => format!("{}年", rng.range(1998, 2021)),
        4 => format!("{}万元", rng.range(1200, 56000)),
        _ => format!("0.{}", rng.range(100, 999)),
    }
}

/// One sentence ending in `。` (or `；` inside lists), in the truth's normal form.
pub(crate) fn sentence(rng: &mut Rng, cite: &mut dyn FnMut(&mut Rng) -> Option<String>) -> String {
    let n1 = noun(rng);
    let n2 = noun(rng);
    let v = rng.pick(VERBS);
    let a = rng.pick(ADJS);
    let mut s = match rng.below(9) {
        0 => format!("{n1}对{n2}具有{a}的{v}作用"),
        1 => format!("研究发现，{n1}在{}中{a}{v}了{n2}", noun(rng)),
        2 => format!("{}，{n1}与{n2}之间存在{a}关联", rng.pick(CONNECT)),
        3 => format!(
            "本次调查共收集有效问卷{}，其中{n1}占比{}",
            quantity(rng),
            quantity(rng)
        ),
        4 => format!("采用{}软件对{n1}进行{a}分析", rng.pick(LATIN)),
        5 => format!("{n1}（{}）是理解{n2}的重要视角", rng.pick(LATIN_PHRASES)),
        6 => format!(
            "从{}到{}，{n1}的规模增长了{}",
            quantity(rng),
            quantity(rng),
            quantity(rng)
        ),
        7 => format!("{}，需要进一步{v}{n1}与{n2}的协同机制", rng.pick(CONNECT)),
        _ => format!("{n1}是{v}{n2}的{a}力量，也是{}的基础", noun(rng)),
    };
    if let Some(c) = cite(rng) {
        s.push_str(&c);
    }
    s.push('。');
    s
}

pub(crate) fn heading_words(rng: &mut Rng) -> String {
    const H: &[&str] = &[
        "引言",
        "文献综述",
        "研究设计",
        "数据来源与方法",
        "实证结果",
        "讨论",
        "结论与建议",
        "问题的提出",
        "理论框架",
        "稳健性检验",
        "政策启示",
        "研究局限",
    ];
    if rng.chance(0.5) {
        rng.pick(H).to_string()
    } else {
        format!(
            "{}的{}",
            noun(rng),
            rng.pick(&["现状", "特征", "困境", "路径", "逻辑", "效应"])
        )
    }
}

pub(crate) fn title(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => format!("{}对{}的影响研究", noun(rng), noun(rng)),
        1 => format!("{}视角下{}的{}路径", noun(rng), noun(rng), rng.pick(VERBS)),
        2 => format!(
            "{}与{}：基于{}所高校的实证分析",
            noun(rng),
            noun(rng),
            rng.range(5, 40)
        ),
        _ => format!("我国{}{}机制研究", noun(rng), noun(rng)),
    }
}

pub(crate) fn english_words(rng: &mut Rng, n: (usize, usize), capital: bool) -> String {
    let n = rng.range(n.0, n.1);
    let mut out = Vec::new();
    for i in 0..n {
        let w = rng.pick(EN_WORDS).to_string();
        if capital || i == 0 {
            let mut c = w.chars();
            let first = c.next().unwrap().to_ascii_uppercase();
            out.push(format!("{first}{}", c.as_str()));
        } else {
            out.push(w);
        }
    }
    out.join(" ")
}

pub(crate) fn english_sentence(rng: &mut Rng) -> String {
    format!(
        "{} of the {} in {} regions, {} {}.",
        english_words(rng, (2, 4), false),
        english_words(rng, (2, 2), false).to_lowercase(),
        rng.range(3, 31),
        rng.pick(&["which shows", "and we find", "suggesting", "while"]),
        english_words(rng, (3, 6), false).to_lowercase()
    )
}

pub(crate) fn keyword(rng: &mut Rng) -> String {
    if rng.chance(0.15) {
        rng.pick(LATIN).to_string()
    } else {
        noun(rng).to_string()
    }
}

pub(crate) fn cell_word(rng: &mut Rng) -> String {
    const C: &[&str] = &[
        "东部", "中部", "西部", "本科", "硕士", "博士", "男", "女", "公办", "民办", "城市", "农村",
        "理工", "人文", "社科", "合计",
    ];
    rng.pick(C).to_string()
}

pub(crate) fn reference(rng: &mut Rng, journal: &str) -> String {
    let authors = (0..rng.range(1, 3))
        .map(|_| name(rng))
        .collect::<Vec<_>>()
        .join("，");
    let year = rng.range(1995, 2020);
    match rng.below(3) {
        0 => format!(
            "{authors}.{}[J].{journal},{year},{}({}):{}-{}.",
            title(rng),
            rng.range(10, 45),
            rng.range(1, 12),
            rng.range(1, 60),
            rng.range(61, 120)
        ),
        1 => format!(
            "{authors}.{}[M].北京：{}出版社,{year}:{}.",
            title(rng),
            noun(rng),
            rng.range(10, 300)
        ),
        _ => format!(
            "{} {}. {}[J]. {}, {year}, {}({}): {}-{}.",
            pinyin_name(rng),
            pinyin_name(rng),
            english_words(rng, (3, 6), true),
            english_words(rng, (2, 2), true),
            rng.range(1, 40),
            rng.range(1, 6),
            rng.range(1, 90),
            rng.range(91, 200)
        ),
    }
}

/// Visually similar ideographs an OCR engine confuses (both ways).
pub(crate) const SIMILAR: &[(char, char)] = &[
    ('务', '各'),
    ('治', '冶'),
    ('人', '入'),
    ('制', '判'),
    ('己', '已'),
    ('未', '末'),
    ('土', '士'),
    ('日', '曰'),
    ('天', '夭'),
    ('间', '问'),
    ('体', '休'),
    ('析', '折'),
    ('准', '淮'),
    ('构', '钩'),
    ('量', '最'),
    ('理', '埋'),
];

pub(crate) fn similar(c: char) -> Option<char> {
    SIMILAR
        .iter()
        .find_map(|&(a, b)| (a == c).then_some(b).or((b == c).then_some(a)))
}
