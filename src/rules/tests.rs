use super::*;

fn builtin_name(line: &str, place: Place) -> Option<&'static str> {
    RuleSet::builtin().match_line(line, place).map(Rule::name)
}

fn parse_err(text: &str) -> RulesError {
    RuleSet::from_toml_str(text).expect_err("the rules file is refused")
}

#[test]
fn the_builtin_rules_load_and_check_their_own_examples() {
    let rules = RuleSet::builtin();
    assert!(rules.len() >= 12);
    assert!(rules.disabled().is_empty());
    for rule in rules.rules() {
        assert!(
            !rule.description().is_empty(),
            "{} has no description",
            rule.name()
        );
    }
}

#[test]
fn mirror_site_widgets_are_named_by_their_rule() {
    let header = [
        ("APP下载", "app-download"),
        ("论文部分内容阅读", "partial-content"),
        ("被引量:7 下载量:88", "document-stats"),
        ("上传用户:user01", "uploader"),
        ("下载到本地 | 在线阅读", "download-actions"),
        ("2021-06-30 14:05某甲某乙", "fx361-date-author"),
        (
            "2021-06-30某甲某市某某大学某省某市100000",
            "fx361-date-author",
        ),
        ("某某研究 2019年第4期", "fx361-journal-issue"),
        ("关键词:甲乙丙丁戊", "fx361-tag-line"),
        ("©2001-2020 example.cn 版权所有", "site-footer"),
        ("当前位置:某某网 >> 论文 >> 某某研究", "breadcrumb"),
        ("格式:DOCX 上传时间:2020-01-02", "document-format"),
        ("发布时间:2019-11-12 08:00", "post-meta"),
        ("导出 EndNote | Ris | Bibtex", "export-citation"),
    ];
    for (line, name) in header {
        assert_eq!(builtin_name(line, Place::SiteHeader), Some(name), "{line}");
    }
}

#[test]
fn body_sentences_with_the_same_words_are_kept() {
    for line in [
        "调查显示,多数学生通过APP下载学习资料。",
        "论文部分内容阅读起来较为困难,需要反复推敲。",
        "被引量和下载量是评价论文影响力的常用指标。",
        "上传用户越多,平台的资源越丰富。",
        "读者可将全文下载到本地,离线阅读。",
        "2019-03-15某某在会上指出,合作前景广阔。",
        "某某学刊 2016年1期刊发的文章指出,改革势在必行。",
        "关键词:甲乙;丙丁;戊己",
        "关键词:甲乙,丙丁",
        "当前位置:北纬30度,东经120度。",
        "时间:2019-11-12,地点:某市某区。",
        "格式:DOC文件须按规定提交。",
    ] {
        for place in Place::ALL {
            assert_eq!(builtin_name(line, place), None, "{line} at {place}");
        }
    }
}

#[test]
fn header_rules_do_not_fire_inside_the_article() {
    for line in [
        "2021-06-30某甲某乙",
        "某某研究 2019年第4期",
        "关键词:甲乙丙丁戊",
    ] {
        assert!(builtin_name(line, Place::SiteHeader).is_some(), "{line}");
        assert_eq!(builtin_name(line, Place::Body), None, "{line}");
        assert_eq!(builtin_name(line, Place::SiteFooter), None, "{line}");
    }
}

#[test]
fn long_and_empty_lines_are_never_furniture() {
    assert_eq!(builtin_name("", Place::SiteHeader), None);
    assert_eq!(builtin_name("   ", Place::Body), None);
    let long = format!("{} 版权所有", "甲".repeat(200));
    assert_eq!(builtin_name(&long, Place::SiteFooter), None);
}

const USER: &str = r#"
disable = ["fx361-tag-line"]

[[rule]]
name = "share-bar"
kind = "widget"
where = ["site_header", "site_footer"]
contains = "分享到微信"
max_chars = 20

[[rule]]
name = "app-download"
kind = "noise"
prefix = "扫码下载"
"#;

#[test]
fn user_rules_add_replace_and_disable() {
    let user = RuleSet::from_toml_str(USER).unwrap();
    assert_eq!(user.len(), 2);
    assert_eq!(user.disabled(), ["fx361-tag-line"]);
    let set = RuleSet::builtin().extend(&user);
    assert_eq!(set.len(), RuleSet::builtin().len());
    assert!(set.get("fx361-tag-line").is_none());
    // Replaced in its place: the same position, the user's definition.
    let at = |s: &RuleSet| s.rules().iter().position(|r| r.name() == "app-download");
    assert_eq!(at(&set), at(RuleSet::builtin()));
    assert_eq!(set.get("app-download").unwrap().kind(), RemovalKind::Noise);
    assert_eq!(
        set.match_line("APP下载", Place::SiteHeader).map(Rule::name),
        None
    );
    let hit = set.match_line("扫码下载客户端", Place::Body).unwrap();
    assert_eq!(
        (hit.name(), hit.kind()),
        ("app-download", RemovalKind::Noise)
    );
    // New rules go last and apply only where they say.
    assert_eq!(set.rules().last().unwrap().name(), "share-bar");
    assert!(set
        .match_line("点此分享到微信", Place::SiteFooter)
        .is_some());
    assert!(set.match_line("点此分享到微信", Place::Body).is_none());
    assert!(set
        .match_line(
            "请大家在读完之后把这篇文章分享到微信朋友圈里去",
            Place::SiteFooter
        )
        .is_none());
    assert!(set
        .match_line("关键词:甲乙丙丁戊", Place::SiteHeader)
        .is_none());
}

#[test]
fn literal_forms_are_not_regexes() {
    let set = RuleSet::from_toml_str(
        "[[rule]]\nname = \"dots\"\nkind = \"widget\"\ncontains = \"a.b(\"\n",
    )
    .unwrap();
    assert!(set.match_line("x a.b( y", Place::Body).is_some());
    assert!(set.match_line("x axb( y", Place::Body).is_none());
}

#[test]
fn errors_name_the_line_and_the_problem() {
    let e = parse_err("[[rule]]\nname = \"a\"\nkind = \"widget\"\npattern = '(unclosed'\n");
    assert_eq!((e.line(), e.rule()), (Some(4), Some("a")));
    assert!(e.message().contains("not a valid regex"), "{e}");
    assert!(e.to_string().starts_with("line 4: rule \"a\": "), "{e}");

    let e = parse_err("[[rule]]\nname = \"a\"\nkind = \"widget\"\n");
    assert!(e.message().contains("give one of"), "{e}");
    assert_eq!(e.line(), Some(1));

    let e = parse_err("[[rule]]\nname = \"a\"\nkind = \"widget\"\npattern = 'x'\ncontains = 'y'\n");
    assert!(e.message().contains("only one"), "{e}");

    let e =
        parse_err("[[rule]]\nname = \"a\"\nkind = \"widget\"\npattern = 'x'\nwhere = \"top\"\n");
    assert_eq!(e.line(), Some(5));
    assert!(e.message().contains("unknown place \"top\""), "{e}");

    let e = parse_err("[[rule]]\nname = \"a\"\nkind = \"widget\"\npatern = 'x'\n");
    assert_eq!(e.line(), Some(4));
    assert!(e.message().contains("patern"), "{e}");

    let e =
        parse_err("[[rule]]\nname = \"a\"\nkind = \"widget\"\npattern = 'x'\nexamples = ['y']\n");
    assert_eq!(e.line(), Some(5));
    assert!(e.message().contains("does not match"), "{e}");

    let e =
        parse_err("[[rule]]\nname = \"a\"\nkind = \"widget\"\npattern = 'x+'\nkeeps = ['xx']\n");
    assert!(e.message().contains("keeps"), "{e}");

    let e = parse_err("disable = [\"no-such-rule\"]\n");
    assert_eq!(e.line(), Some(1));
    assert!(e.message().contains("no-such-rule"), "{e}");

    let e = parse_err("[[rule]]\nname = \"a\"\nkind = \"widget\"\npattern = 'x'\n[[rule]]\nname = \"a\"\nkind = \"widget\"\npattern = 'y'\n");
    assert_eq!(e.line(), Some(6));

    let e = parse_err("[[rule]\nname = 1\n");
    assert_eq!(e.line(), Some(1));

    let e = parse_err("[[rule]]\nname = \"a\"\nkind = \"widget\"\npattern = 'x'\nmax_chars = -3\n");
    assert_eq!(e.line(), Some(5));
}

#[test]
fn arbitrary_text_never_panics_the_parser() {
    for text in [
        "",
        "rule = 3",
        "[[rule]]",
        "\u{0}\u{feff}[[",
        "[[rule]]\nname=\"\"\nkind=\"widget\"\npattern='x'",
        "[[rule]]\nname=\"a\"\nkind=\"widget\"\npattern=''",
        "[[rule]]\nname=\"a\"\nkind=\"widget\"\npattern='x'\nwhere=[]",
        "[[rule]]\nname=\"a\"\nkind=\"widget\"\npattern='x'\nwhere=[1]",
        "[[rule]]\nname=\"a\"\nkind=\"widget\"\npattern='x'\nmax_chars=0",
        "[[rule]]\nname=\"a\"\nkind=\"widget\"\npattern='x{1000}{1000}{1000}'",
    ] {
        let _ = RuleSet::from_toml_str(text);
    }
    assert!(RuleSet::from_toml_str("").unwrap().is_empty());
    assert_eq!(
        RuleSet::from_toml_str("\u{feff}[[rule]]\nname=\"a\"\nkind=\"widget\"\npattern='x'")
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_huge_max_chars_is_no_overflow() {
    let set = RuleSet::from_toml_str(&format!(
        "[[rule]]\nname = \"a\"\nkind = \"noise\"\ncontains = \"x\"\nmax_chars = {}\n",
        i64::MAX
    ))
    .unwrap();
    assert!(set.match_line("x", Place::Body).is_some());
}

proptest::proptest! {
    #[test]
    fn no_text_panics_the_parser_or_the_matcher(text in "\\PC{0,200}", line in "\\PC{0,300}") {
        let _ = RuleSet::from_toml_str(&text);
        for place in Place::ALL {
            let _ = RuleSet::builtin().match_line(&line, place);
        }
    }

    #[test]
    fn rule_shaped_files_never_panic(
        name in "[a-z-]{0,8}",
        kind in "(widget|noise|gadget|)",
        form in "(pattern|find|contains|prefix|where|max_chars)",
        value in "[\\[\\](){}*+?.\\\\a-z0-9|^$一-十 ]{0,12}",
    ) {
        let text = format!("[[rule]]\nname = \"{name}\"\nkind = \"{kind}\"\n{form} = '{value}'\n");
        let _ = RuleSet::from_toml_str(&text);
    }
}
