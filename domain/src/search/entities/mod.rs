pub mod search_change;
pub mod search_check;
pub mod search_rebuild;
