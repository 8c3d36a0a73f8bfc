//! A query word as Meilisearch matches it, for the embedded index: within
//! the typos its length allows (`domain::search::words::typos_allowed`), a
//! swapped pair counting as one, and a typo on the first letter counting as
//! two. tantivy's fuzzy query has no first-letter rule, so this runs two of
//! its automata side by side and picks by the word's first letter.

use tantivy::Term;
use tantivy::query::{AutomatonWeight, DfaWrapper, EnableScoring, FuzzyTermQuery, Query, Weight};
use tantivy::schema::Field;
use tantivy_fst::Automaton;

/// The terms of `field` near `word` (already folded as the index folds it),
/// or starting with something near it when `prefix`.
#[derive(Clone, Debug)]
pub struct NearWord {
    field: Field,
    word: String,
    typos: u8,
    prefix: bool,
}

impl NearWord {
    pub fn new(field: Field, word: &str, typos: u8, prefix: bool) -> Self {
        Self {
            field,
            word: word.to_owned(),
            typos,
            prefix,
        }
    }

    fn dfa(&self, typos: u8) -> tantivy::Result<DfaWrapper> {
        let term = Term::from_field_text(self.field, &self.word);
        let query = if self.prefix {
            FuzzyTermQuery::new_prefix(term, typos, true)
        } else {
            FuzzyTermQuery::new(term, typos, true)
        };
        query.automaton()
    }

    fn automaton(&self) -> tantivy::Result<FirstLetterCountsTwice> {
        Ok(FirstLetterCountsTwice {
            right_first: self.dfa(self.typos)?,
            // With no typo to spare, a wrong first letter never matches:
            // the exact word's automaton, which begins with the right one.
            wrong_first: self.dfa(self.typos.saturating_sub(1))?,
            first: self
                .word
                .chars()
                .next()
                .map(|c| c.to_string().into_bytes())
                .unwrap_or_default(),
        })
    }
}

impl Query for NearWord {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AutomatonWeight::new(
            self.field,
            self.automaton()?,
        )))
    }
}

struct FirstLetterCountsTwice {
    /// Within all the typos allowed: for terms whose first letter is right.
    right_first: DfaWrapper,
    /// Within one typo fewer: for terms whose first letter is not.
    wrong_first: DfaWrapper,
    /// The query word's first letter, as UTF-8.
    first: Vec<u8>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum First {
    /// This many bytes of the first letter read and right so far.
    Reading(usize),
    Right,
    Wrong,
}

#[derive(Clone, Debug)]
struct State {
    right_first: u32,
    wrong_first: u32,
    first: First,
}

impl Automaton for FirstLetterCountsTwice {
    type State = State;

    fn start(&self) -> State {
        State {
            right_first: self.right_first.start(),
            wrong_first: self.wrong_first.start(),
            first: First::Reading(0),
        }
    }

    fn is_match(&self, state: &State) -> bool {
        match state.first {
            First::Right => self.right_first.is_match(&state.right_first),
            First::Reading(_) | First::Wrong => self.wrong_first.is_match(&state.wrong_first),
        }
    }

    fn can_match(&self, state: &State) -> bool {
        self.wrong_first.can_match(&state.wrong_first)
            || (state.first != First::Wrong && self.right_first.can_match(&state.right_first))
    }

    fn accept(&self, state: &State, byte: u8) -> State {
        let first = match state.first {
            First::Reading(read) if self.first.get(read) == Some(&byte) => {
                if read + 1 == self.first.len() {
                    First::Right
                } else {
                    First::Reading(read + 1)
                }
            }
            First::Reading(_) => First::Wrong,
            settled => settled,
        };
        State {
            right_first: self.right_first.accept(&state.right_first, byte),
            wrong_first: self.wrong_first.accept(&state.wrong_first, byte),
            first,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(query: &str, typos: u8, prefix: bool, term: &str) -> bool {
        let field = tantivy::schema::Schema::builder().add_text_field("t", tantivy::schema::TEXT);
        let automaton = NearWord::new(field, query, typos, prefix)
            .automaton()
            .expect("the automata");
        let mut state = automaton.start();
        for byte in term.bytes() {
            state = automaton.accept(&state, byte);
        }
        automaton.is_match(&state)
    }

    #[test]
    fn one_typo_must_leave_the_first_letter_alone() {
        assert!(matches("hussian", 1, false, "hussain"));
        assert!(matches("clarke", 1, false, "clarke"));
        assert!(!matches("blarke", 1, false, "clarke"));
        assert!(!matches("lcarke", 1, false, "clarke"));
    }

    #[test]
    fn with_two_typos_a_first_letter_typo_takes_both() {
        assert!(matches("mfitzgeraldson", 2, false, "fitzgeraldson"));
        assert!(matches("itzgeraldson", 2, false, "fitzgeraldson"));
        assert!(matches("fitzgeraldsoon", 2, false, "fitzgeraldson"));
        assert!(!matches("gitzgeraldsoon", 2, false, "fitzgeraldson"));
    }

    #[test]
    fn a_prefix_follows_the_same_rule() {
        assert!(matches("clakr", 1, true, "clarkeson"));
        assert!(!matches("blakr", 1, true, "clarkeson"));
    }

    #[test]
    fn a_first_letter_of_several_bytes_is_read_whole() {
        assert!(matches("élodie", 1, false, "élodei"));
        assert!(!matches("élodie", 1, false, "èlodie"));
    }
}
