use async_graphql::{Context, ID, Object, SimpleObject};

use crate::schema::actor;

/// The person signed in.
#[derive(SimpleObject)]
pub struct Viewer {
    pub id: ID,
}

#[derive(Default)]
pub struct ViewerQuery;

#[Object]
impl ViewerQuery {
    /// The person signed in, or null when nobody is.
    async fn viewer(&self, ctx: &Context<'_>) -> Option<Viewer> {
        actor(ctx).person_id().map(|id| Viewer {
            id: ID::from(format!("Person:{id}")),
        })
    }
}
