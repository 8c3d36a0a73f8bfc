//! Each report as the sections of its page: a heading, what it counts, an
//! optional chart and the table (which is also its CSV).

use domain::figures::Figure;
use domain::recruitment::funnel::{Closure, Stage};
use domain::reporting::{
    Breakdown, EqualityGroup, FunnelRow, ReportRequest, TIMED_STAGES, annual_return,
    equality_by_stage, funnel_report, may_see_equality, may_see_households, reasons_report,
    sufficiency_report, time_report, trend_report,
};
use domain::{Actor, Ctx, DomainError};

use super::chart::BarChart;
use super::table::{Cell, Table};

/// The reports, each a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Report {
    Funnel,
    Time,
    Reasons,
    Trend,
    Equality,
    AnnualCounts,
    Sufficiency,
}

impl Report {
    pub const ALL: &'static [Report] = &[
        Self::Funnel,
        Self::Time,
        Self::Reasons,
        Self::Trend,
        Self::Sufficiency,
        Self::AnnualCounts,
        Self::Equality,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Funnel => "funnel",
            Self::Time => "time",
            Self::Reasons => "reasons",
            Self::Trend => "trend",
            Self::Equality => "equality",
            Self::AnnualCounts => "annual-counts",
            Self::Sufficiency => "homes-needed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.as_str() == text)
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Funnel => "Recruitment funnel",
            Self::Time => "Time in each stage",
            Self::Reasons => "Why households stop",
            Self::Trend => "Month by month",
            Self::Equality => "Who is enquiring",
            Self::AnnualCounts => "Ofsted's annual counts",
            Self::Sufficiency => "Homes we need most",
        }
    }

    /// Whether the actor may open it: equality figures are for those who
    /// work enquiries and the national programme.
    pub fn open_to(self, actor: &Actor) -> bool {
        self != Self::Equality || may_see_equality(actor)
    }

    pub fn href(self) -> String {
        match self {
            Self::Funnel => "/reports".to_owned(),
            other => format!("/reports/{}", other.as_str()),
        }
    }
}

pub struct Section {
    /// The table's name in its download's address.
    pub slug: &'static str,
    pub heading: String,
    pub intro: String,
    pub chart: Option<BarChart>,
    pub table: Table,
}

/// The sections of `report` for `request` (asked as `query`), as the
/// actor may see them.
pub async fn sections(
    ctx: &Ctx,
    actor: &Actor,
    report: Report,
    request: &ReportRequest,
    query: &str,
) -> Result<Vec<Section>, DomainError> {
    match report {
        Report::Funnel => funnel(ctx, actor, request, query).await,
        Report::Time => time(ctx, actor, request).await,
        Report::Reasons => reasons(ctx, actor, request).await,
        Report::Trend => trend(ctx, actor, request).await,
        Report::Equality => equality(ctx, actor, request).await,
        Report::AnnualCounts => annual_counts(ctx, actor, request).await,
        Report::Sufficiency => sufficiency(ctx, actor, request).await,
    }
}

fn stage_name(stage: Stage) -> &'static str {
    stage.label()
}

/// A bar for a count: as long as it may be shown, labelled as it is shown.
fn counted(label: impl Into<String>, figure: Figure) -> (String, Option<u64>, String) {
    (label.into(), figure.shown(), figure.text())
}

async fn funnel(
    ctx: &Ctx,
    actor: &Actor,
    request: &ReportRequest,
    query: &str,
) -> Result<Vec<Section>, DomainError> {
    let report = funnel_report(ctx, actor, request).await?;
    // A figure links to its households for those who may read them.
    let behind = |figure: &str, value: &str| {
        may_see_households(actor).then(|| {
            let asked = if query.is_empty() { "" } else { "&" };
            format!("/reports/households?{query}{asked}{figure}={value}")
        })
    };
    let cohort = &report.total.cohort;
    let mut reached = Table::new(
        "How far the households that enquired in the range have come",
        &[
            "Stage",
            "Households that reached it",
            "Of those at the stage before",
        ],
    );
    for stage in &cohort.stages {
        reached.row(vec![
            Cell::text(stage_name(stage.stage)),
            Cell::count(stage.households).linked(
                behind("reached", stage.stage.as_str())
                    .filter(|_| stage.households != Figure::None),
            ),
            if stage.stage == Stage::InformationEvent {
                Cell::text("Optional")
            } else if stage.stage == Stage::Enquiry {
                Cell::text("")
            } else {
                Cell::rate(stage.from_previous)
            },
        ]);
    }
    reached.row(vec![
        Cell::text("Enquiry to application"),
        Cell::text(""),
        Cell::rate(cohort.enquiry_to_application),
    ]);
    reached.row(vec![
        Cell::text("Enquiry to approval"),
        Cell::text(""),
        Cell::rate(cohort.enquiry_to_approval),
    ]);
    reached.row(vec![
        Cell::text("Application to approval"),
        Cell::text(""),
        Cell::rate(cohort.application_to_approval),
    ]);
    let chart = BarChart::new(
        "funnel-chart",
        "Households that reached each stage",
        cohort
            .stages
            .iter()
            .map(|s| counted(stage_name(s.stage), s.households))
            .collect(),
    );
    let period = &report.total.period;
    let mut happened = Table::new(
        "What happened in the range",
        &["What happened", "Households"],
    );
    let entered = |label, stage: Stage| {
        (
            label,
            period.entered(stage),
            behind("entered", stage.as_str()),
        )
    };
    for (label, figure, href) in [
        entered("Initial enquiries", Stage::Enquiry),
        entered("First contact", Stage::Contacted),
        entered("Came to an information event", Stage::InformationEvent),
        entered("Initial home visit", Stage::InitialVisit),
        entered("Invited to apply", Stage::ApplicationInvited),
        entered("Applications", Stage::ApplicationSubmitted),
        entered("Went on to Stage 2", Stage::Assessment),
        entered("Booked for panel", Stage::Panel),
        entered("Panel recommendations", Stage::Recommended),
        entered("Proposals not to approve", Stage::ProposedNotToApprove),
        entered("Approvals", Stage::Approved),
        (
            "Withdrew",
            period.withdrew,
            behind("closed", Closure::Withdrawn.as_str()),
        ),
        (
            "Advised not to proceed",
            period.advised_not_to_proceed,
            behind("closed", Closure::AdvisedNotToProceed.as_str()),
        ),
        (
            "Not approved",
            period.not_approved,
            behind("closed", Closure::NotApproved.as_str()),
        ),
    ] {
        happened.row(vec![
            Cell::text(label),
            Cell::count(figure).linked(href.filter(|_| figure != Figure::None)),
        ]);
    }
    let mut found = vec![
        Section {
            slug: "cohort",
            heading: "The households that enquired".to_owned(),
            intro: format!(
                "Of the households whose first enquiry fell in the range ({}), how many have reached each stage by now. A household counts at every stage before the one it reached; the information event is optional.",
                cohort.enquiries.text()
            ),
            chart: Some(chart),
            table: reached,
        },
        Section {
            slug: "period",
            heading: "What happened in the range".to_owned(),
            intro: "Whenever the households enquired: Ofsted's annual counts, for a financial year. A household that withdrew and came back within the range has not withdrawn in it.".to_owned(),
            chart: None,
            table: happened,
        },
    ];
    if let Some(breakdown) = report.breakdown {
        found.push(Section {
            slug: "breakdown",
            heading: format!("By {}", breakdown.label().to_lowercase()),
            intro: breakdown_intro(breakdown).to_owned(),
            chart: None,
            table: broken_down(breakdown, &report.groups),
        });
    }
    Ok(found)
}

fn breakdown_intro(breakdown: Breakdown) -> &'static str {
    match breakdown {
        Breakdown::Interest => {
            "A household interested in more than one kind of fostering counts under each."
        }
        Breakdown::LocalAuthority | Breakdown::Region => "From the postcode each household gave.",
        _ => {
            "Each group's cohort (those that enquired in the range) and what happened in the range."
        }
    }
}

fn broken_down(breakdown: Breakdown, groups: &[FunnelRow]) -> Table {
    let mut table = Table::new(
        format!("By {}", breakdown.label().to_lowercase()),
        &[
            breakdown.label(),
            "Enquired",
            "Applied",
            "Approved",
            "Enquiry to application",
            "Enquiry to approval",
            "Applications in the range",
            "Approvals in the range",
            "Withdrew in the range",
        ],
    );
    for group in groups {
        let reached = |stage: Stage| {
            group
                .cohort
                .stages
                .iter()
                .find(|s| s.stage == stage)
                .map_or(Figure::None, |s| s.households)
        };
        table.row(vec![
            Cell::text(group.label.clone()),
            Cell::count(group.cohort.enquiries),
            Cell::count(reached(Stage::ApplicationSubmitted)),
            Cell::count(reached(Stage::Approved)),
            Cell::rate(group.cohort.enquiry_to_application),
            Cell::rate(group.cohort.enquiry_to_approval),
            Cell::count(group.period.entered(Stage::ApplicationSubmitted)),
            Cell::count(group.period.entered(Stage::Approved)),
            Cell::count(group.period.withdrew),
        ]);
    }
    table
}

async fn time(
    ctx: &Ctx,
    actor: &Actor,
    request: &ReportRequest,
) -> Result<Vec<Section>, DomainError> {
    let report = time_report(ctx, actor, request).await?;
    let mut stages = Table::new(
        "Days in each stage",
        &[
            "Stage",
            "Households that moved on",
            "Median days",
            "90th percentile days",
        ],
    );
    for (stage, spread) in &report.stages {
        stages.row(vec![
            Cell::text(stage_name(*stage)),
            Cell::count(spread.households),
            Cell::number(spread.median),
            Cell::number(spread.p90),
        ]);
    }
    let approval = report.enquiry_to_approval;
    stages.row(vec![
        Cell::text("From enquiry to approval"),
        Cell::count(approval.households),
        Cell::number(approval.median),
        Cell::number(approval.p90),
    ]);
    let mut deadlines = Table::new(
        "Deadlines",
        &["Deadline", "Households", "In time", "Share in time"],
    );
    for (label, figures) in [
        (
            "First contact by the service's deadline",
            report.first_contact,
        ),
        ("Stage 1 within the service's months", report.stage_one),
        ("Stage 2 within the service's months", report.stage_two),
    ] {
        deadlines.row(vec![
            Cell::text(label),
            Cell::count(figures.households),
            Cell::count(figures.in_time),
            Cell::rate(figures.share),
        ]);
    }
    let mut now = Table::new("Now", &["Measure", "Value"]);
    now.row(vec![
        Cell::text("Median hours to first contact"),
        Cell::number(report.first_contact_hours.median),
    ]);
    now.row(vec![
        Cell::text("Households overdue now"),
        Cell::count(report.overdue_now),
    ]);
    let chart = BarChart::new(
        "days-chart",
        "Median days in each stage",
        report
            .stages
            .iter()
            .filter(|(stage, _)| TIMED_STAGES.contains(stage))
            .map(|(stage, spread)| {
                let text = spread
                    .median
                    .map_or_else(|| "too few to show".to_owned(), |d| format!("{d} days"));
                (
                    stage_name(*stage).to_owned(),
                    spread.median.map(u64::from),
                    text,
                )
            })
            .collect(),
    );
    Ok(vec![
        Section {
            slug: "stages",
            heading: "Days in each stage".to_owned(),
            intro: "Of the households that moved on from each stage in the range: whole days, less time on hold or closed. Half took the median or fewer; nine in ten the 90th percentile or fewer. Fewer than 5 households give no figure.".to_owned(),
            chart: Some(chart),
            table: stages,
        },
        Section {
            slug: "deadlines",
            heading: "Against the deadlines".to_owned(),
            intro: "First contact for the households that enquired in the range; Stage 1 for those that went on to Stage 2 in it, and Stage 2 for those booked for panel in it, counted from the day the application was sent.".to_owned(),
            chart: None,
            table: deadlines,
        },
        Section {
            slug: "now",
            heading: "First contact and what is late".to_owned(),
            intro: "Hours from enquiry to first contact for the households that enquired in the range; households overdue now, whenever they enquired.".to_owned(),
            chart: None,
            table: now,
        },
    ])
}

async fn reasons(
    ctx: &Ctx,
    actor: &Actor,
    request: &ReportRequest,
) -> Result<Vec<Section>, DomainError> {
    let report = reasons_report(ctx, actor, request).await?;
    let mut table = Table::new(
        "Why households stopped",
        &["Stage they left", "How it ended", "Reason", "Households"],
    );
    for reason in report.reasons {
        table.row(vec![
            Cell::text(stage_name(reason.stage)),
            Cell::text(reason.closure.label()),
            Cell::text(reason.reason),
            Cell::count(reason.households),
        ]);
    }
    Ok(vec![Section {
        slug: "reasons",
        heading: "Why households stopped".to_owned(),
        intro: "Each enquiry closed in the range and not reopened in it, by the stage it left and the reason recorded.".to_owned(),
        chart: None,
        table,
    }])
}

async fn trend(
    ctx: &Ctx,
    actor: &Actor,
    request: &ReportRequest,
) -> Result<Vec<Section>, DomainError> {
    let report = trend_report(ctx, actor, request).await?;
    let mut table = Table::new(
        "Month by month",
        &["Month", "Initial enquiries", "Applications", "Approvals"],
    );
    let month = |m: &domain::reporting::MonthCounts| m.month.format("%B %Y").to_string();
    for counts in &report.months {
        let mut row = vec![Cell::text(month(counts))];
        row.extend(counts.entered.iter().map(|(_, n)| Cell::count(*n)));
        table.row(row);
    }
    let chart = BarChart::new(
        "enquiries-chart",
        "Initial enquiries each month",
        report
            .months
            .iter()
            .map(|m| {
                counted(
                    month(m),
                    m.entered.first().map_or(Figure::None, |(_, n)| *n),
                )
            })
            .collect(),
    );
    Ok(vec![Section {
        slug: "months",
        heading: "Month by month".to_owned(),
        intro: "In each month of the range, how many households enquired, sent an application and were approved.".to_owned(),
        chart: Some(chart),
        table,
    }])
}

async fn equality(
    ctx: &Ctx,
    actor: &Actor,
    request: &ReportRequest,
) -> Result<Vec<Section>, DomainError> {
    let report = equality_by_stage(ctx, actor, request).await?;
    let headings: Vec<&str> = std::iter::once("Answer")
        .chain(EqualityGroup::ALL.iter().map(|g| g.label()))
        .collect();
    let slugs = [
        "ethnic-group",
        "religion",
        "disability",
        "sexual-orientation",
    ];
    let questions = report.groups.first().map_or(0, |(_, _, q)| q.len());
    let mut sections = Vec::with_capacity(questions);
    for (i, slug) in slugs.iter().enumerate().take(questions) {
        let name = report.groups[0].2[i].question;
        let mut table = Table::new(name, &headings);
        let mut households = vec![Cell::text("Households")];
        households.extend(report.groups.iter().map(|(_, n, _)| Cell::count(*n)));
        table.row(households);
        for (a, (answer, _)) in report.groups[0].2[i].answers.iter().enumerate() {
            let mut row = vec![Cell::text(*answer)];
            row.extend(
                report
                    .groups
                    .iter()
                    .map(|(_, _, q)| Cell::count(q[i].answers[a].1)),
            );
            table.row(row);
        }
        let mut unanswered = vec![Cell::text("Not answered")];
        unanswered.extend(
            report
                .groups
                .iter()
                .map(|(_, _, q)| Cell::count(q[i].not_answered)),
        );
        table.row(unanswered);
        sections.push(Section {
            slug,
            heading: name.to_owned(),
            intro: if i == 0 {
                "The optional equality answers of the households that enquired in the range, of those that applied in it and of those approved in it: whom the service reaches, and whom it keeps.".to_owned()
            } else {
                String::new()
            },
            chart: None,
            table,
        });
    }
    Ok(sections)
}

async fn annual_counts(
    ctx: &Ctx,
    actor: &Actor,
    request: &ReportRequest,
) -> Result<Vec<Section>, DomainError> {
    let report = annual_return(ctx, actor, request).await?;
    let mut table = Table::new(
        "Each service's counts",
        &[
            "Service",
            "Initial enquiries",
            "Applications",
            "Approvals",
            "Withdrew before applying",
            "Withdrew after applying",
        ],
    );
    for service in report.services {
        table.row(vec![
            Cell::text(service.organisation),
            Cell::count(service.initial_enquiries),
            Cell::count(service.applications),
            Cell::count(service.approvals),
            Cell::count(service.withdrew_before_applying),
            Cell::count(service.withdrew_after_applying),
        ]);
    }
    Ok(vec![Section {
        slug: "services",
        heading: "Each service's counts".to_owned(),
        intro: "What Ofsted's fostering data collection asks of each service for its year from 1 April to 31 March (choose Last financial year): initial enquiries, applications, approvals, and withdrawals before and after an application. A household that withdrew and came back within the range has not withdrawn in it.".to_owned(),
        chart: None,
        table,
    }])
}

async fn sufficiency(
    ctx: &Ctx,
    actor: &Actor,
    request: &ReportRequest,
) -> Result<Vec<Section>, DomainError> {
    let report = sufficiency_report(ctx, actor, request).await?;
    let mut table = Table::new(
        "The homes each service needs most, and who might give them",
        &[
            "Service",
            "Home needed",
            "Enquiring now",
            "Applying now",
            "Approved in the range",
        ],
    );
    for service in report.services {
        if service.homes.is_empty() {
            table.row(vec![
                Cell::text(service.organisation.clone()),
                Cell::text("Not said on its profile"),
                Cell::text(""),
                Cell::text(""),
                Cell::text(""),
            ]);
        }
        for home in service.homes {
            table.row(vec![
                Cell::text(service.organisation.clone()),
                Cell::text(home.kind.label()),
                Cell::count(home.enquiring),
                Cell::count(home.applying),
                Cell::count(home.approved),
            ]);
        }
    }
    Ok(vec![Section {
        slug: "homes-needed",
        heading: "The homes each service needs most".to_owned(),
        intro: "Each service's \"homes we need most\", from its profile, most needed first, against the households in its pipeline now (open or on hold) interested in each kind of fostering, before and after applying, and those approved in the range.".to_owned(),
        chart: None,
        table,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_report_reads_back_from_its_address() {
        for report in Report::ALL {
            assert_eq!(Report::parse(report.as_str()), Some(*report));
        }
        assert_eq!(
            Report::parse("targets"),
            None,
            "targets has pages of its own"
        );
    }
}
