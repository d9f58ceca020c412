//! A circle's name and meeting details: the first meeting (ISO 8601 with an offset or zone), how
//! long, how often, where (an address or a video link), and which member hosts. These feed the
//! intro emails and the calendar invitation.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::BoardContext;
use crate::board::{BoardCircle, BoardEdit, CircleDetails};
use crate::model::RecordId;
use crate::send::MeetingTime;
use crate::web::zones::BrowserZones;
use crate::workflow::Action;

/// Props of [`CircleDetailsForm`].
#[derive(Properties, PartialEq)]
pub(super) struct CircleDetailsFormProps {
    pub(super) circle: BoardCircle,
}

/// The circle's details form.
#[function_component]
pub(super) fn CircleDetailsForm(props: &CircleDetailsFormProps) -> Html {
    let context = use_context::<BoardContext>().expect("inside the board");
    let circle = &props.circle;
    let id = circle.id;
    let details = circle.details.clone();
    let set = |change: fn(&mut CircleDetails, String)| {
        let (on_action, details) = (context.on_action.clone(), details.clone());
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            let mut next = details.clone();
            change(&mut next, value.trim().to_owned());
            on_action.emit(Action::EditBoard(BoardEdit::SetDetails { circle: id, details: next }));
        })
    };
    let on_name = context.on_action.reform(move |event: Event| {
        let name = event.target_unchecked_into::<HtmlInputElement>().value();
        Action::EditBoard(BoardEdit::Rename { circle: id, name })
    });
    let on_host = {
        let (on_action, details) = (context.on_action.clone(), details.clone());
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            let host = value.parse().ok().map(RecordId);
            on_action.emit(Action::EditBoard(BoardEdit::SetDetails {
                circle: id,
                details: CircleDetails { host, ..details.clone() },
            }));
        })
    };
    // Read as the drafts and the calendar will read it, with the browser's time zone rules.
    let when_problem =
        (!details.starts.is_empty()).then(|| MeetingTime::parse(&details.starts, &BrowserZones).err()).flatten();
    let when_ok = when_problem.is_none();
    html! {
        <details class="circle-details" open=true>
            <summary>{ "Name and meetings" }</summary>
            <form data-testid="group-details" onsubmit={Callback::from(|event: SubmitEvent| event.prevent_default())}>
                <label>{ "Name" }
                    <input value={circle.name.clone()} onchange={on_name} data-testid="circle-name" /></label>
                <label>{ "First meeting" }
                    <input value={details.starts.clone()} placeholder="2027-01-12T18:30 America/Los_Angeles" data-testid="circle-when"
                        aria-invalid={(!when_ok).to_string()} onchange={set(|d, v| d.starts = v)} /></label>
                if let Some(problem) = when_problem {
                    <span class="error" data-testid="circle-when-error">{ format!("Not read: {problem}.") }</span>
                }
                <label>{ "Minutes" }
                    <input type="number" min="0" class="narrow" value={details.minutes.map_or(String::new(), |m| m.to_string())}
                        data-testid="circle-minutes" onchange={set(|d, v| d.minutes = v.parse().ok())} /></label>
                <label>{ "Repeats" }
                    <input value={details.repeat.clone()} placeholder="FREQ=WEEKLY;COUNT=6" data-testid="circle-repeat"
                        onchange={set(|d, v| d.repeat = v)} /></label>
                <label>{ "Where (address or video link)" }
                    <input value={details.place.clone()} data-testid="circle-where" onchange={set(|d, v| d.place = v)} /></label>
                <label>{ "Host" }
                    <select data-testid="circle-host" onchange={on_host}>
                        <option value="" selected={details.host.is_none()}>{ "(nobody yet)" }</option>
                        { for circle.members.iter().map(|&member| html! {
                            <option value={member.to_string()} selected={details.host == Some(member)}>{ context.name(member) }</option>
                        }) }
                    </select>
                </label>
            </form>
        </details>
    }
}
