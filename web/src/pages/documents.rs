//! Documents: the applicant's page to send documents with their
//! application, staff's page of a household's documents, and the download
//! of one (for pages and API tokens alike). Uploads are multipart forms,
//! read up to the size limit.

use actix_multipart::Multipart;
use actix_web::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, ContentDisposition, DispositionParam, DispositionType,
};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::applications::documents::{
    AttachedTo, DocumentEntry, MAX_BYTES, Upload, attachable, household_documents, open_document,
    own_documents, upload_document,
};
use domain::applications::form::own_application;
use domain::{Actor, DomainError};
use futures_util::StreamExt;

use super::forms::{FormErrors, Pick, pairs, see_other, value};
use super::pagination::{page_links, page_request};
use super::{PageError, Section, Shell, actor, household_back, render};
use crate::server::AppState;

/// The most a whole upload form may send before Hearth stops listening.
const MAX_FORM_BYTES: usize = MAX_BYTES + 64 * 1024;

/// A multipart form: its text fields, and its file's name and bytes (cut
/// one byte past the limit, so a file too large is still known as one).
pub(super) struct SentForm {
    pub(super) fields: Vec<(String, String)>,
    pub(super) file: Option<(String, Vec<u8>)>,
}

pub(super) async fn read_form(mut payload: Multipart) -> Result<SentForm, DomainError> {
    let mut sent = SentForm {
        fields: Vec::new(),
        file: None,
    };
    let mut total = 0;
    while let Some(field) = payload.next().await {
        let mut field = field
            .map_err(|_| DomainError::invalid("file", "The upload was interrupted: try again"))?;
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(str::to_owned);
        let keep = if file_name.is_some() {
            MAX_BYTES + 1
        } else {
            4 * 1024
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| {
                DomainError::invalid("file", "The upload was interrupted: try again")
            })?;
            total += chunk.len();
            if total > MAX_FORM_BYTES {
                return Err(DomainError::invalid(
                    "file",
                    "The file must be smaller than 10 MB",
                ));
            }
            let room = keep.saturating_sub(bytes.len());
            bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
        match file_name {
            Some(file_name) if name == "file" => sent.file = Some((file_name, bytes)),
            _ => sent
                .fields
                .push((name, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
    Ok(sent)
}

#[derive(Template)]
#[template(path = "documents.html")]
struct DocumentsPage {
    shell: Shell,
    errors: FormErrors,
    done: bool,
    /// Where the form posts, and where "Back" goes.
    action: String,
    back: Option<(String, &'static str)>,
    heading: String,
    documents: Vec<DocumentEntry>,
    choices: Vec<Pick>,
    /// A household's documents are paged, newest first.
    previous_href: Option<String>,
    next_href: Option<String>,
}

impl DocumentsPage {
    fn size(&self, document: &DocumentEntry) -> String {
        let kb = (document.size + 1023) / 1024;
        if kb >= 1024 {
            format!("{}.{} MB", kb / 1024, (kb % 1024) * 10 / 1024)
        } else {
            format!("{kb} KB")
        }
    }
}

fn picks_of(choices: Vec<(AttachedTo, String)>, chosen: &str) -> Vec<Pick> {
    choices
        .into_iter()
        .map(|(attached, label)| {
            let value = attached.stored();
            Pick {
                selected: value == chosen,
                value,
                label,
            }
        })
        .collect()
}

async fn own_page(
    state: &AppState,
    req: &HttpRequest,
    done: bool,
    (errors, chosen): (FormErrors, String),
) -> Result<HttpResponse, PageError> {
    let actor = actor(req);
    let application = own_application(&state.ctx, &actor).await?;
    let documents = own_documents(&state.ctx, &actor).await?;
    let (shell, status) = Shell::for_form(state, req, Section::Account, &errors);
    let choices = application
        .sections
        .iter()
        .map(|(s, _)| (AttachedTo::Section(*s), s.label().to_owned()))
        .collect();
    let page = DocumentsPage {
        shell,
        errors,
        done,
        action: "/application/documents".to_owned(),
        back: Some(("/application".to_owned(), "Back to your application")),
        heading: "Your documents".to_owned(),
        documents,
        choices: picks_of(choices, &chosen),
        previous_href: None,
        next_href: None,
    };
    render(status, &page)
}

#[get("/application/documents")]
pub async fn own_documents_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let done = req.query_string() == "done=uploaded";
    own_page(&state, &req, done, Default::default()).await
}

/// What became of an upload.
enum Uploaded {
    Saved,
    /// What was wrong, and what the form had chosen.
    Failed(FormErrors, String),
}

/// Uploads what the form sent for `household_id` (`None`: the applicant's
/// own), or says what was wrong with it.
async fn upload(
    state: &AppState,
    req: &HttpRequest,
    household_id: Option<i32>,
    payload: Multipart,
) -> Result<Uploaded, PageError> {
    // Nobody signed out is listened to for 10 MB.
    if matches!(actor(req), Actor::Anonymous) {
        return Err(DomainError::Unauthenticated.into());
    }
    let sent = match read_form(payload).await {
        Ok(sent) => sent,
        Err(error) => {
            return Ok(Uploaded::Failed(
                FormErrors::from_domain(error)?,
                String::new(),
            ));
        }
    };
    let chosen = value(&sent.fields, "attached_to").to_owned();
    let (file_name, bytes) = sent.file.unwrap_or_default();
    let upload = Upload {
        attached_to: AttachedTo::parse(&chosen),
        file_name: &file_name,
        bytes: &bytes,
    };
    match upload_document(
        &state.ctx,
        &state.documents,
        &actor(req),
        household_id,
        &upload,
    )
    .await
    {
        Ok(_) => Ok(Uploaded::Saved),
        Err(error) => Ok(Uploaded::Failed(FormErrors::from_refusal(error)?, chosen)),
    }
}

#[post("/application/documents")]
pub async fn upload_own(
    req: HttpRequest,
    state: web::Data<AppState>,
    payload: Multipart,
) -> Result<HttpResponse, PageError> {
    match upload(&state, &req, None, payload).await? {
        Uploaded::Saved => Ok(see_other("/application/documents?done=uploaded").finish()),
        Uploaded::Failed(errors, chosen) => own_page(&state, &req, false, (errors, chosen)).await,
    }
}

async fn household_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    done: bool,
    (errors, chosen): (FormErrors, String),
) -> Result<HttpResponse, PageError> {
    let actor = actor(req);
    let query = pairs(req.query_string().as_bytes());
    let listed = household_documents(&state.ctx, &actor, id, &page_request(&query)).await?;
    let (previous_href, next_href) =
        page_links(&listed, &format!("/enquiries/{id}/documents"), &query);
    let documents = listed.items.into_iter().map(|(_, d)| d).collect();
    let choices = attachable(&state.ctx, &actor, id).await?;
    let (shell, status) = Shell::for_form(state, req, Section::Work, &errors);
    let page = DocumentsPage {
        shell,
        errors,
        done,
        action: format!("/enquiries/{id}/documents"),
        back: household_back(state, req, id).await?,
        heading: "Documents".to_owned(),
        documents,
        choices: picks_of(choices, &chosen),
        previous_href,
        next_href,
    };
    render(status, &page)
}

#[get("/enquiries/{id}/documents")]
pub async fn household_documents_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let done = value(&pairs(req.query_string().as_bytes()), "done") == "uploaded";
    household_page(&state, &req, *id, done, Default::default()).await
}

#[post("/enquiries/{id}/documents")]
pub async fn upload_for_household(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    payload: Multipart,
) -> Result<HttpResponse, PageError> {
    match upload(&state, &req, Some(*id), payload).await? {
        Uploaded::Saved => {
            Ok(see_other(&format!("/enquiries/{id}/documents?done=uploaded")).finish())
        }
        Uploaded::Failed(errors, chosen) => {
            household_page(&state, &req, *id, false, (errors, chosen)).await
        }
    }
}

/// The file, to save rather than open in the page: its type as Hearth
/// found it, its name in plain letters.
#[get("/documents/{id}")]
pub async fn download(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let (entry, bytes) = open_document(&state.ctx, &state.documents, &actor(&req), *id).await?;
    let ascii: String = entry
        .download_name()
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(ascii)],
    };
    Ok(HttpResponse::Ok()
        .content_type(entry.content_type)
        .insert_header((CONTENT_DISPOSITION, disposition))
        .insert_header((CACHE_CONTROL, "no-store"))
        .body(bytes))
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(own_documents_page)
        .service(upload_own)
        .service(household_documents_page)
        .service(upload_for_household)
        .service(download);
}
