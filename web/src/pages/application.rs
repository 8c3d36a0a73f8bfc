//! `/application`: the applicant's task list, a page per section (save and
//! continue, or save and come back later), "check your answers", and
//! sending the application.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::applications::form::{
    OwnApplication, SectionAnswers, TaskStatus, finish_people, own_answers, own_application,
    own_section, remove_person, save_person, save_section, submit_application,
};
use domain::applications::sections::{Answers, Kind, Question, Section, answer_text};
use domain::applications::training::{Course, book_training, own_training};

use super::date_time::DateBoxes;
use super::forms::{FormErrors, pairs, see_other, value};
use super::{PageError, Section as Nav, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "application/task_list.html")]
struct TaskListPage {
    shell: Shell,
    /// What was just done, as the banner says it.
    done: Option<&'static str>,
    errors: FormErrors,
    application: OwnApplication,
}

impl TaskListPage {
    fn status(&self, status: &TaskStatus) -> (&'static str, &'static str) {
        match status {
            TaskStatus::NotStarted => ("Not started", "govuk-tag govuk-tag--blue"),
            TaskStatus::InProgress => ("In progress", "govuk-tag govuk-tag--light-blue"),
            TaskStatus::Completed => ("Completed", ""),
        }
    }
}

async fn task_list(
    state: &AppState,
    req: &HttpRequest,
    done: Option<&'static str>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let application = own_application(&state.ctx, &actor(req)).await?;
    let (shell, status) = Shell::for_form(state, req, Nav::Account, &errors);
    render(
        status,
        &TaskListPage {
            shell,
            done,
            errors,
            application,
        },
    )
}

#[get("/application")]
pub async fn task_list_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    // Each says what happened, and nothing else.
    let done = match req.query_string() {
        "done=saved" => Some("Your answers are saved"),
        "done=invited" => Some("Your partner is invited to apply with you"),
        "done=alone" => Some("You are applying on your own"),
        _ => None,
    };
    task_list(&state, &req, done, FormErrors::default()).await
}

/// One question as its page shows it.
pub struct QuestionView {
    pub(super) id: &'static str,
    pub(super) label: &'static str,
    pub(super) hint: String,
    /// `text`, `textarea`, `date`, `number`, `yesno`, `choice`,
    /// `checkboxes` or `agree`.
    pub(super) kind: &'static str,
    pub(super) value: String,
    pub(super) date: DateBoxes,
    /// Value, label, chosen.
    pub(super) options: Vec<(&'static str, &'static str, bool)>,
    /// The autocomplete token: `off` for a text box about someone else, and
    /// empty (none) for a date that is not the applicant's own birthday.
    pub(super) autocomplete: &'static str,
}

pub(super) fn question_views(questions: &[Question], answers: &Answers) -> Vec<QuestionView> {
    questions
        .iter()
        .map(|q| {
            let values = answers.get(q.id).cloned().unwrap_or_default();
            let value = values.first().cloned().unwrap_or_default();
            let choices = |options: &'static [(&'static str, &'static str)]| {
                options
                    .iter()
                    .map(|(v, l)| (*v, *l, values.iter().any(|chosen| chosen == v)))
                    .collect()
            };
            let (kind, options) = match q.kind {
                Kind::Text { .. } => ("text", Vec::new()),
                Kind::Email => ("email", Vec::new()),
                Kind::LongText { .. } => ("textarea", Vec::new()),
                Kind::PastDate => ("date", Vec::new()),
                Kind::Number { .. } => ("number", Vec::new()),
                Kind::YesNo => ("yesno", choices(&[("yes", "Yes"), ("no", "No")])),
                Kind::Choice(options) => ("choice", choices(options)),
                Kind::Checkboxes(options) => ("checkboxes", choices(options)),
                Kind::Agree => ("agree", Vec::new()),
            };
            // Without scripts, a follow-up question is always shown: its
            // hint says when it is needed.
            let hint = match q.only_if {
                Some((_, answer)) => {
                    let when = match answer {
                        "yes" | "no" => format!("Only if you answered {answer} above."),
                        _ => "Only if it applies.".to_owned(),
                    };
                    if q.hint.is_empty() {
                        when
                    } else {
                        format!("{} {when}", q.hint)
                    }
                }
                None => q.hint.to_owned(),
            };
            let mut parts = value.splitn(3, '-');
            let date = match (q.kind, parts.next(), parts.next(), parts.next()) {
                (Kind::PastDate, Some(year), Some(month), Some(day)) => DateBoxes {
                    day: day.trim_start_matches('0').to_owned(),
                    month: month.trim_start_matches('0').to_owned(),
                    year: year.to_owned(),
                },
                _ => DateBoxes::default(),
            };
            let autocomplete = match (q.kind, q.autocomplete) {
                (_, Some(token)) => token,
                (Kind::PastDate, None) => "",
                (_, None) => "off",
            };
            QuestionView {
                autocomplete,
                id: q.id,
                label: q.label,
                hint,
                kind,
                value,
                date,
                options,
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "application/section.html")]
struct SectionPage {
    shell: Shell,
    errors: FormErrors,
    section: Section,
    questions: Vec<QuestionView>,
    /// Opened by "Change" on "Check your answers": saving goes back there.
    checking: bool,
}

/// The query parameter (and hidden field) a "Change" link sets.
const FROM_CHECK: (&str, &str) = ("from", "check-answers");

fn section_page(
    state: &AppState,
    req: &HttpRequest,
    section: Section,
    answers: &Answers,
    errors: FormErrors,
    checking: bool,
) -> Result<HttpResponse, PageError> {
    let (shell, status) = Shell::for_form(state, req, Nav::Account, &errors);
    render(
        status,
        &SectionPage {
            shell,
            errors,
            section,
            questions: question_views(section.questions(), answers),
            checking,
        },
    )
}

fn section_of(name: &str) -> Result<Section, PageError> {
    Section::parse(name).ok_or(PageError::Domain(DomainError::NotFound))
}

#[get("/application/section/{section}")]
pub async fn show_section(
    req: HttpRequest,
    state: web::Data<AppState>,
    name: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let section = section_of(&name)?;
    let actor = actor(&req);
    if own_application(&state.ctx, &actor)
        .await?
        .submitted_at
        .is_some()
    {
        return Ok(see_other("/application/check-answers").finish());
    }
    let query = pairs(req.query_string().as_bytes());
    let editing = value(&query, "person").parse().ok();
    match own_section(&state.ctx, &actor, section).await? {
        SectionAnswers::Single(answers) => {
            let checking = value(&query, FROM_CHECK.0) == FROM_CHECK.1;
            let errors = FormErrors::default();
            section_page(&state, &req, section, &answers, errors, checking)
        }
        SectionAnswers::People(people) => {
            let typed = editing.and_then(|i: usize| people.get(i).cloned());
            let view = PeopleView { editing, typed };
            people_page(&state, &req, section, &people, view, FormErrors::default())
        }
    }
}

/// Who a listed person is, for the list: their name and the rest.
fn person_rows(section: Section, person: &Answers) -> (String, Vec<(&'static str, String)>) {
    let name = person
        .get("full_name")
        .and_then(|v| v.first())
        .cloned()
        .unwrap_or_default();
    let rows = section
        .questions()
        .iter()
        .filter(|q| q.id != "full_name")
        .filter_map(|q| {
            let text = answer_text(q, person.get(q.id)?);
            (!text.is_empty()).then_some((q.label, text))
        })
        .collect();
    (name, rows)
}

#[derive(Template)]
#[template(path = "application/people.html")]
struct PeoplePage {
    shell: Shell,
    errors: FormErrors,
    section: Section,
    item: &'static str,
    people: Vec<ListedPerson>,
    /// Changing this one, rather than adding.
    editing: Option<usize>,
    questions: Vec<QuestionView>,
    full: bool,
}

/// A person on a section's list: where, their name, and the other answers.
pub type ListedPerson = (usize, String, Vec<(&'static str, String)>);

/// Which person the form is about, and what it shows.
pub struct PeopleView {
    editing: Option<usize>,
    typed: Option<Answers>,
}

fn people_page(
    state: &AppState,
    req: &HttpRequest,
    section: Section,
    people: &[Answers],
    view: PeopleView,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let Some(list) = section.people() else {
        return Err(DomainError::NotFound.into());
    };
    let (shell, status) = Shell::for_form(state, req, Nav::Account, &errors);
    render(
        status,
        &PeoplePage {
            shell,
            errors,
            section,
            item: list.item,
            people: people
                .iter()
                .enumerate()
                .map(|(i, person)| {
                    let (name, rows) = person_rows(section, person);
                    (i, name, rows)
                })
                .collect(),
            editing: view.editing,
            questions: question_views(section.questions(), &view.typed.unwrap_or_default()),
            full: people.len() >= list.most,
        },
    )
}

/// The answers as the form sent them: a date from its three boxes.
pub(super) fn sent_answers(questions: &[Question], form: &[(String, String)]) -> Answers {
    let mut answers = Answers::new();
    for question in questions {
        let values: Vec<String> = match question.kind {
            Kind::PastDate => {
                let boxes = DateBoxes::from_form(form, question.id);
                if boxes.day.is_empty() && boxes.month.is_empty() && boxes.year.is_empty() {
                    Vec::new()
                } else {
                    let pad = |part: &str| format!("{part:0>2}");
                    vec![format!(
                        "{}-{}-{}",
                        boxes.year,
                        pad(&boxes.month),
                        pad(&boxes.day)
                    )]
                }
            }
            _ => form
                .iter()
                .filter(|(k, _)| k == question.id)
                .map(|(_, v)| v.clone())
                .collect(),
        };
        if !values.is_empty() {
            answers.insert(question.id.to_owned(), values);
        }
    }
    answers
}

#[post("/application/section/{section}")]
pub async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    name: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let section = section_of(&name)?;
    let form = pairs(&body);
    if section.people().is_some() {
        // A list of people is changed a person at a time, on its own routes.
        return Err(DomainError::NotFound.into());
    }
    let answers = sent_answers(section.questions(), &form);
    let complete = value(&form, "save") != "later";
    let checking = value(&form, FROM_CHECK.0) == FROM_CHECK.1;
    match save_section(&state.ctx, &actor(&req), section, &answers, complete).await {
        // A change made from "Check your answers" goes back there.
        Ok(()) if checking && complete => Ok(see_other("/application/check-answers").finish()),
        Ok(()) => Ok(see_other("/application?done=saved").finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            section_page(&state, &req, section, &answers, errors, checking)
        }
    }
}

/// What the applicant does to a list of people.
#[derive(Clone, Copy)]
enum PeopleChange {
    /// Adds a person, or changes the one at this place in the list.
    Save(Option<usize>),
    Remove(usize),
    /// Says the list is complete.
    Finish,
}

/// A section that is a list of people, or not found.
fn people_section(name: &str) -> Result<Section, PageError> {
    let section = section_of(name)?;
    match section.people() {
        Some(_) => Ok(section),
        None => Err(DomainError::NotFound.into()),
    }
}

#[post("/application/section/{section}/people")]
pub async fn save_one_person(
    req: HttpRequest,
    state: web::Data<AppState>,
    name: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let section = people_section(&name)?;
    let form = pairs(&body);
    let answers = sent_answers(section.questions(), &form);
    let index = value(&form, "person").parse().ok();
    change_people(&state, &req, section, PeopleChange::Save(index), answers).await
}

#[post("/application/section/{section}/people/{index}/remove")]
pub async fn remove_one_person(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(String, usize)>,
) -> Result<HttpResponse, PageError> {
    let (name, index) = ids.into_inner();
    let section = people_section(&name)?;
    let change = PeopleChange::Remove(index);
    change_people(&state, &req, section, change, Answers::new()).await
}

#[post("/application/section/{section}/finish")]
pub async fn finish(
    req: HttpRequest,
    state: web::Data<AppState>,
    name: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let section = people_section(&name)?;
    change_people(&state, &req, section, PeopleChange::Finish, Answers::new()).await
}

/// Makes the change to the list, then shows it again, or the task list
/// once it is complete; with what was wrong, the list and what was typed.
async fn change_people(
    state: &AppState,
    req: &HttpRequest,
    section: Section,
    change: PeopleChange,
    answers: Answers,
) -> Result<HttpResponse, PageError> {
    let actor = actor(req);
    let here = format!("/application/section/{}", section.as_str());
    let outcome = match change {
        PeopleChange::Remove(index) => remove_person(&state.ctx, &actor, section, index)
            .await
            .map(|()| here),
        PeopleChange::Finish => finish_people(&state.ctx, &actor, section)
            .await
            .map(|()| "/application?done=saved".to_owned()),
        PeopleChange::Save(index) => save_person(&state.ctx, &actor, section, index, &answers)
            .await
            .map(|()| here),
    };
    let errors = match outcome {
        Ok(to) => return Ok(see_other(&to).finish()),
        Err(error) => FormErrors::from_refusal(error)?,
    };
    let people = match own_section(&state.ctx, &actor, section).await? {
        SectionAnswers::People(people) => people,
        SectionAnswers::Single(_) => Vec::new(),
    };
    let view = PeopleView {
        editing: match change {
            PeopleChange::Save(index) => index,
            PeopleChange::Remove(_) | PeopleChange::Finish => None,
        },
        typed: Some(answers),
    };
    people_page(state, req, section, &people, view, errors)
}

/// A section's answers as a summary list: question and answer, or each
/// person's name and the rest.
pub(super) fn answer_rows(section: Section, answers: &SectionAnswers) -> Vec<(String, String)> {
    match answers {
        SectionAnswers::Single(answers) => section
            .questions()
            .iter()
            .filter_map(|q| {
                let text = answer_text(q, answers.get(q.id)?);
                (!text.is_empty()).then(|| (q.label.to_owned(), text))
            })
            .collect(),
        SectionAnswers::People(people) => people
            .iter()
            .map(|person| {
                let (name, rows) = person_rows(section, person);
                let rest: Vec<String> = rows.into_iter().map(|(_, text)| text).collect();
                (name, rest.join("; "))
            })
            .collect(),
    }
}

/// A section's answers as "check your answers" lists them.
pub struct AnswersView {
    section: Section,
    rows: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "application/check_answers.html")]
struct CheckAnswersPage {
    shell: Shell,
    errors: FormErrors,
    sent: bool,
    /// Sections not yet complete: until there are none, the page lists
    /// them instead of offering to send.
    left: Vec<Section>,
    sections: Vec<AnswersView>,
}

#[get("/application/check-answers")]
pub async fn check_answers_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    let own = own_application(&state.ctx, &actor).await?;
    let sent = own.submitted_at.is_some();
    let left = own
        .sections
        .iter()
        .filter(|(_, status)| *status != TaskStatus::Completed)
        .map(|(section, _)| *section)
        .collect();
    let sections = own_answers(&state.ctx, &actor)
        .await?
        .into_iter()
        .map(|(section, answers)| AnswersView {
            section,
            rows: answer_rows(section, &answers),
        })
        .collect();
    let shell = Shell::new(&state, &req, Nav::Account);
    render(
        StatusCode::OK,
        &CheckAnswersPage {
            shell,
            errors: FormErrors::default(),
            sent,
            left,
            sections,
        },
    )
}

#[post("/application/submit")]
pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    match submit_application(&state.ctx, &actor(&req)).await {
        Ok(()) => Ok(see_other("/application/sent").finish()),
        Err(DomainError::Conflict(message)) => {
            task_list(&state, &req, None, FormErrors::one("", message)).await
        }
        Err(error) => {
            // Each unfinished section links to its row of the task list.
            let errors = FormErrors::from_domain(error)?;
            task_list(&state, &req, None, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "application/sent.html")]
struct SentPage {
    shell: Shell,
    organisation: String,
}

#[get("/application/sent")]
pub async fn sent_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let application = own_application(&state.ctx, &actor(&req)).await?;
    // "Application sent" is said only once it is.
    if application.submitted_at.is_none() {
        return Ok(see_other("/application").finish());
    }
    let shell = Shell::new(&state, &req, Nav::Account);
    render(
        StatusCode::OK,
        &SentPage {
            shell,
            organisation: application.organisation,
        },
    )
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(training)
        .service(book)
        .service(task_list_page)
        .service(show_section)
        .service(save)
        .service(save_one_person)
        .service(remove_one_person)
        .service(finish)
        .service(check_answers_page)
        .service(submit)
        .service(sent_page);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_sent_from_its_three_boxes() {
        let form =
            pairs(b"date_of_birth=7&date_of_birth-month=3&date_of_birth-year=1985&full_name=Sam");
        let answers = sent_answers(Section::AboutYou.questions(), &form);
        assert_eq!(
            answers.get("date_of_birth"),
            Some(&vec!["1985-03-07".to_owned()])
        );
        assert_eq!(answers.get("full_name"), Some(&vec!["Sam".to_owned()]));
    }
}

#[derive(Template)]
#[template(path = "application/training.html")]
struct TrainingPage {
    shell: Shell,
    errors: FormErrors,
    done: bool,
    courses: Vec<Course>,
}

async fn training_page(
    state: &AppState,
    req: &HttpRequest,
    done: bool,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let courses = own_training(&state.ctx, &actor(req)).await?;
    let (shell, status) = Shell::for_form(state, req, Nav::Account, &errors);
    render(
        status,
        &TrainingPage {
            shell,
            errors,
            done,
            courses,
        },
    )
}

#[get("/application/training")]
pub async fn training(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let done = req.query_string() == "done=booked";
    training_page(&state, &req, done, FormErrors::default()).await
}

#[post("/application/training")]
pub async fn book(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let Ok(course) = value(&form, "course").parse() else {
        return Err(DomainError::NotFound.into());
    };
    let errors = match book_training(&state.ctx, &actor(&req), course).await {
        Ok(()) => return Ok(see_other("/application/training?done=booked").finish()),
        Err(DomainError::Conflict(message)) => FormErrors::one("", message),
        Err(error) => return Err(error.into()),
    };
    training_page(&state, &req, false, errors).await
}
