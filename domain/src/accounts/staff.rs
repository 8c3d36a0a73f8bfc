//! Looking after an organisation's people: who holds which role, giving and
//! taking roles away, deactivating accounts.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::actor::memberships_of;
use super::entities::{invitation, membership, organisation, person, sign_in_link};
use super::invitations::{organisation_for, role_must_fit, waiting};
use super::sessions::end_sessions_of;
use super::{OrganisationKind, Role};
use crate::pagination::{Cursor, Page, PageRequest, count_up_to_cap, fetch_window};
use crate::policy::Permission;
use crate::{Actor, Ctx, DomainError};

/// Where someone's account stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountStatus {
    Active,
    /// Invited, with the invitation still open, and no password chosen yet.
    Invited,
    /// Locked by the national programme: it cannot sign in.
    Locked,
}

/// A person who holds roles in an organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffMember {
    pub person_id: i32,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub status: AccountStatus,
    /// Why the account is locked, for the national programme's
    /// administrators who lock accounts; none for anyone else.
    pub lock_reason: Option<String>,
}

/// Everyone who holds a role in the organisation, by name, a page at a
/// time: for its administrators.
pub async fn organisation_people(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    page: &PageRequest,
) -> Result<Page<StaffMember>, DomainError> {
    actor.require(Permission::AdministerOrganisation, organisation_id)?;
    organisation_for(&ctx.db, organisation_id).await?;
    let query = person::Entity::find().filter(
        person::Column::Id.in_subquery(
            Query::select()
                .column(membership::Column::PersonId)
                .from(membership::Entity)
                .and_where(membership::Column::OrganisationId.eq(organisation_id))
                .to_owned(),
        ),
    );
    let total_count = count_up_to_cap(&ctx.db, query.clone()).await?;
    let cursor = query.cursor_by((person::Column::Name, person::Column::Id));
    let (people, has_more) = fetch_window(&ctx.db, cursor, page).await?;
    let members = members(ctx, actor, organisation_id, people).await?;
    let items = members
        .into_iter()
        .map(|member| {
            let cursor = Cursor {
                key: member.name.clone(),
                id: member.person_id,
            };
            (cursor, member)
        })
        .collect();
    Ok(Page::new(items, has_more, page, total_count))
}

/// These people as members of the organisation: their roles there and how
/// their account stands, read for them alone.
async fn members(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    people: Vec<person::Model>,
) -> Result<Vec<StaffMember>, DomainError> {
    let ids: Vec<i32> = people.iter().map(|p| p.id).collect();
    let rows = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(organisation_id))
        .filter(membership::Column::PersonId.is_in(ids.iter().copied()))
        .all(&ctx.db)
        .await?;
    let pending: Vec<i32> = waiting(ctx.clock.now())
        .filter(invitation::Column::OrganisationId.eq(organisation_id))
        .filter(invitation::Column::PersonId.is_in(ids))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|i| i.person_id)
        .collect();
    people
        .into_iter()
        .map(|p| {
            let status = if p.deactivated_at.is_some() {
                AccountStatus::Locked
            } else if p.password_hash.is_none() && pending.contains(&p.id) {
                AccountStatus::Invited
            } else {
                AccountStatus::Active
            };
            let mut roles: Vec<Role> = rows
                .iter()
                .filter(|m| m.person_id == p.id)
                .map(|m| Role::from_stored(&m.role))
                .collect::<Result<_, _>>()?;
            roles.sort_by_key(|role| Role::ALL.iter().position(|r| r == role));
            Ok(StaffMember {
                person_id: p.id,
                lock_reason: p.lock_reason.filter(|_| actor.is_national_administrator()),
                name: p.name,
                email: p.email,
                roles,
                status,
            })
        })
        .collect()
}

/// One member of the organisation, for its administrators.
pub async fn staff_member(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    person_id: i32,
) -> Result<StaffMember, DomainError> {
    actor.require(Permission::AdministerOrganisation, organisation_id)?;
    let member = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(organisation_id))
        .filter(membership::Column::PersonId.eq(person_id))
        .one(&ctx.db)
        .await?;
    let person = find_person(ctx, person_id).await?;
    if member.is_none() {
        return Err(DomainError::NotFound);
    }
    members(ctx, actor, organisation_id, vec![person])
        .await?
        .pop()
        .ok_or(DomainError::NotFound)
}

/// The people whose roles in the organisation give them `permission`, and
/// who can sign in, by name: one read, whatever the organisation's size.
pub(crate) async fn people_holding(
    conn: &impl ConnectionTrait,
    organisation_id: i32,
    permission: Permission,
) -> Result<Vec<person::Model>, DomainError> {
    let roles = permission.roles();
    Ok(person::Entity::find()
        .filter(
            person::Column::Id.in_subquery(
                Query::select()
                    .column(membership::Column::PersonId)
                    .from(membership::Entity)
                    .and_where(membership::Column::OrganisationId.eq(organisation_id))
                    .and_where(membership::Column::Role.is_in(roles.iter().map(|r| r.as_str())))
                    .to_owned(),
            ),
        )
        .filter(person::Column::DeactivatedAt.is_null())
        .order_by_asc(person::Column::Name)
        .all(conn)
        .await?)
}

/// Those of `organisations` where someone who can sign in holds
/// `permission` through a role: one read however many.
pub(crate) async fn organisations_with_holders(
    conn: &impl ConnectionTrait,
    organisations: &[i32],
    permission: Permission,
) -> Result<Vec<i32>, DomainError> {
    let roles = permission.roles();
    let mut found: Vec<i32> = membership::Entity::find()
        .filter(membership::Column::OrganisationId.is_in(organisations.iter().copied()))
        .filter(membership::Column::Role.is_in(roles.iter().map(|r| r.as_str())))
        .filter(
            membership::Column::PersonId.in_subquery(
                Query::select()
                    .column(person::Column::Id)
                    .from(person::Entity)
                    .and_where(person::Column::DeactivatedAt.is_null())
                    .to_owned(),
            ),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.organisation_id)
        .collect();
    found.sort_unstable();
    found.dedup();
    Ok(found)
}

async fn find_person(ctx: &Ctx, person_id: i32) -> Result<person::Model, DomainError> {
    person::Entity::find_by_id(person_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Gives another role to someone who already holds one in the
/// organisation. Anyone else joins by invitation, which emails them: an
/// administrator cannot quietly take in, or see, any account they like.
pub async fn give_role(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    person_id: i32,
    role: Role,
) -> Result<(), DomainError> {
    actor.require(Permission::AdministerOrganisation, organisation_id)?;
    let (_, kind) = organisation_for(&ctx.db, organisation_id).await?;
    role_must_fit(role, kind)?;
    let person = find_person(ctx, person_id).await?;
    let member = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person_id))
        .filter(membership::Column::OrganisationId.eq(organisation_id))
        .one(&ctx.db)
        .await?;
    if member.is_none() {
        return Err(DomainError::NotFound);
    }
    membership::ActiveModel {
        id: NotSet,
        person_id: Set(person.id),
        organisation_id: Set(organisation_id),
        role: Set(role.as_str().to_owned()),
        created_at: Set(ctx.clock.now()),
    }
    .insert(&ctx.db)
    .await
    .map_err(|e| {
        DomainError::unless_unique(
            e,
            "role",
            &format!(
                "{} is already a {} here",
                person.name,
                role.label().to_lowercase()
            ),
        )
    })?;
    Ok(())
}

/// Takes a role away. The national programme always keeps an administrator,
/// so Hearth is never left with nobody to run it.
pub async fn take_role(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    person_id: i32,
    role: Role,
) -> Result<(), DomainError> {
    actor.require(Permission::AdministerOrganisation, organisation_id)?;
    let (_, kind) = organisation_for(&ctx.db, organisation_id).await?;
    let txn = ctx.write().await?;
    let removed = membership::Entity::delete_many()
        .filter(membership::Column::PersonId.eq(person_id))
        .filter(membership::Column::OrganisationId.eq(organisation_id))
        .filter(membership::Column::Role.eq(role.as_str()))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    if kind == OrganisationKind::NationalProgramme && role == Role::Administrator {
        let left = active_national_administrators(&txn).await?;
        if left == 0 {
            return Err(DomainError::Conflict(
                "The national programme must keep at least one administrator".to_owned(),
            ));
        }
    }
    // A role taken away also ends invitations to it.
    invitation::Entity::delete_many()
        .filter(invitation::Column::PersonId.eq(person_id))
        .filter(invitation::Column::OrganisationId.eq(organisation_id))
        .filter(invitation::Column::Role.eq(role.as_str()))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// How many active administrators the national programme has, as `txn`
/// sees them. On PostgreSQL the programme's row is locked first, so two
/// transactions removing administrators at once count one after the other
/// (SQLite runs one writer at a time anyway).
async fn active_national_administrators(txn: &DatabaseTransaction) -> Result<u64, DomainError> {
    let mut programme = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrganisationKind::NationalProgramme.as_str()));
    if txn.get_database_backend() == DbBackend::Postgres {
        programme = programme.lock_exclusive();
    }
    let programme = programme.all(txn).await?;
    let holders: Vec<i32> = membership::Entity::find()
        .filter(membership::Column::OrganisationId.is_in(programme.iter().map(|o| o.id)))
        .filter(membership::Column::Role.eq(Role::Administrator.as_str()))
        .all(txn)
        .await?
        .into_iter()
        .map(|m| m.person_id)
        .collect();
    Ok(person::Entity::find()
        .filter(person::Column::Id.is_in(holders))
        .filter(person::Column::DeactivatedAt.is_null())
        .count(txn)
        .await?)
}

/// The most a lock's reason may hold.
pub const MAX_LOCK_REASON: usize = 500;

/// Removes someone from an organisation: every role they hold there goes,
/// and so do its open invitations to them. An administrator of the
/// organisation may; it touches nothing of theirs elsewhere, so one
/// organisation cannot shut another's people out. If they now hold no role
/// anywhere, their sessions end (they may still sign in to what is theirs,
/// such as an application).
pub async fn remove_from_organisation(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    person_id: i32,
) -> Result<(), DomainError> {
    actor.require_signed_in()?;
    actor.require(Permission::AdministerOrganisation, organisation_id)?;
    let (_, kind) = organisation_for(&ctx.db, organisation_id).await?;
    if actor.person_id() == Some(person_id) {
        return Err(DomainError::Conflict(
            "You cannot remove yourself: ask another administrator".to_owned(),
        ));
    }
    let txn = ctx.write().await?;
    let removed = membership::Entity::delete_many()
        .filter(membership::Column::PersonId.eq(person_id))
        .filter(membership::Column::OrganisationId.eq(organisation_id))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    if kind == OrganisationKind::NationalProgramme
        && active_national_administrators(&txn).await? == 0
    {
        return Err(DomainError::Conflict(
            "The national programme must keep at least one administrator".to_owned(),
        ));
    }
    invitation::Entity::delete_many()
        .filter(invitation::Column::PersonId.eq(person_id))
        .filter(invitation::Column::OrganisationId.eq(organisation_id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(&txn)
        .await?;
    let roles_left = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person_id))
        .count(&txn)
        .await?;
    if roles_left == 0 {
        end_sessions_of(&txn, person_id).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Locks an account as a whole, with the reason: it cannot sign in, and its
/// sessions and unused links end at once. Only an administrator of the
/// national programme may, since it reaches past any one organisation. What
/// it did stays on record.
pub async fn lock_account(
    ctx: &Ctx,
    actor: &Actor,
    person_id: i32,
    reason: &str,
) -> Result<(), DomainError> {
    actor.require_signed_in()?;
    actor.require_anywhere(Permission::AdministerHearth)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(DomainError::invalid(
            "reason",
            "Say why the account is locked",
        ));
    }
    if reason.chars().count() > MAX_LOCK_REASON {
        return Err(DomainError::invalid(
            "reason",
            crate::text::too_long(MAX_LOCK_REASON),
        ));
    }
    if actor.person_id() == Some(person_id) {
        return Err(DomainError::Conflict(
            "You cannot lock your own account".to_owned(),
        ));
    }
    find_person(ctx, person_id).await?;
    let runs_hearth = memberships_of(ctx, person_id)
        .await?
        .iter()
        .any(|m| Permission::AdministerHearth.held_by(m.role, m.organisation_kind));
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    person::Entity::update_many()
        .col_expr(person::Column::DeactivatedAt, Expr::value(now))
        .col_expr(person::Column::LockReason, Expr::value(reason))
        .filter(person::Column::Id.eq(person_id))
        .filter(person::Column::DeactivatedAt.is_null())
        .exec(&txn)
        .await?;
    if runs_hearth && active_national_administrators(&txn).await? == 0 {
        return Err(DomainError::Conflict(
            "The national programme must keep at least one administrator".to_owned(),
        ));
    }
    end_sessions_of(&txn, person_id).await?;
    sign_in_link::Entity::delete_many()
        .filter(sign_in_link::Column::PersonId.eq(person_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Lets a locked account sign in again: for administrators of the national
/// programme, who locked it.
pub async fn unlock_account(ctx: &Ctx, actor: &Actor, person_id: i32) -> Result<(), DomainError> {
    actor.require_signed_in()?;
    actor.require_anywhere(Permission::AdministerHearth)?;
    find_person(ctx, person_id).await?;
    person::Entity::update_many()
        .col_expr(
            person::Column::DeactivatedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            person::Column::LockReason,
            Expr::value(Option::<String>::None),
        )
        .filter(person::Column::Id.eq(person_id))
        .exec(&ctx.db)
        .await?;
    Ok(())
}
