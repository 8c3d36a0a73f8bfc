//! Documents: certificates, the assessment report, panel papers and
//! whatever an applicant sends with their application. PDFs and images
//! only, up to 10 MB, their kind read from their own bytes. The files live
//! in a folder of their own under the data directory, named at random; who
//! may read each is decided here, and every read by staff is in the access
//! log.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, Condition, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use super::entities::{application, document, stage_one_check};
use super::form::applicants_household;
use super::sections::Section;
use super::stage_one::CheckKind;
use crate::accounts::entities::person;
use crate::audit::{Subject, record_access};
use crate::pagination::{
    Cursor, Page, PageRequest, count_up_to_cap, fetch_window_by_moment, moment_key,
};
use crate::policy::{Permission, household_for};
use crate::recruitment::entities::household;
use crate::{Actor, Ctx, DomainError};

/// The largest document: a scanned certificate or a report fits well.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The kinds of file accepted, by what their bytes say they are.
const ACCEPTED: &[&str] = &["application/pdf", "image/png", "image/jpeg"];

/// What a document belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttachedTo {
    /// A section of the application.
    Section(Section),
    /// A Stage 1 check (a DBS certificate, a medical report).
    Check(i32),
    /// The assessment report (Form F).
    Assessment,
    /// The papers for the fostering panel.
    Panel,
}

impl AttachedTo {
    pub fn stored(self) -> String {
        match self {
            Self::Section(section) => format!("section:{}", section.as_str()),
            Self::Check(id) => format!("check:{id}"),
            Self::Assessment => "assessment".to_owned(),
            Self::Panel => "panel".to_owned(),
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.split_once(':') {
            Some(("section", name)) => Section::parse(name).map(Self::Section),
            Some(("check", id)) => id.parse().ok().map(Self::Check),
            None if text == "assessment" => Some(Self::Assessment),
            None if text == "panel" => Some(Self::Panel),
            _ => None,
        }
    }

    /// As read back from a document's row.
    pub fn from_stored(text: &str) -> Result<Self, DomainError> {
        Self::parse(text).ok_or_else(|| DomainError::unknown_stored("AttachedTo", text))
    }
}

/// Where documents' files are kept.
#[derive(Clone, Debug)]
pub struct DocumentStore {
    root: PathBuf,
}

impl DocumentStore {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path(&self, stored_as: &str) -> PathBuf {
        self.root.join(stored_as)
    }

    /// Writes the file whole, then gives it its name: a file is there
    /// complete or not at all.
    async fn write(&self, stored_as: &str, bytes: &[u8]) -> Result<(), DomainError> {
        let io = |e: std::io::Error| DomainError::Internal(Box::new(e));
        self.make_private().await.map_err(io)?;
        let partial = self.root.join(format!("{stored_as}.partial"));
        let written = match write_private(&partial, bytes).await {
            Ok(()) => tokio::fs::rename(&partial, self.path(stored_as)).await,
            Err(error) => Err(error),
        };
        if written.is_err() {
            // Nothing half written is left behind.
            let _ = tokio::fs::remove_file(&partial).await;
        }
        written.map_err(io)
    }

    /// The folder, made if need be, readable by this account alone: the
    /// files are health reports and criminal records checks.
    async fn make_private(&self) -> std::io::Result<()> {
        tokio::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&self.root)
            .await?;
        // A folder made before this rule, or by hand, is made private too.
        tokio::fs::set_permissions(&self.root, std::fs::Permissions::from_mode(0o700)).await
    }

    async fn read(&self, stored_as: &str) -> Result<Vec<u8>, DomainError> {
        tokio::fs::read(self.path(stored_as))
            .await
            .map_err(|e| DomainError::Internal(Box::new(e)))
    }
}

/// Writes `bytes` to a new file only this account may read.
async fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let mut file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .await?;
    file.write_all(bytes).await?;
    file.sync_all().await
}

/// A document as a list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentEntry {
    pub id: i32,
    pub household_id: i32,
    pub attached_to: AttachedTo,
    /// What it is attached to, as people read it.
    pub attached_label: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_by: Option<String>,
    pub by_household: bool,
    pub uploaded_at: DateTime<Utc>,
}

impl DocumentEntry {
    /// The name to save the file as: its own, with the extension of the
    /// kind its bytes were found to be in place of whatever it came with,
    /// so it opens as what it is (`dbs.exe` that is a PDF saves as
    /// `dbs.pdf`).
    pub fn download_name(&self) -> String {
        let extension = match self.content_type.as_str() {
            "application/pdf" => "pdf",
            "image/jpeg" => "jpg",
            "image/png" => "png",
            _ => return self.file_name.clone(),
        };
        let stem = match self.file_name.rsplit_once('.') {
            // Only a short run of letters and digits after the last dot is
            // an extension; "Mr. Smith" keeps its dot.
            Some((stem, ext))
                if !stem.is_empty()
                    && (1..=5).contains(&ext.len())
                    && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
            {
                stem
            }
            _ => self.file_name.as_str(),
        };
        format!("{stem}.{extension}")
    }
}

/// A file to upload, as it came.
pub struct Upload<'a> {
    pub attached_to: Option<AttachedTo>,
    pub file_name: &'a str,
    pub bytes: &'a [u8],
}

/// The name to keep: the last part of what was sent, printable, at most
/// 200 characters.
fn clean_name(sent: &str) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = last
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    let name = name.trim();
    if name.is_empty() {
        "document".to_owned()
    } else {
        name.to_owned()
    }
}

/// The file's kind from its own bytes, if it is one Hearth takes.
fn accepted_kind(bytes: &[u8]) -> Result<&'static str, DomainError> {
    if bytes.is_empty() {
        return Err(DomainError::invalid("file", "Select a file to upload"));
    }
    if bytes.len() > MAX_BYTES {
        return Err(DomainError::invalid(
            "file",
            "The file must be smaller than 10 MB",
        ));
    }
    infer::get(bytes)
        .map(|kind| kind.mime_type())
        .filter(|mime| ACCEPTED.contains(mime))
        .ok_or_else(|| DomainError::invalid("file", "The file must be a PDF, JPG or PNG"))
}

/// What decides which of a household's documents staff see, read once
/// for the whole list.
struct StaffSight {
    /// The application is sent: the household's own uploads are no longer
    /// a draft.
    sent: bool,
    /// The household's medical checks: documents on them are about health.
    medical_checks: Vec<i32>,
    reads_health: bool,
}

impl StaffSight {
    async fn of(
        ctx: &Ctx,
        actor: &Actor,
        household: &household::Model,
    ) -> Result<Self, DomainError> {
        let sent = application::Entity::find()
            .filter(application::Column::HouseholdId.eq(household.id))
            .one(&ctx.db)
            .await?
            .is_some_and(|a| a.submitted_at.is_some());
        let medical_checks = stage_one_check::Entity::find()
            .filter(stage_one_check::Column::HouseholdId.eq(household.id))
            .filter(stage_one_check::Column::Kind.eq(CheckKind::Medical.as_str()))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        Ok(Self {
            sent,
            medical_checks,
            reads_health: actor.may(Permission::ReadHealthAnswers, household.organisation_id),
        })
    }

    /// Whether a document's subject is health: a medical check, or the
    /// health section. Only the roles that read health read it.
    fn about_health(&self, attached: AttachedTo) -> bool {
        match attached {
            AttachedTo::Section(section) => section.special_category(),
            AttachedTo::Check(id) => self.medical_checks.contains(&id),
            AttachedTo::Assessment | AttachedTo::Panel => false,
        }
    }

    /// The same as [`Self::may_see`], for the database to filter by.
    fn condition(&self) -> Condition {
        let mut seen = Condition::all();
        if !self.sent {
            seen = seen.add(document::Column::ByHousehold.eq(false));
        }
        if !self.reads_health {
            let about_health: Vec<String> = Section::ALL
                .iter()
                .filter(|section| section.special_category())
                .map(|section| AttachedTo::Section(*section).stored())
                .chain(
                    self.medical_checks
                        .iter()
                        .map(|id| AttachedTo::Check(*id).stored()),
                )
                .collect();
            seen = seen.add(document::Column::AttachedTo.is_not_in(about_health));
        }
        seen
    }

    /// What the household uploaded only once its application is sent (a
    /// draft is the applicant's own); what is about health only with a
    /// role that reads health.
    fn may_see(&self, document: &document::Model) -> Result<bool, DomainError> {
        let attached = AttachedTo::from_stored(&document.attached_to)?;
        Ok((self.sent || !document.by_household)
            && (self.reads_health || !self.about_health(attached)))
    }
}

/// Uploads a document. The applicant uploads to a section of their own
/// application (`household_id` is theirs, or `None`); staff of the
/// household's organisation to anything of it.
pub async fn upload_document(
    ctx: &Ctx,
    store: &DocumentStore,
    actor: &Actor,
    household_id: Option<i32>,
    upload: &Upload<'_>,
) -> Result<i32, DomainError> {
    let (row, by_household) = match household_id {
        Some(id) => match household_for(ctx, actor, id, Permission::ReadApplication).await {
            Ok(row) => (row, false),
            Err(DomainError::NotFound) => own(ctx, actor, id).await?,
            Err(other) => return Err(other),
        },
        None => (applicants_household(ctx, actor).await?, true),
    };
    let Some(attached) = upload.attached_to else {
        return Err(DomainError::invalid(
            "attached_to",
            "Select what the document is for",
        ));
    };
    match attached {
        AttachedTo::Section(_) => {}
        _ if by_household => {
            return Err(DomainError::invalid(
                "attached_to",
                "Select the part of your application the document is for",
            ));
        }
        AttachedTo::Check(id) => {
            let belongs = stage_one_check::Entity::find_by_id(id)
                .one(&ctx.db)
                .await?
                .is_some_and(|c| c.household_id == row.id);
            if !belongs {
                return Err(DomainError::invalid(
                    "attached_to",
                    "Select one of this household's checks",
                ));
            }
        }
        AttachedTo::Assessment | AttachedTo::Panel => {}
    }
    let sight = StaffSight::of(ctx, actor, &row).await?;
    if !by_household && sight.about_health(attached) && !sight.reads_health {
        return Err(DomainError::Forbidden);
    }
    let content_type = accepted_kind(upload.bytes)?;
    let stored_as = Uuid::new_v4().simple().to_string();
    store.write(&stored_as, upload.bytes).await?;
    let saved = document::ActiveModel {
        id: NotSet,
        household_id: Set(row.id),
        attached_to: Set(attached.stored()),
        file_name: Set(clean_name(upload.file_name)),
        content_type: Set(content_type.to_owned()),
        size: Set(i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX)),
        stored_as: Set(stored_as.clone()),
        uploaded_by_id: Set(actor.person_id()),
        by_household: Set(by_household),
        uploaded_at: Set(ctx.clock.now()),
    }
    .insert(&ctx.db)
    .await;
    match saved {
        Ok(row) => Ok(row.id),
        Err(error) => {
            // No row, so no one could ever read it: the file goes too.
            let _ = tokio::fs::remove_file(store.path(&stored_as)).await;
            Err(error.into())
        }
    }
}

/// Whoever may not see a document is told it is not there, a token with
/// the wrong role as much as a person: ids confirm nothing.
fn not_there(error: DomainError) -> DomainError {
    match error {
        DomainError::Forbidden => DomainError::NotFound,
        other => other,
    }
}

/// The applicant's own household `id`, if it is theirs.
async fn own(ctx: &Ctx, actor: &Actor, id: i32) -> Result<(household::Model, bool), DomainError> {
    let row = applicants_household(ctx, actor).await?;
    if row.id == id {
        Ok((row, true))
    } else {
        Err(DomainError::NotFound)
    }
}

/// A check as a document's subject: "DBS check: Sam Jones".
fn check_label(check: &stage_one_check::Model) -> Result<String, DomainError> {
    let kind = CheckKind::from_stored(&check.kind)?.label();
    Ok(format!("{kind}: {}", check.person))
}

async fn entries(ctx: &Ctx, rows: Vec<document::Model>) -> Result<Vec<DocumentEntry>, DomainError> {
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(rows.iter().filter_map(|d| d.uploaded_by_id)))
        .all(&ctx.db)
        .await?;
    let checks = stage_one_check::Entity::find()
        .filter(stage_one_check::Column::HouseholdId.is_in(rows.iter().map(|d| d.household_id)))
        .all(&ctx.db)
        .await?;
    rows.into_iter()
        .map(|d| {
            let attached_to = AttachedTo::from_stored(&d.attached_to)?;
            let attached_label = match attached_to {
                AttachedTo::Section(section) => section.label().to_owned(),
                AttachedTo::Check(id) => match checks.iter().find(|c| c.id == id) {
                    Some(check) => check_label(check)?,
                    None => "A check".to_owned(),
                },
                AttachedTo::Assessment => "The assessment report".to_owned(),
                AttachedTo::Panel => "Panel papers".to_owned(),
            };
            Ok(DocumentEntry {
                id: d.id,
                household_id: d.household_id,
                attached_to,
                attached_label,
                uploaded_by: people
                    .iter()
                    .find(|p| Some(p.id) == d.uploaded_by_id)
                    .map(|p| p.name.clone()),
                file_name: d.file_name,
                content_type: d.content_type,
                size: d.size,
                by_household: d.by_household,
                uploaded_at: d.uploaded_at,
            })
        })
        .collect()
}

/// What staff may attach a household's document to, as (what, label):
/// its application's sections, its checks, the assessment report and the
/// panel papers.
pub async fn attachable(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
) -> Result<Vec<(AttachedTo, String)>, DomainError> {
    let row = household_for(ctx, actor, household_id, Permission::ReadApplication).await?;
    let mut choices: Vec<(AttachedTo, String)> = Section::ALL
        .iter()
        .map(|s| (AttachedTo::Section(*s), s.label().to_owned()))
        .collect();
    let checks = stage_one_check::Entity::find()
        .filter(stage_one_check::Column::HouseholdId.eq(row.id))
        .order_by_asc(stage_one_check::Column::Id)
        .all(&ctx.db)
        .await?;
    for check in checks {
        choices.push((AttachedTo::Check(check.id), check_label(&check)?));
    }
    choices.push((AttachedTo::Assessment, "The assessment report".to_owned()));
    choices.push((AttachedTo::Panel, "Panel papers".to_owned()));
    Ok(choices)
}

/// The household's documents, for its organisation's staff: those about
/// health only for the roles that read health. The read is logged.
pub async fn household_documents(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
    page: &PageRequest,
) -> Result<Page<DocumentEntry>, DomainError> {
    let row = household_for(ctx, actor, household_id, Permission::ReadApplication).await?;
    record_access(
        ctx,
        actor,
        row.organisation_id,
        Subject::Documents,
        Some(row.id),
    )
    .await?;
    let sight = StaffSight::of(ctx, actor, &row).await?;
    let query = document::Entity::find()
        .filter(document::Column::HouseholdId.eq(row.id))
        .filter(sight.condition());
    let total_count = count_up_to_cap(&ctx.db, query.clone()).await?;
    let mut cursor = query.cursor_by((document::Column::UploadedAt, document::Column::Id));
    cursor.desc();
    let (rows, has_more) = fetch_window_by_moment(&ctx.db, cursor, page).await?;
    let items = entries(ctx, rows)
        .await?
        .into_iter()
        .map(|entry| {
            let cursor = Cursor {
                key: moment_key(entry.uploaded_at),
                id: entry.id,
            };
            (cursor, entry)
        })
        .collect();
    Ok(Page::new(items, has_more, page, total_count))
}

async fn household_rows(ctx: &Ctx, household_id: i32) -> Result<Vec<document::Model>, DomainError> {
    Ok(document::Entity::find()
        .filter(document::Column::HouseholdId.eq(household_id))
        .order_by_desc(document::Column::UploadedAt)
        .all(&ctx.db)
        .await?)
}

/// The documents the applicant sent with their application.
pub async fn own_documents(ctx: &Ctx, actor: &Actor) -> Result<Vec<DocumentEntry>, DomainError> {
    let row = applicants_household(ctx, actor).await?;
    let rows = household_rows(ctx, row.id)
        .await?
        .into_iter()
        .filter(|d| d.by_household)
        .collect();
    entries(ctx, rows).await
}

/// A document's file, for whoever may read it: the household's own
/// uploads for its applicants; anything of the household for its staff
/// (health for the roles that read it), each read logged. To anyone else
/// it does not exist.
pub async fn open_document(
    ctx: &Ctx,
    store: &DocumentStore,
    actor: &Actor,
    document_id: i32,
) -> Result<(DocumentEntry, Vec<u8>), DomainError> {
    let row = document::Entity::find_by_id(document_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let household =
        match household_for(ctx, actor, row.household_id, Permission::ReadApplication).await {
            Ok(household) => {
                if !StaffSight::of(ctx, actor, &household)
                    .await?
                    .may_see(&row)?
                {
                    return Err(DomainError::NotFound);
                }
                record_access(
                    ctx,
                    actor,
                    household.organisation_id,
                    Subject::Documents,
                    Some(household.id),
                )
                .await?;
                household
            }
            Err(DomainError::NotFound) if row.by_household => {
                own(ctx, actor, row.household_id)
                    .await
                    .map_err(not_there)?
                    .0
            }
            Err(other) => return Err(not_there(other)),
        };
    let stored_as = row.stored_as.clone();
    let entry = entries(ctx, vec![row])
        .await?
        .pop()
        .filter(|e| e.household_id == household.id)
        .ok_or(DomainError::NotFound)?;
    Ok((entry, store.read(&stored_as).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_keeps_only_its_last_part_and_printable_characters() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\Users\\sam\\dbs.pdf"), "dbs.pdf");
        assert_eq!(clean_name("a\u{0}b\"c.pdf"), "abc.pdf");
        assert_eq!(clean_name("   "), "document");
    }

    fn entry(file_name: &str, content_type: &str) -> DocumentEntry {
        DocumentEntry {
            id: 1,
            household_id: 1,
            attached_to: AttachedTo::Panel,
            attached_label: String::new(),
            file_name: file_name.to_owned(),
            content_type: content_type.to_owned(),
            size: 1,
            uploaded_by: None,
            by_household: true,
            uploaded_at: DateTime::<Utc>::MIN_UTC,
        }
    }

    #[test]
    fn a_download_takes_the_extension_of_what_its_bytes_are() {
        assert_eq!(
            entry("dbs.exe", "application/pdf").download_name(),
            "dbs.pdf"
        );
        assert_eq!(entry("scan", "application/pdf").download_name(), "scan.pdf");
        assert_eq!(
            entry("photo.JPEG", "image/jpeg").download_name(),
            "photo.jpg"
        );
        assert_eq!(
            entry("Mr. Smith's form", "image/png").download_name(),
            "Mr. Smith's form.png"
        );
        assert_eq!(
            entry("report.final.pdf", "application/pdf").download_name(),
            "report.final.pdf"
        );
    }

    #[test]
    fn a_file_is_taken_by_what_its_bytes_are_not_by_its_name() {
        assert_eq!(
            accepted_kind(b"%PDF-1.7\n...").ok(),
            Some("application/pdf")
        );
        assert!(accepted_kind(b"MZ\x90\x00 an executable").is_err());
        assert!(accepted_kind(b"").is_err());
    }

    #[test]
    fn what_a_document_is_for_reads_back_from_its_stored_form() {
        for attached in [
            AttachedTo::Section(Section::Health),
            AttachedTo::Check(12),
            AttachedTo::Assessment,
            AttachedTo::Panel,
        ] {
            assert_eq!(AttachedTo::parse(&attached.stored()), Some(attached));
        }
        assert_eq!(AttachedTo::parse("check:x"), None);
    }
}
