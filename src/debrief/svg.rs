//! Line charts as inline SVG for the HTML debrief: values 0–100 over the turns, with axes, year
//! labels and a legend, in colours that stay apart for colour-blind readers and markers that
//! stay apart when printed in black and white.

use super::Chart;
use super::html::escape;
use crate::sim::GameDate;
use std::fmt::Write;

/// Okabe–Ito colours: distinguishable with every common kind of colour blindness.
const PALETTE: [&str; 7] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];
/// Size of the whole picture, in SVG units (it scales to the page).
const WIDTH: f64 = 720.0;
const PLOT_HEIGHT: f64 = 240.0;
/// Room for the title above, the value labels on the left and the year labels below.
const TOP: f64 = 30.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 16.0;
const BELOW_PLOT: f64 = 30.0;
/// Height of one row of the legend.
const LEGEND_ROW: f64 = 20.0;
/// Rough width of a character of the 12-unit legend font, to lay the legend out in rows.
const CHAR_WIDTH: f64 = 6.6;
/// Most markers drawn on one line; beyond it, every k-th point gets one.
const MAX_MARKERS: usize = 24;

/// A chart as an `<svg>` element, ready to be placed in an HTML page.
pub fn line_chart(chart: &Chart) -> String {
    let plot_width = WIDTH - LEFT - RIGHT;
    let legend = legend_layout(chart, plot_width);
    let legend_rows = legend.last().map_or(0.0, |(_, _, row)| *row as f64 + 1.0);
    let height = TOP + PLOT_HEIGHT + BELOW_PLOT + legend_rows * LEGEND_ROW + 6.0;
    let months: Vec<i32> = chart.dates.iter().map(|d| d.month_index()).collect();
    let (first, last) = match (months.first(), months.last()) {
        (Some(a), Some(b)) if b > a => (*a, *b),
        (Some(a), _) => (*a - 6, *a + 6),
        _ => (0, 1),
    };
    let x = |month: i32| LEFT + plot_width * f64::from(month - first) / f64::from(last - first);
    let y = |value: f64| TOP + PLOT_HEIGHT * (1.0 - value.clamp(0.0, 100.0) / 100.0);

    let mut out = String::new();
    let title = escape(&chart.title);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height:.0}" role="img" aria-label="{title}"><title>{title}</title>"#
    );
    let _ = write!(out, r#"<text x="{LEFT}" y="18" class="chart-title">{title}</text>"#);
    // Value axis: gridlines every 25 points.
    for v in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let yy = y(v);
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#ccc" stroke-width="{}"/><text x="{:.1}" y="{:.1}" text-anchor="end" class="axis">{v:.0}</text>"##,
            LEFT + plot_width,
            if v == 0.0 { 1.2 } else { 0.6 },
            LEFT - 6.0,
            yy + 4.0
        );
    }
    // Time axis: a tick at each labelled year.
    let bottom = TOP + PLOT_HEIGHT;
    let _ = write!(out, r##"<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="#999" stroke-width="1"/>"##);
    for year in year_ticks(GameDate::from_month_index(first), GameDate::from_month_index(last)) {
        let xx = x(GameDate::ym(year, 1).month_index());
        let _ = write!(
            out,
            r##"<line x1="{xx:.1}" y1="{bottom}" x2="{xx:.1}" y2="{:.1}" stroke="#999" stroke-width="1"/><text x="{xx:.1}" y="{:.1}" text-anchor="middle" class="axis">{year}</text>"##,
            bottom + 5.0,
            bottom + 18.0
        );
    }
    for (k, series) in chart.series.iter().enumerate() {
        let color = PALETTE[usize::from(series.color) % PALETTE.len()];
        let dash = if series.dashed { r#" stroke-dasharray="7 4""# } else { "" };
        let points: Vec<(f64, f64)> =
            series.values.iter().zip(&months).filter(|(v, _)| v.is_finite()).map(|(v, m)| (x(*m), y(*v))).collect();
        let _ = write!(out, r#"<g><title>{}</title>"#, escape(&series.name));
        if points.len() > 1 {
            let path: Vec<String> = points.iter().map(|(px, py)| format!("{px:.1},{py:.1}")).collect();
            let _ = write!(
                out,
                r#"<polyline fill="none" stroke="{color}" stroke-width="2"{dash} stroke-linejoin="round" points="{}"/>"#,
                path.join(" ")
            );
        }
        let every = points.len().div_ceil(MAX_MARKERS).max(1);
        for (px, py) in points.iter().step_by(every) {
            out.push_str(&marker(k, *px, *py, color));
        }
        out.push_str("</g>");
    }
    // The legend, below the time axis.
    let legend_top = bottom + BELOW_PLOT;
    for (k, offset, row) in legend {
        let series = &chart.series[k];
        let color = PALETTE[usize::from(series.color) % PALETTE.len()];
        let dash = if series.dashed { r#" stroke-dasharray="7 4""# } else { "" };
        let lx = LEFT + offset;
        let ly = legend_top + row as f64 * LEGEND_ROW + 8.0;
        let _ = write!(
            out,
            r#"<line x1="{lx:.1}" y1="{ly:.1}" x2="{:.1}" y2="{ly:.1}" stroke="{color}" stroke-width="2"{dash}/>"#,
            lx + 24.0
        );
        out.push_str(&marker(k, lx + 12.0, ly, color));
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" class="legend">{}</text>"#,
            lx + 30.0,
            ly + 4.0,
            escape(&series.name)
        );
    }
    out.push_str("</svg>");
    out
}

/// Where each legend entry goes: (series index, x offset, row).
fn legend_layout(chart: &Chart, width: f64) -> Vec<(usize, f64, usize)> {
    let mut out = Vec::new();
    let (mut offset, mut row) = (0.0, 0);
    for (k, series) in chart.series.iter().enumerate() {
        let w = 30.0 + series.name.chars().count() as f64 * CHAR_WIDTH + 18.0;
        if offset > 0.0 && offset + w > width {
            offset = 0.0;
            row += 1;
        }
        out.push((k, offset, row));
        offset += w;
    }
    out
}

/// Years to label: at most about eight, on round numbers.
fn year_ticks(from: GameDate, to: GameDate) -> Vec<i32> {
    let span = (to.year - from.year).max(1);
    let step = [1, 2, 5, 10, 20, 25, 50, 100].into_iter().find(|s| span / s <= 8).unwrap_or(100);
    let first = if from.month == 1 { from.year } else { from.year + 1 };
    let first = first + (step - first.rem_euclid(step)) % step;
    (first..=to.year).step_by(step as usize).filter(|y| GameDate::ym(*y, 1) <= to).collect()
}

/// A small shape that tells the lines of a chart apart without colour (by their position in
/// it): circle, square, triangle, diamond, cross.
fn marker(index: usize, x: f64, y: f64, color: &str) -> String {
    match index % 5 {
        0 => format!(r#"<circle cx="{x:.1}" cy="{y:.1}" r="3" fill="{color}"/>"#),
        1 => format!(r#"<rect x="{:.1}" y="{:.1}" width="6" height="6" fill="{color}"/>"#, x - 3.0, y - 3.0),
        2 => format!(
            r#"<polygon points="{x:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="{color}"/>"#,
            y - 4.0,
            x - 3.5,
            y + 3.0,
            x + 3.5,
            y + 3.0
        ),
        3 => format!(
            r#"<polygon points="{x:.1},{:.1} {:.1},{y:.1} {x:.1},{:.1} {:.1},{y:.1}" fill="{color}"/>"#,
            y - 4.0,
            x + 4.0,
            y + 4.0,
            x - 4.0
        ),
        _ => format!(
            r#"<path d="M{:.1},{:.1}L{:.1},{:.1}M{:.1},{:.1}L{:.1},{:.1}" stroke="{color}" stroke-width="1.8"/>"#,
            x - 3.0,
            y - 3.0,
            x + 3.0,
            y + 3.0,
            x - 3.0,
            y + 3.0,
            x + 3.0,
            y - 3.0
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_labels_are_few_and_round() {
        assert_eq!(year_ticks(GameDate::ym(1949, 4), GameDate::ym(1955, 12)), vec![1950, 1951, 1952, 1953, 1954, 1955]);
        assert_eq!(
            year_ticks(GameDate::ym(1949, 4), GameDate::ym(2030, 1)),
            vec![1950, 1960, 1970, 1980, 1990, 2000, 2010, 2020, 2030]
        );
        assert_eq!(year_ticks(GameDate::ym(2022, 1), GameDate::ym(2024, 12)), vec![2022, 2023, 2024]);
    }
}
