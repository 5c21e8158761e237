//! The client's integration tests: reaching a server through an HTTPS proxy, trusting a CA from the OS store mechanism.
//!
//! (The client against the real Pipeline server is tested in the `pipeline` crate's tests.)

mod tls;
mod tokens;
