//! The organizer's settings as a versioned JSON file: circle sizes, rules, seed and every place decision,
//! so that a session's choices can be saved, shared with a co-organizer and loaded again.
//!
//! An explicit allowlist: no applicant's answers except the location spellings that choices are
//! about (the sending settings hold the organizer's words and column headers, never answers). Reading is tolerant (unknown fields are ignored, missing ones take their defaults) and
//! errors name the line and column.

use serde::{Deserialize, Serialize};

use crate::compose::Rules;
use crate::places::PlaceDecisions;
use crate::send::SendSettings;
use crate::solver::SizeBounds;

/// The format version this build writes; files from newer versions are refused with a reason.
pub const SETTINGS_VERSION: u32 = 3;

/// What a settings file holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The format version.
    pub version: u32,
    /// The circle size range.
    pub size: SizeBounds,
    /// The rules, when the organizer edited them (format 2 on; absent: the suggested rules),
    /// without the rules that name people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<Rules>,
    /// The seed of the next run.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Place choices and custom places.
    #[serde(default)]
    pub places: PlaceDecisions,
    /// Sending: organizer, subject, template, the allowlist of headers (format 3 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send: Option<SendSettings>,
}

fn default_seed() -> u64 {
    1
}

/// Why a settings file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsError {
    /// The line, from 1 (0 when the problem is not at one place).
    pub line: usize,
    /// The column, from 1.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
        }
    }
}

impl std::error::Error for SettingsError {}

impl Settings {
    /// Pretty JSON, stable field order.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("settings are plain data")
    }

    /// Reads a settings file.
    pub fn from_json(text: &str) -> Result<Settings, SettingsError> {
        let settings: Settings = serde_json::from_str(text).map_err(|error| SettingsError {
            line: error.line(),
            column: error.column(),
            message: format!("this is not a Circle Composer settings file ({error})"),
        })?;
        if settings.version > SETTINGS_VERSION {
            return Err(SettingsError {
                line: 0,
                column: 0,
                message: format!(
                    "these settings come from a newer Circle Composer (format {}; this one reads up to {SETTINGS_VERSION})",
                    settings.version
                ),
            });
        }
        if settings.size.min == 0 || settings.size.min > settings.size.max {
            return Err(SettingsError {
                line: 0,
                column: 0,
                message: "the circle sizes must be 1 ≤ min ≤ max".to_owned(),
            });
        }
        Ok(settings)
    }
}
