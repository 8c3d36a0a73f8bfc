//! A household becomes a carer household in the transaction that approves
//! it: by the agency decision, on its terms, or by a connected person's
//! temporary approval, for the one child.

use chrono::{DateTime, Months, NaiveDate, Utc};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::entities::carer_household::{self, Column as C};
use crate::DomainError;
use crate::recruitment::entities::household;

/// How a household came to be approved.
pub(crate) enum Approval<'a> {
    /// The agency decision, on its terms: how many children, the youngest
    /// and oldest ages, the kinds of fostering as a JSON list.
    Decided {
        children: i32,
        age_from: i32,
        age_to: i32,
        kinds: &'a str,
    },
    /// A connected person's temporary approval, for one child.
    Temporary,
}

/// The annual review (Fostering Services Regulations, regulation 28) falls
/// due a year after approval.
pub(crate) fn review_due(approved_on: NaiveDate) -> NaiveDate {
    approved_on
        .checked_add_months(Months::new(12))
        .unwrap_or(approved_on)
}

/// Makes `row` a carer household approved on `approved_on`. A connected
/// person approved by the decision after their temporary approval keeps
/// their record, now on the decision's terms and date.
pub(crate) async fn keep_carer_household(
    conn: &impl ConnectionTrait,
    row: &household::Model,
    approval: Approval<'_>,
    approved_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let (children, age_from, age_to, kinds) = match approval {
        Approval::Decided {
            children,
            age_from,
            age_to,
            kinds,
        } => (
            Some(children),
            Some(age_from),
            Some(age_to),
            Some(kinds.to_owned()),
        ),
        Approval::Temporary => (None, None, None, None),
    };
    carer_household::Entity::insert(carer_household::ActiveModel {
        id: NotSet,
        household_id: Set(row.id),
        organisation_id: Set(row.organisation_id),
        approved_on: Set(approved_on),
        connected_person: Set(matches!(approval, Approval::Temporary)),
        children: Set(children),
        age_from: Set(age_from),
        age_to: Set(age_to),
        kinds: Set(kinds),
        supervising_social_worker_id: Set(None),
        review_due_on: Set(review_due(approved_on)),
        left_on: Set(None),
        leaving_ending: Set(None),
        leaving_reason: Set(None),
        service_reference: Set(None),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(C::HouseholdId)
            .update_columns([
                C::OrganisationId,
                C::ApprovedOn,
                C::Children,
                C::AgeFrom,
                C::AgeTo,
                C::Kinds,
                C::ReviewDueOn,
            ])
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// A household moved to another service is that service's carer household
/// now, with no supervising social worker until its manager gives one.
pub(crate) async fn move_carer_household(
    conn: &impl ConnectionTrait,
    household_id: i32,
    organisation_id: i32,
) -> Result<(), DomainError> {
    carer_household::Entity::update_many()
        .col_expr(C::OrganisationId, Expr::value(organisation_id))
        .col_expr(
            C::SupervisingSocialWorkerId,
            Expr::value(Option::<i32>::None),
        )
        .filter(C::HouseholdId.eq(household_id))
        .exec(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_review_falls_due_a_year_after_approval_even_from_a_leap_day() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(review_due(day(2026, 11, 10)), day(2027, 11, 10));
        assert_eq!(review_due(day(2028, 2, 29)), day(2029, 2, 28));
    }
}
