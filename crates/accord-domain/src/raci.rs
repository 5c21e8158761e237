//! The RACI matrix: who is Responsible, Accountable, Consulted and Informed for each
//! activity, and the rules that find gaps in it.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::finding::Location;
use crate::project::set;
use crate::{Finding, Id, Phase, RuleError, Workspace, text};

vocabulary! {
    /// A party's part in an activity.
    RaciRole { R => "R" ("Responsible"), A => "A" ("Accountable"), C => "C" ("Consulted"), I => "I" ("Informed") }
}

/// The activities the research found nobody could answer for; every new workspace has them.
pub const STANDARD_ACTIVITIES: [(&str, &str); 6] = [
    (
        "Owning the service",
        "Answers for the service residents use: its performance, its budget and its future.",
    ),
    (
        "Owning the system",
        "Answers for the software and hosting the service runs on.",
    ),
    (
        "Owning the data",
        "Is the data controller, and decides who may see and share the data.",
    ),
    (
        "Holding the licences",
        "Holds and pays for the software licences the project depends on.",
    ),
    (
        "Maintaining the code",
        "Keeps the code secure and up to date after the project ends.",
    ),
    (
        "Agreeing changes to scope",
        "Decides when the project takes on, or drops, a piece of work.",
    ),
];

/// Something that has to be done, and so someone has to answer for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub phase: Option<Phase>,
}

impl Activity {
    pub fn new(id: Id, name: &str) -> Result<Self, RuleError> {
        Ok(Activity {
            id,
            name: text::required("The activity's name", name)?,
            description: String::new(),
            phase: None,
        })
    }

    pub fn apply(&mut self, patch: ActivityPatch) -> Result<(), RuleError> {
        if let Some(name) = patch.name {
            self.name = text::required("The activity's name", &name)?;
        }
        set(&mut self.description, patch.description);
        set(&mut self.phase, patch.phase);
        Ok(())
    }
}

/// A change to an activity; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActivityPatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub phase: Option<Option<Phase>>,
}

/// One letter in the matrix: `party` (a person or an organisation) has `role` in `activity`.
/// A party may hold more than one role in an activity (the A is often also an R).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    pub activity: Id,
    pub party: Id,
    pub role: RaciRole,
}

/// The whole matrix.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Raci {
    pub activities: Vec<Activity>,
    pub assignments: Vec<Assignment>,
}

impl Raci {
    /// The roles `party` holds in `activity`.
    pub fn roles(&self, activity: Id, party: Id) -> Vec<RaciRole> {
        let mut roles: Vec<RaciRole> = self
            .assignments
            .iter()
            .filter(|a| a.activity == activity && a.party == party)
            .map(|a| a.role)
            .collect();
        roles.sort();
        roles
    }
}

/// Reads RACI letters as typed, such as `AR`, `r, c` or `-`: each of R, A, C and I at most
/// once, in any case, separated by nothing, spaces, commas or slashes; `-` or nothing
/// clears the cell.
pub fn parse_letters(typed: &str) -> Result<Vec<RaciRole>, RuleError> {
    let mut roles = Vec::new();
    for c in typed
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '/' | '-'))
    {
        let role: RaciRole = c.to_string().parse().map_err(|_| {
            RuleError::Invalid(format!(
                "'{c}' is not a RACI letter: use R, A, C or I, or - to clear."
            ))
        })?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    Ok(roles)
}

/// A cell's letters in the matrix's order, such as `AR`; empty for an empty cell.
pub fn letters(roles: &[RaciRole]) -> String {
    let mut sorted = roles.to_vec();
    sorted.sort();
    sorted.iter().map(|r| r.as_str()).collect()
}

/// The path findings about `activity` name as their record: `raci.activities[<id>]`.
pub fn activity_record(activity: Id) -> String {
    row(activity, None).path()
}

/// Where a finding about `activity`'s row is, naming `party` when it is about one.
fn row(activity: Id, party: Option<Id>) -> Location {
    Location::Raci { activity, party }
}

/// The findings of [`check`] about one activity's row.
pub fn check_row(ws: &Workspace, activity: Id) -> Vec<Finding> {
    check(ws)
        .into_iter()
        .filter(|f| f.location.activity() == Some(activity))
        .collect()
}

/// Checks every activity: exactly one A (an error otherwise), at least one R (a warning),
/// and no A or R held by someone who has left (a succession gap, a warning).
pub fn check(ws: &Workspace) -> Vec<Finding> {
    let names = ws.party_names();
    let inactive: HashMap<Id, &str> = ws
        .people
        .iter()
        .filter(|p| !p.active)
        .map(|p| (p.id, p.name.as_str()))
        .collect();
    let mut by_activity: HashMap<Id, Vec<&Assignment>> = HashMap::new();
    for a in &ws.raci.assignments {
        by_activity.entry(a.activity).or_default().push(a);
    }
    let mut findings = Vec::new();
    for activity in &ws.raci.activities {
        let assigned = by_activity
            .get(&activity.id)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let holders = |role: RaciRole| -> Vec<&Assignment> {
            assigned
                .iter()
                .copied()
                .filter(|a| a.role == role)
                .collect()
        };
        let accountable = holders(RaciRole::A);
        match accountable.len() {
            0 => findings.push(Finding::error(
                "raci_no_accountable",
                row(activity.id, None),
                format!("Nobody is Accountable for \"{}\".", activity.name),
                "Give exactly one party the A for this activity: the one who answers for it.",
            )),
            1 => {}
            n => {
                let who: Vec<&str> = accountable
                    .iter()
                    .map(|a| names.get(&a.party).copied().unwrap_or("an unknown party"))
                    .collect();
                findings.push(Finding::error(
                    "raci_many_accountable",
                    row(activity.id, None),
                    format!("{} parties are Accountable for \"{}\": {}.", n, activity.name, who.join(" and ")),
                    "Keep one A: when several answer for something, nobody does. Make the others R or C.",
                ));
            }
        }
        if holders(RaciRole::R).is_empty() {
            findings.push(Finding::warning(
                "raci_no_responsible",
                row(activity.id, None),
                format!("Nobody is Responsible for doing \"{}\".", activity.name),
                "Give at least one party the R for this activity (the Accountable party may also be Responsible).",
            ));
        }
        for a in assigned
            .iter()
            .filter(|a| matches!(a.role, RaciRole::A | RaciRole::R))
        {
            if let Some(name) = inactive.get(&a.party) {
                findings.push(Finding::warning(
                    "raci_succession_gap",
                    row(activity.id, Some(a.party)),
                    format!(
                        "{} is {} for \"{}\" but is no longer active on the project.",
                        name,
                        a.role.label(),
                        activity.name
                    ),
                    "Name a successor for this role and write them a handover note.",
                ));
            }
        }
    }
    findings
}
