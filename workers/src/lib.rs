//! Hearth's background work: the runner that claims and runs jobs from the
//! queue the domain writes to (docs/adr/0005-job-queue.md), and the handlers
//! registered by kind.

mod backoff;
mod email;
mod handlers;
mod hearth;
mod queue;
mod runner;
mod schedule;

pub use backoff::longest_delay_after;
pub use email::{Mailer, MailerError, register as register_email};
pub use handlers::{Handler, HandlerError, Handlers};
pub use hearth::{handlers as hearth_handlers, schedule as hearth_schedule};
pub use queue::Outcome;
pub use runner::{Runner, RunnerConfig};
pub use schedule::{Cadence, Scheduler};
