//! Mockingbird constellations: a hub home carer and the 6 to 10 satellite
//! families around them, with a liaison worker; sleepovers and short breaks
//! at the hub (never more children a night than its beds), and the hub's
//! check-ins with each family.

mod access;
mod beds;
mod check_ins;
pub mod entities;
mod escalation;
mod figures;
mod leaving;
mod meetings;
mod quiet_hours;
mod setup;
mod sleepovers;
mod states;
mod view;

pub use access::Part;
pub use beds::{Availability, CALENDAR_NIGHTS, Night, set_hub_availability};
pub use check_ins::{CheckInInput, Contact, record_check_in};
pub use escalation::{EscalateSleepover, escalate_sleepover};
pub use figures::{
    Activity, ConstellationReturn, Outcome, Period, checked_period, constellation_return,
    my_returns,
};
pub(crate) use leaving::{Ending, end_membership};
pub use meetings::{
    ForWhom, HouseholdAnswers, MeetingInput, MeetingKind, MeetingRecord, MeetingSummary,
    PersonAnswer, SendMeetingReminders, answer_meeting, meeting_record, publish_meeting,
    record_meeting_attendance, send_meeting_reminders,
};
pub use quiet_hours::QuietHours;
pub use setup::{
    ConstellationSettings, FEWEST_FAMILIES, FamilyJoining, FamilyLeaving, MOST_BEDS, MOST_FAMILIES,
    NewConstellation, STANDARD_BEDS, STANDARD_CHECK_IN_DAYS, STANDARD_ESCALATION_MINUTES,
    add_family, change_constellation, family_leaves, set_up_constellation,
};
pub use sleepovers::{
    ChildToAskFor, HUB_STAYS, MOST_NIGHTS, RequestChoices, Requested, SleepoverChild,
    SleepoverHistoryLine, SleepoverRecord, SleepoverRequest, SleepoverStep, SleepoverSummary,
    describe_nights, move_sleepover, request_choices, request_sleepover, sleepover_record,
    sleepovers_to_agree,
};
pub use states::{SleepoverKind, SleepoverMove, SleepoverState};
pub use view::{
    CheckInLine, ConstellationCalendar, ConstellationChoices, ConstellationListed,
    ConstellationRecord, Family, constellation_calendar, constellation_choices,
    constellation_record, constellations,
};
