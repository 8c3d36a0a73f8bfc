//! "What support can I get?", for anyone: what each arrangement can bring.

use async_graphql::{Context, Enum, Object, SimpleObject};
use domain::kinship::kinship_support;

use crate::errors::to_graphql;
use crate::schema::storage;

/// A kinship arrangement, as a carer would say it.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::kinship::Arrangement")]
pub enum KinshipArrangement {
    NoOrder,
    ChildArrangementsOrder,
    SpecialGuardianshipOrder,
    ConnectedPerson,
    PrivateFostering,
    NotSure,
}

/// Whether the council must do it, may, or it is not included.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::kinship::Duty")]
pub enum CouncilDuty {
    Must,
    May,
    None,
}

#[derive(SimpleObject)]
pub struct KinshipSupportItem {
    pub duty: CouncilDuty,
    pub text: String,
}

#[derive(SimpleObject)]
pub struct KinshipArrangementSupport {
    pub arrangement: KinshipArrangement,
    pub meaning: String,
    pub support: Vec<KinshipSupportItem>,
    pub sources: Vec<String>,
}

/// The child's council and its kinship local offer, if it gave one.
#[derive(SimpleObject)]
pub struct KinshipCouncil {
    pub name: String,
    pub local_offer: Option<String>,
}

#[derive(SimpleObject)]
pub struct KinshipSupport {
    /// The arrangement's, or every one for NOT_SURE.
    pub arrangements: Vec<KinshipArrangementSupport>,
    pub council: Option<KinshipCouncil>,
}

#[derive(Default)]
pub struct KinshipSupportQuery;

#[Object]
impl KinshipSupportQuery {
    /// What an arrangement can bring, and the council where the child lives
    /// (by postcode or its first half) with its kinship local offer. General
    /// information: check with the council.
    async fn kinship_support(
        &self,
        ctx: &Context<'_>,
        arrangement: KinshipArrangement,
        postcode: String,
    ) -> async_graphql::Result<KinshipSupport> {
        let found = kinship_support(storage(ctx)?, Some(arrangement.into()), &postcode)
            .await
            .map_err(to_graphql)?;
        Ok(KinshipSupport {
            arrangements: found
                .arrangements
                .into_iter()
                .map(|a| KinshipArrangementSupport {
                    arrangement: a.arrangement.into(),
                    meaning: a.meaning,
                    support: a
                        .support
                        .into_iter()
                        .map(|(duty, text)| KinshipSupportItem {
                            duty: duty.into(),
                            text,
                        })
                        .collect(),
                    sources: a.sources,
                })
                .collect(),
            council: found.council.map(|c| KinshipCouncil {
                name: c.name,
                local_offer: c.local_offer,
            }),
        })
    }
}
