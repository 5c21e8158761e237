//! Where a listing is: the nation and region of each organisation with an ONS code.
//!
//! The register of UK local authorities is embedded, so a council's code such as
//! `E07000223` places its projects in England and the South East with no lookup service.

use std::collections::HashMap;
use std::sync::OnceLock;

use pipeline_protocol::Nation;

const REGISTER: &str = include_str!("../data/uk-local-authorities.csv");

/// A place a listing can be searched by: `nation:england`, `region:south east`.
pub fn place_keys(gss_codes: impl IntoIterator<Item = impl AsRef<str>>) -> Vec<String> {
    let mut keys = Vec::new();
    for code in gss_codes {
        let code = code.as_ref().trim().to_ascii_uppercase();
        if let Some(nation) = Nation::of_gss_code(&code) {
            keys.push(nation_key(nation));
        }
        if let Some(region) = regions().get(&code) {
            keys.push(region_key(region));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

pub fn nation_key(nation: Nation) -> String {
    format!("nation:{}", nation.as_str())
}

pub fn region_key(region: &str) -> String {
    format!("region:{}", region.trim().to_lowercase())
}

/// The regions that can be searched for, as the register spells them.
pub fn known_regions() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = regions().values().copied().collect();
    names.sort();
    names.dedup();
    names
}

/// GSS code to region, read once from the embedded register.
fn regions() -> &'static HashMap<String, &'static str> {
    static REGIONS: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    REGIONS.get_or_init(|| {
        let mut map = HashMap::new();
        let mut reader = csv::Reader::from_reader(REGISTER.as_bytes());
        let headers = reader.headers().cloned().unwrap_or_default();
        let column = |name: &str| headers.iter().position(|h| h == name);
        let (Some(code_at), Some(region_at)) = (column("gss-code"), column("region")) else {
            return map;
        };
        for record in reader.records().flatten() {
            let (Some(code), Some(region)) = (record.get(code_at), record.get(region_at)) else {
                continue;
            };
            if code.is_empty() || region.is_empty() {
                continue;
            }
            // The register is static, so leaking its few region names once is bounded.
            let region: &'static str = match map.values().find(|r: &&&'static str| **r == region) {
                Some(known) => known,
                None => Box::leak(region.to_string().into_boxed_str()),
            };
            map.insert(code.to_string(), region);
        }
        map
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_district_code_names_its_nation_and_region() {
        assert_eq!(
            place_keys(["e07000223"]),
            ["nation:england", "region:south east"]
        );
        assert_eq!(
            place_keys(["S12000034"]),
            ["nation:scotland", "region:scotland"]
        );
        assert_eq!(place_keys(["W99999999"]), ["nation:wales"]);
    }

    #[test]
    fn regions_come_from_the_register() {
        let regions = known_regions();
        assert!(
            regions.contains(&"London") && regions.contains(&"Yorkshire and The Humber"),
            "{regions:?}"
        );
    }
}
