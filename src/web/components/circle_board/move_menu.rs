//! The "Move…" menu of one person: the three best moves or swaps that keep every rule that must
//! hold (scored by the composer's own objective), then every circle and the waitlist, each saying
//! what the move would break or mend there. A click or Enter confirms; Escape closes.

use std::rc::Rc;

use yew::prelude::*;

use super::{BoardContext, focus_by_id, seat_name};
use crate::board::{Board, Seat};
use crate::compose::{Advisor, Change, Circle, Effect, effects};
use crate::model::{GroupId, RecordId};

/// Props of [`MoveMenu`].
#[derive(Properties)]
pub(super) struct MoveMenuProps {
    pub(super) record: RecordId,
    pub(super) board: Rc<Board>,
}

impl PartialEq for MoveMenuProps {
    fn eq(&self, other: &Self) -> bool {
        self.record == other.record && (Rc::ptr_eq(&self.board, &other.board) || self.board == other.board)
    }
}

/// The rules a move of `record` breaks or mends where they leave (`None`, judged once for every
/// target) or in the circle they join, in words: "Circle 3: breaks distinct Company (2 from
/// Stripe)".
fn move_effects(context: &BoardContext, board: &Board, record: RecordId, joining: Option<GroupId>) -> Vec<String> {
    let Some(book) = context.book.get() else { return Vec::new() };
    let circle = match joining {
        Some(id) => board.circle(id),
        None => board.circles.iter().find(|c| c.members.contains(&record)),
    };
    let Some(circle) = circle.map(|c| c.as_circle()) else { return Vec::new() };
    let mut changed = circle.clone();
    changed.members.retain(|&m| m != record);
    if joining.is_some() {
        changed.members.push(record);
        changed.members.sort_unstable();
    }
    effects(book, &[circle], &[changed]).iter().map(|effect| describe(board, effect)).collect()
}

fn describe(board: &Board, effect: &Effect) -> String {
    let circle = seat_name(board, Seat::Circle(effect.circle));
    let verb = match (effect.breaks, effect.hard) {
        (true, true) => "breaks",
        (true, false) => "misses",
        (false, _) => "mends",
    };
    format!("{circle}: {verb} {} ({})", effect.rule, effect.detail)
}

/// The move menu.
#[function_component]
pub(super) fn MoveMenu(props: &MoveMenuProps) -> Html {
    let context = use_context::<BoardContext>().expect("inside the board");
    let record = props.record;
    let board = &props.board;
    // The first choice takes the focus, so Enter confirms it at once.
    use_effect_with(record, |record| focus_by_id(&format!("move-first-{record}")));
    let Some(from) = board.seat_of(record) else { return html! {} };
    let name = context.name(record);
    let close = context.open_menu.reform(|_: MouseEvent| None);
    let on_keydown = {
        let (open_menu, record) = (context.open_menu.clone(), record);
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.prevent_default();
                open_menu.emit(None);
                focus_by_id(&format!("move-{record}"));
            }
        })
    };
    let circles: Vec<Circle> = board.circles.iter().map(|c| c.as_circle()).collect();
    let suggestions =
        context.book.get().map(|book| Advisor::new(book, &circles).suggestions(record, 3)).unwrap_or_default();
    let mut targets: Vec<Seat> = board.circles.iter().filter(|c| !c.locked).map(|c| Seat::Circle(c.id)).collect();
    targets.push(Seat::Waitlist);
    targets.retain(|&seat| seat != from);
    // Where they leave changes the same way whatever the target.
    let leaving = move_effects(&context, board, record, None);
    let target = |(index, seat): (usize, Seat)| {
        let joining = match seat {
            Seat::Circle(id) => move_effects(&context, board, record, Some(id)),
            Seat::Waitlist => Vec::new(),
        };
        let changes: Vec<&String> = leaving.iter().chain(&joining).collect();
        let group_id = match seat {
            Seat::Circle(id) => id.to_string(),
            Seat::Waitlist => "waitlist".to_owned(),
        };
        let size = match seat {
            Seat::Circle(id) => board.circle(id).map_or(String::new(), |c| format!(" · {} people", c.members.len())),
            Seat::Waitlist => String::new(),
        };
        let on_click = context.on_move.reform(move |_: MouseEvent| (record, seat));
        let id = (index == 0 && suggestions.is_empty()).then(|| format!("move-first-{record}"));
        html! {
            <li>
                <button class="move-target" data-testid="move-target" data-group-id={group_id} onclick={on_click} {id}>
                    <span class="target-name">{ format!("{}{size}", seat_name(board, seat)) }</span>
                    if changes.is_empty() {
                        <span class="target-effect">{ "no rule changes" }</span>
                    }
                    { for changes.iter().map(|change| html! { <span class="target-effect">{ change }</span> }) }
                </button>
            </li>
        }
    };
    let suggestion = |(index, suggestion): (usize, &crate::compose::Suggestion)| {
        let score = format!("{:+.1}", suggestion.score_change);
        let id = (index == 0).then(|| format!("move-first-{record}"));
        match suggestion.change {
            Change::MoveTo(circle) => {
                let on_click = context.on_move.reform(move |_: MouseEvent| (record, Seat::Circle(circle)));
                html! {
                    <li><button class="suggestion" data-testid="move-suggestion" data-group-id={circle.to_string()} onclick={on_click} {id}>
                        { format!("Move to {} ({score})", seat_name(board, Seat::Circle(circle))) }
                    </button></li>
                }
            }
            Change::SwapWith(other) => {
                let (on_swap, other_seat) = (context.on_swap.clone(), board.seat_of(other).unwrap_or(Seat::Waitlist));
                let on_click = Callback::from(move |_: MouseEvent| {
                    on_swap.emit(record);
                    on_swap.emit(other);
                });
                html! {
                    <li><button class="suggestion" data-testid="swap-suggestion" data-record={other.to_string()} onclick={on_click} {id}>
                        { format!("Swap with {} of {} ({score})", context.name(other), seat_name(board, other_seat)) }
                    </button></li>
                }
            }
        }
    };
    html! {
        <div class="move-menu" role="dialog" aria-modal="false" aria-label={format!("Move {name}")} onkeydown={on_keydown}
            data-testid="move-menu">
            <header>
                <strong>{ format!("Move {name} from {}", seat_name(board, from)) }</strong>
                <button class="link" onclick={close}>{ "Close" }</button>
            </header>
            if !suggestions.is_empty() {
                <p class="hint">{ "Best changes that keep every rule that must hold (change in score):" }</p>
                <ul class="suggestions">{ for suggestions.iter().enumerate().map(suggestion) }</ul>
            }
            <p class="hint">{ "Or move to:" }</p>
            <ul class="targets">{ for targets.into_iter().enumerate().map(target) }</ul>
        </div>
    }
}
