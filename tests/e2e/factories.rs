//! Test data, made through the domain's use cases as Hearth itself would.

use domain::accounts::{
    Actor, NewAccount, NewAdministrator, NewOrganisation, OrganisationKind, Role, create_account,
    create_administrator, create_organisation, load_actor,
};

use crate::harness::TestApp;

/// Every test person's password.
pub const PASSWORD: &str = "a long enough password";

/// An administrator of the national programme, `ada@example.org`.
pub async fn national_administrator(app: &TestApp) -> i32 {
    let input = NewAdministrator {
        email: "ada@example.org".into(),
        name: "Ada Lovelace".into(),
        password: PASSWORD.into(),
    };
    create_administrator(&app.ctx, &Actor::System, &input)
        .await
        .expect("created")
}

/// A Regional Care Cooperative over Hartlepool and Middlesbrough; needs the
/// reference data.
pub async fn rcc(app: &TestApp, name: &str) -> i32 {
    rcc_over(app, name, &["E06000001", "E06000002"]).await
}

/// A person with the password [`PASSWORD`] and these roles.
pub async fn staff(app: &TestApp, email: &str, roles: &[(i32, Role)]) -> i32 {
    account(app, email, Some(PASSWORD), roles).await
}

/// A member of the public: no password, no role.
pub async fn member_of_the_public(app: &TestApp, email: &str) -> i32 {
    account(app, email, None, &[]).await
}

async fn account(app: &TestApp, email: &str, password: Option<&str>, roles: &[(i32, Role)]) -> i32 {
    let input = NewAccount {
        email: email.into(),
        name: format!("Person {email}"),
        password: password.map(str::to_owned),
        roles: roles.to_vec(),
    };
    create_account(&app.ctx, &Actor::System, &input)
        .await
        .expect("created")
}

/// The actor a person signs in as.
pub async fn signed_in(app: &TestApp, person_id: i32) -> Actor {
    load_actor(&app.ctx, person_id).await.expect("signed in")
}

/// A Regional Care Cooperative over the authorities with these GSS codes.
pub async fn rcc_over(app: &TestApp, name: &str, codes: &[&str]) -> i32 {
    let input = NewOrganisation {
        kind: OrganisationKind::RegionalCareCooperative,
        name: name.into(),
        local_authorities: codes.iter().map(|c| (*c).to_owned()).collect(),
    };
    create_organisation(&app.ctx, &Actor::System, &input)
        .await
        .expect("set up")
}

/// An information event `organisation` publishes, starting in `days` days
/// for two hours: in person in Hartlepool, or online.
pub async fn information_event(
    app: &TestApp,
    officer: &Actor,
    organisation: i32,
    in_person: bool,
    capacity: i32,
    days: i64,
) -> i32 {
    use domain::recruitment::events::{EventFormat, NewEvent, publish_event};
    let starts = app.now() + chrono::TimeDelta::days(days);
    let input = NewEvent {
        organisation_id: organisation,
        purpose: domain::recruitment::events::EventPurpose::Information,
        title: format!(
            "Could you foster? ({})",
            if in_person { "Hartlepool" } else { "online" }
        ),
        description: "Meet foster carers and ask anything.".into(),
        format: Some(if in_person {
            EventFormat::InPerson
        } else {
            EventFormat::Online
        }),
        starts_at: Some(starts),
        ends_at: Some(starts + chrono::TimeDelta::hours(2)),
        venue: "Central Library, York Road, Hartlepool".into(),
        postcode: "TS26 9DE".into(),
        joining_link: "https://meet.example.org/abc".into(),
        capacity: Some(capacity),
    };
    publish_event(&app.ctx, officer, &input)
        .await
        .expect("published")
}

/// A household that enquired with `email` (in Hartlepool) ten days ago,
/// taken by `officer` of its organisation through a first call and a home
/// visit to an invitation to apply today; returns its id.
pub async fn invited_household(app: &TestApp, officer_id: i32, email: &str) -> i32 {
    use domain::recruitment::NewEnquiry;
    use domain::recruitment::interest::CallTime;
    use seed::builders::{Journey, Officer};
    let enquiry = NewEnquiry {
        name: "Sam Jones".into(),
        email: email.into(),
        phone: "07700 900 982".into(),
        postcode: "TS24 7AB".into(),
        best_time_to_call: Some(CallTime::Evening),
        consent_to_contact: true,
        ..NewEnquiry::default()
    };
    let actor = signed_in(app, officer_id).await;
    let officer = Officer {
        actor: &actor,
        id: officer_id,
    };
    Journey::to_invitation(&app.ctx, officer, &enquiry)
        .await
        .expect("invited to apply")
        .household_id
}

/// The moves recorded for one record of a small workflow, oldest first, as
/// (event, from, to).
pub async fn workflow_steps(
    app: &TestApp,
    workflow: &str,
    record_id: i32,
) -> Vec<(String, String, String)> {
    use domain::workflow::entity::{Column, Entity};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    Entity::find()
        .filter(Column::Workflow.eq(workflow))
        .filter(Column::RecordId.eq(record_id))
        .order_by_asc(Column::Id)
        .all(&app.ctx.db)
        .await
        .expect("the history")
        .into_iter()
        .map(|step| (step.event, step.from_state, step.to_state))
        .collect()
}

/// Time passes until an hour after the event (or course) began.
pub async fn until_the_event_has_begun(app: &TestApp, event_id: i32) {
    use domain::recruitment::entities::information_event;
    use sea_orm::EntityTrait;
    let event = information_event::Entity::find_by_id(event_id)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the event");
    app.advance_to(event.starts_at + chrono::TimeDelta::hours(1));
}
