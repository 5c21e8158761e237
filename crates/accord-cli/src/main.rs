//! `accord`: the command line. Parses arguments, finds out who is acting, calls the
//! workspace crates, and prints. No rule and no SQL lives here.

#[macro_use]
mod output;
mod cmd;
mod failure;
mod lookup;
mod pipeline;
mod settings;

use std::process::ExitCode;

use clap::Parser;

use crate::failure::Failure;

/// Accord: the collaboration agreement, RACI matrix, decisions log and handover notes of a
/// project that several councils run together, in one file on your laptop.
///
/// Exit codes: 0 success; 1 `accord check` found errors, or `accord verify` found the
/// workspace changed; 2 bad usage or bad input (nothing was changed); 3 `accord verify`
/// found the PDF itself altered after it was exported.
#[derive(Debug, Parser)]
#[command(name = "accord", version, max_term_width = 100)]
struct Cli {
    /// Act as this person for this command, as "Name (Organisation)", instead of the
    /// person set up with `accord me set`.
    #[arg(
        long = "as",
        global = true,
        env = "ACCORD_AS",
        value_name = "NAME (ORGANISATION)"
    )]
    acting_as: Option<String>,

    #[command(subcommand)]
    command: cmd::Command,
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    let ctx = cmd::Context {
        acting_as: cli.acting_as,
    };
    match cmd::run(cli.command, &ctx) {
        Ok(code) => code,
        Err(failure) => failure.report(),
    }
}

/// `accord check | head` closes the pipe early: stop quietly, as other tools do, with the
/// shell's code for a closed pipe, instead of printing a panic.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .unwrap_or("");
        if message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}

impl Failure {
    fn report(self) -> ExitCode {
        tell!("accord: {self}");
        ExitCode::from(2)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn command_line_is_well_formed() {
        <super::Cli as clap::CommandFactory>::command().debug_assert();
    }
}
