use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use domain::jobs::Job;

/// Why a job failed this time. The text is kept on the job for operators: it
/// must name ids, never personal data.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct HandlerError {
    pub message: String,
    /// Trying again cannot help (the mail server refused the address for
    /// good, say): the job is dead at once.
    pub permanent: bool,
}

impl HandlerError {
    /// A failure that may pass: the job is tried again later.
    pub fn retry(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            permanent: false,
        }
    }

    pub fn permanent(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            permanent: true,
        }
    }
}

/// Runs one kind of job. Jobs run at least once, so a handler must be
/// idempotent.
#[async_trait::async_trait]
pub trait Handler: Send + Sync {
    async fn handle(&self, job_id: i64, payload: &str) -> Result<(), HandlerError>;
}

/// A typed handler: the payload is parsed into the job's own type first.
struct Typed<J, F> {
    run: F,
    kind: std::marker::PhantomData<fn() -> J>,
}

#[async_trait::async_trait]
impl<J, F, Fut> Handler for Typed<J, F>
where
    J: Job,
    F: Fn(i64, J) -> Fut + Send + Sync,
    Fut: Future<Output = Result<(), HandlerError>> + Send,
{
    async fn handle(&self, job_id: i64, payload: &str) -> Result<(), HandlerError> {
        let job: J = serde_json::from_str(payload)
            // serde's message may quote the payload: keep only what failed.
            .map_err(|_| HandlerError::permanent(format!("the payload is not a {}", J::KIND)))?;
        (self.run)(job_id, job).await
    }
}

/// The handlers a runner has, by job kind. A runner claims only the kinds it
/// can run.
#[derive(Clone, Default)]
pub struct Handlers(HashMap<&'static str, Arc<dyn Handler>>);

impl Handlers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs jobs of type `J` with `run(job_id, job)`.
    pub fn register<J, F, Fut>(mut self, run: F) -> Self
    where
        J: Job,
        F: Fn(i64, J) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), HandlerError>> + Send + 'static,
    {
        self.0.insert(
            J::KIND,
            Arc::new(Typed {
                run,
                kind: std::marker::PhantomData,
            }),
        );
        self
    }

    pub fn kinds(&self) -> Vec<&'static str> {
        let mut kinds: Vec<_> = self.0.keys().copied().collect();
        kinds.sort_unstable();
        kinds
    }

    pub fn get(&self, kind: &str) -> Option<&Arc<dyn Handler>> {
        self.0.get(kind)
    }
}
