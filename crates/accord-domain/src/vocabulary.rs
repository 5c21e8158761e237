//! The closed lists of words as a page shows them: each value's stored word and the label a
//! person reads. The lists themselves are declared once, with `vocabulary!`, beside the
//! record they belong to; the desktop app's page loads them (accord-app's `vocabulary`)
//! rather than keeping copies, so a new phase is one edit here in the domain.

use std::borrow::Cow;

use serde::Serialize;

/// One value of a closed list: the word stored and exchanged, and how a person sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Word {
    pub word: &'static str,
    pub label: Cow<'static, str>,
}

impl Word {
    pub fn new(word: &'static str, label: Cow<'static, str>) -> Word {
        Word { word, label }
    }
}

/// A stored word as a person reads it: underscores as spaces, the first letter a capital
/// (`london_borough` is "London borough").
pub fn sentence_case(word: &str) -> String {
    let spaced = word.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BudgetBand, OrganisationKind, Phase, RaciRole};

    #[test]
    fn a_word_is_shown_in_sentence_case_unless_it_has_a_label() {
        assert_eq!(sentence_case("london_borough"), "London borough");
        assert_eq!(sentence_case(""), "");
        assert_eq!(Phase::Concept.label(), "Concept");
        assert_eq!(
            OrganisationKind::NiDistrict.label(),
            "Northern Ireland district"
        );
        assert_eq!(BudgetBand::UpTo50k.label(), "Up to £50,000");
        assert_eq!(RaciRole::A.label(), "Accountable");
    }

    #[test]
    fn entries_list_every_value_in_order() {
        let phases = Phase::entries();
        assert_eq!(phases.len(), Phase::ALL.len());
        assert_eq!(
            phases.iter().map(|w| w.word).collect::<Vec<_>>(),
            Phase::WORDS
        );
        assert_eq!(phases[0], Word::new("concept", "Concept".into()));
    }
}
