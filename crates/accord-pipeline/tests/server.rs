//! Which server and token: nothing without a server, and a stored token only ever goes to
//! the server it was stored for.

use accord_pipeline::server::{self, Server};
use accord_pipeline::{PipelineError, TokenSource};
use accord_settings::{Settings, Token};

#[test]
fn without_a_server_there_is_nothing_to_connect_to() {
    let error = Server::choose(&Settings::default(), None).unwrap_err();
    assert!(matches!(error, PipelineError::NoServer));
    assert!(error.to_string().contains("nothing was sent"), "{error}");
}

/// Set in the child process that runs [`a_stored_token_goes_only_to_its_own_server`].
const CHILD: &str = "ACCORD_PIPELINE_TEST_STORED_TOKEN_CHILD";

/// A token in `ACCORD_PIPELINE_TOKEN` would win over the stored one, and this test is
/// about the stored one: it runs in a child process (this same test binary) with the
/// variable removed, so the caller's environment can neither skip nor spoil it.
#[test]
fn a_stored_token_goes_only_to_its_own_server() {
    if std::env::var_os(CHILD).is_some() {
        assert!(
            std::env::var_os(accord_pipeline::TOKEN_ENV).is_none(),
            "the parent removes the variable"
        );
        return stored_token_goes_only_to_its_own_server();
    }
    let name = "server::a_stored_token_goes_only_to_its_own_server";
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([name, "--exact", "--test-threads=1"])
        .env(CHILD, "1")
        .env_remove(accord_pipeline::TOKEN_ENV)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "the test failed in its child process:\n{said}"
    );
    assert!(said.contains("1 passed"), "the child ran no test:\n{said}");
}

fn stored_token_goes_only_to_its_own_server() {
    let mut settings = Settings::default();
    server::set(
        &mut settings,
        "https://pipeline.example.gov.uk",
        Token::new("pl_stored"),
    )
    .unwrap();
    let chosen = Server::choose(&settings, None).unwrap();
    assert_eq!(
        (chosen.url.as_str(), chosen.token_source),
        ("https://pipeline.example.gov.uk", TokenSource::Settings)
    );
    let same = Server::choose(&settings, Some("https://PIPELINE.example.gov.uk/")).unwrap();
    assert!(same.has_token());
    let other = Server::choose(&settings, Some("https://elsewhere.example.org")).unwrap();
    assert!(
        !other.has_token(),
        "the stored token must not be sent to another server"
    );
    assert!(
        !format!("{chosen:?} {settings:?}").contains("pl_stored"),
        "Debug shows the token"
    );

    // Setting the same server again keeps the token; another server drops it.
    server::set(&mut settings, "https://pipeline.example.gov.uk/", None).unwrap();
    assert!(settings.pipeline.as_ref().unwrap().token.is_some());
    server::set(&mut settings, "https://elsewhere.example.org", None).unwrap();
    assert!(settings.pipeline.as_ref().unwrap().token.is_none());
    assert!(server::forget(&mut settings));
    assert!(settings.pipeline.is_none());
}

#[test]
fn an_address_that_is_not_one_is_refused_before_anything_is_saved() {
    let mut settings = Settings::default();
    let error = server::set(&mut settings, "pipeline dot gov", None).unwrap_err();
    assert_eq!(error.code(), "bad_url");
    assert!(settings.pipeline.is_none());
}

#[test]
fn a_connection_in_debug_output_does_not_show_the_token() {
    let mut settings = Settings::default();
    server::set(
        &mut settings,
        "https://pipeline.example.gov.uk",
        Token::new("pl_in_a_connection"),
    )
    .unwrap();
    let conn = Server::choose(&settings, None).unwrap().connect().unwrap();
    assert!(
        !format!("{conn:?}").contains("pl_in_a_connection"),
        "{conn:?}"
    );
}
