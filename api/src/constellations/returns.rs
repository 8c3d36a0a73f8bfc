//! A constellation's return for a period: its activity, and its outcomes
//! beside the service's carer households in no constellation, through the
//! suppression rule; the same lines as the page's CSV, and the CSV itself.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::NaiveDate;
use domain::constellations::{checked_period, constellation_return};

use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::schema::{actor, storage};

/// One line of the return.
#[derive(SimpleObject)]
pub struct ReturnLine {
    pub measure: String,
    /// `constellation`, `members` or `others`.
    pub group: String,
    /// Empty where the suppression rule hides a count under 5.
    pub value: String,
}

/// A constellation's return for a period.
#[derive(SimpleObject)]
pub struct ConstellationReturn {
    pub constellation_id: ID,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub lines: Vec<ReturnLine>,
    /// The same, as CSV: counts only, no free text.
    pub csv: String,
}

#[derive(Default)]
pub struct ReturnQuery;

#[Object]
impl ReturnQuery {
    /// A constellation's return from one day to another (both included):
    /// for its liaison workers and the service's managers.
    async fn constellation_return(
        &self,
        ctx: &Context<'_>,
        id: ID,
        from: NaiveDate,
        to: NaiveDate,
    ) -> async_graphql::Result<ConstellationReturn> {
        let id = from_id("Constellation", &id, "id")?;
        let period = checked_period(Some(from), Some(to)).map_err(to_graphql)?;
        let found = constellation_return(storage(ctx)?, actor(ctx), id, period)
            .await
            .map_err(to_graphql)?;
        Ok(ConstellationReturn {
            constellation_id: to_id("Constellation", found.constellation_id),
            from: found.period.from,
            to: found.period.to,
            csv: found.csv().map_err(to_graphql)?,
            lines: found
                .lines()
                .into_iter()
                .map(|(measure, group, value)| ReturnLine {
                    measure: measure.to_owned(),
                    group: group.to_owned(),
                    value,
                })
                .collect(),
        })
    }
}
