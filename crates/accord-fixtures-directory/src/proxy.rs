//! A fault-injecting TCP proxy for tests: it listens on `127.0.0.1:0`, forwards HTTP/1.1
//! requests to a target server, and can be told to break the next connections in the three
//! ways a network breaks a sync (issue 11, item 7):
//!
//! - [`Fault::CutBeforeRequest`]: the request is read from the client and dropped; the
//!   server never sees it.
//! - [`Fault::CutBeforeResponse`]: the request is forwarded and the server's whole answer is
//!   read (so whatever it commits is committed), then the client's connection is closed
//!   without a byte of it: "the server committed, the client never heard".
//! - [`Fault::CutResponseHalfway`]: the answer's head and the first half of its body reach
//!   the client, then the connection closes.
//!
//! Each connection carries exactly one request: the proxy adds `Connection: close` to what
//! it forwards, so the server closes after answering and a client cannot reuse the
//! connection. A fault armed for "the next connection" therefore hits the next request,
//! whatever the client's connection pool does. Requests must carry their body with
//! `Content-Length` (as every request of `pipeline-client` does); chunked requests are not
//! supported.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// How one connection is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// Read the request, forward nothing, close.
    CutBeforeRequest,
    /// Forward the request, read the server's whole answer, close without sending any of it.
    CutBeforeResponse,
    /// Forward the request; send the answer's head and half its body, then close.
    CutResponseHalfway,
}

/// What the proxy did with one connection, in the order connections arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handled {
    /// The request line, such as `POST /v1/sync/projects/…/ops HTTP/1.1`.
    pub request: String,
    /// The fault applied, or `None` when the request and answer went through whole.
    pub fault: Option<Fault>,
}

#[derive(Default)]
struct Shared {
    /// What the next connections meet, in order: a fault, or `None` to pass whole.
    faults: Mutex<VecDeque<Option<Fault>>>,
    handled: Mutex<Vec<Handled>>,
}

/// A proxy for one test, stopped when dropped.
pub struct FaultyProxy {
    /// `http://127.0.0.1:PORT/`, for a client to use instead of the server's address.
    pub url: String,
    address: SocketAddr,
    shared: Arc<Shared>,
    stopping: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

/// How long a connection may sit idle before the proxy gives up on it.
const IDLE: Duration = Duration::from_secs(30);

impl FaultyProxy {
    /// A proxy to the server at `target` (its host and port), listening on `127.0.0.1:0`.
    pub fn start(target: SocketAddr) -> FaultyProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binding the proxy");
        let address = listener.local_addr().unwrap();
        let shared = Arc::new(Shared::default());
        let stopping = Arc::new(AtomicBool::new(false));
        let accept = {
            let (shared, stopping) = (Arc::clone(&shared), Arc::clone(&stopping));
            std::thread::spawn(move || {
                for client in listener.incoming() {
                    if stopping.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(client) = client else { continue };
                    let fault = shared.faults.lock().unwrap().pop_front().flatten();
                    let shared = Arc::clone(&shared);
                    std::thread::spawn(move || {
                        // A client that goes away mid-request is the client's business.
                        let _ = relay(client, target, fault, &shared);
                    });
                }
            })
        };
        FaultyProxy {
            url: format!("http://{address}/"),
            address,
            shared,
            stopping,
            accept: Some(accept),
        }
    }

    /// A proxy to the server at `url` (`http://host:port/...`).
    pub fn in_front_of(url: &str) -> FaultyProxy {
        let rest = url
            .strip_prefix("http://")
            .expect("the proxy forwards plain http");
        let authority = rest.split('/').next().unwrap();
        let target = std::net::ToSocketAddrs::to_socket_addrs(authority)
            .expect("a host:port")
            .next()
            .expect("an address for the host");
        FaultyProxy::start(target)
    }

    /// Breaks the next connection with `fault` (after any faults already waiting).
    pub fn fail_next(&self, fault: Fault) {
        self.fail_next_n(fault, 1);
    }

    /// Breaks each of the next `n` connections with `fault` (after any already waiting).
    pub fn fail_next_n(&self, fault: Fault, n: usize) {
        let mut faults = self.shared.faults.lock().unwrap();
        faults.extend(std::iter::repeat_n(Some(fault), n));
    }

    /// Lets the next `n` connections through whole (after any already waiting), so that a
    /// fault armed after them meets a later request of the same exchange.
    pub fn pass_next(&self, n: usize) {
        let mut faults = self.shared.faults.lock().unwrap();
        faults.extend(std::iter::repeat_n(None, n));
    }

    /// Faults armed that no connection has met yet.
    pub fn faults_waiting(&self) -> usize {
        self.shared
            .faults
            .lock()
            .unwrap()
            .iter()
            .filter(|f| f.is_some())
            .count()
    }

    /// What the proxy has done with each connection whose request it read, in order.
    pub fn handled(&self) -> Vec<Handled> {
        self.shared.handled.lock().unwrap().clone()
    }
}

impl Drop for FaultyProxy {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wakes the accept loop so that it sees it is stopping.
        let _ = TcpStream::connect(self.address);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

/// Reads until `buffer` holds a whole head (up to and including the blank line); returns
/// the head's length.
fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> io::Result<usize> {
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            return Ok(end + 4);
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "closed before the head ended",
            ));
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
}

/// The value of a header in a head, by case-insensitive name.
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.split("\r\n").skip(1).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then_some(value.trim())
    })
}

fn content_length(head: &str) -> usize {
    header(head, "content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn relay(
    mut client: TcpStream,
    target: SocketAddr,
    fault: Option<Fault>,
    shared: &Shared,
) -> io::Result<()> {
    client.set_read_timeout(Some(IDLE))?;
    let mut request = Vec::new();
    let head_len = read_head(&mut client, &mut request)?;
    let head = String::from_utf8_lossy(&request[..head_len]).into_owned();
    let body_len = content_length(&head);
    let mut chunk = [0u8; 8192];
    while request.len() < head_len + body_len {
        let n = client.read(&mut chunk)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "closed before the body ended",
            ));
        }
        request.extend_from_slice(&chunk[..n]);
    }
    shared.handled.lock().unwrap().push(Handled {
        request: head.lines().next().unwrap_or_default().to_string(),
        fault,
    });
    if fault == Some(Fault::CutBeforeRequest) {
        return client.shutdown(Shutdown::Both);
    }

    // The same request, but one to a connection: the server closes once it has answered.
    let mut forwarded = String::new();
    for line in head[..head_len - 4].split("\r\n") {
        let is_connection = line
            .split_once(':')
            .is_some_and(|(key, _)| key.trim().eq_ignore_ascii_case("connection"));
        if !is_connection {
            forwarded.push_str(line);
            forwarded.push_str("\r\n");
        }
    }
    forwarded.push_str("Connection: close\r\n\r\n");
    let mut server = TcpStream::connect(target)?;
    server.set_read_timeout(Some(IDLE))?;
    server.write_all(forwarded.as_bytes())?;
    server.write_all(&request[head_len..head_len + body_len])?;
    let mut answer = Vec::new();
    server.read_to_end(&mut answer)?;

    match fault {
        Some(Fault::CutBeforeResponse) => client.shutdown(Shutdown::Both),
        Some(Fault::CutResponseHalfway) => {
            let answer_head = answer
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .map_or(answer.len(), |end| end + 4);
            let body = answer.len() - answer_head;
            // An answer without a body is cut halfway through its head instead.
            let cut = if body == 0 {
                answer_head / 2
            } else {
                answer_head + body / 2
            };
            client.write_all(&answer[..cut])?;
            client.flush()?;
            client.shutdown(Shutdown::Both)
        }
        _ => {
            client.write_all(&answer)?;
            client.flush()?;
            client.shutdown(Shutdown::Both)
        }
    }
}
