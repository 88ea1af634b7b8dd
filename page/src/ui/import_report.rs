use super::format::{count_text, number};
use scan_protocol::import::{ImportOutcome, ImportStage};

/// The last import's outcome, as the report shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportView {
    pub importing: bool,
    pub stage: Option<ImportStage>,
    /// Imports since the page loaded (contract: `data-seq`).
    pub seq: u32,
    pub imported: usize,
    pub rejected: usize,
    pub duplicates: usize,
    pub secrets: usize,
    pub first_rejections: Vec<String>,
    /// What the import's derivations made (one line each).
    pub derived: Vec<String>,
    pub error: Option<String>,
}

impl ImportView {
    pub fn start(&mut self) {
        self.importing = true;
        self.stage = None;
        self.seq += 1;
        self.error = None;
    }

    pub fn finished(&mut self, outcome: &ImportOutcome) {
        self.importing = false;
        self.stage = None;
        self.imported = outcome.imported;
        self.rejected = outcome.rejected;
        self.duplicates = outcome.duplicates;
        self.secrets = outcome.secrets;
        self.first_rejections = outcome.first_rejections.clone();
        self.derived = outcome.derived.clone();
        self.error = None;
    }

    pub fn failed(&mut self, error: String) {
        self.importing = false;
        self.stage = None;
        self.imported = 0;
        self.rejected = 0;
        self.duplicates = 0;
        self.derived.clear();
        self.error = Some(error);
    }

    pub fn summary(&self) -> String {
        if self.importing {
            return match self.stage {
                Some(ImportStage::Waiting) => {
                    "Waiting for another import (in this or another tab) to finish…".into()
                }
                None | Some(ImportStage::Reading) => "Reading…".into(),
                Some(ImportStage::Deriving { derived, total }) => {
                    format!(
                        "Deriving {} of {} addresses…",
                        number(derived),
                        number(total)
                    )
                }
                Some(ImportStage::Discovering { checked, used }) => format!(
                    "Discovering: {} checked, {} used so far…",
                    count_text(checked, "address", "addresses"),
                    number(used)
                ),
                Some(ImportStage::Checking { checked, read }) => {
                    format!("Checking {} of {} lines…", number(checked), number(read))
                }
                Some(ImportStage::Storing { stored, total }) => {
                    format!("Saving {} of {} addresses…", number(stored), number(total))
                }
            };
        }
        if self.seq == 0 {
            return "No import yet.".into();
        }
        // The error itself says what helps: trying again, or (a scanner of
        // another version) reloading the page.
        if self.error.is_some() {
            return "The import failed; nothing was lost.".into();
        }
        format!(
            "Imported {} · {} rejected · {}",
            count_text(self.imported, "new address", "new addresses"),
            number(self.rejected),
            count_text(self.duplicates, "duplicate", "duplicates"),
        )
    }

    /// The progress bar's value and maximum, while importing.
    pub fn fraction(&self) -> Option<(usize, usize)> {
        match self.stage? {
            // Discovery does not know where the wallet ends.
            ImportStage::Waiting | ImportStage::Reading | ImportStage::Discovering { .. } => None,
            ImportStage::Deriving { derived, total } => Some((derived, total.max(1))),
            ImportStage::Checking { checked, read } => Some((checked, read.max(1))),
            ImportStage::Storing { stored, total } => Some((stored, total.max(1))),
        }
    }
}
