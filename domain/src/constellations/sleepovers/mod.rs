//! Sleepovers and short breaks at the hub home. A satellite family asks
//! for one or more of its children; a child whose delegated authority does
//! not let the carers agree a stay with the hub goes to their social worker
//! first. The hub accepts, declines or proposes other nights; the family
//! accepts a proposal or withdraws. A bed is taken when a request or a
//! proposal is accepted, under the constellation's lock. Each move emails
//! the other side that there is something to see, never a child's name.

mod ask;
mod moves;
mod record;
mod sides;

use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::ConnectionTrait;

use crate::constellations::access::{liaison_workers_to_tell, people_to_tell};
use crate::constellations::states::{SleepoverKind, SleepoverMove, SleepoverState};
use crate::{DomainError, FieldError};

pub use ask::{ChildToAskFor, RequestChoices, request_choices, request_sleepover};
pub use moves::move_sleepover;
pub(crate) use record::sleepovers_for;
pub use record::{SleepoverHistoryLine, SleepoverRecord, sleepover_record, sleepovers_to_agree};

/// The decision on a child's delegated authority that lets its carers agree
/// a stay with the hub home carer themselves.
pub const HUB_STAYS: &str = "hub_short_stays";
/// The longest sleepover or short break asked for at once.
pub const MOST_NIGHTS: i64 = 14;
/// How far ahead a sleepover may be asked for.
const FURTHEST_AHEAD_DAYS: u64 = 366;
pub(super) const NOTE_LONGEST: usize = 3_000;
pub(super) const REASON_LONGEST: usize = 1_000;

/// What a satellite family asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SleepoverRequest {
    pub constellation_id: i32,
    pub child_ids: Vec<i32>,
    pub first_night: Option<NaiveDate>,
    pub last_night: Option<NaiveDate>,
    pub kind: Option<SleepoverKind>,
    /// What the hub needs to know: routines, allergies, medication, an
    /// emergency contact.
    pub note: String,
}

/// What became of a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requested {
    pub sleepover_id: i32,
    pub state: SleepoverState,
    /// For an emergency asked in the hub's quiet hours: the service's
    /// out-of-hours number, to ring now.
    pub out_of_hours_phone: Option<String>,
}

/// A child a sleepover is for, as its pages show them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SleepoverChild {
    pub child_id: i32,
    /// First name and family-name initial.
    pub name: String,
    pub age: i32,
    /// Whether their social worker must agree, and whether they have.
    pub needs_agreement: bool,
    pub agreed: bool,
}

/// A sleepover, as lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SleepoverSummary {
    pub id: i32,
    pub constellation_id: i32,
    pub carer_household_id: i32,
    pub family: String,
    pub kind: SleepoverKind,
    pub first_night: NaiveDate,
    pub last_night: NaiveDate,
    pub proposed: Option<(NaiveDate, NaiveDate)>,
    pub state: SleepoverState,
    pub children: Vec<SleepoverChild>,
    pub decline_reason: Option<String>,
    pub escalated: bool,
    pub asked_at: DateTime<Utc>,
}

impl SleepoverSummary {
    pub fn nights(&self) -> i64 {
        (self.last_night - self.first_night).num_days() + 1
    }

    /// "Fri 4 Dec to Sun 6 Dec 2026 (2 nights)", as pages say it.
    pub fn when(&self) -> String {
        describe_nights(self.first_night, self.last_night)
    }
}

/// The nights as people read them: each night begins on its date, so a
/// stay from Friday to the Saturday night is two nights.
pub fn describe_nights(first: NaiveDate, last: NaiveDate) -> String {
    let count = (last - first).num_days() + 1;
    if count == 1 {
        format!("The night of {}", first.format("%a %-d %b %Y"))
    } else {
        format!(
            "{} to {} ({count} nights)",
            first.format("%a %-d %b"),
            last.format("%a %-d %b %Y")
        )
    }
}

/// Something done to a sleepover, with what it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SleepoverStep {
    Agree {
        child_id: i32,
    },
    Refuse {
        child_id: i32,
    },
    Accept,
    Decline {
        reason: String,
    },
    Propose {
        first_night: Option<NaiveDate>,
        last_night: Option<NaiveDate>,
    },
    AcceptProposal,
    Withdraw,
    Cancel,
    Start,
    End,
    DidNotHappen,
}

impl SleepoverStep {
    fn as_move(&self) -> SleepoverMove {
        match self {
            Self::Agree { .. } => SleepoverMove::Agree,
            Self::Refuse { .. } => SleepoverMove::Refuse,
            Self::Accept => SleepoverMove::Accept,
            Self::Decline { .. } => SleepoverMove::Decline,
            Self::Propose { .. } => SleepoverMove::Propose,
            Self::AcceptProposal => SleepoverMove::AcceptProposal,
            Self::Withdraw => SleepoverMove::Withdraw,
            Self::Cancel => SleepoverMove::Cancel,
            Self::Start => SleepoverMove::Start,
            Self::End => SleepoverMove::End,
            Self::DidNotHappen => SleepoverMove::DidNotHappen,
        }
    }
}

/// Checks the nights asked for: from today (an emergency) or tomorrow (a
/// planned stay), at most [`MOST_NIGHTS`], within the year.
pub(super) fn checked_nights(
    errors: &mut Vec<FieldError>,
    (first, last): (Option<NaiveDate>, Option<NaiveDate>),
    today: NaiveDate,
    fields: (&str, &str),
) -> Option<(NaiveDate, NaiveDate)> {
    let furthest = today
        .checked_add_days(Days::new(FURTHEST_AHEAD_DAYS))
        .unwrap_or(today);
    let first = match first {
        None => {
            errors.push(FieldError::new(fields.0, "Enter the first night"));
            return None;
        }
        Some(night) if night < today => {
            errors.push(FieldError::new(
                fields.0,
                "The first night must be tonight or later",
            ));
            return None;
        }
        Some(night) if night > furthest => {
            errors.push(FieldError::new(
                fields.0,
                "The first night must be within a year",
            ));
            return None;
        }
        Some(night) => night,
    };
    let last = last.unwrap_or(first);
    if last < first || (last - first).num_days() >= MOST_NIGHTS {
        errors.push(FieldError::new(
            fields.1,
            format!(
                "Enter a last night on or after the first, at most {MOST_NIGHTS} nights in all"
            ),
        ));
        return None;
    }
    Some((first, last))
}

pub(crate) fn sleepover_path(id: i32) -> String {
    format!("/sleepovers/{id}")
}

pub(crate) use crate::notifications::tell;

/// Who asked for sleepovers that have gone unanswered, for the liaison
/// workers to hear of.
pub(crate) async fn tell_liaison_workers(
    conn: &impl ConnectionTrait,
    constellation_id: i32,
    sleepover_id: i32,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let workers = liaison_workers_to_tell(conn, constellation_id).await?;
    tell(conn, workers, &sleepover_path(sleepover_id), now, now).await
}
