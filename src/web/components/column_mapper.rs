//! Step 2: how the file was read (encoding, delimiter, header row, each changeable) and what each
//! column holds, with a role picker above sample values.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::import::{DELIMITERS, TextEncoding};
use crate::model::{ColumnRole, RecordId};
use crate::web::by_address::WorkflowHandle;
use crate::workflow::Action;

/// Rows shown in the preview.
const PREVIEW_ROWS: usize = 6;
/// Rows offered as the header.
const HEADER_CHOICES: usize = 10;

/// Props of [`ColumnMapper`].
#[derive(Properties, PartialEq)]
pub(crate) struct ColumnMapperProps {
    pub(crate) workflow: WorkflowHandle,
    pub(crate) on_action: Callback<Action>,
    /// A record to show and highlight (chosen in the problem list).
    pub(crate) focus: Option<RecordId>,
}

fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b',' => "comma",
        b';' => "semicolon",
        b'\t' => "tab",
        b'|' => "pipe",
        _ => "other",
    }
}

fn selected_value(event: &Event) -> String {
    event.target_unchecked_into::<HtmlSelectElement>().value()
}

/// The mapping step.
#[function_component]
pub(crate) fn ColumnMapper(props: &ColumnMapperProps) -> Html {
    let Some(source) = props.workflow.source.as_ref() else { return html! {} };
    let import = &source.import;
    let on_action = &props.on_action;

    let on_encoding = on_action.reform(|event: Event| {
        let value = selected_value(&event);
        Action::SetEncoding(TextEncoding::for_label(&value))
    });
    let on_delimiter = on_action.reform(|event: Event| Action::SetDelimiter(selected_value(&event).parse::<u8>().ok()));
    let on_header = on_action.reform(|event: Event| Action::SetHeaderRow(selected_value(&event).parse().ok()));
    let detected = |chosen: bool, text: String| if chosen { text } else { format!("{text} (detected)") };
    let delimiter_now = import.dialect.delimiter.bytes().next().unwrap_or(b',');

    let dialect = html! {
        <>
        <div class="dialect">
            <label>
                { "Encoding" }
                <select onchange={on_encoding} data-testid="encoding">
                    <option value="" selected={source.options.encoding.is_none()}>
                        { detected(false, import.dialect.encoding.name().to_owned()) }
                    </option>
                    // The detected encoding is offered too when it is not among the usual ones.
                    { for offered_encodings(import.dialect.encoding).into_iter().map(|e| html! {
                        <option value={e.name()} selected={source.options.encoding == Some(e)}>{ e.name() }</option>
                    }) }
                </select>
            </label>
            <label>
                { "Delimiter" }
                <select onchange={on_delimiter} data-testid="delimiter">
                    <option value="" selected={source.options.delimiter.is_none()}>
                        { detected(false, delimiter_name(delimiter_now).to_owned()) }
                    </option>
                    { for DELIMITERS.iter().map(|&d| html! {
                        <option value={d.to_string()} selected={source.options.delimiter == Some(d)}>{ delimiter_name(d) }</option>
                    }) }
                </select>
            </label>
            <label>
                { "Header row" }
                <select onchange={on_header} data-testid="header-row">
                    <option value="" selected={source.options.header_row.is_none()}>
                        { detected(false, format!("row {}", import.dialect.header_row + 1)) }
                    </option>
                    { for (0..HEADER_CHOICES).map(|row| html! {
                        <option value={row.to_string()} selected={source.options.header_row == Some(row)}>{ format!("row {}", row + 1) }</option>
                    }) }
                </select>
            </label>
            if import.dialect.bom {
                <span class="hint">{ "The file starts with a byte-order mark (removed)." }</span>
            }
        </div>
        <super::QuoteNotice workflow={props.workflow.clone()} on_action={on_action.clone()} />
        </>
    };

    if import.records.is_empty() {
        return html! {
            <section class="step" aria-labelledby="step-columns">
                <h2 id="step-columns"><span class="step-number">{ "2" }</span>{ "Columns" }</h2>
                { dialect }
                <p class="empty">{ "No applicants to show. The problem below says why." }</p>
            </section>
        };
    }

    // Show the first rows, or the rows around a record chosen in the problem list.
    let start = props
        .focus
        .and_then(|focus| import.records.iter().position(|r| r.record == focus))
        .map_or(0, |index| index.saturating_sub(PREVIEW_ROWS / 2))
        .min(import.records.len().saturating_sub(PREVIEW_ROWS));
    let rows = &import.records[start..(start + PREVIEW_ROWS).min(import.records.len())];

    html! {
        <section class="step" aria-labelledby="step-columns">
            <h2 id="step-columns"><span class="step-number">{ "2" }</span>{ "Columns" }</h2>
            { dialect }
            <p class="hint">{ format!("Check what each column holds. Records {}–{} of {}.",
                start + 1, start + rows.len(), import.records.len()) }</p>
            <div class="table-scroll">
                <table class="preview" data-testid="preview">
                    <thead>
                        <tr>
                            <th class="record-number">{ "#" }</th>
                            { for import.columns.iter().map(|column| {
                                let index = column.index;
                                let on_role = on_action.reform(move |event: Event| {
                                    let value = selected_value(&event);
                                    let role = ColumnRole::ALL.into_iter().find(|r| r.label() == value).unwrap_or(ColumnRole::Ignore);
                                    Action::SetColumnRole { column: index, role }
                                });
                                let on_separator = on_action.reform(move |event: Event| {
                                    let value = event.target_unchecked_into::<HtmlInputElement>().value();
                                    Action::SetSeparator { column: index, separator: Some(value) }
                                });
                                html! {
                                    <th>
                                        <select class={classes!("role", (column.role == ColumnRole::Ignore).then_some("ignored"))}
                                            aria-label={format!("What \"{}\" holds", column.header)}
                                            data-testid="column-role" data-column={index.to_string()} onchange={on_role}>
                                            { for ColumnRole::ALL.iter().map(|role| html! {
                                                <option value={role.label()} selected={*role == column.role}>{ role.label() }</option>
                                            }) }
                                        </select>
                                        <span class="header-text">{ &column.header }</span>
                                        if let Some(separator) = &column.separator {
                                            <label class="separator">
                                                { "answers split on " }
                                                <input value={separator.clone()} size="3" onchange={on_separator}
                                                    aria-label={format!("Separator of \"{}\"", column.header)} />
                                            </label>
                                        }
                                    </th>
                                }
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for rows.iter().map(|record| html! {
                            <tr class={classes!((props.focus == Some(record.record)).then_some("focused"),
                                    source.merged.contains_key(&record.record).then_some("merged"))}
                                data-record={record.record.to_string()}>
                                <td class="record-number">{ record.record.0 }</td>
                                { for import.columns.iter().zip(&record.fields).map(|(column, field)| {
                                    if column.separator.is_some() {
                                        html! { <td>{ for column.answers(field).into_iter().map(|a| html! { <span class="answer">{ a }</span> }) }</td> }
                                    } else {
                                        html! { <td title={field.clone()}>{ field }</td> }
                                    }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The encodings the menu lists: the usual ones, and the one in use when it is not among them.
fn offered_encodings(in_use: TextEncoding) -> Vec<TextEncoding> {
    let mut offered = TextEncoding::OFFERED.to_vec();
    if !offered.contains(&in_use) {
        offered.push(in_use);
    }
    offered
}
