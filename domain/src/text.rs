//! Text as it arrives from outside, made fit to keep: line endings become
//! `\n`, and control characters are refused before anything stores them.
//! (PostgreSQL cannot store NUL at all, SQLite stores it silently, and
//! neither belongs in a name or a note.) Every face passes every text it
//! receives through [`clean`] once, at its edge.

use std::borrow::Cow;

/// A character that no text Hearth keeps may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Remove the control character (U+{:04X}): it cannot be kept", *.0 as u32)]
pub struct ControlCharacter(pub char);

/// What a field is told when its text holds a control character.
pub const CONTROL_CHARACTER_MESSAGE: &str =
    "Remove the character that cannot be used here (a control character, such as NUL)";

/// Whether `c` is refused: a C0 or C1 control character or DEL, except the
/// tab and the line feed, which text pasted into a box may fairly hold.
fn refused(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

/// `text` with CRLF and lone CR as LF, or the first control character it
/// holds. Borrowed when nothing needed changing.
pub fn clean(text: &str) -> Result<Cow<'_, str>, ControlCharacter> {
    if let Some(c) = text.chars().find(|&c| c != '\r' && refused(c)) {
        return Err(ControlCharacter(c));
    }
    if !text.contains('\r') {
        return Ok(Cow::Borrowed(text));
    }
    Ok(Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_become_line_feeds() {
        assert_eq!(clean("a\r\nb\rc\nd").as_deref(), Ok("a\nb\nc\nd"));
    }

    #[test]
    fn plain_text_is_kept_as_it_came() {
        assert!(matches!(clean("Ré Smith\tjr"), Ok(Cow::Borrowed(_))));
    }

    #[test]
    fn nul_and_other_control_characters_are_refused() {
        for bad in ["a\0b", "\u{7}", "\u{1b}[31m", "\u{7f}", "\u{85}"] {
            assert!(clean(bad).is_err(), "{bad:?}");
        }
    }
}
