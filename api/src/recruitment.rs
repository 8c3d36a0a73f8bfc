//! Registering interest in fostering.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use domain::recruitment::{Campaign, NewEnquiry, london_display, register_interest};

use crate::errors::to_graphql;
use crate::schema::{actor, client_address, storage};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::interest::FosteringKind")]
pub enum FosteringKind {
    ShortTerm,
    LongTerm,
    ShortBreaks,
    Emergency,
    Teenagers,
    /// Brothers and sisters together.
    SiblingGroups,
    ParentAndChild,
    /// Children seeking asylum on their own.
    UnaccompaniedChildren,
    /// Children on remand.
    Remand,
    NotSure,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::interest::CallTime")]
pub enum CallTime {
    /// 9am to 12pm.
    Morning,
    /// 12pm to 5pm.
    Afternoon,
    /// 5pm to 7pm.
    Evening,
    Anytime,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::interest::HeardAbout")]
pub enum HeardAbout {
    Search,
    SocialMedia,
    TelevisionOrRadio,
    FriendOrFamily,
    FosterCarer,
    Event,
    Advert,
    Other,
}

/// Where the enquirer came from: the `utm_*` parameters of the link they
/// followed.
#[derive(InputObject, Default)]
pub struct CampaignInput {
    pub source: Option<String>,
    pub medium: Option<String>,
    pub campaign: Option<String>,
    pub term: Option<String>,
    pub content: Option<String>,
}

#[derive(InputObject)]
pub struct RegisterInterestInput {
    pub name: String,
    pub email: String,
    pub phone: String,
    /// A full UK postcode: it decides which fostering service calls back.
    pub postcode: String,
    pub best_time_to_call: CallTime,
    #[graphql(default)]
    pub interests: Vec<FosteringKind>,
    pub heard_about: Option<HeardAbout>,
    /// They agree to be contacted about fostering; required.
    pub consent_to_contact: bool,
    pub campaign: Option<CampaignInput>,
}

/// What the enquirer is told.
#[derive(SimpleObject)]
pub struct EnquiryReceipt {
    /// The fostering service that will call.
    pub organisation_name: String,
    /// They will be called by then at the latest.
    pub call_by: DateTime<Utc>,
    /// The same, as people in England read it: "5pm on Tuesday 24 November 2026".
    pub call_by_text: String,
}

#[derive(Default)]
pub struct RecruitmentMutation;

#[Object]
impl RecruitmentMutation {
    /// Registers interest in fostering: anyone may, signed in or not. The
    /// enquiry goes to the service that recruits where the postcode is, a
    /// confirmation email says what happens next, and a repeat from the same
    /// email address within 90 days joins the earlier enquiry.
    async fn register_interest(
        &self,
        ctx: &Context<'_>,
        input: RegisterInterestInput,
    ) -> async_graphql::Result<EnquiryReceipt> {
        let campaign = input.campaign.unwrap_or_default();
        let enquiry = NewEnquiry {
            name: input.name,
            email: input.email,
            phone: input.phone,
            postcode: input.postcode,
            best_time_to_call: Some(input.best_time_to_call.into()),
            interests: input.interests.into_iter().map(Into::into).collect(),
            heard_about: input.heard_about.map(Into::into),
            consent_to_contact: input.consent_to_contact,
            campaign: Campaign {
                source: campaign.source,
                medium: campaign.medium,
                campaign: campaign.campaign,
                term: campaign.term,
                content: campaign.content,
            },
            trap: String::new(),
        };
        let received = register_interest(storage(ctx)?, actor(ctx), &enquiry, client_address(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(EnquiryReceipt {
            call_by_text: london_display(received.call_by),
            organisation_name: received.organisation,
            call_by: received.call_by,
        })
    }
}
