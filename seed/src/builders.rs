//! One way to take a household along its journey, through Hearth's own use
//! cases, each step on the day it would have happened: the demo seed and the
//! tests both make their households here, so both meet the same rules.

use chrono::TimeDelta;
use domain::Named;
use domain::recruitment::NewEnquiry;
use domain::recruitment::contact::{ContactMethod, ContactOutcome};
use domain::recruitment::visits::{NewVisit, VisitOutcome, book_visit, record_visit_outcome};
use domain::recruitment::{HouseholdMove, move_household, record_contact, register_interest};
use domain::{Actor, Ctx, DomainError};

use crate::demo_events::as_of;

/// The context as it was `days` before its clock's now.
pub fn days_ago(ctx: &Ctx, days: i64) -> Ctx {
    as_of(ctx, ctx.clock.now() - TimeDelta::days(days))
}

/// The member of staff who works a household: as they act, and their id.
#[derive(Clone, Copy)]
pub struct Officer<'a> {
    pub actor: &'a Actor,
    pub id: i32,
}

/// A household part of the way along its journey; each step takes it one
/// stage further, `days` before now.
pub struct Journey<'a> {
    ctx: &'a Ctx,
    officer: Officer<'a>,
    pub household_id: i32,
}

impl<'a> Journey<'a> {
    /// Registers interest as `enquiry` says, `days` ago. Its postcode must
    /// be one the officer's organisation recruits for.
    pub async fn enquire(
        ctx: &'a Ctx,
        officer: Officer<'a>,
        enquiry: &NewEnquiry,
        days: i64,
    ) -> Result<Self, DomainError> {
        // Each household enquires from an address of its own, as people do.
        let client = format!("journey {}", enquiry.email);
        let household_id =
            register_interest(&days_ago(ctx, days), &Actor::Anonymous, enquiry, &client)
                .await?
                .household_id
                .ok_or(DomainError::NotFound)?;
        Ok(Self {
            ctx,
            officer,
            household_id,
        })
    }

    /// The officer reached them by phone.
    pub async fn first_call(self, days: i64) -> Result<Self, DomainError> {
        record_contact(
            &days_ago(self.ctx, days),
            self.officer.actor,
            self.household_id,
            Some(ContactMethod::Call),
            Some(ContactOutcome::Reached),
            "A first conversation.",
        )
        .await?;
        Ok(self)
    }

    /// A home visit booked two days before and done `days` ago.
    pub async fn visited(self, days: i64) -> Result<Self, DomainError> {
        let visit = NewVisit {
            officer_id: Some(self.officer.id),
            starts_at: Some(self.ctx.clock.now() - TimeDelta::days(days)),
            place: "Their home".to_owned(),
        };
        let booked = book_visit(
            &days_ago(self.ctx, days + 2),
            self.officer.actor,
            self.household_id,
            &visit,
        )
        .await?;
        record_visit_outcome(
            &days_ago(self.ctx, days),
            self.officer.actor,
            Named::alone(booked),
            Some(VisitOutcome::Completed),
            "Thoughtful and ready to apply.",
        )
        .await?;
        Ok(self)
    }

    /// Invited to apply.
    pub async fn invited_to_apply(self, days: i64) -> Result<Self, DomainError> {
        move_household(
            &days_ago(self.ctx, days),
            self.officer.actor,
            self.household_id,
            &HouseholdMove::InviteToApply,
        )
        .await?;
        Ok(self)
    }

    /// From an enquiry ten days ago, through a first call the next day and
    /// a home visit a week ago, to an invitation to apply today.
    pub async fn to_invitation(
        ctx: &'a Ctx,
        officer: Officer<'a>,
        enquiry: &NewEnquiry,
    ) -> Result<Self, DomainError> {
        Self::enquire(ctx, officer, enquiry, 10)
            .await?
            .first_call(9)
            .await?
            .visited(7)
            .await?
            .invited_to_apply(0)
            .await
    }
}
