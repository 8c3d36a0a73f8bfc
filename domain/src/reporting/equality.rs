//! Equality monitoring by stage: the optional equality answers of the
//! households that enquired in the range, of those that applied in it and
//! of those approved in it, so a service sees whom it loses on the way.
//! Special category data: only those who work enquiries (and the national
//! programme) see it, as suppressed counts, and each view is in the access
//! log.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, QueryTrait, RelationTrait,
};

use super::entities::report_household::{self, Column as H};
use super::filter::ReportRequest;
use super::funnel::counted;
use super::months::{EQUALITY, Reading};
use super::range::DateRange;
use super::scope::Scope;
use crate::accounts::national_programme_id;
use crate::audit::{Subject, record_access};
use crate::clock::london_day;
use crate::figures::Figure;
use crate::policy::Permission;
use crate::recruitment::entities::equality_answers::Column as A;
use crate::recruitment::equality::{
    Disability, Ethnicity, QuestionCounts, Religion, SexualOrientation,
};
use crate::{Actor, Ctx, DomainError};

/// Whose answers a group counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EqualityGroup {
    /// Households whose first enquiry fell in the range.
    Enquired,
    /// Households that sent an application in the range.
    Applied,
    /// Households approved in the range.
    Approved,
}

impl EqualityGroup {
    pub const ALL: &'static [Self] = &[Self::Enquired, Self::Applied, Self::Approved];

    pub fn label(self) -> &'static str {
        match self {
            Self::Enquired => "Enquired",
            Self::Applied => "Applied",
            Self::Approved => "Approved",
        }
    }

    fn column(self) -> H {
        match self {
            Self::Enquired => H::FirstOn,
            Self::Applied => H::AppliedOn,
            Self::Approved => H::ApprovedOn,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EqualityByStage {
    pub range: DateRange,
    /// For each group: how many households, and each question's answers.
    pub groups: Vec<(EqualityGroup, Figure, Vec<QuestionCounts>)>,
}

/// Who may see equality figures: those who work enquiries, in their
/// organisations, and the national programme everywhere.
fn equality_scope(actor: &Actor, request: &ReportRequest) -> Result<Scope, DomainError> {
    let scope = Scope::for_request(actor, request)?;
    if scope == Scope::Everyone {
        return Ok(scope);
    }
    let Scope::Organisations(ids) = scope else {
        return Err(actor.refusal());
    };
    let working: Vec<i32> = ids
        .into_iter()
        .filter(|id| actor.may(Permission::WorkEnquiries, *id))
        .collect();
    match request.filters.organisation {
        Some(id) if !working.contains(&id) => Err(DomainError::Forbidden),
        _ if working.is_empty() => Err(DomainError::Forbidden),
        _ => Ok(Scope::Organisations(working)),
    }
}

/// Whether the actor may see equality figures anywhere: pages ask before
/// offering them.
pub fn may_see_equality(actor: &Actor) -> bool {
    actor.may_anywhere(Permission::ReadNationalReports)
        || actor
            .organisations_where(Permission::ReadReports)
            .into_iter()
            .any(|id| actor.may(Permission::WorkEnquiries, id))
}

fn question<T: Copy>(
    question: &'static str,
    all: &[T],
    name: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    given: &HashMap<Option<String>, u64>,
) -> QuestionCounts {
    QuestionCounts {
        question,
        answers: all
            .iter()
            .map(|a| {
                let n = given.get(&Some(name(*a).to_owned())).copied().unwrap_or(0);
                (label(*a), Figure::of(n))
            })
            .collect(),
        not_answered: Figure::of(given.get(&None).copied().unwrap_or(0)),
    }
}

/// For each of `EqualityGroup::ALL`: how many households, and for each
/// question how many gave each answer (none where not answered).
type Answered = Vec<(u64, [HashMap<Option<String>, u64>; 4])>;

async fn from_months(ctx: &Ctx, reading: &Reading) -> Result<Answered, DomainError> {
    let mut answered: Answered = EqualityGroup::ALL
        .iter()
        .map(|_| Default::default())
        .collect();
    for row in reading.counted(&ctx.db, &EQUALITY, false).await? {
        let group = usize::try_from(row.stage).ok();
        let question = EQUALITY.iter().position(|m| *m == row.measure);
        let Some(((households, by), question)) =
            group.and_then(|g| answered.get_mut(g)).zip(question)
        else {
            continue;
        };
        let answer = (!row.detail.is_empty()).then_some(row.detail);
        *by[question].entry(answer).or_default() += row.households;
        // Every household answers the first question, if only with none.
        if question == 0 {
            *households += row.households;
        }
    }
    Ok(answered)
}

/// One combination of the four answers (none where not answered), and how
/// many households gave it.
type AnswerRow = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

async fn from_summaries(
    ctx: &Ctx,
    scope: &Scope,
    request: &ReportRequest,
) -> Result<Answered, DomainError> {
    let (first, last): (NaiveDate, NaiveDate) = (request.range.first, request.range.last);
    let mut answered = Vec::with_capacity(EqualityGroup::ALL.len());
    for group in EqualityGroup::ALL {
        let rows: Vec<AnswerRow> = report_household::Entity::find()
            .select_only()
            .column(A::Ethnicity)
            .column(A::Religion)
            .column(A::Disability)
            .column(A::SexualOrientation)
            .expr(Expr::cust("COUNT(*)"))
            .join(
                JoinType::LeftJoin,
                report_household::Relation::EqualityAnswers.def(),
            )
            .filter(counted(scope, request))
            .filter(group.column().between(first, last))
            // A connected person never enquired, but applies and is
            // approved like anyone.
            .apply_if(
                (*group == EqualityGroup::Enquired).then_some(()),
                |query, ()| query.filter(H::ConnectedPerson.eq(false)),
            )
            .group_by(A::Ethnicity)
            .group_by(A::Religion)
            .group_by(A::Disability)
            .group_by(A::SexualOrientation)
            .into_tuple()
            .all(&ctx.db)
            .await?;
        let mut by: [HashMap<Option<String>, u64>; 4] = Default::default();
        let mut households = 0;
        for (ethnicity, religion, disability, orientation, n) in rows {
            let n = u64::try_from(n).unwrap_or_default();
            households += n;
            for (i, answer) in [ethnicity, religion, disability, orientation]
                .into_iter()
                .enumerate()
            {
                *by[i].entry(answer).or_default() += n;
            }
        }
        answered.push((households, by));
    }
    Ok(answered)
}

pub async fn equality_by_stage(
    ctx: &Ctx,
    actor: &Actor,
    request: &ReportRequest,
) -> Result<EqualityByStage, DomainError> {
    let scope = equality_scope(actor, request)?;
    // Equality figures are not broken down.
    let request = &ReportRequest {
        breakdown: None,
        ..request.clone()
    };
    // One line in the access log for each organisation whose figures were
    // read, or the national programme's for every organisation.
    let logged: Vec<i32> = match &scope {
        Scope::Everyone => vec![national_programme_id(ctx, &Actor::System).await?],
        Scope::Organisations(ids) => ids.clone(),
    };
    for organisation in logged {
        record_access(
            ctx,
            actor,
            organisation,
            Subject::EqualityReport,
            Some(organisation),
        )
        .await?;
    }
    let answered = match Reading::of(&scope, request, london_day(ctx.clock.now()), &EQUALITY) {
        Some(reading) => from_months(ctx, &reading).await?,
        None => from_summaries(ctx, &scope, request).await?,
    };
    let mut groups = Vec::with_capacity(EqualityGroup::ALL.len());
    for (group, (households, by)) in EqualityGroup::ALL.iter().zip(answered) {
        let questions = vec![
            question(
                "Ethnic group",
                Ethnicity::ALL,
                Ethnicity::as_str,
                Ethnicity::label,
                &by[0],
            ),
            question(
                "Religion",
                Religion::ALL,
                Religion::as_str,
                Religion::label,
                &by[1],
            ),
            question(
                "Disability",
                Disability::ALL,
                Disability::as_str,
                Disability::label,
                &by[2],
            ),
            question(
                "Sexual orientation",
                SexualOrientation::ALL,
                SexualOrientation::as_str,
                SexualOrientation::label,
                &by[3],
            ),
        ];
        groups.push((*group, Figure::of(households), questions));
    }
    Ok(EqualityByStage {
        range: request.range,
        groups,
    })
}
