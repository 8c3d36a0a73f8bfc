//! `/account`: who is signed in and the roles they hold; what `viewer`
//! gives through GraphQL.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::DomainError;
use domain::accounts::{InvitationToAnswer, Profile, my_invitations, profile};
use domain::applications::form::{ExpectedStep, expected_dates};
use domain::applications::joint::{JointInvitation, joint_invitations};
use domain::policy::{Permission, token_roles};
use domain::recruitment::funnel::State;
use domain::recruitment::{OwnEnquiry, own_enquiries};

use super::forms::{pairs, value};
use super::places::{Place, landing_places};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    shell: Shell,
    profile: Profile,
    enquiries: Vec<OwnEnquiry>,
    /// After the application: when each step is expected.
    expected: Vec<ExpectedStep>,
    invitations: Vec<JointInvitation>,
    /// Invitations to a role, waiting for an answer.
    staff_invitations: Vec<InvitationToAnswer>,
    done: Option<&'static str>,
    /// The organisations whose API tokens the person may make: id, name.
    token_organisations: Vec<(i32, String)>,
    /// Where the person's roles let them work, from the registry.
    places: Vec<&'static Place>,
    /// Roles that give nothing to do in Hearth yet, as "role, organisation".
    idle_roles: Vec<String>,
}

impl AccountPage {
    fn stage(&self, enquiry: &OwnEnquiry) -> String {
        super::enquiries::state_label(&enquiry.state)
    }

    /// Invited to apply, or applied: the application is theirs to open.
    fn applying(&self, enquiry: &OwnEnquiry) -> bool {
        matches!(enquiry.state, State::Open(stage) if stage.invited_to_apply())
    }
}

#[get("/account")]
pub async fn account_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    let profile = profile(&state.ctx, &actor)
        .await?
        .ok_or(DomainError::Unauthenticated)?;
    let enquiries = own_enquiries(&state.ctx, &actor).await?;
    let expected = expected_dates(&state.ctx, &actor).await?;
    let invitations = joint_invitations(&state.ctx, &actor).await?;
    let staff_invitations = my_invitations(&state.ctx, &actor).await?;
    let query = pairs(req.query_string().as_bytes());
    let mut token_organisations: Vec<(i32, String)> = Vec::new();
    for (organisation, _) in &profile.roles {
        let makes = !token_roles(&actor, organisation.id, organisation.kind).is_empty();
        if makes
            && !token_organisations
                .iter()
                .any(|(id, _)| *id == organisation.id)
        {
            token_organisations.push((organisation.id, organisation.name.clone()));
        }
    }
    let idle_roles = profile
        .roles
        .iter()
        .filter(|(organisation, role)| {
            !Permission::ALL
                .iter()
                .any(|permission| permission.held_by(*role, organisation.kind))
        })
        .map(|(organisation, role)| format!("{}, {}", role.label(), organisation.name))
        .collect();
    let page = AccountPage {
        places: landing_places(&actor),
        idle_roles,
        token_organisations,
        shell: Shell::new(&state, &req, Section::Account),
        profile,
        enquiries,
        expected,
        invitations,
        staff_invitations,
        done: match value(&query, "done") {
            "accepted" => Some("Invitation accepted: the role is yours"),
            "declined" => Some("Invitation declined: nothing has changed"),
            _ => None,
        },
    };
    render(StatusCode::OK, &page)
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config.service(account_page);
}
