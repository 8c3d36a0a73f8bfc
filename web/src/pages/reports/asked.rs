//! What the reports' form asks for, read from the query string: the range,
//! the filters and the breakdown, checked into a domain `ReportRequest` or
//! the errors the page shows against each field.

use chrono::NaiveDate;
use domain::recruitment::interest::{FosteringKind, HeardAbout};
use domain::reporting::{Breakdown, DateRange, Filters, Preset, ReportChoices, ReportRequest};

use super::super::PageFieldError;
use super::super::date_time::DateBoxes;
use super::super::forms::{FormErrors, Pick, value};

/// The range choice that reads the two dates.
const BETWEEN: &str = "between";
/// Campaign text is free text from public links: bounded here too.
const LONGEST_TEXT: usize = 200;

/// The form as the reader filled it in.
pub struct Asked {
    pub range: String,
    pub from: DateBoxes,
    pub to: DateBoxes,
    pub organisation: String,
    pub region: String,
    pub local_authority: String,
    pub campaign_source: String,
    pub campaign_medium: String,
    pub campaign: String,
    pub heard_about: String,
    pub interest: String,
    pub known_adult: String,
    pub breakdown: String,
}

impl Asked {
    pub fn read(query: &[(String, String)]) -> Self {
        let text = |key: &str| value(query, key).trim().to_owned();
        let from = DateBoxes::from_form(query, "from");
        let to = DateBoxes::from_form(query, "to");
        let typed = |d: &DateBoxes| !(d.day.is_empty() && d.month.is_empty() && d.year.is_empty());
        // Days typed in mean those days, whichever range was left chosen.
        let range = if typed(&from) || typed(&to) {
            BETWEEN.to_owned()
        } else {
            text("range")
        };
        Self {
            range,
            from,
            to,
            organisation: text("organisation"),
            region: text("region"),
            local_authority: text("local_authority"),
            campaign_source: text("campaign_source"),
            campaign_medium: text("campaign_medium"),
            campaign: text("campaign"),
            heard_about: text("heard_about"),
            interest: text("interest"),
            known_adult: text("known_adult"),
            breakdown: text("breakdown"),
        }
    }

    /// The query string that asks for the same again: for the other
    /// reports' links and the downloads.
    pub fn query_string(&self) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        let mut add = |key: &str, value: &str| {
            if !value.is_empty() {
                query.append_pair(key, value);
            }
        };
        add("range", &self.range);
        if self.range == BETWEEN {
            for (id, boxes) in [("from", &self.from), ("to", &self.to)] {
                add(id, &boxes.day);
                add(&format!("{id}-month"), &boxes.month);
                add(&format!("{id}-year"), &boxes.year);
            }
        }
        add("organisation", &self.organisation);
        add("region", &self.region);
        add("local_authority", &self.local_authority);
        add("campaign_source", &self.campaign_source);
        add("campaign_medium", &self.campaign_medium);
        add("campaign", &self.campaign);
        add("heard_about", &self.heard_about);
        add("interest", &self.interest);
        add("known_adult", &self.known_adult);
        add("breakdown", &self.breakdown);
        query.finish()
    }

    /// The report asked for, or what is wrong with the form.
    pub fn request(
        &self,
        choices: &ReportChoices,
        today: NaiveDate,
    ) -> Result<ReportRequest, FormErrors> {
        let mut errors: Vec<PageFieldError> = Vec::new();
        let mut wrong = |field: &str, message: &str| {
            errors.push(PageFieldError {
                field: field.to_owned(),
                message: message.to_owned(),
            });
        };
        let range = match self.range.as_str() {
            BETWEEN => {
                let from = self.from.date("from", "first day");
                let to = self.to.date("to", "last day");
                match (from, to) {
                    (Ok(from), Ok(to)) => {
                        match DateRange::new(Some(from), Some(to), ("from", "to")) {
                            Ok(range) => Some(range),
                            Err(e) => {
                                for field in e.field_errors() {
                                    wrong(&field.field, &field.message);
                                }
                                None
                            }
                        }
                    }
                    (from, to) => {
                        for e in [from.err(), to.err()].into_iter().flatten() {
                            wrong(&e.field, &e.message);
                        }
                        None
                    }
                }
            }
            "" => Some(DateRange::this_financial_year(today)),
            other => match Preset::parse(other) {
                Some(preset) => Some(DateRange::preset(preset, today)),
                None => {
                    wrong("range", "Choose a range from the list");
                    None
                }
            },
        };
        let mut id = |text: &str, field: &str, offered: &[(i32, String)], what: &str| {
            if text.is_empty() {
                return None;
            }
            let chosen = text
                .parse::<i32>()
                .ok()
                .filter(|id| offered.iter().any(|(o, _)| o == id));
            if chosen.is_none() {
                wrong(field, &format!("Choose {what} from the list"));
            }
            chosen
        };
        let organisation = id(
            &self.organisation,
            "organisation",
            &choices.organisations,
            "an organisation",
        );
        let region = id(&self.region, "region", &choices.regions, "a region");
        let local_authority = id(
            &self.local_authority,
            "local_authority",
            &choices.local_authorities,
            "a local authority",
        );
        let mut named = |text: &str, field: &str, known: bool| {
            if !text.is_empty() && !known {
                wrong(field, "Choose one from the list");
            }
        };
        let heard_about = HeardAbout::parse(&self.heard_about);
        named(&self.heard_about, "heard_about", heard_about.is_some());
        let interest = FosteringKind::parse(&self.interest);
        named(&self.interest, "interest", interest.is_some());
        let breakdown = Breakdown::parse(&self.breakdown);
        named(&self.breakdown, "breakdown", breakdown.is_some());
        let known_adult = match self.known_adult.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        named(&self.known_adult, "known_adult", known_adult.is_some());
        let mut text = |value: &str, field: &str| {
            if value.chars().count() > LONGEST_TEXT {
                wrong(field, "Enter 200 characters or fewer");
            }
            (!value.is_empty()).then(|| value.to_owned())
        };
        let filters = Filters {
            organisation,
            region,
            local_authority,
            campaign_source: text(&self.campaign_source, "campaign_source"),
            campaign_medium: text(&self.campaign_medium, "campaign_medium"),
            campaign: text(&self.campaign, "campaign"),
            heard_about,
            interest,
            known_adult,
        };
        match range {
            Some(range) if errors.is_empty() => Ok(ReportRequest {
                range,
                filters,
                breakdown,
            }),
            _ => Err(FormErrors(errors)),
        }
    }
}

/// The form's choices, with the reader's marked.
pub struct ReportForm {
    pub ranges: Vec<Pick>,
    pub from: DateBoxes,
    pub to: DateBoxes,
    pub organisations: Vec<Pick>,
    pub regions: Vec<Pick>,
    pub local_authorities: Vec<Pick>,
    pub heard_about: Vec<Pick>,
    pub interests: Vec<Pick>,
    pub known_adult: Vec<Pick>,
    pub breakdowns: Vec<Pick>,
    pub campaign_source: String,
    pub campaign_medium: String,
    pub campaign: String,
}

fn listed(offered: &[(i32, String)], chosen: &str) -> Vec<Pick> {
    offered
        .iter()
        .map(|(id, name)| Pick {
            value: id.to_string(),
            label: name.clone(),
            selected: id.to_string() == chosen,
        })
        .collect()
}

impl ReportForm {
    pub fn new(asked: Asked, choices: &ReportChoices) -> Self {
        let range = if asked.range.is_empty() {
            Preset::ThisFinancialYear.as_str()
        } else {
            asked.range.as_str()
        };
        let mut ranges =
            super::super::forms::picks(Preset::ALL, Preset::as_str, Preset::label, range);
        ranges.push(Pick {
            value: BETWEEN.to_owned(),
            label: "Between two dates".to_owned(),
            selected: range == BETWEEN,
        });
        let known = [("yes", "Known and trusted adults"), ("no", "Everyone else")];
        Self {
            ranges,
            organisations: listed(&choices.organisations, &asked.organisation),
            regions: listed(&choices.regions, &asked.region),
            local_authorities: listed(&choices.local_authorities, &asked.local_authority),
            heard_about: super::super::forms::picks(
                HeardAbout::ALL,
                HeardAbout::as_str,
                HeardAbout::label,
                &asked.heard_about,
            ),
            interests: super::super::forms::picks(
                FosteringKind::ALL,
                FosteringKind::as_str,
                FosteringKind::label,
                &asked.interest,
            ),
            known_adult: known
                .iter()
                .map(|(v, l)| Pick {
                    value: (*v).to_owned(),
                    label: (*l).to_owned(),
                    selected: *v == asked.known_adult,
                })
                .collect(),
            breakdowns: super::super::forms::picks(
                Breakdown::ALL,
                Breakdown::as_str,
                Breakdown::label,
                &asked.breakdown,
            ),
            campaign_source: asked.campaign_source,
            campaign_medium: asked.campaign_medium,
            campaign: asked.campaign,
            from: asked.from,
            to: asked.to,
        }
    }
}
