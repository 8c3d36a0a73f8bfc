//! Registering as a kinship carer, asking to join, deciding requests,
//! the agreement, leaving, and raising a worry about a child.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use domain::concerns::IN_DANGER;
use domain::kinship::{
    NewKinshipCarer, accept_agreement, ask_to_join, group_members, move_membership, my_groups,
    raise_group_concern, register_kinship_carer,
};

use super::support::KinshipArrangement;
use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::schema::{actor, client_address, storage};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::kinship::MembershipState")]
pub enum KinshipMembershipState {
    Asked,
    Member,
    Declined,
    Withdrawn,
    Left,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::kinship::MembershipMove")]
pub enum KinshipMembershipMove {
    /// A facilitator accepts a request.
    Accept,
    /// A facilitator declines a request.
    Decline,
    /// The carer withdraws their request.
    Withdraw,
    /// The carer leaves, or a facilitator ends a membership.
    Leave,
}

/// The viewer's registration and groups.
#[derive(SimpleObject)]
pub struct MyKinshipGroups {
    pub name: String,
    pub arrangement: KinshipArrangement,
    /// The first half of their postcode.
    pub area: String,
    pub children: i32,
    pub groups: Vec<MyKinshipGroup>,
    /// Places they have at sessions still to come.
    pub booked: Vec<super::groups::KinshipSession>,
}

#[derive(SimpleObject)]
pub struct MyKinshipGroup {
    pub id: ID,
    pub name: String,
    pub state: KinshipMembershipState,
}

/// A member or request, with their details, for the group's facilitators.
#[derive(SimpleObject)]
pub struct KinshipMember {
    pub membership_id: ID,
    pub name: String,
    pub email: String,
    pub arrangement: Option<KinshipArrangement>,
    pub children: i32,
    pub state: KinshipMembershipState,
    pub since: DateTime<Utc>,
    pub agreed_at: Option<DateTime<Utc>>,
}

/// What the person raising a concern is told.
#[derive(SimpleObject)]
pub struct ConcernRaised {
    /// "If a child is in immediate danger, call 999…".
    pub in_danger: String,
}

#[derive(InputObject)]
pub struct KinshipCarerInput {
    /// Not needed when signed in.
    #[graphql(default)]
    pub name: String,
    #[graphql(default)]
    pub email: String,
    pub arrangement: KinshipArrangement,
    /// Their postcode or its first half: only the first half is kept.
    pub postcode: String,
    /// How many children live with them: no names or details.
    pub children: i32,
}

#[derive(Default)]
pub struct KinshipMembersQuery;

#[Object]
impl KinshipMembersQuery {
    /// The viewer's registration as a kinship carer and their groups; none
    /// if they have not registered.
    async fn my_kinship_groups(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<MyKinshipGroups>> {
        let Some(mine) = my_groups(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?
        else {
            return Ok(None);
        };
        Ok(Some(MyKinshipGroups {
            name: mine.registration.name,
            arrangement: mine.registration.arrangement.into(),
            area: mine.registration.outcode,
            children: mine.registration.children,
            groups: mine
                .groups
                .into_iter()
                .map(|(id, name, state)| MyKinshipGroup {
                    id: to_id("KinshipGroup", id),
                    name,
                    state: state.into(),
                })
                .collect(),
            booked: mine.booked.into_iter().map(|(_, s)| s.into()).collect(),
        }))
    }

    /// A group's members and requests with their details, for its
    /// facilitators; each read is in the access log.
    async fn kinship_group_members(
        &self,
        ctx: &Context<'_>,
        group_id: ID,
    ) -> async_graphql::Result<Vec<KinshipMember>> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("KinshipGroup", &group_id, "groupId")?;
        let members = group_members(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(members
            .into_iter()
            .map(|m| KinshipMember {
                membership_id: to_id("KinshipMembership", m.membership_id),
                name: m.name,
                email: m.email,
                arrangement: m.arrangement.map(Into::into),
                children: m.children,
                state: m.state.into(),
                since: m.since,
                agreed_at: m.agreed_at,
            })
            .collect())
    }
}

#[derive(Default)]
pub struct KinshipMembersMutation;

#[Object]
impl KinshipMembersMutation {
    /// Registers as a kinship carer: signed out, a sign-in link is emailed
    /// (the answer is the same whether or not the address was registered);
    /// signed in, as themselves. Children's services are never contacted.
    async fn register_as_kinship_carer(
        &self,
        ctx: &Context<'_>,
        input: KinshipCarerInput,
    ) -> async_graphql::Result<bool> {
        let carer = NewKinshipCarer {
            name: input.name,
            email: input.email,
            arrangement: Some(input.arrangement.into()),
            postcode: input.postcode,
            children: Some(input.children),
            trap: String::new(),
        };
        register_kinship_carer(storage(ctx)?, actor(ctx), &carer, client_address(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Asks to join a group; its facilitators decide.
    async fn ask_to_join_kinship_group(
        &self,
        ctx: &Context<'_>,
        group_id: ID,
    ) -> async_graphql::Result<ID> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("KinshipGroup", &group_id, "groupId")?;
        let made = ask_to_join(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(to_id("KinshipMembership", made))
    }

    /// A facilitator accepts or declines a request; the carer withdraws
    /// it or leaves.
    async fn move_kinship_membership(
        &self,
        ctx: &Context<'_>,
        id: ID,
        r#move: KinshipMembershipMove,
    ) -> async_graphql::Result<bool> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("KinshipMembership", &id, "id")?;
        move_membership(storage(ctx)?, actor(ctx), id, r#move.into())
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// A member accepts the group's agreement, before their first session.
    async fn accept_kinship_group_agreement(
        &self,
        ctx: &Context<'_>,
        group_id: ID,
    ) -> async_graphql::Result<bool> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("KinshipGroup", &group_id, "groupId")?;
        accept_agreement(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// "I'm worried about a child": a member or facilitator raises a
    /// concern that goes to the organisation's safeguarding leads only.
    async fn raise_kinship_concern(
        &self,
        ctx: &Context<'_>,
        group_id: ID,
        what: String,
    ) -> async_graphql::Result<ConcernRaised> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("KinshipGroup", &group_id, "groupId")?;
        raise_group_concern(storage(ctx)?, actor(ctx), id, &what)
            .await
            .map_err(to_graphql)?;
        Ok(ConcernRaised {
            in_danger: IN_DANGER.to_owned(),
        })
    }
}
