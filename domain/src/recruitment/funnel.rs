//! The funnel: how a household moves from its first enquiry towards
//! approval, as one explicit state machine. Part 1 runs from the enquiry to
//! the invitation to apply; the application context extends the stages.
//! Every transition is recorded as an append-only history row, and the
//! counts Ofsted asks for are computed from that history
//! (`docs/funnel-and-counts.md`).

use chrono::NaiveDate;

use crate::names::stored_names;
pub use crate::workflow::Refused;
use crate::workflow::refused;

/// Where an open household is in the funnel, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// An expression of interest, not yet answered.
    Enquiry,
    /// Someone has spoken with the household.
    Contacted,
    /// The household came to an information event (a stage they may skip).
    InformationEvent,
    /// The initial home visit has happened.
    InitialVisit,
    /// The household has been invited to apply.
    ApplicationInvited,
    /// The household has sent its application: Ofsted's "application".
    /// Stage 1 (the statutory checks) runs from here.
    ApplicationSubmitted,
    /// Stage 1 is good enough to go on: the assessment (Stage 2) runs,
    /// while any checks still outstanding finish.
    Assessment,
    /// Booked to be heard by a fostering panel.
    Panel,
    /// The panel has made its recommendation; the agency decision maker
    /// decides.
    Recommended,
    /// The decision maker proposes not to approve: the household has 28
    /// days to make representations or ask for an independent review.
    ProposedNotToApprove,
    /// Approved as foster carers.
    Approved,
}

/// Why a household's enquiry ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Closure {
    /// The household chose to stop.
    Withdrawn,
    /// The service advised the household not to go on.
    AdvisedNotToProceed,
    /// The decision maker's final decision was not to approve.
    NotApproved,
}

/// A household's state: open at a stage, on hold at a stage until a date
/// (still open, its clocks paused), or closed at the stage it left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Open(Stage),
    OnHold { stage: Stage, until: NaiveDate },
    Closed { stage: Stage, closure: Closure },
}

/// What happens to a household.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// A contact attempt reached them (a call answered, a reply).
    Contacted,
    /// They came to an information event.
    AttendedInformationEvent,
    /// The initial home visit took place.
    VisitCompleted,
    InvitedToApply,
    /// The household sent its completed application.
    SubmittedApplication,
    /// The service decided, at Stage 1, to go on to the assessment.
    ProceededToStage2,
    /// Booked onto a fostering panel (or moved to another of its dates).
    BookedForPanel,
    /// The panel made its recommendation.
    PanelRecommended,
    /// The decision maker proposed not to approve.
    ProposedNotToApprove,
    /// The decision maker approved the household.
    Approved,
    /// The decision maker's final decision not to approve, after the 28 days.
    DecidedNotToApprove,
    Withdrew,
    AdvisedNotToProceed,
    PutOnHold {
        until: NaiveDate,
    },
    Resumed,
    Reopened,
}

impl State {
    /// The stage the household is at, or left from.
    pub fn stage(self) -> Stage {
        match self {
            Self::Open(stage) | Self::OnHold { stage, .. } | Self::Closed { stage, .. } => stage,
        }
    }

    /// Still being worked, on hold or not: it counts in the queue and its
    /// stage's figures.
    pub fn is_open(self) -> bool {
        !matches!(self, Self::Closed { .. })
    }

    /// Whether its clocks (first contact, next action) are running.
    pub fn clocks_run(self) -> bool {
        matches!(self, Self::Open(_))
    }
}

/// The one place the funnel's rules live: the state after `event`, or why
/// it cannot happen from `state`.
pub fn transition(state: State, event: Event) -> Result<State, Refused> {
    use Event as E;
    use Stage as S;
    use State::{Closed, OnHold, Open};
    match (state, event) {
        (Open(S::Enquiry), E::Contacted) => Ok(Open(S::Contacted)),
        // Coming to an event answers an enquiry as well as a call would.
        (Open(S::Enquiry | S::Contacted), E::AttendedInformationEvent) => {
            Ok(Open(S::InformationEvent))
        }
        (Open(S::Contacted | S::InformationEvent), E::VisitCompleted) => Ok(Open(S::InitialVisit)),
        (Open(S::InitialVisit), E::InvitedToApply) => Ok(Open(S::ApplicationInvited)),
        (Open(S::ApplicationInvited), E::SubmittedApplication) => Ok(Open(S::ApplicationSubmitted)),
        (Open(S::ApplicationSubmitted), E::ProceededToStage2) => Ok(Open(S::Assessment)),
        (Open(s), E::ProceededToStage2) if s >= S::Assessment => {
            Err(refused("This household is already in Stage 2"))
        }
        (Open(_), E::ProceededToStage2) => Err(refused(
            "A household goes on to Stage 2 once its application has been sent",
        )),
        // A household booked for one panel date may be moved to another.
        (Open(S::Assessment | S::Panel), E::BookedForPanel) => Ok(Open(S::Panel)),
        (Open(s), E::BookedForPanel) if s > S::Panel => {
            Err(refused("This household has already been to panel"))
        }
        (Open(_), E::BookedForPanel) => Err(refused(
            "A household is booked for panel during its Stage 2 assessment",
        )),
        (Open(S::Panel), E::PanelRecommended) => Ok(Open(S::Recommended)),
        (Open(s), E::PanelRecommended) if s > S::Panel => Err(refused(
            "The panel's recommendation has already been recorded",
        )),
        (Open(_), E::PanelRecommended) => Err(refused(
            "The panel recommends once the household has been booked for it",
        )),
        (Open(S::Recommended), E::ProposedNotToApprove) => Ok(Open(S::ProposedNotToApprove)),
        // After representations or an independent review, the decision
        // maker may still approve.
        (Open(S::Recommended | S::ProposedNotToApprove), E::Approved) => Ok(Open(S::Approved)),
        (Open(S::ProposedNotToApprove), E::DecidedNotToApprove) => Ok(Closed {
            stage: S::ProposedNotToApprove,
            closure: Closure::NotApproved,
        }),
        (Open(S::Approved), E::Approved | E::ProposedNotToApprove | E::DecidedNotToApprove) => {
            Err(refused("This household has already been approved"))
        }
        (Open(S::ProposedNotToApprove), E::ProposedNotToApprove) => Err(refused(
            "The decision maker has already proposed not to approve",
        )),
        (Open(_), E::DecidedNotToApprove) => Err(refused(
            "A final decision not to approve follows a proposal not to approve",
        )),
        (Open(_), E::ProposedNotToApprove | E::Approved) => Err(refused(
            "The decision maker decides after the panel's recommendation",
        )),
        // Later contacts and events are recorded without moving the stage.
        (Open(s), E::Contacted) if s >= S::Contacted => Ok(state),
        (Open(s), E::AttendedInformationEvent) if s >= S::InformationEvent => Ok(state),
        // The statutory 28 days run on, and an approval ends by review, not
        // from the recruitment funnel.
        (Open(S::ProposedNotToApprove | S::Approved), E::PutOnHold { .. }) => Err(refused(
            "A household cannot be put on hold once the decision maker has decided",
        )),
        (Open(S::ProposedNotToApprove | S::Approved), E::AdvisedNotToProceed) => Err(refused(
            "Once the decision maker has decided, only a decision ends the assessment",
        )),
        (Open(stage) | OnHold { stage, .. }, E::Withdrew) => Ok(Closed {
            stage,
            closure: Closure::Withdrawn,
        }),
        (Open(stage) | OnHold { stage, .. }, E::AdvisedNotToProceed) => Ok(Closed {
            stage,
            closure: Closure::AdvisedNotToProceed,
        }),
        (Open(stage) | OnHold { stage, .. }, E::PutOnHold { until }) => Ok(OnHold { stage, until }),
        (OnHold { stage, .. }, E::Resumed) => Ok(Open(stage)),
        (
            Closed {
                closure: Closure::NotApproved,
                ..
            },
            E::Reopened,
        ) => Err(refused(
            "A final decision not to approve cannot be reopened: a new enquiry starts afresh",
        )),
        (Closed { stage, .. }, E::Reopened) => Ok(Open(stage)),
        (Closed { .. }, _) => Err(refused(
            "This household's enquiry is closed: reopen it first",
        )),
        (OnHold { .. }, _) => Err(refused("This household is on hold: resume it first")),
        (Open(_), E::Resumed) => Err(refused("This household is not on hold")),
        (Open(_), E::Reopened) => Err(refused("This household's enquiry is already open")),
        (Open(S::Enquiry), E::VisitCompleted) => Err(refused(
            "Record a first contact before the initial home visit",
        )),
        (Open(s), E::VisitCompleted) if s >= S::InitialVisit => {
            Err(refused("The initial home visit has already been recorded"))
        }
        (Open(s), E::InvitedToApply) if s >= S::ApplicationInvited => {
            Err(refused("This household has already been invited to apply"))
        }
        (Open(s), E::SubmittedApplication) if s >= S::ApplicationSubmitted => Err(refused(
            "This household's application has already been sent",
        )),
        (Open(_), E::SubmittedApplication) => Err(refused(
            "A household sends its application once it has been invited to apply",
        )),
        (Open(_), E::InvitedToApply) => Err(refused(
            "A household is invited to apply after the initial home visit",
        )),
        (Open(_), E::VisitCompleted | E::Contacted | E::AttendedInformationEvent) => {
            Err(refused("This move is not possible from here"))
        }
    }
}

/// The name each row of a household's history is stored under: its first
/// row, every funnel event, and a move to another service (which leaves
/// its state as it was). Reports count rows by these names
/// (`docs/funnel-and-counts.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HistoryEvent {
    /// Someone registered interest, or a social worker recorded a known and
    /// trusted adult for a child: the household's first row.
    Enquired,
    /// A connected person approved for up to 16 weeks to care for a child
    /// they know: their first row, at Stage 2.
    TemporarilyApproved,
    Contacted,
    AttendedInformationEvent,
    VisitCompleted,
    InvitedToApply,
    ApplicationSubmitted,
    ProceededToStage2,
    BookedForPanel,
    PanelRecommended,
    ProposedNotToApprove,
    Approved,
    DecidedNotToApprove,
    Withdrew,
    AdvisedNotToProceed,
    PutOnHold,
    Resumed,
    Reopened,
    /// Moved to another fostering service's queue.
    Reassigned,
}

impl Event {
    /// What its history row is called.
    pub fn recorded_as(self) -> HistoryEvent {
        use HistoryEvent as H;
        match self {
            Self::Contacted => H::Contacted,
            Self::AttendedInformationEvent => H::AttendedInformationEvent,
            Self::VisitCompleted => H::VisitCompleted,
            Self::InvitedToApply => H::InvitedToApply,
            Self::SubmittedApplication => H::ApplicationSubmitted,
            Self::ProceededToStage2 => H::ProceededToStage2,
            Self::BookedForPanel => H::BookedForPanel,
            Self::PanelRecommended => H::PanelRecommended,
            Self::ProposedNotToApprove => H::ProposedNotToApprove,
            Self::Approved => H::Approved,
            Self::DecidedNotToApprove => H::DecidedNotToApprove,
            Self::Withdrew => H::Withdrew,
            Self::AdvisedNotToProceed => H::AdvisedNotToProceed,
            Self::PutOnHold { .. } => H::PutOnHold,
            Self::Resumed => H::Resumed,
            Self::Reopened => H::Reopened,
        }
    }
}

impl HistoryEvent {
    /// Whether the household itself did it when no member of staff did:
    /// it enquired, or enquired again and so reopened its enquiry.
    pub fn done_by_household(self) -> bool {
        matches!(self, Self::Enquired | Self::Reopened)
    }
}

stored_names!(HistoryEvent {
    Enquired => "enquired", "Enquired",
    TemporarilyApproved => "temporarily_approved", "Temporarily approved as a connected person",
    Contacted => "contacted", "Contacted",
    AttendedInformationEvent => "attended_information_event", "Came to an information event",
    VisitCompleted => "visit_completed", "Initial home visit completed",
    InvitedToApply => "invited_to_apply", "Invited to apply",
    ApplicationSubmitted => "application_submitted", "Application submitted",
    ProceededToStage2 => "proceeded_to_stage_2", "Went on to Stage 2",
    BookedForPanel => "booked_for_panel", "Booked for panel",
    PanelRecommended => "panel_recommended", "Panel recommendation made",
    ProposedNotToApprove => "proposed_not_to_approve", "Proposed not to approve",
    Approved => "approved", "Approved",
    DecidedNotToApprove => "decided_not_to_approve", "Decided not to approve",
    Withdrew => "withdrew", "Withdrew",
    AdvisedNotToProceed => "advised_not_to_proceed", "Advised not to proceed",
    PutOnHold => "put_on_hold", "Put on hold",
    Resumed => "resumed", "Resumed",
    Reopened => "reopened", "Reopened",
    Reassigned => "reassigned", "Moved to another fostering service",
});

impl Stage {
    /// Invited to apply, or further on: the household has an application.
    pub fn invited_to_apply(self) -> bool {
        self >= Self::ApplicationInvited
    }

    /// Its application has been sent: Stage 1 has begun, or more.
    pub fn applied(self) -> bool {
        self >= Self::ApplicationSubmitted
    }

    /// The Stage 2 assessment has begun, or more.
    pub fn assessing(self) -> bool {
        self >= Self::Assessment
    }

    /// The decision maker has decided nothing yet.
    pub fn before_decision(self) -> bool {
        self < Self::ProposedNotToApprove
    }

    /// Not approved yet: a proposal not to approve is still undecided.
    pub fn not_yet_approved(self) -> bool {
        self < Self::Approved
    }
}

stored_names!(Stage {
    Enquiry => "enquiry", "Enquiry",
    Contacted => "contacted", "Contacted",
    InformationEvent => "information_event", "Information event",
    InitialVisit => "initial_visit", "Initial home visit",
    ApplicationInvited => "application_invited", "Invited to apply",
    ApplicationSubmitted => "application_submitted", "Application submitted (Stage 1)",
    Assessment => "stage_2", "Stage 2 assessment",
    Panel => "panel", "Booked for panel",
    Recommended => "recommended", "Panel recommendation made",
    ProposedNotToApprove => "proposed_not_to_approve", "Proposal not to approve",
    Approved => "approved", "Approved",
});

stored_names!(Closure {
    Withdrawn => "withdrawn", "Withdrawn",
    AdvisedNotToProceed => "advised_not_to_proceed", "Advised not to proceed",
    NotApproved => "not_approved", "Not approved",
});

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    fn every_event(until: NaiveDate) -> [Event; 16] {
        [
            Event::Contacted,
            Event::AttendedInformationEvent,
            Event::VisitCompleted,
            Event::InvitedToApply,
            Event::SubmittedApplication,
            Event::ProceededToStage2,
            Event::BookedForPanel,
            Event::PanelRecommended,
            Event::ProposedNotToApprove,
            Event::Approved,
            Event::DecidedNotToApprove,
            Event::Withdrew,
            Event::AdvisedNotToProceed,
            Event::PutOnHold { until },
            Event::Resumed,
            Event::Reopened,
        ]
    }

    #[test]
    fn the_happy_path_runs_from_enquiry_to_an_invitation_to_apply() {
        let mut state = State::Open(Stage::Enquiry);
        for event in [
            Event::Contacted,
            Event::AttendedInformationEvent,
            Event::VisitCompleted,
            Event::InvitedToApply,
        ] {
            state = transition(state, event).expect("allowed");
        }
        assert_eq!(state, State::Open(Stage::ApplicationInvited));
    }

    #[test]
    fn an_application_runs_through_panel_to_approval() {
        let mut state = State::Open(Stage::ApplicationInvited);
        for event in [
            Event::SubmittedApplication,
            Event::ProceededToStage2,
            Event::BookedForPanel,
            Event::BookedForPanel,
            Event::PanelRecommended,
            Event::Approved,
        ] {
            state = transition(state, event).expect("allowed");
        }
        assert_eq!(state, State::Open(Stage::Approved));
        assert!(transition(state, Event::ProposedNotToApprove).is_err());
    }

    #[test]
    fn a_proposal_not_to_approve_ends_in_a_final_decision_that_cannot_be_reopened() {
        let proposed = transition(State::Open(Stage::Recommended), Event::ProposedNotToApprove)
            .expect("allowed");
        assert!(
            transition(
                proposed,
                Event::PutOnHold {
                    until: date("2027-01-10")
                }
            )
            .is_err()
        );
        let last = transition(proposed, Event::DecidedNotToApprove).expect("allowed");
        assert_eq!(
            last,
            State::Closed {
                stage: Stage::ProposedNotToApprove,
                closure: Closure::NotApproved
            }
        );
        assert!(transition(last, Event::Reopened).is_err());
        assert_eq!(
            transition(proposed, Event::Approved),
            Ok(State::Open(Stage::Approved))
        );
    }

    #[test]
    fn a_decision_waits_for_the_panel() {
        let refused = transition(State::Open(Stage::Panel), Event::Approved).expect_err("refused");
        assert!(refused.0.contains("after the panel"), "{refused}");
        assert!(transition(State::Open(Stage::Assessment), Event::PanelRecommended).is_err());
    }

    #[test]
    fn the_information_event_may_be_skipped() {
        let contacted = State::Open(Stage::Contacted);
        assert_eq!(
            transition(contacted, Event::VisitCompleted),
            Ok(State::Open(Stage::InitialVisit))
        );
    }

    #[test]
    fn withdrawing_keeps_the_stage_left_and_reopening_returns_to_it() {
        let closed =
            transition(State::Open(Stage::InitialVisit), Event::Withdrew).expect("allowed");
        assert_eq!(
            closed,
            State::Closed {
                stage: Stage::InitialVisit,
                closure: Closure::Withdrawn
            }
        );
        assert!(!closed.is_open());
        assert_eq!(
            transition(closed, Event::Reopened),
            Ok(State::Open(Stage::InitialVisit))
        );
    }

    #[test]
    fn on_hold_is_open_with_its_clocks_stopped_until_resumed() {
        let held = transition(
            State::Open(Stage::Contacted),
            Event::PutOnHold {
                until: date("2027-01-10"),
            },
        )
        .expect("allowed");
        assert!(held.is_open() && !held.clocks_run());
        assert!(transition(held, Event::VisitCompleted).is_err());
        assert_eq!(
            transition(held, Event::Resumed),
            Ok(State::Open(Stage::Contacted))
        );
    }

    #[test]
    fn an_impossible_transition_says_why() {
        let refused =
            transition(State::Open(Stage::Enquiry), Event::InvitedToApply).expect_err("refused");
        assert!(
            refused.0.contains("after the initial home visit"),
            "{refused}"
        );
        let closed = State::Closed {
            stage: Stage::Enquiry,
            closure: Closure::AdvisedNotToProceed,
        };
        assert!(transition(closed, Event::Contacted).is_err());
        assert!(transition(State::Open(Stage::Contacted), Event::Reopened).is_err());
    }

    #[test]
    fn every_event_from_every_state_either_moves_or_is_refused_with_a_reason() {
        let until = date("2027-01-10");
        let mut states = Vec::new();
        for stage in Stage::ALL {
            states.push(State::Open(*stage));
            states.push(State::OnHold {
                stage: *stage,
                until,
            });
            for closure in Closure::ALL {
                states.push(State::Closed {
                    stage: *stage,
                    closure: *closure,
                });
            }
        }
        for state in &states {
            for event in &every_event(until) {
                match transition(*state, *event) {
                    Ok(next) => assert!(
                        next.stage() >= state.stage() || !state.is_open(),
                        "{state:?} + {event:?} went back to {next:?}"
                    ),
                    Err(refused) => assert!(!refused.0.is_empty()),
                }
            }
        }
    }

    #[test]
    fn every_stage_and_closure_reads_back_from_its_stored_name() {
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.as_str()), Some(*stage));
        }
        for closure in Closure::ALL {
            assert_eq!(Closure::parse(closure.as_str()), Some(*closure));
        }
    }

    #[test]
    fn every_event_is_recorded_under_its_own_name() {
        let names: std::collections::HashSet<_> = every_event(date("2027-01-10"))
            .iter()
            .map(|event| event.recorded_as())
            .collect();
        assert_eq!(names.len(), 16);
    }

    /// The table of history names in `docs/funnel-and-counts.md` is what
    /// reports and integrators read: it lists every stored name, and no
    /// other.
    #[test]
    fn the_history_names_in_the_funnel_document_are_the_stored_names() {
        let document = include_str!("../../../docs/funnel-and-counts.md");
        let table = document
            .split("## History event names")
            .nth(1)
            .expect("the section of history event names");
        let documented: Vec<&str> = table
            .lines()
            .take_while(|line| !line.starts_with("## "))
            .filter_map(|line| line.strip_prefix("| `"))
            .filter_map(|line| line.split('`').next())
            .collect();
        let stored: Vec<&str> = HistoryEvent::ALL.iter().map(|e| e.as_str()).collect();
        assert_eq!(documented, stored);
    }

    #[test]
    fn the_stage_groups_follow_the_order_of_the_stages() {
        assert!(
            !Stage::InitialVisit.invited_to_apply() && Stage::ApplicationInvited.invited_to_apply()
        );
        assert!(!Stage::ApplicationInvited.applied() && Stage::ApplicationSubmitted.applied());
        assert!(!Stage::ApplicationSubmitted.assessing() && Stage::Assessment.assessing());
        assert!(
            Stage::Recommended.before_decision() && !Stage::ProposedNotToApprove.before_decision()
        );
        assert!(
            Stage::ProposedNotToApprove.not_yet_approved() && !Stage::Approved.not_yet_approved()
        );
    }

    #[test]
    fn a_stored_name_hearth_did_not_write_is_an_internal_error() {
        let error = Stage::from_stored("stage_9").expect_err("refused");
        assert_eq!(error.code(), crate::ErrorCode::Internal);
        assert_eq!(Stage::from_stored("stage_2").ok(), Some(Stage::Assessment));
    }
}
