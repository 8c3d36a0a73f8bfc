//! Who to suggest for someone waiting for a peer supporter, in the order
//! the coordinator reads them: only supporters with room for another
//! person; then those who know more of the kinds of fostering the person
//! is interested in; then those who share a language with them; then the
//! nearest (between postcode districts). Each suggestion says why.

use crate::geography::miles_between;
use crate::recruitment::interest::FosteringKind;

/// A supporter who might be suggested.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub supporter_id: i32,
    pub name: String,
    pub kinds: Vec<FosteringKind>,
    pub languages: Vec<String>,
    /// Where their postcode district is.
    pub place: Option<(f64, f64)>,
    pub capacity: i32,
    /// The people they support now.
    pub supporting: i32,
}

/// Someone waiting, as matching needs them.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Waiting {
    pub kinds: Vec<FosteringKind>,
    pub languages: Vec<String>,
    pub place: Option<(f64, f64)>,
}

/// A suggested supporter and the reasons, in plain words.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub supporter_id: i32,
    pub name: String,
    pub shared_kinds: Vec<FosteringKind>,
    pub shared_language: Option<String>,
    pub miles: Option<f64>,
    /// How many more people they can support.
    pub room: i32,
    pub why: Vec<String>,
}

fn same_language(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The suggestions for `waiting`, best first.
pub fn suggest(waiting: &Waiting, candidates: &[Candidate]) -> Vec<Suggestion> {
    let mut suggestions: Vec<Suggestion> = candidates
        .iter()
        .filter(|c| c.supporting < c.capacity)
        .map(|c| {
            let shared_kinds: Vec<FosteringKind> = c
                .kinds
                .iter()
                .copied()
                .filter(|k| waiting.kinds.contains(k))
                .collect();
            let shared_language = c
                .languages
                .iter()
                .find(|l| waiting.languages.iter().any(|w| same_language(l, w)))
                .cloned();
            let miles = c.place.zip(waiting.place).map(|(a, b)| miles_between(a, b));
            let room = c.capacity - c.supporting;
            let mut why = vec![format!(
                "Can support {room} more {}",
                if room == 1 { "person" } else { "people" }
            )];
            if !shared_kinds.is_empty() {
                let kinds: Vec<&str> = shared_kinds.iter().map(|k| k.label()).collect();
                why.push(format!("Knows {}", kinds.join(", ").to_lowercase()));
            }
            if let Some(language) = &shared_language {
                why.push(format!("Speaks {language}"));
            }
            if let Some(miles) = miles {
                why.push(format!("About {miles:.0} miles away"));
            }
            Suggestion {
                supporter_id: c.supporter_id,
                name: c.name.clone(),
                shared_kinds,
                shared_language,
                miles,
                room,
                why,
            }
        })
        .collect();
    suggestions.sort_by(|a, b| {
        b.shared_kinds
            .len()
            .cmp(&a.shared_kinds.len())
            .then(
                b.shared_language
                    .is_some()
                    .cmp(&a.shared_language.is_some()),
            )
            .then(match (a.miles, b.miles) {
                (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then(a.name.cmp(&b.name))
    });
    suggestions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(
        id: i32,
        kinds: &[FosteringKind],
        languages: &[&str],
        place: (f64, f64),
    ) -> Candidate {
        Candidate {
            supporter_id: id,
            name: format!("Supporter {id}"),
            kinds: kinds.to_vec(),
            languages: languages.iter().map(|l| (*l).to_owned()).collect(),
            place: Some(place),
            capacity: 2,
            supporting: 0,
        }
    }

    #[test]
    fn suggestions_come_by_room_then_kinds_then_language_then_distance() {
        use FosteringKind::{LongTerm, ShortBreaks, Teenagers};
        let hartlepool = (54.69, -1.21);
        let middlesbrough = (54.57, -1.23);
        let newcastle = (54.97, -1.61);
        let full = Candidate {
            supporting: 2,
            ..candidate(1, &[Teenagers, LongTerm], &["Urdu"], hartlepool)
        };
        let candidates = [
            full,
            candidate(2, &[Teenagers], &["English"], hartlepool),
            candidate(3, &[Teenagers], &["English", "urdu"], newcastle),
            candidate(4, &[Teenagers, LongTerm], &["English"], newcastle),
            candidate(5, &[ShortBreaks], &["English"], hartlepool),
            candidate(6, &[Teenagers], &["English"], middlesbrough),
        ];
        let waiting = Waiting {
            kinds: vec![Teenagers, LongTerm],
            languages: vec!["Urdu".into()],
            place: Some(hartlepool),
        };
        let order: Vec<i32> = suggest(&waiting, &candidates)
            .iter()
            .map(|s| s.supporter_id)
            .collect();
        // 1 is full; 4 knows both kinds; 3 speaks Urdu; then 2 (nearer)
        // before 6; 5 knows none of them.
        assert_eq!(order, [4, 3, 2, 6, 5]);
        let why = &suggest(&waiting, &candidates)[1].why;
        assert!(why.contains(&"Speaks urdu".to_owned()), "{why:?}");
        assert!(
            why.iter().any(|w| w.starts_with("Knows teenagers")),
            "{why:?}"
        );
    }
}
