//! The coordinator's view of the relationships: who supports whom, when
//! they last met, those with no meeting logged in the interval the
//! service expects (two a month means one every fifteen days), those
//! ending within a month; and each supporter's hours and mileage in a
//! month, for paying them, as a formula-safe CSV.

use chrono::{Datelike, Months, NaiveDate};
use chrono_tz::Europe::London;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::entities::{meeting_log, relationship, supporter};
use super::requests::RelationshipState;
use super::settings::settings_of;
use crate::accounts::entities::person;
use crate::policy::Permission;
use crate::text::spreadsheet_safe;
use crate::{Actor, Ctx, DomainError};

/// How soon an end counts as soon.
const ENDING_SOON_DAYS: i64 = 30;

/// A relationship as its coordinator oversees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overseen {
    pub id: i32,
    pub supporter: String,
    pub mentee: String,
    pub started_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub last_met: Option<NaiveDate>,
    /// No meeting logged in the expected interval.
    pub quiet: bool,
    pub ending_soon: bool,
}

/// The days a pair may go without a meeting at `meetings_a_month`.
pub(crate) fn expected_interval_days(meetings_a_month: i32) -> i64 {
    let a_month = 30;
    let meetings = i64::from(meetings_a_month.max(1));
    (a_month + meetings - 1) / meetings
}

/// The organisation's active relationships, those ending soonest first.
pub async fn relationships_to_oversee(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<Vec<Overseen>, DomainError> {
    actor.require(Permission::CoordinatePeerSupport, organisation_id)?;
    let settings = settings_of(&ctx.db, organisation_id).await?;
    let interval = expected_interval_days(settings.meetings_a_month);
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    let rows = relationship::Entity::find()
        .filter(relationship::Column::OrganisationId.eq(organisation_id))
        .filter(relationship::Column::State.eq(RelationshipState::Active.as_str()))
        .order_by_asc(relationship::Column::EndsOn)
        .all(&ctx.db)
        .await?;
    let logs = meeting_log::Entity::find()
        .filter(meeting_log::Column::RelationshipId.is_in(rows.iter().map(|r| r.id)))
        .all(&ctx.db)
        .await?;
    let supporters = supporter::Entity::find()
        .filter(supporter::Column::OrganisationId.eq(organisation_id))
        .all(&ctx.db)
        .await?;
    let people = person::Entity::find()
        .filter(
            person::Column::Id.is_in(
                rows.iter()
                    .map(|r| r.mentee_id)
                    .chain(supporters.iter().map(|s| s.person_id)),
            ),
        )
        .all(&ctx.db)
        .await?;
    let name = |id: Option<i32>| {
        people
            .iter()
            .find(|p| Some(p.id) == id)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    Ok(rows
        .into_iter()
        .map(|r| {
            let started_on = r.started_at.with_timezone(&London).date_naive();
            let last_met = logs
                .iter()
                .filter(|l| l.relationship_id == r.id)
                .map(|l| l.held_on)
                .max();
            let since = last_met.unwrap_or(started_on);
            Overseen {
                id: r.id,
                supporter: name(
                    supporters
                        .iter()
                        .find(|s| s.id == r.supporter_id)
                        .map(|s| s.person_id),
                ),
                mentee: name(Some(r.mentee_id)),
                started_on,
                ends_on: r.ends_on,
                last_met,
                quiet: (today - since).num_days() > interval,
                ending_soon: (r.ends_on - today).num_days() <= ENDING_SOON_DAYS,
            }
        })
        .collect())
}

/// A supporter's meetings in a month, as they logged them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupporterHours {
    pub supporter: String,
    pub meetings: usize,
    pub minutes: i64,
    pub miles: i64,
}

/// The month containing `day`, from its first day to the next month's.
fn month_of(day: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let first = day.with_day(1)?;
    Some((first, first.checked_add_months(Months::new(1))?))
}

/// Each supporter's meetings, hours and miles in the month containing
/// `day`, by name: for paying them.
pub async fn supporter_hours(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    day: NaiveDate,
) -> Result<Vec<SupporterHours>, DomainError> {
    actor.require(Permission::CoordinatePeerSupport, organisation_id)?;
    let (from, until) = month_of(day)
        .ok_or_else(|| DomainError::invalid("month", "Enter a month, like 2026-11"))?;
    let relationships = relationship::Entity::find()
        .filter(relationship::Column::OrganisationId.eq(organisation_id))
        .all(&ctx.db)
        .await?;
    let logs = meeting_log::Entity::find()
        .filter(meeting_log::Column::RelationshipId.is_in(relationships.iter().map(|r| r.id)))
        .filter(meeting_log::Column::HeldOn.gte(from))
        .filter(meeting_log::Column::HeldOn.lt(until))
        .all(&ctx.db)
        .await?;
    let supporters = supporter::Entity::find()
        .filter(supporter::Column::OrganisationId.eq(organisation_id))
        .all(&ctx.db)
        .await?;
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(supporters.iter().map(|s| s.person_id)))
        .all(&ctx.db)
        .await?;
    let mut found: Vec<SupporterHours> = supporters
        .iter()
        .map(|s| {
            let theirs: Vec<&meeting_log::Model> = logs
                .iter()
                .filter(|l| {
                    relationships
                        .iter()
                        .any(|r| r.id == l.relationship_id && r.supporter_id == s.id)
                })
                .collect();
            SupporterHours {
                supporter: people
                    .iter()
                    .find(|p| p.id == s.person_id)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                meetings: theirs.len(),
                minutes: theirs.iter().map(|l| i64::from(l.minutes)).sum(),
                miles: theirs.iter().filter_map(|l| l.miles).map(i64::from).sum(),
            }
        })
        .collect();
    found.sort_by(|a, b| a.supporter.cmp(&b.supporter));
    Ok(found)
}

/// The hours as a CSV a spreadsheet opens without running anything.
pub fn hours_csv(month: NaiveDate, rows: &[SupporterHours]) -> Result<String, DomainError> {
    let broken = |e: csv::Error| DomainError::Internal(Box::new(e));
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["Month", "Supporter", "Meetings", "Hours", "Miles"])
        .map_err(broken)?;
    let month = month.format("%Y-%m").to_string();
    for row in rows {
        let hours = format!("{:.2}", row.minutes as f64 / 60.0);
        out.write_record([
            month.as_str(),
            &spreadsheet_safe(&row.supporter),
            &row.meetings.to_string(),
            &hours,
            &row.miles.to_string(),
        ])
        .map_err(broken)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| DomainError::Internal(Box::new(e.into_error())))?;
    String::from_utf8(bytes).map_err(|e| DomainError::Internal(Box::new(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_meetings_a_month_allow_fifteen_days_and_three_allow_ten() {
        assert_eq!(expected_interval_days(2), 15);
        assert_eq!(expected_interval_days(3), 10);
        assert_eq!(expected_interval_days(4), 8);
    }

    #[test]
    fn the_hours_csv_runs_no_formula_and_gives_hours_to_two_places() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 1).expect("a day");
        let rows = [SupporterHours {
            supporter: "=HYPERLINK(\"x\")".into(),
            meetings: 3,
            minutes: 150,
            miles: 42,
        }];
        let csv = hours_csv(day, &rows).expect("written");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "Month,Supporter,Meetings,Hours,Miles");
        assert_eq!(lines[1], "2026-11,\"'=HYPERLINK(\"\"x\"\")\",3,2.50,42");
    }
}
