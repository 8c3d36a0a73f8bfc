//! Meilisearch's default typo rules, which both adapters follow, and the
//! marking of why a result matched, made here from the record itself so it
//! reads the same whichever index found it.

use unicode_normalization::UnicodeNormalization;

/// How many typos a query word may have and still match: none below 5
/// letters, one from 5, two from 9. A swapped pair of letters is one typo,
/// and a typo on the first letter counts as two ([`typos_between`]).
pub fn typos_allowed(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// A word as it is compared: lower case, accents dropped.
pub fn fold(word: &str) -> String {
    word.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of `text`, each with where it is in `text` (bytes).
pub fn words_in(text: &str) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                words.push((from, &text[from..at]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        words.push((from, &text[from..]));
    }
    words
}

/// The folded words of a query.
pub fn query_words(query: &str) -> Vec<String> {
    words_in(query).into_iter().map(|(_, w)| fold(w)).collect()
}

/// Whether `word` (folded) in a record matches `wanted` (a folded query
/// word) under the typo rules; the last query word also matches the start
/// of a word.
pub fn matches(word: &str, wanted: &str, last: bool) -> bool {
    let allowed = usize::from(typos_allowed(wanted));
    if typos_between(word, wanted) <= allowed {
        return true;
    }
    if !last {
        return false;
    }
    // As a prefix: some start of the word within the typos allowed. Starts
    // longer or shorter than the query word by up to the typos allowed
    // cover an added or a missing letter.
    let letters: Vec<char> = word.chars().collect();
    let wanted_len = wanted.chars().count();
    (wanted_len.saturating_sub(allowed)..=wanted_len + allowed)
        .filter(|len| *len <= letters.len() && *len > 0)
        .any(|len| {
            let start: String = letters[..len].iter().collect();
            typos_between(&start, wanted) <= allowed
        })
}

/// The typos between `word` and `wanted` as Meilisearch counts them: the
/// edits (a swapped pair being one), and one more when the first letter is
/// not the same, so "Blarke" is two typos from "Clarke".
pub fn typos_between(word: &str, wanted: &str) -> usize {
    let edits = strsim::osa_distance(word, wanted);
    if word.chars().next() == wanted.chars().next() {
        edits
    } else {
        edits + 1
    }
}

/// A piece of a field's text, marked when a query word matched it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub matched: bool,
}

/// `text` cut into pieces with each word that matched one of `query`'s
/// words marked; `None` when no word matched.
pub fn mark(text: &str, query: &[String]) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut shown = 0;
    let mut any = false;
    for (at, word) in words_in(text) {
        let folded = fold(word);
        let hit = query
            .iter()
            .enumerate()
            .any(|(i, wanted)| matches(&folded, wanted, i + 1 == query.len()));
        if !hit {
            continue;
        }
        any = true;
        if at > shown {
            pieces.push(Piece {
                text: text[shown..at].to_owned(),
                matched: false,
            });
        }
        pieces.push(Piece {
            text: word.to_owned(),
            matched: true,
        });
        shown = at + word.len();
    }
    if shown < text.len() {
        pieces.push(Piece {
            text: text[shown..].to_owned(),
            matched: false,
        });
    }
    any.then_some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_must_be_exact_and_longer_ones_may_have_one_or_two_typos() {
        assert_eq!(typos_allowed("smit"), 0);
        assert_eq!(typos_allowed("imran"), 1);
        assert_eq!(typos_allowed("hussainov"), 2);
        assert!(!matches("smith", "smth", false), "4 letters: exact only");
        assert!(
            matches("imran", "imarn", false),
            "a swapped pair is one typo"
        );
        assert!(matches("hussain", "husain", false));
        assert!(
            !matches("hussain", "hssan", false),
            "two typos at 5 letters"
        );
    }

    #[test]
    fn a_typo_on_the_first_letter_counts_as_two() {
        assert!(!matches("clarke", "blarke", false));
        assert!(!matches("clarke", "lcarke", false), "a swapped first pair");
        assert!(matches("fitzgeraldson", "itzgeraldson", false));
        assert!(!matches("fitzgeraldson", "gitzgeraldsoon", false));
        assert!(!matches("clarkeson", "blark", true), "a start too");
    }

    #[test]
    fn the_last_word_matches_the_start_of_a_word() {
        assert!(matches("clarke", "clar", true));
        assert!(!matches("clarke", "clar", false));
        assert!(matches("hussain", "huss", true));
        assert!(
            !matches("hussain", "husa", true),
            "4 letters: an exact start"
        );
        assert!(matches("hussain", "husai", true), "a start with a typo");
    }

    #[test]
    fn accents_and_case_are_ignored() {
        assert_eq!(fold("ZOË"), "zoe");
        assert!(matches(&fold("José"), &fold("jose"), false));
    }

    #[test]
    fn only_the_matching_words_are_marked() {
        let query = query_words("imarn");
        let pieces = mark("Imran and Sara Hussain", &query).expect("a match");
        assert_eq!(
            pieces,
            vec![
                Piece {
                    text: "Imran".into(),
                    matched: true
                },
                Piece {
                    text: " and Sara Hussain".into(),
                    matched: false
                },
            ]
        );
        assert_eq!(mark("Sara Hussain", &query_words("clarke")), None);
    }
}
