//! A council network: an HTTPS server whose certificate comes from the council's own CA,
//! reached only through an HTTPS proxy (CONNECT).
//!
//! The client learns to trust the CA the way an officer's machine would, through the
//! operating system's store; here the `SSL_CERT_FILE` variable, which `rustls-native-certs`
//! reads instead of the system store. Environment variables are read when the client is
//! made, so each case runs in a child process (this same test binary) with its own
//! environment: setting variables in this process would race with other tests.

use std::io::Write;
use std::process::Command;
use std::sync::{Arc, Mutex};

use pipeline_client::BlockingClient;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The host name in the server's certificate. It does not resolve: only the proxy knows it.
const HOST: &str = "pipeline.test";
const TEST_NAME: &str = "tls::a_ca_in_the_os_store_is_trusted_through_an_https_proxy";
const CHILD_URL: &str = "PIPELINE_CLIENT_TEST_CHILD_URL";
const CHILD_EXPECT: &str = "PIPELINE_CLIENT_TEST_CHILD_EXPECT";

#[test]
fn a_ca_in_the_os_store_is_trusted_through_an_https_proxy() {
    match std::env::var(CHILD_URL) {
        Ok(url) => child(&url, &std::env::var(CHILD_EXPECT).unwrap_or_default()),
        Err(_) => parent(),
    }
}

/// In the child: call the server and check the outcome the parent expects.
fn child(url: &str, expect: &str) {
    let client = BlockingClient::new(url, None).unwrap();
    let answer = client.health();
    match expect {
        "ok" => {
            let health = answer.unwrap_or_else(|e| panic!("the client should reach {url}: {e}"));
            assert_eq!(health.database, "tls-test");
        }
        "untrusted" => {
            let error = answer.expect_err("a certificate from an unknown CA must be refused");
            assert_eq!(error.code(), "unreachable", "{error}");
            let text = error.to_string().to_lowercase();
            assert!(
                text.contains("certificate") || text.contains("issuer"),
                "the error should say the certificate is not trusted: {error}"
            );
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
        let dir = tempfile::tempdir().unwrap();

        // The council's CA, and the server's certificate signed by it.
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "Test Council inspection CA");
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
        let server_key = KeyPair::generate().unwrap();
        let server_cert = CertificateParams::new(vec![HOST.to_string()])
            .unwrap()
            .signed_by(&server_key, &ca)
            .unwrap();
        let ca_file = dir.path().join("council-ca.pem");
        std::fs::File::create(&ca_file)
            .unwrap()
            .write_all(ca.pem().as_bytes())
            .unwrap();

        let server_port = https_server(server_cert.der().clone(), server_key.serialize_der()).await;
        let (proxy_port, connects) = connect_proxy(server_port).await;
        let url = format!("https://{HOST}:{server_port}/");
        let proxy = format!("http://127.0.0.1:{proxy_port}");

        // Trusted through SSL_CERT_FILE, via the proxy.
        let trusted = run_child(&url, "ok", &proxy, Some(&ca_file)).await;
        assert!(
            trusted.status.success(),
            "child failed:\n{}",
            String::from_utf8_lossy(&trusted.stdout)
        );
        let seen = connects.lock().unwrap().clone();
        assert!(
            seen.iter()
                .any(|line| line.starts_with(&format!("CONNECT {HOST}:{server_port} "))),
            "the client must have gone through the proxy; it saw {seen:?}"
        );

        // Without the CA in the store, the same server is refused.
        let untrusted = run_child(&url, "untrusted", &proxy, None).await;
        assert!(
            untrusted.status.success(),
            "child failed:\n{}",
            String::from_utf8_lossy(&untrusted.stdout)
        );
        assert!(
            connects.lock().unwrap().len() >= 2,
            "the second child should also have used the proxy"
        );
    });
}

async fn run_child(
    url: &str,
    expect: &str,
    proxy: &str,
    ca_file: Option<&std::path::Path>,
) -> std::process::Output {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"]);
    command
        .env(CHILD_URL, url)
        .env(CHILD_EXPECT, expect)
        .env("HTTPS_PROXY", proxy);
    for variable in [
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
        "SSL_CERT_DIR",
        "SSL_CERT_FILE",
    ] {
        command.env_remove(variable);
    }
    if let Some(ca_file) = ca_file {
        command.env("SSL_CERT_FILE", ca_file);
    }
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    // A filter that matched nothing would "pass" without running: insist the child ran it.
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("1 passed") || !output.status.success(),
        "the child did not run {TEST_NAME}:\n{stdout}"
    );
    output
}

/// A bare HTTPS server that answers every request with a health document.
async fn https_server(cert: rustls::pki_types::CertificateDer<'static>, key: Vec<u8>) -> u16 {
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
            tokio::spawn(async move {
                // A refused handshake (the untrusted case) simply ends here.
                let Ok(mut tls) = acceptor.accept(stream).await else {
                    return;
                };
                let _ = read_head(&mut tls).await;
                let body = r#"{"status":"ok","database":"tls-test","version":"0"}"#;
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    port
}

/// A CONNECT proxy that knows `pipeline.test` is the local server, and notes each request line.
async fn connect_proxy(server_port: u16) -> (u16, Arc<Mutex<Vec<String>>>) {
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
                let line = head.lines().next().unwrap_or_default().to_string();
                log.lock().unwrap().push(line.clone());
                if line != format!("CONNECT {HOST}:{server_port} HTTP/1.1") {
                    let _ = client
                        .write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n")
                        .await;
                    return;
                }
                let Ok(mut upstream) = TcpStream::connect(("127.0.0.1", server_port)).await else {
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
