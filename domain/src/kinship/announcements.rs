//! A facilitator's message to their group. The email only says there is
//! a message; its words are on the group's page, for members.

use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, Set};

use super::entities::{announcement, membership};
use super::groups::facilitated_group;
use super::membership::MembershipState;
use crate::notifications::{people_to_tell, tell};
use crate::text::bounded;
use crate::{Actor, Ctx, DomainError};

const MAX_TITLE: usize = 120;
const MAX_BODY: usize = 4_000;

/// Posts an announcement to a group the actor facilitates and tells each
/// member there is a message.
pub async fn post_announcement(
    ctx: &Ctx,
    actor: &Actor,
    group_id: i32,
    title: &str,
    body: &str,
) -> Result<i32, DomainError> {
    let found = facilitated_group(&ctx.db, actor, group_id).await?;
    let mut errors = Vec::new();
    let title = bounded(
        &mut errors,
        "title",
        title,
        MAX_TITLE,
        Some("Enter a title"),
    );
    let body = bounded(
        &mut errors,
        "body",
        body,
        MAX_BODY,
        Some("Enter the message"),
    );
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let row = announcement::ActiveModel {
        id: NotSet,
        group_id: Set(found.id),
        title: Set(title),
        body: Set(body),
        posted_by_id: Set(actor.person_id()),
        posted_at: Set(now),
    }
    .insert(&*txn)
    .await?;
    let members: Vec<i32> = membership::Entity::find()
        .filter(membership::Column::GroupId.eq(found.id))
        .filter(membership::Column::State.eq(MembershipState::Member.as_str()))
        .all(&*txn)
        .await?
        .into_iter()
        .map(|m| m.person_id)
        .collect();
    let path = format!("/kinship/groups/{}", found.id);
    tell(
        &*txn,
        people_to_tell(&*txn, &members).await?,
        &path,
        now,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}
