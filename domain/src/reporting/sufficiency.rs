//! Sufficiency: each service's "homes we need most" (its profile) against
//! the households in its pipeline now interested in each of those kinds of
//! fostering, before and after applying, and those approved in the range.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use super::entities::report_household::{self, Column as H};
use super::filter::ReportRequest;
use super::funnel::counted;
use super::range::DateRange;
use super::scope::Scope;
use super::summaries::{interest_bit, rank};
use crate::accounts::entities::{organisation, organisation_profile};
use crate::figures::Figure;
use crate::recruitment::funnel::Stage;
use crate::recruitment::interest::FosteringKind;
use crate::{Actor, Ctx, DomainError};

/// One kind of home a service needs, and who might give it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeededHome {
    pub kind: FosteringKind,
    /// Open households interested in it, not yet applied.
    pub enquiring: Figure,
    /// Open households interested in it that have applied.
    pub applying: Figure,
    /// Households interested in it approved in the range.
    pub approved: Figure,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceNeeds {
    pub organisation_id: i32,
    pub organisation: String,
    /// Most needed first, as the service's profile lists them; empty when
    /// it has said none.
    pub homes: Vec<NeededHome>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SufficiencyReport {
    pub range: DateRange,
    pub services: Vec<ServiceNeeds>,
}

#[derive(Default, Clone, Copy)]
struct Tally {
    enquiring: u64,
    applying: u64,
    approved: u64,
}

pub async fn sufficiency_report(
    ctx: &Ctx,
    actor: &Actor,
    request: &ReportRequest,
) -> Result<SufficiencyReport, DomainError> {
    let scope = Scope::for_request(actor, request)?;
    let applied = rank(Stage::ApplicationSubmitted);
    let applied_yet = Expr::cust(format!(
        "CASE WHEN \"report_households\".\"furthest\" >= {applied} THEN 1 ELSE 0 END"
    ));
    let count = || Expr::cust("COUNT(*)");
    // The pipeline now: households open or on hold, by what they are
    // interested in and whether they have applied.
    let open = report_household::Entity::find()
        .select_only()
        .column(H::OrganisationId)
        .column(H::Interests)
        .expr(applied_yet.clone())
        .expr(count())
        .filter(counted(&scope, request))
        .filter(H::ClosedNow.eq(false))
        .filter(H::Furthest.lt(rank(Stage::Approved)))
        .group_by(H::OrganisationId)
        .group_by(H::Interests)
        .group_by(applied_yet)
        .into_tuple::<(i32, i32, i32, i64)>()
        .all(&ctx.db);
    let approved = report_household::Entity::find()
        .select_only()
        .column(H::OrganisationId)
        .column(H::Interests)
        .expr(count())
        .filter(counted(&scope, request))
        .filter(H::ApprovedOn.between(request.range.first, request.range.last))
        .group_by(H::OrganisationId)
        .group_by(H::Interests)
        .into_tuple::<(i32, i32, i64)>()
        .all(&ctx.db);
    // The pipeline and the approvals, read side by side.
    let (open, approved) = tokio::try_join!(open, approved)?;
    let mut tallies: HashMap<(i32, FosteringKind), Tally> = HashMap::new();
    let mut add = |organisation: i32, bits: i32, f: &dyn Fn(&mut Tally)| {
        for kind in FosteringKind::ALL {
            if bits & interest_bit(*kind) != 0 {
                f(tallies.entry((organisation, *kind)).or_default());
            }
        }
    };
    for (organisation, bits, has_applied, n) in open {
        let n = u64::try_from(n).unwrap_or_default();
        add(organisation, bits, &|t| {
            if has_applied == 1 {
                t.applying += n;
            } else {
                t.enquiring += n;
            }
        });
    }
    for (organisation, bits, n) in approved {
        let n = u64::try_from(n).unwrap_or_default();
        add(organisation, bits, &|t| t.approved += n);
    }
    use crate::accounts::OrganisationKind;
    let mut organisations = organisation::Entity::find()
        .filter(organisation::Column::Kind.ne(OrganisationKind::NationalProgramme.as_str()))
        .filter(organisation::Column::Kind.is_in(OrganisationKind::fostering_stored()));
    if let Scope::Organisations(ids) = &scope {
        organisations = organisations.filter(organisation::Column::Id.is_in(ids.iter().copied()));
    }
    if let Some(only) = request.filters.organisation {
        organisations = organisations.filter(organisation::Column::Id.eq(only));
    }
    let organisations = organisations.all(&ctx.db).await?;
    let profiles: HashMap<i32, String> = organisation_profile::Entity::find()
        .filter(
            organisation_profile::Column::OrganisationId.is_in(organisations.iter().map(|o| o.id)),
        )
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|p| (p.organisation_id, p.homes_needed))
        .collect();
    let mut services: Vec<ServiceNeeds> = organisations
        .into_iter()
        .map(|o| {
            let needed: Vec<String> = profiles
                .get(&o.id)
                .and_then(|stored| serde_json::from_str(stored).ok())
                .unwrap_or_default();
            let homes = needed
                .iter()
                .filter_map(|name| FosteringKind::parse(name))
                .map(|kind| {
                    let t = tallies.get(&(o.id, kind)).copied().unwrap_or_default();
                    NeededHome {
                        kind,
                        enquiring: Figure::of(t.enquiring),
                        applying: Figure::of(t.applying),
                        approved: Figure::of(t.approved),
                    }
                })
                .collect();
            ServiceNeeds {
                organisation_id: o.id,
                organisation: o.name,
                homes,
            }
        })
        .collect();
    // Those that have said what they need first, then by name.
    services.sort_by(|a, b| {
        (a.homes.is_empty(), &a.organisation).cmp(&(b.homes.is_empty(), &b.organisation))
    });
    Ok(SufficiencyReport {
        range: request.range,
        services,
    })
}
