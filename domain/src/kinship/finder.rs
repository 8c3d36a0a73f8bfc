//! "Find a group near you", with no account: groups that meet in person
//! within a distance of a postcode, nearest first, then online groups for
//! that area. Only groups with a session in the next 90 days, run by an
//! organisation with a safeguarding lead, are listed.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::entities::{group, group_area, series};
use super::groups::{ForWhom, GroupFormat, Serves, organisations_with_safeguarding_lead};
use super::recurrence::Repeats;
use super::sessions::{LISTED_WITHIN, groups_meeting_soon, rule_of, upcoming_of};
use crate::accounts::organisation_names;
use crate::geography::entities::{local_authority, region};
use crate::geography::{box_around, district_of, miles_between};
use crate::names::stored_names;
use crate::{Ctx, DomainError};

/// The distances people may search within, in miles.
pub const DISTANCES: &[u32] = &[5, 10, 25, 50];
pub const DEFAULT_MILES: u32 = 10;
/// The most groups one search looks at, and lists.
const LOOKED_AT: u64 = 400;
const LISTED: usize = 100;

/// How often a group meets, from its regular sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Meets {
    Weekly,
    Monthly,
    NowAndThen,
}

stored_names!(Meets {
    Weekly => "weekly", "Every week",
    Monthly => "monthly", "Every month",
    NowAndThen => "now_and_then", "Now and then",
});

/// What a search asks; each filter narrows it.
#[derive(Clone, Debug, Default)]
pub struct GroupSearch {
    pub near: String,
    pub miles: Option<u32>,
    /// In person (and both), or online (and both).
    pub format: Option<GroupFormat>,
    pub for_whom: Option<ForWhom>,
    pub meets: Option<Meets>,
    /// Only groups children can come to.
    pub children_welcome: bool,
    /// Only these groups (found by words, `search::public`); with these, a
    /// postcode is not needed.
    pub matching: Option<Vec<i32>>,
}

/// A group as the public list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupListing {
    pub id: i32,
    pub name: String,
    pub organisation: String,
    pub about: String,
    pub format: GroupFormat,
    pub for_whom: ForWhom,
    pub children_welcome: bool,
    pub meets: Meets,
    /// "Every Tuesday at 6pm", or "Now and then".
    pub meets_when: String,
    /// None for a group not listed, as its own people see it.
    pub next_session: Option<DateTime<Utc>>,
    /// The address; online groups say "Online".
    pub place: String,
    /// For online groups: the area they are for.
    pub serves: Option<String>,
    pub miles_away: Option<f64>,
}

/// How often each group meets and how people read it, from its series.
pub(crate) async fn meeting_pattern(
    conn: &impl ConnectionTrait,
    groups: &[i32],
    today: chrono::NaiveDate,
) -> Result<HashMap<i32, (Meets, String)>, DomainError> {
    let running = series::Entity::find()
        .filter(series::Column::GroupId.is_in(groups.iter().copied()))
        .filter(series::Column::StoppedAt.is_null())
        .order_by_asc(series::Column::Id)
        .all(conn)
        .await?;
    let mut patterns: HashMap<i32, (Meets, String)> = HashMap::new();
    for row in running
        .iter()
        .filter(|s| s.ends_on.is_none_or(|e| e >= today))
    {
        let rule = rule_of(row)?;
        let meets = match rule.repeats {
            Repeats::Weekly => Meets::Weekly,
            Repeats::Monthly => Meets::Monthly,
        };
        let better = patterns
            .get(&row.group_id)
            .is_none_or(|(had, _)| *had != Meets::Weekly && meets == Meets::Weekly);
        if better {
            patterns.insert(row.group_id, (meets, rule.describe()));
        }
    }
    Ok(patterns)
}

/// The groups near `search.near`, in person nearest first, then online.
pub async fn find_groups(
    ctx: &Ctx,
    search: &GroupSearch,
) -> Result<Vec<GroupListing>, DomainError> {
    let now = ctx.clock.now();
    let mut query = group::Entity::find()
        .filter(group::Column::ClosedAt.is_null())
        .filter(group::Column::Id.in_subquery(groups_meeting_soon(now)));
    if let Some(ids) = &search.matching {
        query = query.filter(group::Column::Id.is_in(ids.iter().copied()));
    }
    if search.children_welcome {
        query = query.filter(group::Column::ChildrenWelcome.eq(true));
    }
    if let Some(for_whom) = search.for_whom {
        query = query.filter(group::Column::ForWhom.eq(for_whom.as_str()));
    }
    // Found by words with no postcode: those groups, soonest first.
    if search.near.trim().is_empty() && search.matching.is_some() {
        let rows = query
            .order_by_asc(group::Column::Id)
            .limit(LOOKED_AT)
            .all(&ctx.db)
            .await?;
        let mut listed: Vec<GroupListing> = listings(&ctx.db, rows, now, None)
            .await?
            .into_iter()
            .filter(|listing| wanted(search, listing))
            .collect();
        listed.sort_by(|a, b| a.next_session.cmp(&b.next_session).then(a.id.cmp(&b.id)));
        listed.truncate(LISTED);
        return Ok(listed);
    }
    let district = district_of(&ctx.db, search.near.trim(), "near").await?;
    let miles = f64::from(
        search
            .miles
            .filter(|m| DISTANCES.contains(m))
            .unwrap_or(DEFAULT_MILES),
    );
    let here = (district.latitude, district.longitude);
    let (lat_span, lon_span) = box_around(here.0, miles);
    let in_box = group::Column::Latitude
        .between(here.0 - lat_span, here.0 + lat_span)
        .and(group::Column::Longitude.between(here.1 - lon_span, here.1 + lon_span));
    // Those meeting in person near, and those meeting online: each its own
    // bounded read, so neither crowds the other out.
    let mut rows = query
        .clone()
        .filter(in_box)
        .order_by_asc(group::Column::Id)
        .limit(LOOKED_AT)
        .all(&ctx.db)
        .await?;
    rows.extend(
        query
            .filter(group::Column::Format.eq(GroupFormat::Online.as_str()))
            .filter(online_for(&ctx.db, &district).await?)
            .order_by_asc(group::Column::Id)
            .limit(LOOKED_AT)
            .all(&ctx.db)
            .await?,
    );
    let listed = listings(&ctx.db, rows, now, Some(here)).await?;
    let mut near: Vec<GroupListing> = Vec::new();
    let mut online: Vec<GroupListing> = Vec::new();
    for listing in listed {
        if !wanted(search, &listing) {
            continue;
        }
        if listing.format.meets_in_person() {
            if listing.miles_away.is_some_and(|m| m <= miles) {
                near.push(listing);
            }
            continue;
        }
        online.push(listing);
    }
    near.sort_by(|a, b| {
        a.miles_away
            .partial_cmp(&b.miles_away)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.next_session.cmp(&b.next_session))
    });
    online.sort_by(|a, b| a.next_session.cmp(&b.next_session).then(a.id.cmp(&b.id)));
    near.extend(online);
    near.truncate(LISTED);
    Ok(near)
}

/// Whether a listing is of the format and rhythm asked for.
fn wanted(search: &GroupSearch, listing: &GroupListing) -> bool {
    let format = listing.format;
    let wanted_format = match search.format {
        None => true,
        Some(GroupFormat::InPerson) => format.meets_in_person(),
        Some(GroupFormat::Online) => format.meets_online(),
        Some(GroupFormat::Both) => format == GroupFormat::Both,
    };
    wanted_format && search.meets.is_none_or(|m| m == listing.meets)
}

/// Online groups for the district's area: all England's, its region's,
/// and those naming its local authority.
async fn online_for(
    conn: &impl ConnectionTrait,
    district: &crate::geography::entities::postcode_district::Model,
) -> Result<Condition, DomainError> {
    use sea_orm::sea_query::Query;
    let mut area = Condition::any().add(group::Column::Serves.eq(Serves::National.as_str()));
    if let Some(authority_id) = district.local_authority_id {
        area = area.add(
            group::Column::Serves.eq(Serves::Authorities.as_str()).and(
                group::Column::Id.in_subquery(
                    Query::select()
                        .column(group_area::Column::GroupId)
                        .from(group_area::Entity)
                        .and_where(group_area::Column::LocalAuthorityId.eq(authority_id))
                        .to_owned(),
                ),
            ),
        );
        let region = match local_authority::Entity::find_by_id(authority_id)
            .one(conn)
            .await?
        {
            Some(authority) => {
                region::Entity::find_by_id(authority.region_id)
                    .one(conn)
                    .await?
            }
            None => None,
        };
        if let Some(region) = region {
            area = area.add(
                group::Column::Serves
                    .eq(Serves::Region.as_str())
                    .and(group::Column::RegionCode.eq(region.gss_code)),
            );
        }
    }
    Ok(area)
}

/// The listing of each of `rows` that may be listed: run by an
/// organisation with a safeguarding lead, with a session in the next 90
/// days. Others are left out.
pub(crate) async fn listings(
    conn: &impl ConnectionTrait,
    rows: Vec<group::Model>,
    now: DateTime<Utc>,
    from: Option<(f64, f64)>,
) -> Result<Vec<GroupListing>, DomainError> {
    let safe =
        organisations_with_safeguarding_lead(conn, rows.iter().map(|r| r.organisation_id)).await?;
    let rows: Vec<group::Model> = rows
        .into_iter()
        .filter(|r| r.closed_at.is_none() && safe.contains(&r.organisation_id))
        .collect();
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let upcoming = upcoming_of(conn, &ids, now, Some(LISTED_WITHIN)).await?;
    let today = now.with_timezone(&chrono_tz::Europe::London).date_naive();
    let patterns = meeting_pattern(conn, &ids, today).await?;
    let names = organisation_names(conn, rows.iter().map(|r| r.organisation_id)).await?;
    let region_names: HashMap<String, String> = region::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.gss_code, r.name))
        .collect();
    let areas = group_area::Entity::find()
        .filter(group_area::Column::GroupId.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    let authority_names: HashMap<i32, String> = local_authority::Entity::find()
        .filter(local_authority::Column::Id.is_in(areas.iter().map(|a| a.local_authority_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let mut listed = Vec::new();
    for row in rows {
        let Some((_, next)) = upcoming.iter().find(|(s, _)| s.group_id == row.id) else {
            continue;
        };
        let format = GroupFormat::from_stored(&row.format)?;
        let (meets, meets_when) = patterns
            .get(&row.id)
            .cloned()
            .unwrap_or((Meets::NowAndThen, Meets::NowAndThen.label().to_owned()));
        let place = match (&row.venue, &row.postcode) {
            (Some(venue), Some(postcode)) => format!("{venue}, {postcode}"),
            _ => GroupFormat::Online.label().to_owned(),
        };
        let serves = (format == GroupFormat::Online)
            .then(|| match Serves::parse(&row.serves) {
                Some(Serves::Region) => row
                    .region_code
                    .as_ref()
                    .and_then(|code| region_names.get(code))
                    .cloned(),
                Some(Serves::Authorities) => {
                    let mut names: Vec<&str> = areas
                        .iter()
                        .filter(|a| a.group_id == row.id)
                        .filter_map(|a| authority_names.get(&a.local_authority_id))
                        .map(String::as_str)
                        .collect();
                    names.sort_unstable();
                    Some(names.join(", "))
                }
                _ => Some(Serves::National.label().to_owned()),
            })
            .flatten();
        let listing = GroupListing {
            id: row.id,
            name: row.name.clone(),
            organisation: names.get(&row.organisation_id).cloned().unwrap_or_default(),
            about: row.about.clone(),
            format,
            for_whom: ForWhom::from_stored(&row.for_whom)?,
            children_welcome: row.children_welcome,
            meets,
            meets_when,
            next_session: Some(next.starts_at),
            place,
            serves,
            miles_away: from
                .zip(row.latitude.zip(row.longitude))
                .map(|(a, b)| miles_between(a, b)),
        };
        listed.push(listing);
    }
    Ok(listed)
}
