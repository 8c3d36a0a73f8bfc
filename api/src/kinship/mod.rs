//! Kinship care: what each arrangement can bring, finding and joining a
//! group, its sessions, what its facilitators run, and the figures its
//! organisation's administrators see.

mod groups;
mod members;
mod sessions;
mod support;

use async_graphql::MergedObject;

#[derive(MergedObject, Default)]
pub struct KinshipQuery(
    support::KinshipSupportQuery,
    groups::KinshipGroupsQuery,
    members::KinshipMembersQuery,
    sessions::KinshipSessionsQuery,
);

#[derive(MergedObject, Default)]
pub struct KinshipMutation(
    groups::KinshipGroupsMutation,
    members::KinshipMembersMutation,
    sessions::KinshipSessionsMutation,
);
