//! The bank holidays of England and Wales: shipped with Hearth as dated
//! reference data, loaded by `hearth seed`, and editable by administrators.

use chrono::NaiveDate;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use super::entities::bank_holiday;
use super::working_days::BankHolidays;
use crate::{Actor, Ctx, DomainError};

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
