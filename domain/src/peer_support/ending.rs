//! The end of a relationship: a reminder to both two weeks before its end
//! date, the end itself on the day after (a move in its history), and a
//! short feedback form each side answers once. The coordinator sees the
//! answers only in aggregate, each count through the one suppression rule.

use chrono::Days;
use chrono_tz::Europe::London;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, Set, SqlErr,
};
use serde::{Deserialize, Serialize};

use super::bookings::relationship_path;
use super::entities::{feedback, relationship, supporter};
use super::pair::{Side, pair_of};
use super::requests::RelationshipState;
use crate::figures::Figure;
use crate::jobs::Job;
use crate::notifications::{people_to_tell, tell};
use crate::policy::Permission;
use crate::workflow::{self, Step, Workflow};
use crate::{Actor, Ctx, DomainError, FieldError};

/// How long before the end both are reminded, and may give feedback.
pub const END_NOTICE_DAYS: u64 = 14;

/// The daily job that reminds pairs of their end and ends them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndMentoringRelationships {}

impl Job for EndMentoringRelationships {
    const KIND: &'static str = "peer_support.end_relationships";
    const MAX_ATTEMPTS: i32 = 5;
}

async fn both(
    conn: &impl sea_orm::ConnectionTrait,
    row: &relationship::Model,
) -> Result<Vec<i32>, DomainError> {
    let supporter = supporter::Entity::find_by_id(row.supporter_id)
        .one(conn)
        .await?
        .map(|s| s.person_id);
    Ok([Some(row.mentee_id), supporter]
        .into_iter()
        .flatten()
        .collect())
}

/// Reminds the pairs ending within two weeks (once) and ends those whose
/// end date has passed, telling both. Returns how many it ended.
pub async fn end_mentoring_relationships(ctx: &Ctx, actor: &Actor) -> Result<usize, DomainError> {
    actor.require_system()?;
    let now = ctx.clock.now();
    let today = now.with_timezone(&London).date_naive();
    let soon = today + Days::new(END_NOTICE_DAYS);
    let active = relationship::Entity::find()
        .filter(relationship::Column::State.eq(RelationshipState::Active.as_str()))
        .filter(relationship::Column::EndsOn.lte(soon))
        .all(&ctx.db)
        .await?;
    let mut ended = 0;
    for row in active {
        let txn = ctx.write().await?;
        let path = relationship_path(row.id);
        if row.ends_on < today {
            let moved = relationship::Entity::update_many()
                .col_expr(
                    relationship::Column::State,
                    Expr::value(RelationshipState::Ended.as_str()),
                )
                .col_expr(relationship::Column::EndedAt, Expr::value(now))
                .filter(relationship::Column::Id.eq(row.id))
                .filter(relationship::Column::State.eq(RelationshipState::Active.as_str()))
                .exec(&*txn)
                .await?;
            if moved.rows_affected == 1 {
                workflow::record(
                    &*txn,
                    Step {
                        workflow: Workflow::MentoringRelationship,
                        record_id: row.id,
                        household_id: None,
                        at: now,
                        actor_id: None,
                        event: "end",
                        from: RelationshipState::Active.as_str(),
                        to: RelationshipState::Ended.as_str(),
                        reason: Some("It reached its end date"),
                    },
                )
                .await?;
                let told = people_to_tell(&*txn, &both(&*txn, &row).await?).await?;
                tell(&*txn, told, &path, now, now).await?;
                ended += 1;
            }
        } else if row.end_reminded_at.is_none() {
            let marked = relationship::Entity::update_many()
                .col_expr(relationship::Column::EndRemindedAt, Expr::value(now))
                .filter(relationship::Column::Id.eq(row.id))
                .filter(relationship::Column::EndRemindedAt.is_null())
                .exec(&*txn)
                .await?;
            if marked.rows_affected == 1 {
                let told = people_to_tell(&*txn, &both(&*txn, &row).await?).await?;
                tell(&*txn, told, &path, now, now).await?;
            }
        }
        txn.commit().await?;
    }
    Ok(ended)
}

/// Whether the pair may give feedback: ended, or ending within two weeks.
pub(crate) fn feedback_open(row: &relationship::Model, today: chrono::NaiveDate) -> bool {
    row.state == RelationshipState::Ended.as_str()
        || row.ends_on <= today + Days::new(END_NOTICE_DAYS)
}

/// One side's answers: how much it helped (1 to 5) and whether they would
/// recommend it. Once a side.
pub async fn give_feedback(
    ctx: &Ctx,
    actor: &Actor,
    relationship_id: i32,
    helped: Option<i32>,
    would_recommend: Option<bool>,
) -> Result<(), DomainError> {
    let pair = pair_of(&ctx.db, actor, relationship_id).await?;
    let now = ctx.clock.now();
    if !feedback_open(&pair.relationship, now.with_timezone(&London).date_naive()) {
        return Err(DomainError::Conflict(
            "You can give feedback in the last two weeks of your time together".into(),
        ));
    }
    let mut errors = Vec::new();
    if !helped.is_some_and(|h| (1..=5).contains(&h)) {
        errors.push(FieldError::new("helped", "Choose how much it helped"));
    }
    if would_recommend.is_none() {
        errors.push(FieldError::new(
            "would_recommend",
            "Choose whether you would recommend it",
        ));
    }
    let (Some(helped), Some(would_recommend)) = (helped, would_recommend) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let txn = ctx.write().await?;
    feedback::ActiveModel {
        id: NotSet,
        relationship_id: Set(pair.relationship.id),
        person_id: Set(actor.person_id().ok_or(DomainError::NotFound)?),
        side: Set(pair.side.as_str().to_owned()),
        helped: Set(helped),
        would_recommend: Set(would_recommend),
        given_at: Set(now),
    }
    .insert(&*txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            DomainError::Conflict("You have already given your feedback: thank you".into())
        }
        _ => e.into(),
    })?;
    txn.commit().await?;
    Ok(())
}

/// One side's feedback in aggregate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FeedbackFigures {
    pub side: Side,
    pub answers: Figure,
    /// How many said it helped a lot (4 or 5).
    pub helped_a_lot: Figure,
    pub would_recommend: Figure,
}

/// The organisation's feedback, each side in aggregate: for coordinators.
pub async fn feedback_figures(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<Vec<FeedbackFigures>, DomainError> {
    actor.require(Permission::CoordinatePeerSupport, organisation_id)?;
    let relationships: Vec<i32> = relationship::Entity::find()
        .filter(relationship::Column::OrganisationId.eq(organisation_id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let answers = feedback::Entity::find()
        .filter(feedback::Column::RelationshipId.is_in(relationships))
        .all(&ctx.db)
        .await?;
    let count = |side: Side, keep: &dyn Fn(&feedback::Model) -> bool| {
        let n = answers
            .iter()
            .filter(|a| a.side == side.as_str() && keep(a))
            .count();
        Figure::of(u64::try_from(n).unwrap_or(u64::MAX))
    };
    Ok([Side::Mentee, Side::Supporter]
        .into_iter()
        .map(|side| FeedbackFigures {
            side,
            answers: count(side, &|_| true),
            helped_a_lot: count(side, &|a| a.helped >= 4),
            would_recommend: count(side, &|a| a.would_recommend),
        })
        .collect())
}
