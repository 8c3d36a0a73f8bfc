//! The account a member of the public (someone enquiring, an applicant, a
//! joint applicant, a connected person) signs in with: made the first time
//! their address is given, found every time after.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::entities::person;
use crate::DomainError;

/// The account for `address` (already lower-cased), made with `name` if
/// there is none. Two requests at once cannot both make it: the address is
/// unique, so one insert does nothing and the row is read back.
pub(crate) async fn public_account(
    conn: &impl ConnectionTrait,
    address: &str,
    name: &str,
    now: DateTime<Utc>,
) -> Result<person::Model, DomainError> {
    person::Entity::insert(person::ActiveModel {
        id: NotSet,
        email: Set(address.to_owned()),
        name: Set(name.to_owned()),
        password_hash: Set(None),
        deactivated_at: Set(None),
        lock_reason: Set(None),
        work_phone: Set(None),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(person::Column::Email)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    person::Entity::find()
        .filter(person::Column::Email.eq(address))
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)
}
