use std::fmt;

/// An ONS Government Statistical Service code, such as `E06000012`: a country
/// letter, two digits for the kind of area and six for the area itself.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GssCode(String);

impl GssCode {
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        let code = text.trim().to_ascii_uppercase();
        let mut chars = code.chars();
        let country_ok = matches!(chars.next(), Some('E' | 'W' | 'S' | 'N'));
        if code.len() == 9 && country_ok && chars.all(|c| c.is_ascii_digit()) {
            Ok(Self(code))
        } else {
            Err("Enter a GSS code: a letter and 8 digits, like E06000012")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for GssCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::GssCode;

    #[test]
    fn a_code_is_read_whatever_its_case_and_spacing() {
        assert_eq!(
            GssCode::parse(" e06000012 ").map(|c| c.to_string()),
            Ok("E06000012".to_owned())
        );
    }

    #[test]
    fn a_code_of_the_wrong_shape_is_refused() {
        for text in ["", "E0600001", "E060000123", "X06000012", "E06O00012"] {
            assert!(GssCode::parse(text).is_err(), "{text:?} was accepted");
        }
    }
}
