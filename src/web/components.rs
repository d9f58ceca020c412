//! The page's steps, one component per file.

mod circle_board;
mod column_mapper;
mod compose_panel;
mod import_panel;
mod places_panel;
mod problem_list;
mod project_controls;
mod quote_notice;
mod rules_editor;
mod send_panel;
mod step_nav;

pub(crate) use circle_board::CircleBoard;
pub(crate) use column_mapper::ColumnMapper;
pub(crate) use compose_panel::ComposePanel;
pub(crate) use import_panel::{ImportPanel, load_csv, load_file, open_project, read_again_in_worker};
pub(crate) use places_panel::PlacesPanel;
pub(crate) use problem_list::ProblemList;
pub(crate) use project_controls::{ProjectControls, open_project_file};
pub(crate) use quote_notice::QuoteNotice;
pub(crate) use rules_editor::RulesEditor;
pub(crate) use send_panel::SendPanel;
pub(crate) use step_nav::StepNav;
