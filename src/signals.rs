//! SIGINT and SIGTERM: a request to stop, honoured where nothing is half written.
//!
//! [`install`] (called by the command line, not by the library) makes the first SIGINT or
//! SIGTERM only note the signal. Runs check [`check`] once a simulated year, and
//! [`crate::output::folder::Staging::commit`] refuses to put a result in place after one: the
//! staging folder is then removed and a previous result stays as it was. Once a commit has
//! started its renames it finishes them, so a result is either the previous one or the
//! complete new one. The handler is installed with `SA_RESETHAND`: a second signal ends the
//! process at once (what it leaves behind is hidden, and cleaned up by the next write of the
//! same folder).

use std::sync::atomic::{AtomicI32, Ordering};

/// The signal received, 0 when none.
static RECEIVED: AtomicI32 = AtomicI32::new(0);

/// SIGINT's number.
pub const SIGINT: i32 = 2;
/// SIGTERM's number.
pub const SIGTERM: i32 = 15;

/// A run or write stopped by a signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "stopped by {}: nothing was written, and a previous result in the output folder is unchanged",
    name(*.0)
)]
pub struct Interrupted(pub i32);

impl Interrupted {
    /// The conventional exit status of a process ended by this signal (128 + its number).
    pub fn exit_code(self) -> u8 {
        u8::try_from(128 + self.0).unwrap_or(1)
    }
}

/// The name of signal `number`.
fn name(number: i32) -> &'static str {
    match number {
        SIGINT => "SIGINT (Ctrl-C)",
        SIGTERM => "SIGTERM",
        _ => "a signal",
    }
}

/// The signal received since [`install`], if any.
pub fn received() -> Option<i32> {
    match RECEIVED.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(signal),
    }
}

/// Fails when a stop was requested.
pub fn check() -> Result<(), Interrupted> {
    match received() {
        Some(signal) => Err(Interrupted(signal)),
        None => Ok(()),
    }
}

#[cfg(unix)]
extern "C" fn on_signal(signal: libc::c_int) {
    // Only an atomic store: async-signal-safe.
    RECEIVED.store(signal, Ordering::SeqCst);
}

/// Makes the first SIGINT or SIGTERM a request to stop (see the module documentation); does
/// nothing where the system has no such signals.
pub fn install() {
    #[cfg(unix)]
    for signal in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: `action` is fully initialised (zeroed, then the handler, an empty mask and
        // the flags set) before it is passed; the handler only stores into an atomic, which
        // is async-signal-safe. A failure leaves the default action, which is safe too.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            action.sa_flags = libc::SA_RESETHAND | libc::SA_RESTART;
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}
