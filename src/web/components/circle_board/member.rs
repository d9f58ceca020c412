//! A person on the board: their name and what the rules look at, a "Move…" menu button, a swap
//! button, a pin (in a circle) and a drag handle; and the waitlist column, which takes drops too.

use yew::prelude::*;

use super::BoardContext;
use super::card::carries_member;
use crate::board::{BoardEdit, Seat};
use crate::compose::Waitlisted;
use crate::model::RecordId;
use crate::workflow::Action;

/// The drag data type of a board member (the value is the record number).
pub(super) const MEMBER_TYPE: &str = "application/x-circle-member";

/// The person a drop carries, if it carries one.
pub(super) fn dropped_member(event: &DragEvent) -> Option<RecordId> {
    let text = event.data_transfer()?.get_data(MEMBER_TYPE).ok()?;
    text.parse().ok().map(RecordId)
}

/// Props of [`MemberItem`].
#[derive(Properties, PartialEq)]
pub(super) struct MemberItemProps {
    pub(super) record: RecordId,
    pub(super) seat: Seat,
    /// Whether their circle is locked (nobody moves in or out).
    pub(super) locked: bool,
    pub(super) pinned: bool,
    /// Why they wait, on the waitlist.
    pub(super) reason: Option<String>,
}

/// One person on the board.
#[function_component]
pub(super) fn MemberItem(props: &MemberItemProps) -> Html {
    let context = use_context::<BoardContext>().expect("inside the board");
    let record = props.record;
    let person = context.people.get(record.0 as usize - 1);
    let name = context.name(record);
    let details: Vec<&str> = person
        .map(|p| {
            [p.role.as_str(), p.company.as_str(), p.location.as_str()].into_iter().filter(|s| !s.is_empty()).collect()
        })
        .unwrap_or_default();
    let on_drag_start = Callback::from(move |event: DragEvent| {
        if let Some(transfer) = event.data_transfer() {
            let _ = transfer.set_data(MEMBER_TYPE, &record.to_string());
            let _ = transfer.set_data("text/plain", &record.to_string());
            transfer.set_effect_allowed("move");
        }
    });
    // Touch and pen have no drag and drop of their own: the grip follows the pointer, and where it
    // is let go says the circle (or the waitlist).
    let on_grip_down = Callback::from(|event: PointerEvent| {
        if event.pointer_type() != "mouse" {
            event.prevent_default();
            if let Some(grip) = event.target_dyn_into::<web_sys::Element>() {
                let _ = grip.set_pointer_capture(event.pointer_id());
            }
        }
    });
    let on_grip_up = {
        let on_move = context.on_move.clone();
        Callback::from(move |event: PointerEvent| {
            if event.pointer_type() == "mouse" {
                return;
            }
            let seat = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.element_from_point(event.client_x() as f32, event.client_y() as f32))
                .and_then(|e| e.closest("[data-group-id]").ok().flatten())
                .and_then(|e| e.get_attribute("data-group-id"));
            match seat.as_deref() {
                Some("waitlist") => on_move.emit((record, Seat::Waitlist)),
                Some(id) => {
                    if let Ok(id) = id.parse() {
                        on_move.emit((record, Seat::Circle(crate::model::GroupId(id))));
                    }
                }
                None => {}
            }
        })
    };
    let open_menu = context.open_menu.reform(move |_: MouseEvent| Some(record));
    let on_swap = context.on_swap.reform(move |_: MouseEvent| record);
    let on_pin = context.on_action.reform({
        let pinned = props.pinned;
        move |_: MouseEvent| Action::EditBoard(BoardEdit::Pin { record, pinned: !pinned })
    });
    let choosing = context.swap_from == Some(record);
    let swap_label = match context.swap_from {
        Some(first) if first == record => "Cancel swap".to_owned(),
        Some(first) => format!("Swap with {}", context.name(first)),
        None => "Swap…".to_owned(),
    };
    html! {
        <li data-testid="member" data-record={record.to_string()} draggable={(!props.locked).to_string()}
            ondragstart={on_drag_start} class={classes!(choosing.then_some("choosing"))}>
            <span class="member-name">
                if !props.locked {
                    <span class="grip" aria-hidden="true" title="Drag to another circle or to the waitlist"
                        onpointerdown={on_grip_down} onpointerup={on_grip_up}>{ "⋮⋮ " }</span>
                }
                { if name.is_empty() { "(no name)".to_owned() } else { name.clone() } }
                if props.pinned { <span class="pin-mark" title="pinned to this circle">{ " · pinned" }</span> }
            </span>
            <span class="member-details">{ details.join(" · ") }</span>
            if let Some(reason) = &props.reason {
                <span class="member-details reason">{ reason }</span>
            }
            if !props.locked {
                <span class="member-actions">
                    <button class="link" id={format!("move-{record}")} data-testid="member-move" onclick={open_menu}
                        aria-haspopup="dialog" aria-label={format!("Move {name}…")}>{ "Move…" }</button>
                    <button class="link" data-testid="member-swap" onclick={on_swap} aria-pressed={choosing.to_string()}>{ swap_label }</button>
                    if matches!(props.seat, Seat::Circle(_)) {
                        <button class="link" data-testid="member-pin" onclick={on_pin} aria-pressed={props.pinned.to_string()}
                            title="A pinned person stays in this circle when the rest is re-composed">
                            { if props.pinned { "Unpin" } else { "Pin" } }
                        </button>
                    }
                </span>
            }
        </li>
    }
}

/// Props of [`Waitlist`].
#[derive(Properties, PartialEq)]
pub(super) struct WaitlistProps {
    pub(super) waitlist: Vec<Waitlisted>,
}

/// The waitlist column: who waits and why; members dragged here wait.
#[function_component]
pub(super) fn Waitlist(props: &WaitlistProps) -> Html {
    let context = use_context::<BoardContext>().expect("inside the board");
    let on_drag_over = Callback::from(|event: DragEvent| {
        if carries_member(&event) {
            event.prevent_default();
        }
    });
    let on_drop = {
        let on_move = context.on_move.clone();
        Callback::from(move |event: DragEvent| {
            if let Some(record) = dropped_member(&event) {
                event.prevent_default();
                event.stop_propagation();
                on_move.emit((record, Seat::Waitlist));
            }
        })
    };
    html! {
        <section class="waitlist" data-testid="waitlist" data-group-id="waitlist" aria-labelledby="waitlist-title"
            ondragover={on_drag_over} ondrop={on_drop}>
            <h3 id="waitlist-title">{ format!("Waitlist ({})", props.waitlist.len()) }</h3>
            if props.waitlist.is_empty() {
                <p class="hint">{ "Nobody is waiting: everyone has a circle. Drag someone here to take them out." }</p>
            } else {
                <ul>
                    { for props.waitlist.iter().map(|waiting| html! {
                        <MemberItem key={waiting.record.0} record={waiting.record} seat={Seat::Waitlist} locked={false}
                            pinned={false} reason={Some(waiting.reason.clone())} />
                    }) }
                </ul>
            }
        </section>
    }
}
