//! The one rule for every figure Hearth shows or exports about people: small
//! counts are hidden and the rest rounded, so nobody can be picked out by
//! subtracting one figure from another, or by comparing the figures before
//! and after one more household. The equality report uses it, and so must
//! every later report.

/// The smallest count shown as itself (rounded); 1 to 4 are "fewer than 5".
pub const SMALLEST_SHOWN: u64 = 5;

/// A count as it may be shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    /// Nothing at all: shown as it is, since it picks nobody out.
    None,
    /// 1 to 4.
    FewerThanFive,
    /// 5 or more, rounded to the nearest 5.
    About(u64),
}

impl Figure {
    pub fn of(n: u64) -> Self {
        match n {
            0 => Self::None,
            n if n < SMALLEST_SHOWN => Self::FewerThanFive,
            n => Self::About((n + 2) / 5 * 5),
        }
    }

    /// The number that may be given, for an API or an export: none for a
    /// count under 5.
    pub fn shown(self) -> Option<u64> {
        match self {
            Self::None => Some(0),
            Self::FewerThanFive => None,
            Self::About(n) => Some(n),
        }
    }

    /// As a page says it.
    pub fn text(self) -> String {
        match self {
            Self::None => "0".to_owned(),
            Self::FewerThanFive => "fewer than 5".to_owned(),
            Self::About(n) => format!("about {}", grouped(n)),
        }
    }
}

/// `n` with its thousands grouped by commas, as GOV.UK writes numbers.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `numerator` as a percentage of `denominator`, to one decimal place:
/// given only when both are 5 or more, as a rate over a handful of people
/// would say who they are.
pub fn rate(numerator: u64, denominator: u64) -> Option<f64> {
    if numerator < SMALLEST_SHOWN || denominator < SMALLEST_SHOWN {
        return None;
    }
    // Counts of households are far below 2^52: the conversion is exact.
    let percent = numerator as f64 * 100.0 / denominator as f64;
    Some((percent * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_zero_a_handful_is_hidden_and_the_rest_rounded_to_the_nearest_5() {
        assert_eq!(Figure::of(0).text(), "0");
        for n in 1..=4 {
            assert_eq!(Figure::of(n).text(), "fewer than 5", "{n}");
            assert_eq!(Figure::of(n).shown(), None, "{n}");
        }
        assert_eq!(Figure::of(5).shown(), Some(5));
        assert_eq!(Figure::of(7).shown(), Some(5));
        assert_eq!(Figure::of(8).shown(), Some(10));
        assert_eq!(Figure::of(12).text(), "about 10");
        assert_eq!(Figure::of(0).shown(), Some(0));
        assert_eq!(Figure::of(5_296).text(), "about 5,295");
        assert_eq!(Figure::of(1_234_567).text(), "about 1,234,565");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
    }

    #[test]
    fn a_rate_is_given_only_when_both_counts_are_5_or_more() {
        assert_eq!(rate(4, 100), None);
        assert_eq!(rate(5, 4), None);
        assert_eq!(rate(5, 5), Some(100.0));
        assert_eq!(rate(231, 1000), Some(23.1));
        assert_eq!(rate(1, 3), None);
        assert_eq!(rate(10, 30), Some(33.3));
    }
}
