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

/// `part / whole` as a decimal with `digits` fraction digits, cut (not rounded),
/// for CSS values: `ratio_text(1, 3, 4)` is `0.3333`. Integer arithmetic only:
/// formatting a float would link the float printer into the page. A `whole` of
/// zero reads as zero.
pub fn ratio_text(part: u64, whole: u64, digits: u32) -> String {
    let scale = 10u64.pow(digits);
    // Counts of addresses times at most 10^4: far from overflowing a u64.
    let scaled = part.saturating_mul(scale).checked_div(whole).unwrap_or(0);
    if digits == 0 {
        return scaled.to_string();
    }
    format!(
        "{}.{:0width$}",
        scaled / scale,
        scaled % scale,
        width = digits as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn ratios_are_cut_to_their_digits_and_a_zero_whole_is_zero() {
        assert_eq!(ratio_text(1, 3, 4), "0.3333");
        assert_eq!(ratio_text(2, 3, 4), "0.6666");
        assert_eq!(ratio_text(5, 5, 4), "1.0000");
        assert_eq!(ratio_text(995 * 100, 1000, 1), "99.5");
        assert_eq!(ratio_text(999 * 100, 1000, 0), "99");
        assert_eq!(ratio_text(7, 0, 2), "0.00");
        // 500,000 addresses of 500,000, as a percentage at four digits.
        assert_eq!(ratio_text(500_000 * 100, 500_000, 4), "100.0000");
    }

    #[wasm_bindgen_test]
    fn numbers_and_durations_read_as_people_write_them() {
        assert_eq!(number(1_234_567), "1,234,567");
        assert_eq!(count_text(1, "address", "addresses"), "1 address");
        assert_eq!(
            count_text(12_000, "address", "addresses"),
            "12,000 addresses"
        );
        assert_eq!(duration_text(45_000), "45 s");
        assert_eq!(duration_text(200_000), "3 min 20 s");
        assert_eq!(duration_text(7_500_000), "2 h 5 min");
    }
}
