//! Drives the real Accord desktop app through WebDriver: starts `tauri-driver` (which starts
//! WebKitWebDriver, which starts the app in its webview) on free loopback ports, with its
//! own settings folder, and stops it with SIGTERM so that its child frees its port.

pub mod window;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// The desktop binary under test: `$ACCORD_DESKTOP_BIN`, or the debug build in
/// `$CARGO_TARGET_DIR` (when set) or the repository's `target/`.
pub fn app_binary() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    let path = std::env::var_os("ACCORD_DESKTOP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target.join("debug/accord-desktop"));
    assert!(
        path.exists(),
        "The desktop app is not built at {}: run `cargo build -p accord-desktop` first (scripts/test.sh does).",
        path.display()
    );
    path
}

/// The `accord` command line, built beside the desktop app: `$ACCORD_CLI_BIN`, or the
/// debug build in `$CARGO_TARGET_DIR` (when set) or the repository's `target/`.
pub fn cli_binary() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    let path = std::env::var_os("ACCORD_CLI_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target.join("debug/accord"));
    assert!(
        path.exists(),
        "The command line is not built at {}: run `cargo build -p accord-cli` first (scripts/test.sh does).",
        path.display()
    );
    path
}

/// The WCAG levels the accessibility audits check.
const AXE_TAGS: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']";

/// axe-core's script (from the npm registry, pinned in package.json).
pub fn axe_script() -> String {
    std::fs::read_to_string(root().join("node_modules/axe-core/axe.min.js"))
        .expect("axe-core is installed by `npm ci` (scripts/setup.sh)")
}

/// Runs axe-core (WCAG 2.2 A and AA) on the page as it is now; returns one line per
/// violation and element, each starting with `screen`.
pub async fn audit(c: &Client, axe: &str, screen: &str) -> Vec<String> {
    eprintln!("auditing {screen}");
    let loaded = c
        .execute(&format!("{axe}\nreturn typeof window.axe;"), vec![])
        .await
        .expect("load axe-core");
    assert_eq!(loaded.as_str(), Some("object"), "axe-core did not load");
    let script = format!(
        "const done = arguments[arguments.length - 1];
         axe.run(document, {{ runOnly: {{ type: 'tag', values: {AXE_TAGS} }}, resultTypes: ['violations'] }})
           .then((r) => done({{ passes: r.passes.length, violations: r.violations.flatMap((v) => v.nodes.map((n) => `${{v.id}} (${{v.impact}}): ${{v.help}} at ${{n.target.join(' ')}}`)) }}))
           .catch((e) => done({{ error: String(e) }}));"
    );
    let result = c.execute_async(&script, vec![]).await.expect("run axe");
    assert!(
        result.get("error").is_none(),
        "axe failed on {screen}: {result}"
    );
    result["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| format!("{screen}: {}", v.as_str().unwrap()))
        .collect()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("its address")
        .port()
}

/// Where screenshots go: `target/screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    let dir = root().join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    dir
}

/// One running `tauri-driver`, with a settings folder of its own.
pub struct Driver {
    child: Child,
    port: u16,
    /// What tauri-driver, WebKitWebDriver and the app write on stderr.
    log: PathBuf,
    pub config: tempfile::TempDir,
}

impl Driver {
    pub fn start() -> Driver {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "No display: run the end-to-end tests under xvfb-run (scripts/test.sh does)."
        );
        let tauri_driver = which("tauri-driver").expect("tauri-driver is not installed: `cargo install tauri-driver --version ^2 --locked` (scripts/setup.sh does)");
        let native = which("WebKitWebDriver")
            .expect("WebKitWebDriver is not installed: apt-get install webkit2gtk-driver");
        let config = tempfile::tempdir().expect("a settings folder");
        let (port, native_port) = (free_port(), free_port());
        let log = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/e2e-logs")
            .join(format!("driver-{port}.log"));
        let child = Command::new(tauri_driver)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
                "--native-driver",
            ])
            .arg(native)
            .env("ACCORD_CONFIG_DIR", config.path())
            .stdout(Stdio::null())
            .stderr(driver_log(&log))
            .spawn()
            .expect("start tauri-driver");
        // Both listen before the first session is asked for: tauri-driver hangs up on a
        // request it cannot pass on to WebKitWebDriver yet.
        let started = Instant::now();
        for (who, port) in [("tauri-driver", port), ("WebKitWebDriver", native_port)] {
            while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(
                    started.elapsed() < Duration::from_secs(20),
                    "{who} did not start listening on {port}"
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Driver {
            child,
            port,
            log,
            config,
        }
    }

    /// The tauri-driver's process id: the apps it starts descend from it.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Starts the app (optionally with a workspace file as its first argument).
    pub async fn launch(&self, file: Option<&Path>) -> Client {
        // The workspace enables more than one rustls crypto backend (the Pipeline client
        // uses ring); name one for this process, as rustls asks. Already set is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut caps = serde_json::Map::new();
        let args: Vec<String> = file
            .map(|f| vec![f.display().to_string()])
            .unwrap_or_default();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app_binary(), "args": args }),
        );
        caps.insert("browserName".into(), "wry".into());
        // A session whose app never comes up would wait for ever: after a minute, fail
        // with what tauri-driver, WebKitWebDriver and the app said.
        let mut builder = ClientBuilder::rustls().expect("rustls");
        builder.capabilities(caps);
        let url = format!("http://127.0.0.1:{}", self.port);
        match tokio::time::timeout(Duration::from_secs(60), builder.connect(&url)).await {
            Ok(c) => c.expect("a WebDriver session with the app"),
            Err(_) => panic!(
                "the app did not start within 60 s; the driver's log ({}):\n{}",
                self.log.display(),
                std::fs::read_to_string(&self.log).unwrap_or_default()
            ),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM, never SIGKILL: tauri-driver then stops WebKitWebDriver, freeing its port.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Where tauri-driver, WebKitWebDriver and the app write what they say on stderr
/// (`target/e2e-logs/driver-PORT.log`), so that a session that fails can be read afterwards.
fn driver_log(path: &Path) -> Stdio {
    path.parent()
        .and_then(|dir| std::fs::create_dir_all(dir).ok())
        .and_then(|_| std::fs::File::create(path).ok())
        .map(Stdio::from)
        .unwrap_or_else(Stdio::null)
}

fn which(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

/// Waits until `css` matches an element, and returns it.
pub async fn wait_for(c: &Client, css: &str) -> Element {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("waiting for {css}: {e}"))
}

/// Waits until the screen `name` has finished rendering.
pub async fn on_screen(c: &Client, name: &str) {
    wait_for(c, &format!("body[data-screen='{name}'][data-ready]")).await;
}

/// Waits until the save status says everything is saved.
pub async fn saved(c: &Client) {
    let started = Instant::now();
    loop {
        let text = c
            .find(Locator::Id("save-status"))
            .await
            .expect("status line")
            .text()
            .await
            .unwrap_or_default();
        if text.starts_with("All changes saved") {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "not saved; the status says: {text}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Replaces a field's text, as a person typing would.
pub async fn type_into(c: &Client, css: &str, text: &str) {
    let el = wait_for(c, css).await;
    el.clear().await.expect("clear");
    el.send_keys(text).await.expect("type");
}

pub async fn screenshot(c: &Client, name: &str) -> PathBuf {
    let png = c.screenshot().await.expect("a screenshot");
    let path = screenshot_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).expect("save screenshot");
    path
}

/// Goes to a screen by its address, as the navigation links do.
pub async fn goto(c: &Client, route: &str) {
    c.execute(&format!("location.hash = '{route}'"), vec![])
        .await
        .expect("navigate");
    let name = route
        .trim_start_matches("#/")
        .split('/')
        .next()
        .unwrap_or("start")
        .to_string();
    on_screen(c, &name).await;
}

/// The visible text of the element matching `css`.
pub async fn text_of(c: &Client, css: &str) -> String {
    wait_for(c, css).await.text().await.expect("text")
}

/// Quits the app as WebDriver does (the process is ended, as a crash would), then waits
/// until the app has let go of `workspace`: its owner file no longer names a live window.
/// Opening the file again before then would, rightly, find it in use.
pub async fn quit(c: Client, workspace: &Path) {
    match tokio::time::timeout(Duration::from_secs(30), c.close()).await {
        Ok(closed) => closed.expect("end the WebDriver session, and with it the app"),
        Err(_) => panic!("WebKitWebDriver did not end the session within 30 s"),
    }
    let started = Instant::now();
    while matches!(
        accord_store::holder(workspace),
        accord_store::Holder::Live(_)
    ) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the app still holds {} 20 s after it was closed",
            workspace.display()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the text of the element matching `css` satisfies `wanted` (described as
/// `what` if it never does, within 20 seconds), and returns that text.
pub async fn text_until(
    c: &Client,
    css: &str,
    what: &str,
    wanted: impl Fn(&str) -> bool,
) -> String {
    let started = Instant::now();
    loop {
        let now = text_of(c, css).await;
        if wanted(&now) {
            return now;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{css} says {now:?}, not {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
