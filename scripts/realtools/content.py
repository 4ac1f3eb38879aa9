"""Made-up CNKI-style article content: this script's own vocabulary and generator.

Nothing here comes from the Rust synth crate or from real articles. Every article is a
pure function of its seed (random.Random(seed)), so the fixtures are reproducible.
The returned `Article` holds the text exactly as it is meant to be printed; the truth
files are made from it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = list("明华建国伟平志强军杰涛斌超波辉刚勇毅俊峰磊鹏晨浩宇轩文博思远嘉琪欣怡雨涵梓萱诗静婷雪丽敏燕红霞玲芳娟秀英慧颖晓立新海东林春秋正永世家")

UNIVERSITIES = [
    "华东理工大学", "西南财经大学", "东北师范大学", "中南民族大学", "江南农业大学",
    "西北政法大学", "华中科技大学", "南方医科大学", "北方工业大学", "东海海洋大学",
    "中原工学院", "滨海师范学院", "长江经贸大学", "岭南城市学院",
]
SCHOOLS = ["经济学院", "公共管理学院", "管理学院", "马克思主义学院", "教育学院", "信息管理学院",
           "城市与环境学院", "社会发展学院", "统计与数学学院", "法学院"]
CITIES = [("上海", "200237"), ("成都", "611130"), ("长春", "130024"), ("武汉", "430074"),
          ("无锡", "214122"), ("西安", "710063"), ("广州", "510515"), ("北京", "100144"),
          ("舟山", "316022"), ("郑州", "450007"), ("天津", "300387"), ("重庆", "400067")]
PROVINCES = ["浙江", "江苏", "福建", "广东", "山东", "河南", "湖北", "湖南", "四川", "陕西",
             "安徽", "江西", "河北", "山西", "辽宁", "吉林", "云南", "贵州", "广西", "甘肃"]
JOURNALS = [("经济地理研究", "Economic Geography Review"), ("公共管理评论", "Public Administration Review"),
            ("教育发展研究", "Education Development Research"), ("农业经济问题探索", "Issues in Agricultural Economy"),
            ("城市规划学报", "Journal of Urban Planning"), ("管理科学论丛", "Management Science Forum"),
            ("社会科学前沿", "Frontiers of Social Sciences"), ("信息资源管理", "Information Resources Management")]

TOPICS = ["数字经济", "乡村振兴", "绿色金融", "区域协调发展", "公共服务均等化", "科技创新",
          "高等教育治理", "城市更新", "碳排放权交易", "农村电子商务", "数字政府", "产业集聚",
          "人口老龄化", "基层社会治理", "营商环境", "共同富裕", "新型城镇化", "职业教育"]
OUTCOMES = ["全要素生产率", "居民消费", "城乡收入差距", "企业创新绩效", "就业质量", "财政可持续性",
            "环境规制效率", "农户收入", "公共服务满意度", "产业结构升级", "地方政府治理能力", "人力资本积累"]
METHODS = [("双重差分", "DID"), ("面板固定效应", "FE"), ("空间杜宾", "SDM"), ("结构方程", "SEM"),
           ("数据包络分析", "DEA"), ("熵值法", None), ("断点回归", "RDD"), ("中介效应", None),
           ("门槛回归", None), ("倾向得分匹配", "PSM")]
LATIN = ["ICT", "GDP", "R&D", "PM2.5", "Logit", "Tobit", "Stata 16", "SPSS", "ArcGIS", "Python",
         "panel data", "machine learning", "big data", "Malmquist", "Moran I", "CiteSpace", "OECD"]
NOUNS = ["制度安排", "政策工具", "资源配置", "治理结构", "激励机制", "要素流动", "协同效应", "空间溢出",
         "路径依赖", "组织能力", "技术扩散", "信息不对称", "公共价值", "市场化程度", "财政分权", "数字鸿沟",
         "社会资本", "利益相关者", "制度环境", "知识溢出", "创新生态", "考核体系", "供给侧结构", "服务效能"]
VERBS = ["显著提升了", "在一定程度上抑制了", "间接促进了", "有效改善了", "明显强化了", "逐步削弱了",
         "深刻影响着", "持续推动了", "部分替代了", "显著放大了"]
ADJS = ["系统性的", "结构性的", "长期的", "差异化的", "非线性的", "区域性的", "阶段性的", "稳健的"]
CONNECT = ["与此同时，", "具体而言，", "进一步看，", "值得注意的是，", "从实践看，", "总体而言，",
           "相比之下，", "在此基础上，", "另一方面，", "由此可见，", ""]
HEAD_WORDS = ["问题的提出", "文献综述与理论分析", "研究设计", "变量选择与数据来源", "实证结果分析",
              "稳健性检验", "异质性分析", "机制检验", "主要结论与政策建议", "进一步讨论", "模型构建",
              "现实困境", "优化路径", "理论框架"]
SECTION_NUMS_CN = ["一", "二", "三", "四", "五", "六", "七", "八"]
FUND_SOURCES = ["国家社会科学基金一般项目", "国家自然科学基金青年项目", "教育部人文社会科学研究规划基金项目",
                "省哲学社会科学规划项目", "中央高校基本科研业务费专项资金项目"]
PAPER_TITLES_EN = {"数字经济": "Digital Economy", "乡村振兴": "Rural Revitalization", "绿色金融": "Green Finance",
                   "区域协调发展": "Coordinated Regional Development", "公共服务均等化": "Equalization of Public Services",
                   "科技创新": "Technological Innovation", "高等教育治理": "Higher Education Governance",
                   "城市更新": "Urban Renewal", "碳排放权交易": "Carbon Emission Trading",
                   "农村电子商务": "Rural E-commerce", "数字政府": "Digital Government",
                   "产业集聚": "Industrial Agglomeration", "人口老龄化": "Population Aging",
                   "基层社会治理": "Grassroots Social Governance", "营商环境": "Business Environment",
                   "共同富裕": "Common Prosperity", "新型城镇化": "New Urbanization", "职业教育": "Vocational Education"}
EN_WORDS = ("the of effect on evidence from China regional panel data results show that significantly "
            "improves mechanism heterogeneity policy implications governance efficiency spatial "
            "spillover robust tests further analysis indicates eastern central western regions "
            "innovation capacity public services digital transformation").split()


@dataclass
class Table:
    label: str            # 表1
    caption: str          # without the label
    header: list
    rows: list
    note: str | None      # as printed, with its 注：/资料来源： prefix
    wide: bool = False    # spans both columns in two-column layout
    wrap: bool = False    # text cells in fixed-width, vertically centred columns (they wrap)


@dataclass
class Block:
    kind: str             # heading | para | table | figure
    text: str = ""        # heading / paragraph text as printed (footnote marks included)
    level: int = 1
    table: Table | None = None
    footnotes: list = field(default_factory=list)   # [(mark, text)] whose marks sit in this paragraph


@dataclass
class Article:
    seed: int
    title: str
    short_title: str
    authors: list
    affiliations: list
    abstract: str
    keywords: list
    clc: str
    document_code: str
    article_id: str
    doi: str
    received: str
    fund: str
    author_notes: str
    journal: str
    journal_en: str
    year: int
    issue: int
    volume: int
    first_page: int
    blocks: list
    references: list
    english_title: str | None
    english_authors: str | None
    english_abstract: str | None
    english_keywords: str | None
    figures: list = field(default_factory=list)   # figure captions as printed


class Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.seed = seed
        self.cite = 0
        self.fn = 0
        self.nrefs = self.r.randint(8, 16)

    def pick(self, xs):
        return self.r.choice(xs)

    def name(self):
        n = self.pick(SURNAMES) + self.pick(GIVEN)
        if self.r.random() < 0.7:
            n += self.pick(GIVEN)
        return n

    def num(self):
        r = self.r.random()
        if r < 0.4:
            return f"{self.r.uniform(0.5, 99):.2f}"
        if r < 0.7:
            return str(self.r.randint(12, 9800))
        return f"{self.r.uniform(0.001, 0.999):.3f}"

    def citation(self):
        self.cite = self.cite % self.nrefs + 1
        if self.r.random() < 0.2 and self.cite < self.nrefs:
            a = self.cite
            self.cite += 1
            return f"[{a}-{self.cite}]" if self.r.random() < 0.5 else f"[{a},{self.cite}]"
        return f"[{self.cite}]"

    def sentence(self, topic, outcome, method):
        r = self.r
        t = r.randrange(12)
        c = self.pick(CONNECT)
        if t == 0:
            s = f"{c}{topic}{self.pick(VERBS)}{outcome}，这一结论与已有研究基本一致{self.citation()}。"
        elif t == 1:
            y1 = r.randint(2008, 2015)
            y2 = y1 + r.randint(3, 7)
            s = (f"{c}{self.pick(PROVINCES)}的{outcome}由{y1}年的{self.num()}上升到{y2}年的{self.num()}，"
                 f"年均增长{r.uniform(1, 18):.1f}%。")
        elif t == 2:
            m, ab = method
            s = (f"本文采用{m}{'（' + ab + '）' if ab else ''}方法，基于{r.randint(2, 31)}个省份"
                 f"{r.randint(2005, 2012)}—{r.randint(2016, 2021)}年的面板数据进行检验。")
        elif t == 3:
            s = f"{c}{self.pick(NOUNS)}与{self.pick(NOUNS)}之间存在{self.pick(ADJS)}关联，其作用方向取决于{self.pick(NOUNS)}。"
        elif t == 4:
            s = (f"样本中约有{r.uniform(5, 95):.1f}%的地区属于这种情况，"
                 f"{self.pick(LATIN)}指标的均值为{self.num()}，标准差为{self.num()}。")
        elif t == 5:
            s = f"{c}已有文献多从{self.pick(NOUNS)}的角度展开讨论{self.citation()}，对{self.pick(NOUNS)}的关注相对不足。"
        elif t == 6:
            s = (f"回归结果显示，核心解释变量的系数为{r.uniform(0.01, 0.9):.3f}，"
                 f"且在{self.pick(['1%', '5%', '10%'])}的水平上显著，说明{topic}对{outcome}具有{self.pick(ADJS)}影响。")
        elif t == 7:
            s = f"{c}借助{self.pick(LATIN)}软件测算得到的{self.pick(NOUNS)}指数表明，{self.pick(NOUNS)}{self.pick(VERBS)}{outcome}。"
        elif t == 8:
            s = f"{c}{self.pick(['东部', '中部', '西部', '东北'])}地区的估计系数明显大于其他地区，这与{self.pick(NOUNS)}的差异有关。"
        elif t == 9:
            s = f"正如{self.name()}所指出的，{topic}的关键在于{self.pick(NOUNS)}与{self.pick(NOUNS)}的有机统一{self.citation()}。"
        elif t == 10:
            s = f"{c}如何在{self.pick(NOUNS)}约束下实现{outcome}的持续改善，仍是需要进一步回答的问题。"
        else:
            s = (f"{c}在控制{self.pick(NOUNS)}、{self.pick(NOUNS)}等变量之后，"
                 f"{self.pick(NOUNS)}的边际效应下降了{r.uniform(1, 40):.2f}个百分点。")
        return s

    def paragraph(self, topic, outcome, method, lo=3, hi=7):
        return "".join(self.sentence(topic, outcome, method) for _ in range(self.r.randint(lo, hi)))

    def footnote_text(self, topic):
        r = self.r
        t = r.randrange(4)
        if t == 0:
            return f"数据来源于《中国{self.pick(['统计', '城市统计', '农村统计', '科技统计'])}年鉴》（{r.randint(2010, 2021)}），部分缺失值采用插值法补齐。"
        if t == 1:
            return f"参见{self.name()}：《{topic}的理论逻辑与实践进路》，载《{self.pick(JOURNALS)[0]}》{r.randint(2015, 2021)}年第{r.randint(1, 12)}期。"
        if t == 2:
            return f"限于篇幅，{self.pick(NOUNS)}的测算过程未在正文列出，备索。"
        return f"这里的{self.pick(NOUNS)}是指{self.pick(NOUNS)}与{self.pick(NOUNS)}的综合，详见附录{r.randint(1, 4)}。"

    def table(self, n, topic):
        r = self.r
        kind = r.randrange(4)
        if kind == 0:   # numeric by year
            y0 = r.randint(2012, 2017)
            ncol = r.randint(3, 5)
            header = ["地区"] + [str(y0 + i) for i in range(ncol)]
            rows = [[p] + [f"{r.uniform(10, 999):.2f}" for _ in range(ncol)]
                    for p in r.sample(PROVINCES, r.randint(4, 7))]
            cap = f"{r.choice(['部分省份', '样本地区', '各地区'])}{self.pick(OUTCOMES)}测算结果"
        elif kind == 1:  # regression
            header = ["变量", "模型(1)", "模型(2)", "模型(3)"]
            vars_ = r.sample(NOUNS, r.randint(4, 6))
            rows = [[v] + [f"{r.uniform(-0.9, 0.9):.3f}{r.choice(['***', '**', '*', ''])}" for _ in range(3)]
                    for v in vars_]
            rows.append(["观测值"] + [str(r.randint(300, 3000))] * 3)
            rows.append(["R²"] + [f"{r.uniform(0.2, 0.9):.3f}" for _ in range(3)])
            cap = f"{topic}对{self.pick(OUTCOMES)}影响的回归结果"
        elif kind == 3:  # text cells that wrap, vertically centred (the sample's table 1 kind)
            stages = ["起步阶段", "探索阶段", "发展阶段", "深化阶段", "转型阶段", "成熟阶段"]
            ncol = r.randint(3, 4)
            header = ["发展阶段"] + r.sample(["主要特征", "治理方式", "典型做法", "政策取向", "数据特征"], ncol - 1)
            tails = ["并存", "协同推进", "逐步完善", "有待加强", "初步形成", "明显改善", "相对滞后", "深度融合"]

            def cell():
                k = r.randint(1, 3)
                return "、".join(r.sample(NOUNS, k)) + r.choice(tails)
            rows = [[st] + [cell() for _ in range(ncol - 1)] for st in stages[: r.randint(3, 5)]]
            cap = f"{topic}不同阶段的比较"
        else:  # descriptive / text
            header = ["维度", "指标", "权重", "属性"]
            rows = [[self.pick(["经济", "社会", "生态", "治理", "创新"]) + "维度", self.pick(NOUNS),
                     f"{r.uniform(0.02, 0.3):.3f}", r.choice(["正向", "负向"])] for _ in range(r.randint(4, 7))]
            cap = f"{topic}评价指标体系"
        nt = r.randrange(3)
        if nt == 0:
            note = f"注：{r.choice(['***、**、*分别表示在1%、5%、10%的水平上显著', '括号内为稳健标准误', '数据经过标准化处理'])}。"
        elif nt == 1:
            note = f"资料来源：根据《中国统计年鉴》（{r.randint(2013, 2021)}）整理。"
        else:
            note = None
        return Table(f"表{n}", cap, header, rows, note, wide=len(header) >= 5 or kind == 3, wrap=kind == 3)

    def reference(self, i):
        r = self.r
        if r.random() < 0.7:
            au = "，".join(self.name() for _ in range(r.randint(1, 3)))
            t = f"{self.pick(TOPICS)}与{self.pick(OUTCOMES)}：{self.pick(['理论机制与经验证据', '基于省级面板数据的分析', '一个分析框架', '现状、问题与对策'])}"
            j = self.pick(JOURNALS)[0]
            return f"[{i}]{au}.{t}[J].{j}，{r.randint(2008, 2021)}（{r.randint(1, 12)}）：{r.randint(1, 90)}-{r.randint(91, 160)}."
        sur = ["Smith", "Wang", "Chen", "Brown", "Li", "Garcia", "Zhang", "Miller", "Liu", "Johnson"]
        au = ", ".join(f"{r.choice(sur)} {r.choice('ABCDHJKLMRSTWY')}" for _ in range(r.randint(1, 3)))
        words = " ".join(r.sample(EN_WORDS, r.randint(4, 8))).capitalize()
        return f"[{i}]{au}. {words}[J]. Journal of {r.choice(['Urban Economics', 'Public Policy', 'Regional Science', 'Development Studies'])}, {r.randint(1995, 2021)}, {r.randint(10, 90)}({r.randint(1, 6)}): {r.randint(1, 300)}-{r.randint(301, 400)}."


def make_article(seed: int, length: int = 1) -> Article:
    g = Gen(seed)
    r = g.r
    topic = g.pick(TOPICS)
    outcome = g.pick(OUTCOMES)
    method = g.pick(METHODS)
    title = f"{topic}对{outcome}的影响研究"
    if r.random() < 0.5:
        title += f"——基于{r.choice(['省级面板数据', '地级市数据', '微观调查数据', '多案例'])}的{r.choice(['实证分析', '考察', '检验'])}"
    short_title = title.split("——")[0]
    authors = [g.name() for _ in range(r.randint(1, 3))]
    ucity = r.sample(range(len(UNIVERSITIES)), 2)
    affs = []
    for k in ucity[: 1 if len(authors) == 1 else 2]:
        city, zipc = CITIES[k % len(CITIES)]
        affs.append(f"{UNIVERSITIES[k]}{g.pick(SCHOOLS)}，{city} {zipc}")
    journal, journal_en = g.pick(JOURNALS)
    year = r.randint(2016, 2021)
    issue = r.randint(1, 12)
    volume = year - r.randint(1975, 1995)
    first_page = r.randint(5, 150)
    abstract = "".join(g.sentence(topic, outcome, method) for _ in range(r.randint(4, 6)))
    abstract = _strip_citations(abstract)
    keywords = [topic, outcome] + r.sample(NOUNS, r.randint(1, 3))
    clc = f"{r.choice('DFGC')}{r.randint(10, 99)}{r.choice(['', '.' + str(r.randint(1, 9))])}"
    doc_code = "A"
    pages = r.randint(8, 16)
    issn = f"{r.randint(1000, 1999)}-{r.randint(1000, 9999)}"
    article_id = f"{issn}({year}){issue:02d}-{first_page:04d}-{pages:02d}"
    doi = f"10.{r.randint(13000, 19999)}/j.cnki.{''.join(r.choice('abcdefghjklmnprstwxyz') for _ in range(4))}.{year}.{issue:02d}.{r.randint(1, 30):03d}"
    received = f"{year - 1}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
    fund = f"{g.pick(FUND_SOURCES)}“{topic}与{g.pick(OUTCOMES)}协同机制研究”（{r.randint(16, 21)}{r.choice(['BJY', 'CGL', 'ZD', 'YJC'])}{r.randint(100, 299)}）"
    a0 = authors[0]
    author_notes = (f"{a0}（{r.randint(1965, 1992)}—），{r.choice(['男', '女'])}，{g.pick(PROVINCES)}人，"
                    f"{r.choice(['副教授', '讲师', '教授', '博士研究生'])}，研究方向为{topic}与{g.pick(NOUNS)}。")

    blocks: list[Block] = []
    nsec = r.randint(4, 5) + (1 if length > 1 else 0)
    heads = r.sample(HEAD_WORDS, nsec)
    style = r.randrange(2)
    ntables = r.randint(1, 2)
    table_secs = sorted(r.sample(range(1, nsec), min(ntables, nsec - 1)))
    nfig = r.randint(0, 1)
    fig_sec = r.randrange(1, nsec)
    tno = 0
    figures = []
    for si, h in enumerate(heads):
        htxt = f"{SECTION_NUMS_CN[si]}、{h}" if style == 0 else f"{si + 1} {h}"
        blocks.append(Block("heading", htxt, 1))
        nsub = r.randint(0, 2) if si in (1, 2, 3) else 0
        parts = [None] + [r.sample(NOUNS, 1)[0] + r.choice(["的测度", "的作用机制", "的空间特征", "的演进逻辑"]) for _ in range(nsub)]
        for pi, sub in enumerate(parts):
            if sub:
                stxt = f"（{SECTION_NUMS_CN[pi - 1]}）{sub}" if style == 0 else f"{si + 1}.{pi} {sub}"
                blocks.append(Block("heading", stxt, 2))
            for _ in range(r.randint(1, 3 if length == 1 else 4)):
                sents = [g.sentence(topic, outcome, method) for _ in range(r.randint(3, 7))]
                fns = []
                if g.fn < 10 and r.random() < 0.28:
                    k = r.randrange(len(sents))
                    mark = CIRCLED[g.fn]
                    g.fn += 1
                    sents[k] += mark
                    fns.append((mark, g.footnote_text(topic)))
                p = "".join(sents)
                blocks.append(Block("para", p, footnotes=fns))
        if si in table_secs:
            tno += 1
            t = g.table(tno, topic)
            blocks.insert(len(blocks) - 1, Block("para", f"各{r.choice(['变量', '指标', '地区'])}的结果如表{tno}所示。"
                                                 + g.paragraph(topic, outcome, method, 1, 2)))
            blocks.append(Block("table", table=t))
        if nfig and si == fig_sec:
            cap = f"图1 {topic}与{outcome}的{r.choice(['关系', '演变趋势', '分析框架', '空间分布'])}"
            figures.append(cap)
            blocks.append(Block("figure", cap))
    refs = [g.reference(i + 1) for i in range(g.nrefs)]
    if r.random() < 0.6:
        et = f"The Impact of {PAPER_TITLES_EN[topic]} on {r.choice(['Productivity', 'Income Gap', 'Innovation', 'Public Services', 'Employment'])}"
        ea = ", ".join(_pinyin_like(r) for _ in authors)
        eab = " ".join(r.choice(EN_WORDS) for _ in range(r.randint(40, 70))).capitalize() + "."
        ek = "; ".join(r.sample(EN_WORDS, 4))
    else:
        et = ea = eab = ek = None
    return Article(seed, title, short_title, authors, affs, abstract, keywords, clc, doc_code, article_id,
                   doi, received, fund, author_notes, journal, journal_en, year, issue, volume, first_page,
                   blocks, refs, et, ea, eab, ek, figures)


def _strip_citations(s):
    import re
    return re.sub(r"\[\d+(?:[-,]\d+)?\]", "", s)


def _pinyin_like(r):
    syl = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu"]
    giv = ["Ming", "Hua", "Jianguo", "Wei", "Ping", "Zhiqiang", "Jun", "Jie", "Tao", "Xiaoli", "Yuxuan", "Haoran"]
    return f"{r.choice(syl).upper()} {r.choice(giv)}"
