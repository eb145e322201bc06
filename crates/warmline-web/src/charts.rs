//! Charts as geometry: the server works out every rectangle and point, and a template
//! writes them as inline SVG. No script draws anything, the page works without
//! JavaScript, and colours come from the stylesheet through class names (a strict
//! Content-Security-Policy forbids inline styles).

use chrono::{Datelike, NaiveDate};
use warmline_core::streak::Heatmap;

/// A label at a position along an axis.
pub struct Tick {
    pub at: f64,
    pub label: String,
}

/// One bar, with the text a pointer or screen reader gets for it.
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub class: &'static str,
    pub title: String,
}

pub struct BarChart {
    pub width: f64,
    pub height: f64,
    /// The bottom of the plotting area.
    pub base: f64,
    pub left: f64,
    pub bars: Vec<Bar>,
    pub y_ticks: Vec<Tick>,
    pub x_ticks: Vec<Tick>,
}

/// Room for the axis labels.
const LEFT: f64 = 36.0;
const BOTTOM: f64 = 22.0;
const TOP: f64 = 8.0;

/// A round step for axis labels so that about four of them cover `max`.
fn step(max: f64) -> f64 {
    if max <= 4.0 {
        return 1.0;
    }
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude)
}

fn y_ticks(top: f64, base: f64, max: f64) -> (f64, Vec<Tick>) {
    let s = step(max);
    let ceiling = (max / s).ceil().max(1.0) * s;
    let ticks = (0..=((ceiling / s).round() as usize))
        .map(|i| {
            let v = i as f64 * s;
            Tick {
                at: base - (base - top) * v / ceiling,
                label: format_number(v),
            }
        })
        .collect();
    (ceiling, ticks)
}

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Bars for `values` (label, value, class), left to right; `every` labels every n-th bar.
pub fn bars(
    values: &[(String, u32, &'static str)],
    width: f64,
    height: f64,
    every: usize,
) -> BarChart {
    let base = height - BOTTOM;
    let max = values.iter().map(|v| v.1).max().unwrap_or(0) as f64;
    let (ceiling, y_ticks) = y_ticks(TOP, base, max);
    let slot = (width - LEFT) / values.len().max(1) as f64;
    let gap = (slot * 0.2).min(6.0);
    let bars = values
        .iter()
        .enumerate()
        .map(|(i, (label, v, class))| {
            let h = (base - TOP) * f64::from(*v) / ceiling;
            Bar {
                x: round(LEFT + i as f64 * slot + gap / 2.0),
                y: round(base - h),
                w: round(slot - gap),
                h: round(h),
                class,
                title: format!("{label}: {v}"),
            }
        })
        .collect();
    let x_ticks = values
        .iter()
        .enumerate()
        .filter(|(i, _)| every > 0 && i % every == 0)
        .map(|(i, (label, _, _))| Tick {
            at: round(LEFT + (i as f64 + 0.5) * slot),
            label: label.clone(),
        })
        .collect();
    BarChart {
        width,
        height,
        base,
        left: LEFT,
        bars,
        y_ticks,
        x_ticks,
    }
}

pub struct LineChart {
    pub width: f64,
    pub height: f64,
    pub base: f64,
    pub left: f64,
    /// `x,y x,y …` for a polyline.
    pub points: String,
    /// The same line closed along the base, for the shaded area under it.
    pub area: String,
    pub y_ticks: Vec<Tick>,
    pub x_ticks: Vec<Tick>,
    pub last: String,
}

/// A line through `values` (label, value), evenly spaced; `every` labels every n-th point.
pub fn line(values: &[(String, u32)], width: f64, height: f64, every: usize) -> LineChart {
    let base = height - BOTTOM;
    let max = values.iter().map(|v| v.1).max().unwrap_or(0) as f64;
    let (ceiling, y_ticks) = y_ticks(TOP, base, max);
    let span = (values.len().max(2) - 1) as f64;
    let right = width - 8.0;
    let at = |i: usize| round(LEFT + (right - LEFT) * i as f64 / span);
    let pts: Vec<(f64, f64)> = values
        .iter()
        .enumerate()
        .map(|(i, (_, v))| (at(i), round(base - (base - TOP) * f64::from(*v) / ceiling)))
        .collect();
    let points = pts
        .iter()
        .map(|(x, y)| format!("{x},{y}"))
        .collect::<Vec<_>>()
        .join(" ");
    let area = match (pts.first(), pts.last()) {
        (Some((x0, _)), Some((xn, _))) => format!("{x0},{base} {points} {xn},{base}"),
        _ => String::new(),
    };
    let x_ticks = values
        .iter()
        .enumerate()
        .filter(|(i, _)| every > 0 && i % every == 0)
        .map(|(i, (label, _))| Tick {
            at: at(i),
            label: label.clone(),
        })
        .collect();
    LineChart {
        width,
        height,
        base,
        left: LEFT,
        points,
        area,
        y_ticks,
        x_ticks,
        last: values.last().map(|v| v.1.to_string()).unwrap_or_default(),
    }
}

/// A horizontal bar: a label on the left, the bar, and its value with a note.
pub struct HBar {
    pub y: f64,
    pub w: f64,
    pub label: String,
    pub value: u32,
    pub note: String,
}

pub struct HBarChart {
    pub width: f64,
    pub height: f64,
    /// Where bars start, after the labels.
    pub x: f64,
    pub bar: f64,
    pub rows: Vec<HBar>,
}

/// Horizontal bars for `(label, value, note)`, longest for the largest value: a funnel.
pub fn hbars(values: &[(String, u32, String)], width: f64) -> HBarChart {
    let (x, row, bar) = (130.0, 30.0, 20.0);
    let room = width - x - 170.0;
    let max = f64::from(values.iter().map(|v| v.1).max().unwrap_or(0).max(1));
    HBarChart {
        width,
        height: row * values.len() as f64,
        x,
        bar,
        rows: values
            .iter()
            .enumerate()
            .map(|(i, (label, v, note))| HBar {
                y: i as f64 * row + (row - bar) / 2.0,
                w: round((room * f64::from(*v) / max).max(if *v > 0 { 2.0 } else { 0.0 })),
                label: label.clone(),
                value: *v,
                note: note.clone(),
            })
            .collect(),
    }
}

pub struct Cell {
    pub x: f64,
    pub y: f64,
    pub level: u8,
    pub title: String,
}

pub struct HeatChart {
    pub width: f64,
    pub height: f64,
    pub size: f64,
    pub cells: Vec<Cell>,
    pub months: Vec<Tick>,
    pub days: Vec<Tick>,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The year heatmap: a column per week, a row per weekday (Monday at the top), with the
/// first of each month labelled.
pub fn heat(h: &Heatmap) -> HeatChart {
    let size = 11.0;
    let pitch = 13.0;
    let left = 28.0;
    let top = 16.0;
    let mut cells = Vec::new();
    let mut months = Vec::new();
    let mut next_free = 0.0;
    for (w, week) in h.weeks.iter().enumerate() {
        let x = left + w as f64 * pitch;
        for (d, count) in week.iter().enumerate() {
            let (Some(count), Some(day)) = (count, h.date_of(w, d)) else {
                continue;
            };
            cells.push(Cell {
                x,
                y: top + d as f64 * pitch,
                level: h.level(*count),
                title: format!(
                    "{}: {count} touch{}",
                    day.format("%a %-d %b %Y"),
                    if *count == 1 { "" } else { "es" }
                ),
            });
        }
        // Label a month at the week holding its first day, if there is room.
        if let Some(first) = (0..7)
            .filter_map(|d| h.date_of(w, d))
            .find(|d| d.day() == 1)
            && x >= next_free
        {
            months.push(Tick {
                at: x,
                label: MONTHS[first.month0() as usize].to_string(),
            });
            next_free = x + 3.0 * pitch;
        }
    }
    let days = [(0, "Mon"), (2, "Wed"), (4, "Fri")]
        .iter()
        .map(|(d, label)| Tick {
            at: top + *d as f64 * pitch + size - 1.0,
            label: label.to_string(),
        })
        .collect();
    HeatChart {
        width: left + h.weeks.len() as f64 * pitch,
        height: top + 7.0 * pitch,
        size,
        cells,
        months,
        days,
    }
}

/// A week's label: "3 Nov".
pub fn week_label(start: NaiveDate) -> String {
    start.format("%-d %b").to_string()
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round() {
        assert_eq!(step(3.0), 1.0);
        assert_eq!(step(10.0), 2.5);
        assert_eq!(step(37.0), 10.0);
        assert_eq!(step(1000.0), 250.0);
    }

    #[test]
    fn bars_fit_the_chart() {
        let values: Vec<(String, u32, &str)> =
            (0..10).map(|i| (format!("w{i}"), i * 3, "bar")).collect();
        let c = bars(&values, 400.0, 150.0, 2);
        assert_eq!(c.bars.len(), 10);
        assert_eq!(c.x_ticks.len(), 5);
        for b in &c.bars {
            assert!(b.x >= LEFT && b.x + b.w <= 400.0 + 0.1, "{}", b.x);
            assert!(b.y >= TOP - 0.1 && b.y + b.h <= c.base + 0.1);
        }
        assert_eq!(c.bars[0].h, 0.0);
        assert!(c.bars[9].title.contains("27"));
    }

    #[test]
    fn an_empty_series_draws_nothing_and_does_not_divide_by_zero() {
        let c = bars(&[], 400.0, 150.0, 1);
        assert!(c.bars.is_empty());
        let l = line(&[], 400.0, 150.0, 1);
        assert!(l.points.is_empty() && l.area.is_empty());
        let l = line(&[("a".into(), 0)], 400.0, 150.0, 1);
        assert!(!l.points.contains("NaN"), "{}", l.points);
    }

    #[test]
    fn the_heatmap_has_a_cell_per_day_so_far() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let h = warmline_core::streak::heatmap([(today, 3)], today);
        let c = heat(&h);
        assert_eq!(c.cells.len(), (h.end - h.start).num_days() as usize + 1);
        assert!(
            c.cells
                .iter()
                .any(|cell| cell.level == 4 && cell.title.contains("3 touches"))
        );
        assert!(c.months.len() >= 11);
    }
}

pub mod svg;
