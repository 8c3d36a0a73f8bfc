//! Kinship care for anyone, with no account: what each arrangement can
//! bring, marked must or may, and the child's council's local offer.

use serde_json::json;

use crate::browser::{browser, page};
use crate::harness::{TestApp, db_test, error_codes};

/// Hartlepool's, as the demo gives its council.
const HARTLEPOOL_OFFER: &str = "https://www.example.org/E06000001/kinship-local-offer";

#[db_test(demo)]
async fn the_support_page_says_what_each_arrangement_brings_and_links_the_councils_local_offer(
    app: TestApp,
) {
    let visitor = browser();
    let (status, html) = page(&app, &visitor, "/kinship").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("href=\"/kinship/support\""),
        "it leads to the support page"
    );
    let (_, start) = page(&app, &visitor, "/").await;
    assert!(
        start.contains("href=\"/kinship\""),
        "the start page leads to it"
    );
    for (arrangement, says, duty) in [
        ("no_order", "family arrangement", "The council may"),
        (
            "child_arrangements_order",
            "lives with you",
            "The council may",
        ),
        (
            "special_guardianship_order",
            "special guardian",
            "The council must",
        ),
        (
            "connected_person",
            "approved as their foster carer",
            "The council must",
        ),
        ("private_fostering", "28 days or more", "The council must"),
    ] {
        let (status, html) = page(
            &app,
            &visitor,
            &format!("/kinship/support?arrangement={arrangement}&postcode=TS24+8AA"),
        )
        .await;
        assert_eq!(status, 200, "{arrangement}");
        assert!(html.contains(says), "{arrangement} says what it is");
        assert!(html.contains(duty), "{arrangement}: {duty}");
        assert!(
            html.contains("Check with your council, Hartlepool"),
            "{arrangement}"
        );
        assert!(
            html.contains(HARTLEPOOL_OFFER),
            "{arrangement} links the local offer"
        );
    }
    // Not sure: every arrangement, by the first half of the postcode.
    let (_, html) = page(
        &app,
        &visitor,
        "/kinship/support?arrangement=not_sure&postcode=TS24",
    )
    .await;
    for says in ["family arrangement", "special guardian", "28 days or more"] {
        assert!(html.contains(says), "not sure shows {says}");
    }
    // The same through GraphQL, for anyone.
    let answer = app
        .graphql(
            "{ kinshipSupport(arrangement: SPECIAL_GUARDIANSHIP_ORDER, postcode: \"TS24\") { arrangements { support { duty } } council { name localOffer } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        answer["data"]["kinshipSupport"]["council"]["localOffer"], HARTLEPOOL_OFFER,
        "{answer}"
    );
    // A postcode that is none is said so, and nothing else.
    let (status, html) = page(
        &app,
        &visitor,
        "/kinship/support?arrangement=no_order&postcode=nowhere",
    )
    .await;
    assert_eq!(status, 400);
    assert!(html.contains("govuk-error-summary"));
    let wrong = app
        .graphql(
            "{ kinshipSupport(arrangement: NO_ORDER, postcode: \"??\") { council { name } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_codes(&wrong), ["INVALID_INPUT"], "{wrong}");
}
