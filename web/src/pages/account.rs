//! `/account`: who is signed in and the roles they hold; what `viewer`
//! gives through GraphQL.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::accounts::{InvitationToAnswer, Profile, my_invitations, profile, set_work_phone};
use domain::applications::form::{ExpectedStep, expected_dates};
use domain::applications::joint::{JointInvitation, joint_invitations};
use domain::policy::{Permission, token_roles};
use domain::recruitment::funnel::State;
use domain::recruitment::{OwnEnquiry, own_enquiries};

use super::forms::{FormErrors, pairs, see_other, value};
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
    errors: FormErrors,
    /// The work telephone form's value: as typed, or as saved.
    work_phone: String,
    /// Registered as a kinship carer: their groups are a link away.
    kinship_carer: bool,
    /// Their peer supporters; whether they wait for one; whether they may
    /// ask.
    supporters: Vec<domain::peer_support::MySupporter>,
    waiting_for_supporter: bool,
    may_ask_for_supporter: bool,
}

impl AccountPage {
    fn ways(&self, supporter: &domain::peer_support::MySupporter) -> String {
        supporter
            .ways
            .iter()
            .map(|w| w.label().to_lowercase())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn when(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        domain::recruitment::london_display(*at)
    }

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
    let query = pairs(req.query_string().as_bytes());
    let done = match value(&query, "done") {
        "accepted" => Some("Invitation accepted: the role is yours"),
        "declined" => Some("Invitation declined: nothing has changed"),
        "work-phone" => Some("Work telephone number saved"),
        "peer-support" => Some(
            "You have asked for a peer supporter: the coordinator will match you and let you know",
        ),
        _ => None,
    };
    page(&state, &req, done, (FormErrors::default(), None)).await
}

/// Staff give the work telephone number their households see.
#[post("/account/work-phone")]
pub async fn save_work_phone(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let typed = value(&form, "work_phone").to_owned();
    match set_work_phone(&state.ctx, &actor(&req), &typed).await {
        Ok(()) => Ok(see_other("/account?done=work-phone").finish()),
        Err(error) => {
            let errors = FormErrors::from_domain(error)?;
            page(&state, &req, None, (errors, Some(typed))).await
        }
    }
}

/// The account page, with a message or the telephone form's errors and
/// what was typed in it.
async fn page(
    state: &AppState,
    req: &HttpRequest,
    done: Option<&'static str>,
    (errors, typed_phone): (FormErrors, Option<String>),
) -> Result<HttpResponse, PageError> {
    let actor = actor(req);
    let profile = profile(&state.ctx, &actor)
        .await?
        .ok_or(DomainError::Unauthenticated)?;
    let enquiries = own_enquiries(&state.ctx, &actor).await?;
    let expected = expected_dates(&state.ctx, &actor).await?;
    let invitations = joint_invitations(&state.ctx, &actor).await?;
    let staff_invitations = my_invitations(&state.ctx, &actor).await?;
    let kinship_carer = domain::kinship::my_registration(&state.ctx, &actor)
        .await?
        .is_some();
    let (supporters, waiting_for_supporter) =
        domain::peer_support::my_supporters(&state.ctx, &actor).await?;
    let may_ask_for_supporter = domain::peer_support::may_ask(&state.ctx, &actor).await?;
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
        .map(|(organisation, role)| {
            format!("{}, {}", role.label().to_lowercase(), organisation.name)
        })
        .collect();
    let (shell, status) = Shell::for_form(state, req, Section::Account, &errors);
    let page = AccountPage {
        work_phone: typed_phone.unwrap_or_else(|| profile.work_phone.clone().unwrap_or_default()),
        errors,
        places: landing_places(&actor),
        idle_roles,
        token_organisations,
        shell,
        profile,
        enquiries,
        expected,
        invitations,
        staff_invitations,
        done,
        kinship_carer,
        supporters,
        waiting_for_supporter,
        may_ask_for_supporter,
    };
    render(status, &page)
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config.service(account_page).service(save_work_phone);
}
