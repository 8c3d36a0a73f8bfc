//! `/admin/organisations/{id}/carer-import`: an administrator brings the
//! service's carer households and the children living with them from a
//! CSV file, checking it first. The same use case as `hearth import
//! carers`.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::carers::{COLUMNS, ImportReport, ImportRun, import_carers};
use domain::policy::Permission;

use super::super::documents::read_form;
use super::super::forms::{FormErrors, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

/// The most rows the page imports: while an import runs it holds the one
/// writer, so a larger file goes to `hearth import carers`.
const PAGE_ROWS: usize = 2_000;

#[derive(Template)]
#[template(path = "admin/carer_import.html")]
struct ImportPage {
    shell: Shell,
    errors: FormErrors,
    organisation_id: i32,
    columns: &'static [&'static str],
    most_rows: usize,
    report: Option<ImportReport>,
}

fn import_page(
    state: &AppState,
    req: &HttpRequest,
    organisation_id: i32,
    errors: FormErrors,
    report: Option<ImportReport>,
) -> Result<HttpResponse, PageError> {
    let (shell, status) = Shell::for_form(state, req, Section::Admin, &errors);
    render(
        status,
        &ImportPage {
            shell,
            errors,
            organisation_id,
            columns: COLUMNS,
            most_rows: PAGE_ROWS,
            report,
        },
    )
}

#[get("/admin/organisations/{id}/carer-import")]
pub async fn form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    actor(&req).require(Permission::AdministerOrganisation, *id)?;
    import_page(&state, &req, *id, FormErrors::default(), None)
}

#[post("/admin/organisations/{id}/carer-import")]
pub async fn upload(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    payload: Multipart,
) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    // Nobody else is listened to for 10 MB.
    actor.require(Permission::AdministerOrganisation, *id)?;
    let sent = match read_form(payload).await {
        Ok(sent) => sent,
        Err(error) => return import_page(&state, &req, *id, FormErrors::from_domain(error)?, None),
    };
    let Some((_, bytes)) = sent.file.filter(|(_, bytes)| !bytes.is_empty()) else {
        let errors = FormErrors::one("file", "Choose the CSV file of your carer households");
        return import_page(&state, &req, *id, errors, None);
    };
    let run = ImportRun {
        dry_run: value(&sent.fields, "action") != "import",
        most_rows: PAGE_ROWS,
    };
    let report = import_carers(&state.ctx, &actor, *id, &bytes, run, &|_, _| {}).await;
    match report {
        Ok(report) if report.problems.is_empty() => {
            import_page(&state, &req, *id, FormErrors::default(), Some(report))
        }
        Ok(report) => {
            let errors = FormErrors::one(
                "file",
                format!(
                    "The file has {} problems, listed below: nothing was imported",
                    report.problems.len()
                ),
            );
            import_page(&state, &req, *id, errors, Some(report))
        }
        Err(error @ DomainError::InvalidInput(_)) => {
            import_page(&state, &req, *id, FormErrors::from_domain(error)?, None)
        }
        Err(error) => Err(error.into()),
    }
}
