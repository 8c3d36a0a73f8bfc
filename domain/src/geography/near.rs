//! "Near a postcode": the district a typed postcode (or its first half)
//! falls in, and how far apart two places are. Information events and
//! kinship groups are both found this way.

use sea_orm::{ConnectionTrait, EntityTrait};

use super::entities::postcode_district;
use super::{Outcode, Postcode};
use crate::DomainError;

/// The postcode district of `near`, a full postcode or its first half;
/// a problem for `field` when it is neither, or not one Hearth knows.
pub(crate) async fn district_of(
    conn: &impl ConnectionTrait,
    near: &str,
    field: &str,
) -> Result<postcode_district::Model, DomainError> {
    let outcode = match Postcode::parse(near) {
        Ok(postcode) => postcode.outcode().clone(),
        Err(_) => Outcode::parse(near).map_err(|_| {
            DomainError::invalid(
                field,
                "Enter a postcode, like DN15 7AB, or its first half, like DN15",
            )
        })?,
    };
    postcode_district::Entity::find_by_id(outcode.as_str())
        .one(conn)
        .await?
        .ok_or_else(|| {
            DomainError::invalid(
                field,
                "We do not know that postcode: check it and try again",
            )
        })
}

/// Great-circle distance in miles.
pub(crate) fn miles_between(a: (f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_RADIUS_MILES: f64 = 3_958.8;
    let (lat1, lat2) = (a.0.to_radians(), b.0.to_radians());
    let (dlat, dlon) = ((b.0 - a.0).to_radians(), (b.1 - a.1).to_radians());
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_MILES * h.sqrt().asin()
}

/// The latitude and longitude spans of a box around a circle of `miles`
/// at `latitude`, for the database to narrow by before the exact distance
/// decides: a degree of latitude is 69 miles; of longitude, that times the
/// cosine of the latitude.
pub(crate) fn box_around(latitude: f64, miles: f64) -> (f64, f64) {
    (
        miles / 69.0,
        miles / (69.0 * f64::max(latitude.to_radians().cos(), 0.1)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_in_miles() {
        // Hartlepool to Middlesbrough: about 8 miles as the crow flies.
        let miles = miles_between((54.69, -1.21), (54.57, -1.23));
        assert!((7.0..10.0).contains(&miles), "{miles}");
    }
}
