//! What someone registering interest tells us besides who they are.

use crate::names::stored_names;

/// The kinds of fostering someone may be curious about, including the
/// homes most needed (teenagers, sibling groups, parent and child,
/// unaccompanied children, children on remand).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FosteringKind {
    ShortTerm,
    LongTerm,
    ShortBreaks,
    Emergency,
    Teenagers,
    SiblingGroups,
    ParentAndChild,
    UnaccompaniedChildren,
    Remand,
    NotSure,
}

stored_names!(FosteringKind {
    ShortTerm => "short_term", "Short-term fostering",
    LongTerm => "long_term", "Long-term fostering",
    ShortBreaks => "short_breaks", "Short breaks",
    Emergency => "emergency", "Emergency fostering",
    Teenagers => "teenagers", "Teenagers",
    SiblingGroups => "sibling_groups", "Brothers and sisters together",
    ParentAndChild => "parent_and_child", "Parent and child",
    UnaccompaniedChildren => "unaccompanied_children", "Children seeking asylum on their own",
    Remand => "remand", "Children on remand",
    NotSure => "not_sure", "I'm not sure yet",
});

/// When someone would like to be called.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CallTime {
    Morning,
    Afternoon,
    Evening,
    Anytime,
}

stored_names!(CallTime {
    Morning => "morning", "Morning (9am to 12pm)",
    Afternoon => "afternoon", "Afternoon (12pm to 5pm)",
    Evening => "evening", "Early evening (5pm to 7pm)",
    Anytime => "anytime", "Any time",
});

/// How someone heard about fostering with us.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HeardAbout {
    Search,
    SocialMedia,
    TelevisionOrRadio,
    FriendOrFamily,
    FosterCarer,
    Event,
    Advert,
    Other,
}

stored_names!(HeardAbout {
    Search => "search", "Searching online",
    SocialMedia => "social_media", "Social media",
    TelevisionOrRadio => "television_or_radio", "Television or radio",
    FriendOrFamily => "friend_or_family", "A friend or family member",
    FosterCarer => "foster_carer", "A foster carer",
    Event => "event", "An event or stall",
    Advert => "advert", "An advert or leaflet",
    Other => "other", "Somewhere else",
});
