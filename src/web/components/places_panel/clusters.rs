//! Spellings that look alike, to accept as one place at once; a spelling unticked is left out.

use std::collections::BTreeSet;

use yew::prelude::*;

use crate::workflow::Action;

/// Clusters shown until the organizer asks for all: a file of thousands of distinct answers has
/// hundreds, more than anyone reads at once, and each is a row of inputs to draw.
const CLUSTERS_SHOWN: usize = 25;

/// Props of [`Clusters`].
#[derive(Properties, PartialEq)]
pub(super) struct ClustersProps {
    /// Clusters worth a look: one of their spellings is unresolved or not certain.
    pub(super) clusters: Vec<Vec<String>>,
    pub(super) on_action: Callback<Action>,
}

/// The clusters of look-alike spellings.
#[function_component]
pub(super) fn Clusters(props: &ClustersProps) -> Html {
    // Spellings the organizer unticked in a cluster: "not the same place as the others".
    let left_out = use_state(BTreeSet::<String>::new);
    let show_all = use_state(|| false);
    if props.clusters.is_empty() {
        return html! {};
    }
    let toggle = |spelling: &String| {
        let (left_out, spelling) = (left_out.clone(), spelling.clone());
        Callback::from(move |_: Event| {
            let mut next = (*left_out).clone();
            if !next.remove(&spelling) {
                next.insert(spelling.clone());
            }
            left_out.set(next);
        })
    };
    html! {
        <div class="clusters">
            <h3>{ "Spellings that look alike" }</h3>
            <p class="hint">{ "Untick a spelling that is not the same place, then accept the rest." }</p>
            <ul>
                { for props.clusters.iter().take(if *show_all { usize::MAX } else { CLUSTERS_SHOWN }).map(|cluster| {
                    let chosen: Vec<String> = cluster.iter().filter(|s| !left_out.contains(*s)).cloned().collect();
                    let ready = chosen.len() >= 2;
                    let accept = props.on_action.reform(move |_: MouseEvent| Action::AcceptCluster(chosen.clone()));
                    html! {
                        <li data-testid="cluster">
                            { for cluster.iter().map(|spelling| html! {
                                <label class="cluster-spelling">
                                    <input type="checkbox" checked={!left_out.contains(spelling)} onchange={toggle(spelling)} />
                                    { spelling }
                                </label>
                            }) }
                            <button class="small" onclick={accept} disabled={!ready} data-testid="accept-cluster">{ "Same place" }</button>
                        </li>
                    }
                }) }
            </ul>
            if !*show_all && props.clusters.len() > CLUSTERS_SHOWN {
                <button class="link" onclick={move |_: MouseEvent| show_all.set(true)}>
                    { format!("Show {} more groups of look-alike spellings", props.clusters.len() - CLUSTERS_SHOWN) }
                </button>
            }
        </div>
    }
}
