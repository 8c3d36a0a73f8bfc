//! The fostering panel and the agency decision maker's decision; connected
//! persons' temporary approvals; joint applicants.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use domain::applications::decision::{
    DecisionInput, DecisionOutcome as Outcome, PanelAndDecision, ProposalResponse as Response,
    TemporaryApprovalView, Terms, panel_and_decision, record_decision, respond_to_proposal,
};
use domain::applications::joint::{
    accept_joint_invitation, add_joint_applicant, joint_invitations, remove_joint_applicant,
};
use domain::applications::panel::{
    PanelDate as Date, PanelInput, Recommendation as Recommends, book_panel, panel_dates,
    record_recommendation, schedule_panel,
};
use domain::recruitment::connected_persons::{
    ConnectedPerson, extend_temporary_approval, record_connected_person,
};

use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::recruitment::FunnelState;
use crate::schema::{actor, storage};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "Recommends")]
pub enum Recommendation {
    Approve,
    NotApprove,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "Outcome")]
pub enum DecisionOutcome {
    Approved,
    ProposedNotToApprove,
    NotApproved,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "Response")]
pub enum ProposalResponse {
    /// Comments to the decision maker.
    Representations,
    /// A review by the Independent Review Mechanism.
    IndependentReview,
}

/// A date the fostering panel sits.
#[derive(SimpleObject)]
pub struct PanelDate {
    pub id: ID,
    pub sits_on: NaiveDate,
    pub place: String,
    pub capacity: i32,
    pub places_left: i32,
    pub booked: Vec<BookedHousehold>,
}

#[derive(SimpleObject)]
pub struct BookedHousehold {
    pub id: ID,
    pub name: String,
}

impl From<Date> for PanelDate {
    fn from(date: Date) -> Self {
        Self {
            id: to_id("Panel", date.id),
            places_left: date.places_left(),
            sits_on: date.sits_on,
            place: date.place,
            capacity: date.capacity,
            booked: date
                .booked
                .into_iter()
                .map(|(id, name)| BookedHousehold {
                    id: to_id("Household", id),
                    name,
                })
                .collect(),
        }
    }
}

/// What an approval is for.
#[derive(SimpleObject, InputObject)]
#[graphql(input_name = "ApprovalTermsInput")]
pub struct ApprovalTerms {
    pub children: i32,
    pub age_from: i32,
    pub age_to: i32,
    /// Kinds of fostering, by value (as the application's fostering offer
    /// lists them: `short_term`, `long_term`, ...).
    pub kinds: Vec<String>,
}

#[derive(SimpleObject)]
pub struct Decision {
    pub outcome: DecisionOutcome,
    pub terms: Option<ApprovalTerms>,
    /// Only for the roles that read health (null for anyone else), as is
    /// `responseText`.
    pub reasons: Option<String>,
    pub decided_at: DateTime<Utc>,
    /// For a proposal not to approve: the last day to respond.
    pub respond_by: Option<NaiveDate>,
    pub response: Option<ProposalResponse>,
    pub response_text: Option<String>,
}

#[derive(SimpleObject)]
pub struct TemporaryApproval {
    pub child_initials: String,
    pub child_reference: String,
    pub relationship: String,
    pub approved_on: NaiveDate,
    /// 16 weeks after approval, 24 once extended.
    pub until: NaiveDate,
    pub extended: bool,
    pub extension_reason: Option<String>,
}

impl From<TemporaryApprovalView> for TemporaryApproval {
    fn from(view: TemporaryApprovalView) -> Self {
        Self {
            child_initials: view.child_initials,
            child_reference: view.child_reference,
            relationship: view.relationship,
            approved_on: view.approved_on,
            until: view.until,
            extended: view.extended,
            extension_reason: view.extension_reason,
        }
    }
}

/// A household's panel and decision.
#[derive(SimpleObject)]
pub struct HouseholdPanel {
    pub state: FunnelState,
    pub panel: Option<PanelDate>,
    pub recommendation: Option<Recommendation>,
    /// Only for the roles that read health (null for anyone else).
    pub recommendation_reasons: Option<String>,
    pub decision: Option<Decision>,
    pub temporary_approval: Option<TemporaryApproval>,
    /// Panel dates to come with a place for this household.
    pub open_dates: Vec<PanelDate>,
}

impl From<PanelAndDecision> for HouseholdPanel {
    fn from(view: PanelAndDecision) -> Self {
        let (panel, recommendation) = match view.booking {
            Some((date, recommendation)) => (Some(date.into()), recommendation),
            None => (None, None),
        };
        Self {
            state: view.state.into(),
            panel,
            recommendation: recommendation.as_ref().map(|(r, _)| (*r).into()),
            recommendation_reasons: recommendation
                .map(|(_, reasons)| reasons)
                .filter(|_| !view.reasons_withheld),
            decision: view.decision.map(|d| Decision {
                outcome: d.outcome.into(),
                terms: d.terms.map(|t| ApprovalTerms {
                    children: t.children,
                    age_from: t.age_from,
                    age_to: t.age_to,
                    kinds: t
                        .kinds
                        .into_iter()
                        .map(|(value, _)| value.to_owned())
                        .collect(),
                }),
                reasons: Some(d.reasons).filter(|_| !view.reasons_withheld),
                decided_at: d.decided_at,
                respond_by: d.respond_by,
                response: d.response.as_ref().map(|(r, _)| (*r).into()),
                response_text: d
                    .response
                    .map(|(_, text)| text)
                    .filter(|_| !view.reasons_withheld),
            }),
            temporary_approval: view.temporary_approval.map(Into::into),
            open_dates: view.open_dates.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(InputObject)]
pub struct SchedulePanelInput {
    pub organisation_id: ID,
    pub sits_on: NaiveDate,
    pub place: String,
    pub capacity: i32,
}

#[derive(InputObject)]
pub struct ConnectedPersonInput {
    pub organisation_id: ID,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    pub child_initials: String,
    /// The local authority's reference for the child.
    pub child_reference: String,
    /// Who they are to the child.
    pub relationship: String,
    /// When the child was placed with them under temporary approval.
    pub approved_on: NaiveDate,
}

/// An invitation to apply jointly, waiting for the signed-in person.
#[derive(SimpleObject)]
pub struct JointInvitation {
    pub household_id: ID,
    /// Who invited them.
    pub from: String,
    pub organisation_name: String,
}

#[derive(Default)]
pub struct PanelQuery;

#[Object]
impl PanelQuery {
    /// Invitations to apply jointly waiting for the signed-in person.
    async fn my_joint_invitations(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<JointInvitation>> {
        let found = joint_invitations(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(found
            .into_iter()
            .map(|i| JointInvitation {
                household_id: to_id("Household", i.household_id),
                from: i.from,
                organisation_name: i.organisation,
            })
            .collect())
    }

    /// The organisation's panel dates from 90 days ago on: for its panel
    /// administrators, decision makers, assessing social workers and
    /// recruitment managers.
    async fn panel_dates(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
    ) -> async_graphql::Result<Vec<PanelDate>> {
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        let dates = panel_dates(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(dates.into_iter().map(Into::into).collect())
    }

    /// A household's panel, recommendation and decision (and a connected
    /// person's temporary approval). Every read is in the access log.
    async fn household_panel(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
    ) -> async_graphql::Result<HouseholdPanel> {
        let id = from_id("Household", &household_id, "householdId")?;
        let view = panel_and_decision(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(view.into())
    }
}

#[derive(Default)]
pub struct PanelMutation;

#[Object]
impl PanelMutation {
    /// Adds a date the organisation's panel sits.
    async fn schedule_panel(
        &self,
        ctx: &Context<'_>,
        input: SchedulePanelInput,
    ) -> async_graphql::Result<ID> {
        let organisation = from_id("Organisation", &input.organisation_id, "organisationId")?;
        let id = schedule_panel(
            storage(ctx)?,
            actor(ctx),
            organisation,
            &PanelInput {
                sits_on: Some(input.sits_on),
                place: input.place,
                capacity: Some(i64::from(input.capacity)),
            },
        )
        .await
        .map_err(to_graphql)?;
        Ok(to_id("Panel", id))
    }

    /// Books a household in Stage 2 onto a panel date with a place, or
    /// moves it to another.
    async fn book_panel(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
        panel_id: ID,
    ) -> async_graphql::Result<bool> {
        let household = from_id("Household", &household_id, "householdId")?;
        let panel = from_id("Panel", &panel_id, "panelId")?;
        book_panel(storage(ctx)?, actor(ctx), household, Some(panel))
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// The panel's recommendation, recorded by a panel administrator once
    /// the panel has sat.
    async fn record_panel_recommendation(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
        recommendation: Recommendation,
        reasons: String,
    ) -> async_graphql::Result<bool> {
        let household = from_id("Household", &household_id, "householdId")?;
        record_recommendation(
            storage(ctx)?,
            actor(ctx),
            household,
            Some(recommendation.into()),
            &reasons,
        )
        .await
        .map_err(to_graphql)?;
        Ok(true)
    }

    /// The agency decision maker's decision: `APPROVED` with `terms`,
    /// `PROPOSED_NOT_TO_APPROVE` (28 days to respond), or, after that,
    /// `NOT_APPROVED`. Approved applicants become foster carers.
    async fn record_decision(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
        outcome: DecisionOutcome,
        terms: Option<ApprovalTerms>,
        reasons: String,
    ) -> async_graphql::Result<bool> {
        let household = from_id("Household", &household_id, "householdId")?;
        let input = match outcome {
            DecisionOutcome::Approved => DecisionInput::Approve {
                terms: terms
                    .map(|t| Terms {
                        children: Some(i64::from(t.children)),
                        age_from: Some(i64::from(t.age_from)),
                        age_to: Some(i64::from(t.age_to)),
                        kinds: t.kinds,
                    })
                    .unwrap_or_default(),
                reasons,
            },
            DecisionOutcome::ProposedNotToApprove => DecisionInput::ProposeNotToApprove { reasons },
            DecisionOutcome::NotApproved => DecisionInput::NotApprove { reasons },
        };
        record_decision(storage(ctx)?, actor(ctx), household, &input)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// The applicant responds to a proposal not to approve, within its 28
    /// days; a response can be changed until the decision maker acts.
    async fn respond_to_proposal(
        &self,
        ctx: &Context<'_>,
        response: ProposalResponse,
        text: String,
    ) -> async_graphql::Result<bool> {
        respond_to_proposal(storage(ctx)?, actor(ctx), Some(response.into()), &text)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// The applicant invites their partner to apply jointly, before sending
    /// the application; the partner is emailed to sign in and accept.
    async fn add_joint_applicant(
        &self,
        ctx: &Context<'_>,
        name: String,
        email: String,
    ) -> async_graphql::Result<bool> {
        add_joint_applicant(storage(ctx)?, actor(ctx), &name, &email)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// The first applicant takes their partner (invited or accepted) off the
    /// application, before it is sent.
    async fn remove_joint_applicant(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        remove_joint_applicant(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// The invited partner, signed in with the address they were invited
    /// at, accepts and joins the application.
    async fn accept_joint_invitation(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
    ) -> async_graphql::Result<bool> {
        let household = from_id("Household", &household_id, "householdId")?;
        accept_joint_invitation(storage(ctx)?, actor(ctx), household)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Records a connected person temporarily approved to care for a child:
    /// their household starts at the assessment. Returns the household.
    async fn record_connected_person(
        &self,
        ctx: &Context<'_>,
        input: ConnectedPersonInput,
    ) -> async_graphql::Result<ID> {
        let organisation = from_id("Organisation", &input.organisation_id, "organisationId")?;
        let id = record_connected_person(
            storage(ctx)?,
            actor(ctx),
            organisation,
            &ConnectedPerson {
                name: input.name,
                email: input.email,
                phone: input.phone,
                postcode: input.postcode,
                child_initials: input.child_initials,
                child_reference: input.child_reference,
                relationship: input.relationship,
                approved_on: Some(input.approved_on),
            },
        )
        .await
        .map_err(to_graphql)?;
        Ok(to_id("Household", id))
    }

    /// Extends a connected person's temporary approval by 8 weeks, once.
    async fn extend_temporary_approval(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
        reason: String,
    ) -> async_graphql::Result<bool> {
        let household = from_id("Household", &household_id, "householdId")?;
        extend_temporary_approval(storage(ctx)?, actor(ctx), household, &reason)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}
