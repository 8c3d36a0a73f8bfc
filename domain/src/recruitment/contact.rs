//! How staff reach households, and what happened.

use crate::names::stored_names;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContactMethod {
    Call,
    Email,
    Text,
}

stored_names!(ContactMethod {
    Call => "call", "Phone call",
    Email => "email", "Email",
    Text => "text", "Text message",
});

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContactOutcome {
    /// They were reached: a conversation, or a reply.
    Reached,
    NoAnswer,
    LeftMessage,
    WrongNumber,
}

stored_names!(ContactOutcome {
    Reached => "reached", "Spoke with them or they replied",
    NoAnswer => "no_answer", "No answer",
    LeftMessage => "left_message", "Left a message",
    WrongNumber => "wrong_number", "Wrong number or address",
});

/// Why a household withdrew, or was advised not to proceed: the list every
/// service starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClosureReason {
    TimingNotRight,
    HousingOrSpace,
    WorkCommitments,
    FamilyCircumstances,
    HealthReasons,
    ChoseAnotherService,
    NoResponse,
    NotSuitable,
    Other,
}

stored_names!(ClosureReason {
    TimingNotRight => "timing_not_right", "The timing is not right",
    HousingOrSpace => "housing_or_space", "Housing or a spare bedroom",
    WorkCommitments => "work_commitments", "Work commitments",
    FamilyCircumstances => "family_circumstances", "Family circumstances",
    HealthReasons => "health_reasons", "Health",
    ChoseAnotherService => "chose_another_service", "Chose another fostering service",
    NoResponse => "no_response", "Stopped responding",
    NotSuitable => "not_suitable", "Not suitable to foster at this time",
    Other => "other", "Another reason",
});
