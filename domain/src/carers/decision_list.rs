//! Each service's list of day-to-day decisions: the defaults Hearth ships
//! (`data/delegated-authority.csv`), less those its fostering team
//! managers retired, and those they added. A retired decision can be put
//! back; nothing is deleted, so history still names what it was.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::delegated_authority::{Area, Decision, default_decisions};
use super::entities::delegated_item;
use crate::policy::Permission;
use crate::{Actor, Ctx, DomainError, FieldError};

/// A decision on a service's list, as its managers keep it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedDecision {
    pub decision: Decision,
    /// Added by the service, not shipped with Hearth.
    pub added: bool,
    pub retired: bool,
}

const ADDED: &str = "added:";

/// Every decision the service has had, retired ones marked, in the list's
/// order: the defaults, then those it added.
async fn every_decision(
    conn: &impl ConnectionTrait,
    organisation_id: i32,
) -> Result<Vec<ListedDecision>, DomainError> {
    let rows = delegated_item::Entity::find()
        .filter(delegated_item::Column::OrganisationId.eq(organisation_id))
        .order_by_asc(delegated_item::Column::Id)
        .all(conn)
        .await?;
    let mut list: Vec<ListedDecision> = default_decisions()
        .iter()
        .map(|d| ListedDecision {
            retired: rows.iter().any(|r| {
                r.default_key.as_deref() == Some(d.key.as_str()) && r.retired_at.is_some()
            }),
            decision: d.clone(),
            added: false,
        })
        .collect();
    for row in rows.iter().filter(|r| r.default_key.is_none()) {
        let (Some(area), Some(decision)) = (row.area.as_deref(), row.decision.clone()) else {
            continue;
        };
        list.push(ListedDecision {
            decision: Decision {
                key: format!("{ADDED}{}", row.id),
                area: Area::from_stored(area)?,
                decision,
            },
            added: true,
            retired: row.retired_at.is_some(),
        });
    }
    Ok(list)
}

/// The decisions a child of the service has delegated: the list less what
/// it retired.
pub(crate) async fn decisions_of(
    conn: &impl ConnectionTrait,
    organisation_id: i32,
) -> Result<Vec<Decision>, DomainError> {
    Ok(every_decision(conn, organisation_id)
        .await?
        .into_iter()
        .filter(|d| !d.retired)
        .map(|d| d.decision)
        .collect())
}

/// How a decision key reads, retired or not: for history.
pub(crate) async fn named(
    conn: &impl ConnectionTrait,
    organisation_id: i32,
) -> Result<Vec<Decision>, DomainError> {
    Ok(every_decision(conn, organisation_id)
        .await?
        .into_iter()
        .map(|d| d.decision)
        .collect())
}

/// The service's list, for its fostering team managers.
pub async fn decision_list(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<Vec<ListedDecision>, DomainError> {
    actor.require(Permission::ManageCarerHouseholds, organisation_id)?;
    every_decision(&ctx.db, organisation_id).await
}

/// Adds a decision to the service's list; returns its key.
pub async fn add_decision(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    area: Option<Area>,
    decision: &str,
) -> Result<String, DomainError> {
    actor.require(Permission::ManageCarerHouseholds, organisation_id)?;
    let mut errors = Vec::new();
    let decision = decision.split_whitespace().collect::<Vec<_>>().join(" ");
    if !(3..=200).contains(&decision.chars().count()) {
        errors.push(FieldError::new(
            "decision",
            "Enter the decision, in 3 to 200 characters",
        ));
    }
    let listed = every_decision(&ctx.db, organisation_id).await?;
    if listed
        .iter()
        .any(|d| d.decision.decision.to_lowercase() == decision.to_lowercase())
    {
        errors.push(FieldError::new(
            "decision",
            "That decision is already on the list: put it back rather than add it again",
        ));
    }
    if area.is_none() {
        errors.push(FieldError::new("area", "Select the area it belongs to"));
    }
    let (Some(area), true) = (area, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let row = delegated_item::ActiveModel {
        id: NotSet,
        organisation_id: Set(organisation_id),
        default_key: Set(None),
        area: Set(Some(area.as_str().to_owned())),
        decision: Set(Some(decision)),
        created_by_id: Set(actor.person_id()),
        created_at: Set(ctx.clock.now()),
        retired_at: Set(None),
    }
    .insert(&ctx.db)
    .await?;
    Ok(format!("{ADDED}{}", row.id))
}

/// Takes a decision off the service's list (`retire`), or puts it back.
/// Children's exceptions and logged decisions keep it.
pub async fn set_decision_retired(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    key: &str,
    retire: bool,
) -> Result<(), DomainError> {
    actor.require(Permission::ManageCarerHouseholds, organisation_id)?;
    let listed = every_decision(&ctx.db, organisation_id).await?;
    let Some(found) = listed.iter().find(|d| d.decision.key == key) else {
        return Err(DomainError::NotFound);
    };
    let retired_at = retire.then(|| ctx.clock.now());
    if found.added {
        let id: i32 = key
            .trim_start_matches(ADDED)
            .parse()
            .map_err(|_| DomainError::NotFound)?;
        delegated_item::Entity::update_many()
            .col_expr(delegated_item::Column::RetiredAt, Expr::value(retired_at))
            .filter(delegated_item::Column::Id.eq(id))
            .filter(delegated_item::Column::OrganisationId.eq(organisation_id))
            .exec(&ctx.db)
            .await?;
        return Ok(());
    }
    let marker = delegated_item::Entity::find()
        .filter(delegated_item::Column::OrganisationId.eq(organisation_id))
        .filter(delegated_item::Column::DefaultKey.eq(key))
        .one(&ctx.db)
        .await?;
    match marker {
        Some(row) => {
            delegated_item::Entity::update_many()
                .col_expr(delegated_item::Column::RetiredAt, Expr::value(retired_at))
                .filter(delegated_item::Column::Id.eq(row.id))
                .exec(&ctx.db)
                .await?;
        }
        None if retire => {
            delegated_item::ActiveModel {
                id: NotSet,
                organisation_id: Set(organisation_id),
                default_key: Set(Some(key.to_owned())),
                area: Set(None),
                decision: Set(None),
                created_by_id: Set(actor.person_id()),
                created_at: Set(ctx.clock.now()),
                retired_at: Set(retired_at),
            }
            .insert(&ctx.db)
            .await?;
        }
        None => {}
    }
    Ok(())
}
