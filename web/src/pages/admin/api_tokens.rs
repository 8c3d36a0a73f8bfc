//! An organisation's API tokens: make one (its secret shown once), revoke one.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::accounts::{
    ApiToken, OrganisationDetails, Role, create_api_token, list_api_tokens, organisation_details,
    revoke_api_token,
};
use domain::policy::{Permission, token_roles};
use serde::Deserialize;

use super::{Done, RoleOption, options};
use crate::pages::forms::{FormErrors, see_other};
use crate::pages::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "admin/api_tokens.html")]
struct TokensPage {
    shell: Shell,
    done: Option<&'static str>,
    errors: FormErrors,
    details: OrganisationDetails,
    tokens: Vec<ApiToken>,
    /// The roles the reader may make tokens for: those they hold here.
    roles: Vec<RoleOption>,
    /// The reader administers the organisation (and may go back to it).
    administrator: bool,
    name: String,
    /// The secret of the token just made: shown on this page only.
    secret: Option<String>,
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
}

struct Shown {
    done: Option<&'static str>,
    errors: FormErrors,
    form: Option<TokenForm>,
    secret: Option<String>,
}

async fn tokens_page(
    state: &AppState,
    req: &HttpRequest,
    organisation_id: i32,
    shown: Shown,
) -> Result<HttpResponse, PageError> {
    let actor = actor(req);
    let tokens = list_api_tokens(&state.ctx, &actor, organisation_id).await?;
    let details = organisation_details(&state.ctx, organisation_id).await?;
    let mut roles =
        options(token_roles(&actor, organisation_id, details.organisation.kind).into_iter());
    for option in &mut roles {
        option.selected = shown.form.as_ref().is_some_and(|f| f.role == option.value);
    }
    let (shell, status) = Shell::for_form(state, req, Section::Admin, &shown.errors);
    let page = TokensPage {
        shell,
        done: shown.done,
        errors: shown.errors,
        details,
        tokens,
        roles,
        administrator: actor
            .require(Permission::AdministerOrganisation, organisation_id)
            .is_ok(),
        name: shown
            .form
            .map(|f| f.name.trim().to_owned())
            .unwrap_or_default(),
        secret: shown.secret,
    };
    render(status, &page)
}

#[get("/admin/organisations/{id}/api-tokens")]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    done: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let shown = Shown {
        done: done.message(),
        errors: FormErrors::default(),
        form: None,
        secret: None,
    };
    tokens_page(&state, &req, *id, shown).await
}

#[post("/admin/organisations/{id}/api-tokens")]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: web::Form<TokenForm>,
) -> Result<HttpResponse, PageError> {
    let role = Role::parse(&form.role);
    let result = create_api_token(&state.ctx, &actor(&req), *id, &form.name, role).await;
    // The secret is on this answer only: no redirect, nothing kept.
    let shown = match result {
        Ok(made) => Shown {
            done: None,
            errors: FormErrors::default(),
            form: None,
            secret: Some(made.secret),
        },
        Err(error) => Shown {
            done: None,
            errors: FormErrors::from_domain(error)?,
            form: Some(form.into_inner()),
            secret: None,
        },
    };
    tokens_page(&state, &req, *id, shown).await
}

#[post("/admin/organisations/{id}/api-tokens/{token}/revoke")]
pub async fn revoke(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
) -> Result<HttpResponse, PageError> {
    let revoked = revoke_api_token(&state.ctx, &actor(&req), ids.1).await?;
    let at = revoked.organisation_id;
    Ok(see_other(&format!(
        "/admin/organisations/{at}/api-tokens?done=revoked"
    ))
    .finish())
}
