//! A whole workspace as one value: the open interchange format, and the checks that a
//! workspace's records agree with each other (every reference points at something).

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::decision::DecisionStatus;
use crate::signoff::is_fingerprint;
use crate::{
    Activity, Agreement, Assignment, Decision, HandoverNote, Id, Organisation, OrganisationKind,
    PartyRole, Person, Project, Raci, RuleError, Signoff,
};

/// The `format` field of every exported workspace.
pub const FORMAT: &str = "accord-workspace";
/// The version of the interchange format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The person making a change: set up once on the laptop, or given with `--as`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    pub organisation: String,
}

impl Actor {
    pub fn new(name: &str, organisation: &str) -> Result<Actor, RuleError> {
        Ok(Actor {
            name: crate::text::required("Your name", name)?,
            organisation: organisation.trim().to_string(),
        })
    }

    /// Reads "Name (Organisation)" or just "Name".
    pub fn parse(s: &str) -> Result<Actor, RuleError> {
        let s = s.trim();
        match s.strip_suffix(')').and_then(|rest| rest.rsplit_once('(')) {
            Some((name, org)) => Actor::new(name, org),
            None => Actor::new(s, ""),
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.organisation.is_empty() {
            f.write_str(&self.name)
        } else {
            write!(f, "{} ({})", self.name, self.organisation)
        }
    }
}

/// Everything one workspace holds. Its JSON form, with these field names, is the open
/// interchange format described by `docs/workspace.schema.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Workspace {
    /// Always `accord-workspace`.
    pub format: String,
    /// The version of this format; this build reads version 1.
    pub format_version: u32,
    pub project: Project,
    #[serde(default)]
    pub organisations: Vec<Organisation>,
    #[serde(default)]
    pub people: Vec<Person>,
    pub agreement: Agreement,
    #[serde(default)]
    pub raci: Raci,
    #[serde(default)]
    pub decisions: Vec<Decision>,
    /// The handover (succession) notes.
    #[serde(default)]
    pub succession: Vec<HandoverNote>,
    #[serde(default)]
    pub signoffs: Vec<Signoff>,
}

impl Workspace {
    /// The same content as a new project: every record's id (the project's too) replaced by
    /// one from `next_id`, and every reference to it with it, so the copy can be shared
    /// beside the original without either being mistaken for the other (`accord import
    /// --new-ids`). Ids are found as the `id` of each record; a reference is any value equal
    /// to one, whole (never part of a text).
    pub fn with_new_ids(&self, mut next_id: impl FnMut() -> Id) -> Workspace {
        fn collect(
            v: &serde_json::Value,
            map: &mut HashMap<String, String>,
            next: &mut dyn FnMut() -> Id,
        ) {
            match v {
                serde_json::Value::Object(m) => {
                    if let Some(serde_json::Value::String(id)) = m.get("id")
                        && id.parse::<Id>().is_ok()
                        && !map.contains_key(id)
                    {
                        map.insert(id.clone(), next().to_string());
                    }
                    m.values().for_each(|x| collect(x, map, next));
                }
                serde_json::Value::Array(a) => a.iter().for_each(|x| collect(x, map, next)),
                _ => {}
            }
        }
        fn replace(v: &mut serde_json::Value, map: &HashMap<String, String>) {
            match v {
                serde_json::Value::String(s) => {
                    if let Some(new) = map.get(s.as_str()) {
                        *s = new.clone();
                    }
                }
                serde_json::Value::Object(m) => m.values_mut().for_each(|x| replace(x, map)),
                serde_json::Value::Array(a) => a.iter_mut().for_each(|x| replace(x, map)),
                _ => {}
            }
        }
        let mut value = serde_json::to_value(self).expect("a workspace serialises");
        let mut map = HashMap::new();
        collect(&value, &mut map, &mut next_id);
        replace(&mut value, &map);
        serde_json::from_value(value).expect("the same shape with other ids")
    }

    /// A new workspace: the 19 standard agreement sections (empty) and the six standard
    /// RACI activities, with ids from `next_id`.
    pub fn new(project: Project, mut next_id: impl FnMut() -> Id) -> Workspace {
        let activities = crate::STANDARD_ACTIVITIES
            .iter()
            .map(|(name, description)| Activity {
                id: next_id(),
                name: name.to_string(),
                description: description.to_string(),
                phase: None,
            })
            .collect();
        Workspace {
            format: FORMAT.to_string(),
            format_version: FORMAT_VERSION,
            project,
            organisations: Vec::new(),
            people: Vec::new(),
            agreement: Agreement::standard(),
            raci: Raci {
                activities,
                assignments: Vec::new(),
            },
            decisions: Vec::new(),
            succession: Vec::new(),
            signoffs: Vec::new(),
        }
    }

    /// The name of every person and organisation, by id.
    pub fn party_names(&self) -> HashMap<Id, &str> {
        self.people
            .iter()
            .map(|p| (p.id, p.name.as_str()))
            .chain(self.organisations.iter().map(|o| (o.id, o.name.as_str())))
            .collect()
    }

    /// Every way in which the records disagree with each other, as `(path, problem)`,
    /// with paths such as `decisions[3].supersedes`. Empty when the workspace is sound.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut p = |path: String, msg: String| out.push((path, msg));
        if self.format != FORMAT {
            p(
                "format".into(),
                format!("expected \"{FORMAT}\", found \"{}\"", self.format),
            );
        }
        if self.format_version != FORMAT_VERSION {
            p(
                "format_version".into(),
                format!(
                    "this Accord reads format version {FORMAT_VERSION}, the file is version {}",
                    self.format_version
                ),
            );
        }
        if self.project.title.trim().is_empty() {
            p("project.title".into(), "cannot be empty".into());
        }

        let mut ids: HashSet<Id> = HashSet::new();
        let mut unique = |path: String, id: Id, p: &mut dyn FnMut(String, String)| {
            if !ids.insert(id) {
                p(path, format!("the id {id} is used by more than one record"));
            }
        };
        for (i, o) in self.organisations.iter().enumerate() {
            unique(format!("organisations[{i}].id"), o.id, &mut p);
        }
        for (i, o) in self.people.iter().enumerate() {
            unique(format!("people[{i}].id"), o.id, &mut p);
        }
        for (i, o) in self.raci.activities.iter().enumerate() {
            unique(format!("raci.activities[{i}].id"), o.id, &mut p);
        }
        for (i, o) in self.decisions.iter().enumerate() {
            unique(format!("decisions[{i}].id"), o.id, &mut p);
        }
        for (i, o) in self.succession.iter().enumerate() {
            unique(format!("succession[{i}].id"), o.id, &mut p);
        }
        for (i, o) in self.signoffs.iter().enumerate() {
            unique(format!("signoffs[{i}].id"), o.id, &mut p);
        }

        let orgs: HashSet<Id> = self.organisations.iter().map(|o| o.id).collect();
        let people: HashSet<Id> = self.people.iter().map(|o| o.id).collect();
        let activities: HashSet<Id> = self.raci.activities.iter().map(|o| o.id).collect();
        let decisions: HashMap<Id, &Decision> = self.decisions.iter().map(|d| (d.id, d)).collect();
        let person = |path: String, id: &Id, p: &mut dyn FnMut(String, String)| {
            if !people.contains(id) {
                p(path, format!("no person has the id {id}"));
            }
        };

        for (i, o) in self.organisations.iter().enumerate() {
            if o.name.trim().is_empty() {
                p(format!("organisations[{i}].name"), "cannot be empty".into());
            }
            if let Some(s) = &o.signatory {
                person(format!("organisations[{i}].signatory"), s, &mut p);
            }
        }
        for (i, o) in self.people.iter().enumerate() {
            if o.name.trim().is_empty() {
                p(format!("people[{i}].name"), "cannot be empty".into());
            }
            if let Some(org) = &o.organisation
                && !orgs.contains(org)
            {
                p(
                    format!("people[{i}].organisation"),
                    format!("no organisation has the id {org}"),
                );
            }
        }
        let mut keys = HashSet::new();
        for (i, s) in self.agreement.sections.iter().enumerate() {
            if !keys.insert(s.key.as_str()) {
                p(
                    format!("agreement.sections[{i}].key"),
                    format!("the key \"{}\" is used by more than one section", s.key),
                );
            }
        }
        let mut cells: HashSet<&Assignment> = HashSet::new();
        for (i, a) in self.raci.assignments.iter().enumerate() {
            if !activities.contains(&a.activity) {
                p(
                    format!("raci.assignments[{i}].activity"),
                    format!("no activity has the id {}", a.activity),
                );
            }
            if !people.contains(&a.party) && !orgs.contains(&a.party) {
                p(
                    format!("raci.assignments[{i}].party"),
                    format!("no person or organisation has the id {}", a.party),
                );
            }
            if !cells.insert(a) {
                p(
                    format!("raci.assignments[{i}]"),
                    "the same assignment appears twice".into(),
                );
            }
        }
        let mut numbers = HashSet::new();
        for (i, d) in self.decisions.iter().enumerate() {
            if !numbers.insert(d.number) {
                p(
                    format!("decisions[{i}].number"),
                    format!("{} is used by more than one decision", d.number),
                );
            }
            for (field, list) in [
                ("deciders", &d.deciders),
                ("consulted", &d.consulted),
                ("informed", &d.informed),
            ] {
                for (j, id) in list.iter().enumerate() {
                    person(format!("decisions[{i}].{field}[{j}]"), id, &mut p);
                }
            }
            if let Some(old) = &d.supersedes {
                match decisions.get(old) {
                    None => p(
                        format!("decisions[{i}].supersedes"),
                        format!("no decision has the id {old}"),
                    ),
                    Some(old)
                        if d.status == DecisionStatus::Accepted
                            && old.status != DecisionStatus::Superseded =>
                    {
                        p(
                            format!("decisions[{i}].supersedes"),
                            format!(
                                "{} is accepted and supersedes {}, so {} must be superseded, not {}",
                                d.number, old.number, old.number, old.status
                            ),
                        )
                    }
                    Some(_) => {}
                }
            }
        }
        for (i, h) in self.succession.iter().enumerate() {
            person(format!("succession[{i}].holder"), &h.holder, &mut p);
            if let Some(s) = &h.successor {
                person(format!("succession[{i}].successor"), s, &mut p);
            }
        }
        for (i, s) in self.signoffs.iter().enumerate() {
            person(format!("signoffs[{i}].signed_by"), &s.signed_by, &mut p);
            if !is_fingerprint(&s.fingerprint) {
                p(
                    format!("signoffs[{i}].fingerprint"),
                    "expected 64 lower-case hexadecimal digits (a SHA-256)".into(),
                );
            }
        }
        out
    }

    /// The next decision number.
    pub fn next_decision_number(&self) -> crate::DecisionNumber {
        crate::decision::next_number(self.decisions.iter().map(|d| d.number))
    }

    /// What still names the person or organisation `id`, in words, one phrase per kind of
    /// record ("2 people", "1 decisions"); empty when nothing does.
    pub fn uses_of(&self, id: Id) -> Vec<String> {
        let count = |n: usize, what: &str| (n > 0).then(|| format!("{n} {what}"));
        [
            count(
                self.people
                    .iter()
                    .filter(|p| p.organisation == Some(id))
                    .count(),
                "people",
            ),
            count(
                self.organisations
                    .iter()
                    .filter(|o| o.signatory == Some(id))
                    .count(),
                "organisations they sign for",
            ),
            count(
                self.raci
                    .assignments
                    .iter()
                    .filter(|a| a.party == id)
                    .count(),
                "RACI assignments",
            ),
            count(
                self.decisions
                    .iter()
                    .filter(|d| {
                        d.deciders
                            .iter()
                            .chain(&d.consulted)
                            .chain(&d.informed)
                            .any(|p| *p == id)
                    })
                    .count(),
                "decisions",
            ),
            count(
                self.succession
                    .iter()
                    .filter(|h| h.holder == id || h.successor == Some(id))
                    .count(),
                "handover notes",
            ),
            count(
                self.signoffs.iter().filter(|s| s.signed_by == id).count(),
                "sign-offs",
            ),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// The organisation `id`, if it may be removed: nothing in the workspace names it.
    pub fn removable_organisation(&self, id: Id) -> Result<&Organisation, RuleError> {
        let org = self
            .organisations
            .iter()
            .find(|o| o.id == id)
            .ok_or_else(|| RuleError::NotFound(format!("The organisation {id}")))?;
        let used = self.uses_of(id);
        if !used.is_empty() {
            return Err(RuleError::InUse {
                what: org.name.clone(),
                by: used.join(", "),
                hint: "move or remove those first, or change its role to observer.",
            });
        }
        Ok(org)
    }

    /// The person `id`, if they may be removed: nothing in the workspace names them.
    /// Someone who has left but holds roles is marked inactive instead, so that their
    /// roles show as succession gaps.
    pub fn removable_person(&self, id: Id) -> Result<&Person, RuleError> {
        let person = self
            .people
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| RuleError::NotFound(format!("The person {id}")))?;
        let used = self.uses_of(id);
        if !used.is_empty() {
            return Err(RuleError::InUse {
                what: person.name.clone(),
                by: used.join(", "),
                hint: "mark them as having left instead, so their roles show as needing a successor.",
            });
        }
        Ok(person)
    }
}

/// An organisation read from a register of councils, before it is given an id.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterEntry {
    pub name: String,
    pub kind: OrganisationKind,
    pub gss_code: Option<String>,
    pub current: bool,
    pub end_date: Option<NaiveDate>,
}

impl RegisterEntry {
    pub fn into_organisation(self, id: Id, role: PartyRole) -> Organisation {
        Organisation {
            id,
            name: self.name,
            kind: self.kind,
            gss_code: self.gss_code,
            role,
            signatory: None,
        }
    }
}
