//! Exact amounts: integers in base units (U256) and their decimal text.

pub use alloy_primitives::U256;

/// How many decimals a token has. At most 77: 10^77 is the largest power of ten
/// below 2^256, so any U256 amount can be shown exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Decimals(u8);

/// Token decimals above 77.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("decimals must be between 0 and 77, not {0}")]
pub struct DecimalsOutOfRange(pub u8);

impl Decimals {
    pub const MAX: u8 = 77;

    pub fn new(decimals: u8) -> Result<Self, DecimalsOutOfRange> {
        if decimals <= Self::MAX {
            Ok(Decimals(decimals))
        } else {
            Err(DecimalsOutOfRange(decimals))
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Decimals {
    type Error = DecimalsOutOfRange;
    fn try_from(decimals: u8) -> Result<Self, Self::Error> {
        Decimals::new(decimals)
    }
}

impl From<Decimals> for u8 {
    fn from(decimals: Decimals) -> u8 {
        decimals.0
    }
}

/// `raw` base units as an exact decimal: no exponent, trailing zeros and a trailing
/// dot removed (`0.001`, `12`, `1.5`), as the CSV export's `balance` column wants.
///
/// The integer's base-10 digits with a point set `decimals` from the right: all
/// the job needs. (alloy's `format_units` did the same through its unit types,
/// at 17 KB of wasm.)
pub fn format_decimal(raw: U256, decimals: Decimals) -> String {
    let places = usize::from(decimals.get());
    let digits = raw.to_string();
    if places == 0 {
        return digits;
    }
    // At least one digit before the point: 5 at 3 decimals is 0.005.
    let digits = format!("{digits:0>width$}", width = places + 1);
    let (integer, fraction) = digits.split_at(digits.len() - places);
    match fraction.trim_end_matches('0') {
        "" => integer.to_string(),
        fraction => format!("{integer}.{fraction}"),
    }
}

/// A decimal text with thousands separators in its integer part, for people to
/// read: `1234567.5` becomes `1,234,567.5`.
pub fn group_thousands(decimal: &str) -> String {
    let (integer, fraction) = match decimal.split_once('.') {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (decimal, None),
    };
    let mut grouped = String::with_capacity(decimal.len() + integer.len() / 3);
    for (position, digit) in integer.chars().enumerate() {
        if position > 0 && (integer.len() - position) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if let Some(fraction) = fraction {
        grouped.push('.');
        grouped.push_str(fraction);
    }
    grouped
}

/// Fraction digits people are shown; the CSV (and the tooltip) keep every digit.
const SHOWN_FRACTION_DIGITS: usize = 8;

/// Significant digits shown of an amount under 10^-8, whose first eight
/// fraction digits are all zeros.
const SHOWN_SIGNIFICANT_DIGITS: usize = 4;

/// `raw` as people read it: "1,234.5678 USDC", grouped, with the unit. An amount
/// with more than eight fraction digits is cut there and marked "…" (18-decimal
/// tokens are unreadable otherwise), unless that would show a funded balance
/// as "0.00000000…" (dust, as sent in address poisoning): then it is cut after
/// its first four significant digits ("0.0000000000001234… BNB").
pub fn amount_text(raw: U256, decimals: Decimals, unit: &str) -> String {
    let exact = format_decimal(raw, decimals);
    let (whole, fraction) = exact.split_once('.').unwrap_or((&exact, ""));
    let shown = match fraction.find(|c| c != '0') {
        Some(first) if whole == "0" && first >= SHOWN_FRACTION_DIGITS => {
            first + SHOWN_SIGNIFICANT_DIGITS
        }
        _ => SHOWN_FRACTION_DIGITS,
    };
    let whole = group_thousands(whole);
    match fraction.len() {
        0 => format!("{whole} {unit}"),
        n if n <= shown => format!("{whole}.{fraction} {unit}"),
        _ => format!("{whole}.{}… {unit}", &fraction[..shown]),
    }
}

/// The exact amount with its unit, for a tooltip: "0.000000000000000001 BNB".
pub fn exact_text(raw: U256, decimals: Decimals, unit: &str) -> String {
    format!("{} {unit}", format_decimal(raw, decimals))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn decimals(d: u8) -> Decimals {
        Decimals::new(d).unwrap()
    }

    #[test]
    fn contract_examples() {
        assert_eq!(format_decimal(U256::from(100_000u64), decimals(8)), "0.001");
        assert_eq!(
            format_decimal(U256::from(1_200_000_000u64), decimals(8)),
            "12"
        );
        assert_eq!(format_decimal(U256::from(1_500_000u64), decimals(6)), "1.5");
    }

    #[test]
    fn amounts_people_read_are_grouped_and_cut_at_eight_fraction_digits() {
        let raw = U256::from(123_456_789_012_345u64);
        assert_eq!(
            amount_text(raw, decimals(8), "BTC"),
            "1,234,567.89012345 BTC"
        );
        assert_eq!(amount_text(raw, decimals(18), "BNB"), "0.00012345… BNB");
        assert_eq!(
            exact_text(raw, decimals(18), "BNB"),
            "0.000123456789012345 BNB"
        );
        assert_eq!(amount_text(U256::from(5u8), decimals(0), "X"), "5 X");
    }

    #[test]
    fn dust_shows_its_first_significant_digits_not_zeros() {
        // Under 10^-8 the first eight digits are zeros: a funded balance must
        // not read as "0.00000000…".
        assert_eq!(
            amount_text(U256::from(123_456u64), decimals(18), "BNB"),
            "0.0000000000001234… BNB"
        );
        assert_eq!(
            amount_text(U256::from(1u8), decimals(18), "BNB"),
            "0.000000000000000001 BNB"
        );
        assert_eq!(
            amount_text(U256::from(12u8), decimals(10), "X"),
            "0.0000000012 X"
        );
        // From 10^-8 up, and with a whole part, eight digits as before.
        assert_eq!(
            amount_text(U256::from(10_000_000_000u64), decimals(18), "BNB"),
            "0.00000001 BNB"
        );
        assert_eq!(
            amount_text(U256::from(10u64.pow(18) + 1), decimals(18), "BNB"),
            "1.00000000… BNB"
        );
    }

    #[test]
    fn edge_amounts() {
        assert_eq!(format_decimal(U256::ZERO, decimals(18)), "0");
        assert_eq!(
            format_decimal(U256::from(1u8), decimals(18)),
            "0.000000000000000001"
        );
        assert_eq!(format_decimal(U256::from(1u8), decimals(0)), "1");
        assert_eq!(format_decimal(U256::from(10u8), decimals(0)), "10");
        assert_eq!(
            format_decimal(U256::MAX, decimals(18)),
            "115792089237316195423570985008687907853269984665640564039457.584007913129639935"
        );
        assert_eq!(
            format_decimal(U256::MAX, decimals(77)),
            "1.15792089237316195423570985008687907853269984665640564039457584007913129639935"
        );
        // More than 2^64 base units.
        assert_eq!(
            format_decimal(U256::from(u64::MAX) + U256::from(1u8), decimals(9)),
            "18446744073.709551616"
        );
    }

    #[test]
    fn decimals_above_77_are_refused_with_the_value() {
        assert_eq!(
            Decimals::new(78).unwrap_err().to_string(),
            "decimals must be between 0 and 77, not 78"
        );
        assert!(serde_json::from_str::<Decimals>("200").is_err());
        assert_eq!(serde_json::from_str::<Decimals>("6").unwrap(), decimals(6));
    }

    #[test]
    fn thousands_are_grouped_in_the_integer_part_only() {
        assert_eq!(group_thousands("0"), "0");
        assert_eq!(group_thousands("999"), "999");
        assert_eq!(group_thousands("1000"), "1,000");
        assert_eq!(group_thousands("1234567.123456"), "1,234,567.123456");
        assert_eq!(group_thousands("12345.5"), "12,345.5");
    }

    /// Parses an exported decimal back into base units, the way a spreadsheet user
    /// would read it, to check that formatting loses nothing.
    fn parse_decimal(text: &str, decimals: u8) -> U256 {
        let (integer, fraction) = text.split_once('.').unwrap_or((text, ""));
        let padded = format!("{integer}{fraction:0<width$}", width = decimals as usize);
        U256::from_str_radix(&padded, 10).unwrap()
    }

    proptest! {
        #[test]
        fn formatting_is_exact_and_canonical(limbs in any::<[u64; 4]>(), d in 0u8..=77) {
            let raw = U256::from_limbs(limbs);
            let text = format_decimal(raw, decimals(d));
            prop_assert!(!text.contains('e') && !text.ends_with('.'));
            if text.contains('.') {
                prop_assert!(!text.ends_with('0'), "{}", text);
            }
            prop_assert_eq!(parse_decimal(&text, d), raw);
        }

        #[test]
        fn grouping_only_adds_commas(limbs in any::<[u64; 4]>(), d in 0u8..=77) {
            let text = format_decimal(U256::from_limbs(limbs), decimals(d));
            let grouped = group_thousands(&text);
            prop_assert_eq!(grouped.replace(',', ""), text);
        }
    }
}
