//! Step 4: the circles as cards with a check per rule, the waitlist with reasons, the roster download.

use yew::prelude::*;

use crate::compose::Mode;
use crate::import::applicants;
use crate::model::Applicant;
use crate::workflow::Workflow;

/// Props of [`CircleBoard`].
#[derive(Properties, PartialEq)]
pub(crate) struct CircleBoardProps {
    pub(crate) workflow: UseReducerHandle<Workflow>,
    pub(crate) on_download: Callback<()>,
}

fn member_line(applicant: &Applicant) -> Html {
    let details: Vec<&str> = [applicant.role.as_str(), applicant.company.as_str(), applicant.location.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    html! {
        <li data-testid="member" data-record={applicant.record.to_string()}>
            <span class="member-name">{ if applicant.name.is_empty() { "(no name)" } else { &applicant.name } }</span>
            <span class="member-details">{ details.join(" · ") }</span>
        </li>
    }
}

/// Circles drawn at first, and added per click: thousands of cards at once would block the page
/// for longer than a frame budget allows.
const CIRCLES_PER_PAGE: usize = 60;

/// The result board.
#[function_component]
pub(crate) fn CircleBoard(props: &CircleBoardProps) -> Html {
    let shown = use_state(|| CIRCLES_PER_PAGE);
    let workflow = &props.workflow;
    let (Some(source), Some(composition)) = (workflow.source.as_ref(), workflow.composition()) else {
        return html! {};
    };
    let people = applicants(&source.import);
    let person = |record: crate::model::RecordId| people.get(record.0 as usize - 1);
    let on_download = props.on_download.reform(|_: MouseEvent| ());
    let placed: usize = composition.groups.iter().map(|g| g.members.len()).sum();

    html! {
        <section class="step" aria-labelledby="step-circles">
            <h2 id="step-circles"><span class="step-number">{ "5" }</span>{ "Circles" }</h2>
            <div class="board-actions">
                <p>{ format!("{placed} people in {} circles, {} on the waitlist.", composition.groups.len(), composition.waitlist.len()) }</p>
                <button class="primary" data-testid="download-rosters" onclick={on_download}>{ "Download roster (CSV)" }</button>
            </div>
            <div class="board">
                { for composition.groups.iter().take(*shown).map(|circle| {
                    let checks = composition.checks.iter().filter(|c| c.group == circle.id);
                    let mode = match (&circle.mode, &circle.place, &circle.band) {
                        (Mode::InPerson, Some(place), _) => format!("in person · {place}"),
                        (_, _, Some(band)) => format!("video · {band}"),
                        _ => "video".to_owned(),
                    };
                    html! {
                        <article class="circle" data-testid="group" data-group-id={circle.id.to_string()}>
                            <header>
                                <h3>{ format!("Circle {}", circle.id) }</h3>
                                <span class="circle-meta">{ format!("{} people · {mode}", circle.members.len()) }</span>
                            </header>
                            <ul class="checks">
                                { for checks.map(|check| {
                                    // A preferred rule missed is a compromise, not an error.
                                    let (class, mark, label) = match (check.ok, check.hard) {
                                        (true, _) => ("ok", "✓", "met"),
                                        (false, true) => ("not-ok hard", "✗", "not met"),
                                        (false, false) => ("not-ok soft", "~", "partly met (preferred rule)"),
                                    };
                                    html! {
                                        <li class={class} data-rule={check.rule.to_string()}>
                                            <span class="check-mark" aria-label={label}>{ mark }</span>
                                            { format!("{}: {}", check.rule, check.detail) }
                                        </li>
                                    }
                                }) }
                            </ul>
                            <ul class="members">
                                { for circle.members.iter().filter_map(|&record| person(record)).map(member_line) }
                            </ul>
                        </article>
                    }
                }) }
            </div>
            if composition.groups.len() > *shown {
                <button class="small" data-testid="show-more-circles"
                    onclick={let shown = shown.clone(); move |_: MouseEvent| shown.set(*shown + CIRCLES_PER_PAGE * 4)}>
                    { format!("Show more circles ({} of {} shown)", *shown, composition.groups.len()) }
                </button>
            }
            <section class="waitlist" data-testid="waitlist" aria-labelledby="waitlist-title">
                <h3 id="waitlist-title">{ format!("Waitlist ({})", composition.waitlist.len()) }</h3>
                if composition.waitlist.is_empty() {
                    <p class="hint">{ "Nobody is waiting: everyone has a circle." }</p>
                } else {
                    <ul>
                        { for composition.waitlist.iter().map(|waiting| {
                            let name = person(waiting.record).map_or(String::new(), |a| a.name.clone());
                            html! {
                                <li data-testid="waitlisted" data-record={waiting.record.to_string()}>
                                    <span class="member-name">{ name }</span>
                                    <span class="member-details">{ &waiting.reason }</span>
                                </li>
                            }
                        }) }
                    </ul>
                }
            </section>
        </section>
    }
}
