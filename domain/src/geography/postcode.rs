use std::fmt;

use super::Outcode;

/// A full UK postcode, such as `DN15 7AB`, written in capitals with one
/// space, and its district.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Postcode {
    outcode: Outcode,
    inward: String,
}

impl Postcode {
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        if compact.is_empty() {
            return Err("Enter a postcode");
        }
        const WRONG: &str = "Enter a full UK postcode, like DN15 7AB";
        if compact.len() < 5 || compact.len() > 7 || !compact.is_ascii() {
            return Err(WRONG);
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let mut inward_chars = inward.chars();
        let inward_ok = inward_chars.next().is_some_and(|c| c.is_ascii_digit())
            && inward_chars.all(|c| c.is_ascii_alphabetic());
        match Outcode::parse(outward) {
            Ok(outcode) if inward_ok => Ok(Self {
                outcode,
                inward: inward.to_owned(),
            }),
            _ => Err(WRONG),
        }
    }

    /// The postcode district, which places the household in an authority.
    pub fn outcode(&self) -> &Outcode {
        &self.outcode
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.outcode, self.inward)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postcode_is_written_in_capitals_with_one_space() {
        for (typed, written) in [
            ("dn157ab", "DN15 7AB"),
            (" SW1A 1aa ", "SW1A 1AA"),
            ("M1 1AE", "M1 1AE"),
            ("b33 8th", "B33 8TH"),
        ] {
            assert_eq!(Postcode::parse(typed).expect(typed).to_string(), written);
        }
        assert_eq!(
            Postcode::parse("SW1A 1AA")
                .expect("valid")
                .outcode()
                .as_str(),
            "SW1A"
        );
    }

    #[test]
    fn something_that_is_not_a_postcode_is_refused() {
        assert_eq!(Postcode::parse(" "), Err("Enter a postcode"));
        for wrong in ["DN15", "12345", "DN15 7A1", "DN15 7ABC", "ÉÉ1 1AA"] {
            assert!(Postcode::parse(wrong).is_err(), "{wrong}");
        }
    }
}
