//! `/kinship/groups`: "Find a group near you", with no account. A GET
//! form: the postcode and the filters are in the address, so a search can
//! be shared or bookmarked, and nothing is kept.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::kinship::{
    DEFAULT_MILES, DISTANCES, ForWhom, GroupFormat, GroupListing, GroupSearch, Meets, find_groups,
};

use domain::search::public::{Listed, public_matches};

use super::super::forms::{FormErrors, Pick, pairs, picks, value};
use super::super::{PageError, Section, Shell, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config.service(finder_page);
}

#[derive(Template)]
#[template(path = "kinship_groups/finder.html")]
struct FinderPage {
    shell: Shell,
    errors: FormErrors,
    near: String,
    words: String,
    distances: Vec<Pick>,
    formats: Vec<Pick>,
    for_whom: Vec<Pick>,
    meets: Vec<Pick>,
    children: bool,
    /// None before a search.
    found: Option<Vec<GroupListing>>,
}

impl FinderPage {
    fn when(&self, group: &GroupListing) -> String {
        group
            .next_session
            .as_ref()
            .map(super::when)
            .unwrap_or_default()
    }

    fn miles(&self, group: &GroupListing) -> Option<String> {
        group.miles_away.map(|m| {
            if m < 1.0 {
                "Less than a mile away".to_owned()
            } else {
                format!("About {:.0} miles away", m)
            }
        })
    }
}

/// A choice of "any" and each of `all`.
fn with_any<T: Copy>(
    all: &'static [T],
    stored: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    chosen: &str,
) -> Vec<Pick> {
    let mut options = vec![Pick {
        value: String::new(),
        label: "Any".into(),
        selected: chosen.is_empty(),
    }];
    options.extend(picks(all, stored, label, chosen));
    options
}

#[get("/kinship/groups")]
pub async fn finder_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let near = value(&query, "near").trim().to_owned();
    let words = value(&query, "q").trim().to_owned();
    let miles: Option<u32> = value(&query, "miles").parse().ok();
    let chosen_miles = miles
        .filter(|m| DISTANCES.contains(m))
        .unwrap_or(DEFAULT_MILES)
        .to_string();
    let search = GroupSearch {
        near: near.clone(),
        miles,
        format: GroupFormat::parse(value(&query, "format")),
        for_whom: ForWhom::parse(value(&query, "for_whom")),
        meets: Meets::parse(value(&query, "meets")),
        children_welcome: value(&query, "children") == "yes",
        matching: None,
    };
    let (found, errors) = if near.is_empty() && words.is_empty() {
        (None, FormErrors::default())
    } else {
        // Words narrow the list to the groups they find; the postcode, if
        // given, still decides which are near.
        let found = async {
            let matching = match words.as_str() {
                "" => None,
                words => Some(
                    public_matches(state.search.as_ref(), Listed::KinshipGroup, words, "q").await?,
                ),
            };
            find_groups(&state.ctx, &GroupSearch { matching, ..search }).await
        };
        match found.await {
            Ok(found) => (Some(found), FormErrors::default()),
            Err(error) => (None, FormErrors::from_domain(error)?),
        }
    };
    let (shell, status) = Shell::for_form(&state, &req, Section::Kinship, &errors);
    let formats: &'static [GroupFormat] = &[GroupFormat::InPerson, GroupFormat::Online];
    render(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            status
        },
        &FinderPage {
            shell,
            errors,
            near,
            words,
            distances: DISTANCES
                .iter()
                .map(|m| Pick {
                    value: m.to_string(),
                    label: format!("Within {m} miles"),
                    selected: m.to_string() == chosen_miles,
                })
                .collect(),
            formats: with_any(
                formats,
                GroupFormat::as_str,
                GroupFormat::label,
                value(&query, "format"),
            ),
            for_whom: with_any(
                ForWhom::ALL,
                ForWhom::as_str,
                ForWhom::label,
                value(&query, "for_whom"),
            ),
            meets: with_any(
                Meets::ALL,
                Meets::as_str,
                Meets::label,
                value(&query, "meets"),
            ),
            children: search.children_welcome,
            found,
        },
    )
}
