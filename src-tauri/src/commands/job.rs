//! Long jobs (making a pack, importing a file): run off the UI thread with the vault taken
//! out of the session, so quick exit and every other command answer at once (`busy` while
//! the job runs), and stoppable with Cancel or by locking.

use std::time::{Duration, Instant};

use casebook_core::Vault;
use tauri::State;

use crate::error::{IpcError, IpcResult};
use crate::state::{AppState, Job};

/// How often progress is sent to the page at most (each message is a script evaluation).
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Runs `work` on a blocking thread with the vault, then puts the vault back (or drops it,
/// if Casebook was locked meanwhile).
pub(crate) async fn run<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&mut Vault, &Job) -> IpcResult<T> + Send + 'static,
) -> IpcResult<T> {
    let (mut vault, job) = state.start_job()?;
    let handle = tauri::async_runtime::spawn_blocking(move || {
        let result = work(&mut vault, &job);
        (vault, result)
    });
    match handle.await {
        Ok((vault, result)) => {
            state.finish_job(Some(vault));
            result
        }
        Err(e) => {
            // The vault went with the failed thread: Casebook is locked, nothing half-written.
            state.finish_job(None);
            Err(IpcError::plain(format!("the work stopped unexpectedly ({e}); Casebook locked itself")))
        }
    }
}

/// Stops the running export or import at its next step. Returns whether one was running.
#[tauri::command]
pub fn cancel_job(state: State<'_, AppState>) -> bool {
    state.cancel_job()
}

/// Lets a progress report through when the page has not had one for a while, when the
/// step changes, or at the end of a step.
#[derive(Debug)]
pub(crate) struct Throttle<K> {
    last: Option<(Instant, K)>,
}

impl<K: PartialEq + Copy> Throttle<K> {
    /// Lets the first report through.
    pub(crate) fn new() -> Self {
        Self { last: None }
    }

    /// Whether to send a report for step `step`, `done` of `total`.
    pub(crate) fn due(&mut self, step: K, done: u64, total: u64) -> bool {
        let due = match self.last {
            None => true,
            Some((at, last)) => last != step || done >= total || at.elapsed() >= PROGRESS_EVERY,
        };
        if due {
            self.last = Some((Instant::now(), step));
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::Throttle;

    #[test]
    fn progress_is_sent_on_a_new_step_and_at_the_end_but_not_for_every_chunk() {
        let mut t = Throttle::new();
        assert!(t.due(1, 0, 10));
        assert!(!t.due(1, 1, 10));
        assert!(t.due(2, 0, 10));
        assert!(t.due(2, 10, 10));
    }
}
