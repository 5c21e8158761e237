//! Registers of councils in CSV, such as mySociety's "UK Local Authority Names and Codes":
//! read the rows, choose some, and turn them into organisations.

use accord_domain::OrganisationKind;
use accord_domain::workspace::RegisterEntry;
use chrono::NaiveDate;

use crate::InterchangeError;

/// One row of a register.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterRow {
    /// The register's own short code, such as `ADU`.
    pub code: String,
    pub official_name: String,
    pub nice_name: String,
    pub gss_code: Option<String>,
    pub nation: String,
    pub region: String,
    pub kind: OrganisationKind,
    pub current: bool,
    pub end_date: Option<NaiveDate>,
    pub replaced_by: Option<String>,
}

impl RegisterRow {
    pub fn to_entry(&self) -> RegisterEntry {
        RegisterEntry {
            name: self.official_name.clone(),
            kind: self.kind,
            gss_code: self.gss_code.clone(),
            current: self.current,
            end_date: self.end_date,
        }
    }
}

/// Which rows to take. An empty filter takes every current authority.
#[derive(Debug, Clone, Default)]
pub struct RegisterFilter {
    /// Register codes (`ADU`) or ONS codes (`E07000223`), any case.
    pub codes: Vec<String>,
    /// Words that must appear in the name, any case.
    pub name_contains: Option<String>,
    pub nation: Option<String>,
    pub region: Option<String>,
    /// Include authorities that have been abolished.
    pub include_former: bool,
}

impl RegisterFilter {
    pub fn matches(&self, row: &RegisterRow) -> bool {
        if !self.codes.is_empty() {
            // Named codes are taken whether current or not: the user asked for them.
            return self.codes.iter().any(|c| {
                c.eq_ignore_ascii_case(&row.code)
                    || row
                        .gss_code
                        .as_deref()
                        .is_some_and(|g| c.eq_ignore_ascii_case(g))
            });
        }
        if !self.include_former && !row.current {
            return false;
        }
        let has = |want: &Option<String>, value: &str| {
            want.as_ref()
                .is_none_or(|w| value.eq_ignore_ascii_case(w.trim()))
        };
        let name_ok = self.name_contains.as_ref().is_none_or(|w| {
            let w = w.to_lowercase();
            row.official_name.to_lowercase().contains(&w)
                || row.nice_name.to_lowercase().contains(&w)
        });
        name_ok && has(&self.nation, &row.nation) && has(&self.region, &row.region)
    }
}

fn kind_of(type_name: &str) -> OrganisationKind {
    match type_name.trim().to_lowercase().as_str() {
        "county" => OrganisationKind::County,
        "non-metropolitan district" | "district" => OrganisationKind::District,
        "unitary authority" | "unitary" => OrganisationKind::Unitary,
        "metropolitan district" => OrganisationKind::Metropolitan,
        "london borough" => OrganisationKind::LondonBorough,
        "combined authority" => OrganisationKind::CombinedAuthority,
        "welsh unitary authority" => OrganisationKind::WelshUnitary,
        "scottish unitary authority" => OrganisationKind::ScottishUnitary,
        "ni district" => OrganisationKind::NiDistrict,
        other => other.parse().unwrap_or(OrganisationKind::OtherPublic),
    }
}

/// Reads every row of a register. The first line names the columns; those used are
/// `official-name` (or `name`), and where present `local-authority-code`, `nice-name`,
/// `gss-code`, `nation`, `region`, `local-authority-type-name` (or `kind`),
/// `current-authority`, `end-date` and `replaced-by`.
pub fn parse_register(text: &str) -> Result<Vec<RegisterRow>, InterchangeError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            InterchangeError::Register(format!("The register's first line cannot be read: {e}"))
        })?
        .clone();
    let col = |names: &[&str]| {
        names.iter().find_map(|n| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(n))
        })
    };
    let name_col = col(&["official-name", "name"]).ok_or_else(|| {
        InterchangeError::Register("The register has no 'official-name' (or 'name') column, so there are no names to import.".into())
    })?;
    let code_col = col(&["local-authority-code", "code"]);
    let nice_col = col(&["nice-name"]);
    let gss_col = col(&["gss-code", "gss_code"]);
    let nation_col = col(&["nation"]);
    let region_col = col(&["region"]);
    let type_col = col(&["local-authority-type-name", "kind"]);
    let current_col = col(&["current-authority", "current"]);
    let end_col = col(&["end-date"]);
    let replaced_col = col(&["replaced-by"]);

    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| {
            InterchangeError::Register(format!("Line {line} of the register cannot be read: {e}"))
        })?;
        let get = |c: Option<usize>| c.and_then(|c| record.get(c)).map(str::trim).unwrap_or("");
        let name = get(Some(name_col));
        if name.is_empty() {
            return Err(InterchangeError::Register(format!(
                "Line {line} of the register has no name."
            )));
        }
        let end_date = match get(end_col) {
            "" => None,
            d => Some(d.parse().map_err(|_| {
                InterchangeError::Register(format!(
                    "Line {line} ({name}): the end date '{d}' is not a date like 2023-04-01."
                ))
            })?),
        };
        let current = match get(current_col).to_lowercase().as_str() {
            "" | "true" | "yes" | "1" => true,
            "false" | "no" | "0" => false,
            other => {
                return Err(InterchangeError::Register(format!(
                    "Line {line} ({name}): current-authority is '{other}'; expected True or False."
                )));
            }
        };
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        rows.push(RegisterRow {
            code: get(code_col).to_string(),
            official_name: name.to_string(),
            nice_name: opt(get(nice_col)).unwrap_or_else(|| name.to_string()),
            gss_code: opt(get(gss_col)).map(|g| g.to_uppercase()),
            nation: get(nation_col).to_string(),
            region: get(region_col).to_string(),
            kind: kind_of(get(type_col)),
            current,
            end_date,
            replaced_by: opt(get(replaced_col)),
        });
    }
    Ok(rows)
}
