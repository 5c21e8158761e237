//! The RACI matrix screen: activities by parties, one cell at a time.

use accord_domain::{Activity, Id, RaciRole, Workspace, raci};

use super::id;
use crate::{AppError, AppResult, CellChange, CellView, PartyView, RaciView, Session};

fn letters(roles: &[RaciRole]) -> String {
    let mut sorted = roles.to_vec();
    sorted.sort();
    sorted.iter().map(|r| r.as_str()).collect()
}

fn parse_letters(value: &str) -> AppResult<Vec<RaciRole>> {
    let mut roles = Vec::new();
    for c in value.chars().filter(|c| !c.is_whitespace() && *c != ',' && *c != '-') {
        let role: RaciRole = c.to_string().parse().map_err(|_| {
            AppError::new("invalid", format!("'{c}' is not a RACI letter: use R, A, C or I.")).on_field("roles")
        })?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    Ok(roles)
}

impl Session {
    fn raci_workspace(&self) -> AppResult<Workspace> {
        Ok(self.file()?.load_for_check()?)
    }

    pub fn raci(&self) -> AppResult<RaciView> {
        let ws = self.raci_workspace()?;
        let parties = ws
            .people
            .iter()
            .map(|p| PartyView { id: p.id.to_string(), name: p.name.clone(), kind: "person", active: p.active })
            .chain(ws.organisations.iter().map(|o| PartyView { id: o.id.to_string(), name: o.name.clone(), kind: "organisation", active: true }))
            .collect();
        let mut cells: Vec<CellView> = Vec::new();
        let mut by_cell: std::collections::BTreeMap<(Id, Id), Vec<RaciRole>> = Default::default();
        for a in &ws.raci.assignments {
            by_cell.entry((a.activity, a.party)).or_default().push(a.role);
        }
        for ((activity, party), roles) in by_cell {
            cells.push(CellView { activity: activity.to_string(), party: party.to_string(), roles: letters(&roles) });
        }
        Ok(RaciView { findings: raci::check(&ws), activities: ws.raci.activities, parties, cells })
    }

    /// Sets one cell to exactly the letters given ("" clears it) and returns the row's findings.
    pub fn set_cell(&mut self, activity: &str, party: &str, roles: &str) -> AppResult<CellChange> {
        let (activity, party, roles) = (id("activity", activity)?, id("party", party)?, parse_letters(roles)?);
        let (file, stamp) = self.file_and_stamp()?;
        let now = file.set_cell(activity, party, &roles, &stamp)?;
        let record = format!("raci.activities[{activity}]");
        let row_findings = raci::check(&self.raci_workspace()?).into_iter().filter(|f| f.record == record).collect();
        Ok(CellChange { roles: letters(&now), row_findings })
    }

    pub fn add_activity(&mut self, name: &str, description: &str) -> AppResult<Activity> {
        let mut a = Activity::new(Id::now_v7(), name).map_err(|e| AppError::from(e).on_field("name"))?;
        a.description = description.trim().to_string();
        let (file, stamp) = self.file_and_stamp()?;
        Ok(file.add_activity(a, &stamp)?)
    }

    pub fn remove_activity(&mut self, activity: &str) -> AppResult<Activity> {
        let activity = id("activity", activity)?;
        let (file, stamp) = self.file_and_stamp()?;
        Ok(file.remove_activity(activity, &stamp)?)
    }
}
