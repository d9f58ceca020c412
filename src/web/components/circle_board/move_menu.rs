//! The "Move…" menu of one person: the three best moves or swaps that keep every rule that must
//! hold (scored by the composer's own objective), then every circle and the waitlist, each saying
//! what the move would break or mend there. A click or Enter confirms; Escape closes.
//!
//! At thousands of applicants a board has a thousand circles or more, and drawing every target at
//! once took 80–120 ms: so the targets are drawn a slice per task, the first slice at once.

use std::rc::Rc;

use yew::prelude::*;

use super::{BoardContext, focus_by_id, seat_name};
use crate::board::{Board, Seat};
use crate::compose::{Advisor, Change, Circle, Effect, effects};
use crate::model::{GroupId, RecordId};
use crate::web::by_address::ByAddress;
use crate::web::in_tasks::use_drawn_in_slices;

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

/// How many targets one task draws.
const TARGETS_PER_TASK: usize = 100;

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

/// What the menu offers one person on one board.
struct MenuPlan {
    from: Seat,
    /// The best changes that keep every rule that must hold.
    suggestions: Vec<crate::compose::Suggestion>,
    /// Every circle they can move to, and the waitlist.
    targets: Rc<[Seat]>,
    /// What the move changes where they leave, the same whatever the target.
    leaving: Rc<[String]>,
}

impl MenuPlan {
    /// `None` when the person is not on the board.
    fn new(context: &BoardContext, board: &Board, record: RecordId) -> Option<MenuPlan> {
        let from = board.seat_of(record)?;
        let circles: Vec<Circle> = board.circles.iter().map(|c| c.as_circle()).collect();
        let suggestions =
            context.book.get().map(|book| Advisor::new(book, &circles).suggestions(record, 3)).unwrap_or_default();
        let mut targets: Vec<Seat> = board.circles.iter().filter(|c| !c.locked).map(|c| Seat::Circle(c.id)).collect();
        targets.push(Seat::Waitlist);
        targets.retain(|&seat| seat != from);
        let leaving = move_effects(context, board, record, None).into();
        Some(MenuPlan { from, suggestions, targets: targets.into(), leaving })
    }
}

/// The move menu.
#[function_component]
pub(super) fn MoveMenu(props: &MoveMenuProps) -> Html {
    let context = use_context::<BoardContext>().expect("inside the board");
    let record = props.record;
    let board = &props.board;
    // The first choice takes the focus, so Enter confirms it at once.
    use_effect_with(record, |record| focus_by_id(&format!("move-first-{record}")));
    // Worked out once per person and board, not again as each slice of targets is drawn.
    let plan = {
        let context = context.clone();
        let deps = (record, ByAddress::of(board), ByAddress::of(&context.book));
        use_memo(deps, move |(record, board, _)| MenuPlan::new(&context, &board.0, *record))
    };
    let total = plan.as_ref().as_ref().map_or(0, |plan| plan.targets.len());
    let drawn = use_drawn_in_slices(TARGETS_PER_TASK, TARGETS_PER_TASK, total, ());
    let Some(MenuPlan { from, suggestions, targets, leaving }) = &*plan else { return html! {} };
    let from = *from;
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
    let focus_first = suggestions.is_empty();
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
            <ul class="targets">
                { for (0..drawn.div_ceil(TARGETS_PER_TASK)).map(|slice| html! {
                    <Targets key={slice} {record} board={board.clone()} targets={targets.clone()} leaving={leaving.clone()}
                        start={slice * TARGETS_PER_TASK} {focus_first} />
                }) }
            </ul>
        </div>
    }
}

/// Props of [`Targets`].
#[derive(Properties)]
struct TargetsProps {
    record: RecordId,
    board: Rc<Board>,
    /// Every target of the menu; this slice draws `TARGETS_PER_TASK` of them from `start`.
    targets: Rc<[Seat]>,
    /// What the move changes where they leave.
    leaving: Rc<[String]>,
    start: usize,
    /// Whether the first target takes the focus (when there are no suggestions).
    focus_first: bool,
}

impl PartialEq for TargetsProps {
    fn eq(&self, other: &Self) -> bool {
        self.record == other.record
            && Rc::ptr_eq(&self.board, &other.board)
            && Rc::ptr_eq(&self.targets, &other.targets)
            && self.leaving == other.leaving
            && self.start == other.start
            && self.focus_first == other.focus_first
    }
}

/// One slice of the menu's targets, each saying what the move would break or mend.
#[function_component]
fn Targets(props: &TargetsProps) -> Html {
    let context = use_context::<BoardContext>().expect("inside the board");
    let (record, board) = (props.record, &props.board);
    let end = (props.start + TARGETS_PER_TASK).min(props.targets.len());
    let target = |(index, &seat): (usize, &Seat)| {
        let joining = match seat {
            Seat::Circle(id) => move_effects(&context, board, record, Some(id)),
            Seat::Waitlist => Vec::new(),
        };
        let changes: Vec<&String> = props.leaving.iter().chain(&joining).collect();
        let group_id = match seat {
            Seat::Circle(id) => id.to_string(),
            Seat::Waitlist => "waitlist".to_owned(),
        };
        let size = match seat {
            Seat::Circle(id) => board.circle(id).map_or(String::new(), |c| format!(" · {} people", c.members.len())),
            Seat::Waitlist => String::new(),
        };
        let on_click = context.on_move.reform(move |_: MouseEvent| (record, seat));
        let id = (index == 0 && props.focus_first).then(|| format!("move-first-{record}"));
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
    html! { <>{ for props.targets[props.start..end].iter().enumerate().map(|(i, seat)| target((props.start + i, seat))) }</> }
}
