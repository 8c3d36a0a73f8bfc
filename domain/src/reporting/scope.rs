//! Whose figures a reader sees: the national programme sees every
//! organisation, everyone else the organisations where they may read
//! reports, whatever they ask for.

use sea_orm::sea_query::{Condition, Expr, ExprTrait};

use crate::policy::Permission;
use crate::{Actor, DomainError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every organisation: the national programme.
    Everyone,
    /// These organisations only.
    Organisations(Vec<i32>),
}

impl Scope {
    /// The reader's scope, or a refusal for someone who may read no
    /// reports.
    pub fn of(actor: &Actor) -> Result<Self, DomainError> {
        if actor.may_anywhere(Permission::ReadNationalReports) {
            return Ok(Self::Everyone);
        }
        let organisations = actor.organisations_where(Permission::ReadReports);
        if organisations.is_empty() {
            return Err(actor.refusal());
        }
        Ok(Self::Organisations(organisations))
    }

    /// The reader's scope for `request`: asking for an organisation outside
    /// it is refused, not answered with nothing.
    pub(super) fn for_request(
        actor: &Actor,
        request: &super::ReportRequest,
    ) -> Result<Self, DomainError> {
        let scope = Self::of(actor)?;
        match request.filters.organisation {
            Some(id) if !scope.covers(id) => Err(DomainError::Forbidden),
            _ => Ok(scope),
        }
    }

    /// Whether the reader sees `organisation_id`'s figures.
    pub fn covers(&self, organisation_id: i32) -> bool {
        match self {
            Self::Everyone => true,
            Self::Organisations(ids) => ids.contains(&organisation_id),
        }
    }

    /// The rows of `report_households` in scope.
    pub(super) fn condition(&self) -> Condition {
        match self {
            Self::Everyone => Condition::all(),
            Self::Organisations(ids) => Condition::all().add(
                Expr::col((
                    super::entities::report_household::Entity,
                    super::entities::report_household::Column::OrganisationId,
                ))
                .is_in(ids.iter().copied()),
            ),
        }
    }
}
