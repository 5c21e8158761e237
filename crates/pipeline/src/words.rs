//! The words a listing is found by: lower-cased, without punctuation or the commonest English words.

use std::collections::BTreeSet;

/// Words too common to tell one project from another.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "but", "by", "can", "could", "do", "does", "each", "for", "from", "had", "has", "have", "how",
    "if", "in", "into", "is", "it", "its", "more", "most", "much", "need", "needs", "new", "no",
    "not", "of", "on", "one", "or", "other", "our", "out", "over", "own", "so", "some", "such",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "to", "too", "up", "us", "use", "very", "was", "way", "we", "were", "what", "when", "where",
    "which", "while", "who", "why", "will", "with", "would", "you", "your",
];

/// The most words taken from one text, so one long problem statement cannot bloat the index.
pub const MAX_WORDS: usize = 200;

/// The distinct search words in `text`, in alphabetical order.
pub fn words(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for raw in text.split(|c: char| !c.is_alphanumeric()) {
        if raw.chars().count() < 2 {
            continue;
        }
        let word = raw.to_lowercase();
        if STOP_WORDS.binary_search(&word.as_str()).is_ok() || word.chars().count() > 40 {
            continue;
        }
        out.insert(word);
        if out.len() == MAX_WORDS {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn words_are_lower_case_distinct_and_meaningful() {
        let found: Vec<String> =
            words("The bins, the BINS and the Recycling of Ōtautahi: a 2-week trial")
                .into_iter()
                .collect();
        assert_eq!(found, ["bins", "recycling", "trial", "week", "ōtautahi"]);
    }
}
