//! "What support can I get?": for the arrangement a kinship carer has, in
//! plain words, what it can bring, each marked as something the council
//! must do or may do, and the child's council with its kinship local offer.
//! The words and their sources are in `data/kinship-support.csv`, so they
//! can be corrected without code. General information, never legal advice:
//! pages always say to check with the council.

use std::sync::LazyLock;

use sea_orm::EntityTrait;
use serde::Deserialize;

use crate::accounts::entities::organisation_profile;
use crate::accounts::local_authority_organisation;
use crate::geography::entities::postcode_district;
use crate::geography::{Outcode, Postcode};
use crate::names::stored_names;
use crate::{Ctx, DomainError};

/// A kinship arrangement, as a carer would say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Arrangement {
    NoOrder,
    ChildArrangementsOrder,
    SpecialGuardianshipOrder,
    ConnectedPerson,
    PrivateFostering,
    NotSure,
}

stored_names!(Arrangement {
    NoOrder => "no_order", "No court order: a family arrangement",
    ChildArrangementsOrder => "child_arrangements_order", "A child arrangements order (the child lives with me)",
    SpecialGuardianshipOrder => "special_guardianship_order", "A special guardianship order",
    ConnectedPerson => "connected_person", "I am the foster carer of a child I know",
    PrivateFostering => "private_fostering", "Private fostering: I am not a close relative",
    NotSure => "not_sure", "I am not sure",
});

/// Whether the council must do something, may, or neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Duty {
    Must,
    May,
    /// Said for clarity: something the arrangement does not bring.
    None,
}

/// One arrangement's meaning and what it can bring.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArrangementSupport {
    pub arrangement: Arrangement,
    pub meaning: String,
    pub support: Vec<(Duty, String)>,
    /// Where the words come from.
    pub sources: Vec<String>,
}

/// The child's council, with its kinship local offer if its staff gave one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Council {
    pub name: String,
    pub local_offer: Option<String>,
}

/// What the page says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupportAnswer {
    /// The arrangement's, or every one when the carer is not sure.
    pub arrangements: Vec<ArrangementSupport>,
    pub council: Option<Council>,
}

#[derive(Deserialize)]
struct Row {
    arrangement: String,
    part: String,
    text: String,
    source: String,
}

/// The data file, read once.
static SUPPORT: LazyLock<Vec<ArrangementSupport>> = LazyLock::new(|| {
    let rows: Vec<Row> =
        csv::Reader::from_reader(include_str!("../../data/kinship-support.csv").as_bytes())
            .deserialize()
            .filter_map(Result::ok)
            .collect();
    Arrangement::ALL
        .iter()
        .filter(|a| **a != Arrangement::NotSure)
        .map(|arrangement| {
            let own: Vec<&Row> = rows
                .iter()
                .filter(|r| r.arrangement == arrangement.as_str())
                .collect();
            let mut sources: Vec<String> = Vec::new();
            for row in &own {
                if !sources.contains(&row.source) {
                    sources.push(row.source.clone());
                }
            }
            ArrangementSupport {
                arrangement: *arrangement,
                meaning: own
                    .iter()
                    .find(|r| r.part == "meaning")
                    .map(|r| r.text.clone())
                    .unwrap_or_default(),
                support: own
                    .iter()
                    .filter_map(|r| {
                        let duty = match r.part.as_str() {
                            "must" => Duty::Must,
                            "may" => Duty::May,
                            "none" => Duty::None,
                            _ => return None,
                        };
                        Some((duty, r.text.clone()))
                    })
                    .collect(),
                sources,
            }
        })
        .collect()
});

/// What `arrangement` can bring, and the council where the child lives
/// (by postcode or its first half), with its kinship local offer.
pub async fn kinship_support(
    ctx: &Ctx,
    arrangement: Option<Arrangement>,
    postcode: &str,
) -> Result<SupportAnswer, DomainError> {
    let mut errors = Vec::new();
    if arrangement.is_none() {
        errors.push(crate::FieldError::new(
            "arrangement",
            "Select the arrangement you have, or that you are not sure",
        ));
    }
    let outcode = match Postcode::parse(postcode) {
        Ok(full) => Some(full.outcode().clone()),
        Err(_) => Outcode::parse(postcode).ok(),
    };
    if outcode.is_none() {
        errors.push(crate::FieldError::new(
            "postcode",
            "Enter the postcode where the child lives, like NE1 4ST, or its first half, like NE1",
        ));
    }
    let (Some(arrangement), Some(outcode), true) = (arrangement, outcode, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let arrangements = SUPPORT
        .iter()
        .filter(|s| arrangement == Arrangement::NotSure || s.arrangement == arrangement)
        .cloned()
        .collect();
    let council = match postcode_district::Entity::find_by_id(outcode.as_str())
        .one(&ctx.db)
        .await?
    {
        Some(district) => {
            let organisation =
                local_authority_organisation(ctx, &district.authority_gss_code).await?;
            let local_offer = match organisation {
                Some(id) => organisation_profile::Entity::find_by_id(id)
                    .one(&ctx.db)
                    .await?
                    .map(|p| p.kinship_local_offer)
                    .filter(|link| !link.trim().is_empty()),
                None => None,
            };
            Some(Council {
                name: district.authority_name,
                local_offer,
            })
        }
        None => None,
    };
    Ok(SupportAnswer {
        arrangements,
        council,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_arrangement_has_its_meaning_what_it_brings_and_sources_and_no_placeholder() {
        let lines = include_str!("../../data/kinship-support.csv")
            .lines()
            .count();
        let rows: usize = SUPPORT.iter().map(|s| 1 + s.support.len()).sum();
        assert_eq!(rows, lines - 1, "every line reads");
        assert_eq!(SUPPORT.len(), Arrangement::ALL.len() - 1);
        for s in SUPPORT.iter() {
            assert!(
                s.meaning.len() > 40,
                "{:?} says what it means",
                s.arrangement
            );
            assert!(
                !s.support.is_empty(),
                "{:?} says what it brings",
                s.arrangement
            );
            assert!(
                s.sources.iter().all(|u| u.starts_with("http")),
                "{:?} gives its sources",
                s.arrangement
            );
            let words = std::iter::once(&s.meaning).chain(s.support.iter().map(|(_, t)| t));
            for text in words {
                let lower = text.to_lowercase();
                for placeholder in [
                    "todo",
                    "tbc",
                    "tbd",
                    "lorem",
                    "xxx",
                    "placeholder",
                    "fixme",
                    "...",
                ] {
                    assert!(!lower.contains(placeholder), "{placeholder} in {text}");
                }
            }
        }
        assert!(
            SUPPORT
                .iter()
                .any(|s| s.support.iter().any(|(d, _)| *d == Duty::Must)),
            "some duties are the council's"
        );
    }
}
