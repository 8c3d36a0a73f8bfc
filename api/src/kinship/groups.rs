//! Finding a group near a postcode, a group's page as the reader may see
//! it, and setting groups up and running them.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use domain::kinship::{
    GroupInput, GroupSearch, change_group, close_group, find_groups, groups_run, kinship_figures,
    kinship_group, post_announcement, set_up_group,
};

use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::schema::{actor, storage};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::kinship::GroupFormat")]
pub enum KinshipGroupFormat {
    InPerson,
    Online,
    /// In person, and online for those who cannot come.
    Both,
}

/// Who a group is for.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::kinship::ForWhom")]
pub enum KinshipGroupForWhom {
    Anyone,
    Grandparents,
    MaleCarers,
    Under35s,
}

/// The area an online group is for.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::kinship::Serves")]
pub enum KinshipGroupServes {
    /// A group meeting in person: those near it.
    Nearby,
    National,
    Region,
    Authorities,
}

/// How often a group meets.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::kinship::Meets")]
pub enum KinshipGroupMeets {
    Weekly,
    Monthly,
    NowAndThen,
}

/// A group as anyone may see it.
#[derive(SimpleObject)]
pub struct KinshipGroupListing {
    pub id: ID,
    pub name: String,
    /// Who runs it.
    pub organisation: String,
    pub about: String,
    pub format: KinshipGroupFormat,
    pub for_whom: KinshipGroupForWhom,
    pub children_welcome: bool,
    pub meets: KinshipGroupMeets,
    /// "Every Tuesday at 6pm".
    pub meets_when: String,
    /// None for a group not listed (no session in the next 90 days), as
    /// its facilitators and members see it.
    pub next_session: Option<DateTime<Utc>>,
    /// The address, or "Online".
    pub place: String,
    /// For an online group, the area it is for.
    pub serves: Option<String>,
    pub miles_away: Option<f64>,
}

impl From<domain::kinship::GroupListing> for KinshipGroupListing {
    fn from(g: domain::kinship::GroupListing) -> Self {
        Self {
            id: to_id("KinshipGroup", g.id),
            name: g.name,
            organisation: g.organisation,
            about: g.about,
            format: g.format.into(),
            for_whom: g.for_whom.into(),
            children_welcome: g.children_welcome,
            meets: g.meets.into(),
            meets_when: g.meets_when,
            next_session: g.next_session,
            place: g.place,
            serves: g.serves,
            miles_away: g.miles_away.map(|m| (m * 10.0).round() / 10.0),
        }
    }
}

/// Where the viewer stands with a group.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum KinshipStanding {
    /// Signed out, or not registered as a kinship carer.
    Public,
    /// Registered, not a member.
    Registered,
    Asked,
    /// A member who has not yet accepted the agreement.
    MemberToAgree,
    Member,
    Facilitator,
}

/// A session or workshop on a group's page.
#[derive(SimpleObject)]
pub struct KinshipSession {
    pub id: ID,
    pub title: String,
    pub about: String,
    pub workshop: bool,
    /// Any registered kinship carer may book it.
    pub open_to_all: bool,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub places_left: i32,
    /// The viewer has a place.
    pub booked: bool,
}

impl From<domain::kinship::SessionEntry> for KinshipSession {
    fn from(s: domain::kinship::SessionEntry) -> Self {
        Self {
            id: to_id("KinshipSession", s.id),
            title: s.title,
            about: s.about,
            workshop: s.workshop,
            open_to_all: s.open_to_all,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            places_left: s.places_left,
            booked: s.booked,
        }
    }
}

#[derive(SimpleObject)]
pub struct KinshipAnnouncement {
    pub title: String,
    pub body: String,
    pub posted_at: DateTime<Utc>,
}

/// A group's page.
#[derive(SimpleObject)]
pub struct KinshipGroupPage {
    pub listing: KinshipGroupListing,
    pub standing: KinshipStanding,
    /// For `withdraw` or `leave`.
    pub membership_id: Option<ID>,
    pub sessions: Vec<KinshipSession>,
    /// Members' first names: for members who accepted the agreement, and
    /// facilitators.
    pub members: Vec<String>,
    pub announcements: Vec<KinshipAnnouncement>,
    pub agreement: String,
    pub joining_link: Option<String>,
}

/// A group an organisation runs, for its facilitators and administrators.
#[derive(SimpleObject)]
pub struct KinshipGroupRun {
    pub id: ID,
    pub name: String,
    pub organisation: String,
    pub format: KinshipGroupFormat,
    pub closed: bool,
    /// The viewer facilitates it.
    pub mine: bool,
    /// Exact for its facilitators; for those who oversee it, rounded to 5
    /// and null when 1 to 4.
    pub members: Option<i32>,
    pub asking: Option<i32>,
}

/// A count through the suppression rule: `null` when under 5 (and not 0).
#[derive(SimpleObject)]
pub struct KinshipGroupFigures {
    pub group: String,
    pub closed: bool,
    pub members: Option<u64>,
    pub sessions_held: Option<u64>,
    pub places_taken: Option<u64>,
    pub attended: Option<u64>,
    /// New members in each month of `months`.
    pub new_members: Vec<Option<u64>>,
}

#[derive(SimpleObject)]
pub struct KinshipFigures {
    /// The first day of each month counted, oldest first.
    pub months: Vec<chrono::NaiveDate>,
    pub groups: Vec<KinshipGroupFigures>,
    /// The same, as CSV.
    pub csv: String,
}

#[derive(Default)]
pub struct KinshipGroupsQuery;

#[Object]
impl KinshipGroupsQuery {
    /// Groups near a postcode (or its first half), for anyone: those that
    /// meet in person within `miles` (5, 10, 25 or 50), nearest first, then
    /// online groups for that area. With `words`, only groups whose name,
    /// description, place or organiser match them, spelling mistakes
    /// forgiven; with words, the postcode may be left out. Only groups with
    /// a session in the next 90 days are listed.
    #[allow(clippy::too_many_arguments)]
    async fn kinship_groups(
        &self,
        ctx: &Context<'_>,
        near: Option<String>,
        words: Option<String>,
        miles: Option<u32>,
        format: Option<KinshipGroupFormat>,
        for_whom: Option<KinshipGroupForWhom>,
        meets: Option<KinshipGroupMeets>,
        children_welcome: Option<bool>,
    ) -> async_graphql::Result<Vec<KinshipGroupListing>> {
        let matching = crate::search::public_words(
            ctx,
            domain::search::public::Listed::KinshipGroup,
            words.as_deref(),
            "words",
        )
        .await?;
        let search = GroupSearch {
            near: near.unwrap_or_default(),
            miles,
            format: format.map(Into::into),
            for_whom: for_whom.map(Into::into),
            meets: meets.map(Into::into),
            children_welcome: children_welcome.unwrap_or(false),
            matching,
        };
        let found = find_groups(storage(ctx)?, &search)
            .await
            .map_err(to_graphql)?;
        Ok(found.into_iter().map(Into::into).collect())
    }

    /// A group's page, as the viewer may see it.
    async fn kinship_group(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<KinshipGroupPage> {
        let id = from_id("KinshipGroup", &id, "id")?;
        let page = kinship_group(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        use domain::kinship::Standing;
        let (standing, membership_id) = match page.standing {
            Standing::Public => (KinshipStanding::Public, None),
            Standing::Registered => (KinshipStanding::Registered, None),
            Standing::Asked { membership_id } => (KinshipStanding::Asked, Some(membership_id)),
            Standing::Member {
                membership_id,
                agreed,
            } => (
                if agreed {
                    KinshipStanding::Member
                } else {
                    KinshipStanding::MemberToAgree
                },
                Some(membership_id),
            ),
            Standing::Facilitator => (KinshipStanding::Facilitator, None),
        };
        Ok(KinshipGroupPage {
            listing: page.listing.into(),
            standing,
            membership_id: membership_id.map(|id| to_id("KinshipMembership", id)),
            sessions: page.sessions.into_iter().map(Into::into).collect(),
            members: page.members,
            announcements: page
                .announcements
                .into_iter()
                .map(|a| KinshipAnnouncement {
                    title: a.title,
                    body: a.body,
                    posted_at: a.posted_at,
                })
                .collect(),
            agreement: page.agreement,
            joining_link: page.joining_link,
        })
    }

    /// The groups of the organisations where the viewer facilitates or
    /// oversees kinship groups.
    async fn kinship_groups_run(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<KinshipGroupRun>> {
        let groups = groups_run(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        let count = |n: u64| i32::try_from(n).unwrap_or(i32::MAX);
        Ok(groups
            .into_iter()
            .map(|g| KinshipGroupRun {
                id: to_id("KinshipGroup", g.id),
                name: g.name,
                organisation: g.organisation,
                format: g.format.into(),
                closed: g.closed,
                mine: g.mine,
                members: g.members.map(count),
                asking: g.asking.map(count),
            })
            .collect())
    }

    /// An organisation's kinship groups in counts, for its administrators.
    async fn kinship_figures(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
    ) -> async_graphql::Result<KinshipFigures> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        let figures = kinship_figures(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        let csv = figures.csv().map_err(to_graphql)?;
        Ok(KinshipFigures {
            csv,
            months: figures.months,
            groups: figures
                .groups
                .into_iter()
                .map(|g| KinshipGroupFigures {
                    group: g.group,
                    closed: g.closed,
                    members: g.members.shown(),
                    sessions_held: g.sessions_held.shown(),
                    places_taken: g.places_taken.shown(),
                    attended: g.attended.shown(),
                    new_members: g.new_members.into_iter().map(|f| f.shown()).collect(),
                })
                .collect(),
        })
    }
}

/// A group to set up or change.
#[derive(InputObject)]
pub struct KinshipGroupInput {
    /// Setting up only: the organisation that runs it.
    pub organisation_id: Option<ID>,
    pub name: String,
    pub about: String,
    pub format: KinshipGroupFormat,
    pub for_whom: KinshipGroupForWhom,
    #[graphql(default)]
    pub children_welcome: bool,
    /// In person: the building and street.
    #[graphql(default)]
    pub venue: String,
    #[graphql(default)]
    pub postcode: String,
    /// Online: the link members join with; only members see it.
    #[graphql(default)]
    pub joining_link: String,
    /// Online: the area it is for.
    pub serves: Option<KinshipGroupServes>,
    /// A region's GSS code, for `REGION`.
    #[graphql(default)]
    pub region: String,
    /// Local authorities' GSS codes, for `AUTHORITIES`.
    #[graphql(default)]
    pub authorities: Vec<String>,
    /// Empty for the standard agreement.
    #[graphql(default)]
    pub agreement: String,
    /// Facilitators' person ids; the viewer when empty.
    #[graphql(default)]
    pub facilitator_ids: Vec<ID>,
}

impl KinshipGroupInput {
    fn into_domain(self, organisation_id: i32) -> async_graphql::Result<GroupInput> {
        let facilitators = self
            .facilitator_ids
            .iter()
            .map(|id| from_id("Person", id, "input.facilitatorIds"))
            .collect::<async_graphql::Result<_>>()?;
        Ok(GroupInput {
            organisation_id,
            name: self.name,
            about: self.about,
            format: Some(self.format.into()),
            for_whom: Some(self.for_whom.into()),
            children_welcome: self.children_welcome,
            venue: self.venue,
            postcode: self.postcode,
            joining_link: self.joining_link,
            serves: self.serves.map(Into::into),
            region: self.region,
            authorities: self.authorities,
            agreement: self.agreement,
            facilitators,
        })
    }
}

#[derive(Default)]
pub struct KinshipGroupsMutation;

#[Object]
impl KinshipGroupsMutation {
    /// Sets up a group, for a kinship group facilitator of the organisation.
    async fn set_up_kinship_group(
        &self,
        ctx: &Context<'_>,
        input: KinshipGroupInput,
    ) -> async_graphql::Result<ID> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let organisation = input.organisation_id.as_ref().ok_or_else(|| {
            to_graphql(domain::DomainError::invalid(
                "organisation_id",
                "Choose the organisation that runs it",
            ))
        })?;
        let organisation = from_id("Organisation", organisation, "input.organisationId")?;
        let input = input.into_domain(organisation)?;
        let id = set_up_group(storage(ctx)?, actor(ctx), &input)
            .await
            .map_err(to_graphql)?;
        Ok(to_id("KinshipGroup", id))
    }

    /// Changes a group the viewer facilitates.
    async fn change_kinship_group(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: KinshipGroupInput,
    ) -> async_graphql::Result<bool> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("KinshipGroup", &id, "id")?;
        let input = input.into_domain(0)?;
        change_group(storage(ctx)?, actor(ctx), id, &input)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Closes a group the viewer facilitates: no longer listed; its
    /// members and history are kept.
    async fn close_kinship_group(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("KinshipGroup", &id, "id")?;
        close_group(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Posts a message to a group's members: each is emailed that there
    /// is a message, never its words.
    async fn post_kinship_announcement(
        &self,
        ctx: &Context<'_>,
        group_id: ID,
        title: String,
        body: String,
    ) -> async_graphql::Result<ID> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("KinshipGroup", &group_id, "groupId")?;
        let made = post_announcement(storage(ctx)?, actor(ctx), id, &title, &body)
            .await
            .map_err(to_graphql)?;
        Ok(to_id("KinshipAnnouncement", made))
    }
}
