//! One way to take a household along its journey, through Hearth's own use
//! cases, each step on the day it would have happened: the demo seed and the
//! tests both make their households here, so both meet the same rules.

use chrono::TimeDelta;
use domain::Named;
use domain::applications::assessment::{
    ReportSection, ReportStatus, assign_assessor, set_report_section,
};
use domain::applications::decision::{DecisionInput, record_decision};
use domain::applications::panel::{Recommendation, book_panel, record_recommendation};
use domain::applications::stage_one::{CheckOutcome, CheckUpdate, stage_one_checks, update_check};
use domain::recruitment::NewEnquiry;
use domain::recruitment::closure_reasons::ReasonChoice;
use domain::recruitment::contact::{ClosureReason, ContactMethod, ContactOutcome};
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
    /// Who enquired: the applicant, once invited.
    name: String,
    email: String,
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
            name: enquiry.name.clone(),
            email: enquiry.email.clone(),
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
        self.moved(HouseholdMove::InviteToApply, days).await
    }

    /// The applicant sends their application, then books training.
    pub async fn applied(self, days: i64) -> Result<Self, DomainError> {
        send_application(&days_ago(self.ctx, days), &self.email, &self.name).await?;
        Ok(self)
    }

    /// A couple ("Sue and Dave Robson") apply jointly: the one who enquired
    /// invites their partner, who signs in at `partner_email` and accepts,
    /// a day before the application is sent `days` ago. Each is checked.
    pub async fn applied_jointly(
        self,
        partner_email: &str,
        days: i64,
    ) -> Result<Self, DomainError> {
        use domain::accounts::{find_person, load_actor};
        use domain::applications::joint::{accept_joint_invitation, add_joint_applicant};
        let (first, partner) = couple(&self.name);
        let before = days_ago(self.ctx, days + 1);
        let applicant_id = find_person(self.ctx, &Actor::System, &self.email)
            .await?
            .ok_or(DomainError::NotFound)?;
        let applicant = load_actor(self.ctx, applicant_id).await?;
        add_joint_applicant(&before, &applicant, &partner, partner_email).await?;
        let partner_id = find_person(self.ctx, &Actor::System, partner_email)
            .await?
            .ok_or(DomainError::NotFound)?;
        let partner_actor = load_actor(self.ctx, partner_id).await?;
        accept_joint_invitation(&before, &partner_actor, self.household_id).await?;
        let then = days_ago(self.ctx, days);
        fill_application(&then, &self.email, &first, Some(&partner)).await?;
        Ok(self)
    }

    /// On to Stage 2 with its assessor `days` ago, and the report's first
    /// section written `report_days` ago.
    pub async fn in_stage_two(
        self,
        assessor: Officer<'_>,
        days: i64,
        report_days: i64,
    ) -> Result<Self, DomainError> {
        let then = days_ago(self.ctx, days);
        let id = self.household_id;
        move_household(
            &then,
            self.officer.actor,
            id,
            &HouseholdMove::ProceedToStage2,
        )
        .await?;
        assign_assessor(&then, assessor.actor, id, Some(assessor.id)).await?;
        set_report_section(
            &days_ago(self.ctx, report_days),
            assessor.actor,
            id,
            Some(ReportSection::Background),
            Some(ReportStatus::Complete),
        )
        .await?;
        Ok(self)
    }

    /// Every Stage 1 check came back clear.
    pub async fn checks_clear(self, assessor: &Actor, days: i64) -> Result<Self, DomainError> {
        let then = days_ago(self.ctx, days);
        for check in stage_one_checks(self.ctx, assessor, self.household_id).await? {
            let done = CheckUpdate::Done {
                outcome: Some(CheckOutcome::Clear),
                note: String::new(),
            };
            update_check(&then, assessor, Named::alone(check.id), &done).await?;
        }
        Ok(self)
    }

    /// Booked for `panel`.
    pub async fn booked_for_panel(
        self,
        assessor: &Actor,
        panel: i32,
        days: i64,
    ) -> Result<Self, DomainError> {
        book_panel(
            &days_ago(self.ctx, days),
            assessor,
            self.household_id,
            Some(panel),
        )
        .await?;
        Ok(self)
    }

    /// The panel's recommendation.
    pub async fn recommended(
        self,
        panel_administrator: &Actor,
        recommendation: Recommendation,
        days: i64,
    ) -> Result<Self, DomainError> {
        let reasons = "The panel read the assessment report and met the applicants.";
        record_recommendation(
            &days_ago(self.ctx, days),
            panel_administrator,
            self.household_id,
            Some(recommendation),
            reasons,
        )
        .await?;
        Ok(self)
    }

    /// The agency decision maker's decision.
    pub async fn decided(
        self,
        decision_maker: &Actor,
        decision: &DecisionInput,
        days: i64,
    ) -> Result<Self, DomainError> {
        record_decision(
            &days_ago(self.ctx, days),
            decision_maker,
            self.household_id,
            decision,
        )
        .await?;
        Ok(self)
    }

    /// Moved by `step` `days` ago, as the officer.
    async fn moved(self, step: HouseholdMove, days: i64) -> Result<Self, DomainError> {
        move_household(
            &days_ago(self.ctx, days),
            self.officer.actor,
            self.household_id,
            &step,
        )
        .await?;
        Ok(self)
    }

    /// The household withdrew, for `reason`.
    pub async fn withdrew(self, reason: ClosureReason, days: i64) -> Result<Self, DomainError> {
        let step = HouseholdMove::Withdraw {
            reason: Some(ReasonChoice::Standard(reason)),
            detail: String::new(),
        };
        self.moved(step, days).await
    }

    /// The service advised the household not to go on, for `reason`.
    pub async fn advised_not_to_proceed(
        self,
        reason: ClosureReason,
        days: i64,
    ) -> Result<Self, DomainError> {
        let step = HouseholdMove::AdviseNotToProceed {
            reason: Some(ReasonChoice::Standard(reason)),
            detail: String::new(),
        };
        self.moved(step, days).await
    }

    /// Reopened where it left off.
    pub async fn reopened(self, days: i64) -> Result<Self, DomainError> {
        self.moved(HouseholdMove::Reopen, days).await
    }

    /// Put on hold `days` ago until `for_days` later.
    pub async fn held(self, days: i64, for_days: i64) -> Result<Self, DomainError> {
        let until =
            domain::clock::london_day(self.ctx.clock.now() - TimeDelta::days(days - for_days));
        self.moved(HouseholdMove::PutOnHold { until: Some(until) }, days)
            .await
    }

    /// Back from hold.
    pub async fn resumed(self, days: i64) -> Result<Self, DomainError> {
        self.moved(HouseholdMove::Resume, days).await
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

/// `name` (at `email`) fills in and sends an application, and books
/// preparation training: their referees are asked for references.
pub async fn send_application(ctx: &Ctx, email: &str, name: &str) -> Result<(), DomainError> {
    fill_application(ctx, email, name, None).await
}

/// "Sue and Dave Robson" as two people, "Sue Robson" and "Dave Robson";
/// anyone else is one person and their partner is nobody.
fn couple(name: &str) -> (String, String) {
    match name.split_once(" and ") {
        Some((first, rest)) => {
            let (partner, surname) = rest.rsplit_once(' ').unwrap_or((rest, ""));
            (
                format!("{first} {surname}").trim().to_owned(),
                format!("{partner} {surname}").trim().to_owned(),
            )
        }
        None => (name.to_owned(), String::new()),
    }
}

/// Fills in every section as `name` would (and about their partner, for a
/// joint application) and sends it.
async fn fill_application(
    ctx: &Ctx,
    email: &str,
    name: &str,
    partner: Option<&str>,
) -> Result<(), DomainError> {
    use domain::accounts::find_person;
    use domain::applications::form::{
        finish_people, save_person, save_section, submit_application,
    };
    use domain::applications::sections::{Answers, Section};
    let Some(person_id) = find_person(ctx, &Actor::System, email).await? else {
        return Ok(());
    };
    let applicant = domain::accounts::load_actor(ctx, person_id).await?;
    let answers = |pairs: &[(&str, &str)]| -> Answers {
        let mut answers = Answers::new();
        for (k, v) in pairs {
            answers
                .entry((*k).to_owned())
                .or_default()
                .push((*v).to_owned());
        }
        answers
    };
    let sections: [(Section, &[(&str, &str)]); 8] = [
        (
            Section::AboutYou,
            &[
                ("full_name", name),
                ("date_of_birth", "1979-09-02"),
                ("phone", "07700 900 105"),
                ("address", "18 Elm Grove"),
                ("years_at_address", "8"),
            ],
        ),
        (
            Section::YourHome,
            &[
                ("home_type", "rented_social"),
                ("bedrooms", "3"),
                ("spare_bedrooms", "1"),
                ("smoking", "no"),
            ],
        ),
        (
            Section::WorkAndTime,
            &[
                ("work", "part_time"),
                ("time_available", "I work three mornings a week."),
            ],
        ),
        (
            Section::Health,
            &[
                ("conditions", "no"),
                ("medication", "no"),
                ("gp", "Elm Grove Surgery"),
            ],
        ),
        (
            Section::SupportNetwork,
            &[("support", "My brother and his wife live two streets away.")],
        ),
        (
            Section::FosteringOffer,
            &[("ages", "11_15"), ("care", "teenagers"), ("children", "1")],
        ),
        (
            Section::ConsentToChecks,
            &[
                ("dbs", "yes"),
                ("local_authority_checks", "yes"),
                ("medical", "yes"),
                ("references", "yes"),
            ],
        ),
        (Section::Declaration, &[("true_and_complete", "yes")]),
    ];
    for (section, pairs) in sections {
        save_section(ctx, &applicant, section, &answers(pairs), true).await?;
    }
    if let Some(partner) = partner {
        let about = answers(&[
            ("full_name", partner),
            ("date_of_birth", "1977-04-21"),
            ("phone", "07700 900 106"),
            ("relationship_since", "Together 15 years, married for 12"),
        ]);
        save_section(ctx, &applicant, Section::AboutYourPartner, &about, true).await?;
    }
    // Each application's own referees: one address is asked a handful of
    // times at most, as the limit on emails to one recipient allows.
    let applicant_part = email.split('@').next().unwrap_or_default();
    for (name, who) in [("Helen Carr", "helen"), ("Sunita Rao", "sunita")] {
        let referee = answers(&[
            ("full_name", name),
            ("kind", "personal"),
            ("email", &format!("{who}.{applicant_part}@example.org")),
            ("phone", "07700 900 400"),
            ("how_known", "A friend from work for twelve years"),
            ("related", "no"),
        ]);
        save_person(ctx, &applicant, Section::Referees, None, &referee).await?;
    }
    for section in [
        Section::HouseholdMembers,
        Section::PreviousPartners,
        Section::YourChildren,
        Section::Referees,
    ] {
        finish_people(ctx, &applicant, section).await?;
    }
    submit_application(ctx, &applicant).await?;
    let courses = domain::applications::training::own_training(ctx, &applicant).await?;
    if let Some(course) = courses.first() {
        domain::applications::training::book_training(ctx, &applicant, course.event.id).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::couple;

    #[test]
    fn a_couple_is_two_people_sharing_the_surname() {
        assert_eq!(
            couple("Sue and Dave Robson"),
            ("Sue Robson".to_owned(), "Dave Robson".to_owned())
        );
        assert_eq!(
            couple("Imran Hussain"),
            ("Imran Hussain".to_owned(), String::new())
        );
    }
}
