//! What a report is asked for: a range, filters on who is counted, and at
//! most one dimension to break the figures down by.

use std::collections::HashMap;

use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect};

use super::entities::report_household::{self, Column as H};
use super::range::DateRange;
use super::summaries::interest_bit;
use crate::DomainError;
use crate::accounts::entities::organisation;
use crate::geography::entities::{local_authority, region};
use crate::names::stored_names;
use crate::recruitment::interest::{FosteringKind, HeardAbout};

/// Who is counted, beyond the reader's scope; each filter left empty counts
/// everyone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub organisation: Option<i32>,
    pub region: Option<i32>,
    pub local_authority: Option<i32>,
    pub campaign_source: Option<String>,
    pub campaign_medium: Option<String>,
    pub campaign: Option<String>,
    pub heard_about: Option<HeardAbout>,
    pub interest: Option<FosteringKind>,
    /// Known and trusted adults only, or everyone else.
    pub known_adult: Option<bool>,
}

/// A dimension to break figures down by, one at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Breakdown {
    Organisation,
    Region,
    LocalAuthority,
    CampaignSource,
    CampaignMedium,
    Campaign,
    HeardAbout,
    Interest,
    KnownAdult,
    EnquiryMonth,
}

stored_names!(Breakdown {
    Organisation => "organisation", "Organisation",
    Region => "region", "Region",
    LocalAuthority => "local_authority", "Local authority",
    CampaignSource => "campaign_source", "Campaign source",
    CampaignMedium => "campaign_medium", "Campaign medium",
    Campaign => "campaign", "Campaign",
    HeardAbout => "heard_about", "How they heard",
    Interest => "interest", "Kind of fostering of interest",
    KnownAdult => "known_adult", "Known and trusted adults",
    EnquiryMonth => "enquiry_month", "Month of enquiry",
});

/// A report's question: its range, filters and breakdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRequest {
    pub range: DateRange,
    pub filters: Filters,
    pub breakdown: Option<Breakdown>,
}

fn column(c: H) -> Expr {
    Expr::col((report_household::Entity, c))
}

impl Filters {
    /// The rows of `report_households` that pass every filter.
    pub(super) fn condition(&self) -> Condition {
        let mut all = Condition::all();
        let equal = |c: H, value: &Option<String>| {
            value
                .as_ref()
                .map(|v| Expr::col((report_household::Entity, c)).eq(v.clone()))
        };
        for (c, value) in [
            (H::OrganisationId, self.organisation),
            (H::RegionId, self.region),
            (H::LocalAuthorityId, self.local_authority),
        ] {
            if let Some(id) = value {
                all = all.add(Expr::col((report_household::Entity, c)).eq(id));
            }
        }
        for condition in [
            equal(H::UtmSource, &self.campaign_source),
            equal(H::UtmMedium, &self.campaign_medium),
            equal(H::UtmCampaign, &self.campaign),
            equal(
                H::HeardAbout,
                &self.heard_about.map(|h| h.as_str().to_owned()),
            ),
        ]
        .into_iter()
        .flatten()
        {
            all = all.add(condition);
        }
        if let Some(kind) = self.interest {
            // The bit is the kind's own, never the reader's text.
            all = all.add(Expr::cust(format!(
                "(\"report_households\".\"interests\" & {}) <> 0",
                interest_bit(kind)
            )));
        }
        if let Some(known) = self.known_adult {
            all = all.add(Expr::col((report_household::Entity, H::KnownAdult)).eq(known));
        }
        all
    }

    /// Whether any filter is set.
    pub fn any(&self) -> bool {
        *self != Self::default()
    }
}

/// The names of the rows of `E` with these ids, keyed by the id as text
/// (as groups are keyed).
async fn names_of<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    (id, name): (E::Column, E::Column),
    ids: Vec<i32>,
) -> Result<HashMap<String, String>, DomainError> {
    Ok(E::find()
        .select_only()
        .column(id)
        .column(name)
        .filter(id.is_in(ids))
        .into_tuple::<(i32, String)>()
        .all(conn)
        .await?
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect())
}

impl Breakdown {
    /// The text each row is grouped under: every dimension as one type, so
    /// one query serves them all. Kinds of fostering are grouped by the
    /// whole set a household chose and shared out afterwards (`shares`).
    pub(super) fn key(breakdown: Option<Self>, backend: DbBackend) -> Expr {
        let text = |c: H| -> Expr { column(c).cast_as("TEXT") };
        match breakdown {
            None | Some(Self::Organisation) => text(H::OrganisationId),
            Some(Self::Region) => text(H::RegionId),
            Some(Self::LocalAuthority) => text(H::LocalAuthorityId),
            Some(Self::CampaignSource) => column(H::UtmSource),
            Some(Self::CampaignMedium) => column(H::UtmMedium),
            Some(Self::Campaign) => column(H::UtmCampaign),
            Some(Self::HeardAbout) => column(H::HeardAbout),
            Some(Self::Interest) => text(H::Interests),
            Some(Self::KnownAdult) => Expr::cust(
                "CASE WHEN \"report_households\".\"known_adult\" THEN 'yes' ELSE 'no' END",
            ),
            Some(Self::EnquiryMonth) => Expr::cust(match backend {
                DbBackend::Postgres => "to_char(\"report_households\".\"first_on\", 'YYYY-MM')",
                _ => "substr(\"report_households\".\"first_on\", 1, 7)",
            }),
        }
    }

    /// The groups a row keyed `key` counts in: itself, or for kinds of
    /// fostering each kind in the set.
    pub(super) fn shares(breakdown: Option<Self>, key: Option<String>) -> Vec<Option<String>> {
        match breakdown {
            None => vec![None],
            Some(Self::Interest) => {
                let bits: i32 = key.as_deref().and_then(|k| k.parse().ok()).unwrap_or(0);
                FosteringKind::ALL
                    .iter()
                    .filter(|kind| bits & interest_bit(**kind) != 0)
                    .map(|kind| Some(kind.as_str().to_owned()))
                    .collect()
            }
            Some(_) => vec![key],
        }
    }

    /// How each group is named on a page, in the order it is shown.
    pub(super) async fn labels(
        breakdown: Option<Self>,
        conn: &impl ConnectionTrait,
        keys: impl Iterator<Item = Option<String>>,
    ) -> Result<Vec<(Option<String>, String)>, DomainError> {
        let mut keys: Vec<Option<String>> = keys.collect();
        keys.sort();
        keys.dedup();
        let ids = || -> Vec<i32> {
            keys.iter()
                .filter_map(|k| k.as_deref().and_then(|k| k.parse().ok()))
                .collect()
        };
        let names: HashMap<String, String> = match breakdown {
            Some(Self::Organisation) => {
                names_of::<organisation::Entity>(
                    conn,
                    (organisation::Column::Id, organisation::Column::Name),
                    ids(),
                )
                .await?
            }
            Some(Self::Region) => {
                names_of::<region::Entity>(conn, (region::Column::Id, region::Column::Name), ids())
                    .await?
            }
            Some(Self::LocalAuthority) => {
                names_of::<local_authority::Entity>(
                    conn,
                    (local_authority::Column::Id, local_authority::Column::Name),
                    ids(),
                )
                .await?
            }
            _ => HashMap::new(),
        };
        let mut labelled: Vec<(Option<String>, String)> = keys
            .into_iter()
            .map(|key| {
                let label = Self::label_of(breakdown, key.as_deref(), &names);
                (key, label)
            })
            .collect();
        // Months read in order; everything else alphabetically, with the
        // unknown last.
        if breakdown != Some(Self::EnquiryMonth) {
            labelled.sort_by(|a, b| {
                (a.0.is_none(), a.1.to_lowercase()).cmp(&(b.0.is_none(), b.1.to_lowercase()))
            });
        }
        Ok(labelled)
    }

    fn label_of(
        breakdown: Option<Self>,
        key: Option<&str>,
        names: &HashMap<String, String>,
    ) -> String {
        let Some(key) = key else {
            return match breakdown {
                Some(Self::Region | Self::LocalAuthority) => "Postcode not placed".to_owned(),
                Some(Self::HeardAbout) => "Not said".to_owned(),
                _ => "None given".to_owned(),
            };
        };
        match breakdown {
            None => "All".to_owned(),
            Some(Self::Organisation | Self::Region | Self::LocalAuthority) => names
                .get(key)
                .cloned()
                .unwrap_or_else(|| format!("Unknown ({key})")),
            Some(Self::HeardAbout) => {
                HeardAbout::parse(key).map_or_else(|| key.to_owned(), |h| h.label().to_owned())
            }
            Some(Self::Interest) => {
                FosteringKind::parse(key).map_or_else(|| key.to_owned(), |k| k.label().to_owned())
            }
            Some(Self::KnownAdult) => if key == "yes" {
                "Known and trusted adults"
            } else {
                "Everyone else"
            }
            .to_owned(),
            Some(Self::EnquiryMonth) => {
                chrono::NaiveDate::parse_from_str(&format!("{key}-01"), "%Y-%m-%d")
                    .map_or_else(|_| key.to_owned(), |d| d.format("%B %Y").to_string())
            }
            Some(Self::CampaignSource | Self::CampaignMedium | Self::Campaign) => key.to_owned(),
        }
    }
}
