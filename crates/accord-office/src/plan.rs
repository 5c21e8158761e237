//! What an import would do to a workspace, worked out before anything is written, so the
//! user sees it first: which parties the sheet's columns are, which activities are new,
//! which cells change; which sections a document's headings are, and which are added.

use std::collections::{HashMap, HashSet};

use accord_domain::agreement::standard_section;
use accord_domain::{
    Activity, Actor, Agreement, Assignment, Id, RaciRole, RuleError, STANDARD_SECTIONS, Workspace,
};
use chrono::{DateTime, Utc};

use crate::{ImportedSection, OfficeError, RaciSheet, column_name, normalised};

/// A column of the sheet and the party it was matched to, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyMatch {
    /// The column, such as `C`.
    pub column: String,
    /// The name as the sheet writes it.
    pub written: String,
    /// The person or organisation, with its name as the workspace has it.
    pub party: Option<(Id, String)>,
    /// Why it was not matched, when it was not.
    pub why_not: Option<String>,
}

/// One cell the import changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellChange {
    pub activity: Id,
    pub activity_name: String,
    pub party: Id,
    pub party_name: String,
    pub before: Vec<RaciRole>,
    pub after: Vec<RaciRole>,
}

/// What importing a RACI sheet would do.
#[derive(Debug, Clone, PartialEq)]
pub struct RaciPlan {
    pub parties: Vec<PartyMatch>,
    /// Activities in the sheet that the workspace does not have (made with new ids).
    pub new_activities: Vec<Activity>,
    /// Cells whose letters change (in new activities too), in sheet order.
    pub changes: Vec<CellChange>,
    /// Cells already as the sheet says.
    pub unchanged: usize,
    /// What the sheet reader passed over, and letters in columns matched to nobody.
    pub notes: Vec<String>,
}

impl RaciPlan {
    pub fn is_empty(&self) -> bool {
        self.new_activities.is_empty() && self.changes.is_empty()
    }

    pub fn unmatched(&self) -> impl Iterator<Item = &PartyMatch> {
        self.parties.iter().filter(|p| p.party.is_none())
    }

    /// The workspace as it would be after the import (for its RACI findings). Linear in
    /// the cells: the changed cells are cleared in one pass, then written.
    pub fn applied(&self, ws: &Workspace) -> Workspace {
        let mut after = ws.clone();
        after
            .raci
            .activities
            .extend(self.new_activities.iter().cloned());
        let changed: HashSet<(Id, Id)> =
            self.changes.iter().map(|c| (c.activity, c.party)).collect();
        after
            .raci
            .assignments
            .retain(|a| !changed.contains(&(a.activity, a.party)));
        for change in &self.changes {
            after
                .raci
                .assignments
                .extend(change.after.iter().map(|&role| Assignment {
                    activity: change.activity,
                    party: change.party,
                    role,
                }));
        }
        after
    }
}

/// Matches a sheet to the workspace: each column's party by name among the people and
/// organisations (case and spacing forgiven), each row's activity by name (a new one when
/// none has it). A matched cell becomes exactly the sheet's letters, so an empty cell
/// clears one; columns matched to nobody, and activities the sheet does not name, are left
/// as they are. `next_id` gives each new activity its id.
pub fn raci_plan(ws: &Workspace, sheet: &RaciSheet, mut next_id: impl FnMut() -> Id) -> RaciPlan {
    let mut by_name: HashMap<String, Vec<(Id, &str, &str)>> = HashMap::new();
    for p in &ws.people {
        by_name
            .entry(normalised(&p.name))
            .or_default()
            .push((p.id, p.name.as_str(), "the person"));
    }
    for o in &ws.organisations {
        by_name.entry(normalised(&o.name)).or_default().push((
            o.id,
            o.name.as_str(),
            "the organisation",
        ));
    }
    let mut notes = sheet.skipped.clone();
    let parties: Vec<PartyMatch> = sheet
        .parties
        .iter()
        .map(|(col, written)| {
            let column = column_name(*col);
            match by_name.get(&normalised(written)).map(Vec::as_slice) {
                Some([(id, name, _)]) => PartyMatch {
                    column,
                    written: written.clone(),
                    party: Some((*id, (*name).to_string())),
                    why_not: None,
                },
                Some(several) => PartyMatch {
                    column,
                    written: written.clone(),
                    party: None,
                    why_not: Some(format!(
                        "matches {}: rename one of them, or the column",
                        several
                            .iter()
                            .map(|(_, name, what)| format!("{what} {name}"))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    )),
                },
                None => PartyMatch {
                    column,
                    written: written.clone(),
                    party: None,
                    why_not: Some(
                        "no person or organisation in the workspace has this name: add them first, or correct the name in the sheet"
                            .to_string(),
                    ),
                },
            }
        })
        .collect();
    for (i, p) in parties.iter().enumerate() {
        if p.party.is_none() {
            let filled = sheet.rows.iter().filter(|r| !r.cells[i].is_empty()).count();
            if filled > 0 {
                let cells = if filled == 1 {
                    "1 cell".to_string()
                } else {
                    format!("{filled} cells")
                };
                notes.push(format!(
                    "The letters in column {} (\"{}\", {cells}) are not imported, because that column is matched to nobody.",
                    p.column, p.written
                ));
            }
        }
    }

    let existing: HashMap<String, &Activity> = ws
        .raci
        .activities
        .iter()
        .map(|a| (normalised(&a.name), a))
        .collect();
    // Each cell's letters now, looked up once per cell rather than by a scan.
    let mut letters_now: HashMap<(Id, Id), Vec<RaciRole>> = HashMap::new();
    for a in &ws.raci.assignments {
        letters_now
            .entry((a.activity, a.party))
            .or_default()
            .push(a.role);
    }
    for roles in letters_now.values_mut() {
        roles.sort();
    }
    let mut new_activities = Vec::new();
    let mut changes = Vec::new();
    let mut unchanged = 0;
    for row in &sheet.rows {
        let (activity, activity_name) = match existing.get(&normalised(&row.activity)) {
            Some(a) => (a.id, a.name.clone()),
            None => {
                let a = Activity {
                    id: next_id(),
                    name: row.activity.clone(),
                    description: String::new(),
                    phase: None,
                };
                let out = (a.id, a.name.clone());
                new_activities.push(a);
                out
            }
        };
        for (i, p) in parties.iter().enumerate() {
            let Some((party, party_name)) = &p.party else {
                continue;
            };
            let before = letters_now
                .get(&(activity, *party))
                .cloned()
                .unwrap_or_default();
            let mut after = row.cells[i].clone();
            after.sort();
            after.dedup();
            if before == after {
                if !after.is_empty() {
                    unchanged += 1;
                }
                continue;
            }
            changes.push(CellChange {
                activity,
                activity_name: activity_name.clone(),
                party: *party,
                party_name: party_name.clone(),
                before,
                after,
            });
        }
    }
    RaciPlan {
        parties,
        new_activities,
        changes,
        unchanged,
        notes,
    }
}

/// One section an imported document adds or changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionChange {
    pub key: String,
    pub title: String,
    /// The heading as the document writes it.
    pub heading: String,
    /// Added to the agreement (a custom section, or a standard one it no longer had).
    pub added: bool,
    /// One of the 19 standard sections.
    pub standard: bool,
    pub before: String,
    pub after: String,
}

impl SectionChange {
    /// What the import does to the section, in words both front ends show: adds a
    /// standard section, adds the project's own, writes an empty one, or replaces its text.
    pub fn what(&self) -> &'static str {
        match (self.added, self.standard) {
            (true, true) => "add the standard section",
            (true, false) => "add your own section",
            (false, _) if self.before.is_empty() => "write",
            (false, _) => "replace the text of",
        }
    }
}

/// What importing a Word document's sections would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementPlan {
    /// Sections added or whose text changes, in the document's order.
    pub changes: Vec<SectionChange>,
    /// Headings whose section already says exactly this.
    pub unchanged: Vec<String>,
    /// Headings with no text under them: the section is left as it is.
    pub empty: Vec<String>,
}

impl AgreementPlan {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The agreement after the import, by the agreement's own rules (a closed version
    /// refuses; a section whose text changes returns to draft).
    pub fn applied(
        &self,
        agreement: &Agreement,
        who: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Agreement, RuleError> {
        let mut after = agreement.clone();
        for c in &self.changes {
            if c.added {
                after.add_section(&c.key, &c.title)?;
            }
            after.write_section(&c.key, &c.after, who, now)?;
        }
        Ok(after)
    }
}

/// A heading without numbering such as `1.`, `2.3` or `4)` before it.
fn unnumbered(heading: &str) -> &str {
    let t = heading.trim();
    let rest = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let numbered =
        rest.len() < t.len() && (rest.starts_with(char::is_whitespace) || rest.starts_with(')'));
    if numbered {
        rest.trim_start_matches(')').trim_start()
    } else {
        t
    }
}

/// A heading as matched: numbering forgiven, then case and spacing.
fn title_key(heading: &str) -> String {
    normalised(unnumbered(heading))
}

/// A section key from a title: lower-case letters, digits and underscores.
fn key_from(title: &str) -> String {
    let mut key = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        } else if !key.ends_with('_') && !key.is_empty() {
            key.push('_');
        }
    }
    let key = key.trim_end_matches('_').to_string();
    if key.is_empty() {
        "section".to_string()
    } else {
        key
    }
}

/// Matches a document's headings to the agreement's sections by title (the workspace's
/// own sections first, then the 19 standard titles), adding a custom section for any
/// other heading. Two headings for one section are refused, naming both.
pub fn agreement_plan(
    agreement: &Agreement,
    sections: &[ImportedSection],
) -> Result<AgreementPlan, OfficeError> {
    let mut plan = AgreementPlan {
        changes: Vec::new(),
        unchanged: Vec::new(),
        empty: Vec::new(),
    };
    let mut taken: HashMap<String, String> = HashMap::new();
    let mut keys: Vec<String> = agreement.sections.iter().map(|s| s.key.clone()).collect();
    for imported in sections {
        let wanted = title_key(&imported.title);
        let marked = imported.key.as_deref().filter(|k| !taken.contains_key(*k));
        let (key, title, added) = if let Some(s) = marked.and_then(|k| agreement.section(k)) {
            (s.key.clone(), s.title.clone(), false)
        } else if let Some(s) = agreement
            .sections
            .iter()
            .find(|s| title_key(&s.title) == wanted)
        {
            (s.key.clone(), s.title.clone(), false)
        } else if let Some(s) = STANDARD_SECTIONS
            .iter()
            .find(|s| title_key(s.title) == wanted && !keys.iter().any(|k| k == s.key))
        {
            (s.key.to_string(), s.title.to_string(), true)
        } else if let Some(c) = plan
            .changes
            .iter()
            .find(|c| c.added && title_key(&c.title) == wanted)
        {
            (c.key.clone(), c.title.clone(), true)
        } else {
            let title = unnumbered(&imported.title).to_string();
            let base = marked
                .filter(|k| standard_section(k).is_none())
                .map(str::to_string)
                .unwrap_or_else(|| key_from(&title));
            let mut key = base.clone();
            let mut n = 2;
            while keys.contains(&key) || standard_section(&key).is_some() {
                key = format!("{base}_{n}");
                n += 1;
            }
            (key, title, true)
        };
        if let Some(first) = taken.insert(key.clone(), imported.title.clone()) {
            return Err(OfficeError::Content(format!(
                "The headings \"{first}\" and \"{}\" are both the section \"{title}\": keep one heading per section. Nothing has been changed.",
                imported.title
            )));
        }
        if !keys.contains(&key) {
            keys.push(key.clone());
        }
        let before = agreement
            .section(&key)
            .map(|s| s.body.clone())
            .unwrap_or_default();
        if imported.body.is_empty() && !added {
            plan.empty.push(imported.title.clone());
            continue;
        }
        if before == imported.body && !added {
            plan.unchanged.push(imported.title.clone());
            continue;
        }
        plan.changes.push(SectionChange {
            standard: standard_section(&key).is_some(),
            key,
            title,
            heading: imported.title.clone(),
            added,
            before,
            after: imported.body.clone(),
        });
    }
    Ok(plan)
}
