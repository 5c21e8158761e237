//! The merge rules of sync (sync.md §5): registers, text, sets, conflict ids and decision
//! numbers, with the §5.3 cases that live at this level and properties over random changes.

use accord_domain::merge::{
    ConflictKind, DecisionNumbering, Head, Merged, OrSet, OrderKey, SeenAdd, SetOp, conflict_id,
    normalise_line_endings, register, text,
};
use accord_domain::{DecisionNumber, DecisionStatus, Id, RaciRole};
use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;

fn op(n: u128) -> Id {
    Id::from_u128(n)
}

fn time(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(1_764_000_000_000 + ms).unwrap()
}

/// The order key of op `n`, stamped `ms` milliseconds into the test day.
fn key(ms: i64, n: u128) -> OrderKey {
    OrderKey::new(time(ms), 0, op(n))
}

fn head<T>(ms: i64, n: u128, value: T) -> Head<T> {
    Head::new(key(ms, n), value)
}

fn conflict<T: std::fmt::Debug>(m: Merged<T>) -> accord_domain::merge::Conflict<T> {
    match m {
        Merged::Conflict(c) => c,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn resolved<T: std::fmt::Debug>(m: Merged<T>) -> T {
    match m {
        Merged::Resolved(v) => v,
        other => panic!("expected a clean merge, got {other:?}"),
    }
}

#[test]
fn order_keys_compare_time_then_counter_then_op_id() {
    let early = OrderKey::new(time(0), 9, op(9));
    let later_time = OrderKey::new(time(1), 0, op(1));
    let later_counter = OrderKey::new(time(0), 10, op(1));
    let later_op = OrderKey::new(time(0), 9, op(10));
    assert!(early < later_time);
    assert!(early < later_counter);
    assert!(early < later_op);
    assert!(later_counter < later_time, "time outranks the counter");
}

#[test]
fn a_register_with_one_head_or_equal_heads_is_that_value() {
    assert_eq!(register::<String>(&[]), None);
    assert_eq!(resolved(register(&[head(5, 1, "Alpha")]).unwrap()), "Alpha");
    // 5.3.9: two councils set the same value: it just applies.
    assert_eq!(
        resolved(register(&[head(5, 1, "Beta"), head(9, 2, "Beta")]).unwrap()),
        "Beta"
    );
}

#[test]
fn different_project_values_conflict_and_show_the_higher_order_key() {
    // 5.3.9: last writer wins, but visibly.
    let later = head(9, 1, "Beta");
    let earlier = head(5, 2, "Discovery");
    let c = conflict(register(&[later.clone(), earlier.clone()]).unwrap());
    assert_eq!(c.kind, ConflictKind::Value);
    assert_eq!(c.sides, vec![earlier, later], "sides in order-key order");
    assert_eq!(*c.shown(), "Beta");
    assert_eq!(c.shown_n(), 2);
    assert_eq!(c.base, None);
}

#[test]
fn accept_against_reject_is_a_value_conflict_on_status() {
    // 5.3.2, last paragraph.
    let c = conflict(
        register(&[
            head(5, 1, DecisionStatus::Accepted),
            head(4, 2, DecisionStatus::Rejected),
        ])
        .unwrap(),
    );
    assert_eq!(c.kind, ConflictKind::Value);
    assert_eq!(*c.shown(), DecisionStatus::Accepted);
}

#[test]
fn different_role_sets_for_one_raci_cell_conflict_and_never_union() {
    // 5.3.3: {A,R} against {C} on the same cell is a value conflict, not a silent {A,C,R}.
    let merged = register(&[
        head(1, 1, vec![RaciRole::A, RaciRole::R]),
        head(2, 2, vec![RaciRole::C]),
    ])
    .unwrap();
    let c = conflict(merged);
    assert_eq!(c.sides.len(), 2);
    assert_eq!(*c.shown(), vec![RaciRole::C]);
    assert_eq!(c.sides[0].value, vec![RaciRole::A, RaciRole::R]);
}

#[test]
fn a_clock_ahead_only_wins_through_its_order_key() {
    // The order key, not the HLC alone: a side whose order_at the server clamped comes
    // before a later honest change.
    let clamped = Head::new(OrderKey::new(time(300_000), 0, op(7)), "from the future");
    let honest = Head::new(OrderKey::new(time(400_000), 0, op(8)), "now");
    assert_eq!(
        *conflict(register(&[clamped, honest]).unwrap()).shown(),
        "now"
    );
}

#[test]
fn conflict_ids_are_the_same_whatever_the_order_of_sides() {
    let a = conflict_id(
        ConflictKind::Text,
        "section",
        "governance",
        "body",
        &[op(1), op(2)],
    );
    let b = conflict_id(
        ConflictKind::Text,
        "section",
        "governance",
        "body",
        &[op(2), op(1), op(2)],
    );
    assert_eq!(a, b);
    // Pinned: SHA-256 of "text\0section\0governance\0body\0" and the two hyphenated op ids,
    // each followed by NUL, computed outside Rust. Every replica and every version must
    // name a conflict alike.
    assert_eq!(a, "C-6e591c10");
    assert!(
        a.len() == 10
            && a[2..]
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
}

#[test]
fn a_new_side_another_field_or_kind_changes_the_conflict_id() {
    let base = conflict_id(
        ConflictKind::Value,
        "project",
        "p",
        "phase",
        &[op(1), op(2)],
    );
    assert_ne!(
        base,
        conflict_id(
            ConflictKind::Value,
            "project",
            "p",
            "phase",
            &[op(1), op(2), op(3)]
        )
    );
    assert_ne!(
        base,
        conflict_id(
            ConflictKind::Value,
            "project",
            "p",
            "status",
            &[op(1), op(2)]
        )
    );
    assert_ne!(
        base,
        conflict_id(ConflictKind::Text, "project", "p", "phase", &[op(1), op(2)])
    );
    assert_ne!(
        base,
        conflict_id(
            ConflictKind::Value,
            "project",
            "q",
            "phase",
            &[op(1), op(2)]
        )
    );
    // The separators keep "ab"+"c" apart from "a"+"bc".
    assert_ne!(
        conflict_id(ConflictKind::Value, "ab", "c", "f", &[op(1)]),
        conflict_id(ConflictKind::Value, "a", "bc", "f", &[op(1)])
    );
    let c = conflict(register(&[head(1, 2, 1), head(2, 1, 2)]).unwrap());
    assert_eq!(c.id("project", "p", "phase"), base);
}

const SECTION: &str = "We share bin collection data weekly.\n\nEach council names one data owner.\n\nData is kept for two years.";

#[test]
fn edits_to_different_paragraphs_of_a_section_merge_cleanly() {
    // 5.3.4, first half.
    let jo = SECTION.replace("weekly", "every Monday");
    let sam = SECTION.replace("two years", "three years");
    let merged = resolved(text(SECTION, &[head(1, 1, jo), head(2, 2, sam)]).unwrap());
    assert_eq!(
        merged,
        "We share bin collection data every Monday.\n\nEach council names one data owner.\n\nData is kept for three years."
    );
}

#[test]
fn overlapping_edits_conflict_keeping_base_and_both_texts_without_markers() {
    // 5.3.4, second half.
    let jo = SECTION.replace("one data owner", "a named data owner");
    let sam = SECTION.replace("one data owner", "two data owners");
    let merged = text(SECTION, &[head(2, 2, sam.clone()), head(1, 1, jo.clone())]).unwrap();
    assert!(!merged.shown().contains("<<<<<<<") && !merged.shown().contains(">>>>>>>"));
    let c = conflict(merged);
    assert_eq!(c.kind, ConflictKind::Text);
    assert_eq!(c.base.as_deref(), Some(SECTION));
    assert_eq!(
        c.sides.iter().map(|s| s.value.as_str()).collect::<Vec<_>>(),
        vec![jo.as_str(), sam.as_str()]
    );
    assert_eq!(*c.shown(), sam, "the content shows the later text");
}

#[test]
fn two_inserts_at_one_place_conflict() {
    let base = "one\ntwo";
    let c = conflict(
        text(
            base,
            &[
                head(1, 1, "one\nA\ntwo".to_string()),
                head(2, 2, "one\nB\ntwo".to_string()),
            ],
        )
        .unwrap(),
    );
    assert_eq!(c.sides.len(), 2);
}

#[test]
fn identical_edits_and_line_endings_do_not_conflict() {
    let base = "line one\nline two";
    let crlf = "line one\r\nline two, edited";
    let lf = "line one\nline two, edited";
    assert_eq!(
        resolved(
            text(
                base,
                &[head(1, 1, crlf.to_string()), head(2, 2, lf.to_string())]
            )
            .unwrap()
        ),
        lf
    );
    assert_eq!(normalise_line_endings("a\r\nb\rc\n"), "a\nb\nc\n");
}

#[test]
fn several_heads_fold_in_order_key_order() {
    let base = "a\n\nb\n\nc\n\nd";
    let heads = vec![
        head(3, 3, "a\n\nb\n\nc\n\nD".to_string()),
        head(1, 1, "A\n\nb\n\nc\n\nd".to_string()),
        head(2, 2, "a\n\nb\n\nC\n\nd".to_string()),
    ];
    assert_eq!(resolved(text(base, &heads).unwrap()), "A\n\nb\n\nC\n\nD");
    // One overlap among three keeps all three sides.
    let mut clash = heads.clone();
    clash.push(head(4, 4, "a\n\nb\n\nc\n\nd!".to_string()));
    let c = conflict(text(base, &clash).unwrap());
    assert_eq!(c.sides.len(), 4);
    assert_eq!(c.sides[3].value, "a\n\nb\n\nc\n\nd!");
}

#[test]
fn a_final_newline_merges_like_any_other_change() {
    // Nobody added a newline: none is invented by the merge.
    assert_eq!(
        resolved(
            text(
                "x\n\ny",
                &[head(1, 1, "X\n\ny".into()), head(2, 2, "x\n\nY".into())]
            )
            .unwrap()
        ),
        "X\n\nY"
    );
    // One side added it, the other edited a line: both survive.
    assert_eq!(
        resolved(
            text(
                "x\n\ny",
                &[head(1, 1, "x\n\ny\n".into()), head(2, 2, "X\n\ny".into())]
            )
            .unwrap()
        ),
        "X\n\ny\n"
    );
    // An empty base (both imports created the field) with equal texts.
    assert_eq!(
        resolved(text("", &[head(1, 1, "same".into()), head(2, 2, "same".into())]).unwrap()),
        "same"
    );
}

fn tags(set: &OrSet) -> Vec<String> {
    set.values()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn tags_merge_as_an_add_wins_set() {
    // 5.3.8: from [waste], one side types "waste, data", the other "bins": {data, bins}.
    let start = SetOp {
        key: key(0, 1),
        add: strings(&["waste"]),
        remove: vec![],
    };
    let base = OrSet::from_ops([&start]);
    let one = base.change_to(key(10, 2), &strings(&["waste", "data"]));
    let two = base.change_to(key(20, 3), &strings(&["bins"]));
    assert_eq!(one.add, strings(&["data"]));
    assert!(one.remove.is_empty());
    assert_eq!(
        two.remove,
        vec![SeenAdd {
            value: "waste".into(),
            add_op: op(1)
        }]
    );
    let merged = OrSet::from_ops([&start, &one, &two]);
    assert_eq!(
        tags(&merged),
        strings(&["data", "bins"]),
        "ordered by their first add"
    );
    assert_eq!(tags(&OrSet::from_ops([&two, &one, &start])), tags(&merged));
}

#[test]
fn a_remove_against_a_concurrent_re_add_keeps_the_value() {
    let start = SetOp {
        key: key(0, 1),
        add: strings(&["waste"]),
        remove: vec![],
    };
    let base = OrSet::from_ops([&start]);
    let remove = base.change_to(key(10, 2), &[]);
    // The other side removed it and added it back: a new add the remove never saw.
    let re_add = SetOp {
        key: key(11, 3),
        add: strings(&["waste"]),
        remove: vec![SeenAdd {
            value: "waste".into(),
            add_op: op(1),
        }],
    };
    let merged = OrSet::from_ops([&remove, &re_add, &start]);
    assert_eq!(tags(&merged), strings(&["waste"]));
    assert!(merged.contains("waste"));
    // A remove that names every add it saw leaves nothing.
    assert!(tags(&OrSet::from_ops([&start, &remove])).is_empty());
}

#[test]
fn a_value_keeps_its_place_from_its_earliest_surviving_add() {
    let a = SetOp {
        key: key(1, 1),
        add: strings(&["data", "bins"]),
        remove: vec![],
    };
    let b = SetOp {
        key: key(2, 2),
        add: strings(&["apps", "data"]),
        remove: vec![],
    };
    // Ties within one op fall back to the value.
    assert_eq!(
        tags(&OrSet::from_ops([&b, &a])),
        strings(&["bins", "data", "apps"])
    );
}

fn n(v: u32) -> DecisionNumber {
    DecisionNumber(v)
}

#[test]
fn the_first_create_to_reach_the_server_keeps_its_number() {
    // 5.3.1: D-001..D-004 confirmed; two councils each add D-005 offline.
    let mut numbering = DecisionNumbering::with_used((1..=4).map(n));
    assert_eq!(
        numbering.assign(n(5)),
        n(5),
        "Adur's reached the server first"
    );
    assert_eq!(numbering.assign(n(5)), n(6), "Worthing's becomes D-006");
    assert_eq!(numbering.assign(n(6)), n(7));
}

#[test]
fn a_free_requested_number_is_kept_even_below_the_highest() {
    assert_eq!(
        DecisionNumbering::assign_all(&[n(1), n(3), n(2), n(3), n(1)]),
        vec![n(1), n(3), n(2), n(4), n(5)]
    );
    assert_eq!(DecisionNumbering::assign_all(&[]), vec![]);
}

// ---- Properties over random changes ----

/// Heads with distinct op ids: (time, counter, value) each; op ids are the positions.
fn heads_strategy() -> impl Strategy<Value = Vec<Head<u8>>> {
    prop::collection::vec((0i64..4, 0u32..3, 0u8..3), 1..6).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (t, c, value))| {
                Head::new(OrderKey::new(time(t), c, op(i as u128 + 1)), value)
            })
            .collect()
    })
}

fn with_shuffle<T: Clone + std::fmt::Debug>(
    s: impl Strategy<Value = Vec<T>>,
) -> impl Strategy<Value = (Vec<T>, Vec<T>)> {
    s.prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))
}

fn set_ops_strategy() -> impl Strategy<Value = Vec<SetOp>> {
    let words = prop::sample::select(vec!["waste", "data", "bins", "apps"]);
    prop::collection::vec(
        (
            0i64..4,
            prop::collection::vec(words.clone(), 0..3),
            prop::collection::vec((words, 1u128..8), 0..3),
        ),
        0..8,
    )
    .prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (t, add, remove))| SetOp {
                key: OrderKey::new(time(t), 0, op(i as u128 + 1)),
                add: add.into_iter().map(String::from).collect(),
                remove: remove
                    .into_iter()
                    .map(|(w, o)| SeenAdd {
                        value: w.to_string(),
                        add_op: op(o),
                    })
                    .collect(),
            })
            .collect()
    })
}

/// A base of lines from a small alphabet (so edits collide often), and up to four sides,
/// each an edit of the base: lines kept, replaced, inserted or dropped.
fn text_case() -> impl Strategy<Value = (String, Vec<Head<String>>)> {
    let line = prop::sample::select(vec!["alpha", "beta", "gamma", "", "delta"]);
    prop::collection::vec(line.clone(), 0..7).prop_flat_map(move |base| {
        let edit = prop::collection::vec((0u8..4, line.clone()), base.len()..=base.len() + 1);
        let b = base.clone();
        (
            Just(base.join("\n")),
            prop::collection::vec((edit, 0i64..3), 1..5).prop_map(move |sides| {
                sides
                    .into_iter()
                    .enumerate()
                    .map(|(i, (edits, t))| {
                        let mut out: Vec<&str> = Vec::new();
                        for (j, (what, new)) in edits.iter().enumerate() {
                            let old = b.get(j).copied();
                            match (what, old) {
                                (0, Some(o)) | (1, Some(o)) => out.push(o),
                                (2, Some(_)) => out.push(new),
                                (3, Some(o)) => {
                                    out.push(new);
                                    out.push(o);
                                }
                                (_, None) if *what >= 2 => out.push(new),
                                _ => {}
                            }
                        }
                        Head::new(OrderKey::new(time(t), 0, op(i as u128 + 1)), out.join("\n"))
                    })
                    .collect()
            }),
        )
    })
}

proptest! {
    // A fixed seed: the same 400 cases on every run, so a red run is a real finding that
    // reproduces, never chance (change the seed here to explore other cases by hand).
    #![proptest_config(ProptestConfig {
        cases: 400,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x4143_434f_5244),
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_register_merge_does_not_depend_on_the_order_of_heads((heads, shuffled) in with_shuffle(heads_strategy())) {
        prop_assert_eq!(register(&heads), register(&shuffled));
        let merged = register(&heads).unwrap();
        let top = heads.iter().max_by_key(|h| h.key).unwrap();
        prop_assert_eq!(*merged.shown(), top.value);
        if let Merged::Conflict(c) = &merged {
            prop_assert_eq!(c.sides.len(), heads.len(), "every head is a side");
        }
    }

    #[test]
    fn an_or_set_does_not_depend_on_the_order_or_repeats_of_ops((ops, shuffled) in with_shuffle(set_ops_strategy()), repeat in any::<prop::sample::Index>()) {
        let once = OrSet::from_ops(&ops);
        let mut again = shuffled.clone();
        if !ops.is_empty() {
            again.push(ops[repeat.index(ops.len())].clone());
        }
        prop_assert_eq!(once.values(), OrSet::from_ops(&again).values());
        // Add-wins: a value some op added survives unless a remove named that very add.
        for o in &ops {
            for v in &o.add {
                let named = ops.iter().any(|r| r.remove.contains(&SeenAdd { value: v.clone(), add_op: o.key.op_id }));
                if !named {
                    prop_assert!(once.contains(v));
                }
            }
        }
    }

    #[test]
    fn a_text_merge_is_deterministic_and_never_loses_a_side((base, heads) in text_case(), seed in any::<prop::sample::Index>()) {
        let merged = text(&base, &heads).unwrap();
        let mut rotated = heads.clone();
        rotated.rotate_left(seed.index(heads.len()));
        rotated.reverse();
        prop_assert_eq!(&merged, &text(&base, &rotated).unwrap());
        match &merged {
            Merged::Conflict(c) => {
                prop_assert_eq!(c.base.as_deref(), Some(base.as_str()));
                for h in &heads {
                    prop_assert!(c.sides.contains(h), "side {:?} is kept", h);
                }
                prop_assert_eq!(c.shown(), &heads.iter().max_by_key(|h| h.key).unwrap().value);
            }
            Merged::Resolved(value) => {
                let lines: Vec<&str> = value.lines().collect();
                let base_lines: Vec<&str> = base.lines().collect();
                for h in &heads {
                    // An empty line carries no words: a side that only added a line break
                    // (such as "\n" against "") has nothing to lose.
                    for l in h.value.lines().filter(|l| !l.is_empty()) {
                        if !base_lines.contains(&l) {
                            prop_assert!(lines.contains(&l), "line {:?} of a side is in {:?}", l, value);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_clean_merge_contains_both_edits(
        (len, i, j) in (3usize..12).prop_flat_map(|len| (0..len - 2).prop_flat_map(move |i| (Just(len), Just(i), i + 2..len))),
        later_first in any::<bool>(),
    ) {
        let base_lines: Vec<String> = (0..len).map(|k| format!("Paragraph {k} of the agreement.")).collect();
        let mut one = base_lines.clone();
        one[i] = "Jo's edit.".to_string();
        let mut two = base_lines.clone();
        two[j] = "Sam's edit.".to_string();
        let mut heads = vec![head(1, 1, one.join("\n")), head(2, 2, two.join("\n"))];
        if later_first {
            heads.reverse();
        }
        let merged = resolved(text(&base_lines.join("\n"), &heads).unwrap());
        let mut expected = base_lines.clone();
        expected[i] = "Jo's edit.".to_string();
        expected[j] = "Sam's edit.".to_string();
        prop_assert_eq!(merged, expected.join("\n"));
    }
}
