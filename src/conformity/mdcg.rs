//! The MDCG 2019-16 cross-reference: the sections of the EU's guidance on cybersecurity
//! for medical devices that ask for cybersecurity content, the MDR provisions each is about,
//! and where that content goes in the technical documentation (MDR Annex II and III).
//!
//! Why: under the MDR, IEC 81001-5-1 is the state of the art a notified body reads the
//! technical documentation against, and MDCG 2019-16 says what of it the documentation
//! should show. Each clause of the view names the sections it serves (`mdcg` in
//! [`super::iec81001`]), so this table is computed from the clauses: which clauses answer a
//! section, and how well the dossier answers them.
//!
//! Source: MDCG 2019-16 rev.1 (December 2019, revised July 2020), its table of contents
//! (section numbers and titles). The MDR provisions are those the guidance itself names in
//! the section or in its Table 1 (the correspondence of MDR Annex I sections to its topics);
//! the technical-documentation column is this tool's placement in MDR Annex II (sections 1 to
//! 6) and Annex III (post-market surveillance).

use super::Source;

/// A section of MDCG 2019-16.
#[derive(Debug, Clone, Copy)]
pub struct Section {
    /// Its number, for example `3.7`.
    pub section: &'static str,
    /// Its title, as the guidance's table of contents gives it.
    pub title: &'static str,
    /// The MDR provisions it is about.
    pub mdr: &'static str,
    /// Where its content goes in the technical documentation.
    pub technical_documentation: &'static str,
}

/// The guidance.
pub const SOURCE: Source = Source {
    key: "mdcg-2019-16",
    name: "MDCG 2019-16 rev.1, Guidance on Cybersecurity for medical devices (Medical Device Coordination Group, December 2019, rev.1 July 2020)",
    url: "https://health.ec.europa.eu/medical-devices-sector/new-regulations/guidance-mdcg-endorsed-documents-and-other-guidance_en",
};

/// The sections that ask for content of the technical documentation, in the guidance's order.
pub const SECTIONS: &[Section] = &[
    Section {
        section: "2.3",
        title: "Intended use and intended operational environment of use",
        mdr: "Annex I 1, 14.2(d)",
        technical_documentation: "Annex II 1",
    },
    Section {
        section: "2.4",
        title: "Reasonably foreseeable misuse",
        mdr: "Art. 7; Annex I 4",
        technical_documentation: "Annex II 5",
    },
    Section {
        section: "2.5",
        title: "Operating environment",
        mdr: "Annex I 14.2(d), 23.4(ab)",
        technical_documentation: "Annex II 2",
    },
    Section {
        section: "2.6",
        title: "Joint responsibility",
        mdr: "Annex I 23.4(ab)",
        technical_documentation: "Annex II 2",
    },
    Section {
        section: "3.1",
        title: "\u{201c}Secure by design\u{201d}",
        mdr: "Annex I 17.2",
        technical_documentation: "Annex II 3",
    },
    Section {
        section: "3.2",
        title: "Security risk management",
        mdr: "Annex I 3",
        technical_documentation: "Annex II 5",
    },
    Section {
        section: "3.3",
        title: "Security capabilities",
        mdr: "Annex I 17.4, 18.8",
        technical_documentation: "Annex II 3, 4",
    },
    Section {
        section: "3.4",
        title: "Security risk assessment",
        mdr: "Annex I 3, 4",
        technical_documentation: "Annex II 5",
    },
    Section {
        section: "3.5",
        title: "Security benefit risk analysis",
        mdr: "Annex I 1, 8",
        technical_documentation: "Annex II 5",
    },
    Section {
        section: "3.6",
        title: "Minimum IT requirements",
        mdr: "Annex I 17.4, 23.4(ab)",
        technical_documentation: "Annex II 2",
    },
    Section {
        section: "3.7",
        title: "Verification/validation",
        mdr: "Annex I 17.2",
        technical_documentation: "Annex II 6.1",
    },
    Section {
        section: "3.8",
        title: "Lifecycle aspects",
        mdr: "Annex I 3, 17.2",
        technical_documentation: "Annex III",
    },
    Section {
        section: "4.1",
        title: "Documentation",
        mdr: "Art. 10; Annex II, III",
        technical_documentation: "Annex II, Annex III",
    },
    Section {
        section: "4.2",
        title: "Instructions for use",
        mdr: "Annex I 23.4",
        technical_documentation: "Annex II 2",
    },
    Section {
        section: "4.3",
        title: "Information to be provided to healthcare providers",
        mdr: "Annex I 23",
        technical_documentation: "Annex II 2",
    },
    Section {
        section: "5.1",
        title: "Post-market surveillance system",
        mdr: "Art. 83\u{2013}86",
        technical_documentation: "Annex III",
    },
    Section {
        section: "5.2",
        title: "Vigilance",
        mdr: "Art. 87\u{2013}89, 92",
        technical_documentation: "Annex III",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    // Every section is served by some clause of the view, so no row of the cross-reference
    // is empty.
    #[test]
    fn every_section_is_served_by_a_clause() {
        for s in SECTIONS {
            assert!(
                super::super::iec81001::CLAUSES
                    .iter()
                    .any(|c| c.mdcg.contains(&s.section)),
                "MDCG 2019-16 {} has no clause",
                s.section
            );
        }
    }
}
