//! Sync between councils: the wire types of `/v1/sync` (sync.md §6), and the few rules both
//! ends must compute alike (an op body's hash, the clamped order time, the batch limits).
//!
//! The server stores operations, not the domain: an op travels as `{op_id, hlc, body}` and
//! `body` is an opaque string the server hashes and never parses.

use chrono::{DateTime, Duration, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::OrganisationSummary;

/// The most ops one push may carry.
pub const MAX_BATCH_OPS: usize = 500;
/// The most bytes of op bodies one push may carry, unless it carries a single op (a larger
/// op travels alone).
pub const MAX_BATCH_BYTES: usize = 1024 * 1024;
/// The push route's own body limit: room for one op at the largest size the workspace's
/// caps allow (200,000 characters a field, several fields, escaped as JSON).
pub const PUSH_BODY_LIMIT: usize = 16 * 1024 * 1024;
/// A pull page is cut once its bodies pass this many bytes, but always holds one op.
pub const PAGE_BYTES: usize = 1024 * 1024;
/// The most ops a pull page holds unless the server is told otherwise (`--sync-page-ops`).
pub const DEFAULT_PAGE_OPS: u32 = 500;
/// How far ahead of the server a client's clock may be, unless the server is told otherwise
/// (`--max-clock-skew`): 5 minutes, the Kerberos default maximum skew.
pub const DEFAULT_MAX_CLOCK_SKEW_SECONDS: u32 = 300;

/// The SHA-256 of an op's body, in lower-case hex: what the server stores and compares, and
/// what a client checks a pulled op against.
pub fn body_hash(body: &str) -> String {
    Sha256::digest(body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The wall-clock milliseconds and counter of an op's hybrid logical clock stamp, written
/// `MILLIS-COUNTER-DEVICE` (milliseconds and counter zero-padded so that the text sorts).
/// `None` when the stamp is not of that form.
pub fn hlc_parts(hlc: &str) -> Option<(i64, u32)> {
    let mut parts = hlc.splitn(3, '-');
    let millis = parts.next()?;
    let counter = parts.next()?;
    let device = parts.next()?;
    if device.is_empty()
        || !millis.bytes().all(|b| b.is_ascii_digit())
        || !counter.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    Some((millis.parse().ok()?, counter.parse().ok()?))
}

/// The time an op sorts by: its own clock's time, but never later than `bound` after the
/// server received it, so a laptop whose clock runs ahead cannot win forever. The server
/// computes it once, when it stores the op, and sends it along.
pub fn order_at(hlc_millis: i64, received_at: DateTime<Utc>, bound: Duration) -> DateTime<Utc> {
    let latest = received_at + bound;
    match DateTime::from_timestamp_millis(hlc_millis) {
        Some(own) if own < latest => own,
        _ => latest,
    }
}

/// What an organisation may do in a sync space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SyncRole {
    /// Started sharing: reads, writes, and admits, changes and removes members.
    Lead,
    /// Reads and writes.
    Partner,
    /// Reads only.
    Observer,
}

impl SyncRole {
    pub fn as_str(self) -> &'static str {
        match self {
            SyncRole::Lead => "lead",
            SyncRole::Partner => "partner",
            SyncRole::Observer => "observer",
        }
    }

    /// Whether this role may push.
    pub fn can_write(self) -> bool {
        matches!(self, SyncRole::Lead | SyncRole::Partner)
    }
}

impl std::str::FromStr for SyncRole {
    type Err = String;
    fn from_str(s: &str) -> Result<SyncRole, String> {
        match s.trim() {
            "lead" => Ok(SyncRole::Lead),
            "partner" => Ok(SyncRole::Partner),
            "observer" => Ok(SyncRole::Observer),
            other => Err(format!(
                "'{other}' is not a sync role: expected one of lead, partner, observer"
            )),
        }
    }
}

/// An organisation in a sync space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SyncMember {
    pub organisation: OrganisationSummary,
    pub role: SyncRole,
    pub since: DateTime<Utc>,
}

/// The body of `PUT /v1/sync/projects/{p}/members/{org}`: admit an organisation, or change
/// its role (the lead only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberRole {
    /// `partner` or `observer`; there is one lead, the organisation that started sharing.
    #[schemars(extend("enum" = ["partner", "observer"]))]
    pub role: SyncRole,
}

/// The last op of the log: its seq and id, so a client can tell a restored or different
/// log from the one it saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OpAt {
    pub seq: i64,
    pub op_id: Uuid,
}

/// The sizes this server works to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SyncLimits {
    /// The most ops a pull page holds.
    pub page_ops: u32,
    /// The most bytes of bodies a pull page holds (it always holds at least one op).
    pub page_bytes: u64,
    /// The most ops a push may carry.
    pub batch_ops: u32,
    /// The most bytes of bodies a push may carry, unless it carries one op.
    pub batch_bytes: u64,
}

/// A sync space, as `GET /v1/sync/projects/{p}` answers (and `PUT` when it starts or links).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SyncStatus {
    /// The workspace's project id.
    pub project: Uuid,
    /// This server's identity; a different one means a different server.
    pub server_id: Uuid,
    /// This project's log; a different one means the log was reset.
    pub log_id: Uuid,
    /// The seq of the newest op (0 when there is none).
    pub head_seq: i64,
    /// The op at the seq the request asked about (`?at=SEQ`), or else the newest op; `None`
    /// when the log holds no op at that seq (it is 0, or past `head_seq`).
    pub op_at: Option<OpAt>,
    pub members: Vec<SyncMember>,
    /// The calling organisation's role.
    pub you: SyncRole,
    pub server_time: DateTime<Utc>,
    /// How far ahead of `server_time` a client's clock may be when it pushes.
    pub max_clock_skew_ms: i64,
    pub limits: SyncLimits,
}

/// The query of `GET /v1/sync/projects/{p}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusQuery {
    /// Answer `op_at` for this seq (a client's cursor) instead of the head, so a client can
    /// tell a restored or different log from the one it saw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = i64::MAX))]
    pub at: Option<i64>,
}

/// One of your organisation's sync spaces, as `GET /v1/sync/projects` lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SyncSpace {
    pub project: Uuid,
    pub lead: OrganisationSummary,
    /// The calling organisation's role.
    pub role: SyncRole,
    pub head_seq: i64,
}

/// One operation as a client sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WireOp {
    /// The op's id (UUID v7): the idempotency key.
    pub op_id: Uuid,
    /// The author's hybrid logical clock stamp, `MILLIS-COUNTER-DEVICE`.
    pub hlc: String,
    /// The op itself, canonical JSON; opaque to the server.
    pub body: String,
}

/// The body of `POST /v1/sync/projects/{p}/ops`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    /// The log the client last saw; another one is refused with `log_changed`.
    pub log_id: Uuid,
    /// The client's clock when it sent this; too far ahead is refused with `clock_ahead`.
    pub client_time: DateTime<Utc>,
    /// In the client's causal order; at most [`MAX_BATCH_OPS`].
    pub ops: Vec<WireOp>,
}

/// What happened to one pushed op.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PushStatus {
    /// Stored now, under a new seq.
    Stored,
    /// Stored before with the same body: the seq it was given then.
    Duplicate,
}

/// The server's answer for one pushed op.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PushResult {
    pub op_id: Uuid,
    pub seq: i64,
    pub status: PushStatus,
    pub received_at: DateTime<Utc>,
    pub order_at: DateTime<Utc>,
}

/// The answer to a push: one result per op, in the order sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PushResponse {
    pub results: Vec<PushResult>,
    pub head_seq: i64,
    pub server_time: DateTime<Utc>,
}

/// Who pushed an op: the authenticated fact, beside the author the body declares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PushedBy {
    pub user: Uuid,
    pub organisation: OrganisationSummary,
}

/// One stored operation, as a pull returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PulledOp {
    pub seq: i64,
    pub op_id: Uuid,
    pub hlc: String,
    pub body: String,
    /// [`body_hash`] of `body`.
    pub hash: String,
    pub received_at: DateTime<Utc>,
    pub order_at: DateTime<Utc>,
    pub pushed_by: PushedBy,
}

/// The query of `GET /v1/sync/projects/{p}/ops`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PullQuery {
    /// Ops with a seq above this (default 0: from the start).
    #[serde(default)]
    #[schemars(range(min = 0, max = i64::MAX))]
    pub after: i64,
    /// At most this many ops; clamped to 1 to the server's page size.
    #[serde(default)]
    #[schemars(range(max = u32::MAX))]
    pub limit: Option<u32>,
}

/// One page of a pull, in seq order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PullPage {
    pub ops: Vec<PulledOp>,
    /// Whether ops follow this page (found by reading one more row, never guessed from the count).
    pub has_more: bool,
    /// The cursor for the next page: the last op's seq, or `after` when the page is empty.
    pub next_after: i64,
    pub head_seq: i64,
    pub log_id: Uuid,
}

/// The reasons a sync request is refused that are particular to sync. (Bad tokens, bad JSON
/// and the like are refused with the server's general [`crate::ApiError`].)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SyncErrorCode {
    /// An op id the server holds arrived with a different body (409); `op_ids` names them.
    OpConflict,
    /// The push named a log other than the project's (409).
    LogChanged,
    /// Another organisation already shares or lists this project (409).
    ProjectExists,
    /// The calling organisation is not (or no longer) a member (403).
    NotAMember,
    /// The calling organisation is an observer and may only read (403).
    ReadOnly,
    /// The server has no sync space for this project (404).
    NoSuchProject,
    /// The client's clock is further ahead than the server allows (422); nothing was stored.
    ClockAhead,
}

impl SyncErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            SyncErrorCode::OpConflict => "op_conflict",
            SyncErrorCode::LogChanged => "log_changed",
            SyncErrorCode::ProjectExists => "project_exists",
            SyncErrorCode::NotAMember => "not_a_member",
            SyncErrorCode::ReadOnly => "read_only",
            SyncErrorCode::NoSuchProject => "no_such_project",
            SyncErrorCode::ClockAhead => "clock_ahead",
        }
    }

    /// The HTTP status the server answers with.
    pub fn status(self) -> u16 {
        match self {
            SyncErrorCode::OpConflict
            | SyncErrorCode::LogChanged
            | SyncErrorCode::ProjectExists => 409,
            SyncErrorCode::NotAMember | SyncErrorCode::ReadOnly => 403,
            SyncErrorCode::NoSuchProject => 404,
            SyncErrorCode::ClockAhead => 422,
        }
    }
}

impl std::fmt::Display for SyncErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A sync refusal: a stable code, a sentence for a person, and what the client needs to act.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SyncError {
    pub code: SyncErrorCode,
    pub message: String,
    /// `op_conflict`: the op ids whose bodies differ from the stored ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub op_ids: Vec<Uuid>,
    /// `clock_ahead`: the server's time, so the client can correct its clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_time: Option<DateTime<Utc>>,
    /// `clock_ahead`: how far ahead the client's clock is, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skew_ms: Option<i64>,
    /// `log_changed`: the project's log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_id: Option<Uuid>,
}

impl SyncError {
    pub fn new(code: SyncErrorCode, message: impl Into<String>) -> SyncError {
        SyncError {
            code,
            message: message.into(),
            op_ids: Vec::new(),
            server_time: None,
            skew_ms: None,
            log_id: None,
        }
    }
}

/// Any refusal a sync route can give: a sync refusal, or one of the server's general ones.
/// Read a 4xx body as this (the sync form is tried first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SyncRefusal {
    Sync(SyncError),
    Api(crate::ApiError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;

    fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
        value: &T,
    ) -> serde_json::Value {
        let json = serde_json::to_value(value).unwrap();
        let back: T = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(&back, value);
        json
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn org() -> OrganisationSummary {
        OrganisationSummary {
            id: Uuid::from_u128(7),
            name: "Adur District Council".into(),
        }
    }

    #[test]
    fn a_push_and_its_answer_round_trip_with_the_documented_keys() {
        let push = PushRequest {
            log_id: Uuid::from_u128(1),
            client_time: at("2026-12-03T10:41:05Z"),
            ops: vec![WireOp {
                op_id: Uuid::from_u128(2),
                hlc: "001733224862123-000003-4be0c3a1".into(),
                body: "{\"format\":1}".into(),
            }],
        };
        let json = round_trip(&push);
        assert_eq!(json["ops"][0]["body"], "{\"format\":1}");
        assert!(serde_json::from_str::<PushRequest>(r#"{"log_id":"00000000-0000-0000-0000-000000000001","client_time":"2026-12-03T10:41:05Z","ops":[],"extra":1}"#).is_err());

        let answer = PushResponse {
            results: vec![
                PushResult {
                    op_id: Uuid::from_u128(2),
                    seq: 4812,
                    status: PushStatus::Stored,
                    received_at: at("2026-12-03T10:41:05.311Z"),
                    order_at: at("2026-12-03T10:41:02.123Z"),
                },
                PushResult {
                    op_id: Uuid::from_u128(3),
                    seq: 17,
                    status: PushStatus::Duplicate,
                    received_at: at("2026-12-01T09:00:00Z"),
                    order_at: at("2026-12-01T09:00:00Z"),
                },
            ],
            head_seq: 4812,
            server_time: at("2026-12-03T10:41:05.311Z"),
        };
        let json = round_trip(&answer);
        assert_eq!(json["results"][0]["status"], "stored");
        assert_eq!(json["results"][1]["status"], "duplicate");
        assert_eq!(json["head_seq"], 4812);
    }

    #[test]
    fn a_pull_page_round_trips_with_its_cursor_fields() {
        let page = PullPage {
            ops: vec![PulledOp {
                seq: 4701,
                op_id: Uuid::from_u128(9),
                hlc: "001733224862123-000000-aa".into(),
                body: "{}".into(),
                hash: body_hash("{}"),
                received_at: at("2026-12-03T10:41:05Z"),
                order_at: at("2026-12-03T10:41:05Z"),
                pushed_by: PushedBy {
                    user: Uuid::from_u128(4),
                    organisation: org(),
                },
            }],
            has_more: true,
            next_after: 4701,
            head_seq: 4812,
            log_id: Uuid::from_u128(1),
        };
        let json = round_trip(&page);
        for key in ["ops", "has_more", "next_after", "head_seq", "log_id"] {
            assert!(json.get(key).is_some(), "{key}");
        }
        assert_eq!(
            json["ops"][0]["pushed_by"]["organisation"]["name"],
            "Adur District Council"
        );
        let query: PullQuery = serde_json::from_str(r#"{"after":4700,"limit":500}"#).unwrap();
        assert_eq!(
            query,
            PullQuery {
                after: 4700,
                limit: Some(500)
            }
        );
        assert_eq!(
            serde_json::from_str::<PullQuery>("{}").unwrap(),
            PullQuery::default()
        );
    }

    #[test]
    fn a_status_and_members_round_trip() {
        let status = SyncStatus {
            project: Uuid::from_u128(5),
            server_id: Uuid::from_u128(6),
            log_id: Uuid::from_u128(1),
            head_seq: 0,
            op_at: None,
            members: vec![SyncMember {
                organisation: org(),
                role: SyncRole::Lead,
                since: at("2026-12-01T09:00:00Z"),
            }],
            you: SyncRole::Lead,
            server_time: at("2026-12-01T09:00:00Z"),
            max_clock_skew_ms: 300_000,
            limits: SyncLimits {
                page_ops: 500,
                page_bytes: PAGE_BYTES as u64,
                batch_ops: 500,
                batch_bytes: MAX_BATCH_BYTES as u64,
            },
        };
        let json = round_trip(&status);
        assert_eq!(json["members"][0]["role"], "lead");
        assert_eq!(json["max_clock_skew_ms"], 300_000);
        round_trip(&SyncSpace {
            project: Uuid::from_u128(5),
            lead: org(),
            role: SyncRole::Observer,
            head_seq: 3,
        });
        assert_eq!(
            round_trip(&MemberRole {
                role: SyncRole::Observer
            })["role"],
            "observer"
        );
        assert_eq!("partner".parse::<SyncRole>(), Ok(SyncRole::Partner));
        assert!(
            "owner"
                .parse::<SyncRole>()
                .unwrap_err()
                .contains("lead, partner, observer")
        );
    }

    #[test]
    fn every_sync_error_code_round_trips_under_its_documented_word() {
        let codes = [
            (SyncErrorCode::OpConflict, "op_conflict", 409),
            (SyncErrorCode::LogChanged, "log_changed", 409),
            (SyncErrorCode::ProjectExists, "project_exists", 409),
            (SyncErrorCode::NotAMember, "not_a_member", 403),
            (SyncErrorCode::ReadOnly, "read_only", 403),
            (SyncErrorCode::NoSuchProject, "no_such_project", 404),
            (SyncErrorCode::ClockAhead, "clock_ahead", 422),
        ];
        for (code, word, status) in codes {
            assert_eq!(round_trip(&code), serde_json::json!(word));
            assert_eq!(code.as_str(), word);
            assert_eq!(code.status(), status);
        }
        let mut ahead = SyncError::new(SyncErrorCode::ClockAhead, "This laptop's clock is ahead.");
        ahead.server_time = Some(at("2026-12-01T09:00:00Z"));
        ahead.skew_ms = Some(31_536_000_000);
        let json = round_trip(&ahead);
        assert_eq!(json["skew_ms"], 31_536_000_000i64);
        assert!(json.get("op_ids").is_none(), "empty details are left out");
    }

    #[test]
    fn a_refusal_reads_as_sync_or_general() {
        let sync: SyncRefusal = serde_json::from_str(r#"{"code":"op_conflict","message":"m","op_ids":["00000000-0000-0000-0000-000000000002"]}"#).unwrap();
        assert!(
            matches!(sync, SyncRefusal::Sync(SyncError { code: SyncErrorCode::OpConflict, ref op_ids, .. }) if op_ids == &[Uuid::from_u128(2)])
        );
        let general: SyncRefusal =
            serde_json::from_str(r#"{"code":"unauthorised","message":"This needs a token."}"#)
                .unwrap();
        assert!(matches!(
            general,
            SyncRefusal::Api(crate::ApiError {
                code: crate::ErrorCode::Unauthorised,
                ..
            })
        ));
    }

    #[test]
    fn hashes_stamps_and_order_times() {
        assert_eq!(
            body_hash(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hlc_parts("001733224862123-000003-4be0c3a1"),
            Some((1_733_224_862_123, 3))
        );
        assert_eq!(hlc_parts("001733224862123-000003-"), None);
        assert_eq!(hlc_parts("17:3"), None);
        assert_eq!(hlc_parts("-1-000003-dev"), None);
        let received = at("2026-12-03T10:00:00Z");
        let bound = Duration::minutes(5);
        let honest = at("2026-12-03T09:59:58Z").timestamp_millis();
        assert_eq!(
            order_at(honest, received, bound),
            at("2026-12-03T09:59:58Z")
        );
        let year_ahead = at("2027-12-03T10:00:00Z").timestamp_millis();
        assert_eq!(
            order_at(year_ahead, received, bound),
            at("2026-12-03T10:05:00Z"),
            "clamped: cannot win forever"
        );
        assert_eq!(
            order_at(i64::MAX, received, bound),
            at("2026-12-03T10:05:00Z")
        );
    }
}
