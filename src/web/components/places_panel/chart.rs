//! The bar chart of applicants per metro: the largest metros, the rest summed, and the unresolved.

use yew::prelude::*;

/// Metros shown as bars; the rest are summed in one bar.
const CHART_BARS: usize = 10;

/// Props of [`MetroChart`].
#[derive(Properties, PartialEq)]
pub(super) struct MetroChartProps {
    /// Applicants per metro, largest first.
    pub(super) metros: Vec<(String, usize)>,
    /// Applicants whose location is unresolved.
    pub(super) unresolved: usize,
}

/// Applicants per metro as an SVG bar chart.
#[function_component]
pub(super) fn MetroChart(props: &MetroChartProps) -> Html {
    let metros = &props.metros;
    let mut bars: Vec<(String, usize)> = metros.iter().take(CHART_BARS).cloned().collect();
    let rest: usize = metros.iter().skip(CHART_BARS).map(|(_, n)| n).sum();
    if rest > 0 {
        bars.push((format!("{} other metros", metros.len() - CHART_BARS), rest));
    }
    if props.unresolved > 0 {
        bars.push(("Unresolved".to_owned(), props.unresolved));
    }
    let most = bars.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let (row_height, label_width, bar_width) = (22, 210, 360);
    let height = bars.len() * row_height + 4;
    let width = label_width + bar_width + 50;
    html! {
        <svg class="metro-chart" data-testid="places-chart" role="img" width={width.to_string()} height={height.to_string()}
            viewBox={format!("0 0 {width} {height}")}>
            <title>{ "Applicants per metro" }</title>
            { for bars.iter().enumerate().map(|(index, (metro, count))| {
                let y = index * row_height + 2;
                let bar = (count * bar_width).div_ceil(most);
                html! {
                    <g class={classes!((metro == "Unresolved").then_some("unresolved"))}>
                        <text x={(label_width - 8).to_string()} y={(y + 15).to_string()} text-anchor="end">{ metro }</text>
                        <rect x={label_width.to_string()} y={(y + 3).to_string()} width={bar.to_string()} height={(row_height - 6).to_string()} rx="3" />
                        <text x={(label_width + bar + 6).to_string()} y={(y + 15).to_string()}>{ count }</text>
                    </g>
                }
            }) }
        </svg>
    }
}
