//! The fixture's integration tests: the fault-injecting proxy against the real Pipeline
//! server and the real client.

mod proxy;
