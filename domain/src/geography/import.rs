use std::collections::{HashMap, HashSet};

use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ConnectionTrait, EntityTrait, IntoActiveModel,
};

use super::entities::{local_authority, postcode_district, region};
use super::{GssCode, Outcode};
use crate::{Actor, Ctx, DomainError, FieldError};

/// Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter caps.
const INSERT_BATCH: usize = 200;

#[derive(Clone, Debug)]
pub struct RegionRecord {
    pub gss_code: GssCode,
    pub name: String,
}

#[derive(Clone, Debug)]
pub struct LocalAuthorityRecord {
    pub gss_code: GssCode,
    /// The DfE number stays with an authority when its GSS code changes, so
    /// an import matches authorities by it.
    pub dfe_code: i32,
    pub name: String,
    pub official_name: String,
    pub kind: String,
    pub region: GssCode,
    pub former_gss_codes: Vec<GssCode>,
}

#[derive(Clone, Debug)]
pub struct PostcodeDistrictRecord {
    pub outcode: Outcode,
    pub latitude: f64,
    pub longitude: f64,
    pub country: String,
    pub authority_gss_code: GssCode,
    pub authority_name: String,
    pub authority_share: f64,
    pub postcode_units: i32,
}

#[derive(Clone, Debug, Default)]
pub struct ReferenceData {
    pub regions: Vec<RegionRecord>,
    pub local_authorities: Vec<LocalAuthorityRecord>,
    pub postcode_districts: Vec<PostcodeDistrictRecord>,
}

/// What an import did to each table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub regions: TableSummary,
    pub local_authorities: TableSummary,
    pub postcode_districts: TableSummary,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TableSummary {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Stored rows the data no longer has. They are kept, since other
    /// records may refer to them, and reported so someone can look.
    pub not_in_data: usize,
}

impl ImportSummary {
    pub fn changed_nothing(&self) -> bool {
        [
            self.regions,
            self.local_authorities,
            self.postcode_districts,
        ]
        .iter()
        .all(|table| table.inserted == 0 && table.updated == 0)
    }
}

/// Brings the stored reference data in line with `data`, in one transaction:
/// new rows are added, changed ones updated, and running it again with the
/// same data changes nothing. Only Hearth itself may do this.
pub async fn import_reference_data(
    ctx: &Ctx,
    actor: &Actor,
    data: &ReferenceData,
) -> Result<ImportSummary, DomainError> {
    actor.require_system()?;
    let txn = ctx.write().await?;
    let regions = import_regions(&txn, &data.regions).await?;
    let region_ids: HashMap<String, i32> = region::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|row| (row.gss_code, row.id))
        .collect();
    let local_authorities =
        import_local_authorities(&txn, &data.local_authorities, &region_ids).await?;
    let authority_ids: HashMap<String, i32> = local_authority::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|row| (row.gss_code, row.id))
        .collect();
    let postcode_districts =
        import_postcode_districts(&txn, &data.postcode_districts, &authority_ids).await?;
    txn.commit().await?;
    Ok(ImportSummary {
        regions,
        local_authorities,
        postcode_districts,
    })
}

/// Inserts the new rows in batches and updates the changed ones one by one,
/// counting each kind. `key` says which stored row a new one replaces; a key
/// the data repeats is an error against `table`, not a clash in the database.
async fn upsert<E, K>(
    txn: &impl ConnectionTrait,
    table: &str,
    existing: Vec<E::Model>,
    wanted: Vec<E::Model>,
    key: impl Fn(&E::Model) -> K,
    new_row: impl Fn(E::Model) -> E::ActiveModel,
) -> Result<TableSummary, DomainError>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel> + PartialEq,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
    K: std::hash::Hash + Eq + std::fmt::Display,
{
    let mut seen = HashSet::new();
    let duplicates: Vec<FieldError> = wanted
        .iter()
        .enumerate()
        .filter(|(_, model)| !seen.insert(key(model)))
        .map(|(index, model)| {
            FieldError::new(
                format!("{table}.{index}"),
                format!("{} appears twice", key(model)),
            )
        })
        .collect();
    if !duplicates.is_empty() {
        return Err(DomainError::InvalidInput(duplicates));
    }
    let mut existing: HashMap<K, E::Model> = existing.into_iter().map(|m| (key(&m), m)).collect();
    let mut summary = TableSummary::default();
    let mut inserts = Vec::new();
    for model in wanted {
        match existing.remove(&key(&model)) {
            None => inserts.push(new_row(model)),
            Some(stored) if stored == model => summary.unchanged += 1,
            Some(_) => {
                // Every column is set, so the update writes the whole row.
                model.into_active_model().reset_all().update(txn).await?;
                summary.updated += 1;
            }
        }
    }
    summary.not_in_data = existing.len();
    summary.inserted = inserts.len();
    let mut inserts = inserts.into_iter().peekable();
    while inserts.peek().is_some() {
        let batch: Vec<_> = inserts.by_ref().take(INSERT_BATCH).collect();
        E::insert_many(batch).exec_without_returning(txn).await?;
    }
    Ok(summary)
}

async fn import_regions(
    txn: &impl ConnectionTrait,
    records: &[RegionRecord],
) -> Result<TableSummary, DomainError> {
    let existing = region::Entity::find().all(txn).await?;
    let ids: HashMap<String, i32> = existing
        .iter()
        .map(|r| (r.gss_code.clone(), r.id))
        .collect();
    let wanted = records
        .iter()
        .map(|record| region::Model {
            id: ids
                .get(record.gss_code.as_str())
                .copied()
                .unwrap_or_default(),
            gss_code: record.gss_code.to_string(),
            name: record.name.clone(),
        })
        .collect();
    upsert::<region::Entity, _>(
        txn,
        "regions",
        existing,
        wanted,
        |r| r.gss_code.clone(),
        |r| region::ActiveModel {
            id: NotSet,
            ..r.into_active_model().reset_all()
        },
    )
    .await
}

async fn import_local_authorities(
    txn: &impl ConnectionTrait,
    records: &[LocalAuthorityRecord],
    region_ids: &HashMap<String, i32>,
) -> Result<TableSummary, DomainError> {
    let existing = local_authority::Entity::find().all(txn).await?;
    let ids: HashMap<i32, i32> = existing.iter().map(|r| (r.dfe_code, r.id)).collect();
    let mut errors = Vec::new();
    let mut wanted = Vec::with_capacity(records.len());
    for (index, record) in records.iter().enumerate() {
        let Some(&region_id) = region_ids.get(record.region.as_str()) else {
            errors.push(FieldError::new(
                format!("local_authorities.{index}.region"),
                format!("Region {} is not in the data", record.region),
            ));
            continue;
        };
        wanted.push(local_authority::Model {
            id: ids.get(&record.dfe_code).copied().unwrap_or_default(),
            gss_code: record.gss_code.to_string(),
            dfe_code: record.dfe_code,
            name: record.name.clone(),
            official_name: record.official_name.clone(),
            kind: record.kind.clone(),
            region_id,
            former_gss_codes: record
                .former_gss_codes
                .iter()
                .map(GssCode::as_str)
                .collect::<Vec<_>>()
                .join(";"),
        });
    }
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    upsert::<local_authority::Entity, _>(
        txn,
        "local_authorities",
        existing,
        wanted,
        |r| r.dfe_code,
        |r| local_authority::ActiveModel {
            id: NotSet,
            ..r.into_active_model().reset_all()
        },
    )
    .await
}

async fn import_postcode_districts(
    txn: &impl ConnectionTrait,
    records: &[PostcodeDistrictRecord],
    authority_ids: &HashMap<String, i32>,
) -> Result<TableSummary, DomainError> {
    let mut errors = Vec::new();
    let mut wanted = Vec::with_capacity(records.len());
    for (index, record) in records.iter().enumerate() {
        let code = record.authority_gss_code.as_str();
        let local_authority_id = authority_ids.get(code).copied();
        if record.country == "England" && local_authority_id.is_none() {
            errors.push(FieldError::new(
                format!("postcode_districts.{index}.authority_gss_code"),
                format!(
                    "{} is in England but {code} is not a local authority in the data",
                    record.outcode
                ),
            ));
            continue;
        }
        wanted.push(postcode_district::Model {
            outcode: record.outcode.to_string(),
            postcode_area: record.outcode.area().to_owned(),
            latitude: record.latitude,
            longitude: record.longitude,
            country: record.country.clone(),
            authority_gss_code: code.to_owned(),
            authority_name: record.authority_name.clone(),
            authority_share: record.authority_share,
            postcode_units: record.postcode_units,
            local_authority_id,
        });
    }
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    let existing = postcode_district::Entity::find().all(txn).await?;
    upsert::<postcode_district::Entity, _>(
        txn,
        "postcode_districts",
        existing,
        wanted,
        |r| r.outcode.clone(),
        |r| r.into_active_model().reset_all(),
    )
    .await
}
