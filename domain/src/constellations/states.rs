//! A sleepover's life, as a state machine: which move takes it from which
//! state to which, and who may make it. Every move is a row of
//! `workflow_history`; nothing else changes a sleepover's state.

use crate::names::stored_names;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SleepoverState {
    /// A child's delegated authority does not let the carers agree a stay
    /// with the hub: their social worker is asked first.
    WithSocialWorker,
    /// Asked of the hub, not yet answered.
    Requested,
    /// The hub proposed other nights.
    Proposed,
    /// A bed is kept for each child, each night.
    Accepted,
    Declined,
    /// The child's social worker did not agree.
    NotAgreed,
    Withdrawn,
    CancelledByFamily,
    CancelledByHub,
    /// The children are staying with the hub.
    Started,
    Ended,
    DidNotHappen,
}

stored_names!(SleepoverState {
    WithSocialWorker => "with_social_worker", "Waiting for the child's social worker to agree",
    Requested => "requested", "Waiting for the hub's answer",
    Proposed => "proposed", "The hub proposed other nights",
    Accepted => "accepted", "Accepted",
    Declined => "declined", "Declined by the hub",
    NotAgreed => "not_agreed", "Not agreed by the child's social worker",
    Withdrawn => "withdrawn", "Withdrawn by the family",
    CancelledByFamily => "cancelled_by_family", "Cancelled by the family",
    CancelledByHub => "cancelled_by_hub", "Cancelled by the hub",
    Started => "started", "Staying with the hub",
    Ended => "ended", "Ended",
    DidNotHappen => "did_not_happen", "Did not happen",
});

/// Who makes a move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The satellite family that asked.
    Family,
    /// The hub home's carers.
    Hub,
    /// The social worker of a child it is for.
    SocialWorker,
}

/// A move of a sleepover.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SleepoverMove {
    /// Every child's social worker who had to has agreed.
    Agree,
    /// A child's social worker did not agree.
    Refuse,
    Accept,
    Decline,
    Propose,
    AcceptProposal,
    Withdraw,
    Cancel,
    Start,
    End,
    DidNotHappen,
}

stored_names!(SleepoverMove {
    Agree => "agree", "Agree",
    Refuse => "refuse", "Do not agree",
    Accept => "accept", "Accept",
    Decline => "decline", "Decline",
    Propose => "propose", "Propose other nights",
    AcceptProposal => "accept_proposal", "Accept the other nights",
    Withdraw => "withdraw", "Withdraw the request",
    Cancel => "cancel", "Cancel the sleepover",
    Start => "start", "The children have arrived",
    End => "end", "The children have gone home",
    DidNotHappen => "did_not_happen", "It did not happen",
});

impl SleepoverState {
    /// Where `step`, made by `side`, takes a sleepover in this state; none
    /// when it may not be made.
    pub fn after(self, step: SleepoverMove, side: Side) -> Option<Self> {
        use SleepoverMove as M;
        use SleepoverState as S;
        Some(match (self, step, side) {
            (S::WithSocialWorker, M::Agree, Side::SocialWorker) => S::Requested,
            (S::WithSocialWorker, M::Refuse, Side::SocialWorker) => S::NotAgreed,
            (S::Requested, M::Accept, Side::Hub) => S::Accepted,
            (S::Requested, M::Decline, Side::Hub) => S::Declined,
            (S::Requested, M::Propose, Side::Hub) => S::Proposed,
            (S::Proposed, M::AcceptProposal, Side::Family) => S::Accepted,
            (S::WithSocialWorker | S::Requested | S::Proposed, M::Withdraw, Side::Family) => {
                S::Withdrawn
            }
            (S::Accepted, M::Cancel, Side::Family) => S::CancelledByFamily,
            (S::Accepted, M::Cancel, Side::Hub) => S::CancelledByHub,
            (S::Accepted, M::Start, Side::Hub) => S::Started,
            (S::Started, M::End, Side::Hub) => S::Ended,
            (S::Accepted, M::DidNotHappen, Side::Hub | Side::Family) => S::DidNotHappen,
            _ => return None,
        })
    }

    /// Whether the hub keeps beds for it.
    pub fn takes_beds(self) -> bool {
        matches!(self, Self::Accepted | Self::Started)
    }

    /// Whether it is still being decided: the hub or a social worker has
    /// yet to answer, or the family has.
    pub fn open(self) -> bool {
        matches!(
            self,
            Self::WithSocialWorker | Self::Requested | Self::Proposed
        )
    }

    /// Whether the hub has not answered yet.
    pub fn unanswered(self) -> bool {
        matches!(self, Self::WithSocialWorker | Self::Requested)
    }

    /// Whether the hub may read what it needs to know about the children.
    pub fn hub_reads_note(self) -> bool {
        matches!(self, Self::Accepted | Self::Started | Self::Ended)
    }
}

/// Planned ahead, or needed now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SleepoverKind {
    Planned,
    Emergency,
}

stored_names!(SleepoverKind {
    Planned => "planned", "Planned",
    Emergency => "emergency", "Emergency",
});

#[cfg(test)]
mod tests {
    use super::*;
    use SleepoverMove as M;
    use SleepoverState as S;

    #[test]
    fn only_the_hub_answers_a_request_and_only_the_family_accepts_a_proposal() {
        assert_eq!(S::Requested.after(M::Accept, Side::Hub), Some(S::Accepted));
        assert_eq!(S::Requested.after(M::Accept, Side::Family), None);
        assert_eq!(S::Requested.after(M::Propose, Side::Hub), Some(S::Proposed));
        assert_eq!(
            S::Proposed.after(M::AcceptProposal, Side::Family),
            Some(S::Accepted)
        );
        assert_eq!(S::Proposed.after(M::AcceptProposal, Side::Hub), None);
        assert_eq!(S::Proposed.after(M::Accept, Side::Hub), None);
    }

    #[test]
    fn either_side_cancels_an_accepted_stay_as_itself() {
        assert_eq!(
            S::Accepted.after(M::Cancel, Side::Family),
            Some(S::CancelledByFamily)
        );
        assert_eq!(
            S::Accepted.after(M::Cancel, Side::Hub),
            Some(S::CancelledByHub)
        );
        assert_eq!(S::Started.after(M::Cancel, Side::Hub), None);
    }

    #[test]
    fn the_social_worker_answers_first_when_asked() {
        assert_eq!(S::WithSocialWorker.after(M::Accept, Side::Hub), None);
        assert_eq!(
            S::WithSocialWorker.after(M::Agree, Side::SocialWorker),
            Some(S::Requested)
        );
        assert_eq!(
            S::WithSocialWorker.after(M::Refuse, Side::SocialWorker),
            Some(S::NotAgreed)
        );
    }

    #[test]
    fn a_finished_sleepover_moves_no_further() {
        for state in [
            S::Declined,
            S::NotAgreed,
            S::Withdrawn,
            S::CancelledByFamily,
            S::CancelledByHub,
            S::Ended,
            S::DidNotHappen,
        ] {
            for step in SleepoverMove::ALL {
                for side in [Side::Family, Side::Hub, Side::SocialWorker] {
                    assert_eq!(state.after(*step, side), None, "{state:?} {step:?}");
                }
            }
        }
    }

    #[test]
    fn beds_are_kept_from_acceptance_until_the_children_leave() {
        let keeping: Vec<S> = S::ALL.iter().copied().filter(|s| s.takes_beds()).collect();
        assert_eq!(keeping, [S::Accepted, S::Started]);
    }
}
