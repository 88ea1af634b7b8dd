//! Numbers and durations as people read them.

use scanner_engine::amount::{format_decimal, group_thousands, Decimals, U256};

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

/// Fraction digits the page shows; the CSV (and the tooltip) keep every digit.
const SHOWN_FRACTION_DIGITS: usize = 8;

/// "1,234.5678 USDC": grouped, with the unit; an amount with more than eight
/// fraction digits is cut there and marked "…" (18-decimal tokens are unreadable
/// otherwise).
pub fn amount_text(raw: U256, decimals: Decimals, unit: &str) -> String {
    let exact = format_decimal(raw, decimals);
    let (whole, fraction) = exact.split_once('.').unwrap_or((&exact, ""));
    let whole = group_thousands(whole);
    match fraction.len() {
        0 => format!("{whole} {unit}"),
        n if n <= SHOWN_FRACTION_DIGITS => format!("{whole}.{fraction} {unit}"),
        _ => format!("{whole}.{}… {unit}", &fraction[..SHOWN_FRACTION_DIGITS]),
    }
}

/// The exact amount, for a tooltip.
pub fn exact_text(raw: U256, decimals: Decimals, unit: &str) -> String {
    format!("{} {unit}", format_decimal(raw, decimals))
}
