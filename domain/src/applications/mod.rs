//! Applications: the application form a household fills in once invited to
//! apply, its references, Stage 1 checks, the Stage 2 assessment, panel and
//! decision, and the connected persons route, moving the funnel through
//! `recruitment`'s transitions.

pub mod assessment;
pub mod decision;
pub mod documents;
pub mod entities;
pub mod form;
pub mod joint;
pub mod messages;
pub mod panel;
pub mod references;
pub mod sections;
pub mod staff_view;
pub mod stage_one;
pub mod training;
