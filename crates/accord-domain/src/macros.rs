//! `vocabulary!`: the closed lists of words a field may take (phases, statuses, roles).

/// Declares an enum whose values are fixed words, with `as_str`, `ALL`, `Display` and a
/// `FromStr` whose error lists every allowed word, as the command line and import show it.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $word:literal),+ $(,)? }) => {
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
