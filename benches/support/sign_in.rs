//! Signing in to the real server as a browser does, for the benchmarks
//! that read staff pages.

/// Signs `browser` (which keeps cookies and does not follow redirects) in
/// at `address` with a password.
pub async fn sign_in(browser: &reqwest::Client, address: &str, email: &str, password: &str) {
    let form = browser
        .get(format!("{address}/sign-in/password"))
        .send()
        .await
        .expect("the form")
        .text()
        .await
        .expect("a page");
    let csrf = form
        .split_once(r#"name="csrf_token" value=""#)
        .and_then(|(_, rest)| rest.split('"').next())
        .expect("a form token")
        .to_owned();
    let answer = browser
        .post(format!("{address}/sign-in/password"))
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf_token", csrf.as_str()),
        ])
        .send()
        .await
        .expect("signed in");
    assert_eq!(answer.status().as_u16(), 303, "{email} signs in");
}
