//! Recruitment reports: the funnel in its two views, time in each stage and
//! why households stop, as the Reports pages show them. Every count is
//! rounded to the nearest 5 and null when 1 to 4; a rate is null unless
//! both its counts are 5 or more (`docs/reports.md`).

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::NaiveDate;
use domain::Ctx;
use domain::clock::london_day;
use domain::figures::Figure;
use domain::reporting::{
    self as reports, Behind, DateRange, Filters, ReportRequest, annual_return, equality_by_stage,
    funnel_report, households_behind, public_statistics, publishers, reasons_report, set_published,
    set_target, sufficiency_report, targets_report, time_report, trend_report,
};

use crate::connections::{Listed, connection, page_request};
use crate::errors::to_graphql;
use crate::ids::from_id;
use crate::recruitment::{Closure, FosteringKind, HeardAbout, Stage};
use crate::schema::{actor, storage};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::reporting::Preset")]
pub enum ReportPreset {
    /// From 1 April to today.
    ThisFinancialYear,
    LastMonth,
    /// The last whole quarter of the financial year.
    LastQuarter,
    /// The last whole 1 April to 31 March.
    LastFinancialYear,
    /// The last 20 years, the longest range.
    AllTime,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::reporting::Breakdown")]
pub enum ReportBreakdown {
    Organisation,
    Region,
    /// From the routed postcode.
    LocalAuthority,
    /// `utm_source` from the link they came by.
    CampaignSource,
    CampaignMedium,
    Campaign,
    HeardAbout,
    /// A household interested in several kinds counts in each.
    Interest,
    /// Known and trusted adults, or everyone else.
    KnownAdult,
    /// The month of their first enquiry.
    EnquiryMonth,
}

/// Who is counted: each filter left out counts everyone in your scope.
#[derive(InputObject, Default)]
pub struct ReportFiltersInput {
    pub organisation_id: Option<ID>,
    pub region_id: Option<ID>,
    pub local_authority_id: Option<ID>,
    pub campaign_source: Option<String>,
    pub campaign_medium: Option<String>,
    pub campaign: Option<String>,
    pub heard_about: Option<HeardAbout>,
    pub interest: Option<FosteringKind>,
    /// True for known and trusted adults only, false for everyone else.
    pub known_adult: Option<bool>,
}

/// What a report covers: `from` and `to` (London dates, both included)
/// when given, else `preset`, else this financial year so far.
#[derive(InputObject, Default)]
pub struct ReportInput {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub preset: Option<ReportPreset>,
    pub filters: Option<ReportFiltersInput>,
    /// One dimension to break the figures down by.
    pub breakdown: Option<ReportBreakdown>,
}

/// Campaign text is free text from a public link: bounded like any other.
const LONGEST_TEXT: usize = 200;

fn text_filter(value: Option<String>, field: &str) -> async_graphql::Result<Option<String>> {
    match value {
        Some(v) if v.chars().count() > LONGEST_TEXT => Err(to_graphql(
            domain::DomainError::invalid(field, "Enter 200 characters or fewer"),
        )),
        other => Ok(other.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())),
    }
}

impl ReportInput {
    fn request(self, ctx: &Ctx) -> async_graphql::Result<ReportRequest> {
        let range = DateRange::asked(
            self.preset.map(Into::into),
            self.from,
            self.to,
            ("from", "to"),
            london_day(ctx.clock.now()),
        )
        .map_err(to_graphql)?;
        let f = self.filters.unwrap_or_default();
        let id = |kind: &str, id: Option<ID>, field: &str| -> async_graphql::Result<Option<i32>> {
            id.map(|id| from_id(kind, &id, field)).transpose()
        };
        Ok(ReportRequest {
            range,
            filters: Filters {
                organisation: id("Organisation", f.organisation_id, "filters.organisationId")?,
                region: id("Region", f.region_id, "filters.regionId")?,
                local_authority: id(
                    "LocalAuthority",
                    f.local_authority_id,
                    "filters.localAuthorityId",
                )?,
                campaign_source: text_filter(f.campaign_source, "filters.campaignSource")?,
                campaign_medium: text_filter(f.campaign_medium, "filters.campaignMedium")?,
                campaign: text_filter(f.campaign, "filters.campaign")?,
                heard_about: f.heard_about.map(Into::into),
                interest: f.interest.map(Into::into),
                known_adult: f.known_adult,
            },
            breakdown: self.breakdown.map(Into::into),
        })
    }
}

/// A count as it may be given: rounded to the nearest 5, null for 1 to 4.
fn shown(figure: Figure) -> Option<u64> {
    figure.shown()
}

#[derive(SimpleObject)]
pub struct ReportRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl From<DateRange> for ReportRange {
    fn from(range: DateRange) -> Self {
        Self {
            from: range.first,
            to: range.last,
        }
    }
}

#[derive(SimpleObject)]
pub struct StageReached {
    pub stage: Stage,
    pub households: Option<u64>,
    /// Percentage of those that reached the stage before (not the optional
    /// information event) that reached this one.
    pub from_previous: Option<f64>,
}

/// Of the households whose first enquiry fell in the range: how far they
/// have come by now.
#[derive(SimpleObject)]
pub struct CohortFigures {
    pub enquiries: Option<u64>,
    pub stages: Vec<StageReached>,
    /// Percentages.
    pub enquiry_to_application: Option<f64>,
    pub enquiry_to_approval: Option<f64>,
    /// Of those that applied, the percentage approved so far.
    pub application_to_approval: Option<f64>,
}

#[derive(SimpleObject)]
pub struct StageCount {
    pub stage: Stage,
    pub households: Option<u64>,
}

/// What happened in the range, whenever the households enquired: Ofsted's
/// annual counts for a financial year.
#[derive(SimpleObject)]
pub struct PeriodFigures {
    /// Households entering each stage: `ENQUIRY` is initial enquiries,
    /// `APPLICATION_SUBMITTED` applications, `APPROVED` approvals.
    pub entered: Vec<StageCount>,
    pub withdrew: Option<u64>,
    pub advised_not_to_proceed: Option<u64>,
    pub not_approved: Option<u64>,
}

#[derive(SimpleObject)]
pub struct FunnelRow {
    /// The group: an organisation's, region's or local authority's number,
    /// a stored name, a month as `2026-04`; null for everyone, or for
    /// households with no value.
    pub key: Option<String>,
    pub label: String,
    pub cohort: CohortFigures,
    pub period: PeriodFigures,
}

#[derive(SimpleObject)]
pub struct FunnelReport {
    pub range: ReportRange,
    pub breakdown: Option<ReportBreakdown>,
    pub total: FunnelRow,
    pub groups: Vec<FunnelRow>,
}

impl From<reports::FunnelRow> for FunnelRow {
    fn from(row: reports::FunnelRow) -> Self {
        Self {
            key: row.key,
            label: row.label,
            cohort: CohortFigures {
                enquiries: shown(row.cohort.enquiries),
                stages: row
                    .cohort
                    .stages
                    .into_iter()
                    .map(|s| StageReached {
                        stage: s.stage.into(),
                        households: shown(s.households),
                        from_previous: s.from_previous,
                    })
                    .collect(),
                enquiry_to_application: row.cohort.enquiry_to_application,
                enquiry_to_approval: row.cohort.enquiry_to_approval,
                application_to_approval: row.cohort.application_to_approval,
            },
            period: PeriodFigures {
                entered: row
                    .period
                    .entered
                    .into_iter()
                    .map(|(stage, n)| StageCount {
                        stage: stage.into(),
                        households: shown(n),
                    })
                    .collect(),
                withdrew: shown(row.period.withdrew),
                advised_not_to_proceed: shown(row.period.advised_not_to_proceed),
                not_approved: shown(row.period.not_approved),
            },
        }
    }
}

/// How long households took: the median and 90th percentile are null for
/// fewer than 5 households.
#[derive(SimpleObject)]
pub struct Spread {
    pub households: Option<u64>,
    pub median: Option<u32>,
    pub p90: Option<u32>,
}

impl From<reports::Spread> for Spread {
    fn from(spread: reports::Spread) -> Self {
        Self {
            households: shown(spread.households),
            median: spread.median,
            p90: spread.p90,
        }
    }
}

#[derive(SimpleObject)]
pub struct InTime {
    pub households: Option<u64>,
    pub in_time: Option<u64>,
    /// Percentage.
    pub share: Option<f64>,
}

impl From<reports::InTime> for InTime {
    fn from(figures: reports::InTime) -> Self {
        Self {
            households: shown(figures.households),
            in_time: shown(figures.in_time),
            share: figures.share,
        }
    }
}

#[derive(SimpleObject)]
pub struct StageDays {
    pub stage: Stage,
    /// Days in the stage, less time on hold or closed, of the households
    /// that moved on from it in the range.
    pub days: Spread,
}

#[derive(SimpleObject)]
pub struct TimeReport {
    pub range: ReportRange,
    pub stages: Vec<StageDays>,
    /// Days from enquiry to approval, of those approved in the range.
    pub enquiry_to_approval_days: Spread,
    /// Of those that enquired in the range and have been reached.
    pub first_contact: InTime,
    pub first_contact_hours: Spread,
    /// Of those that went on to Stage 2 in the range, within the service's
    /// months for Stage 1.
    pub stage_one: InTime,
    /// Of those booked for panel in the range, within the months for
    /// Stage 2.
    pub stage_two: InTime,
    /// Open households late now.
    pub overdue_now: Option<u64>,
}

#[derive(SimpleObject)]
pub struct StopReason {
    /// The stage they left.
    pub stage: Stage,
    pub closure: Closure,
    pub reason: String,
    pub households: Option<u64>,
}

#[derive(SimpleObject)]
pub struct StopReasonsReport {
    pub range: ReportRange,
    pub reasons: Vec<StopReason>,
}

/// One month of the trend.
#[derive(SimpleObject)]
pub struct MonthFigures {
    /// The month's first day.
    pub month: NaiveDate,
    /// Households entering `ENQUIRY` (initial enquiries),
    /// `APPLICATION_SUBMITTED` (applications) and `APPROVED` in the month.
    pub entered: Vec<StageCount>,
}

#[derive(SimpleObject)]
pub struct TrendReport {
    pub range: ReportRange,
    /// Every month the range touches, oldest first.
    pub months: Vec<MonthFigures>,
}

/// One question's answers in a group.
#[derive(SimpleObject)]
pub struct EqualityQuestion {
    pub question: String,
    pub answers: Vec<crate::recruitment::AnswerCount>,
    pub not_answered: Option<u64>,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::reporting::EqualityGroup")]
pub enum EqualityGroup {
    /// Households whose first enquiry fell in the range.
    Enquired,
    /// Households that sent an application in the range.
    Applied,
    /// Households approved in the range.
    Approved,
}

#[derive(SimpleObject)]
pub struct EqualityGroupFigures {
    pub group: EqualityGroup,
    pub households: Option<u64>,
    pub questions: Vec<EqualityQuestion>,
}

#[derive(SimpleObject)]
pub struct EqualityByStage {
    pub range: ReportRange,
    pub groups: Vec<EqualityGroupFigures>,
}

/// One service's counts, as Ofsted's annual collection asks.
#[derive(SimpleObject)]
pub struct ServiceCounts {
    pub organisation_id: ID,
    pub organisation: String,
    pub initial_enquiries: Option<u64>,
    pub applications: Option<u64>,
    pub approvals: Option<u64>,
    pub withdrew_before_applying: Option<u64>,
    pub withdrew_after_applying: Option<u64>,
}

#[derive(SimpleObject)]
pub struct AnnualCounts {
    pub range: ReportRange,
    pub services: Vec<ServiceCounts>,
}

/// A kind of home a service needs, and who might give it.
#[derive(SimpleObject)]
pub struct NeededHome {
    pub kind: FosteringKind,
    /// Open households interested in it, not yet applied.
    pub enquiring: Option<u64>,
    /// Open households interested in it that have applied.
    pub applying: Option<u64>,
    /// Households interested in it approved in the range.
    pub approved: Option<u64>,
}

#[derive(SimpleObject)]
pub struct ServiceNeeds {
    pub organisation_id: ID,
    pub organisation: String,
    /// Most needed first, from the service's profile.
    pub homes: Vec<NeededHome>,
}

#[derive(SimpleObject)]
pub struct SufficiencyReport {
    pub range: ReportRange,
    pub services: Vec<ServiceNeeds>,
}

/// A line of the targets report: England, or a service.
#[derive(SimpleObject)]
pub struct TargetLine {
    /// Null for England.
    pub organisation_id: Option<ID>,
    pub name: String,
    /// Households to approve this financial year, if set (England's is
    /// 3,000 until the national programme sets it).
    pub target: Option<u32>,
    pub approved: Option<u64>,
    /// Approvals so far at this year's pace, over the whole year.
    pub run_rate: Option<u64>,
    /// Approvals so far plus the pipeline's chances of approval by
    /// 31 March, from the last 12 months' pace (`docs/reports.md`).
    pub forecast: Option<u64>,
    /// Whether you may set its target.
    pub settable: bool,
}

#[derive(SimpleObject)]
pub struct TargetsReport {
    /// This financial year.
    pub year: ReportRange,
    pub lines: Vec<TargetLine>,
}

/// A region's or service's published rates: percentages, null where the
/// suppression rule hides them.
#[derive(SimpleObject)]
pub struct PublishedRates {
    pub name: String,
    /// Households that first enquired in the year, to the nearest 5.
    pub enquiries: Option<u64>,
    pub enquiry_to_application: Option<f64>,
    pub application_to_approval: Option<f64>,
}

impl From<domain::reporting::PublishedRates> for PublishedRates {
    fn from(rates: domain::reporting::PublishedRates) -> Self {
        Self {
            name: rates.name,
            enquiries: shown(rates.enquiries),
            enquiry_to_application: rates.enquiry_to_application,
            application_to_approval: rates.application_to_approval,
        }
    }
}

#[derive(SimpleObject)]
pub struct PublicStatistics {
    /// The last full financial year: its enquirers are the cohort.
    pub year: ReportRange,
    /// Empty until the national programme publishes them.
    pub regions: Vec<PublishedRates>,
    /// The services that publish theirs.
    pub services: Vec<PublishedRates>,
}

/// An organisation whose figures the reader decides to publish.
#[derive(SimpleObject)]
pub struct StatisticsPublisher {
    pub organisation_id: ID,
    pub name: String,
    /// The national programme: publishing publishes England's regions.
    pub national: bool,
    pub published: bool,
}

/// A household behind a figure.
#[derive(SimpleObject)]
pub struct HouseholdBehind {
    pub household_id: ID,
    pub name: String,
    pub organisation: String,
    /// Where it is now.
    pub stage: Stage,
    /// The London date of its first enquiry.
    pub first_enquired_on: NaiveDate,
}

impl From<domain::reporting::NamedHousehold> for HouseholdBehind {
    fn from(found: domain::reporting::NamedHousehold) -> Self {
        Self {
            household_id: crate::ids::to_id("Household", found.household_id),
            name: found.name,
            organisation: found.organisation,
            stage: found.stage.into(),
            first_enquired_on: found.first_on,
        }
    }
}

/// Answers `report` for the input asked, as the reader may see it.
async fn answer<T>(
    ctx: &Context<'_>,
    input: Option<ReportInput>,
    report: impl AsyncFnOnce(&Ctx, &domain::Actor, &ReportRequest) -> Result<T, domain::DomainError>,
) -> async_graphql::Result<T> {
    let storage = storage(ctx)?;
    let request = input.unwrap_or_default().request(storage)?;
    report(storage, actor(ctx), &request)
        .await
        .map_err(to_graphql)
}

#[derive(Default)]
pub struct ReportsQuery;

#[Object]
impl ReportsQuery {
    /// The recruitment funnel for a range: the cohort that enquired in it
    /// and the period's counts, broken down by at most one dimension. For
    /// recruitment officers, managers and administrators (their own
    /// organisations) and the national programme (every organisation).
    async fn funnel_report(
        &self,
        ctx: &Context<'_>,
        input: Option<ReportInput>,
    ) -> async_graphql::Result<FunnelReport> {
        let report = answer(ctx, input, funnel_report).await?;
        Ok(FunnelReport {
            range: report.range.into(),
            breakdown: report.breakdown.map(Into::into),
            total: report.total.into(),
            groups: report.groups.into_iter().map(Into::into).collect(),
        })
    }

    /// How long each step takes, and what is late now.
    async fn time_report(
        &self,
        ctx: &Context<'_>,
        input: Option<ReportInput>,
    ) -> async_graphql::Result<TimeReport> {
        let report = answer(ctx, input, time_report).await?;
        Ok(TimeReport {
            range: report.range.into(),
            stages: report
                .stages
                .into_iter()
                .map(|(stage, days)| StageDays {
                    stage: stage.into(),
                    days: days.into(),
                })
                .collect(),
            enquiry_to_approval_days: report.enquiry_to_approval.into(),
            first_contact: report.first_contact.into(),
            first_contact_hours: report.first_contact_hours.into(),
            stage_one: report.stage_one.into(),
            stage_two: report.stage_two.into(),
            overdue_now: shown(report.overdue_now),
        })
    }

    /// Why households stopped in the range: by the stage they left, how
    /// it ended and the reason given.
    async fn stop_reasons_report(
        &self,
        ctx: &Context<'_>,
        input: Option<ReportInput>,
    ) -> async_graphql::Result<StopReasonsReport> {
        let report = answer(ctx, input, reasons_report).await?;
        Ok(StopReasonsReport {
            range: report.range.into(),
            reasons: report
                .reasons
                .into_iter()
                .map(|r| StopReason {
                    stage: r.stage.into(),
                    closure: r.closure.into(),
                    reason: r.reason,
                    households: shown(r.households),
                })
                .collect(),
        })
    }

    /// Month by month: initial enquiries, applications and approvals in
    /// each month of the range.
    async fn trend_report(
        &self,
        ctx: &Context<'_>,
        input: Option<ReportInput>,
    ) -> async_graphql::Result<TrendReport> {
        let report = answer(ctx, input, trend_report).await?;
        Ok(TrendReport {
            range: report.range.into(),
            months: report
                .months
                .into_iter()
                .map(|m| MonthFigures {
                    month: m.month,
                    entered: m
                        .entered
                        .into_iter()
                        .map(|(stage, n)| StageCount {
                            stage: stage.into(),
                            households: shown(n),
                        })
                        .collect(),
                })
                .collect(),
        })
    }

    /// The optional equality answers of those that enquired, applied and
    /// were approved in the range: counts only. For those who work
    /// enquiries, and the national programme.
    async fn equality_by_stage(
        &self,
        ctx: &Context<'_>,
        input: Option<ReportInput>,
    ) -> async_graphql::Result<EqualityByStage> {
        let report = answer(ctx, input, equality_by_stage).await?;
        Ok(EqualityByStage {
            range: report.range.into(),
            groups: report
                .groups
                .into_iter()
                .map(|(group, households, questions)| EqualityGroupFigures {
                    group: group.into(),
                    households: shown(households),
                    questions: questions
                        .into_iter()
                        .map(|q| EqualityQuestion {
                            question: q.question.to_owned(),
                            answers: q
                                .answers
                                .into_iter()
                                .map(|(answer, n)| crate::recruitment::AnswerCount {
                                    answer: answer.to_owned(),
                                    households: shown(n),
                                })
                                .collect(),
                            not_answered: shown(q.not_answered),
                        })
                        .collect(),
                })
                .collect(),
        })
    }

    /// Each service's initial enquiries, applications, approvals and
    /// withdrawals (before and after applying) in the range: Ofsted's
    /// annual counts for a financial year (`preset: LAST_FINANCIAL_YEAR`).
    async fn annual_counts(
        &self,
        ctx: &Context<'_>,
        input: Option<ReportInput>,
    ) -> async_graphql::Result<AnnualCounts> {
        let report = answer(ctx, input, annual_return).await?;
        Ok(AnnualCounts {
            range: report.year.into(),
            services: report
                .services
                .into_iter()
                .map(|s| ServiceCounts {
                    organisation_id: crate::ids::to_id("Organisation", s.organisation_id),
                    organisation: s.organisation,
                    initial_enquiries: shown(s.initial_enquiries),
                    applications: shown(s.applications),
                    approvals: shown(s.approvals),
                    withdrew_before_applying: shown(s.withdrew_before_applying),
                    withdrew_after_applying: shown(s.withdrew_after_applying),
                })
                .collect(),
        })
    }

    /// Each service's "homes we need most" against the households in its
    /// pipeline interested in each kind, and those approved in the range.
    async fn sufficiency_report(
        &self,
        ctx: &Context<'_>,
        input: Option<ReportInput>,
    ) -> async_graphql::Result<SufficiencyReport> {
        let report = answer(ctx, input, sufficiency_report).await?;
        Ok(SufficiencyReport {
            range: report.range.into(),
            services: report
                .services
                .into_iter()
                .map(|s| ServiceNeeds {
                    organisation_id: crate::ids::to_id("Organisation", s.organisation_id),
                    organisation: s.organisation,
                    homes: s
                        .homes
                        .into_iter()
                        .map(|h| NeededHome {
                            kind: h.kind.into(),
                            enquiring: shown(h.enquiring),
                            applying: shown(h.applying),
                            approved: shown(h.approved),
                        })
                        .collect(),
                })
                .collect(),
        })
    }

    /// The households behind one figure of the funnel, by name, oldest
    /// enquiry first: give exactly one of `reached` (of the cohort),
    /// `entered` or `closed` (in the range). Only for those who work
    /// enquiries, and only their own organisations' households.
    #[allow(clippy::too_many_arguments)]
    async fn households_behind(
        &self,
        ctx: &Context<'_>,
        input: Option<ReportInput>,
        reached: Option<Stage>,
        entered: Option<Stage>,
        closed: Option<Closure>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Listed<HouseholdBehind>> {
        let behind = match (reached, entered, closed) {
            (Some(stage), None, None) => Behind::Reached(stage.into()),
            (None, Some(stage), None) => Behind::Entered(stage.into()),
            (None, None, Some(closure)) => Behind::Closed(closure.into()),
            _ => {
                return Err(to_graphql(domain::DomainError::invalid(
                    "reached",
                    "Give one of reached, entered or closed",
                )));
            }
        };
        let page = page_request(first, after, last, before)?;
        let found = answer(ctx, input, async |storage, actor, request| {
            households_behind(storage, actor, request, behind, &page).await
        })
        .await?;
        Ok(connection(found, HouseholdBehind::from))
    }

    /// The public statistics, for anyone: each published region's and
    /// service's conversion rates for the last full financial year.
    async fn public_statistics(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<PublicStatistics> {
        let report = public_statistics(storage(ctx)?).await.map_err(to_graphql)?;
        Ok(PublicStatistics {
            year: report.year.into(),
            regions: report.regions.into_iter().map(Into::into).collect(),
            services: report.services.into_iter().map(Into::into).collect(),
        })
    }

    /// The organisations whose figures the reader may publish on the
    /// public statistics page, and whether they do.
    async fn statistics_publishers(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<StatisticsPublisher>> {
        let found = publishers(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(found
            .into_iter()
            .map(|p| StatisticsPublisher {
                organisation_id: crate::ids::to_id("Organisation", p.organisation_id),
                name: p.name,
                national: p.national,
                published: p.published,
            })
            .collect())
    }

    /// This financial year's approvals against England's target and each
    /// service's, with the run rate and forecast.
    async fn targets_report(&self, ctx: &Context<'_>) -> async_graphql::Result<TargetsReport> {
        let storage = storage(ctx)?;
        let report = targets_report(storage, actor(ctx))
            .await
            .map_err(to_graphql)?;
        let national = domain::accounts::national_programme_id(storage, &domain::Actor::System)
            .await
            .map_err(to_graphql)?;
        Ok(TargetsReport {
            year: report.year.into(),
            lines: report
                .lines
                .into_iter()
                .map(|l| TargetLine {
                    settable: report
                        .settable
                        .contains(&l.organisation_id.unwrap_or(national)),
                    organisation_id: l
                        .organisation_id
                        .map(|id| crate::ids::to_id("Organisation", id)),
                    name: l.name,
                    target: l.target,
                    approved: shown(l.approved),
                    run_rate: shown(l.run_rate),
                    forecast: shown(l.forecast),
                })
                .collect(),
        })
    }
}

#[derive(Default)]
pub struct ReportsMutation;

#[Object]
impl ReportsMutation {
    /// Sets this financial year's target of approvals for an organisation
    /// (the national programme's is England's): for those who run its
    /// recruitment. Returns true.
    async fn set_recruitment_target(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        approvals: u32,
    ) -> async_graphql::Result<bool> {
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        set_target(storage(ctx)?, actor(ctx), id, Some(approvals))
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
    /// Publishes an organisation's figures on the public statistics page,
    /// or stops: for those who run its recruitment (the national
    /// programme's publishes England's regions). Returns true.
    async fn publish_statistics(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        published: bool,
    ) -> async_graphql::Result<bool> {
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        set_published(storage(ctx)?, actor(ctx), id, published)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}
