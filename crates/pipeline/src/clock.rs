//! The time the server stamps things with, passed in so that tests can fix it.

use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// Where "now" comes from.
#[derive(Debug)]
pub enum Clock {
    /// The machine's clock.
    System,
    /// A clock a test sets and moves.
    Fixed(Mutex<DateTime<Utc>>),
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => *at.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Moves a fixed clock on (a system clock moves by itself).
    pub fn advance(&self, by: Duration) {
        if let Clock::Fixed(at) = self {
            let mut at = at.lock().unwrap_or_else(|p| p.into_inner());
            *at += by;
        }
    }
}
