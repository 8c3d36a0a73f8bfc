use async_graphql::Object;
use async_graphql::{Context, ID, SimpleObject};
use domain::accounts;

use crate::accounts::{Organisation, Role};
use crate::errors::to_graphql;
use crate::ids::to_id;
use crate::schema::{actor, storage};

/// The person signed in.
#[derive(SimpleObject)]
pub struct Viewer {
    pub id: ID,
    pub name: String,
    pub email: String,
    /// Each role they hold, with its organisation.
    pub roles: Vec<RoleHeld>,
    /// The organisations they hold a role in.
    pub organisations: Vec<Organisation>,
}

#[derive(SimpleObject)]
pub struct RoleHeld {
    pub role: Role,
    pub organisation: Organisation,
}

#[derive(Default)]
pub struct ViewerQuery;

#[Object]
impl ViewerQuery {
    /// The person signed in, or null when nobody is (or for an API token,
    /// which is no person).
    async fn viewer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Viewer>> {
        if actor(ctx).person_id().is_none() {
            return Ok(None);
        }
        let Some(found) = accounts::profile(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?
        else {
            return Ok(None);
        };
        let mut organisations: Vec<accounts::OrganisationSummary> = Vec::new();
        for (organisation, _) in &found.roles {
            if !organisations.iter().any(|o| o.id == organisation.id) {
                organisations.push(organisation.clone());
            }
        }
        Ok(Some(Viewer {
            id: to_id("Person", found.person_id),
            name: found.name,
            email: found.email,
            roles: found
                .roles
                .into_iter()
                .map(|(organisation, role)| RoleHeld {
                    role: role.into(),
                    organisation: Organisation(organisation),
                })
                .collect(),
            organisations: organisations.into_iter().map(Organisation).collect(),
        }))
    }
}
