use std::fmt;

use serde::{Deserialize, Serialize};
use validator::ValidateEmail;

/// An email address that has been checked for its shape.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        let address = text.trim();
        if address.is_empty() {
            Err("Enter an email address")
        } else if address.validate_email() {
            Ok(Self(address.to_owned()))
        } else {
            Err("Enter an email address in the correct format, like name@example.com")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = &'static str;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<EmailAddress> for String {
    fn from(address: EmailAddress) -> Self {
        address.0
    }
}

/// Addresses are personal data: a debug print never shows one.
impl fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EmailAddress(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::EmailAddress;

    #[test]
    fn an_address_is_trimmed_and_kept() {
        let address = EmailAddress::parse("  carer@example.org ").expect("valid");
        assert_eq!(address.as_str(), "carer@example.org");
    }

    #[test]
    fn text_that_is_not_an_address_is_refused_with_the_gov_uk_wording() {
        assert_eq!(EmailAddress::parse(""), Err("Enter an email address"));
        assert!(EmailAddress::parse("carer.example.org").is_err());
        assert!(EmailAddress::parse("carer@").is_err());
    }

    #[test]
    fn a_debug_print_hides_the_address() {
        let address = EmailAddress::parse("carer@example.org").expect("valid");
        assert!(!format!("{address:?}").contains("carer"));
    }
}
