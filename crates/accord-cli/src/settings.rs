//! Who is acting: `--as`, or the person set up once on this laptop (`accord-settings`).

use accord_domain::Actor;

use crate::failure::{Failure, Outcome};

pub use accord_settings::{load, path, save};

/// The person acting: `--as` if given, otherwise the one set up on this laptop.
pub fn actor(acting_as: Option<&str>) -> Outcome<Actor> {
    if let Some(s) = acting_as {
        return Ok(Actor::parse(s)?);
    }
    load()?.me.ok_or_else(|| {
        Failure::usage(
            "Accord does not know who you are yet, and every change records who made it. Run once on this laptop:\n  \
             accord me set --name \"Your Name\" --organisation \"Your Council\"\nor add --as \"Your Name (Your Council)\" to this command.",
        )
    })
}
