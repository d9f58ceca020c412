//! Step 5: the board. Circles as cards with a check per rule, the waitlist beside them, and every
//! hand edit: move (by drag and drop, or with a "Move…" menu that says what each target would
//! change and suggests the best), swap, lock a circle, pin a person, name a circle and set its
//! meetings, add or remove circles, re-compose the rest, undo and redo (also Ctrl/Cmd+Z and
//! Ctrl/Cmd+Shift+Z). Every edit is a `Workflow` action; the checks come from the core's one
//! judgement, re-judged only for the circles an edit touched.

mod card;
mod details;
mod member;
mod move_menu;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::board::{Board, BoardCircle, BoardEdit, Seat};
use crate::compose::{Check, Composition, Mode, RuleBook};
use crate::import::applicants;
use crate::model::{Applicant, GroupId, RecordId};
use crate::web::by_address::{ByAddress, WorkflowHandle};
use crate::web::in_tasks::use_drawn_in_slices;
use crate::workflow::Action;

/// Props of [`CircleBoard`].
#[derive(Properties, PartialEq)]
pub(crate) struct CircleBoardProps {
    pub(crate) workflow: WorkflowHandle,
    pub(crate) on_action: Callback<Action>,
    pub(crate) on_download: Callback<()>,
    pub(crate) on_recompose: Callback<()>,
}

/// Circles drawn at first, and added per click: thousands of cards at once would block the page
/// for longer than a frame budget allows.
const CIRCLES_PER_PAGE: usize = 60;
/// Cards drawn per task while the board fills up to what is shown, so that no task blocks the page
/// for long (60 cards of 1,200 applicants at once took one task of about 100 ms).
const CARDS_PER_TASK: usize = 12;

/// The rules as they apply to the applicants, read once the board is shown or when first needed
/// (an edited circle to judge, a move menu), whichever comes first: a fresh board shows the checks
/// its composition came with.
pub(super) struct LazyBook {
    book: std::cell::OnceCell<Option<RuleBook>>,
    read: Box<dyn Fn() -> Option<RuleBook>>,
}

impl LazyBook {
    /// The rule book, read now if not yet.
    pub(super) fn get(&self) -> Option<&RuleBook> {
        self.book.get_or_init(|| (self.read)()).as_ref()
    }
}

/// What every part of the board shares: the rules as they apply, the applicants, and the board's
/// own callbacks.
#[derive(Clone)]
pub(super) struct BoardContext {
    pub(super) book: Rc<LazyBook>,
    pub(super) people: Rc<Vec<Applicant>>,
    pub(super) on_action: Callback<Action>,
    /// Opens the move menu for a person (`None`: closes it).
    pub(super) open_menu: Callback<Option<RecordId>>,
    /// The person chosen first for a swap, if any.
    pub(super) swap_from: Option<RecordId>,
    /// Chooses a person for a swap, or swaps them with the one chosen first.
    pub(super) on_swap: Callback<RecordId>,
    /// Moves a person, says so in the live region and focuses them in their new place.
    pub(super) on_move: Callback<(RecordId, Seat)>,
}

impl PartialEq for BoardContext {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.book, &other.book)
            && Rc::ptr_eq(&self.people, &other.people)
            && self.on_action == other.on_action
            && self.open_menu == other.open_menu
            && self.swap_from == other.swap_from
            && self.on_swap == other.on_swap
            && self.on_move == other.on_move
    }
}

impl BoardContext {
    /// How a person is named on the board.
    pub(super) fn name(&self, record: RecordId) -> String {
        person_name(&self.people, record)
    }
}

/// A person's name, else email, else record number.
fn person_name(people: &[Applicant], record: RecordId) -> String {
    match (record.0 as usize).checked_sub(1).and_then(|i| people.get(i)) {
        Some(person) if !person.name.trim().is_empty() => person.name.trim().to_owned(),
        Some(person) if !person.email.trim().is_empty() => person.email.trim().to_owned(),
        _ => format!("Record {record}"),
    }
}

/// "Circle 3" or the waitlist, as the board names a seat.
pub(super) fn seat_name(board: &Board, seat: Seat) -> String {
    match seat {
        Seat::Circle(id) => board.circle(id).map_or_else(|| format!("circle {id}"), |c| c.name.clone()),
        Seat::Waitlist => "the waitlist".to_owned(),
    }
}

/// The checks of every circle, judged again only for circles that changed since the last render
/// (or for all of them when the rules changed). Circles as their composition made them keep the
/// checks it came with.
#[derive(Default)]
struct ChecksCache {
    /// The rules the checks were judged by, held so that no later book can take its address.
    book: Option<ByAddress<LazyBook>>,
    /// The composition whose checks were taken (by `Workflow::compositions`).
    seeded: Option<u32>,
    by_circle: BTreeMap<GroupId, (BoardCircle, Rc<Vec<Check>>)>,
}

impl ChecksCache {
    fn checks(
        &mut self,
        book: &Rc<LazyBook>,
        board: &Board,
        composition: Option<(u32, &Composition)>,
    ) -> Vec<Rc<Vec<Check>>> {
        if self.book.as_ref().is_none_or(|seen| !Rc::ptr_eq(&seen.0, book)) {
            self.by_circle.clear();
            self.book = Some(ByAddress::of(book));
        }
        // A composition that just arrived was judged by the rules in force: its checks stand until
        // the rules change.
        if let Some((number, composition)) = composition.filter(|(number, _)| self.seeded != Some(*number)) {
            self.seed(board, composition);
            self.seeded = Some(number);
        }
        let same = |seen: &BoardCircle, circle: &BoardCircle| {
            seen.members == circle.members && seen.mode == circle.mode && seen.place == circle.place
        };
        let judged: Vec<Rc<Vec<Check>>> = board
            .circles
            .iter()
            .map(|circle| match self.by_circle.get(&circle.id) {
                Some((seen, checks)) if same(seen, circle) => checks.clone(),
                _ => {
                    let checks = Rc::new(book.get().map(|b| b.judge_circle(&circle.as_circle())).unwrap_or_default());
                    self.by_circle.insert(circle.id, (circle.clone(), checks.clone()));
                    checks
                }
            })
            .collect();
        let ids: std::collections::BTreeSet<GroupId> = board.circles.iter().map(|c| c.id).collect();
        self.by_circle.retain(|id, _| ids.contains(id));
        judged
    }

    /// The composition's own checks for the board's circles it made (same place, same members).
    fn seed(&mut self, board: &Board, composition: &Composition) {
        // One pass over the checks: a thousand circles each looking through every check took
        // 26 ms at 10,000 applicants.
        let mut by_group: BTreeMap<GroupId, Vec<&Check>> = BTreeMap::new();
        for check in &composition.checks {
            by_group.entry(check.group).or_default().push(check);
        }
        for (circle, group) in board.circles.iter().zip(&composition.groups) {
            if circle.members == group.members && circle.mode == group.mode && circle.place == group.place {
                let checks = by_group
                    .get(&group.id)
                    .into_iter()
                    .flatten()
                    .map(|&c| Check { group: circle.id, ..c.clone() })
                    .collect();
                self.by_circle.insert(circle.id, (circle.clone(), Rc::new(checks)));
            }
        }
    }
}

/// The board.
#[function_component]
pub(crate) fn CircleBoard(props: &CircleBoardProps) -> Html {
    let workflow = &props.workflow;
    // How many cards to show, and how many are drawn so far (the rest follow a few per task).
    let shown = use_state(|| CIRCLES_PER_PAGE);
    let drawn = use_drawn_in_slices(CARDS_PER_TASK, CARDS_PER_TASK, *shown, ());
    let menu = use_state(|| None::<RecordId>);
    let swap_from = use_state(|| None::<RecordId>);
    let announcement = use_state(String::new);
    let focus_after = use_state(|| None::<RecordId>);
    let cache = use_mut_ref(ChecksCache::default);
    let source = workflow.source.as_ref();
    let book = {
        let deps = (
            workflow.rules(),
            workflow.place_decisions.clone(),
            source.map(|s| (ByAddress::of(&s.import), s.merged.clone())),
            workflow.gazetteer.is_some(),
        );
        let workflow = workflow.clone();
        use_memo(deps, move |_| {
            let workflow = workflow.clone();
            LazyBook { book: std::cell::OnceCell::new(), read: Box::new(move || workflow.rule_book()) }
        })
    };
    // The rules are read in a task of their own once the board is shown (about 30 ms at 10,000
    // applicants), so that the first move menu or move does not wait for them.
    use_effect_with(ByAddress::of(&book), |book| {
        let book = book.0.clone();
        let timeout = gloo_timers::callback::Timeout::new(0, move || {
            book.get();
        });
        move || drop(timeout)
    });
    let people = {
        let workflow = workflow.clone();
        use_memo(source.map(|s| ByAddress::of(&s.import)), move |_| {
            workflow.source.as_ref().map(|s| applicants(&s.import)).unwrap_or_default()
        })
    };
    // After a move, the moved person's "Move…" button takes the focus in their new place.
    use_effect_with(*focus_after, |record| {
        if let Some(record) = record {
            focus_by_id(&format!("move-{record}"));
        }
    });
    let latest = use_mut_ref(Latest::default);
    *latest.borrow_mut() = Latest { board: workflow.board.clone(), people: people.clone(), swap_from: *swap_from };
    let callbacks = {
        let setters = Setters {
            menu: menu.setter(),
            swap_from: swap_from.setter(),
            announcement: announcement.setter(),
            focus_after: focus_after.setter(),
        };
        let latest = latest.clone();
        use_memo(props.on_action.clone(), move |on_action| board_callbacks(on_action.clone(), latest, setters))
    };
    let Some(board) = workflow.board.as_ref() else { return html! {} };
    let checks = cache.borrow_mut().checks(&book, board, workflow.composition().map(|c| (workflow.compositions, c)));
    let context = BoardContext {
        book: book.clone(),
        people: people.clone(),
        on_action: props.on_action.clone(),
        open_menu: callbacks.open_menu.clone(),
        swap_from: *swap_from,
        on_swap: callbacks.on_swap.clone(),
        on_move: callbacks.on_move.clone(),
    };
    let broken: Vec<&BoardCircle> = board
        .circles
        .iter()
        .zip(&checks)
        .filter(|(_, checks)| checks.iter().any(|c| c.hard && !c.ok))
        .map(|(circle, _)| circle)
        .collect();
    let on_keydown = shortcuts(&props.on_action);
    let placed: usize = board.circles.iter().map(|c| c.members.len()).sum();
    html! {
        <section class="step" aria-labelledby="step-circles" onkeydown={on_keydown}>
            <h2 id="step-circles"><span class="step-number">{ "5" }</span>{ "Circles" }</h2>
            <ContextProvider<BoardContext> context={context.clone()}>
                <BoardActions workflow={workflow.clone()} on_download={props.on_download.clone()} on_recompose={props.on_recompose.clone()} />
                <p class="board-summary">{ format!("{placed} people in {} circles, {} on the waitlist.", board.circles.len(), board.waitlist.len()) }</p>
                if !broken.is_empty() {
                    <p class="banner broken" role="status" data-testid="broken-banner">
                        { format!("{} {} a rule that must hold: {}. Moves are yours to make; the circle says what breaks.",
                            broken.len(), if broken.len() == 1 { "circle breaks" } else { "circles break" },
                            broken.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")) }
                    </p>
                }
                <p class="visually-hidden" aria-live="polite" data-testid="announcement">{ (*announcement).clone() }</p>
                <div class="board-columns">
                    <div class="board">
                        { for board.circles.iter().zip(&checks).take(drawn).map(|(circle, checks)| html! {
                            <card::CircleCard key={circle.id.0} circle={circle.clone()} checks={checks.clone()} pinned={pinned_in(board, circle)} />
                        }) }
                    </div>
                    <member::Waitlist waitlist={board.waitlist.clone()} />
                </div>
                if board.circles.len() > *shown {
                    <button class="small" data-testid="show-more-circles"
                        onclick={let shown = shown.clone(); move |_: MouseEvent| shown.set(*shown + CIRCLES_PER_PAGE * 4)}>
                        { format!("Show more circles ({} of {} shown)", *shown, board.circles.len()) }
                    </button>
                }
                if let Some(record) = *menu {
                    <move_menu::MoveMenu key={record.to_string()} {record} board={board.clone()} />
                }
            </ContextProvider<BoardContext>>
        </section>
    }
}

/// The pinned members of a circle.
fn pinned_in(board: &Board, circle: &BoardCircle) -> Vec<RecordId> {
    circle.members.iter().copied().filter(|r| board.pinned.contains(r)).collect()
}

/// What the board's callbacks read when they run: the board, the applicants and the person chosen
/// for a swap as of the latest render. The callbacks themselves stay the same from render to
/// render, so the cards and members that use them draw again only when their own data changes.
#[derive(Default)]
struct Latest {
    board: Option<Rc<Board>>,
    people: Rc<Vec<Applicant>>,
    swap_from: Option<RecordId>,
}

/// The board's callbacks, made once.
struct BoardCallbacks {
    open_menu: Callback<Option<RecordId>>,
    on_swap: Callback<RecordId>,
    on_move: Callback<(RecordId, Seat)>,
}

/// The setters the board's callbacks use.
struct Setters {
    menu: UseStateSetter<Option<RecordId>>,
    swap_from: UseStateSetter<Option<RecordId>>,
    announcement: UseStateSetter<String>,
    focus_after: UseStateSetter<Option<RecordId>>,
}

fn board_callbacks(on_action: Callback<Action>, latest: Rc<RefCell<Latest>>, setters: Setters) -> BoardCallbacks {
    let Setters { menu, swap_from, announcement, focus_after } = setters;
    let open_menu = {
        let menu = menu.clone();
        Callback::from(move |record: Option<RecordId>| menu.set(record))
    };
    let on_move = {
        let (on_action, latest, announcement) = (on_action.clone(), latest.clone(), announcement.clone());
        Callback::from(move |(record, to): (RecordId, Seat)| {
            let latest = latest.borrow();
            let Some(board) = latest.board.as_ref() else { return };
            let Some(from) = board.seat_of(record) else { return };
            if from == to {
                return;
            }
            on_action.emit(Action::EditBoard(BoardEdit::Move { record, to }));
            menu.set(None);
            let name = person_name(&latest.people, record);
            announcement.set(format!("{name} moved from {} to {}.", seat_name(board, from), seat_name(board, to)));
            focus_after.set(Some(record));
        })
    };
    let on_swap = Callback::from(move |record: RecordId| {
        let latest = latest.borrow();
        match latest.swap_from {
            None => swap_from.set(Some(record)),
            Some(first) if first == record => swap_from.set(None),
            Some(first) => {
                on_action.emit(Action::EditBoard(BoardEdit::Swap { a: first, b: record }));
                swap_from.set(None);
                let Some(board) = latest.board.as_ref() else { return };
                if let (Some(a), Some(b)) = (board.seat_of(first), board.seat_of(record)) {
                    let (first, other) = (person_name(&latest.people, first), person_name(&latest.people, record));
                    announcement.set(format!(
                        "{first} and {other} swapped: {first} to {}, {other} to {}.",
                        seat_name(board, b),
                        seat_name(board, a)
                    ));
                }
            }
        }
    });
    BoardCallbacks { open_menu, on_swap, on_move }
}

/// Ctrl/Cmd+Z undoes the last board change and Ctrl/Cmd+Shift+Z redoes it, unless a text field
/// has the focus (it keeps its own undo).
fn shortcuts(on_action: &Callback<Action>) -> Callback<KeyboardEvent> {
    let on_action = on_action.clone();
    Callback::from(move |event: KeyboardEvent| {
        if !(event.ctrl_key() || event.meta_key()) || !event.key().eq_ignore_ascii_case("z") {
            return;
        }
        let in_text = event
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if in_text {
            return;
        }
        event.prevent_default();
        on_action.emit(if event.shift_key() { Action::RedoBoard } else { Action::UndoBoard });
    })
}

/// Moves the keyboard focus to the element with this id, if it is on the page.
pub(super) fn focus_by_id(id: &str) {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
        let _ = element.focus();
    }
}

/// Props of [`BoardActions`].
#[derive(Properties, PartialEq)]
struct BoardActionsProps {
    workflow: WorkflowHandle,
    on_download: Callback<()>,
    on_recompose: Callback<()>,
}

/// Undo, redo, re-compose, a new circle, and the roster download.
#[function_component]
fn BoardActions(props: &BoardActionsProps) -> Html {
    let context = use_context::<BoardContext>().expect("inside the board");
    let workflow = &props.workflow;
    let on_action = &context.on_action;
    let add_circle =
        on_action.reform(|_: MouseEvent| Action::EditBoard(BoardEdit::AddCircle { mode: Mode::Video, place: None }));
    let locked = workflow.board.as_ref().map_or(0, |b| b.circles.iter().filter(|c| c.locked).count());
    html! {
        <div class="board-actions">
            <div class="board-buttons">
                <button class="small" data-testid="undo" onclick={on_action.reform(|_: MouseEvent| Action::UndoBoard)}
                    disabled={!workflow.board_history.can_undo()} title="Ctrl+Z">{ "Undo" }</button>
                <button class="small" data-testid="redo" onclick={on_action.reform(|_: MouseEvent| Action::RedoBoard)}
                    disabled={!workflow.board_history.can_redo()} title="Ctrl+Shift+Z">{ "Redo" }</button>
                <button class="small" data-testid="recompose" onclick={props.on_recompose.reform(|_: MouseEvent| ())}
                    disabled={workflow.is_composing()}
                    title="Compose everyone again, keeping locked circles and pinned people where they are">
                    { if locked > 0 { format!("Re-compose the rest ({locked} locked)") } else { "Re-compose".to_owned() } }
                </button>
                <button class="small" data-testid="add-circle" onclick={add_circle}>{ "Add a circle" }</button>
            </div>
            <button class="primary" data-testid="download-rosters" onclick={props.on_download.reform(|_: MouseEvent| ())}>
                { "Download roster (CSV)" }
            </button>
        </div>
    }
}
