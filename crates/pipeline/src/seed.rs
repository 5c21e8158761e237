//! `pipeline admin seed`: a large, realistic-shaped directory for benchmarks.
//!
//! Organisations are the real councils in the register; listings are synthetic but shaped like
//! real ones: a few common topic tags, problem statements whose words follow a long-tailed
//! (Zipf-like) distribution over a real vocabulary and many rarer words, a spread of phases,
//! places and update times. A fixed seed makes every run produce the same directory.

use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::Duration;
use pipeline::{Actor, Clock, Store};
use pipeline_protocol::{
    BudgetBand, CollaborationLevel, Contact, ListedOrganisation, ListingDraft, OrganisationKind,
    PartyRole, Phase, ProjectStatus,
};

const REGISTER: &str = include_str!("../data/uk-local-authorities.csv");

/// Topic tags councils use; the first are the most common.
pub const TAGS: &[&str] = &[
    "housing",
    "waste",
    "social-care",
    "digital",
    "data",
    "planning",
    "transport",
    "benefits",
    "council-tax",
    "libraries",
    "parking",
    "licensing",
    "environmental-health",
    "climate",
    "highways",
    "education",
    "payments",
    "customer-service",
    "procurement",
    "open-source",
    "ai",
    "cyber",
    "homelessness",
    "children",
    "adult-social-care",
    "public-health",
    "revenues",
    "apis",
    "accessibility",
    "identity",
    "bins",
    "recycling",
    "noise",
    "pest-control",
    "elections",
    "registrars",
    "cemeteries",
    "leisure",
    "parks",
    "flooding",
];

/// Real words for problem statements, most common first.
pub const WORDS: &[&str] = &[
    "residents",
    "service",
    "data",
    "housing",
    "team",
    "system",
    "online",
    "staff",
    "process",
    "information",
    "cost",
    "time",
    "support",
    "people",
    "council",
    "councils",
    "manual",
    "paper",
    "forms",
    "reporting",
    "case",
    "records",
    "repairs",
    "tenants",
    "waste",
    "collection",
    "missed",
    "bins",
    "recycling",
    "requests",
    "applications",
    "payments",
    "benefits",
    "claims",
    "planning",
    "permits",
    "parking",
    "licences",
    "inspections",
    "appointments",
    "bookings",
    "complaints",
    "enquiries",
    "duplicate",
    "legacy",
    "supplier",
    "contract",
    "procurement",
    "integration",
    "api",
    "platform",
    "website",
    "email",
    "phone",
    "calls",
    "demand",
    "backlog",
    "delays",
    "errors",
    "rekeying",
    "spreadsheets",
    "workflow",
    "automation",
    "routing",
    "vehicles",
    "fleet",
    "emissions",
    "climate",
    "energy",
    "retrofit",
    "damp",
    "mould",
    "temporary",
    "accommodation",
    "homelessness",
    "prevention",
    "children",
    "families",
    "schools",
    "transport",
    "adults",
    "care",
    "carers",
    "assessments",
    "safeguarding",
    "hospital",
    "discharge",
    "health",
    "wellbeing",
    "loneliness",
    "libraries",
    "volunteers",
    "community",
    "grants",
    "funding",
    "budget",
    "savings",
    "shared",
    "regional",
    "standards",
    "open",
    "source",
    "reuse",
    "components",
    "design",
    "research",
    "users",
    "accessibility",
    "identity",
    "verification",
    "fraud",
    "debt",
    "arrears",
    "council",
    "tax",
    "rent",
    "flooding",
    "drainage",
    "highways",
    "potholes",
    "streetlights",
    "trees",
    "parks",
    "noise",
    "nuisance",
    "pests",
    "licensing",
    "taxis",
    "elections",
    "registration",
    "burials",
    "cemeteries",
    "leisure",
    "centres",
    "markets",
    "events",
    "tourism",
    "economy",
    "skills",
    "jobs",
];

/// A small deterministic generator, so every seeded directory is the same.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Roughly Zipf: small indices are much more likely than large ones.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        (((n as f64 + 1.0).powf(u) - 1.0) as usize).min(n - 1)
    }
}

/// The word at a rank in the long tail: real words first, then rarer made-up ones.
fn word(rank: usize) -> String {
    match WORDS.get(rank) {
        Some(w) => w.to_string(),
        None => format!("term{rank}"),
    }
}

struct Council {
    name: String,
    gss: String,
    kind: OrganisationKind,
}

fn councils() -> Result<Vec<Council>> {
    let mut reader = csv::Reader::from_reader(REGISTER.as_bytes());
    let mut out = Vec::new();
    for record in reader.deserialize::<std::collections::HashMap<String, String>>() {
        let record = record.context("reading the register")?;
        if record.get("current-authority").map(String::as_str) != Some("True") {
            continue;
        }
        let kind = match record
            .get("local-authority-type-name")
            .map(String::as_str)
            .unwrap_or("")
        {
            "County" => OrganisationKind::County,
            "Non-metropolitan district" => OrganisationKind::District,
            "Unitary authority" => OrganisationKind::Unitary,
            "Metropolitan district" => OrganisationKind::Metropolitan,
            "London borough" => OrganisationKind::LondonBorough,
            "Welsh unitary authority" => OrganisationKind::WelshUnitary,
            "Scottish unitary authority" => OrganisationKind::ScottishUnitary,
            "NI district" => OrganisationKind::NiDistrict,
            _ => OrganisationKind::OtherPublic,
        };
        out.push(Council {
            name: record.get("official-name").cloned().unwrap_or_default(),
            gss: record.get("gss-code").cloned().unwrap_or_default(),
            kind,
        });
    }
    Ok(out)
}

pub async fn seed(store: &Store, count: usize, clock: &Clock) -> Result<()> {
    let councils = councils()?;
    let mut actors = Vec::new();
    for council in &councils {
        let organisation = match store
            .create_organisation(&council.name, council.kind, Some(&council.gss), clock.now())
            .await
        {
            Ok(org) => org,
            Err(pipeline::Error::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        };
        let user_id = store
            .create_user(
                organisation.id,
                "Benchmark user",
                "bench@example.org",
                clock.now(),
            )
            .await?;
        actors.push((
            Actor {
                user_id,
                organisation,
            },
            council,
        ));
    }
    anyhow::ensure!(
        !actors.is_empty(),
        "the directory already has the register's councils; seed an empty database"
    );
    let actors = Arc::new(actors);
    let start = clock.now() - Duration::days(3 * 365);
    let mut dice = Dice(0x5eed_cafe_f00d_1234);
    let mut drafts = Vec::with_capacity(count);
    for i in 0..count {
        let (actor, council) = &actors[dice.below(actors.len())];
        let phase = Phase::ALL[dice.zipf(Phase::ALL.len())];
        let mut tags: Vec<String> = (0..1 + dice.below(4))
            .map(|_| TAGS[dice.zipf(TAGS.len())].to_string())
            .collect();
        tags.dedup();
        let problem: Vec<String> = (0..25 + dice.below(25))
            .map(|_| word(dice.zipf(20_000)))
            .collect();
        let outcomes: Vec<String> = (0..8 + dice.below(8))
            .map(|_| word(dice.zipf(20_000)))
            .collect();
        let title: Vec<String> = (0..3 + dice.below(4))
            .map(|_| word(dice.zipf(2_000)))
            .collect();
        let partner = &actors[dice.below(actors.len())].1;
        let mut draft = ListingDraft::new(
            &format!("{} {}", title.join(" "), i),
            phase,
            CollaborationLevel::ALL[dice.below(3)],
        );
        draft.problem = format!("{}.", problem.join(" "));
        draft.outcomes = format!("{}.", outcomes.join(" "));
        draft.tags = tags;
        draft.status = if dice.below(10) == 0 {
            ProjectStatus::Paused
        } else {
            ProjectStatus::Active
        };
        draft.looking_for_partners = dice.below(3) == 0;
        draft.budget_band =
            (dice.below(2) == 0).then(|| BudgetBand::ALL[dice.below(BudgetBand::ALL.len())]);
        draft.organisations = vec![
            ListedOrganisation {
                name: council.name.clone(),
                kind: council.kind,
                gss_code: Some(council.gss.clone()),
                role: PartyRole::Lead,
            },
            ListedOrganisation {
                name: partner.name.clone(),
                kind: partner.kind,
                gss_code: Some(partner.gss.clone()),
                role: PartyRole::Partner,
            },
        ];
        draft.contact = Some(Contact {
            name: format!("Officer {i}"),
            email: format!("officer{i}@example.gov.uk"),
            publish_email: i % 2 == 0,
            job_title: "Service designer".into(),
            department: "Digital".into(),
        });
        let at = start + Duration::minutes((i as i64) * 3 * 365 * 24 * 60 / count.max(1) as i64);
        drafts.push((actor.clone(), draft, at));
    }
    // A few writers at once: PostgreSQL gains from it, SQLite queues them on its write lock.
    let mut pending = drafts.into_iter();
    loop {
        let batch: Vec<_> = pending.by_ref().take(8).collect();
        if batch.is_empty() {
            break;
        }
        let tasks = batch.into_iter().map(|(actor, draft, at)| {
            let store = store.clone();
            tokio::spawn(async move { store.publish(&actor, draft, at).await.map(drop) })
        });
        for task in tasks.collect::<Vec<_>>() {
            task.await.context("a seeding task failed")??;
        }
    }
    Ok(())
}
