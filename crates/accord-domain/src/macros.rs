//! `vocabulary!`: the closed lists of words a field may take (phases, statuses, roles).

/// Declares an enum whose values are fixed words, with `as_str`, `ALL`, `Display`, a
/// `FromStr` whose error lists every allowed word, as the command line and import show it,
/// and `label` (how a person sees the value) and `entries` (the list the app's page loads).
/// A value is shown by its word in sentence case unless a label follows it in brackets:
/// `UpTo50k => "0-50k" ("Up to £50,000")`.
macro_rules! vocabulary {
    (@label $word:literal) => {
        std::borrow::Cow::Owned($crate::vocabulary::sentence_case($word))
    };
    (@label $word:literal, $label:literal) => {
        std::borrow::Cow::Borrowed($label)
    };
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $word:literal $(($label:literal))?),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $word)] $variant),+
        }

        impl $name {
            /// Every allowed value, in the order they are listed.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every allowed word.
            pub const WORDS: &'static [&'static str] = &[$($word),+];

            /// The word stored and exchanged for this value.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            /// How a person sees this value: its label, or its word in sentence case.
            pub fn label(self) -> std::borrow::Cow<'static, str> {
                match self { $($name::$variant => vocabulary!(@label $word $(, $label)?)),+ }
            }

            /// Every value's word and label, in order: the list a page offers to choose from.
            pub fn entries() -> Vec<$crate::vocabulary::Word> {
                $name::ALL
                    .iter()
                    .map(|v| $crate::vocabulary::Word::new(v.as_str(), v.label()))
                    .collect()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::RuleError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(wanted))
                    .ok_or_else(|| $crate::RuleError::Invalid(format!(
                        "'{}' is not a {}: expected one of {}",
                        s, stringify!($name), $crate::text::one_of($name::WORDS)
                    )))
            }
        }
    };
}
