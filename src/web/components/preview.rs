//! The first rows of the import, with the suggested role above each column.

use yew::prelude::*;

use crate::model::ColumnRole;
use crate::workflow::Workflow;

/// Rows shown in the preview.
const PREVIEW_ROWS: usize = 6;

/// Props of [`Preview`].
#[derive(Properties, PartialEq)]
pub(crate) struct PreviewProps {
    pub(crate) workflow: UseReducerHandle<Workflow>,
}

/// The preview table.
#[function_component]
pub(crate) fn Preview(props: &PreviewProps) -> Html {
    let Some(source) = props.workflow.source.as_ref() else { return html! {} };
    let import = &source.import;
    if import.records.is_empty() {
        return html! {
            <section class="step empty">
                <p>{ "No applicants were found in this file. The problems above say why." }</p>
            </section>
        };
    }
    html! {
        <section class="step" aria-labelledby="step-preview">
            <h2 id="step-preview"><span class="step-number">{ "2" }</span>{ "What the file holds" }</h2>
            <p class="hint">{ format!("The first {} of {} records, with what each column looks like.",
                PREVIEW_ROWS.min(import.records.len()), import.records.len()) }</p>
            <div class="table-scroll">
                <table class="preview" data-testid="preview">
                    <thead>
                        <tr>
                            <th class="record-number">{ "#" }</th>
                            { for import.columns.iter().map(|column| html! {
                                <th>
                                    <span class={classes!("role", (column.role == ColumnRole::Ignore).then_some("ignored"))}>
                                        { column.role.label() }
                                    </span>
                                    <span class="header-text">{ &column.header }</span>
                                </th>
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for import.records.iter().take(PREVIEW_ROWS).map(|record| html! {
                            <tr>
                                <td class="record-number">{ record.record.0 }</td>
                                { for record.fields.iter().map(|field| html! { <td>{ field }</td> }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
