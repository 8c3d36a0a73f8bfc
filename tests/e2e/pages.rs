use crate::harness::{TestApp, db_test};

/// The href of the pagination's "Next" (`rel` next) or "Previous" (`rel`
/// prev) link, if there is one.
fn pagination_link(html: &str, rel: &str) -> Option<String> {
    let (before, _) = html.split_once(&format!(r#"" rel="{rel}""#))?;
    let (_, href) = before.rsplit_once(r#"href=""#)?;
    Some(href.replace("&amp;", "&"))
}

fn row_names(html: &str) -> Vec<String> {
    html.split(r#"<th scope="row" class="govuk-table__header">"#)
        .skip(1)
        .map(|cell| cell.split('<').next().unwrap_or_default().to_owned())
        .collect()
}

/// The links of the footer every page shares.
const FOOTER_PAGES: [(&str, &str); 3] = [
    ("/privacy", "Privacy notice"),
    ("/cookies", "Cookies"),
    ("/accessibility", "Accessibility statement"),
];

#[db_test]
async fn the_start_page_shows_the_service_name_and_the_footer_pages(app: TestApp) {
    let (status, html) = app.get_page("/").await;
    assert_eq!(status.as_u16(), 200);
    assert!(html.contains(r#"class="govuk-generic-header__homepage-link">Hearth</a>"#));
    assert!(html.contains("<h1 class=\"govuk-heading-xl\">Find out about fostering</h1>"));
    for (href, text) in FOOTER_PAGES {
        assert!(
            html.contains(&format!(r#"href="{href}">{text}</a>"#)),
            "no footer link to {href}"
        );
    }
}

#[db_test]
async fn the_start_page_finds_a_fostering_service_by_postcode(app: TestApp) {
    let (_, html) = app.get_page("/").await;
    assert!(
        html.contains(r#"href="/fostering/your-local-service">Find yours by your postcode</a>"#),
        "{html}"
    );
}

#[db_test]
async fn every_footer_page_is_served_in_the_layout(app: TestApp) {
    for (href, heading) in FOOTER_PAGES {
        let (status, html) = app.get_page(href).await;
        assert_eq!(status.as_u16(), 200, "{href}");
        assert!(
            html.contains(&format!("<h1 class=\"govuk-heading-xl\">{heading}</h1>")),
            "{href}"
        );
        assert!(
            html.contains(&format!("<title>{heading} – Hearth</title>")),
            "{href}"
        );
        assert!(html.contains("govuk-footer"), "{href}");
    }
}

#[db_test]
async fn pages_use_no_crown_logo_or_gds_transport(app: TestApp) {
    let (_, html) = app.get_page("/").await;
    for mark in [
        "govuk-header__logotype",
        "govuk-footer__crown",
        "govuk-crest",
        "Crown copyright</a>",
    ] {
        assert!(!html.contains(mark), "the page shows {mark}");
    }
    let css_href = html
        .split(r#"<link rel="stylesheet" href=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page links its stylesheet");
    let css = app
        .get(css_href)
        .await
        .text()
        .await
        .expect("the stylesheet");
    assert!(
        css.contains(".govuk-button"),
        "the stylesheet is GOV.UK Frontend's"
    );
    assert!(
        !css.contains("GDS Transport"),
        "the stylesheet uses GDS Transport"
    );
}

#[db_test]
async fn assets_are_served_with_a_year_long_immutable_cache(app: TestApp) {
    let (_, html) = app.get_page("/").await;
    let assets: Vec<&str> = html
        .split('"')
        .filter(|part| part.starts_with("/assets/"))
        .collect();
    assert_eq!(
        assets.len(),
        4,
        "stylesheet, favicon and two scripts: {assets:?}"
    );
    for asset in assets {
        let response = app.get(asset).await;
        assert_eq!(response.status().as_u16(), 200, "{asset}");
        let cache = response.headers()["cache-control"].to_str().expect("ASCII");
        assert!(
            cache.contains("max-age=31536000") && cache.contains("immutable"),
            "{asset}: {cache}"
        );
    }
}

#[db_test]
async fn an_unknown_page_gets_the_not_found_page(app: TestApp) {
    let (status, html) = app.get_page("/no-such-page").await;
    assert_eq!(status.as_u16(), 404);
    assert!(html.contains("<h1 class=\"govuk-heading-l\">Page not found</h1>"));
    assert!(html.contains("govuk-generic-header"), "in the same layout");
    let (status, _) = app.get_page("/assets/hearth-000000000000.css").await;
    assert_eq!(status.as_u16(), 404, "an asset that is not there");
}

#[db_test]
async fn a_failure_gets_the_problem_page_with_a_reference(app: TestApp) {
    app.lose_the_database().await;
    let response = app.get("/local-authorities").await;
    assert_eq!(response.status().as_u16(), 500);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    let html = response.text().await.expect("a body");
    assert!(html.contains("Sorry, there is a problem with the service"));
    assert!(
        html.contains(&request_id),
        "the page gives the request's reference"
    );
    assert!(
        !html.contains("PoolClosed") && !html.contains("pool"),
        "no internals: {html}"
    );
}

#[db_test]
async fn pages_carry_security_headers(app: TestApp) {
    let response = app.get("/").await;
    let headers = response.headers();
    assert!(
        headers["content-security-policy"]
            .to_str()
            .expect("ASCII")
            .contains("default-src 'self'")
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
}

#[db_test]
async fn the_local_authorities_page_pages_through_all_153_and_back(app: TestApp) {
    let mut path = "/local-authorities".to_owned();
    let mut pages = Vec::new();
    loop {
        let (status, html) = app.get_page(&path).await;
        assert_eq!(status.as_u16(), 200, "{path}");
        assert!(html.contains("153 local authorities"));
        pages.push(row_names(&html));
        match pagination_link(&html, "next") {
            Some(href) => path = href,
            None => break,
        }
    }
    let names: Vec<&String> = pages.iter().flatten().collect();
    let mut distinct = names.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        (names.len(), distinct.len()),
        (153, 153),
        "each authority once"
    );

    let (_, mut html) = app.get_page(&path).await;
    for expected in pages.iter().rev().skip(1) {
        let previous = pagination_link(&html, "prev").expect("a Previous link");
        html = app.get_page(&previous).await.1;
        assert_eq!(&row_names(&html), expected, "going back from {path}");
    }
    assert!(
        pagination_link(&html, "prev").is_none(),
        "the first page has no Previous link"
    );
}

#[db_test]
async fn the_local_authorities_page_filters_by_region_and_name(app: TestApp) {
    let (status, html) = app
        .get_page("/local-authorities?region=E12000001&name=ton")
        .await;
    assert_eq!(status.as_u16(), 200);
    assert!(
        html.contains("2 local authorities"),
        "Darlington and Stockton-on-Tees"
    );
    assert!(html.contains("Darlington") && html.contains("Stockton-on-Tees"));
    assert!(html.contains(r#"<option value="E12000001" selected>North East</option>"#));
}

#[db_test]
async fn a_bad_region_gets_an_error_summary_linked_to_the_field(app: TestApp) {
    let (status, html) = app.get_page("/local-authorities?region=E12000099").await;
    assert_eq!(status.as_u16(), 400);
    assert!(html.contains("<title>Error: Local authorities – Hearth</title>"));
    assert!(html.contains("govuk-error-summary"));
    assert!(html.contains(r##"<a href="#region">Select a region from the list</a>"##));
    assert!(html.contains(r#"id="region-error""#));
}

#[db_test]
async fn an_address_whose_id_is_not_a_number_gets_the_page_not_found(app: TestApp) {
    for path in [
        "/enquiries/abc",
        "/manage/events/1e3",
        "/enquiries/2/visits/x/outcome",
    ] {
        let (status, body) = app.get_page(path).await;
        assert_eq!(status.as_u16(), 404, "{path}");
        assert!(
            body.contains(r#"<html lang="en""#) && body.contains("Page not found"),
            "{path}: {body}"
        );
    }
}

#[db_test]
async fn a_form_refused_for_its_token_gets_a_page_that_says_what_to_do(app: TestApp) {
    let refused = app
        .client
        .post(app.url("/register-interest"))
        .form(&[("name", "Sam")])
        .send()
        .await
        .expect("answered");
    assert_eq!(refused.status().as_u16(), 403);
    let body = refused.text().await.expect("a page");
    assert!(
        body.contains(r#"<html lang="en""#)
            && body.contains("Your form could not be sent")
            && body.contains("reload the page"),
        "{body}"
    );
}
