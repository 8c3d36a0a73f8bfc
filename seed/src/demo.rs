//! Demo data, made through the domain's use cases: two illustrative Regional
//! Care Cooperatives over real local authorities. No open list of RCCs
//! exists (they are being set up), so these are examples, and say so.

use domain::accounts::{
    NewRegionalCareCooperative, create_regional_care_cooperative, find_regional_care_cooperative,
};
use domain::{Actor, Ctx, DomainError};

/// The demo RCCs: a name and the GSS codes of the authorities each serves.
const DEMO_RCCS: &[(&str, &[&str])] = &[
    (
        "North East Care Cooperative (illustrative)",
        &[
            "E06000001",
            "E06000002",
            "E06000003",
            "E06000004",
            "E06000005",
            "E06000047",
            "E06000057",
            "E08000021",
            "E08000022",
            "E08000023",
            "E08000024",
            "E08000037",
        ],
    ),
    (
        "South London Care Cooperative (illustrative)",
        &[
            "E09000006",
            "E09000008",
            "E09000011",
            "E09000021",
            "E09000022",
            "E09000023",
            "E09000024",
            "E09000028",
            "E09000029",
            "E09000032",
        ],
    ),
];

/// Adds the demo RCCs that are not there yet; returns how many it added.
pub async fn load_demo_data(ctx: &Ctx) -> Result<usize, DomainError> {
    let mut added = 0;
    for (name, codes) in DEMO_RCCS {
        if find_regional_care_cooperative(ctx, &Actor::System, name)
            .await?
            .is_some()
        {
            continue;
        }
        let input = NewRegionalCareCooperative {
            name: (*name).to_owned(),
            local_authorities: codes.iter().map(|code| (*code).to_owned()).collect(),
        };
        create_regional_care_cooperative(ctx, &Actor::System, &input).await?;
        added += 1;
    }
    Ok(added)
}
