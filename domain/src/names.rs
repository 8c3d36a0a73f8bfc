//! The stored names of the domain's enums: each variant's name in the
//! database and in forms, and its label as people say it, written once.

/// Gives an enum `ALL`, `as_str`, `parse`, `label` and `Display` (the stored
/// name) from one list of `Variant => "stored_name", "Label"`.
macro_rules! stored_names {
    ($type:ident { $($variant:ident => $name:literal, $label:literal),+ $(,)? }) => {
        impl $type {
            pub const ALL: &[Self] = &[$(Self::$variant),+];
            /// Each variant's stored name and label, as a form offers them.
            pub const CHOICES: &[(&str, &str)] = &[$(($name, $label)),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name),+
                }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($name => Some(Self::$variant),)+
                    _ => None,
                }
            }

            /// A name read back from the database: one Hearth did not write
            /// is a fault in the data, never a value to guess at.
            pub fn from_stored(text: &str) -> Result<Self, crate::DomainError> {
                Self::parse(text).ok_or_else(|| crate::DomainError::unknown_stored(stringify!($type), text))
            }

            /// How people say it, capitalised as at the start of a sentence.
            pub fn label(self) -> &'static str {
                match self {
                    $(Self::$variant => $label),+
                }
            }
        }

        impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use stored_names;
