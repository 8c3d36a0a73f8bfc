//! Applications: the application form a household fills in once invited to
//! apply (and, to come, references, Stage 1 checks, the Stage 2 assessment,
//! panel and decision), moving the funnel through `recruitment`'s
//! transitions.

pub mod assessment;
pub mod entities;
pub mod form;
pub mod messages;
pub mod references;
pub mod sections;
pub mod staff_view;
pub mod stage_one;
pub mod training;
