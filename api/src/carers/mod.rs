//! Carer households after approval, for those who supervise and manage
//! them: the same list as `/carers`, each household's record, reviews and
//! leaving.

mod children;
mod delegated;
mod leaving;
mod record;

use async_graphql::MergedObject;

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::NaiveDate;
use domain::carers::{carer_households, give_supervising_social_worker};

use crate::connections::{Listed, connection, page_request};
use crate::errors::to_graphql;
use crate::ids::from_id;
use crate::panel::ApprovalTerms;
use crate::schema::{actor, storage};

/// A household approved to foster, as its service keeps it.
#[derive(SimpleObject)]
pub struct CarerHousehold {
    pub id: ID,
    pub household_id: ID,
    pub name: String,
    pub organisation_id: ID,
    pub organisation: String,
    pub approved_on: NaiveDate,
    /// Approved for one child, as a connected person.
    pub connected_person: bool,
    /// None while only temporarily approved.
    pub terms: Option<ApprovalTerms>,
    pub supervising_social_worker: Option<String>,
    pub review_due_on: NaiveDate,
    pub review_overdue: bool,
    /// When it left the service, if it has.
    pub left_on: Option<NaiveDate>,
    /// The reader may give the household its supervising social worker.
    pub viewer_may_give_worker: bool,
}

impl From<domain::carers::CarerHousehold> for CarerHousehold {
    fn from(found: domain::carers::CarerHousehold) -> Self {
        Self {
            id: crate::ids::to_id("CarerHousehold", found.id),
            organisation_id: crate::ids::to_id("Organisation", found.organisation_id),
            household_id: crate::ids::to_id("Household", found.household_id),
            name: found.name,
            organisation: found.organisation,
            approved_on: found.approved_on,
            connected_person: found.connected_person,
            terms: found.terms.map(|t| ApprovalTerms {
                children: t.children,
                age_from: t.age_from,
                age_to: t.age_to,
                kinds: t.kinds.iter().map(|k| k.as_str().to_owned()).collect(),
            }),
            supervising_social_worker: found.supervising_social_worker,
            review_due_on: found.review_due_on,
            review_overdue: found.review_overdue,
            left_on: found.left_on,
            viewer_may_give_worker: found.may_give_worker,
        }
    }
}

#[derive(MergedObject, Default)]
pub struct CarersQuery(
    ListQuery,
    record::RecordQuery,
    leaving::LeavingQuery,
    children::ChildrenQuery,
    delegated::DelegatedQuery,
    delegated::DecisionListQuery,
);

#[derive(MergedObject, Default)]
pub struct CarersMutation(
    WorkerMutation,
    record::RecordMutation,
    leaving::LeavingMutation,
    children::ChildrenMutation,
    delegated::DelegatedMutation,
    delegated::DecisionListMutation,
);

#[derive(Default)]
pub struct ListQuery;

#[Object]
impl ListQuery {
    /// The carer households the reader works with, the annual review due
    /// soonest first: a fostering team manager's service's, or those a
    /// supervising social worker supervises. Those approved now or, with
    /// `left: true`, those that left.
    async fn carer_households(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] left: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Listed<CarerHousehold>> {
        let page = page_request(first, after, last, before)?;
        let found = carer_households(storage(ctx)?, actor(ctx), left, &page)
            .await
            .map_err(to_graphql)?;
        Ok(connection(found, CarerHousehold::from))
    }
}

#[derive(Default)]
pub struct WorkerMutation;

#[Object]
impl WorkerMutation {
    /// Gives a carer household its supervising social worker: someone in
    /// its service who may supervise carers. For fostering team managers.
    async fn give_supervising_social_worker(
        &self,
        ctx: &Context<'_>,
        carer_household_id: ID,
        person_id: ID,
    ) -> async_graphql::Result<bool> {
        let carer_household: i32 =
            from_id("CarerHousehold", &carer_household_id, "carerHouseholdId")?;
        let person: i32 = from_id("Person", &person_id, "personId")?;
        give_supervising_social_worker(storage(ctx)?, actor(ctx), carer_household, Some(person))
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}
