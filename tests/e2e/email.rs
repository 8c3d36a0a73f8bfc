//! Email: rendered from its templates with both parts, delivered over SMTP to
//! a real server or written to the outbox, retried until the server takes it.

use std::sync::Arc;

use domain::jobs::entity;
use domain::notifications::{Email, EmailAddress, SendEmail, send_mail_check};
use domain::{Actor, ErrorCode};
use sea_orm::EntityTrait;
use url::Url;
use workers::{
    Handlers, Mailer, Outcome, Runner, RunnerConfig, longest_delay_after, register_email,
};

use crate::harness::{SmtpServer, TestApp, db_test, free_port};

fn service_url() -> Url {
    Url::parse("https://hearth.example.org/").expect("a URL")
}

/// A runner sending with `mailer`, on the app's clock.
fn runner(app: &TestApp, mailer: Mailer) -> Runner {
    let handlers = register_email(Handlers::new(), Arc::new(mailer));
    Runner::new(app.ctx.clone(), handlers, RunnerConfig::default())
}

/// The one email in `dir`.
fn only_email(dir: &std::path::Path) -> String {
    let emails: Vec<_> = std::fs::read_dir(dir)
        .expect("the outbox")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "eml"))
        .collect();
    assert_eq!(emails.len(), 1, "{emails:?}");
    std::fs::read_to_string(&emails[0]).expect("an email")
}

/// The Message-ID the job chose when it was queued.
async fn message_id(app: &TestApp, job_id: i64) -> String {
    let stored = entity::Entity::find_by_id(job_id)
        .one(&app.ctx.db)
        .await
        .expect("query")
        .expect("the job");
    let job: SendEmail = serde_json::from_str(&stored.payload).expect("an email job");
    format!("Message-ID: <{}@hearth.example.org>", job.message_id)
}

/// What a message must carry: both parts, and its job's Message-ID.
fn assert_both_parts(message: &str, message_id: &str) {
    assert!(
        message.contains("Subject: Hearth can send email"),
        "{message}"
    );
    assert!(
        message.contains("Content-Type: multipart/alternative"),
        "{message}"
    );
    assert!(
        message.contains("Content-Type: text/plain; charset=utf-8"),
        "{message}"
    );
    assert!(
        message.contains("Content-Type: text/html; charset=utf-8"),
        "{message}"
    );
    assert!(message.contains(message_id), "{message}");
}

#[db_test]
async fn the_mail_check_is_sent_with_both_parts_when_the_jobs_run(app: TestApp) {
    let id = send_mail_check(&app.ctx, &Actor::System, "carer@example.org")
        .await
        .expect("queued");
    let expected = message_id(&app, id).await;
    assert!(
        app.emails().is_empty(),
        "nothing is sent until a worker runs"
    );
    assert_eq!(app.run_pending_jobs().await, 1);
    let emails = app.emails();
    assert_eq!(emails.len(), 1);
    assert_both_parts(&emails[0], &expected);
    assert!(emails[0].contains("To: carer@example.org"));
    let done = entity::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .expect("query")
        .expect("the job");
    assert_eq!(done.payload, "{}", "a sent email's job keeps no address");
}

#[tokio::test]
async fn a_resent_email_keeps_its_message_id_and_replaces_itself_in_the_outbox() {
    let outbox = tempfile::tempdir().expect("an outbox");
    let mailer = Mailer::outbox(
        outbox.path().to_owned(),
        "Hearth <hearth@example.org>",
        service_url(),
    )
    .expect("a mailer");
    let job = SendEmail::new(
        EmailAddress::parse("carer@example.org").expect("valid"),
        Email::MailCheck,
    );
    let expected = format!("Message-ID: <{}@hearth.example.org>", job.message_id);
    mailer.send(&job).await.expect("sent");
    mailer.send(&job).await.expect("sent again");
    assert!(only_email(outbox.path()).contains(&expected));
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(outbox.path().join(format!("{}.eml", job.message_id)))
            .expect("written")
            .permissions(),
    );
    assert_eq!(mode & 0o077, 0, "only its owner may read an email");
}

#[db_test]
async fn a_mail_check_to_a_bad_address_is_refused(app: TestApp) {
    let error = send_mail_check(&app.ctx, &Actor::System, "not an address")
        .await
        .expect_err("refused");
    assert_eq!(error.code(), ErrorCode::InvalidInput);
    assert_eq!(error.field_errors()[0].field, "to");
    assert!(
        entity::Entity::find()
            .all(&app.ctx.db)
            .await
            .expect("jobs")
            .is_empty(),
        "nothing queued"
    );
}

#[db_test]
async fn an_email_is_retried_until_the_mail_server_answers_then_arrives_with_both_parts(
    app: TestApp,
) {
    let port = free_port();
    let mailer = Mailer::smtp(
        &format!("smtp://127.0.0.1:{port}"),
        "Hearth <hearth@example.org>",
        service_url(),
    )
    .expect("a mailer");
    let (runner, ctx) = (runner(&app, mailer), &app.ctx);
    let id = send_mail_check(ctx, &Actor::System, "carer@example.org")
        .await
        .expect("queued");
    let expected = message_id(&app, id).await;

    let Some(Outcome::Retrying { .. }) = runner.run_one().await.expect("runs") else {
        panic!("with no mail server the send fails and is retried");
    };
    let stored = entity::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .expect("query")
        .expect("the job");
    let error = stored.last_error.expect("the failure is kept");
    assert!(
        !error.contains("carer@example.org"),
        "the error repeats the address: {error}"
    );

    let server = SmtpServer::start_on(port).await;
    app.advance(longest_delay_after(1));
    assert_eq!(
        runner.run_one().await.expect("runs"),
        Some(Outcome::Completed)
    );
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_both_parts(&received[0], &expected);
}
