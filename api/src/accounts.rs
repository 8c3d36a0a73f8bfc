//! Organisations, their staff and their API tokens.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use domain::accounts as use_cases;

use crate::connections::{Listed, connection, page_request};
use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::schema::{actor, storage};

/// What someone may do in an organisation.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::accounts::Role")]
pub enum Role {
    Administrator,
    RecruitmentOfficer,
    RecruitmentManager,
    AssessingSocialWorker,
    /// In a local authority: the social worker of a child in care.
    ChildsSocialWorker,
    PanelAdministrator,
    AgencyDecisionMaker,
    LiaisonWorker,
    /// The carers' own social worker, after approval.
    SupervisingSocialWorker,
    /// Manages the service's carer households.
    FosteringTeamManager,
    FosterCarer,
    PeerSupporter,
    KinshipGroupFacilitator,
    /// Receives concerns about children's safety.
    SafeguardingLead,
    /// Runs the service's peer support.
    PeerSupportCoordinator,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::accounts::OrganisationKind")]
pub enum OrganisationKind {
    NationalProgramme,
    RegionalCareCooperative,
    LocalAuthority,
    IndependentFosteringAgency,
    /// Runs kinship groups; never a fostering service.
    Charity,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::accounts::AccountStatus", name = "AccountStatus")]
pub enum AccountStatusName {
    Active,
    /// Invited, and no password chosen yet.
    Invited,
    /// Locked by the national programme: it cannot sign in.
    Locked,
}

/// A fostering service or the national programme.
pub struct Organisation(pub use_cases::OrganisationSummary);

/// A local authority an organisation recruits for.
#[derive(SimpleObject)]
pub struct RecruitingArea {
    pub gss_code: String,
    pub name: String,
}

#[Object]
impl Organisation {
    async fn id(&self) -> ID {
        to_id("Organisation", self.0.id)
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn kind(&self) -> OrganisationKind {
        self.0.kind.into()
    }

    /// The local authorities it recruits for: its own, for a local
    /// authority; those it serves, for a Regional Care Cooperative.
    async fn local_authorities(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<RecruitingArea>> {
        let details = use_cases::organisation_details(storage(ctx)?, self.0.id)
            .await
            .map_err(to_graphql)?;
        Ok(details
            .local_authorities
            .into_iter()
            .map(|(gss_code, name)| RecruitingArea { gss_code, name })
            .collect())
    }

    /// Everyone who holds a role here. For its administrators.
    async fn people(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Listed<StaffMember>> {
        let page = page_request(first, after, last, before)?;
        let people = use_cases::organisation_people(storage(ctx)?, actor(ctx), self.0.id, &page)
            .await
            .map_err(to_graphql)?;
        Ok(connection(people, StaffMember::from))
    }

    /// The invitations it has sent that wait for an answer, as they were
    /// typed. For its administrators.
    async fn invitations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<StaffInvitation>> {
        let waiting = use_cases::waiting_invitations(storage(ctx)?, actor(ctx), self.0.id)
            .await
            .map_err(to_graphql)?;
        Ok(waiting.into_iter().map(StaffInvitation::from).collect())
    }

    /// Its API tokens, revoked ones too. For its administrators.
    async fn api_tokens(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ApiToken>> {
        let tokens = use_cases::list_api_tokens(storage(ctx)?, actor(ctx), self.0.id)
            .await
            .map_err(to_graphql)?;
        Ok(tokens.into_iter().map(ApiToken::from).collect())
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::accounts::InvitationStatus")]
pub enum InvitationStatus {
    /// Waiting for the person's answer: nothing is granted yet.
    Pending,
    Accepted,
    Declined,
}

/// An invitation to a role, as the administrators who sent it see it: the
/// name and address as they typed them, whatever account the address has.
#[derive(SimpleObject)]
pub struct StaffInvitation {
    pub id: ID,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub status: InvitationStatus,
    pub expires_at: DateTime<Utc>,
}

impl From<use_cases::StaffInvitation> for StaffInvitation {
    fn from(invitation: use_cases::StaffInvitation) -> Self {
        Self {
            id: to_id("StaffInvitation", &invitation.id),
            name: invitation.name,
            email: invitation.email,
            role: invitation.role.into(),
            status: invitation.status.into(),
            expires_at: invitation.expires_at,
        }
    }
}

/// An invitation waiting for the signed-in person's answer.
#[derive(SimpleObject)]
pub struct InvitationToAnswer {
    pub id: ID,
    pub organisation_name: String,
    pub role: Role,
    pub expires_at: DateTime<Utc>,
}

/// Someone who holds roles in an organisation, as its administrators see them.
#[derive(SimpleObject)]
pub struct StaffMember {
    /// The person's id.
    pub id: ID,
    pub name: String,
    pub email: String,
    /// Their roles in this organisation.
    pub roles: Vec<Role>,
    pub status: AccountStatusName,
    /// Why the account is locked: for the national programme's
    /// administrators only, null for anyone else.
    pub lock_reason: Option<String>,
}

impl From<use_cases::StaffMember> for StaffMember {
    fn from(member: use_cases::StaffMember) -> Self {
        Self {
            id: to_id("Person", member.person_id),
            name: member.name,
            email: member.email,
            roles: member.roles.into_iter().map(Role::from).collect(),
            status: member.status.into(),
            lock_reason: member.lock_reason,
        }
    }
}

/// A bearer token for a machine client. The secret is shown only once,
/// when the token is made.
#[derive(SimpleObject)]
pub struct ApiToken {
    pub id: ID,
    pub name: String,
    /// The role whose rights it has, in its organisation.
    pub role: Role,
    pub created_at: DateTime<Utc>,
    /// The person who made it, who answers for what it reads.
    pub made_by: Option<String>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<use_cases::ApiToken> for ApiToken {
    fn from(token: use_cases::ApiToken) -> Self {
        Self {
            id: to_id("ApiToken", token.id),
            name: token.name,
            role: token.role.into(),
            created_at: token.created_at,
            made_by: token.made_by,
            last_used_at: token.last_used_at,
            revoked_at: token.revoked_at,
        }
    }
}

/// A token just made.
#[derive(SimpleObject)]
pub struct CreatedApiToken {
    pub api_token: ApiToken,
    /// Send it as `Authorization: Bearer <secret>`. Shown this once: Hearth
    /// keeps only its hash.
    pub secret: String,
}

#[derive(InputObject)]
pub struct CreateOrganisationInput {
    /// A Regional Care Cooperative or an independent fostering agency.
    pub kind: OrganisationKind,
    pub name: String,
    /// For an RCC: the GSS codes of the local authorities it serves.
    #[graphql(default)]
    pub local_authorities: Vec<String>,
}

#[derive(InputObject)]
pub struct InviteStaffInput {
    pub organisation_id: ID,
    pub email: String,
    pub name: String,
    pub role: Role,
}

#[derive(InputObject)]
pub struct RoleInput {
    pub organisation_id: ID,
    pub person_id: ID,
    pub role: Role,
}

impl RoleInput {
    /// The organisation's and the person's numbers.
    fn ids(&self) -> async_graphql::Result<(i32, i32)> {
        Ok((
            from_id("Organisation", &self.organisation_id, "organisationId")?,
            from_id("Person", &self.person_id, "personId")?,
        ))
    }
}

#[derive(InputObject)]
pub struct CreateApiTokenInput {
    pub organisation_id: ID,
    /// What it is for, such as "Case system nightly export".
    pub name: String,
    pub role: Role,
}

#[derive(Default)]
pub struct AccountsQuery;

#[Object]
impl AccountsQuery {
    /// An organisation, by id.
    async fn organisation(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<Organisation>> {
        let id = from_id("Organisation", &id, "id")?;
        match use_cases::organisation_details(storage(ctx)?, id).await {
            Ok(details) => Ok(Some(Organisation(details.organisation))),
            Err(domain::DomainError::NotFound) => Ok(None),
            Err(other) => Err(to_graphql(other)),
        }
    }

    /// The invitations to a role waiting for the signed-in person's answer.
    async fn my_staff_invitations(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<InvitationToAnswer>> {
        let waiting = use_cases::my_invitations(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(waiting
            .into_iter()
            .map(|invitation| InvitationToAnswer {
                id: to_id("StaffInvitation", &invitation.id),
                organisation_name: invitation.organisation,
                role: invitation.role.into(),
                expires_at: invitation.expires_at,
            })
            .collect())
    }

    /// The organisations the viewer administers, by name, a page at a time:
    /// every one, for an administrator of the national programme. `name`
    /// finds those with it in their name, in any case.
    #[allow(clippy::too_many_arguments)]
    async fn administered_organisations(
        &self,
        ctx: &Context<'_>,
        name: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Listed<Organisation>> {
        let page = page_request(first, after, last, before)?;
        let named = name.unwrap_or_default();
        let found = use_cases::administered_organisations(storage(ctx)?, actor(ctx), &named, &page)
            .await
            .map_err(to_graphql)?;
        Ok(connection(found, Organisation))
    }
}

#[derive(Default)]
pub struct AccountsMutation;

async fn organisation(ctx: &Context<'_>, id: i32) -> async_graphql::Result<Organisation> {
    let details = use_cases::organisation_details(storage(ctx)?, id)
        .await
        .map_err(to_graphql)?;
    Ok(Organisation(details.organisation))
}

async fn staff_member(
    ctx: &Context<'_>,
    organisation_id: i32,
    person_id: i32,
) -> async_graphql::Result<StaffMember> {
    let member = use_cases::staff_member(storage(ctx)?, actor(ctx), organisation_id, person_id)
        .await
        .map_err(to_graphql)?;
    Ok(member.into())
}

/// The signed-in person's answer to an invitation of theirs.
async fn answer_invitation(
    ctx: &Context<'_>,
    id: &ID,
    answer: use_cases::Answer,
) -> async_graphql::Result<bool> {
    let id: String = from_id("StaffInvitation", id, "id")?;
    use_cases::answer_staff_invitation(storage(ctx)?, actor(ctx), &id, answer)
        .await
        .map_err(to_graphql)?;
    Ok(true)
}

#[Object]
impl AccountsMutation {
    /// Staff give (or, with an empty string, take away) the work telephone
    /// number the households they are the contact for see.
    async fn set_work_phone(
        &self,
        ctx: &Context<'_>,
        phone: String,
    ) -> async_graphql::Result<bool> {
        domain::accounts::set_work_phone(storage(ctx)?, actor(ctx), &phone)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Sets up a Regional Care Cooperative (with the local authorities it
    /// serves) or an independent fostering agency. For administrators of the
    /// national programme.
    async fn create_organisation(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganisationInput,
    ) -> async_graphql::Result<Organisation> {
        let new = use_cases::NewOrganisation {
            kind: input.kind.into(),
            name: input.name,
            local_authorities: input.local_authorities,
        };
        let id = use_cases::create_organisation(storage(ctx)?, actor(ctx), &new)
            .await
            .map_err(to_graphql)?;
        organisation(ctx, id).await
    }

    /// Sets which local authorities a Regional Care Cooperative serves, in
    /// place of those it served. For administrators of the national
    /// programme.
    async fn set_served_local_authorities(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        local_authorities: Vec<String>,
    ) -> async_graphql::Result<Organisation> {
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        use_cases::set_served_local_authorities(storage(ctx)?, actor(ctx), id, &local_authorities)
            .await
            .map_err(to_graphql)?;
        organisation(ctx, id).await
    }

    /// Invites someone to hold a role in an organisation. Nothing is granted
    /// until they accept: someone new chooses a password from the emailed
    /// link; someone with an account accepts or declines once signed in. The
    /// answer is the invitation as typed, whatever the address.
    async fn invite_staff(
        &self,
        ctx: &Context<'_>,
        input: InviteStaffInput,
    ) -> async_graphql::Result<StaffInvitation> {
        let organisation_id = from_id("Organisation", &input.organisation_id, "organisationId")?;
        let new = use_cases::NewStaffMember {
            organisation_id,
            email: input.email,
            name: input.name,
            role: Some(input.role.into()),
        };
        let invitation = use_cases::invite_staff(storage(ctx)?, actor(ctx), &new)
            .await
            .map_err(to_graphql)?;
        Ok(invitation.into())
    }

    /// The signed-in person accepts an invitation of theirs: the role is
    /// theirs at once. Returns true.
    async fn accept_staff_invitation(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<bool> {
        answer_invitation(ctx, &id, use_cases::Answer::Accept).await
    }

    /// The signed-in person declines an invitation of theirs: nothing is
    /// given. Returns true.
    async fn decline_staff_invitation(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<bool> {
        answer_invitation(ctx, &id, use_cases::Answer::Decline).await
    }

    /// Gives someone with an account a role in an organisation.
    async fn give_role(
        &self,
        ctx: &Context<'_>,
        input: RoleInput,
    ) -> async_graphql::Result<StaffMember> {
        let (organisation_id, person_id) = input.ids()?;
        use_cases::give_role(
            storage(ctx)?,
            actor(ctx),
            organisation_id,
            person_id,
            input.role.into(),
        )
        .await
        .map_err(to_graphql)?;
        staff_member(ctx, organisation_id, person_id).await
    }

    /// Takes a role away. Returns true.
    async fn take_role(&self, ctx: &Context<'_>, input: RoleInput) -> async_graphql::Result<bool> {
        let (organisation_id, person_id) = input.ids()?;
        use_cases::take_role(
            storage(ctx)?,
            actor(ctx),
            organisation_id,
            person_id,
            input.role.into(),
        )
        .await
        .map_err(to_graphql)?;
        Ok(true)
    }

    /// Removes someone from an organisation: every role they hold there
    /// goes; nothing of theirs elsewhere changes. For the organisation's
    /// administrators. Returns true.
    async fn remove_from_organisation(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        person_id: ID,
    ) -> async_graphql::Result<bool> {
        let organisation_id = from_id("Organisation", &organisation_id, "organisationId")?;
        let person_id = from_id("Person", &person_id, "personId")?;
        use_cases::remove_from_organisation(storage(ctx)?, actor(ctx), organisation_id, person_id)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Locks an account as a whole, saying why: it cannot sign in and its
    /// sessions end. For the national programme's administrators only.
    /// Returns true.
    async fn lock_account(
        &self,
        ctx: &Context<'_>,
        person_id: ID,
        reason: String,
    ) -> async_graphql::Result<bool> {
        let person_id = from_id("Person", &person_id, "personId")?;
        use_cases::lock_account(storage(ctx)?, actor(ctx), person_id, &reason)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Lets a locked account sign in again: for the national programme's
    /// administrators. Returns true.
    async fn unlock_account(
        &self,
        ctx: &Context<'_>,
        person_id: ID,
    ) -> async_graphql::Result<bool> {
        let person_id = from_id("Person", &person_id, "personId")?;
        use_cases::unlock_account(storage(ctx)?, actor(ctx), person_id)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Makes an API token with the rights of a role (never administrator)
    /// in an organisation.
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        input: CreateApiTokenInput,
    ) -> async_graphql::Result<CreatedApiToken> {
        let organisation_id = from_id("Organisation", &input.organisation_id, "organisationId")?;
        let made = use_cases::create_api_token(
            storage(ctx)?,
            actor(ctx),
            organisation_id,
            &input.name,
            Some(input.role.into()),
        )
        .await
        .map_err(to_graphql)?;
        Ok(CreatedApiToken {
            api_token: made.token.into(),
            secret: made.secret,
        })
    }

    /// Revokes an API token: it is refused from then on.
    async fn revoke_api_token(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<ApiToken> {
        let id = from_id("ApiToken", &id, "id")?;
        let revoked = use_cases::revoke_api_token(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(revoked.into())
    }
}
