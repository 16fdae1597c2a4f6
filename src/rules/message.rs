//! A rule's messages, declared beside it (as ruff declares a violation type): the wording of
//! every finding a rule gives, with the help that goes with it, lives in one table the
//! catalogue can print (`dossier explain` lists them). A check builds a message from its
//! data and hands it to the [`Emitter`](super::Emitter); it never formats a finding's text.
//!
//! Why: findings are read by people and by machines (SARIF, JUnit, the language server);
//! declared once, their wording stays consistent, is reviewable in one place, and a change of
//! wording is a change to the catalogue, not a hunt through the checks.

use serde::Serialize;

/// One message a rule can give, as declared: for the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MessageTemplate {
    /// The message's name in its rule (the variant, `NoControl`).
    pub name: &'static str,
    /// The finding's text, with its fields in braces (`security risk {risk} relies on no
    /// control`).
    pub text: &'static str,
    /// What to do, when the message says more than the rule's fix hint.
    pub help: Option<&'static str>,
    /// Whether it is a note at a related place of a finding rather than a finding (its doc
    /// comment starts "Related to").
    pub note: bool,
}

/// Whether a message's doc comment marks it as a related place's note.
pub const fn is_note(doc: &str) -> bool {
    let (doc, prefix) = (doc.as_bytes(), b" Related to".as_slice());
    if doc.len() < prefix.len() {
        return false;
    }
    let mut i = 0;
    while i < prefix.len() {
        if doc[i] != prefix[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A finding's wording and help, built from its data; only [`messages!`] implements it.
pub trait RuleMessage {
    /// The finding's text.
    fn text(&self) -> String;
    /// The help for this finding, or `None` for the rule's own fix hint.
    fn help(&self) -> Option<String>;
    /// The table the message is declared in: a rule may only give messages from the tables
    /// it lists (checked, in debug builds, when the finding is reported; by content, since
    /// the compiler may place copies of one constant table at several addresses).
    fn table(&self) -> &'static [MessageTemplate];
}

/// Declares the messages of a rule (or of a family's shared check): an enum `Message`, one
/// variant per message with its fields, and the table `MESSAGES` the rule lists in its
/// `messages:`. Fields are owned values (`String`, numbers) that the text and the help name in
/// braces, as `format!` does.
///
/// ```ignore
/// messages! {
///     /// A risk with no control.
///     NoControl { risk: String } => "security risk {risk} relies on no control",
///         help: "list its controls in `controls:`";
/// }
/// ```
macro_rules! messages {
    (
        $(#[doc = $edoc:literal])*
        $vis:vis enum $enum:ident in $table:ident;
        $(
            $(#[doc = $doc:literal])*
            $variant:ident $({ $($field:ident : $ty:ty),* $(,)? })? => $text:literal
                $(, help: $help:literal)? ;
        )+
    ) => {
        $(#[doc = $edoc])*
        // Variants are named for the findings; a rule's may well share a prefix.
        #[allow(clippy::enum_variant_names)]
        #[derive(Debug, Clone)]
        $vis enum $enum {
            $(
                $(#[doc = $doc])*
                $variant $({ $(#[doc = concat!("`{", stringify!($field), "}`")] $field: $ty),* })?,
            )+
        }

        #[doc = concat!("The templates of [`", stringify!($enum), "`], for the catalogue.")]
        $vis static $table: &[$crate::rules::MessageTemplate] = &[
            $(
                $crate::rules::MessageTemplate {
                    name: stringify!($variant),
                    text: $text,
                    help: $crate::rules::messages!(@opt $($help)?),
                    note: $crate::rules::message::is_note(concat!($($doc,)* "")),
                },
            )+
        ];

        impl $crate::rules::RuleMessage for $enum {
            #[allow(unused_variables)]
            fn text(&self) -> String {
                match self {
                    $( $enum::$variant $({ $($field),* })? => format!($text), )+
                }
            }

            #[allow(unused_variables)]
            fn help(&self) -> Option<String> {
                match self {
                    $( $enum::$variant $({ $($field),* })? =>
                        $crate::rules::messages!(@help $($help)?), )+
                }
            }

            fn table(&self) -> &'static [$crate::rules::MessageTemplate] {
                $table
            }
        }
    };
    (@opt $help:literal) => { Some($help) };
    (@opt) => { None };
    (@help $help:literal) => { Some(format!($help)) };
    (@help) => { None };
}
pub(crate) use messages;

#[cfg(test)]
mod tests {
    use super::*;

    messages! {
        /// Test messages.
        enum Sample in SAMPLE;
        /// With fields in the text and the help.
        Both { id: String, n: usize } => "{id} has {n} things", help: "remove {n} of them";
        /// Without a field or a help.
        Plain => "nothing to say";
        /// Related to `Both`: a note.
        Note => "here";
    }

    #[test]
    fn text_and_help_are_formatted_from_the_fields() {
        let m = Sample::Both {
            id: "X-1".into(),
            n: 3,
        };
        assert_eq!(m.text(), "X-1 has 3 things");
        assert_eq!(m.help().as_deref(), Some("remove 3 of them"));
        assert_eq!(Sample::Plain.text(), "nothing to say");
        assert_eq!(Sample::Plain.help(), None);
        assert_eq!(Sample::Note.text(), "here");
        assert_eq!(SAMPLE.len(), 3);
        assert!(!SAMPLE[0].note && SAMPLE[2].note);
        assert_eq!(SAMPLE[0].name, "Both");
        assert_eq!(SAMPLE[0].text, "{id} has {n} things");
        assert_eq!(SAMPLE[1].help, None);
        assert_eq!(Sample::Plain.table(), SAMPLE);
    }
}
