//! Closing the window without losing what was typed. When the window is asked to close
//! (its × button, Alt+F4, the desktop's own close), the close is held, the page is asked
//! to save (the `accord://close-requested` event, numbered) and the window closes when
//! the page answers `answer_close(close: true)`. A page that cannot save keeps the window
//! open with the text and says why (ui/js/api.js `closing`); asked to close again, it
//! answers yes. A page that does not answer within `WAIT` (hung, or still saving) gets a
//! message from here, and the next close request closes at once.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use tauri::{Emitter, Manager, Runtime, Window, WindowEvent};
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

/// The event the page listens for; its payload is the request's number.
pub const EVENT: &str = "accord://close-requested";

/// How long the page has to save and answer.
const WAIT: Duration = Duration::from_secs(5);

/// Where closing the window has got to.
#[derive(Default)]
pub struct Closing {
    /// The number of the latest close request sent to the page.
    asked: AtomicU64,
    /// The number of the latest request the page answered.
    answered: AtomicU64,
    /// Set once the page failed to answer in time: the next close request closes.
    force: AtomicBool,
}

/// `Builder::on_window_event`: holds a close request until the page has saved.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let closing = window.state::<Closing>();
    if closing.force.swap(false, Ordering::SeqCst) {
        return; // closes
    }
    api.prevent_close();
    let ask = closing.asked.fetch_add(1, Ordering::SeqCst) + 1;
    if window.emit(EVENT, ask).is_err() {
        closing.force.store(true, Ordering::SeqCst);
        return;
    }
    let window = window.clone();
    std::thread::spawn(move || {
        std::thread::sleep(WAIT);
        let closing = window.state::<Closing>();
        if closing.answered.load(Ordering::SeqCst) >= ask {
            return;
        }
        closing.force.store(true, Ordering::SeqCst);
        window
            .dialog()
            .message("Accord could not make sure that everything you typed is saved, so the window is still open. Wait a moment and close it again, or close it again now to close without saving.")
            .title("Accord is still open")
            .kind(MessageDialogKind::Warning)
            .show(|_| {});
    });
}

/// The page's answer to close request `ask`: close now, or stay open (it has said why).
#[tauri::command]
pub fn answer_close(
    window: tauri::WebviewWindow,
    state: tauri::State<'_, Closing>,
    ask: u64,
    close: bool,
) {
    state.answered.fetch_max(ask, Ordering::SeqCst);
    if close {
        // Destroyed, not closed: closing would ask the page again.
        let _ = window.destroy();
    }
}
