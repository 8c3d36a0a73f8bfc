use domain::geography::{
    GssCode, ImportSummary, LocalAuthorityRecord, Outcode, PostcodeDistrictRecord, ReferenceData,
    RegionRecord, import_reference_data,
};
use domain::{Actor, Ctx, DomainError};
use serde::Deserialize;

const LOCAL_AUTHORITIES_CSV: &str = include_str!("../data/local-authorities.csv");
const POSTCODE_DISTRICTS_CSV: &str = include_str!("../data/postcode-districts.csv");
const BANK_HOLIDAYS_CSV: &str = include_str!("../data/bank-holidays-england-and-wales.csv");
const BH_FILE: &str = "bank-holidays-england-and-wales.csv";

#[derive(Deserialize)]
struct BankHolidayRow {
    date: String,
    name: String,
}

/// The shipped bank holidays of England and Wales.
pub fn bank_holiday_data() -> Result<Vec<(chrono::NaiveDate, String)>, SeedError> {
    rows::<BankHolidayRow>(BH_FILE, BANK_HOLIDAYS_CSV)
        .map(|(row, parsed)| {
            let holiday = parsed?;
            let date = field(
                BH_FILE,
                row,
                holiday
                    .date
                    .parse::<chrono::NaiveDate>()
                    .map_err(|_| "is not a date like 2026-12-25"),
            )?;
            Ok((date, holiday.name))
        })
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("{file}, row {row}: {message}")]
    BadRow {
        file: &'static str,
        row: usize,
        message: String,
    },
    #[error("{}", describe(.0))]
    Domain(#[from] DomainError),
}

/// The domain's error, with each field at fault: the operator needs to know
/// which row of which file to mend.
fn describe(error: &DomainError) -> String {
    match error {
        DomainError::InvalidInput(fields) => {
            let problems: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect();
            format!("the data does not hold together: {}", problems.join("; "))
        }
        other => other.to_string(),
    }
}

#[derive(Deserialize)]
struct LocalAuthorityRow {
    gss_code: String,
    dfe_la_code: i32,
    name: String,
    official_name: String,
    la_type: String,
    region_code: String,
    region_name: String,
    former_gss_codes: String,
}

#[derive(Deserialize)]
struct PostcodeDistrictRow {
    outcode: String,
    latitude: f64,
    longitude: f64,
    country: String,
    la_gss_code: String,
    la_name: String,
    la_share: f64,
    postcode_units: i32,
}

fn rows<T: for<'de> Deserialize<'de>>(
    file: &'static str,
    text: &str,
) -> impl Iterator<Item = (usize, Result<T, SeedError>)> {
    let reader = csv::Reader::from_reader(text.as_bytes());
    // Row 1 is the header, so the first record is row 2, as a spreadsheet shows it.
    reader
        .into_deserialize()
        .enumerate()
        .map(move |(index, row)| {
            let row_number = index + 2;
            let parsed = row.map_err(|e| SeedError::BadRow {
                file,
                row: row_number,
                message: e.to_string(),
            });
            (row_number, parsed)
        })
}

fn field<T>(
    file: &'static str,
    row: usize,
    parsed: Result<T, &'static str>,
) -> Result<T, SeedError> {
    parsed.map_err(|message| SeedError::BadRow {
        file,
        row,
        message: message.to_owned(),
    })
}

/// The reference data shipped with Hearth, parsed and checked.
pub fn reference_data() -> Result<ReferenceData, SeedError> {
    const LA_FILE: &str = "local-authorities.csv";
    const PD_FILE: &str = "postcode-districts.csv";
    let mut data = ReferenceData::default();
    for (row, parsed) in rows::<LocalAuthorityRow>(LA_FILE, LOCAL_AUTHORITIES_CSV) {
        let la = parsed?;
        let region = field(LA_FILE, row, GssCode::parse(&la.region_code))?;
        if !data.regions.iter().any(|r| r.gss_code == region) {
            data.regions.push(RegionRecord {
                gss_code: region.clone(),
                name: la.region_name,
            });
        }
        let former_gss_codes = la
            .former_gss_codes
            .split(';')
            .filter(|code| !code.trim().is_empty())
            .map(|code| field(LA_FILE, row, GssCode::parse(code)))
            .collect::<Result<_, _>>()?;
        data.local_authorities.push(LocalAuthorityRecord {
            gss_code: field(LA_FILE, row, GssCode::parse(&la.gss_code))?,
            dfe_code: la.dfe_la_code,
            name: la.name,
            official_name: la.official_name,
            kind: la.la_type,
            region,
            former_gss_codes,
        });
    }
    for (row, parsed) in rows::<PostcodeDistrictRow>(PD_FILE, POSTCODE_DISTRICTS_CSV) {
        let pd = parsed?;
        data.postcode_districts.push(PostcodeDistrictRecord {
            outcode: field(PD_FILE, row, Outcode::parse(&pd.outcode))?,
            latitude: pd.latitude,
            longitude: pd.longitude,
            country: pd.country,
            authority_gss_code: field(PD_FILE, row, GssCode::parse(&pd.la_gss_code))?,
            authority_name: pd.la_name,
            authority_share: pd.la_share,
            postcode_units: pd.postcode_units,
        });
    }
    Ok(data)
}

/// Loads the shipped reference data, and an organisation for each local
/// authority; running it again changes nothing.
pub async fn load_reference_data(ctx: &Ctx) -> Result<ImportSummary, SeedError> {
    let data = reference_data()?;
    let summary = import_reference_data(ctx, &Actor::System, &data).await?;
    domain::accounts::ensure_local_authority_organisations(ctx, &Actor::System).await?;
    domain::recruitment::import_bank_holidays(ctx, &Actor::System, &bank_holiday_data()?).await?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_data_has_every_authority_region_and_district() {
        let data = reference_data().expect("the shipped data parses");
        assert_eq!(data.local_authorities.len(), 153);
        assert_eq!(data.regions.len(), 9);
        assert_eq!(data.postcode_districts.len(), 2864);
    }

    #[test]
    fn the_shipped_bank_holidays_are_eight_a_year_on_weekdays() {
        use chrono::Datelike;
        let holidays = bank_holiday_data().expect("the shipped holidays parse");
        assert_eq!(holidays.len(), 32);
        assert!(
            holidays
                .iter()
                .all(|(date, _)| date.weekday().number_from_monday() <= 5)
        );
    }

    #[test]
    fn a_malformed_row_is_reported_with_its_file_and_row() {
        let text = "outcode,postcode_area,latitude,longitude,country,la_gss_code,la_name,la_share,postcode_units\nAB10,AB,north,-2.1,Scotland,S12000033,Aberdeen City,1.0,666\n";
        let (_, parsed) = rows::<PostcodeDistrictRow>("test.csv", text)
            .next()
            .expect("one row");
        let error = parsed.err().expect("latitude is not a number");
        assert!(error.to_string().starts_with("test.csv, row 2:"), "{error}");
    }
}
