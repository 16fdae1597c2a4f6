//! A progress line on standard error for work that takes more than a second (reading a
//! large dossier, walking a long history, laying out the PDF), so a user at a terminal sees
//! that `dossier` is working and on what. Off unless the command line turns it on, which it
//! does only when standard error is a terminal: logs, pipes and CI output stay clean.
//!
//! The stages announce themselves with [`stage`]; a ticker thread prints the current one
//! once it has lasted a second, and clears the line when the work ends.

use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static CURRENT: Mutex<Option<(&'static str, Instant)>> = Mutex::new(None);

/// Says which stage the work is in (`reading`, `history`, `PDF layout`...).
pub fn stage(name: &'static str) {
    if !ENABLED.load(Ordering::Relaxed) {
        return;
    }
    if let Ok(mut current) = CURRENT.lock() {
        *current = Some((name, Instant::now()));
    }
}

/// Says the long work is over (the command is printing its result): the line is cleared.
pub fn idle() {
    if !ENABLED.load(Ordering::Relaxed) {
        return;
    }
    if let Ok(mut current) = CURRENT.lock() {
        if current.is_some_and(|(_, since)| since.elapsed() >= Duration::from_secs(1)) {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
        *current = None;
    }
}

/// Shows progress on standard error until the returned guard is dropped.
pub fn start() -> Guard {
    ENABLED.store(true, Ordering::Relaxed);
    let done = std::sync::Arc::new(AtomicBool::new(false));
    let flag = done.clone();
    let started = Instant::now();
    let ticker = std::thread::spawn(move || {
        let mut shown = false;
        while !flag.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(200));
            // Printed under the lock, so that `idle` never clears before a late line.
            let Ok(current) = CURRENT.lock() else { break };
            if let Some((name, since)) = *current
                && since.elapsed() >= Duration::from_secs(1)
            {
                let mut err = std::io::stderr().lock();
                let _ = write!(
                    err,
                    "\r\x1b[2Kdossier: {name}… ({:.0} s)",
                    started.elapsed().as_secs_f64()
                );
                let _ = err.flush();
                shown = true;
            }
        }
        if shown {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    });
    Guard {
        done,
        ticker: Some(ticker),
    }
}

/// Stops the progress line when dropped (and clears it).
pub struct Guard {
    done: std::sync::Arc<AtomicBool>,
    ticker: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(ticker) = self.ticker.take() {
            let _ = ticker.join();
        }
        ENABLED.store(false, Ordering::Relaxed);
    }
}
