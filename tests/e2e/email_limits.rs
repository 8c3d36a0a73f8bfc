//! Emails a signed-in person can make someone else receive are limited: 5
//! to one address in 15 minutes, 20 from one sender in an hour.

use domain::DomainError;
use domain::accounts::{NewStaffMember, Role, invite_staff};
use domain::applications::joint::{add_joint_applicant, remove_joint_applicant};
use domain::notifications::limits::{PER_RECIPIENT, PER_SENDER};

use crate::applications::invited_applicant;
use crate::factories::{rcc, signed_in, staff};
use crate::harness::{TestApp, db_test};

#[db_test]
async fn a_sixth_joint_invitation_to_one_address_within_15_minutes_is_refused(app: TestApp) {
    invited_applicant(&app).await;
    let applicant_id =
        domain::accounts::find_person(&app.ctx, &domain::Actor::System, "sam@example.org")
            .await
            .expect("read")
            .expect("the applicant");
    let applicant = signed_in(&app, applicant_id).await;
    for _ in 0..PER_RECIPIENT.attempts {
        add_joint_applicant(&app.ctx, &applicant, "Alex Partner", "alex@example.org")
            .await
            .expect("invited");
        remove_joint_applicant(&app.ctx, &applicant)
            .await
            .expect("taken off");
    }
    let refused =
        add_joint_applicant(&app.ctx, &applicant, "Alex Partner", "alex@example.org").await;
    assert!(
        matches!(refused, Err(DomainError::RateLimited)),
        "{refused:?}"
    );
    app.run_pending_jobs().await;
    let to_alex = app
        .emails()
        .iter()
        .filter(|e| e.contains("To: alex@example.org"))
        .count();
    assert_eq!(
        to_alex, PER_RECIPIENT.attempts as usize,
        "the refused one sent nothing"
    );
}

#[db_test]
async fn an_administrators_twenty_first_invitation_within_an_hour_is_refused(app: TestApp) {
    let organisation = rcc(&app, "Tees Valley Care Cooperative").await;
    let admin = staff(
        &app,
        "admin@tees.example.org",
        &[(organisation, Role::Administrator)],
    )
    .await;
    let admin = signed_in(&app, admin).await;
    let invite = |n: i32| NewStaffMember {
        organisation_id: organisation,
        email: format!("officer{n}@tees.example.org"),
        name: format!("Officer {n}"),
        role: Some(Role::RecruitmentOfficer),
    };
    for n in 0..PER_SENDER.attempts {
        invite_staff(&app.ctx, &admin, &invite(n))
            .await
            .expect("invited");
    }
    let refused = invite_staff(&app.ctx, &admin, &invite(99)).await;
    assert!(
        matches!(refused, Err(DomainError::RateLimited)),
        "{refused:?}"
    );
    let invited = domain::accounts::find_person(
        &app.ctx,
        &domain::Actor::System,
        "officer99@tees.example.org",
    )
    .await
    .expect("read");
    assert!(
        invited.is_none(),
        "nothing of the refused invitation is kept"
    );
}
