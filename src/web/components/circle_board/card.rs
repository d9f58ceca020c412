//! One circle's card: its name, where it meets, its size, a compact summary of what the rules look
//! at, one check per rule (a broken rule that must hold says "breaks" in words), its members, its
//! lock, its meeting details, and a drop target for dragged members.

use std::rc::Rc;

use yew::prelude::*;

use super::BoardContext;
use super::details::CircleDetailsForm;
use super::member::{MEMBER_TYPE, MemberItem, dropped_member};
use crate::board::{BoardCircle, BoardEdit, Seat};
use crate::compose::{Check, Mode, RuleId};
use crate::model::RecordId;
use crate::workflow::Action;

/// Props of [`CircleCard`].
#[derive(Properties, PartialEq)]
pub(super) struct CircleCardProps {
    pub(super) circle: BoardCircle,
    /// Its checks, judged again only when it changed.
    pub(super) checks: Rc<Vec<Check>>,
    /// Its members pinned for re-composing.
    pub(super) pinned: Vec<RecordId>,
}

/// A circle on the board.
#[function_component]
pub(super) fn CircleCard(props: &CircleCardProps) -> Html {
    let context = use_context::<BoardContext>().expect("inside the board");
    let drag_over = use_state(|| false);
    let circle = &props.circle;
    let id = circle.id;
    let where_ = match (circle.mode, &circle.place) {
        (Mode::InPerson, Some(place)) => format!("in person · {place}"),
        // The place check's detail has the band: "video, UTC−8 … UTC−5, spread 3 h".
        _ => match props.checks.iter().find(|c| c.rule == RuleId::Place) {
            Some(check) => check.detail.split(", spread").next().unwrap_or("video").replacen(", ", " · ", 1),
            None => "video".to_owned(),
        },
    };
    let broken: Vec<&Check> = props.checks.iter().filter(|c| c.hard && !c.ok).collect();
    let on_lock = context.on_action.reform({
        let locked = circle.locked;
        move |_: MouseEvent| Action::EditBoard(BoardEdit::Lock { circle: id, locked: !locked })
    });
    let on_remove = context.on_action.reform(move |_: MouseEvent| Action::EditBoard(BoardEdit::RemoveCircle(id)));
    let on_drag_over = {
        let drag_over = drag_over.clone();
        Callback::from(move |event: DragEvent| {
            if carries_member(&event) {
                event.prevent_default();
                drag_over.set(true);
            }
        })
    };
    let on_drag_leave = {
        let drag_over = drag_over.clone();
        Callback::from(move |_: DragEvent| drag_over.set(false))
    };
    let on_drop = {
        let (drag_over, on_move) = (drag_over.clone(), context.on_move.clone());
        Callback::from(move |event: DragEvent| {
            drag_over.set(false);
            if let Some(record) = dropped_member(&event) {
                event.prevent_default();
                event.stop_propagation();
                on_move.emit((record, Seat::Circle(id)));
            }
        })
    };
    let class = classes!(
        "circle",
        circle.locked.then_some("locked"),
        (!broken.is_empty()).then_some("breaks"),
        drag_over.then_some("drop-here")
    );
    html! {
        <article {class} data-testid="group" data-group-id={id.to_string()} aria-labelledby={format!("circle-{id}")}
            ondragover={on_drag_over} ondragleave={on_drag_leave} ondrop={on_drop}>
            <header>
                <h3 id={format!("circle-{id}")}>{ &circle.name }</h3>
                <span class="circle-meta">{ format!("{} people · {where_}", circle.members.len()) }</span>
                <button class="small lock" data-testid="group-lock" aria-pressed={circle.locked.to_string()} onclick={on_lock}
                    title={if circle.locked { "Unlock: let moves and re-composing change this circle" } else { "Lock: keep these members exactly as they are" }}>
                    { if circle.locked { "Locked" } else { "Lock" } }
                </button>
            </header>
            if !broken.is_empty() {
                <p class="breaks" data-testid="breaks">
                    { format!("Breaks: {}", broken.iter().map(|c| format!("{} ({})", c.rule, c.detail)).collect::<Vec<_>>().join("; ")) }
                </p>
            }
            <p class="summary">{ summary(&props.checks) }</p>
            <ul class="checks">
                { for props.checks.iter().map(|check| {
                    // A preferred rule missed is a compromise, not an error.
                    let (class, mark, label) = match (check.ok, check.hard) {
                        (true, _) => ("ok", "✓", "met"),
                        (false, true) => ("not-ok hard", "✗", "broken"),
                        (false, false) => ("not-ok soft", "~", "partly met (preferred rule)"),
                    };
                    html! {
                        <li class={class} data-testid="check" data-rule={check.rule.to_string()} data-ok={check.ok.to_string()}>
                            <span class="check-mark" aria-label={label}>{ mark }</span>
                            { format!("{}: {}", check.rule, check.detail) }
                        </li>
                    }
                }) }
            </ul>
            <ul class="members">
                { for circle.members.iter().map(|&record| html! {
                    <MemberItem key={record.0} {record} seat={Seat::Circle(id)} locked={circle.locked} pinned={props.pinned.contains(&record)} reason={None::<String>} />
                }) }
            </ul>
            if circle.members.is_empty() {
                <p class="hint">{ "Nobody yet: drag someone here, or use “Move…”." }</p>
            }
            <CircleDetailsForm circle={circle.clone()} />
            if !circle.locked {
                <button class="link" onclick={on_remove} data-testid="remove-circle">{ "Remove this circle" }</button>
            }
        </article>
    }
}

/// Whether a drag carries a member of the board.
pub(super) fn carries_member(event: &DragEvent) -> bool {
    event.data_transfer().is_some_and(|transfer| transfer.types().includes(&MEMBER_TYPE.into(), 0))
}

/// "4 roles · company all distinct · 2 of 8 match": what the rules look at, in one line.
fn summary(checks: &[Check]) -> String {
    checks
        .iter()
        .filter_map(|check| match &check.rule {
            RuleId::Spread(column) => {
                let different = check.detail.split(' ').next().unwrap_or("");
                Some(format!("{different} different {}", column.to_lowercase()))
            }
            RuleId::Distinct(_) | RuleId::NeverIsolate(_) | RuleId::Share(_) => Some(check.detail.clone()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
