//! `accord server`: the Pipeline server this laptop publishes to, and your token there.
//! Kept in your per-user settings, never in a workspace. The token is never printed.

use accord_settings::Token;
use clap::Subcommand;

use crate::failure::{Failure, Outcome};
use crate::{pipeline, settings};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Set the server's address (and, with --token-stdin, your token there). Sends nothing.
    Set {
        /// Such as https://pipeline.example.gov.uk/
        url: String,
        /// Read your token from standard input (so that it is not in your shell's history).
        /// The token is kept in your settings file, readable only by you; the environment
        /// variable ACCORD_PIPELINE_TOKEN, when set, is used instead.
        #[arg(long)]
        token_stdin: bool,
    },
    /// Show the server set, whether a token is set, and who the token acts for.
    Show,
    /// Forget the server and your token.
    Forget,
}

pub fn run(args: Args) -> Outcome {
    match args.action {
        Action::Set { url, token_stdin } => {
            let token = if token_stdin {
                let mut text = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                    .map_err(Failure::io("Reading the token from standard input"))?;
                Some(
                    Token::new(&text)
                        .ok_or_else(|| Failure::usage("No token came on standard input."))?,
                )
            } else {
                None
            };
            let mut s = settings::load()?;
            accord_pipeline::server::set(&mut s, &url, token)?;
            let path = settings::save(&s)?;
            let has_token = s.pipeline.as_ref().is_some_and(|p| p.token.is_some());
            say!(
                "Pipeline server set to {}{}. Nothing has been sent yet. (Saved in {})",
                url.trim(),
                if has_token {
                    ", with your token"
                } else {
                    " (no token: you can search, but not publish)"
                },
                path.display()
            );
        }
        Action::Show => {
            let server = match pipeline::server(None) {
                Ok(server) => server,
                Err(Failure::Pipeline(accord_pipeline::PipelineError::NoServer)) => {
                    say!(
                        "No Pipeline server is set, so Accord sends nothing anywhere. Set one with: accord server set URL --token-stdin"
                    );
                    return Ok(());
                }
                Err(e) => return Err(e),
            };
            say!("Server: {}", server.url);
            match server.token_source {
                accord_pipeline::TokenSource::Settings => {
                    say!("Token:  set (in your settings file)")
                }
                accord_pipeline::TokenSource::Environment => {
                    say!("Token:  set (from {})", accord_pipeline::TOKEN_ENV)
                }
                accord_pipeline::TokenSource::None => {
                    say!("Token:  none (you can search, but not publish)")
                }
            }
            if server.has_token() {
                let me = server.connect()?.me()?;
                say!(
                    "Acting for {} (organisation id {})",
                    me.organisation.name,
                    me.organisation.id
                );
            }
        }
        Action::Forget => {
            let mut s = settings::load()?;
            if accord_pipeline::server::forget(&mut s) {
                settings::save(&s)?;
                say!(
                    "Forgot the Pipeline server and your token. Accord sends nothing anywhere now."
                );
            } else {
                say!("No Pipeline server was set.");
            }
        }
    }
    Ok(())
}
