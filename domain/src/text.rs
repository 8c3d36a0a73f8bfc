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

/// What a field is told when its text is over its limit.
pub fn too_long(max: usize) -> String {
    format!("Keep it to {max} characters or fewer")
}

/// A text field as a form sent it, trimmed: a problem for `field` when it
/// holds more than `max` characters, or, when `missing` says what to enter,
/// when it is empty. The one check every form's text goes through.
pub(crate) fn bounded(
    errors: &mut Vec<crate::FieldError>,
    field: &str,
    text: &str,
    max: usize,
    missing: Option<&str>,
) -> String {
    let text = text.trim();
    match missing {
        Some(missing) if text.is_empty() => errors.push(crate::FieldError::new(field, missing)),
        _ if text.chars().count() > max => {
            errors.push(crate::FieldError::new(field, too_long(max)));
        }
        _ => {}
    }
    text.to_owned()
}

/// [`bounded`] for a form of one field: the text, or why not.
pub(crate) fn bounded_one(
    field: &str,
    text: &str,
    max: usize,
) -> Result<String, crate::DomainError> {
    let mut errors = Vec::new();
    let text = bounded(&mut errors, field, text, max, None);
    if errors.is_empty() {
        Ok(text)
    } else {
        Err(crate::DomainError::InvalidInput(errors))
    }
}

/// `text`, made safe to open in a spreadsheet: a cell that would be read
/// as a formula (starting `=`, `+`, `-`, `@`, a tab or a carriage return)
/// is written with a `'` before it.
pub fn spreadsheet_safe(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// Whether `link` is a web address people may be sent to: https, a
/// valid URL, and no longer than a link box holds.
pub(crate) fn is_https_link(link: &str) -> bool {
    use validator::ValidateUrl;
    link.starts_with("https://") && link.validate_url() && link.len() <= 500
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bounded_field_is_trimmed_and_refused_when_empty_or_too_long() {
        let mut errors = Vec::new();
        assert_eq!(
            bounded(&mut errors, "name", "  Sam  ", 3, Some("Enter a name")),
            "Sam"
        );
        assert!(errors.is_empty());
        bounded(&mut errors, "name", "   ", 3, Some("Enter a name"));
        bounded(&mut errors, "note", "four", 3, None);
        bounded(&mut errors, "place", "", 3, None);
        let said: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            said,
            [
                ("name", "Enter a name"),
                ("note", "Keep it to 3 characters or fewer")
            ]
        );
        assert!(bounded_one("note", "four", 3).is_err());
    }

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
