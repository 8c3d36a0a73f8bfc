//! The public's index: information events and kinship groups, found by
//! words as well as by postcode, misspellings included. It holds only what
//! the public pages list: information events (never preparation training
//! or a kinship group's own sessions) and open kinship groups, and of them
//! only their title, what they are about, where, and who runs them. Never
//! people. Which of them a page shows is still the page's own rule (coming
//! soon, near the postcode): the index only narrows by words.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use super::indexing::note_change;
use super::port::{Document, Filter, Query, Schema, SearchIndex};
use crate::accounts::entities::organisation;
use crate::kinship::entities::group;
use crate::recruitment::entities::information_event;
use crate::recruitment::events::EventPurpose;
use crate::{DomainError, FieldError};

pub const PUBLIC: Schema = Schema {
    name: "public",
    searchable: &["title", "about", "place", "organisation"],
    keywords: &["kind"],
    numbers: &[],
    first: None,
};

/// The longest words searched for, in characters.
pub const LONGEST_WORDS: usize = 100;
/// The most matches a page narrows its list to.
const MOST_MATCHES: usize = 500;

/// What the public index holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listed {
    InformationEvent,
    KinshipGroup,
}

impl Listed {
    fn keyword(self) -> &'static str {
        match self {
            Self::InformationEvent => "event",
            Self::KinshipGroup => "kinship_group",
        }
    }

    /// The document id of the record `id`.
    pub fn document_id(self, id: i32) -> String {
        format!("{}-{id}", self.keyword())
    }

    fn parse(document_id: &str) -> Option<(Self, i32)> {
        let (kind, id) = document_id.rsplit_once('-')?;
        let kind = [Self::InformationEvent, Self::KinshipGroup]
            .into_iter()
            .find(|k| k.keyword() == kind)?;
        Some((kind, id.parse().ok()?))
    }
}

/// An information event changed (published, cancelled).
pub async fn note_event(
    conn: &impl ConnectionTrait,
    event_id: i32,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let id = Listed::InformationEvent.document_id(event_id);
    note_change(conn, PUBLIC.name, &id, now).await
}

/// A kinship group changed (set up, changed, moved, closed).
pub async fn note_group(
    conn: &impl ConnectionTrait,
    group_id: i32,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let id = Listed::KinshipGroup.document_id(group_id);
    note_change(conn, PUBLIC.name, &id, now).await
}

fn place(venue: Option<&str>, postcode: Option<&str>) -> String {
    match (venue, postcode) {
        (None, None) => "Online".to_owned(),
        (venue, postcode) => [venue, postcode]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The documents of the records named, read fresh; those no longer listed
/// publicly (cancelled, closed, gone, or never public) come back deleted.
pub async fn public_documents(
    conn: &impl ConnectionTrait,
    ids: &BTreeSet<String>,
) -> Result<(Vec<Document>, Vec<String>), DomainError> {
    let wanted: Vec<(Listed, i32)> = ids.iter().filter_map(|id| Listed::parse(id)).collect();
    let of = |kind: Listed| -> Vec<i32> {
        wanted
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| *id)
            .collect()
    };
    let events = information_event::Entity::find()
        .filter(information_event::Column::Id.is_in(of(Listed::InformationEvent)))
        .filter(information_event::Column::Purpose.eq(EventPurpose::Information.as_str()))
        .filter(information_event::Column::CancelledAt.is_null())
        .all(conn)
        .await?;
    let groups = group::Entity::find()
        .filter(group::Column::Id.is_in(of(Listed::KinshipGroup)))
        .filter(group::Column::ClosedAt.is_null())
        .all(conn)
        .await?;
    let organisations: BTreeMap<i32, String> = organisation::Entity::find()
        .filter(
            organisation::Column::Id.is_in(
                events
                    .iter()
                    .map(|e| e.organisation_id)
                    .chain(groups.iter().map(|g| g.organisation_id)),
            ),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let named = |id: i32| organisations.get(&id).cloned().unwrap_or_default();
    let mut documents = Vec::new();
    for event in &events {
        documents.push(
            Document::new(Listed::InformationEvent.document_id(event.id))
                .text("title", &event.title)
                .text("about", &event.description)
                .text(
                    "place",
                    place(event.venue.as_deref(), event.postcode.as_deref()),
                )
                .text("organisation", named(event.organisation_id))
                .keyword("kind", Listed::InformationEvent.keyword()),
        );
    }
    for row in &groups {
        documents.push(
            Document::new(Listed::KinshipGroup.document_id(row.id))
                .text("title", &row.name)
                .text("about", &row.about)
                .text(
                    "place",
                    place(row.venue.as_deref(), row.postcode.as_deref()),
                )
                .text("organisation", named(row.organisation_id))
                .keyword("kind", Listed::KinshipGroup.keyword()),
        );
    }
    let deleted = ids
        .iter()
        .filter(|id| !documents.iter().any(|d| d.id == **id))
        .cloned()
        .collect();
    Ok((documents, deleted))
}

/// Every record the public index should hold, as document ids.
pub async fn public_record_ids(conn: &impl ConnectionTrait) -> Result<Vec<String>, DomainError> {
    let events: Vec<i32> = information_event::Entity::find()
        .select_only()
        .column(information_event::Column::Id)
        .filter(information_event::Column::Purpose.eq(EventPurpose::Information.as_str()))
        .filter(information_event::Column::CancelledAt.is_null())
        .into_tuple()
        .all(conn)
        .await?;
    let groups: Vec<i32> = group::Entity::find()
        .select_only()
        .column(group::Column::Id)
        .filter(group::Column::ClosedAt.is_null())
        .into_tuple()
        .all(conn)
        .await?;
    Ok(events
        .into_iter()
        .map(|id| Listed::InformationEvent.document_id(id))
        .chain(
            groups
                .into_iter()
                .map(|id| Listed::KinshipGroup.document_id(id)),
        )
        .collect())
}

/// The ids of the `kind` of record whose words match `words`, best first:
/// what a public list narrows itself to. `field` names the page's box.
pub async fn public_matches(
    index: &dyn SearchIndex,
    kind: Listed,
    words: &str,
    field: &str,
) -> Result<Vec<i32>, DomainError> {
    let words = words.trim();
    if words.chars().count() > LONGEST_WORDS {
        return Err(DomainError::InvalidInput(vec![FieldError::new(
            field,
            format!("Search for {LONGEST_WORDS} characters or fewer"),
        )]));
    }
    let query = Query {
        words: words.to_owned(),
        filters: vec![Filter::AnyOf {
            field: "kind",
            values: vec![kind.keyword().to_owned()],
        }],
        offset: 0,
        limit: MOST_MATCHES,
    };
    let hits = index.search(&PUBLIC, &query).await.map_err(|error| match error {
        // The page still lists by postcode: say so against the box.
        super::port::SearchError::Unavailable(_) => DomainError::InvalidInput(vec![
            FieldError::new(
                field,
                "Searching by words is not available at the moment: search by postcode, or try again later",
            ),
        ]),
        other => other.into(),
    })?;
    Ok(hits
        .ids
        .iter()
        .filter_map(|id| Listed::parse(id))
        .filter(|(k, _)| *k == kind)
        .map(|(_, id)| id)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_id_names_its_kind_and_record() {
        let id = Listed::KinshipGroup.document_id(12);
        assert_eq!(id, "kinship_group-12");
        assert_eq!(Listed::parse(&id), Some((Listed::KinshipGroup, 12)));
        assert_eq!(Listed::parse("household-3"), None);
    }

    #[test]
    fn a_place_without_a_venue_or_postcode_is_online() {
        assert_eq!(place(None, None), "Online");
        assert_eq!(
            place(Some("The Hub"), Some("TS24 7AB")),
            "The Hub, TS24 7AB"
        );
    }
}
