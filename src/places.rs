//! Location cleaning: free-text answers ("SF", "near 4th & King Caltrain", "München") become places
//! with coordinates, a metro and a time zone, using only the gazetteer bundled with the app.
//!
//! Pure and offline: no geocoding service, no network. An answer that cannot be resolved with
//! confidence stays unresolved, with the alternatives considered; it is never guessed wildly.

mod cluster;
mod decisions;
mod fold;
mod gazetteer;
mod postal;
mod regions;
mod resolve;
mod survey;
mod zones;

pub use cluster::{bigram_fingerprint, clusters, fingerprint};
pub use decisions::{CustomPlace, PlaceChoice, PlaceDecisions, PlaceRow, PlaceStatus, SharedGazetteer};
pub use fold::fold;
pub use gazetteer::{CityId, CityRef, Gazetteer, GazetteerError, great_circle_km};
pub use resolve::{Confidence, Resolution, resolve};
pub use survey::{PlacesReport, ResolvedSpelling, SurveyInTransit, UnresolvedSpelling, ZoneSpelling, survey};
pub use zones::{ZoneChoice, ZoneReading, read_time_zone};

/// The gazetteer's text as bundled: cities of 15,000+ people and towns of 1,000+ inside the curated
/// metros, from GeoNames (CC BY 4.0), derived by
/// `./build-gazetteer`. The page fetches the same file from its own origin when it needs places.
pub const GAZETTEER_TEXT: &str = include_str!("places/gazetteer.txt");
