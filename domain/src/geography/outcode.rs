use std::fmt;

/// The outward part of a postcode (the postcode district), such as `DN15` or
/// `SW1A`: what Hearth needs to place a household in a local authority.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Outcode(String);

impl Outcode {
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        let code = text.trim().to_ascii_uppercase();
        let letters = code.chars().take_while(|c| c.is_ascii_alphabetic()).count();
        let rest = &code[letters..];
        let shape_ok = (1..=2).contains(&letters)
            && rest.starts_with(|c: char| c.is_ascii_digit())
            && rest.len() <= 2
            && rest.chars().all(|c| c.is_ascii_alphanumeric());
        if shape_ok {
            Ok(Self(code))
        } else {
            Err("Enter a postcode district, like DN15 or SW1A")
        }
    }

    /// The leading letters, such as `DN` or `SW`.
    pub fn area(&self) -> &str {
        let digits_start = self.0.find(|c: char| c.is_ascii_digit());
        &self.0[..digits_start.unwrap_or(self.0.len())]
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Outcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Outcode;

    #[test]
    fn districts_of_every_shape_are_read() {
        for (text, area) in [
            ("dn15", "DN"),
            ("S70", "S"),
            ("SW1A", "SW"),
            ("EC1A", "EC"),
            ("W1", "W"),
        ] {
            let outcode = Outcode::parse(text).expect(text);
            assert_eq!(outcode.area(), area);
        }
    }

    #[test]
    fn things_that_are_not_districts_are_refused() {
        for text in ["", "1AB", "ABC1", "SW1A1", "SW1A 1AA", "D"] {
            assert!(Outcode::parse(text).is_err(), "{text:?} was accepted");
        }
    }
}
