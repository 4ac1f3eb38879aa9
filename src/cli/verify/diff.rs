//! The character diff between an expected and an actual text ([`char_diff`]: Myers' diff
//! on Unicode scalar values, nearby regions merged) and its printable form: each
//! differing run with context, char offset, line and column, and code points when short.
//!
//! Apart from the comparisons (`compare.rs`) because it knows nothing of files or
//! outputs: two strings in, hunks or text out.

use super::MAX_HUNKS;
use std::ops::Range;

/// Characters of context shown on each side of a difference.
const CONTEXT: usize = 10;
/// Two differences closer than this many equal characters are shown as one.
const MERGE_GAP: usize = 4;
/// The diff gives up finding the minimal edit beyond this many edits and shows the
/// differing middle as one block.
const MAX_EDITS: usize = 2000;

/// The printable report of one mismatching file.
pub(super) fn describe(what: &str, expected: &str, actual: &str) -> String {
    let diff = char_diff(expected, actual);
    let exp: Vec<char> = expected.chars().collect();
    let act: Vec<char> = actual.chars().collect();
    let mut text = format!(
        "{what}: {} difference(s) between expected and actual\n",
        diff.len()
    );
    for hunk in diff.iter().take(MAX_HUNKS) {
        text.push_str(&describe_hunk(&exp, &act, hunk));
    }
    if diff.len() > MAX_HUNKS {
        text.push_str(&format!("  … and {} more\n", diff.len() - MAX_HUNKS));
    }
    text
}

/// One changed region: `expected[exp]` became `actual[act]` (char ranges).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// Char range in the expected text.
    pub exp: Range<usize>,
    /// Char range in the actual text.
    pub act: Range<usize>,
}

pub(super) fn describe_hunk(exp: &[char], act: &[char], hunk: &Hunk) -> String {
    let (line, col) = line_col(exp, hunk.exp.start);
    let snippet = |chars: &[char], range: &Range<usize>, open: &str, close: &str| {
        let before = range.start.saturating_sub(CONTEXT);
        let after = (range.end + CONTEXT).min(chars.len());
        format!(
            "{}{}{open}{}{close}{}{}",
            if before > 0 { "…" } else { "" },
            visible(&chars[before..range.start]),
            visible_run(&chars[range.clone()]),
            visible(&chars[range.end..after]),
            if after < chars.len() { "…" } else { "" },
        )
    };
    let mut text = format!(
        "  at char {} (line {line}, col {col}):\n    expected: {}\n    actual:   {}\n",
        hunk.exp.start,
        snippet(exp, &hunk.exp, "[-", "-]"),
        snippet(act, &hunk.act, "{+", "+}"),
    );
    if hunk.exp.len() <= 4 && hunk.act.len() <= 4 {
        let points = |chars: &[char]| {
            if chars.is_empty() {
                "(nothing)".to_string()
            } else {
                chars
                    .iter()
                    .map(|c| format!("U+{:04X}", u32::from(*c)))
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        };
        text.push_str(&format!(
            "    code points: {} → {}\n",
            points(&exp[hunk.exp.clone()]),
            points(&act[hunk.act.clone()])
        ));
    }
    text
}

/// 1-based line and column (in chars) of char offset `at`.
fn line_col(chars: &[char], at: usize) -> (usize, usize) {
    let before = &chars[..at.min(chars.len())];
    let line = before.iter().filter(|&&c| c == '\n').count() + 1;
    let col = before.iter().rev().take_while(|&&c| c != '\n').count() + 1;
    (line, col)
}

/// A differing run, shortened in the middle when long: its first 40 and last 10
/// characters around `…(N more)…`.
fn visible_run(chars: &[char]) -> String {
    const HEAD: usize = 40;
    const TAIL: usize = 10;
    if chars.len() <= HEAD + TAIL + 10 {
        return visible(chars);
    }
    format!(
        "{}…({} more)…{}",
        visible(&chars[..HEAD]),
        chars.len() - HEAD - TAIL,
        visible(&chars[chars.len() - TAIL..])
    )
}

/// Makes layout characters visible: space `␣`, newline `⏎`, tab `⇥`, other controls `\u{…}`.
fn visible(chars: &[char]) -> String {
    let mut s = String::new();
    for &c in chars {
        match c {
            ' ' => s.push('␣'),
            '\n' => s.push('⏎'),
            '\t' => s.push('⇥'),
            c if c.is_control() => s.push_str(&format!("\\u{{{:04X}}}", u32::from(c))),
            c => s.push(c),
        }
    }
    s
}

/// The differing regions between two texts, character by character (Myers' diff on
/// Unicode scalar values after trimming the common prefix and suffix), nearby regions
/// merged. Empty when the texts are equal.
///
/// ```
/// use ocrclean::verify::{char_diff, Hunk};
/// assert_eq!(char_diff("城市交通规划", "城市交通现划"), [Hunk { exp: 4..5, act: 4..5 }]);
/// assert!(char_diff("同", "同").is_empty());
/// ```
pub fn char_diff(expected: &str, actual: &str) -> Vec<Hunk> {
    let a: Vec<char> = expected.chars().collect();
    let b: Vec<char> = actual.chars().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    if am.is_empty() && bm.is_empty() {
        return Vec::new();
    }
    let hunks = myers(am, bm, MAX_EDITS).unwrap_or_else(|| {
        vec![Hunk {
            exp: 0..am.len(),
            act: 0..bm.len(),
        }]
    });
    let mut merged: Vec<Hunk> = Vec::new();
    for h in hunks {
        let h = Hunk {
            exp: h.exp.start + prefix..h.exp.end + prefix,
            act: h.act.start + prefix..h.act.end + prefix,
        };
        match merged.last_mut() {
            Some(last) if h.exp.start - last.exp.end <= MERGE_GAP => {
                last.exp.end = h.exp.end;
                last.act.end = h.act.end;
            }
            _ => merged.push(h),
        }
    }
    merged
}

/// Myers' O((N+M)·D) diff; `None` when more than `max_edits` edits are needed.
fn myers(a: &[char], b: &[char], max_edits: usize) -> Option<Vec<Hunk>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m) as usize;
    let off = max as isize + 1;
    let mut v = vec![0isize; 2 * max + 3];
    // trace[d] = v[-d..=d] before step d.
    let mut trace: Vec<Vec<isize>> = Vec::new();
    for d in 0..=max.min(max_edits) as isize {
        trace.push(v[(off - d) as usize..=(off + d) as usize].to_vec());
        for k in (-d..=d).step_by(2) {
            let idx = (off + k) as usize;
            let mut x = if k == -d || (k != d && v[idx - 1] < v[idx + 1]) {
                v[idx + 1]
            } else {
                v[idx - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[idx] = x;
            if x >= n && y >= m {
                return Some(backtrack(&trace, n, m));
            }
        }
    }
    None
}

/// Walks the Myers trace back from the end and groups the edits into hunks.
fn backtrack(trace: &[Vec<isize>], n: isize, m: isize) -> Vec<Hunk> {
    // Edits in reverse: (x, y, is_insert) at the position before the edit.
    let (mut x, mut y) = (n, m);
    let mut edits: Vec<(usize, usize, bool)> = Vec::new();
    for d in (1..trace.len() as isize).rev() {
        let snapshot = &trace[d as usize];
        let at = |k: isize| snapshot[(k + d) as usize];
        let k = x - y;
        let prev_k = if k == -d || (k != d && at(k - 1) < at(k + 1)) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = at(prev_k);
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
        }
        edits.push((prev_x as usize, prev_y as usize, x == prev_x));
        x = prev_x;
        y = prev_y;
    }
    edits.reverse();
    let mut hunks: Vec<Hunk> = Vec::new();
    for (x, y, insert) in edits {
        let (exp, act) = if insert {
            (x..x, y..y + 1)
        } else {
            (x..x + 1, y..y)
        };
        match hunks.last_mut() {
            Some(last) if last.exp.end == exp.start && last.act.end == act.start => {
                last.exp.end = exp.end;
                last.act.end = act.end;
            }
            _ => hunks.push(Hunk { exp, act }),
        }
    }
    hunks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(expected: &str, actual: &str) {
        // Replaying the hunks on `expected` must give `actual`.
        let a: Vec<char> = expected.chars().collect();
        let b: Vec<char> = actual.chars().collect();
        let mut out = Vec::new();
        let mut pos = 0;
        for h in char_diff(expected, actual) {
            out.extend_from_slice(&a[pos..h.exp.start]);
            out.extend_from_slice(&b[h.act.clone()]);
            pos = h.exp.end;
        }
        out.extend_from_slice(&a[pos..]);
        assert_eq!(
            out.iter().collect::<String>(),
            actual,
            "{expected:?} → {actual:?}"
        );
    }

    #[test]
    fn diff_replays() {
        for (e, a) in [
            ("", ""),
            ("", "新"),
            ("旧", ""),
            ("城市交通规划的方法与实践", "城市交通现划的方法与实线"),
            ("abcabba", "cbabac"),
            ("张三、李四", "章三、李四"),
            ("一二三四五六七八九十", "一三四五七八九十十一"),
        ] {
            apply(e, a);
        }
    }

    #[test]
    fn far_apart_changes_are_separate_hunks() {
        let e: String = (0..60)
            .map(|i| char::from_u32(0x4E00 + i).unwrap())
            .collect();
        let mut a: Vec<char> = e.chars().collect();
        a[0] = '丙';
        a[59] = '丁';
        let a: String = a.into_iter().collect();
        let hunks = char_diff(&e, &a);
        assert_eq!(hunks.len(), 2, "{hunks:?}");
        assert_eq!(
            hunks[0],
            Hunk {
                exp: 0..1,
                act: 0..1
            }
        );
    }

    #[test]
    fn hunk_shows_context_offset_and_code_points() {
        let text = describe(
            "x.expected.txt",
            "第一行\n城市交通规划的方法与实践，其一",
            "第一行\n城市交通规划的方法与实践,其一",
        );
        assert!(text.contains("at char 16 (line 2, col 13)"), "{text}");
        assert!(
            text.contains("expected: …交通规划的方法与实践[-，-]其一"),
            "{text}"
        );
        assert!(
            text.contains("actual:   …交通规划的方法与实践{+,+}其一"),
            "{text}"
        );
        assert!(text.contains("U+FF0C → U+002C"), "{text}");
    }

    #[test]
    fn long_runs_are_shortened() {
        let text = describe("f", &"甲".repeat(500), "");
        assert!(
            text.contains(&format!(
                "[-{}…(450 more)…{}-]",
                "甲".repeat(40),
                "甲".repeat(10)
            )),
            "{text}"
        );
    }

    #[test]
    fn spaces_and_newlines_are_visible() {
        let text = describe("f", "提高", "提 高");
        assert!(text.contains("{+␣+}"), "{text}");
    }

    #[test]
    fn too_many_edits_fall_back_to_one_block() {
        let e: String = (0..3000)
            .map(|i| char::from_u32(0x4E00 + i).unwrap())
            .collect();
        let a: String = (0..3000)
            .map(|i| char::from_u32(0x5E00 + i).unwrap())
            .collect();
        assert_eq!(
            char_diff(&e, &a),
            [Hunk {
                exp: 0..3000,
                act: 0..3000
            }]
        );
    }
}

#[cfg(test)]
mod properties {
    use super::char_diff;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn diff_always_leads_from_expected_to_actual(a in "[一二三四五 ab\n]{0,40}", b in "[一二三四五 ab\n]{0,40}") {
            let ea: Vec<char> = a.chars().collect();
            let eb: Vec<char> = b.chars().collect();
            let mut rebuilt = Vec::new();
            let mut pos = 0;
            let hunks = char_diff(&a, &b);
            prop_assert_eq!(hunks.is_empty(), a == b);
            for h in hunks {
                prop_assert!(h.exp.start >= pos);
                rebuilt.extend_from_slice(&ea[pos..h.exp.start]);
                rebuilt.extend_from_slice(&eb[h.act.clone()]);
                pos = h.exp.end;
            }
            rebuilt.extend_from_slice(&ea[pos..]);
            prop_assert_eq!(rebuilt.into_iter().collect::<String>(), b);
        }
    }
}
