//! Monthly counts of the summaries: for England, each organisation and each
//! local authority, how many households did each thing in each month. A
//! national report over a year sums a few thousand of them where counting
//! the summaries would read hundreds of thousands of rows.
//!
//! They are kept by difference: when a household's summaries are rebuilt,
//! what the old ones counted is taken away and what the new ones count is
//! added, in the same transaction (`summaries::refresh_many`). A report
//! reads them only when they answer its question exactly: whole months,
//! and no filter or breakdown finer than an organisation or an area;
//! anything else is counted from the summaries. A test recounts them from
//! the summaries and finds them equal.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use sea_orm::sea_query::{Condition, Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
};

use super::entities::report_month::{self, Column as M};
use super::filter::{Breakdown, Filters, ReportRequest};
use super::range::DateRange;
use super::scope::Scope;
use super::summaries::{Summary, rank};
use crate::DomainError;
use crate::recruitment::entities::equality_answers;
use crate::recruitment::equality::EqualityAnswers;
use crate::recruitment::funnel::{Closure, Stage};

/// Whose counts a row holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Grain {
    England = 0,
    Organisation = 1,
    /// A local authority (and its region) by the household's postcode.
    Area = 2,
    /// An organisation's households by local authority: a service's own
    /// figures by place.
    OrganisationArea = 3,
}

/// What a row counts. Each is kept for the grains its reports read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Measure {
    /// Non-connected households by the month they enquired: `stage` the
    /// furthest they reached, `value` 1 if they came to an information
    /// event.
    Cohort = 1,
    /// Households entering `stage`.
    Entered = 2,
    /// Closures: `stage` the closure's place in `CLOSURES`, `value` the
    /// month it was reopened (`month_code`) or 0.
    Stopped = 3,
    /// Withdrawals by the stage left (`stage`) and reason (`detail`);
    /// `value` as for `Stopped`.
    WithdrewFrom = 4,
    AdvisedNotToProceedFrom = 5,
    NotApprovedFrom = 6,
    /// Households moving on from `stage` after `value` days.
    DaysInStage = 7,
    /// Non-connected households approved after `value` days.
    DaysToApproval = 8,
    /// First contacts after `value` hours; `stage` 1 if by the deadline.
    FirstContact = 9,
    /// Households going on to Stage 2 `value` months (rounded up) after
    /// applying.
    StageOneMonths = 10,
    /// Households booked for panel `value` months after applying.
    StageTwoMonths = 11,
    /// `Entered`, with the month the household enquired as `detail`
    /// (`2026-04`), for the funnel by month of enquiry.
    EnteredByCohort = 12,
    /// `Stopped`, likewise.
    StoppedByCohort = 13,
    /// Each equality question's answers (`detail`, empty if not answered)
    /// of those that enquired (`stage` 0, by the month they enquired,
    /// connected persons left out), applied (1) and were approved (2).
    EqualityEthnicity = 14,
    EqualityReligion = 15,
    EqualityDisability = 16,
    EqualitySexualOrientation = 17,
}

/// The equality questions' measures, in the order `Answers` holds them.
pub(super) const EQUALITY: [Measure; 4] = [
    Measure::EqualityEthnicity,
    Measure::EqualityReligion,
    Measure::EqualityDisability,
    Measure::EqualitySexualOrientation,
];

/// A household's answers to the four equality questions, as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answers(pub [Option<String>; 4]);

impl Answers {
    /// The answers as a household gave them; none for one that gave none.
    pub fn given(answers: Option<&EqualityAnswers>) -> Self {
        let name = |a: Option<&'static str>| a.map(str::to_owned);
        let Some(a) = answers else {
            return Self::default();
        };
        Self([
            name(a.ethnicity.map(|x| x.as_str())),
            name(a.religion.map(|x| x.as_str())),
            name(a.disability.map(|x| x.as_str())),
            name(a.sexual_orientation.map(|x| x.as_str())),
        ])
    }
}

impl From<&equality_answers::Model> for Answers {
    fn from(row: &equality_answers::Model) -> Self {
        Self([
            row.ethnicity.clone(),
            row.religion.clone(),
            row.disability.clone(),
            row.sexual_orientation.clone(),
        ])
    }
}

/// Closures in the order `Measure::Stopped` numbers them.
pub(super) const CLOSURES: [Closure; 3] = [
    Closure::Withdrawn,
    Closure::AdvisedNotToProceed,
    Closure::NotApproved,
];

impl Measure {
    const ALL: [Self; 17] = [
        Self::Cohort,
        Self::Entered,
        Self::Stopped,
        Self::WithdrewFrom,
        Self::AdvisedNotToProceedFrom,
        Self::NotApprovedFrom,
        Self::DaysInStage,
        Self::DaysToApproval,
        Self::FirstContact,
        Self::StageOneMonths,
        Self::StageTwoMonths,
        Self::EnteredByCohort,
        Self::StoppedByCohort,
        Self::EqualityEthnicity,
        Self::EqualityReligion,
        Self::EqualityDisability,
        Self::EqualitySexualOrientation,
    ];

    fn code(self) -> i16 {
        self as i16
    }

    fn of_code(code: i16) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    /// The measure of closures of this kind by the stage left.
    pub(super) fn stopped_from(closure: Closure) -> Self {
        match closure {
            Closure::Withdrawn => Self::WithdrewFrom,
            Closure::AdvisedNotToProceed => Self::AdvisedNotToProceedFrom,
            Closure::NotApproved => Self::NotApprovedFrom,
        }
    }

    /// The closure a `*From` measure counts.
    pub(super) fn closure(self) -> Option<Closure> {
        match self {
            Self::WithdrewFrom => Some(Closure::Withdrawn),
            Self::AdvisedNotToProceedFrom => Some(Closure::AdvisedNotToProceed),
            Self::NotApprovedFrom => Some(Closure::NotApproved),
            _ => None,
        }
    }

    /// Whether rows of this measure are kept for `grain`: the funnel's
    /// for every grain; the detail only for England and organisations;
    /// the statutory months only by organisation, whose months they are
    /// measured against.
    fn kept_for(self, grain: Grain) -> bool {
        match self {
            Self::Cohort | Self::Entered | Self::Stopped => true,
            Self::StageOneMonths | Self::StageTwoMonths => grain == Grain::Organisation,
            _ => matches!(grain, Grain::England | Grain::Organisation),
        }
    }
}

/// A month as a number that sorts as months do: 202611.
fn month_code(day: NaiveDate) -> i32 {
    day.year() * 100 + i32::try_from(day.month()).unwrap_or_default()
}

fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The fewest whole months after `from` by which `to` had come: within a
/// service's N months exactly when this is at most N.
pub(super) fn months_needed(from: NaiveDate, to: NaiveDate) -> i32 {
    let after = |m: i32| from.checked_add_months(Months::new(u32::try_from(m).unwrap_or(0)));
    let mut m = ((to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32).max(0);
    while m > 0 && after(m - 1).is_some_and(|d| d >= to) {
        m -= 1;
    }
    while after(m).is_some_and(|d| d < to) {
        m += 1;
    }
    m
}

/// Added to a grain's code for its rows of whole calendar years (their
/// month is 1 January), so a long range sums years, not every month.
const YEARLY: i16 = 10;

fn year_of(day: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day)
}

/// The first and last calendar years wholly in the range from the month
/// `first` to `last`, if any: a range to today holds all there is of
/// today's December.
fn whole_years(first: NaiveDate, last: NaiveDate) -> Option<(i32, i32)> {
    let from = if first.month() == 1 {
        first.year()
    } else {
        first.year() + 1
    };
    let to = if last.month() == 12 {
        last.year()
    } else {
        last.year() - 1
    };
    (from <= to).then_some((from, to))
}

/// One row's key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Cell {
    grain: Grain,
    /// A calendar year's row rather than a month's.
    yearly: bool,
    organisation_id: i32,
    local_authority_id: i32,
    region_id: i32,
    measure: Measure,
    month: NaiveDate,
    stage: i16,
    detail: String,
    value: i32,
}

/// Changes to the counts, in key order so that two transactions always
/// lock rows in the same order.
#[derive(Default)]
pub(super) struct Changes(BTreeMap<Cell, i64>);

fn stage_place(stored: &str) -> Result<i16, DomainError> {
    Ok(i16::try_from(rank(Stage::from_stored(stored)?)).unwrap_or_default())
}

impl Changes {
    /// Adds what `summary` (with the household's equality `answers`)
    /// counts, `sign` times (-1 to take it away).
    pub(super) fn count(
        &mut self,
        summary: &Summary,
        answers: Option<&Answers>,
        sign: i64,
    ) -> Result<(), DomainError> {
        let h = &summary.household;
        let cohort = h.first_on.format("%Y-%m").to_string();
        let places = [
            (Grain::England, 0, 0, 0),
            (Grain::Organisation, h.organisation_id, 0, 0),
            (
                Grain::Area,
                0,
                h.local_authority_id.unwrap_or(0),
                h.region_id.unwrap_or(0),
            ),
            (
                Grain::OrganisationArea,
                h.organisation_id,
                h.local_authority_id.unwrap_or(0),
                h.region_id.unwrap_or(0),
            ),
        ];
        let mut add = |measure: Measure, on: NaiveDate, stage: i16, detail: &str, value: i32| {
            for (grain, organisation_id, local_authority_id, region_id) in places {
                if !measure.kept_for(grain) {
                    continue;
                }
                for (yearly, month) in [(false, month_of(on)), (true, year_of(on))] {
                    let cell = Cell {
                        grain,
                        yearly,
                        organisation_id,
                        local_authority_id,
                        region_id,
                        measure,
                        month,
                        stage,
                        detail: detail.to_owned(),
                        value,
                    };
                    *self.0.entry(cell).or_default() += sign;
                }
            }
        };
        if !h.connected_person {
            let furthest = i16::try_from(h.furthest).unwrap_or_default();
            add(
                Measure::Cohort,
                h.first_on,
                furthest,
                "",
                i32::from(h.attended_event),
            );
            if let (Some(on), Some(days)) = (h.approved_on, h.days_to_approval) {
                add(Measure::DaysToApproval, on, 0, "", days);
            }
        }
        if let (Some(met), Some(minutes)) = (h.first_contact_met, h.first_contact_minutes) {
            add(
                Measure::FirstContact,
                h.first_on,
                i16::from(met),
                "",
                minutes / 60,
            );
        }
        if let Some(applied) = h.applied_on {
            if let Some(on) = h.stage_two_on {
                add(
                    Measure::StageOneMonths,
                    on,
                    0,
                    "",
                    months_needed(applied, on),
                );
            }
            if let Some(on) = h.panel_on {
                add(
                    Measure::StageTwoMonths,
                    on,
                    0,
                    "",
                    months_needed(applied, on),
                );
            }
        }
        for spell in &summary.spells {
            let stage = stage_place(&spell.stage)?;
            add(Measure::Entered, spell.entered_on, stage, "", 0);
            add(
                Measure::EnteredByCohort,
                spell.entered_on,
                stage,
                &cohort,
                0,
            );
            if let (Some(on), Some(days)) = (spell.left_on, spell.days) {
                add(Measure::DaysInStage, on, stage, "", days);
            }
        }
        let groups = [
            (!h.connected_person).then_some(h.first_on),
            h.applied_on,
            h.approved_on,
        ];
        for (group, on) in (0_i16..).zip(groups) {
            let Some(on) = on else { continue };
            for (question, measure) in EQUALITY.into_iter().enumerate() {
                let answer = answers.and_then(|a| a.0[question].as_deref());
                add(measure, on, group, answer.unwrap_or_default(), 0);
            }
        }
        for closure in &summary.closures {
            let kind = Closure::from_stored(&closure.closure)?;
            let reopened = closure.reopened_on.map_or(0, month_code);
            let place = CLOSURES.iter().position(|c| *c == kind).unwrap_or_default();
            let place = i16::try_from(place).unwrap_or_default();
            add(Measure::Stopped, closure.closed_on, place, "", reopened);
            add(
                Measure::StoppedByCohort,
                closure.closed_on,
                place,
                &cohort,
                reopened,
            );
            add(
                Measure::stopped_from(kind),
                closure.closed_on,
                stage_place(&closure.stage)?,
                closure.reason_code.as_deref().unwrap_or_default(),
                reopened,
            );
        }
        Ok(())
    }

    /// Writes the changes: each row gains its difference, or starts with
    /// it.
    pub(super) async fn apply(self, conn: &impl ConnectionTrait) -> Result<(), DomainError> {
        let rows: Vec<report_month::ActiveModel> = self
            .0
            .into_iter()
            .filter(|(_, n)| *n != 0)
            .map(|(cell, households)| {
                sea_orm::IntoActiveModel::into_active_model(report_month::Model {
                    grain: cell.grain as i16 + if cell.yearly { YEARLY } else { 0 },
                    organisation_id: cell.organisation_id,
                    local_authority_id: cell.local_authority_id,
                    region_id: cell.region_id,
                    month: cell.month,
                    measure: cell.measure.code(),
                    stage: cell.stage,
                    detail: cell.detail,
                    value: cell.value,
                    households,
                })
            })
            .collect();
        // Ten values a row: well inside both databases' parameter limits.
        for chunk in rows.chunks(2000) {
            report_month::Entity::insert_many(chunk.to_vec())
                .on_conflict(
                    OnConflict::columns([
                        M::Grain,
                        M::OrganisationId,
                        M::LocalAuthorityId,
                        M::RegionId,
                        M::Measure,
                        M::Month,
                        M::Stage,
                        M::Detail,
                        M::Value,
                    ])
                    .value(
                        M::Households,
                        Expr::cust(
                            "\"report_months\".\"households\" + \"excluded\".\"households\"",
                        ),
                    )
                    .to_owned(),
                )
                .exec_without_returning(conn)
                .await?;
        }
        Ok(())
    }
}

/// How a report's question is answered from the months, when it can be.
#[derive(Clone, Debug)]
pub(super) struct Reading {
    grain: Grain,
    organisations: Option<Vec<i32>>,
    region: Option<i32>,
    local_authority: Option<i32>,
    breakdown: Option<Breakdown>,
    range: DateRange,
}

/// A sum of rows, by what a report tells apart.
#[derive(Clone, Debug)]
pub(super) struct Counted {
    pub organisation_id: i32,
    /// The breakdown's group, keyed as `Breakdown::key` keys it.
    pub key: Option<String>,
    /// The month, when asked for by month.
    pub month: Option<NaiveDate>,
    pub measure: Measure,
    pub stage: i16,
    pub detail: String,
    pub value: i32,
    pub households: u64,
}

impl Counted {
    /// Whether a closure counted here was still closed at the end of the
    /// range (`funnel::still_closed`).
    pub(super) fn still_closed(&self, range: DateRange) -> bool {
        self.value == 0 || self.value > month_code(range.last)
    }
}

impl Reading {
    pub(super) fn range(&self) -> DateRange {
        self.range
    }

    /// The rows that cover the range: each month's, or (unless asked
    /// `by_month`) each whole calendar year's with the months either side.
    fn months(&self, by_month: bool) -> Condition {
        let grain = self.grain as i16;
        let (first, last) = (month_of(self.range.first), self.range.last);
        let monthly = |from: NaiveDate, to: NaiveDate| {
            Condition::all()
                .add(M::Grain.eq(grain))
                .add(M::Month.between(from, to))
        };
        let january = |year: i32| NaiveDate::from_ymd_opt(year, 1, 1);
        let years = whole_years(first, last).filter(|_| !by_month);
        let Some((Some(years_from), Some(years_to), Some(after_years))) =
            years.map(|(from, to)| (january(from), january(to), january(to + 1)))
        else {
            return Condition::all().add(monthly(first, last));
        };
        Condition::any()
            .add(monthly(first, years_from.pred_opt().unwrap_or(years_from)))
            .add(
                Condition::all()
                    .add(M::Grain.eq(grain + YEARLY))
                    .add(M::Month.between(years_from, years_to)),
            )
            .add(monthly(after_years, last))
    }

    /// The same question, read service by service: for measures kept only
    /// by organisation. None for an area's question.
    pub(super) fn by_organisation(&self) -> Option<Self> {
        matches!(self.grain, Grain::England | Grain::Organisation).then(|| Self {
            grain: Grain::Organisation,
            ..self.clone()
        })
    }

    /// The months' answer to `request` for the `measures` a report needs,
    /// or none when only the summaries can answer it.
    pub(super) fn of(
        scope: &Scope,
        request: &ReportRequest,
        today: NaiveDate,
        measures: &[Measure],
    ) -> Option<Self> {
        let range = request.range;
        let whole_months = range.first.day() == 1
            && (range.last >= today || range.last.succ_opt().is_none_or(|d| d.day() == 1));
        let filters = &request.filters;
        let finer = Filters {
            organisation: None,
            region: None,
            local_authority: None,
            ..filters.clone()
        }
        .any();
        if !whole_months || finer {
            return None;
        }
        let by_area = matches!(
            request.breakdown,
            Some(Breakdown::Region | Breakdown::LocalAuthority)
        ) || filters.region.is_some()
            || filters.local_authority.is_some();
        let by_organisation = request.breakdown == Some(Breakdown::Organisation)
            || filters.organisation.is_some()
            || *scope != Scope::Everyone;
        if !matches!(
            request.breakdown,
            None | Some(
                Breakdown::Organisation
                    | Breakdown::Region
                    | Breakdown::LocalAuthority
                    | Breakdown::EnquiryMonth
            )
        ) {
            return None;
        }
        let grain = match (by_organisation, by_area) {
            (true, true) => Grain::OrganisationArea,
            (true, false) => Grain::Organisation,
            (false, true) => Grain::Area,
            (false, false) => Grain::England,
        };
        if !measures.iter().all(|m| m.kept_for(grain)) {
            return None;
        }
        let organisations = match (scope, filters.organisation) {
            (_, Some(id)) => Some(vec![id]),
            (Scope::Organisations(ids), None) => Some(ids.clone()),
            (Scope::Everyone, None) => None,
        };
        Some(Self {
            grain,
            organisations,
            region: filters.region,
            local_authority: filters.local_authority,
            breakdown: request.breakdown,
            range,
        })
    }

    /// The rows of `measures` in the range, summed by everything but the
    /// month (unless `by_month`).
    pub(super) async fn counted(
        &self,
        conn: &impl ConnectionTrait,
        measures: &[Measure],
        by_month: bool,
    ) -> Result<Vec<Counted>, DomainError> {
        let mut query = report_month::Entity::find()
            .select_only()
            .column(M::OrganisationId)
            .column(M::LocalAuthorityId)
            .column(M::RegionId)
            .column(M::Measure)
            .column(M::Stage)
            .column(M::Detail)
            .column(M::Value)
            // PostgreSQL sums big integers as numerics.
            .expr_as(
                Expr::cust("CAST(SUM(\"report_months\".\"households\") AS BIGINT)"),
                "households",
            )
            .filter(self.months(by_month))
            .filter(M::Measure.is_in(measures.iter().map(|m| m.code())))
            .group_by(M::OrganisationId)
            .group_by(M::LocalAuthorityId)
            .group_by(M::RegionId)
            .group_by(M::Measure)
            .group_by(M::Stage)
            .group_by(M::Detail)
            .group_by(M::Value);
        query = if by_month {
            query.column(M::Month).group_by(M::Month)
        } else {
            // One month stands for all of a group's: ignored below.
            query.expr_as(Expr::cust("MIN(\"report_months\".\"month\")"), "month")
        };
        if let Some(ids) = &self.organisations {
            query = query.filter(M::OrganisationId.is_in(ids.iter().copied()));
        }
        if let Some(id) = self.region {
            query = query.filter(M::RegionId.eq(id));
        }
        if let Some(id) = self.local_authority {
            query = query.filter(M::LocalAuthorityId.eq(id));
        }
        let rows: Vec<Summed> = query.into_model().all(conn).await?;
        let known = |id: i32| (id != 0).then(|| id.to_string());
        Ok(rows
            .into_iter()
            .filter(|row| row.households > 0)
            .filter_map(|row| {
                let measure = Measure::of_code(row.measure)?;
                Some(Counted {
                    organisation_id: row.organisation_id,
                    key: match (self.breakdown, measure) {
                        (Some(Breakdown::Region), _) => known(row.region_id),
                        (Some(Breakdown::LocalAuthority), _) => known(row.local_authority_id),
                        (Some(Breakdown::EnquiryMonth), Measure::Cohort) => {
                            Some(row.month.format("%Y-%m").to_string())
                        }
                        (Some(Breakdown::EnquiryMonth), _) => Some(row.detail.clone()),
                        _ => known(row.organisation_id),
                    },
                    month: by_month.then_some(row.month),
                    measure,
                    stage: row.stage,
                    detail: row.detail,
                    value: row.value,
                    households: u64::try_from(row.households).unwrap_or_default(),
                })
            })
            .collect())
    }
}

/// A sum of rows as the database gives it.
#[derive(FromQueryResult)]
struct Summed {
    organisation_id: i32,
    local_authority_id: i32,
    region_id: i32,
    measure: i16,
    stage: i16,
    detail: String,
    value: i32,
    households: i64,
    month: NaiveDate,
}

/// Every count the summaries make that the months do not hold, and the
/// other way about, as text: none when they agree (a test's check, and
/// an operator's after restoring a backup).
pub async fn disagreements(conn: &impl ConnectionTrait) -> Result<Vec<String>, DomainError> {
    let mut expected = Changes::default();
    let answers = super::summaries::answers_of(conn, None).await?;
    for summary in super::summaries::load(conn, None).await? {
        let theirs = answers.get(&summary.household.household_id);
        expected.count(&summary, theirs, 1)?;
    }
    let stored: Vec<report_month::Model> = report_month::Entity::find()
        .filter(M::Households.ne(0))
        .all(conn)
        .await?;
    let mut found = Changes::default();
    for row in stored {
        let cell = Cell {
            grain: match row.grain % YEARLY {
                0 => Grain::England,
                1 => Grain::Organisation,
                2 => Grain::Area,
                _ => Grain::OrganisationArea,
            },
            yearly: row.grain >= YEARLY,
            organisation_id: row.organisation_id,
            local_authority_id: row.local_authority_id,
            region_id: row.region_id,
            measure: Measure::of_code(row.measure).unwrap_or(Measure::Cohort),
            month: row.month,
            stage: row.stage,
            detail: row.detail,
            value: row.value,
        };
        found.0.insert(cell, row.households);
    }
    expected.0.retain(|_, n| *n != 0);
    let mut differences = Vec::new();
    for (cell, n) in &expected.0 {
        let stored = found.0.get(cell).copied().unwrap_or(0);
        if stored != *n {
            differences.push(format!("{cell:?}: {stored} stored, {n} counted"));
        }
    }
    for (cell, n) in &found.0 {
        if !expected.0.contains_key(cell) {
            differences.push(format!("{cell:?}: {n} stored, none counted"));
        }
    }
    Ok(differences)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    #[test]
    fn months_needed_is_within_n_months_exactly_when_at_most_n() {
        let applied = day("2026-01-31");
        for (done, needed) in [
            ("2026-01-31", 0),
            ("2026-02-28", 1),
            ("2026-03-01", 2),
            ("2026-07-31", 6),
            ("2026-08-01", 7),
        ] {
            assert_eq!(months_needed(applied, day(done)), needed, "{done}");
        }
    }

    #[test]
    fn a_long_range_reads_the_calendar_years_wholly_inside_it() {
        let years = |first: &str, last: &str| whole_years(day(first), day(last));
        assert_eq!(years("2007-01-01", "2026-11-10"), Some((2007, 2025)));
        assert_eq!(years("2026-01-01", "2026-12-31"), Some((2026, 2026)));
        assert_eq!(years("2025-04-01", "2026-03-31"), None);
        assert_eq!(years("2025-12-01", "2027-01-31"), Some((2026, 2026)));
    }

    #[test]
    fn a_range_of_whole_months_or_to_today_reads_the_months() {
        let request = |first: &str, last: &str| ReportRequest {
            range: DateRange::new(Some(day(first)), Some(day(last)), ("first", "last"))
                .expect("a range"),
            filters: Filters::default(),
            breakdown: None,
        };
        let today = day("2026-11-10");
        let reads = |r: &ReportRequest| {
            Reading::of(&Scope::Everyone, r, today, &[Measure::Cohort]).map(|r| r.grain)
        };
        assert_eq!(
            reads(&request("2026-04-01", "2026-11-10")),
            Some(Grain::England)
        );
        assert_eq!(
            reads(&request("2026-04-01", "2026-10-31")),
            Some(Grain::England)
        );
        assert_eq!(reads(&request("2026-04-02", "2026-10-31")), None);
        assert_eq!(reads(&request("2026-04-01", "2026-10-30")), None);
        let mut by_campaign = request("2026-04-01", "2026-10-31");
        by_campaign.filters.campaign = Some("spring".to_owned());
        assert_eq!(reads(&by_campaign), None);
        let mut by_area = request("2026-04-01", "2026-10-31");
        by_area.breakdown = Some(Breakdown::LocalAuthority);
        assert_eq!(reads(&by_area), Some(Grain::Area));
        let theirs = Reading::of(
            &Scope::Organisations(vec![3]),
            &by_area,
            today,
            &[Measure::Cohort],
        );
        assert_eq!(
            theirs.map(|r| r.grain),
            Some(Grain::OrganisationArea),
            "a service's own places"
        );
        let days = Reading::of(
            &Scope::Organisations(vec![3]),
            &by_area,
            today,
            &[Measure::DaysInStage],
        );
        assert!(
            days.is_none(),
            "days in stage by place come from the summaries"
        );
    }
}
