//! The parts of a name as address books keep them (vCard `N`): family, given, middle,
//! prefix, suffix.
//!
//! The display name (`Person::name`) is what the user sees and searches; the parts are
//! kept beside it so that an export writes back what the address book said instead of
//! guessing from the display name (which cannot tell "Mr. Michael Angstadt, Jr." apart).

use serde::{Deserialize, Serialize};

use crate::CoreError;

/// The most characters one part may hold.
const PART_MAX: usize = 100;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameParts {
    pub family: Option<String>,
    pub given: Option<String>,
    pub middle: Option<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
}

/// One of the parts, by name, for messages and edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Family,
    Given,
    Middle,
    Prefix,
    Suffix,
}

impl Part {
    pub const ALL: [Part; 5] = [
        Part::Family,
        Part::Given,
        Part::Middle,
        Part::Prefix,
        Part::Suffix,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Part::Family => "family",
            Part::Given => "given",
            Part::Middle => "middle",
            Part::Prefix => "prefix",
            Part::Suffix => "suffix",
        }
    }
}

impl NameParts {
    /// Parts from what a file or a form said: each trimmed, inner runs of spaces made one,
    /// empty ones left out.
    pub fn new(
        family: Option<&str>,
        given: Option<&str>,
        middle: Option<&str>,
        prefix: Option<&str>,
        suffix: Option<&str>,
    ) -> NameParts {
        let tidy = |s: Option<&str>| {
            let s = s?.split_whitespace().collect::<Vec<_>>().join(" ");
            (!s.is_empty()).then_some(s)
        };
        NameParts {
            family: tidy(family),
            given: tidy(given),
            middle: tidy(middle),
            prefix: tidy(prefix),
            suffix: tidy(suffix),
        }
    }

    pub fn is_empty(&self) -> bool {
        Part::ALL.iter().all(|&p| self.get(p).is_none())
    }

    pub fn get(&self, part: Part) -> Option<&str> {
        match part {
            Part::Family => self.family.as_deref(),
            Part::Given => self.given.as_deref(),
            Part::Middle => self.middle.as_deref(),
            Part::Prefix => self.prefix.as_deref(),
            Part::Suffix => self.suffix.as_deref(),
        }
    }

    pub fn slot(&mut self, part: Part) -> &mut Option<String> {
        match part {
            Part::Family => &mut self.family,
            Part::Given => &mut self.given,
            Part::Middle => &mut self.middle,
            Part::Prefix => &mut self.prefix,
            Part::Suffix => &mut self.suffix,
        }
    }

    /// Sets a part; an empty value clears it.
    pub fn set(&mut self, part: Part, value: &str) {
        let tidy = value.split_whitespace().collect::<Vec<_>>().join(" ");
        *self.slot(part) = (!tidy.is_empty()).then_some(tidy);
    }

    /// Checks what a person typed: no control characters, no absurd lengths.
    pub fn validate(&self) -> Result<(), CoreError> {
        for part in Part::ALL {
            if let Some(v) = self.get(part) {
                if v.chars().count() > PART_MAX {
                    return Err(CoreError::Invalid(format!(
                        "the {} name can be at most {PART_MAX} characters",
                        part.as_str()
                    )));
                }
                if v.chars().any(char::is_control) {
                    return Err(CoreError::Invalid(format!(
                        "the {} name cannot contain control characters",
                        part.as_str()
                    )));
                }
            }
        }
        Ok(())
    }

    /// The parts a display name most likely has when nothing better is known: the last
    /// word is the family name, the rest the given name. Used only to write an export's
    /// `N` for someone typed in by hand; never stored.
    pub fn guessed_from(display: &str) -> NameParts {
        let display = display.trim();
        match display.rsplit_once(' ') {
            Some((given, family)) => NameParts::new(Some(family), Some(given), None, None, None),
            None => NameParts::new(None, Some(display), None, None, None),
        }
    }

    /// The display name the parts spell ("Mr. Michael Angstadt Jr."), for a record that has
    /// parts and no display name.
    pub fn spelled(&self) -> String {
        [
            self.prefix.as_deref(),
            self.given.as_deref(),
            self.middle.as_deref(),
            self.family.as_deref(),
            self.suffix.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_tidied_and_empty_ones_left_out() {
        let n = NameParts::new(
            Some(" Angstadt "),
            Some("Michael"),
            Some(""),
            Some("Mr."),
            None,
        );
        assert_eq!(n.family.as_deref(), Some("Angstadt"));
        assert_eq!(n.middle, None);
        assert_eq!(n.spelled(), "Mr. Michael Angstadt");
        assert!(!n.is_empty());
        assert!(NameParts::new(None, Some("  "), None, None, None).is_empty());
    }

    #[test]
    fn setting_an_empty_value_clears_a_part() {
        let mut n = NameParts::new(Some("Lee"), Some("Dana"), None, None, None);
        n.set(Part::Given, "");
        n.set(Part::Suffix, " Jr. ");
        assert_eq!(n.given, None);
        assert_eq!(n.suffix.as_deref(), Some("Jr."));
    }

    #[test]
    fn a_guess_takes_the_last_word_as_the_family_name() {
        let n = NameParts::guessed_from("Mary Ann Smith");
        assert_eq!(
            (n.given.as_deref(), n.family.as_deref()),
            (Some("Mary Ann"), Some("Smith"))
        );
        let n = NameParts::guessed_from("Cher");
        assert_eq!((n.given.as_deref(), n.family), (Some("Cher"), None));
    }

    #[test]
    fn control_characters_and_long_parts_are_refused() {
        let n = NameParts::new(Some("Lee\u{1b}]0;x"), None, None, None, None);
        assert!(n.validate().is_err());
        let long = "x".repeat(101);
        let n = NameParts::new(None, Some(&long), None, None, None);
        assert!(n.validate().is_err());
        assert!(NameParts::default().validate().is_ok());
    }
}
