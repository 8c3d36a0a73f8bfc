//! An organisation's kinship groups in numbers, for its administrators:
//! members now, sessions held, places taken and attendance, and new members
//! month by month over the last 12 months. Every count goes through the
//! one suppression rule (`figures::Figure`), on the page and in the CSV.

use chrono::{Datelike, Months, NaiveDate};
use chrono_tz::Europe::London;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::entities::{group, membership, session};
use super::membership::MembershipState;
use crate::figures::Figure;
use crate::policy::Permission;
use crate::recruitment::entities::{event_registration, information_event};
use crate::recruitment::event_registrations::Attendance;
use crate::text::spreadsheet_safe;
use crate::{Actor, Ctx, DomainError};

/// How many months of new members are counted.
pub const MONTHS: u32 = 12;

/// One group's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupFigures {
    pub group: String,
    pub closed: bool,
    pub members: Figure,
    /// Over the 12 months.
    pub sessions_held: Figure,
    pub places_taken: Figure,
    pub attended: Figure,
    /// New members in each month, oldest first.
    pub new_members: Vec<Figure>,
}

/// An organisation's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KinshipFigures {
    pub organisation_id: i32,
    /// The first day of each month counted, oldest first.
    pub months: Vec<NaiveDate>,
    pub groups: Vec<GroupFigures>,
}

/// The figures of an organisation whose kinship groups the actor oversees.
pub async fn kinship_figures(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<KinshipFigures, DomainError> {
    actor.require(Permission::OverseeKinshipGroups, organisation_id)?;
    let now = ctx.clock.now();
    let this_month = now
        .with_timezone(&London)
        .date_naive()
        .with_day(1)
        .ok_or_else(|| DomainError::Internal("no first of the month".into()))?;
    let months: Vec<NaiveDate> = (0..MONTHS)
        .rev()
        .filter_map(|back| this_month.checked_sub_months(Months::new(back)))
        .collect();
    let since = months
        .first()
        .and_then(|m| crate::kinship::recurrence::london_instant(*m, chrono::NaiveTime::MIN))
        .unwrap_or(now);
    let groups = group::Entity::find()
        .filter(group::Column::OrganisationId.eq(organisation_id))
        .order_by_asc(group::Column::Name)
        .all(&ctx.db)
        .await?;
    let ids: Vec<i32> = groups.iter().map(|g| g.id).collect();
    let memberships = membership::Entity::find()
        .filter(membership::Column::GroupId.is_in(ids.clone()))
        .all(&ctx.db)
        .await?;
    let sessions = session::Entity::find()
        .filter(session::Column::GroupId.is_in(ids))
        .all(&ctx.db)
        .await?;
    let held = information_event::Entity::find()
        .filter(information_event::Column::Id.is_in(sessions.iter().map(|s| s.event_id)))
        .filter(information_event::Column::StartsAt.gte(since))
        .filter(information_event::Column::StartsAt.lte(now))
        .filter(information_event::Column::CancelledAt.is_null())
        .all(&ctx.db)
        .await?;
    let places = event_registration::Entity::find()
        .filter(event_registration::Column::EventId.is_in(held.iter().map(|e| e.id)))
        .all(&ctx.db)
        .await?;
    let count = |n: usize| Figure::of(u64::try_from(n).unwrap_or(u64::MAX));
    let figures = groups
        .into_iter()
        .map(|g| {
            let own_events: Vec<i32> = sessions
                .iter()
                .filter(|s| s.group_id == g.id)
                .map(|s| s.event_id)
                .filter(|id| held.iter().any(|e| e.id == *id))
                .collect();
            let own_places = places.iter().filter(|p| own_events.contains(&p.event_id));
            let joined = |month: &NaiveDate| {
                memberships
                    .iter()
                    .filter(|m| m.group_id == g.id)
                    .filter_map(|m| {
                        m.decided_at.filter(|_| {
                            m.state != MembershipState::Declined.as_str()
                                && m.state != MembershipState::Withdrawn.as_str()
                        })
                    })
                    .filter(|at| {
                        let day = at.with_timezone(&London).date_naive();
                        day.year() == month.year() && day.month() == month.month()
                    })
                    .count()
            };
            GroupFigures {
                closed: g.closed_at.is_some(),
                members: count(
                    memberships
                        .iter()
                        .filter(|m| {
                            m.group_id == g.id && m.state == MembershipState::Member.as_str()
                        })
                        .count(),
                ),
                sessions_held: count(own_events.len()),
                places_taken: count(own_places.clone().count()),
                attended: count(
                    own_places
                        .filter(|p| p.attendance.as_deref() == Some(Attendance::Attended.as_str()))
                        .count(),
                ),
                new_members: months.iter().map(|m| count(joined(m))).collect(),
                group: g.name,
            }
        })
        .collect();
    Ok(KinshipFigures {
        organisation_id,
        months,
        groups: figures,
    })
}

impl KinshipFigures {
    /// As CSV: a row per group and measure, months across. A group's name
    /// is its facilitators' words, so it is made safe for a spreadsheet;
    /// a suppressed count is left empty.
    pub fn csv(&self) -> Result<String, DomainError> {
        let broken = |e: csv::Error| DomainError::Internal(Box::new(e));
        let mut out = csv::Writer::from_writer(Vec::new());
        let mut headings = vec![
            "group".to_owned(),
            "measure".to_owned(),
            "last 12 months".to_owned(),
        ];
        headings.extend(self.months.iter().map(|m| m.format("%Y-%m").to_string()));
        out.write_record(&headings).map_err(broken)?;
        let cell = |f: Figure| f.shown().map(|n| n.to_string()).unwrap_or_default();
        // Every row as wide as the headings: the months are empty on the
        // rows of totals.
        let months = vec![String::new(); self.months.len()];
        for g in &self.groups {
            let name = spreadsheet_safe(&g.group).into_owned();
            for (measure, figure) in [
                ("Members now", g.members),
                ("Sessions held", g.sessions_held),
                ("Places taken", g.places_taken),
                ("Attended", g.attended),
            ] {
                let mut row = vec![name.clone(), measure.to_owned(), cell(figure)];
                row.extend(months.iter().cloned());
                out.write_record(&row).map_err(broken)?;
            }
            let mut row = vec![name.clone(), "New members".to_owned(), String::new()];
            row.extend(g.new_members.iter().map(|f| cell(*f)));
            out.write_record(&row).map_err(broken)?;
        }
        let bytes = out
            .into_inner()
            .map_err(|e| DomainError::Internal(e.to_string().into()))?;
        String::from_utf8(bytes).map_err(|e| DomainError::Internal(Box::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_is_as_wide_as_its_headings_hides_small_counts_and_runs_no_formula() {
        let month = |m| NaiveDate::from_ymd_opt(2026, m, 1).expect("a month");
        let figures = KinshipFigures {
            organisation_id: 1,
            months: vec![month(10), month(11)],
            groups: vec![GroupFigures {
                group: "=1+1".into(),
                closed: false,
                members: Figure::of(3),
                sessions_held: Figure::of(12),
                places_taken: Figure::of(0),
                attended: Figure::of(7),
                new_members: vec![Figure::of(2), Figure::of(6)],
            }],
        };
        let csv = figures.csv().expect("written");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "group,measure,last 12 months,2026-10,2026-11");
        assert_eq!(lines[1], "'=1+1,Members now,,,");
        assert_eq!(lines[2], "'=1+1,Sessions held,10,,");
        assert_eq!(lines[5], "'=1+1,New members,,,5");
        assert!(lines.iter().all(|l| l.matches(',').count() == 4));
    }
}
