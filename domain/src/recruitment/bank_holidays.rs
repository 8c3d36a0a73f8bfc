//! The bank holidays of England and Wales: shipped with Hearth as dated
//! reference data, loaded by `hearth seed`, and editable by administrators.

use chrono::NaiveDate;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder, Set};

use super::entities::bank_holiday;
use super::working_days::BankHolidays;
use crate::policy::Permission;
use crate::{Actor, Ctx, DomainError, FieldError};

/// Stores these bank holidays, keeping the ones already there (an
/// administrator may have named or added one); returns how many were new.
pub async fn import_bank_holidays(
    ctx: &Ctx,
    actor: &Actor,
    holidays: &[(NaiveDate, String)],
) -> Result<u64, DomainError> {
    actor.require_system()?;
    if holidays.is_empty() {
        return Ok(0);
    }
    let rows = holidays
        .iter()
        .map(|(date, name)| bank_holiday::ActiveModel {
            date: Set(*date),
            name: Set(name.clone()),
        });
    Ok(bank_holiday::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(bank_holiday::Column::Date)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&ctx.db)
        .await?)
}

/// Every stored bank holiday, for counting working days.
pub async fn bank_holidays(conn: &impl ConnectionTrait) -> Result<BankHolidays, DomainError> {
    let dates = bank_holiday::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|row| row.date)
        .collect();
    Ok(BankHolidays::new(dates))
}

/// Every stored bank holiday, soonest first: for administrators to check.
pub async fn list_bank_holidays(ctx: &Ctx) -> Result<Vec<(NaiveDate, String)>, DomainError> {
    Ok(bank_holiday::Entity::find()
        .order_by_asc(bank_holiday::Column::Date)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|row| (row.date, row.name))
        .collect())
}

/// The bank holidays as those who change them see them: anyone else is
/// refused, so the page that changes them is shown to nobody else.
pub async fn bank_holidays_to_manage(
    ctx: &Ctx,
    actor: &Actor,
) -> Result<Vec<(NaiveDate, String)>, DomainError> {
    actor.require_anywhere(Permission::AdministerHearth)?;
    list_bank_holidays(ctx).await
}

/// Adds a bank holiday (a one-off, say, for a state occasion), or renames
/// one: for national administrators.
pub async fn set_bank_holiday(
    ctx: &Ctx,
    actor: &Actor,
    date: Option<NaiveDate>,
    name: &str,
) -> Result<(), DomainError> {
    actor.require_anywhere(Permission::AdministerHearth)?;
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut errors = Vec::new();
    if date.is_none() {
        errors.push(FieldError::new("date", "Enter a real date"));
    }
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(FieldError::new(
            "name",
            "Enter the bank holiday's name, in 100 characters or fewer",
        ));
    }
    let (Some(date), true) = (date, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    bank_holiday::Entity::insert(bank_holiday::ActiveModel {
        date: Set(date),
        name: Set(name),
    })
    .on_conflict(
        OnConflict::column(bank_holiday::Column::Date)
            .update_column(bank_holiday::Column::Name)
            .to_owned(),
    )
    .exec_without_returning(&ctx.db)
    .await?;
    Ok(())
}

/// Removes a bank holiday: for national administrators. (A shipped one comes
/// back with the next `hearth seed`, which restores the official list.)
pub async fn remove_bank_holiday(
    ctx: &Ctx,
    actor: &Actor,
    date: NaiveDate,
) -> Result<(), DomainError> {
    actor.require_anywhere(Permission::AdministerHearth)?;
    let removed = bank_holiday::Entity::delete_by_id(date)
        .exec(&ctx.db)
        .await?;
    if removed.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    Ok(())
}
