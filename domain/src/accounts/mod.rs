//! People, organisations, roles, and how people and machine clients sign in.

mod actor;
mod administrators;
mod api_tokens;
pub mod backoff;
pub mod entities;
mod housekeeping;
mod invitations;
mod organisations;
mod password;
mod profile;
mod public_account;
mod roles;
mod secret;
mod sessions;
mod sign_in_links;
mod staff;
pub(crate) mod throttle;

pub use actor::{Actor, ApiClient, Membership, SignedIn, load_actor};
pub(crate) use administrators::national_programme;
pub use administrators::{
    NATIONAL_PROGRAMME, NewAccount, NewAdministrator, create_account, create_administrator,
    find_person, national_programme_id,
};
pub use api_tokens::{
    ApiToken, NewApiToken, TOKEN_PREFIX, api_client, create_api_token, list_api_tokens,
    revoke_api_token,
};
pub use housekeeping::{PruneSignInRecords, prune_sign_in_records};
pub use invitations::{
    Answer, INVITATION_LIFETIME, InvitationDetails, InvitationStatus, InvitationToAnswer,
    NewStaffMember, StaffInvitation, accept_invitation, answer_staff_invitation,
    invitation_details, invite_staff, my_invitations, waiting_invitations,
};
pub(crate) use organisations::organisation_names;
pub use organisations::{
    NewOrganisation, OrganisationDetails, OrganisationSummary, administered_organisations,
    create_organisation, ensure_local_authority_organisations, find_organisation,
    local_authority_organisation, organisation_details, organisations_by_id,
    recruiting_organisations, set_served_local_authorities,
};
pub use password::{MIN_PASSWORD_LENGTH, verify_password};
pub use profile::{Profile, profile, set_work_phone};
pub(crate) use public_account::public_account;
pub use roles::{OrganisationKind, Role};
pub(crate) use secret::hash_token;
pub use secret::{form_token_key, random_token};
pub use sessions::{
    ABSOLUTE_TIMEOUT, DEVICE_LIFETIME, DeviceToken, IDLE_TIMEOUT, PASSWORD_LIMIT, PasswordSignIn,
    SessionToken, WRONG_EMAIL_OR_PASSWORD, session_actor, session_time_left, sign_in_with_password,
    sign_out,
};
pub use sign_in_links::{
    LINKS_PER_ACCOUNT, SIGN_IN_LINK_LIFETIME, SendSignInLink, check_sign_in_link,
    request_sign_in_link, send_sign_in_link, sign_in_with_link,
};
pub use staff::{
    AccountStatus, MAX_LOCK_REASON, StaffMember, give_role, lock_account, organisation_people,
    remove_from_organisation, staff_member, take_role, unlock_account,
};
pub(crate) use staff::{organisations_with_holders, people_holding};
pub use throttle::Limit;
pub(crate) use throttle::attempt_refused;
