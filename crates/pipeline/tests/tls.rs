//! The real server over HTTPS, as a council reaches it: TLS from a test authority made here
//! (rcgen) and trusted through `SSL_CERT_DIR`, through a CONNECT proxy that wants a
//! password, with a real token. The server runs behind a TLS terminator (as
//! docs/deploying.md puts it behind one); the proxy sees only the CONNECT line, never the
//! token. Environment variables are read when a client is made, so each case runs in a
//! child process (this test binary again) with its own environment.

use std::process::Command;
use std::sync::{Arc, Mutex};

use pipeline_client::BlockingClient;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::support::{Db, TestServer};

/// The host name in the server's certificate. It does not resolve: only the proxy knows it.
const HOST: &str = "pipeline.test";
const TEST: &str = "tls::the_real_server_over_https_through_a_proxy_with_a_password";
const CHILD_URL: &str = "PIPELINE_TLS_CHILD_URL";
const CHILD_TOKEN: &str = "PIPELINE_TLS_CHILD_TOKEN";
const CHILD_EXPECT: &str = "PIPELINE_TLS_CHILD_EXPECT";
/// `council:s3cret`, as HTTP Basic writes it.
const PROXY_CREDENTIALS: &str = "Y291bmNpbDpzM2NyZXQ=";

#[test]
fn the_real_server_over_https_through_a_proxy_with_a_password() {
    match std::env::var(CHILD_URL) {
        Ok(url) => child(
            &url,
            &std::env::var(CHILD_TOKEN).unwrap(),
            &std::env::var(CHILD_EXPECT).unwrap(),
        ),
        Err(_) => parent(),
    }
}

/// In the child: ask who the token acts for, and check the outcome the parent expects.
fn child(url: &str, token: &str, expect: &str) {
    let client = BlockingClient::new(url, Some(token.to_string())).unwrap();
    let answer = client.me();
    match expect {
        "ok" => {
            let me = answer.unwrap_or_else(|e| panic!("the client should reach {url}: {e}"));
            assert_eq!(me.organisation.name, "Adur District Council");
        }
        "refused" => {
            let error = answer.expect_err("this should not reach the server");
            assert_eq!(error.code(), "unreachable", "{error}");
        }
        other => panic!("unknown expectation {other:?}"),
    }
}

fn parent() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let server = TestServer::start(Db::Sqlite).await;
        let adur = server
            .account("Adur District Council", Some("E07000223"))
            .await;
        let dir = tempfile::tempdir().unwrap();

        // The test authority, and the server's certificate signed by it, in a folder of
        // certificates as SSL_CERT_DIR names one.
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "Test Council CA");
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
        let key = KeyPair::generate().unwrap();
        let cert = CertificateParams::new(vec![HOST.to_string()])
            .unwrap()
            .signed_by(&key, &ca)
            .unwrap();
        let certs = dir.path().join("certs");
        std::fs::create_dir(&certs).unwrap();
        std::fs::write(certs.join("council-ca.pem"), ca.pem()).unwrap();
        let empty = dir.path().join("no-certs");
        std::fs::create_dir(&empty).unwrap();

        let tls_port =
            tls_terminator(cert.der().clone(), key.serialize_der(), server.address()).await;
        let (proxy_port, heads) = connect_proxy(tls_port).await;
        let url = format!("https://{HOST}:{tls_port}/");
        let with_password = format!("http://council:s3cret@127.0.0.1:{proxy_port}");
        let without = format!("http://127.0.0.1:{proxy_port}");

        run_child(&url, &adur.token, "ok", &with_password, &certs).await;
        let seen = heads.lock().unwrap().clone();
        assert!(
            seen.iter()
                .any(|h| h.starts_with(&format!("CONNECT {HOST}:{tls_port} "))
                    && h.contains(PROXY_CREDENTIALS)),
            "the client must have gone through the proxy with its password: {seen:?}"
        );
        assert!(
            !seen.iter().any(|h| h.contains(&adur.token)),
            "the proxy saw the token"
        );
        // The proxy refuses a client without the password (407); an authority not in the
        // folder named by SSL_CERT_DIR is not trusted.
        run_child(&url, &adur.token, "refused", &without, &certs).await;
        run_child(&url, &adur.token, "refused", &with_password, &empty).await;
        assert!(heads.lock().unwrap().len() >= 3);
    });
}

async fn run_child(url: &str, token: &str, expect: &str, proxy: &str, certs: &std::path::Path) {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args([TEST, "--exact", "--nocapture", "--test-threads=1"]);
    command
        .env(CHILD_URL, url)
        .env(CHILD_TOKEN, token)
        .env(CHILD_EXPECT, expect)
        .env("HTTPS_PROXY", proxy)
        .env("SSL_CERT_DIR", certs);
    for variable in [
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
        "SSL_CERT_FILE",
    ] {
        command.env_remove(variable);
    }
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "the child ({expect}, proxy {proxy}) failed or did not run:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// TLS in front of the real server: each connection's TLS is ended here and its bytes go on
/// to the server's plain port.
async fn tls_terminator(
    cert: rustls::pki_types::CertificateDer<'static>,
    key: Vec<u8>,
    upstream: String,
) -> u16 {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(key.into());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let upstream = upstream.clone();
            tokio::spawn(async move {
                // A refused handshake (the untrusted case) simply ends here.
                let Ok(mut tls) = acceptor.accept(stream).await else {
                    return;
                };
                let Ok(mut plain) = TcpStream::connect(upstream).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    port
}

/// A CONNECT proxy that wants `council:s3cret`, knows `pipeline.test` is the local TLS port,
/// and keeps each request head it is sent.
async fn connect_proxy(tls_port: u16) -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let log = Arc::clone(&log);
            tokio::spawn(async move {
                let Ok(head) = read_head(&mut client).await else {
                    return;
                };
                log.lock().unwrap().push(head.clone());
                let line = head.lines().next().unwrap_or_default().to_string();
                if line != format!("CONNECT {HOST}:{tls_port} HTTP/1.1") {
                    let _ = client
                        .write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n")
                        .await;
                    return;
                }
                let authorised = head.lines().any(|l| {
                    l.to_ascii_lowercase().starts_with("proxy-authorization:")
                        && l.ends_with(&format!("Basic {PROXY_CREDENTIALS}"))
                });
                if !authorised {
                    let _ = client
                        .write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nproxy-authenticate: Basic realm=\"council\"\r\ncontent-length: 0\r\n\r\n")
                        .await;
                    return;
                }
                let Ok(mut upstream) = TcpStream::connect(("127.0.0.1", tls_port)).await else {
                    return;
                };
                if client
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .await
                    .is_err()
                {
                    return;
                }
                let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
            });
        }
    });
    (port, seen)
}

/// Reads an HTTP request head, up to the blank line.
async fn read_head<S: AsyncReadExt + Unpin>(stream: &mut S) -> std::io::Result<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        if stream.read(&mut byte).await? == 0 {
            break;
        }
        head.push(byte[0]);
    }
    Ok(String::from_utf8_lossy(&head).into_owned())
}
