//! Households as the staff index holds them: what finds them (names, email
//! addresses, telephone numbers, postcode, the household number) and what
//! narrows a search (organisation, stage, owner, status, the next deadline).
//! Nothing else: no special category data (health, equality, criminal
//! records) and nothing about children.

use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::port::{Document, First, Schema};
use crate::DomainError;
use crate::accounts::entities::person;
use crate::applications::entities::joint_applicant;
use crate::recruitment::entities::household;
use crate::recruitment::queue_position::phone_digits;

pub const HOUSEHOLDS: Schema = Schema {
    name: "households",
    searchable: &["names", "emails", "phones", "postcode", "number"],
    keywords: &["organisation", "stage", "owner", "status"],
    numbers: &["due"],
    first: Some(First {
        keyword: "status",
        values: &crate::recruitment::history::NOT_CLOSED,
    }),
};

/// The postcode as written and without its space, so either finds it.
fn postcode_forms(postcode: &str) -> String {
    let compact: String = postcode.split_whitespace().collect();
    if compact == postcode {
        compact
    } else {
        format!("{postcode} {compact}")
    }
}

/// Each household's document, read fresh; the ids of those that no longer
/// exist come back as deleted.
pub async fn household_documents(
    conn: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<(Vec<Document>, Vec<String>), DomainError> {
    let rows = household::Entity::find()
        .filter(household::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    let documents = documents_of(conn, &rows).await?;
    let deleted = ids
        .iter()
        .filter(|id| !rows.iter().any(|row| row.id == **id))
        .map(ToString::to_string)
        .collect();
    Ok((documents, deleted))
}

/// The documents of households already read.
pub async fn documents_of(
    conn: &impl ConnectionTrait,
    rows: &[household::Model],
) -> Result<Vec<Document>, DomainError> {
    let ids: Vec<i32> = rows.iter().map(|row| row.id).collect();
    let joint = joint_applicant::Entity::find()
        .filter(joint_applicant::Column::HouseholdId.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    // A joint applicant's email is their account's, which nothing changes
    // after it is made; a way to change it would have to note the household.
    let emails: BTreeMap<i32, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(joint.iter().map(|j| j.person_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.email))
        .collect();
    let mut documents = Vec::with_capacity(rows.len());
    for row in rows {
        let mut names = vec![row.name.clone()];
        let mut addresses = vec![row.email.clone()];
        for applicant in joint.iter().filter(|j| j.household_id == row.id) {
            names.push(applicant.name.clone());
            addresses.extend(emails.get(&applicant.person_id).cloned());
        }
        let mut document = Document::new(row.id.to_string())
            .text("names", names.join(", "))
            .text("emails", addresses.join(" "))
            .text("phones", phone_digits(&row.phone))
            .text("postcode", postcode_forms(&row.postcode))
            .text("number", row.id.to_string())
            .keyword("organisation", row.organisation_id.to_string())
            .keyword("stage", row.stage.clone())
            .keyword("status", row.status.clone());
        if let Some(owner) = row.owner_id {
            document = document.keyword("owner", owner.to_string());
        }
        if let Some(due) = row.due_at {
            document = document.number("due", due.timestamp());
        }
        documents.push(document);
    }
    Ok(documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postcode_is_found_with_or_without_its_space() {
        assert_eq!(postcode_forms("SE1 7PB"), "SE1 7PB SE17PB");
        assert_eq!(postcode_forms("SE17PB"), "SE17PB");
    }
}
