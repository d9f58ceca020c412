//! The project file: everything needed to resume on another machine (the applicants' file, how
//! it was read, the column roles, place choices, rules, the circles with their locks and details,
//! the sending settings), encrypted with a passphrase the organizer types.
//!
//! Format, version 1: the line `circle-composer project 1\n`, then a 16-byte salt, a 12-byte
//! nonce, the PBKDF2 iteration count (4 bytes, big-endian) and an 8-byte passphrase check, then
//! the project as JSON sealed with AES-256-GCM (the first line is its associated data). The key
//! and the check come from PBKDF2-HMAC-SHA256 of the passphrase (600,000 iterations, as OWASP
//! advises for it), so a wrong passphrase is told apart from a damaged file.
//!
//! Why not age, which other tools could open: built for wasm32, age brings 159 crates into the
//! page (a localisation framework among them), against 27 for these RustCrypto ones; and AES-GCM
//! with PBKDF2 is a standard any crypto library can read with the layout above.
//!
//! The core chooses no randomness: the shell passes the salt and the nonce in.

use std::collections::BTreeMap;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use serde::{Deserialize, Serialize};

use crate::board::Board;
use crate::compose::Rules;
use crate::import::ImportOptions;
use crate::model::{ColumnRole, RecordId};
use crate::places::PlaceDecisions;
use crate::send::SendSettings;
use crate::solver::SizeBounds;

/// The version of the project's content that this build writes and reads.
pub const PROJECT_FORMAT: u32 = 1;
/// PBKDF2 iterations for a new file.
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// The most iterations a file may ask for (about ten seconds in a browser).
const MAX_PBKDF2_ITERATIONS: u32 = 3_000_000;
/// The file's first line, with the container's version.
const HEADER: &[u8] = b"circle-composer project 1\n";
const SALT: usize = 16;
const NONCE: usize = 12;
const CHECK: usize = 8;

/// One organizer's session, as a project file holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// The content's format version.
    pub format: u32,
    /// The applicants' file name.
    pub file_name: String,
    /// The applicants' file, byte for byte.
    #[serde(with = "base64_bytes")]
    pub file: Vec<u8>,
    /// How it was read.
    pub options: ImportOptions,
    /// Each column's role and answer separator, in column order.
    pub columns: Vec<(ColumnRole, Option<String>)>,
    /// Duplicates folded into another record: (dropped, kept).
    pub merged: Vec<(RecordId, RecordId)>,
    /// The circle size range.
    pub size: SizeBounds,
    /// The rules, when edited.
    pub rules: Option<Rules>,
    /// The seed of the next run.
    pub seed: u64,
    /// Place choices and custom places.
    pub places: PlaceDecisions,
    /// Sending settings.
    pub send: SendSettings,
    /// The circles, with locks, pins and details, when composed.
    pub board: Option<Board>,
    /// How many records the file gave when it was saved: the circles and merges name records
    /// by number, so a file that now reads differently (another version's importer) must not
    /// get them back. 0 in files that predate the count.
    #[serde(default)]
    pub records: usize,
}

impl Project {
    /// The merged duplicates as the workflow keeps them.
    pub fn merged_map(&self) -> BTreeMap<RecordId, RecordId> {
        self.merged.iter().copied().collect()
    }
}

/// Why a project file could not be opened: each says what to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProjectError {
    /// The file is not a project file at all.
    NotAProject,
    /// The passphrase does not open it.
    WrongPassphrase,
    /// The file is cut short or was changed.
    Damaged,
    /// A newer version of Circle Composer wrote it.
    Newer(u32),
}

impl std::fmt::Display for ProjectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            ProjectError::NotAProject => {
                "This is not a Circle Composer project file (those start with \"circle-composer project\").".to_owned()
            }
            ProjectError::WrongPassphrase => {
                "The passphrase does not open this project; check it and try again.".to_owned()
            }
            ProjectError::Damaged => {
                "This project file is damaged (cut short or changed since it was saved), so it cannot be opened."
                    .to_owned()
            }
            ProjectError::Newer(format) => format!(
                "This project was saved by a newer version of Circle Composer (format {format}); this one opens format \
                 {PROJECT_FORMAT} and older. Use the newer version."
            ),
        })
    }
}

impl std::error::Error for ProjectError {}

/// The key and the passphrase check for a passphrase and salt.
fn derive(passphrase: &str, salt: &[u8], iterations: u32) -> ([u8; 32], [u8; CHECK]) {
    let mut out = [0u8; 32 + CHECK];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(passphrase.as_bytes(), salt, iterations, &mut out);
    let mut key = [0u8; 32];
    key.copy_from_slice(&out[..32]);
    let mut check = [0u8; CHECK];
    check.copy_from_slice(&out[32..]);
    (key, check)
}

/// The project file's bytes: `salt` and `nonce` must be fresh random bytes for each file.
pub fn seal(project: &Project, passphrase: &str, salt: [u8; SALT], nonce: [u8; NONCE]) -> Vec<u8> {
    seal_with(project, passphrase, salt, nonce, PBKDF2_ITERATIONS)
}

/// [`seal`] with another iteration count (tests use fewer, to stay fast).
pub fn seal_with(
    project: &Project,
    passphrase: &str,
    salt: [u8; SALT],
    nonce: [u8; NONCE],
    iterations: u32,
) -> Vec<u8> {
    seal_json(&project.to_json(), passphrase, salt, nonce, iterations)
}

/// The project file's bytes around a project already written as JSON ([`Project::to_json`]): the
/// slow part of [`seal`] (the key derivation), which the page runs in its worker.
pub fn seal_json(json: &[u8], passphrase: &str, salt: [u8; SALT], nonce: [u8; NONCE], iterations: u32) -> Vec<u8> {
    let (key, check) = derive(passphrase, &salt, iterations);
    let sealed = Aes256Gcm::new(&key.into())
        .encrypt(Nonce::from_slice(&nonce), Payload { msg: json, aad: HEADER })
        .expect("AES-GCM encrypts any length this program writes");
    let mut out = Vec::with_capacity(HEADER.len() + SALT + NONCE + 4 + CHECK + sealed.len());
    out.extend_from_slice(HEADER);
    out.extend_from_slice(&salt);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&iterations.to_be_bytes());
    out.extend_from_slice(&check);
    out.extend_from_slice(&sealed);
    out
}

/// Opens a project file with its passphrase.
pub fn open(bytes: &[u8], passphrase: &str) -> Result<Project, ProjectError> {
    Project::from_json(&open_json(bytes, passphrase)?)
}

/// The project's JSON inside a project file: the slow part of [`open`] (the key derivation),
/// which the page runs in its worker; [`Project::from_json`] reads the JSON.
pub fn open_json(bytes: &[u8], passphrase: &str) -> Result<Vec<u8>, ProjectError> {
    let Some(rest) = bytes.strip_prefix(HEADER) else {
        // A later container version says so in its first line.
        let newer = bytes
            .strip_prefix(b"circle-composer project ")
            .and_then(|rest| rest.split(|&b| b == b'\n').next())
            .and_then(|version| std::str::from_utf8(version).ok()?.parse::<u32>().ok());
        return Err(newer.map_or(ProjectError::NotAProject, ProjectError::Newer));
    };
    if rest.len() < SALT + NONCE + 4 + CHECK + 16 {
        return Err(ProjectError::Damaged);
    }
    let (salt, rest) = rest.split_at(SALT);
    let (nonce, rest) = rest.split_at(NONCE);
    let (iterations, rest) = rest.split_at(4);
    let (check, sealed) = rest.split_at(CHECK);
    let iterations = u32::from_be_bytes(iterations.try_into().expect("four bytes"));
    // An absurd count is damage (or a trap), not a reason to freeze the page for minutes.
    if !(1..=MAX_PBKDF2_ITERATIONS).contains(&iterations) {
        return Err(ProjectError::Damaged);
    }
    let (key, expected) = derive(passphrase, salt, iterations);
    if expected != check {
        return Err(ProjectError::WrongPassphrase);
    }
    Aes256Gcm::new(&key.into())
        .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad: HEADER })
        .map_err(|_| ProjectError::Damaged)
}

impl Project {
    /// The project as the JSON a project file seals.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a project always serializes")
    }

    /// Reads a project's JSON, as [`open_json`] gives it: a newer format is told apart from damage.
    pub fn from_json(json: &[u8]) -> Result<Project, ProjectError> {
        #[derive(Deserialize)]
        struct Version {
            format: u32,
        }
        let version: Version = serde_json::from_slice(json).map_err(|_| ProjectError::Damaged)?;
        if version.format > PROJECT_FORMAT {
            return Err(ProjectError::Newer(version.format));
        }
        serde_json::from_slice(json).map_err(|_| ProjectError::Damaged)
    }
}

/// Bytes as one base64 string in JSON.
mod base64_bytes {
    use base64::Engine;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        base64::engine::general_purpose::STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}
