//! The readiness check: the RACI rules, plus the blockers the research found sink council
//! collaborations, each mapped to the agreement sections that answer it.

use serde::Serialize;

use crate::agreement::standard_section;
use crate::finding::Location;
use crate::{Finding, HandoverStatus, SectionStatus, Severity, Workspace, raci};

vocabulary! {
    /// The blockers the user research names.
    Blocker {
        AimsNotAligned => "aims_not_aligned",
        IncompatibleProcesses => "incompatible_processes",
        StructureNotAgreed => "structure_not_agreed",
        CultureAndLanguage => "culture_and_language",
        NoSuccessionPlanning => "no_succession_planning",
        NobodyOwns => "nobody_owns"
    }
}

impl Blocker {
    /// The blocker as the research puts it.
    pub fn describe(self) -> &'static str {
        match self {
            Blocker::AimsNotAligned => "Project aims or priorities not aligned",
            Blocker::IncompatibleProcesses => "Incompatible processes and ways of working",
            Blocker::StructureNotAgreed => "Project structure not agreed in advance",
            Blocker::CultureAndLanguage => "Different culture and internal language",
            Blocker::NoSuccessionPlanning => "No succession planning in place",
            Blocker::NobodyOwns => "Nobody owns the system, the service, the data or the licences",
        }
    }

    /// The agreement sections that answer this blocker.
    pub fn sections(self) -> &'static [&'static str] {
        match self {
            Blocker::AimsNotAligned => &["purpose", "scope"],
            Blocker::IncompatibleProcesses => &["ways_of_working", "governance", "risk_and_change"],
            Blocker::StructureNotAgreed => {
                &["parties", "governance", "roles_and_time", "funding", "exit"]
            }
            Blocker::CultureAndLanguage => &["ways_of_working", "status_and_values"],
            Blocker::NoSuccessionPlanning => &["succession"],
            Blocker::NobodyOwns => &["hosting_and_licences", "data", "intellectual_property"],
        }
    }
}

/// How far a section has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionState {
    /// The workspace has no such section (it was imported without it).
    Missing,
    Empty,
    Draft,
    Agreed,
}

/// One section's state as it bears on a blocker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionCheck {
    pub key: &'static str,
    pub title: &'static str,
    pub state: SectionState,
}

/// One blocker, the sections that answer it, and whether it is answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockerCheck {
    pub blocker: Blocker,
    pub description: &'static str,
    pub sections: Vec<SectionCheck>,
    /// True when every section that answers it is agreed.
    pub answered: bool,
}

/// Everything the readiness check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadinessReport {
    pub findings: Vec<Finding>,
    pub blockers: Vec<BlockerCheck>,
}

impl ReadinessReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
}

/// Runs every check over `ws`.
pub fn check(ws: &Workspace) -> ReadinessReport {
    let mut findings = raci::check(ws);
    let state = |key: &str| match ws.agreement.section(key) {
        None => SectionState::Missing,
        Some(s) if s.is_empty() => SectionState::Empty,
        Some(s) if s.status == SectionStatus::Draft => SectionState::Draft,
        Some(_) => SectionState::Agreed,
    };

    let blockers: Vec<BlockerCheck> = Blocker::ALL
        .iter()
        .map(|&blocker| {
            let sections: Vec<SectionCheck> = blocker
                .sections()
                .iter()
                .map(|&key| SectionCheck {
                    key,
                    title: standard_section(key).map_or(key, |s| s.title),
                    state: state(key),
                })
                .collect();
            let answered = sections.iter().all(|s| s.state == SectionState::Agreed);
            BlockerCheck {
                blocker,
                description: blocker.describe(),
                sections,
                answered,
            }
        })
        .collect();

    // One finding per section that is not yet agreed, naming every blocker it answers.
    let mut seen: Vec<&str> = Vec::new();
    for check in &blockers {
        for section in &check.sections {
            if section.state == SectionState::Agreed || seen.contains(&section.key) {
                continue;
            }
            seen.push(section.key);
            let risks: Vec<&str> = blockers
                .iter()
                .filter(|b| b.blocker.sections().contains(&section.key))
                .map(|b| b.description)
                .collect();
            let record = || Location::Section {
                key: section.key.to_string(),
            };
            let guidance = standard_section(section.key).map_or("", |s| s.guidance);
            let risk = risks.join("; ").to_lowercase();
            findings.push(match section.state {
                SectionState::Missing => Finding::warning(
                    "section_missing",
                    record(),
                    format!(
                        "The agreement has no \"{}\" section, which guards against: {}.",
                        section.title, risk
                    ),
                    format!("Add the section and write it. {guidance}"),
                ),
                SectionState::Empty => Finding::warning(
                    "section_empty",
                    record(),
                    format!(
                        "\"{}\" is empty, which leaves a known blocker open: {}.",
                        section.title, risk
                    ),
                    guidance.to_string(),
                ),
                _ => Finding::info(
                    "section_draft",
                    record(),
                    format!("\"{}\" is written but still draft.", section.title),
                    "Agree it with the other parties, then mark it agreed.",
                ),
            });
        }
    }

    if ws.project.problem.trim().is_empty() {
        findings.push(Finding::warning(
            "project_no_problem",
            Location::Project {
                field: "problem".into(),
            },
            "The project does not say what problem it shares.",
            "Describe the shared problem in plain words: councils find each other by problem, not by technology.",
        ));
    }
    if ws.project.outcomes.trim().is_empty() {
        findings.push(Finding::warning(
            "project_no_outcomes",
            Location::Project {
                field: "outcomes".into(),
            },
            "The project does not say what success looks like.",
            "Write the outcomes for residents and for each council, so that aims can be checked against them.",
        ));
    }

    // A person who has left but still holds an unfinished handover.
    for note in &ws.succession {
        let holder_left = ws.people.iter().any(|p| p.id == note.holder && !p.active);
        if holder_left && note.status != HandoverStatus::HandedOver {
            findings.push(Finding::warning(
                "handover_unfinished",
                Location::Handover { note: note.id },
                format!("The holder of \"{}\" has left, but the handover is still {}.", note.role, note.status),
                "Name the successor and finish the handover note while the knowledge can still be found.",
            ));
        }
    }
    for person in ws.people.iter().filter(|p| !p.active) {
        let holds_a_role = ws.raci.assignments.iter().any(|a| {
            a.party == person.id && matches!(a.role, crate::RaciRole::A | crate::RaciRole::R)
        });
        let has_note = ws.succession.iter().any(|n| n.holder == person.id);
        if holds_a_role && !has_note {
            findings.push(Finding::warning(
                "no_handover_note",
                Location::Person { person: person.id },
                format!("{} has left and holds roles in the RACI matrix, but left no handover note.", person.name),
                "Write a handover note for their role with whoever knows it best, and name a successor.",
            ));
        }
    }

    findings.sort_by_key(|f| f.severity);
    ReadinessReport { findings, blockers }
}
