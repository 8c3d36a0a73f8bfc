//! Hearth's background work: the durable job queue, the schedule that only
//! enqueues, and the job handlers (notifications, search indexing,
//! reminders). The crate is in the workspace so the map of
//! `docs/adr/0001-workspace-and-composition.md` holds; the queue itself comes
//! with its own issue, and nothing depends on this crate until then.
