//! Numbers and durations as people read them.

use scanner_engine::amount::group_thousands;

/// `1234567` → `1,234,567`.
pub fn number(n: usize) -> String {
    group_thousands(&n.to_string())
}

/// "1 address", "12,000 addresses".
pub fn count_text(n: usize, one: &str, many: &str) -> String {
    let noun = if n == 1 { one } else { many };
    format!("{} {noun}", number(n))
}

/// A duration in its two largest units: "45 s", "3 min 20 s", "2 h 5 min", "3 d 4 h".
pub fn duration_text(ms: u64) -> String {
    let s = ms.div_ceil(1000);
    match s {
        0..=59 => format!("{s} s"),
        60..=3_599 => format!("{} min {} s", s / 60, s % 60),
        3_600..=86_399 => format!("{} h {} min", s / 3_600, s % 3_600 / 60),
        _ => format!("{} d {} h", s / 86_400, s % 86_400 / 3_600),
    }
}
