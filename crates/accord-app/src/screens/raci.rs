//! The RACI matrix screen: activities by parties, one cell at a time.

use accord_domain::raci::letters;
use accord_domain::{Activity, Id, RaciRole, Workspace, raci};

use super::id;
use crate::{AppError, AppResult, CellChange, CellView, PartyView, RaciView, Session, workspace};

impl Session {
    fn raci_workspace(&self) -> AppResult<Workspace> {
        Ok(self.file()?.load_for_check()?)
    }

    pub fn raci(&self) -> AppResult<RaciView> {
        let ws = self.raci_workspace()?;
        let parties = ws
            .people
            .iter()
            .map(|p| PartyView {
                id: p.id.to_string(),
                name: p.name.clone(),
                kind: "person",
                active: p.active,
            })
            .chain(ws.organisations.iter().map(|o| PartyView {
                id: o.id.to_string(),
                name: o.name.clone(),
                kind: "organisation",
                active: true,
            }))
            .collect();
        let mut cells: Vec<CellView> = Vec::new();
        let mut by_cell: std::collections::BTreeMap<(Id, Id), Vec<RaciRole>> = Default::default();
        for a in &ws.raci.assignments {
            by_cell
                .entry((a.activity, a.party))
                .or_default()
                .push(a.role);
        }
        for ((activity, party), roles) in by_cell {
            cells.push(CellView {
                activity: activity.to_string(),
                party: party.to_string(),
                roles: letters(&roles),
            });
        }
        Ok(RaciView {
            findings: raci::check(&ws),
            activities: ws.raci.activities,
            parties,
            cells,
        })
    }

    /// Sets one cell to exactly the letters given ("" clears it) and returns the row's findings.
    pub fn set_cell(&mut self, activity: &str, party: &str, roles: &str) -> AppResult<CellChange> {
        let (activity, party) = (id("activity", activity)?, id("party", party)?);
        let (file, stamp) = self.file_and_stamp()?;
        let set = workspace::set_cell(file, activity, party, roles, &stamp)?;
        Ok(CellChange {
            roles: letters(&set.roles),
            row_findings: set.row_findings,
        })
    }

    pub fn add_activity(&mut self, name: &str, description: &str) -> AppResult<Activity> {
        let mut a =
            Activity::new(Id::now_v7(), name).map_err(|e| AppError::from(e).on_field("name"))?;
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
