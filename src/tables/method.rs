//! The prose of a table's `method`: lists, counts and ordinals.

use super::fit::SATURATE;

pub(super) fn ordinal(n: usize) -> &'static str {
    ["first", "second", "third", "fourth", "fifth"]
        .get(n.wrapping_sub(1))
        .copied()
        .unwrap_or("next")
}

pub(super) fn budget_note(over_budget: &[usize]) -> String {
    if over_budget.is_empty() {
        String::new()
    } else {
        format!(
            "; search budget ran out for {} columns",
            list(over_budget.iter().copied())
        )
    }
}

pub(super) fn list(items: impl Iterator<Item = usize>) -> String {
    let v: Vec<String> = items.map(|i| i.to_string()).collect();
    match v.len() {
        0 => String::new(),
        1 => v[0].clone(),
        n => format!("{} or {}", v[..n - 1].join(", "), v[n - 1]),
    }
}

pub(super) fn count(n: u32) -> String {
    if n >= SATURATE {
        format!("{SATURATE} or more")
    } else {
        n.to_string()
    }
}
