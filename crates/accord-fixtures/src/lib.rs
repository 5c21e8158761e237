//! Realistic workspaces for tests and benchmarks: real council names and codes from the
//! register in `tests/fixtures/`, Welsh and accented names, and sizes from tiny to huge.
//! Deterministic: the same call always gives the same workspace, ids included.

use accord_domain::decision::DecisionPatch;
use accord_domain::{
    Activity, Assignment, Decision, DecisionNumber, DecisionStatus, HandoverNote, HandoverStatus,
    Id, Organisation, PartyRole, Person, Project, RaciRole, SectionStatus, Workspace,
};
use accord_interchange::{RegisterRow, parse_register};
use chrono::{Duration, NaiveDate, TimeZone, Utc};

/// The register of UK councils (mySociety, MIT licence), as shipped in `tests/fixtures/`.
pub const REGISTER_CSV: &str = include_str!("../../../tests/fixtures/uk-local-authorities.csv");

/// Every row of the register.
pub fn register() -> Vec<RegisterRow> {
    parse_register(REGISTER_CSV).expect("the shipped register parses")
}

/// Ids that are the same on every run: `n` in the last bytes of a v7-shaped UUID.
pub fn id(kind: u16, n: u64) -> Id {
    uuid::Builder::from_u128(
        0x0190_0000_0000_7000_8000_0000_0000_0000 | (u128::from(kind) << 64) | u128::from(n),
    )
    .into_uuid()
}

/// How big a workspace to make.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub decisions: usize,
    pub activities: usize,
    pub parties: usize,
    pub section_bytes: usize,
    pub handover_notes: usize,
}

impl Size {
    /// The size the foundation issue's benchmark asks for.
    pub const BIG: Size = Size {
        decisions: 10_000,
        activities: 200,
        parties: 30,
        section_bytes: 20_000,
        handover_notes: 50,
    };
    pub const SMALL: Size = Size {
        decisions: 12,
        activities: 8,
        parties: 6,
        section_bytes: 600,
        handover_notes: 2,
    };

    /// This workspace grown `k`-fold: `k` times the decisions, activities (so RACI cells),
    /// section text and handover notes. The parties stay: a project does not gain ten
    /// times the councils as its log grows.
    pub fn times(self, k: usize) -> Size {
        Size {
            decisions: self.decisions * k,
            activities: self.activities * k,
            parties: self.parties,
            section_bytes: self.section_bytes * k,
            handover_notes: self.handover_notes * k,
        }
    }
}

const PROSE: &[&str] = &[
    "Each council remains controller of its own residents' data; the lead authority is processor for the shared platform.",
    "Ynys Môn and Gwynedd agreed to pilot the service in two wards before the wider roll-out.",
    "Costs are split pro rata to the number of households, reviewed each April by the programme board.",
    "The code is published under the MIT licence on the lead council's GitHub organisation.",
    "Decisions needing more than £25,000 of spend go to each council's section 151 officer.",
    "Siân, Zoë and Søren hold the supplier relationships; their contacts are in the shared mailbox.",
    "Bins missed on bank holidays are reported through the shared form and routed by postcode.",
    "The DPIA was signed by both data protection officers on 3 March and is held in SharePoint.",
];

fn prose(n: usize, bytes: usize) -> String {
    let mut out = String::new();
    let mut i = n;
    while out.len() < bytes {
        if !out.is_empty() {
            out.push(if i.is_multiple_of(4) { '\n' } else { ' ' });
        }
        out.push_str(PROSE[i % PROSE.len()]);
        i += 1;
    }
    out
}

/// A workspace of the given size, filled with realistic text.
pub fn workspace(size: Size) -> Workspace {
    let councils: Vec<RegisterRow> = register().into_iter().filter(|r| r.current).collect();
    let org_count = size.parties.div_ceil(3).max(1);
    let organisations: Vec<Organisation> = (0..org_count)
        .map(|i| {
            let r = &councils[(i * 7) % councils.len()];
            let mut o = r.to_entry().into_organisation(
                id(1, i as u64),
                if i == 0 {
                    PartyRole::Lead
                } else {
                    PartyRole::Partner
                },
            );
            if i >= councils.len() {
                o.name = format!("{} ({})", o.name, i);
                o.gss_code = None;
            }
            o
        })
        .collect();
    let first = [
        "Siân", "Dafydd", "Zoë", "Aoife", "Tomás", "Rhodri", "Priya", "Émile", "Gwen", "Ngozi",
    ];
    let last = [
        "Jones",
        "O'Neill",
        "Llewellyn",
        "MacLeod",
        "Ørsted",
        "Price",
        "Ahmed",
        "Brontë",
    ];
    let people_count = size.parties - org_count.min(size.parties);
    let people: Vec<Person> = (0..people_count.max(1))
        .map(|i| Person {
            id: id(2, i as u64),
            name: format!(
                "{} {}",
                first[i % first.len()],
                last[(i / first.len() + i) % last.len()]
            ),
            job_title: [
                "Digital lead",
                "Head of waste services",
                "Data protection officer",
                "Product owner",
            ][i % 4]
                .into(),
            organisation: Some(organisations[i % organisations.len()].id),
            email: format!("person{i}@example.gov.uk"),
            phone: String::new(),
            active: i % 11 != 5,
        })
        .collect();
    let mut project =
        Project::new(id(0, 0), "Shared bin collection data across councils").expect("title");
    project.problem =
        "Residents report missed bins to the wrong council; no council can see the whole round."
            .into();
    project.outcomes =
        "Fewer missed collections; one reporting route for residents in every partner area.".into();
    project.tags = vec!["waste".into(), "data".into(), "bins".into()];

    let mut next = 0u64;
    let mut ws = Workspace::new(project, || {
        next += 1;
        id(3, next)
    });
    ws.organisations = organisations;
    ws.people = people;
    let at = Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 30, 0)
        .single()
        .expect("valid time");
    for (i, s) in ws.agreement.sections.iter_mut().enumerate() {
        s.body = prose(i, size.section_bytes);
        s.status = if i % 3 == 0 {
            SectionStatus::Agreed
        } else {
            SectionStatus::Draft
        };
        s.updated_at = Some(at + Duration::minutes(i as i64));
        s.updated_by = Some("Siân Jones (Adur District Council)".into());
    }
    for i in ws.raci.activities.len()..size.activities {
        ws.raci.activities.push(Activity {
            id: id(4, i as u64),
            name: format!("Activity {i}: {}", &PROSE[i % PROSE.len()][..30]),
            description: prose(i, 120),
            phase: None,
        });
    }
    let parties: Vec<Id> = ws
        .people
        .iter()
        .map(|p| p.id)
        .chain(ws.organisations.iter().map(|o| o.id))
        .collect();
    for (a, act) in ws.raci.activities.iter().enumerate() {
        for (p, party) in parties.iter().enumerate() {
            let role = match (a + p) % parties.len() {
                0 => Some(RaciRole::A),
                1 | 2 => Some(RaciRole::R),
                3 => Some(RaciRole::C),
                4 | 5 => Some(RaciRole::I),
                _ => None,
            };
            if let Some(role) = role {
                ws.raci.assignments.push(Assignment {
                    activity: act.id,
                    party: *party,
                    role,
                });
            }
        }
    }
    let day0 = NaiveDate::from_ymd_opt(2024, 1, 8).expect("date");
    for i in 0..size.decisions {
        let mut d = Decision::new(
            id(5, i as u64),
            DecisionNumber(i as u32 + 1),
            &format!("Decision {}: {}", i + 1, &PROSE[i % PROSE.len()][..40]),
            day0 + Duration::days((i / 5) as i64),
        )
        .expect("title");
        d.edit(DecisionPatch {
            context: Some(prose(i, 300)),
            options: Some(vec![
                "Do nothing".into(),
                "Share the platform".into(),
                "Buy a new system".into(),
            ]),
            decision: Some(prose(i + 1, 200)),
            consequences: Some(prose(i + 2, 150)),
            deciders: Some(vec![ws.people[i % ws.people.len()].id]),
            tags: Some(vec![["hosting", "data", "funding", "scope"][i % 4].into()]),
            ..Default::default()
        })
        .expect("a proposed decision is editable");
        d.status = match i % 5 {
            0..=2 => DecisionStatus::Accepted,
            3 => DecisionStatus::Proposed,
            _ => DecisionStatus::Rejected,
        };
        if i % 1000 == 999 {
            // A rare word, so that searches for something specific can be measured too.
            d.context
                .push_str(" Rhondda Cynon Taf asked to join at this point.");
        }
        ws.decisions.push(d);
    }
    for i in 0..size.handover_notes {
        let mut n = HandoverNote::new(
            id(6, i as u64),
            &format!("Project lead for partner {}", i + 1),
            ws.people[i % ws.people.len()].id,
        )
        .expect("role");
        n.responsibilities = prose(i, 400);
        n.key_contacts = prose(i + 1, 200);
        n.in_flight_work = prose(i + 2, 300);
        n.where_things_are = prose(i + 3, 200);
        n.tacit_knowledge = prose(i + 4, 300);
        n.risks = prose(i + 5, 200);
        n.first_two_weeks = prose(i + 6, 200);
        n.status = HandoverStatus::Ready;
        ws.succession.push(n);
    }
    debug_assert!(ws.problems().is_empty(), "{:?}", ws.problems());
    ws
}
