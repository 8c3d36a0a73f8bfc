//! Documents: applicants and staff upload PDFs and images to a household's
//! application, checks, assessment or panel papers; each download is
//! authorised, and staff's are in the access log.

use domain::accounts::Role;
use domain::applications::entities::{document, stage_one_check};
use domain::recruitment::entities::household;
use reqwest::multipart::{Form, Part};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::applications::{invited_applicant, send_application};
use crate::browser::{browser, csrf_token, graphql, page, sign_in, sign_in_by_link};
use crate::factories::{PASSWORD, invited_household, staff};
use crate::harness::{TestApp, db_test};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/// Uploads `bytes` as `name` from the page at `path`, for `attached_to`.
async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    attached_to: &str,
    (name, bytes): (&str, &[u8]),
) -> reqwest::Response {
    let (_, html) = page(app, client, path).await;
    let form = Form::new()
        .text("attached_to", attached_to.to_owned())
        .part(
            "file",
            Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
        );
    client
        .post(app.url(&format!("{path}?csrf_token={}", csrf_token(&html))))
        .multipart(form)
        .send()
        .await
        .expect("answered")
}

#[db_test]
async fn an_applicants_document_is_read_by_their_service_and_by_no_other_applicant(app: TestApp) {
    let (id, applicant) = invited_applicant(&app).await;
    let text = upload(
        &app,
        &applicant,
        "/application/documents",
        "section:about_you",
        ("notes.txt", b"just some text"),
    )
    .await;
    assert_eq!(text.status().as_u16(), 400, "only PDFs and images");
    assert!(
        text.text()
            .await
            .expect("a page")
            .contains("must be a PDF, JPG or PNG")
    );
    let big = vec![b'%'; 11 * 1024 * 1024];
    let too_big = upload(
        &app,
        &applicant,
        "/application/documents",
        "section:about_you",
        ("big.pdf", &big),
    )
    .await;
    assert_eq!(too_big.status().as_u16(), 400, "at most 10 MB");
    let nothing_for = upload(
        &app,
        &applicant,
        "/application/documents",
        "panel",
        ("passport.pdf", PDF),
    )
    .await;
    assert_eq!(
        nothing_for.status().as_u16(),
        400,
        "an applicant attaches to their application"
    );
    assert_eq!(
        document::Entity::find()
            .all(&app.ctx.db)
            .await
            .expect("read")
            .len(),
        0,
        "nothing kept"
    );

    let sent = upload(
        &app,
        &applicant,
        "/application/documents",
        "section:about_you",
        ("../../passport.pdf", PDF),
    )
    .await;
    assert_eq!(sent.status().as_u16(), 303);
    let stored = document::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("kept");
    assert_eq!(
        (
            stored.file_name.as_str(),
            stored.content_type.as_str(),
            stored.by_household
        ),
        ("passport.pdf", "application/pdf", true)
    );
    let (_, listed) = page(&app, &applicant, "/application/documents").await;
    assert!(
        listed.contains("passport.pdf") && listed.contains("About you"),
        "{listed}"
    );
    let own = applicant
        .get(app.url(&format!("/documents/{}", stored.id)))
        .send()
        .await
        .expect("answered");
    assert_eq!(own.status().as_u16(), 200);
    assert_eq!(own.bytes().await.expect("the file").as_ref(), PDF);

    // Another household's applicant cannot read it, by page or API.
    let officer_id = domain::accounts::entities::person::Entity::find()
        .filter(domain::accounts::entities::person::Column::Email.eq("officer@tees.example.org"))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the officer")
        .id;
    invited_household(&app, officer_id, "kim@example.org").await;
    let other = browser();
    sign_in_by_link(&app, &other, "kim@example.org").await;
    let theirs = other
        .get(app.url(&format!("/documents/{}", stored.id)))
        .send()
        .await
        .expect("answered");
    assert_eq!(theirs.status().as_u16(), 404);
    let mine = graphql(&app, &other, "{ myDocuments { fileName } }", json!({})).await;
    assert_eq!(mine["data"]["myDocuments"], json!([]), "{mine}");
    let staff_view = graphql(
        &app,
        &other,
        "query($id: ID!) { householdDocuments(householdId: $id) { nodes { fileName } } }",
        json!({ "id": format!("Household:{id}") }),
    )
    .await;
    assert_eq!(crate::harness::error_codes(&staff_view), ["NOT_FOUND"]);
    assert_eq!(
        page(&app, &browser(), &format!("/documents/{}", stored.id))
            .await
            .0,
        303,
        "signed out: sign in first"
    );

    // The service's officer reads it once the application is sent, and
    // the read is logged.
    let officer = browser();
    sign_in(&app, &officer, "officer@tees.example.org", PASSWORD).await;
    let draft = officer
        .get(app.url(&format!("/documents/{}", stored.id)))
        .send()
        .await
        .expect("answered");
    assert_eq!(
        draft.status().as_u16(),
        404,
        "a draft's documents are the applicant's own"
    );
    send_application(&app, &applicant).await;
    let read = officer
        .get(app.url(&format!("/documents/{}", stored.id)))
        .send()
        .await
        .expect("answered");
    assert_eq!(read.status().as_u16(), 200);
    assert_eq!(read.headers()["content-type"], "application/pdf");
    assert!(
        read.headers()["content-disposition"]
            .to_str()
            .expect("text")
            .starts_with("attachment")
    );
    let logged = domain::audit::entity::Entity::find()
        .filter(domain::audit::entity::Column::Subject.eq("documents"))
        .filter(domain::audit::entity::Column::SubjectId.eq(id))
        .all(&app.ctx.db)
        .await
        .expect("the log");
    assert!(!logged.is_empty(), "a staff download is in the access log");
}

#[db_test]
async fn a_medical_report_is_uploaded_and_read_only_by_the_roles_that_read_health(app: TestApp) {
    let (id, applicant) = invited_applicant(&app).await;
    send_application(&app, &applicant).await;
    let organisation = household::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("there")
        .organisation_id;
    staff(
        &app,
        "assessor@tees.example.org",
        &[(organisation, Role::AssessingSocialWorker)],
    )
    .await;
    let assessor = browser();
    sign_in(&app, &assessor, "assessor@tees.example.org", PASSWORD).await;
    let officer = browser();
    sign_in(&app, &officer, "officer@tees.example.org", PASSWORD).await;
    let medical = stage_one_check::Entity::find()
        .filter(stage_one_check::Column::HouseholdId.eq(id))
        .filter(stage_one_check::Column::Kind.eq("medical"))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the medical")
        .id;
    let path = format!("/enquiries/{id}/documents");
    let attached = format!("check:{medical}");
    let refused = upload(&app, &officer, &path, &attached, ("medical.pdf", PDF)).await;
    assert_eq!(
        refused.status().as_u16(),
        403,
        "an officer does not handle health"
    );
    let uploaded = upload(&app, &assessor, &path, &attached, ("medical.pdf", PDF)).await;
    assert_eq!(
        uploaded.status().as_u16(),
        303,
        "{}",
        uploaded.text().await.unwrap_or_default()
    );
    let report = upload(&app, &assessor, &path, "assessment", ("form-f.pdf", PDF)).await;
    assert_eq!(report.status().as_u16(), 303);
    let medical_doc = document::Entity::find()
        .filter(document::Column::FileName.eq("medical.pdf"))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("kept")
        .id;
    let (_, officers) = page(&app, &officer, &path).await;
    assert!(
        officers.contains("form-f.pdf") && !officers.contains("medical.pdf"),
        "{officers}"
    );
    assert_eq!(
        officer
            .get(app.url(&format!("/documents/{medical_doc}")))
            .send()
            .await
            .expect("answered")
            .status()
            .as_u16(),
        404
    );
    let (_, assessors) = page(&app, &assessor, &path).await;
    assert!(
        assessors.contains("medical.pdf") && assessors.contains("Medical: Sam Jones"),
        "{assessors}"
    );
    let listed = graphql(
        &app,
        &assessor,
        "query($id: ID!) { householdDocuments(householdId: $id) { \
        nodes { fileName attachedTo downloadUrl } } }",
        json!({ "id": format!("Household:{id}") }),
    )
    .await;
    assert_eq!(
        listed["data"]["householdDocuments"]["nodes"]
            .as_array()
            .map(Vec::len),
        Some(2),
        "{listed}"
    );
    let (_, own) = page(&app, &applicant, "/application/documents").await;
    assert!(
        !own.contains("form-f.pdf"),
        "staff's papers are not the applicant's list"
    );
}

/// The permission bits of the file at `path`.
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("the file")
        .permissions()
        .mode()
        & 0o777
}

#[db_test]
async fn a_download_is_named_for_what_it_is_and_kept_where_only_hearth_reads(app: TestApp) {
    let (_, applicant) = invited_applicant(&app).await;
    let sent = upload(
        &app,
        &applicant,
        "/application/documents",
        "section:about_you",
        ("scan of dbs.exe", PDF),
    )
    .await;
    assert_eq!(sent.status().as_u16(), 303);
    let stored = document::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("kept");
    let download = applicant
        .get(app.url(&format!("/documents/{}", stored.id)))
        .send()
        .await
        .expect("answered");
    let disposition = download.headers()["content-disposition"]
        .to_str()
        .expect("text")
        .to_owned();
    assert!(disposition.contains("scan of dbs.pdf"), "{disposition}");

    let folder = app.data_dir().join("documents");
    assert_eq!(
        mode(&folder),
        0o700,
        "the documents folder is the owner's alone"
    );
    assert_eq!(
        mode(&folder.join(&stored.stored_as)),
        0o600,
        "so is each file"
    );
    if let Some(database) = app.sqlite_file() {
        for suffix in ["", "-wal", "-shm"] {
            let file = std::path::PathBuf::from(format!("{}{suffix}", database.display()));
            assert_eq!(mode(&file), 0o600, "{}", file.display());
        }
    }
}

#[db_test]
async fn a_token_that_may_not_see_a_document_is_told_it_is_not_there(app: TestApp) {
    let (id, applicant) = invited_applicant(&app).await;
    upload(
        &app,
        &applicant,
        "/application/documents",
        "section:about_you",
        ("passport.pdf", PDF),
    )
    .await;
    send_application(&app, &applicant).await;
    let stored = document::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("kept");
    let organisation = household::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("there")
        .organisation_id;
    let liaison = staff(
        &app,
        "liaison@tees.example.org",
        &[(organisation, Role::LiaisonWorker)],
    )
    .await;
    let liaison = crate::factories::signed_in(&app, liaison).await;
    let token = domain::accounts::create_api_token(
        &app.ctx,
        &liaison,
        organisation,
        "Liaison export",
        Some(Role::LiaisonWorker),
    )
    .await
    .expect("made");
    for document_id in [stored.id, stored.id + 1000] {
        let answer = app
            .client
            .get(app.url(&format!("/documents/{document_id}")))
            .bearer_auth(&token.secret)
            .send()
            .await
            .expect("answered");
        assert_eq!(answer.status().as_u16(), 404, "document {document_id}");
    }
}
