//! Council registers in CSV: the real UK register, and registers with problems.

use accord_domain::OrganisationKind;
use accord_interchange::{RegisterFilter, parse_register};

#[test]
fn the_real_register_reads_in_full() {
    let rows = parse_register(accord_fixtures::REGISTER_CSV).unwrap();
    assert_eq!(rows.len(), 470);
    let abc = rows.iter().find(|r| r.code == "ABC").unwrap();
    assert_eq!(
        abc.official_name,
        "Armagh City, Banbridge and Craigavon Borough Council"
    );
    assert_eq!(abc.nice_name, "Armagh City, Banbridge and Craigavon");
    assert_eq!(
        (abc.kind, abc.gss_code.as_deref()),
        (OrganisationKind::NiDistrict, Some("N09000002"))
    );
    let agy = rows.iter().find(|r| r.code == "AGY").unwrap();
    assert_eq!(
        (agy.official_name.as_str(), agy.kind, agy.nation.as_str()),
        (
            "Isle of Anglesey County Council",
            OrganisationKind::WelshUnitary,
            "Wales"
        )
    );
    let all = rows.iter().find(|r| r.code == "ALL").unwrap();
    assert!(!all.current);
    assert_eq!(
        all.end_date.map(|d| d.to_string()).as_deref(),
        Some("2023-04-01")
    );
    assert_eq!(all.replaced_by.as_deref(), Some("CBD"));
    for (kind, n) in [
        (OrganisationKind::ScottishUnitary, 32),
        (OrganisationKind::LondonBorough, 32),
        (OrganisationKind::WelshUnitary, 22),
    ] {
        assert_eq!(rows.iter().filter(|r| r.kind == kind).count(), n, "{kind}");
    }
}

#[test]
fn filters_choose_councils_by_code_name_nation_and_currency() {
    let rows = parse_register(accord_fixtures::REGISTER_CSV).unwrap();
    let pick = |f: RegisterFilter| {
        rows.iter()
            .filter(|r| f.matches(r))
            .map(|r| r.code.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        pick(RegisterFilter {
            codes: vec!["adu".into(), "W06000001".into(), "ALL".into()],
            ..Default::default()
        }),
        ["ADU", "AGY", "ALL"]
    );
    let wales = pick(RegisterFilter {
        nation: Some("wales".into()),
        ..Default::default()
    });
    assert_eq!(wales.len(), 22);
    let current = pick(RegisterFilter::default()).len();
    let everything = pick(RegisterFilter {
        include_former: true,
        ..Default::default()
    })
    .len();
    assert_eq!(everything, 470);
    assert!(
        current < everything,
        "abolished authorities are left out unless asked for"
    );
    assert_eq!(
        pick(RegisterFilter {
            name_contains: Some("banbridge".into()),
            ..Default::default()
        }),
        ["ABC"]
    );
}

#[test]
fn a_minimal_register_with_a_byte_order_mark_reads() {
    let rows = parse_register("\u{feff}name,kind,gss_code\nCyngor Gwynedd,welsh_unitary,W06000002\n\"Orkney Islands Council\",Scottish unitary authority,\n").unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0].official_name.as_str(), rows[0].kind),
        ("Cyngor Gwynedd", OrganisationKind::WelshUnitary)
    );
    assert_eq!(
        (rows[1].kind, rows[1].gss_code.clone()),
        (OrganisationKind::ScottishUnitary, None)
    );
}

#[test]
fn bad_registers_say_which_line_and_why() {
    let cases = [
        ("code,title\nABC,Armagh\n", "no 'official-name'"),
        (
            "official-name,end-date\nAdur,31/03/2020\n",
            "Line 2 (Adur): the end date",
        ),
        (
            "official-name,current-authority\nAdur,perhaps\n",
            "expected True or False",
        ),
        ("official-name,nation\nAdur,England\nWorthing\n", "Line 3"),
        (
            "official-name\n\"\"\n",
            "Line 2 of the register has no name",
        ),
    ];
    for (csv, words) in cases {
        let err = parse_register(csv).unwrap_err().to_string();
        assert!(err.contains(words), "{csv:?}: {err}");
    }
}
