//! The page's steps, one component per file.

mod circle_board;
mod compose_panel;
mod import_panel;
mod preview;

pub(crate) use circle_board::CircleBoard;
pub(crate) use compose_panel::ComposePanel;
pub(crate) use import_panel::ImportPanel;
pub(crate) use preview::Preview;
