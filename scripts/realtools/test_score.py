"""Checks of score.py's measures on small made-up cases (standard library only):

    python3 -m unittest scripts/realtools/test_score.py
"""

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import score  # noqa: E402

TRUTH = ["一、引言", "数字经济显著提升了全要素生产率，这一结论与已有研究基本一致[1]。①",
         "本文采用双重差分（DID）方法，基于30个省份2010—2020年的面板数据进行检验。",
         "样本中约有32.5%的地区属于这种情况，big data指标的均值为0.57。"]


def f1(s):
    tp, fp, fn = s["tp"], s["fp"], s["bfn"]
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


class Measures(unittest.TestCase):
    def test_norm_drops_marks_spaces_and_folds(self):
        self.assertEqual(score.norm("数字 政 府① ➁ \ufffd（3.0）・91・"), "数字政府(3.0)·91·")

    def test_identity_is_perfect(self):
        s = score.body_scores(TRUTH, TRUTH)
        self.assertEqual(s["body_matched"], s["body_chars"])
        self.assertEqual(f1(s), 1.0)

    def test_one_paragraph_has_no_boundaries(self):
        s = score.body_scores(TRUTH, ["".join(TRUTH)])
        self.assertEqual(s["body_matched"], s["body_chars"])
        self.assertEqual((s["tp"], s["fp"], s["bfn"]), (0, 0, 3))

    def test_line_spaces_and_furniture_do_not_count(self):
        out = ["经济地理研究 2019年第3期", "一、引言", "数字经济显著提升了全要素 生产率，这一结论与已有研究基本一致[1]。",
               "·47·", TRUTH[2], TRUTH[3]]
        s = score.body_scores(TRUTH, out)
        self.assertEqual(s["body_matched"], s["body_chars"])
        self.assertEqual(f1(s), 1.0)

    def test_split_paragraph_is_a_false_boundary(self):
        out = [TRUTH[0], TRUTH[1], TRUTH[2][:10], TRUTH[2][10:], TRUTH[3]]
        s = score.body_scores(TRUTH, out)
        self.assertEqual((s["tp"], s["fp"], s["bfn"]), (3, 1, 0))

    def test_second_copy_does_not_confuse_alignment(self):
        ocr = "数字经济显著提升了全要素生产率，这一结论与己有研究基本一致[1]。"  # OCR copy first
        s = score.body_scores(TRUTH, [ocr] + TRUTH)
        self.assertEqual(s["body_matched"], s["body_chars"])

    def test_leaks(self):
        tr = {"paragraphs": TRUTH, "furniture": ["经济地理研究 2019年第3期", "47", "·48·",
                                                  "©1994-2021 China Academic Journal Electronic Publishing House."],
              "furniture_kinds": ["running_head", "page_number", "page_number", "watermark"]}
        out = TRUTH[:2] + ["经济地理研究2019年第3期 ·48· 47 ?1994-2018 China Academic Journal", "47"]
        self.assertEqual(len(score.leaks(tr, out)), 4)
        self.assertEqual(score.leaks(tr, TRUTH), [])

    def test_tables_and_footnotes(self):
        tr = {"tables": [{"label": "表1", "caption": "测算结果", "header": ["地区", "2018"],
                          "rows": [["福建", "333.36"], ["浙江", "1.50"]], "note": None}],
              "footnotes": [{"mark": "①", "text": "数据来源于《中国统计年鉴》。"}],
              "first_page_notes": [{"label": "收稿日期：", "text": "2020-01-02"}]}
        doc = {"tables": [{"label": "表 1", "caption": "测算结果", "header": ["地区", "2018"],
                           "rows": [["福建", "333.36"], ["浙江", "1.5"]]}],
               "footnotes": [{"mark": "➀", "text": "数据来源于《中国统计年鉴》。"}],
               "metadata": {"received": "2020-01-02"}}
        self.assertEqual(score.table_scores(tr, doc), (1, 1, 6, 5))
        self.assertEqual(score.footnote_scores(tr, doc), (1, 1, 1, 1))

    def test_baseline_joins_until_sentence_end(self):
        text = "第一段的第一行\n第一段的第二行。\n第二段\n第二段结束。①\n\nABC\ndef"
        self.assertEqual(score.baseline(text), ["第一段的第一行第一段的第二行。", "第二段第二段结束。①", "ABC def"])


if __name__ == "__main__":
    unittest.main()
