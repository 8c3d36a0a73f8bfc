//! Why enquiries close: the standard list every service starts with, and
//! the reasons its recruitment managers add to it.

use sea_orm::ConnectionTrait;

use super::contact::ClosureReason;
use crate::reason_lists::{self, Choice, Entry, standard_reasons};
use crate::{Actor, Ctx, DomainError, Named};

// Those who close enquiries choose; the recruitment managers keep the list.
standard_reasons!(ClosureReason, "closure", ManageRecruitment, WorkEnquiries);

pub type ReasonChoice = Choice<ClosureReason>;
pub type ReasonEntry = Entry<ClosureReason>;

/// The reasons the organisation's staff choose from when closing.
pub async fn closure_reasons(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<Vec<ReasonEntry>, DomainError> {
    reason_lists::reasons(ctx, actor, organisation_id).await
}

/// Adds a reason to the organisation's list: for its recruitment managers.
pub async fn add_closure_reason(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    label: &str,
) -> Result<i32, DomainError> {
    reason_lists::add_reason::<ClosureReason>(ctx, actor, organisation_id, label).await
}

/// Takes an added reason off the list; closures that gave it keep it.
pub async fn retire_closure_reason(
    ctx: &Ctx,
    actor: &Actor,
    reason: Named,
) -> Result<(), DomainError> {
    reason_lists::retire_reason::<ClosureReason>(ctx, actor, reason).await
}

/// Whether `choice` may close a household of `organisation_id` now.
pub(super) async fn offered(
    conn: &impl ConnectionTrait,
    choice: ReasonChoice,
    organisation_id: i32,
) -> Result<bool, DomainError> {
    reason_lists::offered(conn, choice, organisation_id).await
}

/// How a stored reason code reads.
pub(super) async fn reason_labels(
    conn: &impl ConnectionTrait,
    codes: &[&str],
) -> Result<Vec<(String, String)>, DomainError> {
    reason_lists::labels::<ClosureReason>(conn, codes).await
}
