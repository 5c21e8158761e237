//! The app's window as the X server sees it, to close it the way a person does. Clicking
//! × makes the window manager send the window a `WM_DELETE_WINDOW` message (ICCCM); this
//! sends the same message. WebDriver's own "close" ends the process instead, which is not
//! what a person does.

use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{
    AtomEnum, ClientMessageEvent, ConnectionExt as _, EventMask, MapState, Window,
};
use x11rb::rust_connection::RustConnection;

/// One top-level window of the app, and the process that owns it (`_NET_WM_PID`).
#[derive(Debug, Clone, Copy)]
pub struct AppWindow {
    pub id: Window,
    pub pid: u32,
}

fn connect() -> (RustConnection, Window) {
    let (conn, screen) = x11rb::connect(None).unwrap_or_else(|e| {
        panic!(
            "cannot open the X display {:?}: {e}",
            std::env::var("DISPLAY")
        )
    });
    let root = conn.setup().roots[screen].root;
    (conn, root)
}

fn atom(conn: &RustConnection, name: &str) -> u32 {
    conn.intern_atom(false, name.as_bytes())
        .expect("intern_atom")
        .reply()
        .expect("an atom")
        .atom
}

/// The main window (titled "Accord", on screen) of the app started under the process
/// `ancestor` (a test's tauri-driver: an app from an earlier test may still be going away),
/// waiting up to 20 s for it.
pub fn app_window(ancestor: u32) -> AppWindow {
    let (conn, root) = connect();
    let pid_atom = atom(&conn, "_NET_WM_PID");
    let started = Instant::now();
    loop {
        // There is no window manager under Xvfb: top-level windows are the root's children.
        let children = conn
            .query_tree(root)
            .expect("query_tree")
            .reply()
            .expect("the window tree")
            .children;
        let found: Vec<AppWindow> = children
            .into_iter()
            .filter(|&w| {
                conn.get_window_attributes(w)
                    .ok()
                    .and_then(|c| c.reply().ok())
                    .is_some_and(|a| a.map_state == MapState::VIEWABLE)
            })
            .filter(|&w| {
                let name = conn
                    .get_property(false, w, AtomEnum::WM_NAME, AtomEnum::ANY, 0, 256)
                    .ok()
                    .and_then(|c| c.reply().ok());
                name.is_some_and(|p| p.value == b"Accord")
            })
            .filter_map(|w| {
                let pid = conn
                    .get_property(false, w, pid_atom, AtomEnum::CARDINAL, 0, 1)
                    .ok()?
                    .reply()
                    .ok()?;
                Some(AppWindow {
                    id: w,
                    pid: pid.value32()?.next()?,
                })
            })
            .filter(|w| descends_from(w.pid, ancestor))
            .collect();
        match found.as_slice() {
            [one] => return *one,
            [] => {}
            more => panic!("more than one Accord window is open: {more:?}"),
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the Accord window did not appear on the X display"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Asks the window to close, exactly as a window manager does when × is clicked.
pub fn request_close(w: AppWindow) {
    let (conn, _) = connect();
    let (protocols, delete) = (atom(&conn, "WM_PROTOCOLS"), atom(&conn, "WM_DELETE_WINDOW"));
    let event =
        ClientMessageEvent::new(32, w.id, protocols, [delete, x11rb::CURRENT_TIME, 0, 0, 0]);
    conn.send_event(false, w.id, EventMask::NO_EVENT, event)
        .expect("send_event");
    conn.flush().expect("flush to the X server");
}

/// Whether the process `pid` is still running (one that has ended but not been reaped counts as ended).
pub fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
        s.rsplit(')')
            .next()
            .and_then(|rest| rest.split_whitespace().next())
            != Some("Z")
    })
}

/// Whether `pid` is `ancestor` or one of its descendants.
fn descends_from(mut pid: u32, ancestor: u32) -> bool {
    while pid > 1 {
        if pid == ancestor {
            return true;
        }
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            return false;
        };
        match stat
            .rsplit(')')
            .next()
            .and_then(|rest| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse().ok())
        {
            Some(parent) => pid = parent,
            None => return false,
        }
    }
    false
}
