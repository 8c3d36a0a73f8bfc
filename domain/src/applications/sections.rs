//! The application form's sections and their questions, written once as
//! data: the pages, GraphQL and the checks all read them from here.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::FieldError;
use crate::names::stored_names;
use crate::recruitment::interest::FosteringKind;

/// A part of the application, with a status of its own in the task list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    AboutYou,
    /// Only for a joint application.
    AboutYourPartner,
    HouseholdMembers,
    YourHome,
    WorkAndTime,
    Health,
    PreviousPartners,
    YourChildren,
    Referees,
    SupportNetwork,
    FosteringOffer,
    ConsentToChecks,
    Declaration,
}

stored_names!(Section {
    AboutYou => "about_you", "About you",
    AboutYourPartner => "about_your_partner", "About your partner",
    HouseholdMembers => "household_members", "Everyone in your household",
    YourHome => "your_home", "Your home",
    WorkAndTime => "work_and_time", "Your work and time available",
    Health => "health", "Your health",
    PreviousPartners => "previous_partners", "Previous partners",
    YourChildren => "your_children", "Your children",
    Referees => "referees", "Referees",
    SupportNetwork => "support_network", "Your support network",
    FosteringOffer => "fostering_offer", "The fostering you would like to offer",
    ConsentToChecks => "consent_to_checks", "Consent to checks",
    Declaration => "declaration", "Declaration",
});

/// How a question is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text {
        max: usize,
    },
    LongText {
        max: usize,
    },
    /// A date in the past, as `YYYY-MM-DD`.
    PastDate,
    Number {
        min: i64,
        max: i64,
    },
    YesNo,
    /// One of these `(value, label)`.
    Choice(&'static [(&'static str, &'static str)]),
    /// Any of these `(value, label)`.
    Checkboxes(&'static [(&'static str, &'static str)]),
    /// A box the applicant must tick: its answer is `yes`.
    Agree,
    Email,
}

/// One question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Question {
    pub id: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub kind: Kind,
    /// Said when a completed section leaves it unanswered; `None` when it
    /// may be left empty.
    pub missing: Option<&'static str>,
    /// Asked only when another question (by id) was answered with this.
    pub only_if: Option<(&'static str, &'static str)>,
    /// For the applicant's own details: the HTML autocomplete token
    /// (WCAG 1.3.5), such as `name`, `tel` or, for a date, `bday`.
    pub autocomplete: Option<&'static str>,
}

pub(super) const fn ask(
    id: &'static str,
    label: &'static str,
    kind: Kind,
    missing: &'static str,
) -> Question {
    Question {
        id,
        label,
        hint: "",
        kind,
        missing: Some(missing),
        only_if: None,
        autocomplete: None,
    }
}

pub(super) const fn optional(id: &'static str, label: &'static str, kind: Kind) -> Question {
    Question {
        id,
        label,
        hint: "",
        kind,
        missing: None,
        only_if: None,
        autocomplete: None,
    }
}

impl Question {
    pub(super) const fn hint(self, hint: &'static str) -> Self {
        Self { hint, ..self }
    }

    pub(super) const fn autocomplete(self, token: &'static str) -> Self {
        Self {
            autocomplete: Some(token),
            ..self
        }
    }

    pub(super) const fn only_if(self, question: &'static str, answer: &'static str) -> Self {
        Self {
            only_if: Some((question, answer)),
            ..self
        }
    }
}

const HOME_TYPES: &[(&str, &str)] = &[
    ("owned", "We own it, or are buying it"),
    ("rented_private", "We rent it from a private landlord"),
    (
        "rented_social",
        "We rent it from a council or housing association",
    ),
    ("other", "Something else"),
];

const WORK: &[(&str, &str)] = &[
    ("full_time", "Working full-time"),
    ("part_time", "Working part-time"),
    ("self_employed", "Self-employed"),
    ("not_working", "Not working"),
    ("retired", "Retired"),
];

const AGES: &[(&str, &str)] = &[
    ("0_4", "Babies and children under 5"),
    ("5_10", "Children aged 5 to 10"),
    ("11_15", "Young people aged 11 to 15"),
    ("16_17", "Young people aged 16 and 17"),
];

/// The kinds of fostering an applicant offers and an approval names: the
/// enquiry's kinds, less "not sure", which is no answer to an application.
pub const CARE: &[(&str, &str)] = match FosteringKind::CHOICES.split_last() {
    Some((_not_sure, kinds)) => kinds,
    None => &[],
};

const LIVES: &[(&str, &str)] = &[
    ("lives_here", "Lives with us"),
    ("visits_often", "Visits often or stays over"),
];

const REFEREE_KINDS: &[(&str, &str)] = &[
    ("personal", "Someone who knows me well"),
    ("employer", "A current or recent employer"),
];

const HOUSEHOLD_MEMBER: &[Question] = &[
    ask(
        "full_name",
        "Full name",
        Kind::Text { max: 200 },
        "Enter their full name",
    ),
    ask(
        "relationship",
        "Who they are to you",
        Kind::Text { max: 100 },
        "Say who they are to you",
    )
    .hint("For example, partner, son, lodger, my mother"),
    ask(
        "date_of_birth",
        "Date of birth",
        Kind::PastDate,
        "Enter their date of birth",
    )
    .hint("Everyone aged 18 or over is checked too"),
    ask(
        "lives",
        "Do they live with you?",
        Kind::Choice(LIVES),
        "Select whether they live with you or visit often",
    ),
];

const PREVIOUS_PARTNER: &[Question] = &[
    ask(
        "full_name",
        "Full name",
        Kind::Text { max: 200 },
        "Enter their full name",
    ),
    ask(
        "contact",
        "How we can contact them",
        Kind::LongText { max: 500 },
        "Say how we can contact them",
    )
    .hint("An address, telephone number or email address, as far as you know it"),
    ask(
        "when",
        "When you were together",
        Kind::Text { max: 100 },
        "Say when you were together",
    )
    .hint("For example, 2008 to 2014"),
    optional(
        "children_together",
        "Did you have children together?",
        Kind::YesNo,
    ),
];

const CHILD: &[Question] = &[
    ask(
        "full_name",
        "Full name",
        Kind::Text { max: 200 },
        "Enter their full name",
    ),
    ask(
        "date_of_birth",
        "Date of birth",
        Kind::PastDate,
        "Enter their date of birth",
    ),
    ask(
        "lives_with_you",
        "Do they live with you?",
        Kind::YesNo,
        "Select yes if they live with you",
    ),
    ask(
        "contact",
        "How we can contact them",
        Kind::LongText { max: 500 },
        "Say how we can contact them",
    )
    .only_if("lives_with_you", "no")
    .hint("We ask adult children who live elsewhere about you"),
];

const REFEREE: &[Question] = &[
    ask(
        "full_name",
        "Full name",
        Kind::Text { max: 200 },
        "Enter their full name",
    ),
    ask(
        "kind",
        "Who are they?",
        Kind::Choice(REFEREE_KINDS),
        "Select who they are",
    ),
    ask(
        "email",
        "Email address",
        Kind::Email,
        "Enter their email address",
    )
    .hint("We email them a form to fill in"),
    ask(
        "phone",
        "Telephone number",
        Kind::Text { max: 40 },
        "Enter their telephone number",
    ),
    ask(
        "how_known",
        "How do you know them, and for how long?",
        Kind::LongText { max: 500 },
        "Say how you know them, and for how long",
    ),
    ask(
        "related",
        "Are they related to you?",
        Kind::YesNo,
        "Select yes if they are related to you",
    ),
];

/// A section that lists people, one form each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeopleList {
    /// What one entry is called: "person", "partner", "child", "referee".
    pub item: &'static str,
    pub questions: &'static [Question],
    /// At most this many.
    pub most: usize,
}

const ABOUT_YOU: &[Question] = &[
    ask(
        "full_name",
        "Your full name",
        Kind::Text { max: 200 },
        "Enter your full name",
    )
    .autocomplete("name"),
    optional(
        "previous_names",
        "Any other names you have been known by",
        Kind::Text { max: 200 },
    )
    .hint("Such as a name before marriage. We need them for the checks."),
    ask(
        "date_of_birth",
        "Your date of birth",
        Kind::PastDate,
        "Enter your date of birth",
    )
    .hint("For example, 27 3 1985")
    .autocomplete("bday"),
    ask(
        "phone",
        "Telephone number",
        Kind::Text { max: 40 },
        "Enter a telephone number",
    )
    .autocomplete("tel"),
    ask(
        "address",
        "Your address",
        Kind::LongText { max: 500 },
        "Enter your address",
    )
    .autocomplete("street-address"),
    ask(
        "years_at_address",
        "How many years have you lived there?",
        Kind::Number { min: 0, max: 100 },
        "Enter how many years you have lived there",
    )
    .hint("If less than 5, we will ask about your previous addresses"),
];

const ABOUT_YOUR_PARTNER: &[Question] = &[
    ask(
        "full_name",
        "Your partner's full name",
        Kind::Text { max: 200 },
        "Enter your partner's full name",
    ),
    optional(
        "previous_names",
        "Any other names they have been known by",
        Kind::Text { max: 200 },
    )
    .hint("Such as a name before marriage. We need them for the checks."),
    ask(
        "date_of_birth",
        "Their date of birth",
        Kind::PastDate,
        "Enter your partner's date of birth",
    )
    .hint("For example, 27 3 1985"),
    ask(
        "phone",
        "Their telephone number",
        Kind::Text { max: 40 },
        "Enter your partner's telephone number",
    ),
    ask(
        "relationship_since",
        "How long have you been together?",
        Kind::Text { max: 100 },
        "Say how long you have been together",
    )
    .hint("For example, 6 years, married for 4"),
];

const YOUR_HOME: &[Question] = &[
    ask(
        "home_type",
        "Your home",
        Kind::Choice(HOME_TYPES),
        "Select which describes your home",
    ),
    ask(
        "bedrooms",
        "How many bedrooms does it have?",
        Kind::Number { min: 1, max: 20 },
        "Enter how many bedrooms it has",
    ),
    ask(
        "spare_bedrooms",
        "How many could be a foster child's own room?",
        Kind::Number { min: 0, max: 20 },
        "Enter how many bedrooms could be a foster child's own room",
    )
    .hint("A child over 3 usually needs a bedroom of their own"),
    optional("pets", "Pets", Kind::LongText { max: 1_000 })
        .hint("What animals live with you, if any"),
    ask(
        "smoking",
        "Does anyone in your home smoke or vape?",
        Kind::YesNo,
        "Select yes if anyone in your home smokes or vapes",
    ),
    ask(
        "smoking_details",
        "Who, and where",
        Kind::LongText { max: 1_000 },
        "Say who smokes or vapes, and where",
    )
    .only_if("smoking", "yes"),
];

const WORK_AND_TIME: &[Question] = &[
    ask(
        "work",
        "Your work",
        Kind::Choice(WORK),
        "Select which describes your work",
    ),
    optional(
        "occupation",
        "Your job, if you work",
        Kind::Text { max: 200 },
    ),
    ask(
        "time_available",
        "How would you make time for a child?",
        Kind::LongText { max: 2_000 },
        "Say how you would make time for a child",
    )
    .hint("Such as your hours, flexibility, and who else could help"),
];

const HEALTH: &[Question] = &[
    ask(
        "conditions",
        "Do you have a health condition or disability that could affect how you care for a child?",
        Kind::YesNo,
        "Select yes or no",
    )
    .hint("Most conditions do not stop anyone fostering. Your medical will look at this with you."),
    ask(
        "condition_details",
        "Tell us about it",
        Kind::LongText { max: 2_000 },
        "Tell us about the condition",
    )
    .only_if("conditions", "yes"),
    ask(
        "medication",
        "Do you take regular medication?",
        Kind::YesNo,
        "Select yes or no",
    ),
    ask(
        "gp",
        "Your GP surgery's name and address",
        Kind::LongText { max: 500 },
        "Enter your GP surgery's name and address",
    )
    .hint("We ask your GP for your medical, with your consent"),
];

const SUPPORT_NETWORK: &[Question] = &[ask(
    "support",
    "Who would support you?",
    Kind::LongText { max: 2_000 },
    "Tell us who would support you",
)
.hint("Family, friends or neighbours who could help in a crisis, collect a child from school, or give you a break")];

const FOSTERING_OFFER: &[Question] = &[
    ask(
        "ages",
        "Which ages could you care for?",
        Kind::Checkboxes(AGES),
        "Select at least one age range",
    ),
    ask(
        "care",
        "Which kinds of fostering interest you?",
        Kind::Checkboxes(CARE),
        "Select at least one kind of fostering",
    ),
    ask(
        "children",
        "How many children could you care for at once?",
        Kind::Number { min: 1, max: 6 },
        "Enter how many children, from 1 to 6",
    ),
];

const CONSENT_TO_CHECKS: &[Question] = &[
    ask(
        "dbs",
        "I agree to an enhanced DBS check, with the children's and adults' barred lists",
        Kind::Agree,
        "You need to agree to a DBS check to foster",
    ),
    ask(
        "local_authority_checks",
        "I agree to checks with the local authorities where I live and have lived",
        Kind::Agree,
        "You need to agree to local authority checks to foster",
    ),
    ask(
        "medical",
        "I agree to a medical, and to my GP sharing my health records for it",
        Kind::Agree,
        "You need to agree to a medical to foster",
    ),
    ask(
        "references",
        "I agree to my referees, employers and previous partners being contacted",
        Kind::Agree,
        "You need to agree to references being taken to foster",
    ),
];

const DECLARATION: &[Question] = &[ask(
    "true_and_complete",
    "The information in this application is true and complete, as far as I know",
    Kind::Agree,
    "Confirm the information is true and complete",
)];

impl Section {
    /// The questions, or for a list of people, those about each one.
    pub fn questions(self) -> &'static [Question] {
        match self.people() {
            Some(list) => list.questions,
            None => self.single_questions(),
        }
    }

    /// Whether the section is part of an application that is, or is not,
    /// made jointly.
    pub fn applies(self, joint: bool) -> bool {
        joint || self != Self::AboutYourPartner
    }

    /// The sections of an application, in order.
    pub fn of_application(joint: bool) -> impl Iterator<Item = Self> {
        Self::ALL.iter().copied().filter(move |s| s.applies(joint))
    }

    /// For a section that lists people (household members, previous
    /// partners, children, referees), how.
    pub fn people(self) -> Option<PeopleList> {
        let list = |item, questions, most| {
            Some(PeopleList {
                item,
                questions,
                most,
            })
        };
        match self {
            Self::HouseholdMembers => list("person", HOUSEHOLD_MEMBER, 12),
            Self::PreviousPartners => list("partner", PREVIOUS_PARTNER, 10),
            Self::YourChildren => list("child", CHILD, 15),
            Self::Referees => list("referee", REFEREE, 8),
            _ => None,
        }
    }

    fn single_questions(self) -> &'static [Question] {
        match self {
            Self::HouseholdMembers
            | Self::PreviousPartners
            | Self::YourChildren
            | Self::Referees => &[],
            Self::AboutYou => ABOUT_YOU,
            Self::AboutYourPartner => ABOUT_YOUR_PARTNER,
            Self::YourHome => YOUR_HOME,
            Self::WorkAndTime => WORK_AND_TIME,
            Self::Health => HEALTH,
            Self::SupportNetwork => SUPPORT_NETWORK,
            Self::FosteringOffer => FOSTERING_OFFER,
            Self::ConsentToChecks => CONSENT_TO_CHECKS,
            Self::Declaration => DECLARATION,
        }
    }

    /// Health answers are special category data: kept apart in who may
    /// read them, and every read by staff recorded.
    pub fn special_category(self) -> bool {
        self == Self::Health
    }
}

/// Saved answers: a question's id to its answer (one value, or several for
/// checkboxes).
pub type Answers = BTreeMap<String, Vec<String>>;

/// Whether a list of people is complete for its section: every section
/// may be empty but referees, of whom two who know the applicant well and
/// are not relatives are needed.
pub fn check_people(section: Section, people: &[Answers]) -> Result<(), FieldError> {
    if section != Section::Referees {
        return Ok(());
    }
    let answer = |person: &Answers, id: &str| person.get(id).and_then(|v| v.first()).cloned();
    if people.iter().any(|p| {
        answer(p, "kind").as_deref() == Some("personal")
            && answer(p, "related").as_deref() == Some("yes")
    }) {
        return Err(FieldError::new(
            "people",
            "A referee who knows you well cannot be a relative: change or remove them",
        ));
    }
    let personal = people
        .iter()
        .filter(|p| answer(p, "kind").as_deref() == Some("personal"))
        .count();
    if personal < 2 {
        return Err(FieldError::new(
            "people",
            "Add at least 2 referees who know you well and are not related to you",
        ));
    }
    Ok(())
}

/// How an answer reads, for "Check your answers".
pub fn answer_text(question: &Question, values: &[String]) -> String {
    let label_of = |options: &[(&str, &str)], value: &str| {
        options
            .iter()
            .find(|(v, _)| *v == value)
            .map_or_else(|| value.to_owned(), |(_, l)| (*l).to_owned())
    };
    match question.kind {
        Kind::Choice(options) | Kind::Checkboxes(options) => values
            .iter()
            .map(|v| label_of(options, v))
            .collect::<Vec<_>>()
            .join(", "),
        Kind::YesNo => match values.first().map(String::as_str) {
            Some("yes") => "Yes".to_owned(),
            Some("no") => "No".to_owned(),
            _ => String::new(),
        },
        Kind::Agree => match values.first().map(String::as_str) {
            Some("yes") => "Agreed".to_owned(),
            _ => String::new(),
        },
        Kind::PastDate => values
            .first()
            .and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
            .map(|d| d.format("%-d %B %Y").to_string())
            .unwrap_or_default(),
        _ => values.first().cloned().unwrap_or_default(),
    }
}

/// Reads the answers to `section` as sent. With `complete`, every question
/// that must be answered is; without, only what was given is checked, so a
/// section can be saved half done. Every problem is named against its
/// question.
pub fn check_answers(
    section: Section,
    sent: &Answers,
    complete: bool,
    today: NaiveDate,
) -> Result<Answers, Vec<FieldError>> {
    check_questions(section.questions(), sent, complete, today)
}

/// The same for any list of questions, such as a referee's form.
pub fn check_questions(
    questions: &[Question],
    sent: &Answers,
    complete: bool,
    today: NaiveDate,
) -> Result<Answers, Vec<FieldError>> {
    let mut kept = Answers::new();
    let mut errors = Vec::new();
    for question in questions {
        if let Some((other, answer)) = question.only_if {
            let given = sent.get(other).and_then(|v| v.first()).map(|v| v.trim());
            if given != Some(answer) {
                continue;
            }
        }
        let values: Vec<String> = sent
            .get(question.id)
            .into_iter()
            .flatten()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect();
        if values.is_empty() {
            if let (true, Some(missing)) = (complete, question.missing) {
                errors.push(FieldError::new(question.id, missing));
            }
            continue;
        }
        match check_one(question, &values, today) {
            Ok(values) => {
                kept.insert(question.id.to_owned(), values);
            }
            Err(message) => errors.push(FieldError::new(question.id, message)),
        }
    }
    if errors.is_empty() {
        Ok(kept)
    } else {
        Err(errors)
    }
}

fn check_one(
    question: &Question,
    values: &[String],
    today: NaiveDate,
) -> Result<Vec<String>, String> {
    let first = values[0].as_str();
    let too_long = crate::text::too_long;
    match question.kind {
        Kind::Text { max } | Kind::LongText { max } => {
            if first.chars().count() > max {
                return Err(too_long(max));
            }
            Ok(vec![first.to_owned()])
        }
        Kind::PastDate => match NaiveDate::parse_from_str(first, "%Y-%m-%d") {
            Ok(date) if date < today && date.year() >= 1900 => {
                Ok(vec![date.format("%Y-%m-%d").to_string()])
            }
            Ok(_) => Err("The date must be in the past".to_owned()),
            Err(_) => Err("Enter a real date, like 27 3 1985".to_owned()),
        },
        Kind::Number { min, max } => match first.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(vec![n.to_string()]),
            _ => Err(format!("Enter a whole number from {min} to {max}")),
        },
        Kind::YesNo => match first {
            "yes" | "no" => Ok(vec![first.to_owned()]),
            _ => Err("Select yes or no".to_owned()),
        },
        Kind::Choice(options) => {
            if options.iter().any(|(v, _)| *v == first) {
                Ok(vec![first.to_owned()])
            } else {
                Err("Select one of the options".to_owned())
            }
        }
        Kind::Checkboxes(options) => {
            let mut chosen = Vec::new();
            for value in values {
                if !options.iter().any(|(v, _)| v == value) {
                    return Err("Select from the options".to_owned());
                }
                if !chosen.contains(value) {
                    chosen.push(value.clone());
                }
            }
            Ok(chosen)
        }
        Kind::Email => crate::notifications::EmailAddress::parse(first)
            .map(|address| vec![address.as_str().to_owned()])
            .map_err(str::to_owned),
        Kind::Agree => match first {
            "yes" => Ok(vec!["yes".to_owned()]),
            _ => Err(question
                .missing
                .unwrap_or("Tick the box to agree")
                .to_owned()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date")
    }

    fn sent(pairs: &[(&str, &str)]) -> Answers {
        let mut answers = Answers::new();
        for (k, v) in pairs {
            answers
                .entry((*k).to_owned())
                .or_default()
                .push((*v).to_owned());
        }
        answers
    }

    fn fields(errors: Vec<FieldError>) -> Vec<String> {
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_section_saved_for_later_may_be_half_done() {
        let answers = check_answers(
            Section::AboutYou,
            &sent(&[("full_name", "Sam Jones")]),
            false,
            today(),
        );
        assert_eq!(answers.map(|a| a.len()), Ok(1));
    }

    #[test]
    fn a_completed_section_names_every_question_left_unanswered() {
        let refused = check_answers(
            Section::AboutYou,
            &sent(&[("full_name", "Sam Jones")]),
            true,
            today(),
        );
        assert_eq!(
            refused.map_err(fields),
            Err(vec![
                "date_of_birth".into(),
                "phone".into(),
                "address".into(),
                "years_at_address".into()
            ])
        );
    }

    #[test]
    fn a_follow_up_question_is_asked_only_after_its_answer() {
        let no = check_answers(
            Section::YourHome,
            &sent(&[
                ("home_type", "owned"),
                ("bedrooms", "3"),
                ("spare_bedrooms", "1"),
                ("smoking", "no"),
                ("smoking_details", "kept?"),
            ]),
            true,
            today(),
        );
        assert!(
            no.is_ok_and(|a| !a.contains_key("smoking_details")),
            "not kept when not asked"
        );
        let yes = check_answers(
            Section::YourHome,
            &sent(&[
                ("home_type", "owned"),
                ("bedrooms", "3"),
                ("spare_bedrooms", "1"),
                ("smoking", "yes"),
            ]),
            true,
            today(),
        );
        assert_eq!(yes.map_err(fields), Err(vec!["smoking_details".into()]));
    }

    #[test]
    fn answers_of_the_wrong_shape_are_refused_even_when_saving_for_later() {
        let refused = check_answers(
            Section::AboutYou,
            &sent(&[
                ("date_of_birth", "2030-01-01"),
                ("years_at_address", "many"),
            ]),
            false,
            today(),
        );
        assert_eq!(
            refused.map_err(fields),
            Err(vec!["date_of_birth".into(), "years_at_address".into()])
        );
        let checkboxes = check_answers(
            Section::FosteringOffer,
            &sent(&[("ages", "0_4"), ("ages", "99")]),
            false,
            today(),
        );
        assert_eq!(checkboxes.map_err(fields), Err(vec!["ages".into()]));
    }

    #[test]
    fn consent_is_a_box_that_must_be_ticked() {
        let refused = check_answers(
            Section::ConsentToChecks,
            &sent(&[("dbs", "yes")]),
            true,
            today(),
        );
        assert_eq!(
            refused.map_err(fields),
            Err(vec![
                "local_authority_checks".into(),
                "medical".into(),
                "references".into()
            ])
        );
    }

    /// What the application says, as GOV.UK style has it: a capital first,
    /// no full stop at the end, and never cut off on a word that needs
    /// another after it (a question may end on one: "Which ages could you
    /// care for?").
    fn reads_whole(text: &str) -> Result<(), String> {
        const DANGLING: [&str; 5] = ["of", "the", "a", "to", "for"];
        let first = text.chars().next().unwrap_or(' ');
        let last_word = text
            .trim_end_matches(')')
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_lowercase();
        if !(first.is_uppercase() || first.is_ascii_digit()) {
            Err(format!("{text:?} does not start with a capital"))
        } else if text.ends_with('.') {
            Err(format!("{text:?} ends with a full stop"))
        } else if last_word.ends_with("'s") || DANGLING.contains(&last_word.as_str()) {
            Err(format!("{text:?} stops short, on {last_word:?}"))
        } else {
            Ok(())
        }
    }

    #[test]
    fn every_question_label_choice_and_message_reads_whole() {
        let mut faults = Vec::new();
        for section in Section::ALL {
            for question in section.questions() {
                let choices = match question.kind {
                    Kind::Choice(choices) | Kind::Checkboxes(choices) => choices,
                    _ => &[],
                };
                let texts = [question.label]
                    .into_iter()
                    .chain(question.missing)
                    .chain(choices.iter().map(|(_, label)| *label));
                faults.extend(texts.filter_map(|text| reads_whole(text).err()));
            }
        }
        assert!(faults.is_empty(), "{faults:#?}");
    }

    #[test]
    fn a_message_cut_off_or_in_lower_case_is_found() {
        assert!(reads_whole("Enter how many bedrooms could be a foster child's").is_err());
        assert!(reads_whole("enter your name").is_err());
        assert!(reads_whole("Say who it is for").is_err());
        assert!(reads_whole("Enter your name.").is_err());
        assert!(reads_whole("Enter your name").is_ok());
        assert!(reads_whole("Which ages could you care for?").is_ok());
    }

    #[test]
    fn every_section_reads_back_from_its_stored_name_and_question_ids_are_unique() {
        for section in Section::ALL {
            assert_eq!(Section::parse(section.as_str()), Some(*section));
            let mut ids: Vec<&str> = section.questions().iter().map(|q| q.id).collect();
            let all = ids.len();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), all, "{section}");
        }
    }

    #[test]
    fn the_kinds_of_care_offered_are_the_kinds_of_fostering_but_not_sure() {
        let offered: Vec<&str> = CARE.iter().map(|(value, _)| *value).collect();
        let kinds: Vec<&str> = FosteringKind::ALL
            .iter()
            .filter(|kind| **kind != FosteringKind::NotSure)
            .map(|kind| kind.as_str())
            .collect();
        assert_eq!(offered, kinds);
    }
}
