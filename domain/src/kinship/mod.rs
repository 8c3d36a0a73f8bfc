//! Kinship care: relatives and friends bringing up a child. What each
//! arrangement can bring, by the child's council (`support`).

mod support;

pub use support::{Arrangement, ArrangementSupport, Council, Duty, SupportAnswer, kinship_support};
