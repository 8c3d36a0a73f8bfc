//! Staff find households: by any applicant's name, an email address, a
//! telephone number however written, a postcode with or without its space,
//! or the household number, narrowed by stage, owner and lateness. The
//! index is asked only about the reader's own organisations, and every hit
//! is checked against the permission table again before it is shown: an
//! index out of step never shows a household to someone who may not read it.

use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::households::{HOUSEHOLDS, documents_of};
use super::port::{Filter, Query, SearchIndex};
use super::words::{Piece, mark, query_words};
use crate::accounts::entities::organisation;
use crate::audit::{Subject, record_accesses};
use crate::pagination::{Cursor, Direction, Page, PageRequest};
use crate::policy::Permission;
use crate::recruitment::entities::household;
use crate::recruitment::funnel::Stage;
use crate::recruitment::queue_position::phone_digits;
use crate::{Actor, Ctx, DomainError, FieldError};

/// The longest search, in characters.
pub const LONGEST_WORDS: usize = 200;
/// How many results the index counts exactly; past it, a floor.
const COUNTED: usize = 10_000;

/// What to look for; each part narrows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HouseholdSearch {
    pub words: String,
    pub stage: Option<Stage>,
    /// Households given to this person.
    pub owner_id: Option<i32>,
    /// Only those with a deadline passed: compared with now, at the search.
    pub overdue: bool,
}

impl HouseholdSearch {
    fn narrowed(&self) -> bool {
        self.stage.is_some() || self.owner_id.is_some() || self.overdue
    }
}

/// A field of the record that matched, its matching words marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matched {
    /// What the field is, as staff call it.
    pub field: &'static str,
    pub pieces: Vec<Piece>,
}

/// One household found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundHousehold {
    pub id: i32,
    pub name: String,
    pub stage: Stage,
    pub closed: bool,
    pub organisation_id: i32,
    pub organisation: String,
    pub matched: Vec<Matched>,
}

/// The fields of a household's document, as staff call them.
const FIELDS: [(&str, &str); 5] = [
    ("names", "Name"),
    ("emails", "Email"),
    ("phones", "Telephone"),
    ("postcode", "Postcode"),
    ("number", "Household number"),
];

/// A telephone number however it was typed, as the index holds numbers;
/// anything else as typed.
fn as_searched(words: &str) -> String {
    let digits_only = words
        .chars()
        .all(|c| c.is_ascii_digit() || " -()+".contains(c));
    let digits = words.chars().filter(char::is_ascii_digit).count();
    if digits_only && digits >= 6 {
        phone_digits(words)
    } else {
        words.to_owned()
    }
}

fn checked(search: &HouseholdSearch) -> Result<String, DomainError> {
    let words = search.words.trim();
    if words.chars().count() > LONGEST_WORDS {
        return Err(DomainError::InvalidInput(vec![FieldError::new(
            "query",
            format!("Search for {LONGEST_WORDS} characters or fewer"),
        )]));
    }
    if words.is_empty() && !search.narrowed() {
        return Err(DomainError::InvalidInput(vec![FieldError::new(
            "query",
            "Enter a name, email address, telephone number, postcode or household number",
        )]));
    }
    Ok(as_searched(words))
}

/// Where a page starts among the results, and how many it takes: a cursor
/// is a result's place, best first.
fn window(page: &PageRequest) -> Result<(usize, usize), DomainError> {
    let place = |cursor: &Cursor, field: &str| {
        cursor
            .key
            .parse::<usize>()
            .map_err(|_| DomainError::invalid(field, "Use a cursor from this search"))
    };
    let size = usize::try_from(page.size).unwrap_or(usize::MAX).max(1);
    Ok(match page.direction {
        Direction::Forward => match &page.after {
            Some(cursor) => (place(cursor, "after")? + 1, size),
            None => (0, size),
        },
        Direction::Backward => match &page.before {
            Some(cursor) => {
                let end = place(cursor, "before")?;
                (end.saturating_sub(size), size.min(end))
            }
            None => (0, size),
        },
    })
}

/// The households matching `search` that `actor` may read, a page at a
/// time, best first.
pub async fn search_households(
    ctx: &Ctx,
    actor: &Actor,
    index: &dyn SearchIndex,
    search: &HouseholdSearch,
    page: &PageRequest,
) -> Result<Page<FoundHousehold>, DomainError> {
    actor.require_signed_in()?;
    let organisations = actor.organisations_where(Permission::WorkEnquiries);
    if organisations.is_empty() {
        return Err(DomainError::Forbidden);
    }
    let words = checked(search)?;
    let (offset, limit) = window(page)?;
    let mut filters = vec![Filter::AnyOf {
        field: "organisation",
        values: organisations.iter().map(ToString::to_string).collect(),
    }];
    if let Some(stage) = search.stage {
        filters.push(Filter::AnyOf {
            field: "stage",
            values: vec![stage.as_str().to_owned()],
        });
    }
    if let Some(owner) = search.owner_id {
        filters.push(Filter::AnyOf {
            field: "owner",
            values: vec![owner.to_string()],
        });
    }
    if search.overdue {
        filters.push(Filter::Below {
            field: "due",
            value: ctx.clock.now().timestamp(),
        });
    }
    let query = Query {
        words: words.clone(),
        filters,
        offset,
        limit,
    };
    let hits = index.search(&HOUSEHOLDS, &query).await?;
    let ids: Vec<i32> = hits.ids.iter().filter_map(|id| id.parse().ok()).collect();
    let rows: BTreeMap<i32, household::Model> = household::Entity::find()
        .filter(household::Column::Id.is_in(ids.iter().copied()))
        .all(&ctx.db)
        .await?
        .into_iter()
        // Asked again of the permission table, whatever the index said.
        .filter(|row| actor.may(Permission::WorkEnquiries, row.organisation_id))
        .map(|row| (row.id, row))
        .collect();
    let shown: Vec<household::Model> = rows.values().cloned().collect();
    let documents = documents_of(&ctx.db, &shown).await?;
    let names: BTreeMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(rows.values().map(|r| r.organisation_id)))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let wanted = query_words(&words);
    let mut households = Vec::with_capacity(rows.len());
    for (place, id) in ids.iter().copied().enumerate() {
        let Some(row) = rows.get(&id) else {
            continue;
        };
        let document = documents.iter().find(|d| d.id == id.to_string());
        let matched = FIELDS
            .iter()
            .filter_map(|(field, label)| {
                let text = document.and_then(|d| d.text.get(*field))?;
                let pieces = mark(text, &wanted)?;
                Some(Matched {
                    field: label,
                    pieces,
                })
            })
            .collect();
        let cursor = Cursor {
            key: (offset + place).to_string(),
            id,
        };
        households.push((
            cursor,
            FoundHousehold {
                id: row.id,
                name: row.name.clone(),
                stage: Stage::from_stored(&row.stage)?,
                closed: row.status == "closed",
                organisation_id: row.organisation_id,
                organisation: names.get(&row.organisation_id).cloned().unwrap_or_default(),
                matched,
            },
        ));
    }
    // Who searched, where and when, never what for: the words may be a
    // name or a telephone number.
    record_accesses(
        ctx,
        actor,
        organisations
            .iter()
            .map(|organisation| (*organisation, Subject::HouseholdSearch, None)),
    )
    .await?;
    Ok(Page {
        has_previous_page: offset > 0,
        has_next_page: offset + hits.ids.len() < hits.total,
        items: households,
        total_count: u64::try_from(hits.total).unwrap_or(u64::MAX),
        more_than_total: hits.total >= COUNTED,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_telephone_number_is_searched_however_it_was_typed() {
        assert_eq!(as_searched("+44 7700 900-982"), "07700900982");
        assert_eq!(as_searched("07700 900982"), "07700900982");
        assert_eq!(as_searched("Imran 0770"), "Imran 0770");
        assert_eq!(
            as_searched("12345"),
            "12345",
            "a household number stays one"
        );
    }

    #[test]
    fn an_empty_search_with_nothing_to_narrow_it_says_what_to_enter() {
        let error = checked(&HouseholdSearch::default()).expect_err("refused");
        assert_eq!(error.field_errors()[0].field, "query");
        let overdue = HouseholdSearch {
            overdue: true,
            ..HouseholdSearch::default()
        };
        assert_eq!(checked(&overdue).expect("allowed"), "");
    }
}
