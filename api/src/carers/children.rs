//! Children in foster care and their placements.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::NaiveDate;
use domain::Named;
use domain::carers::{
    ChildInput, EndingInput, ExemptionInput, PlacementInput, child_record, children_placed,
    end_placement, place_child, record_exemption,
};

use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::schema::{actor, storage};

/// The kinds of placement.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::carers::PlacementKind")]
pub enum PlacementKind {
    ShortTerm,
    LongTerm,
    ShortBreak,
    ParentAndChild,
    Emergency,
    ConnectedPerson,
}

/// Whether a placement's ending was planned.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::carers::PlacementEnding")]
pub enum PlacementEnding {
    Planned,
    Unplanned,
}

/// Why a placement ended.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::carers::EndingReason")]
pub enum PlacementEndingReason {
    ReturnedHome,
    AnotherFosterHome,
    Residential,
    Adoption,
    SpecialGuardianship,
    IndependentLiving,
    CarerAskedForMove,
    NeedsChanged,
    Other,
}

/// Why a child is looked after.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::carers::LegalBasis")]
pub enum LegalBasis {
    CareOrder,
    Section20,
    Other,
}

/// A child placed with a carer household, as its record lists them.
#[derive(SimpleObject)]
pub struct Placement {
    pub id: ID,
    pub child_id: ID,
    /// First name and family-name initial.
    pub child: String,
    pub age: i32,
    pub kind: PlacementKind,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub ending: Option<PlacementEnding>,
    pub ending_reason: Option<PlacementEndingReason>,
    /// Made under an exemption from the terms.
    pub exempted: bool,
}

impl From<domain::carers::Placed> for Placement {
    fn from(p: domain::carers::Placed) -> Self {
        Self {
            id: to_id("Placement", p.placement_id),
            child_id: to_id("Child", p.child_id),
            child: p.child,
            age: p.age,
            kind: p.kind.into(),
            started_on: p.started_on,
            ended_on: p.ended_on,
            ending: p.ending.map(Into::into),
            ending_reason: p.ending_reason.map(Into::into),
            exempted: p.exempted,
        }
    }
}

/// A child's placement, with the household's name.
#[derive(SimpleObject)]
pub struct ChildPlacement {
    pub id: ID,
    pub carer_household_id: ID,
    pub household: String,
    pub kind: PlacementKind,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub ending: Option<PlacementEnding>,
    pub ending_reason: Option<PlacementEndingReason>,
}

/// A child in foster care: first name and family-name initial only.
#[derive(SimpleObject)]
pub struct Child {
    pub id: ID,
    pub name: String,
    pub date_of_birth: NaiveDate,
    pub age: i32,
    pub placing_authority: String,
    pub placing_reference: String,
    pub legal_basis: LegalBasis,
    pub social_worker: Option<String>,
    pub social_worker_in_hearth: bool,
    pub placements: Vec<ChildPlacement>,
}

/// A child as a list shows them.
#[derive(SimpleObject)]
pub struct ChildListed {
    pub id: ID,
    pub name: String,
    pub age: i32,
    pub lives_with: Option<String>,
}

#[derive(Default)]
pub struct ChildrenQuery;

#[Object]
impl ChildrenQuery {
    /// A child's record, for those who may read it; each read is logged.
    async fn child(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Child> {
        let id = from_id("Child", &id, "id")?;
        let c = child_record(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(Child {
            id: to_id("Child", c.id),
            name: c.name,
            date_of_birth: c.date_of_birth,
            age: c.age,
            placing_authority: c.placing_authority,
            placing_reference: c.placing_reference,
            legal_basis: c.legal_basis.into(),
            social_worker: c.social_worker,
            social_worker_in_hearth: c.social_worker_in_hearth,
            placements: c
                .placements
                .into_iter()
                .map(|p| ChildPlacement {
                    id: to_id("Placement", p.placement_id),
                    carer_household_id: to_id("CarerHousehold", p.carer_household_id),
                    household: p.household,
                    kind: p.kind.into(),
                    started_on: p.started_on,
                    ended_on: p.ended_on,
                    ending: p.ending.map(Into::into),
                    ending_reason: p.ending_reason.map(Into::into),
                })
                .collect(),
        })
    }

    /// The children the reader works with, by first name (at most 500).
    async fn children(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ChildListed>> {
        Ok(children_placed(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?
            .into_iter()
            .map(|c| ChildListed {
                id: to_id("Child", c.id),
                name: c.name,
                age: c.age,
                lives_with: c.lives_with,
            })
            .collect())
    }
}

/// A child coming to live with a carer household.
#[derive(InputObject)]
pub struct PlaceChildInput {
    pub carer_household_id: ID,
    pub first_name: String,
    /// The first letter of the child's family name.
    pub family_initial: String,
    pub date_of_birth: NaiveDate,
    /// The placing local authority's GSS code.
    pub placing_authority: String,
    pub placing_reference: String,
    pub legal_basis: LegalBasis,
    #[graphql(default)]
    pub social_worker_name: String,
    #[graphql(default)]
    pub social_worker_email: String,
    pub kind: PlacementKind,
    pub started_on: NaiveDate,
}

/// How a placement ended.
#[derive(InputObject)]
pub struct EndPlacementInput {
    pub placement_id: ID,
    pub ended_on: NaiveDate,
    pub ending: PlacementEnding,
    pub reason: PlacementEndingReason,
}

/// An exemption from a household's terms.
#[derive(InputObject)]
pub struct ExemptionRecordInput {
    pub carer_household_id: ID,
    pub authorised_by: String,
    pub reason: String,
    pub until: NaiveDate,
}

#[derive(Default)]
pub struct ChildrenMutation;

#[Object]
impl ChildrenMutation {
    /// Records a child coming to live with a carer household: for its
    /// supervising social worker or a manager. CONFLICT when the child
    /// already lives elsewhere, or the placement is beyond the terms with
    /// no exemption. Returns the child's id.
    async fn place_child(
        &self,
        ctx: &Context<'_>,
        input: PlaceChildInput,
    ) -> async_graphql::Result<ID> {
        let id = from_id(
            "CarerHousehold",
            &input.carer_household_id,
            "input.carerHouseholdId",
        )?;
        let placement = PlacementInput {
            child: ChildInput {
                first_name: input.first_name,
                family_initial: input.family_initial,
                date_of_birth: Some(input.date_of_birth),
                placing_authority: input.placing_authority,
                placing_reference: input.placing_reference,
                legal_basis: Some(input.legal_basis.into()),
                social_worker_name: input.social_worker_name,
                social_worker_email: input.social_worker_email,
            },
            kind: Some(input.kind.into()),
            started_on: Some(input.started_on),
        };
        let child = place_child(storage(ctx)?, actor(ctx), id, &placement)
            .await
            .map_err(to_graphql)?;
        Ok(to_id("Child", child))
    }

    /// Ends a placement.
    async fn end_placement(
        &self,
        ctx: &Context<'_>,
        input: EndPlacementInput,
    ) -> async_graphql::Result<bool> {
        let id = from_id("Placement", &input.placement_id, "input.placementId")?;
        let ending = EndingInput {
            ended_on: Some(input.ended_on),
            ending: Some(input.ending.into()),
            reason: Some(input.reason.into()),
        };
        end_placement(storage(ctx)?, actor(ctx), Named::alone(id), &ending)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Records an exemption from a household's terms until a day: for a
    /// fostering team manager, with who authorised it and why.
    async fn record_exemption(
        &self,
        ctx: &Context<'_>,
        input: ExemptionRecordInput,
    ) -> async_graphql::Result<bool> {
        let id = from_id(
            "CarerHousehold",
            &input.carer_household_id,
            "input.carerHouseholdId",
        )?;
        let exemption = ExemptionInput {
            authorised_by: input.authorised_by,
            reason: input.reason,
            until: Some(input.until),
        };
        record_exemption(storage(ctx)?, actor(ctx), id, &exemption)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}
