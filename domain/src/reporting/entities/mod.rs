//! The summaries reports count: rebuilt from a household's history each
//! time it grows (`summaries`), never edited on their own.

pub mod published_statistics;
pub mod recruitment_target;
pub mod report_closure;
pub mod report_household;
pub mod report_month;
pub mod report_stage_spell;
