//! The report's charts as inline SVG, drawn with `plotters` (its SVG backend writes plain
//! `<svg>` markup with system-font text, so the page needs no script, font or image file).

use super::{Cited, DaysStats, MonthTally, Tally};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

const UPHELD: RGBColor = RGBColor(0x3b, 0x6e, 0xa8);
const OVERTURNED: RGBColor = RGBColor(0xe0, 0x8a, 0x2c);
const BAR: RGBColor = RGBColor(0x5a, 0x8f, 0x5a);
const ZERO_MARK: RGBColor = RGBColor(0x33, 0x33, 0x33);
const WIDTH: u32 = 1000;
const FONT: &str = "sans-serif";
/// Room for a bar's name: the longest category name ("Other diagnostics (EMG/NCV, labs, X-ray)")
/// and its count fit whole at 12 px.
const LABEL_CHARS: usize = 56;
const LABEL_AREA: u32 = 380;
/// Below this a rate's label does not fit inside its bar and is written after it.
const LABEL_INSIDE_FROM: f64 = 12.0;

/// A chart that could not be drawn becomes a note instead of a broken page.
fn finish(svg: String, r: Result<(), String>) -> String {
    match r {
        Ok(()) => svg,
        Err(e) => format!(
            "<p class=\"note\">chart not drawn: {}</p>",
            super::html::escape(&e)
        ),
    }
}

/// Segments for `n` bars: `0..n` has one more slot than bars, so end one short when we can.
fn slots(n: usize) -> std::ops::Range<usize> {
    0..n.saturating_sub(1).max(1)
}

fn label_of(names: &[String], v: &SegmentValue<usize>) -> String {
    match v {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
            names.get(*i).cloned().unwrap_or_default()
        }
        SegmentValue::Last => String::new(),
    }
}

/// Horizontal bars of uphold rate, one per row, labelled with the name and item count.
pub fn uphold_rates(rows: &[Tally], caption: &str) -> String {
    // The first row (the most items) is drawn at the top: segment 0 is the bottom.
    let rows: Vec<&Tally> = rows
        .iter()
        .filter(|t| t.uphold_rate.is_some())
        .rev()
        .collect();
    let names: Vec<String> = rows
        .iter()
        .map(|t| format!("{} (n={})", shorten(&t.name, LABEL_CHARS), t.items))
        .collect();
    let height = 70 + 26 * rows.len().max(1) as u32;
    let mut svg = String::new();
    let r = (|| -> Result<(), Box<dyn std::error::Error + '_>> {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(caption, (FONT, 16))
            .margin(8)
            .margin_right(30)
            .x_label_area_size(30)
            .y_label_area_size(LABEL_AREA)
            .build_cartesian_2d(0f64..100f64, slots(rows.len()).into_segmented())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_desc("uphold rate (%)")
            .x_label_formatter(&|v| format!("{v:.0}"))
            .light_line_style(TRANSPARENT)
            .y_label_formatter(&|v| label_of(&names, v))
            .y_labels(rows.len().max(1))
            .label_style((FONT, 12))
            .draw()?;
        chart.draw_series(rows.iter().enumerate().map(|(i, t)| {
            let pct = t.uphold_rate.unwrap_or(0.0) * 100.0;
            // A 0% bar is a thin dark mark, so "none upheld" is seen, not mistaken for no data.
            let (end, colour) = if pct < 0.5 {
                (0.5, ZERO_MARK)
            } else {
                (pct, UPHELD)
            };
            let mut bar = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(i)),
                    (end, SegmentValue::Exact(i + 1)),
                ],
                colour.filled(),
            );
            bar.set_margin(3, 3, 0, 0);
            bar
        }))?;
        chart.draw_series(rows.iter().enumerate().map(|(i, t)| {
            let pct = t.uphold_rate.unwrap_or(0.0) * 100.0;
            let (x, colour) = if pct >= LABEL_INSIDE_FROM {
                (pct - 9.0, WHITE)
            } else {
                (pct.max(0.5) + 1.0, BLACK)
            };
            Text::new(
                format!("{pct:.1}%"),
                (x, SegmentValue::CenterOf(i)),
                (FONT, 11).into_font().color(&colour),
            )
        }))?;
        root.present()?;
        Ok(())
    })()
    .map_err(|e| e.to_string());
    finish(svg, r)
}

/// Stacked bars of items decided per month (upheld below, overturned above).
pub fn months(rows: &[MonthTally]) -> String {
    let names: Vec<String> = rows.iter().map(|m| m.month.clone()).collect();
    let top = rows
        .iter()
        .map(|m| m.upheld + m.overturned)
        .max()
        .unwrap_or(0)
        .max(1);
    let mut svg = String::new();
    let r = (|| -> Result<(), Box<dyn std::error::Error + '_>> {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 300)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption("Decisions by month", (FONT, 16))
            .margin(8)
            .x_label_area_size(40)
            .y_label_area_size(50)
            // A third of headroom above the tallest bar keeps the legend (upper right) off the bars.
            .build_cartesian_2d(slots(rows.len()).into_segmented(), 0u64..top + top / 3 + 1)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_label_formatter(&|v| label_of(&names, v))
            .x_labels(rows.len().max(1))
            .y_desc("items")
            .light_line_style(TRANSPARENT)
            .label_style((FONT, 12))
            .draw()?;
        chart
            .draw_series(rows.iter().enumerate().map(|(i, m)| {
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0),
                        (SegmentValue::Exact(i + 1), m.upheld),
                    ],
                    UPHELD.filled(),
                );
                bar.set_margin(0, 0, 6, 6);
                bar
            }))?
            .label("upheld")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], UPHELD.filled()));
        chart
            .draw_series(rows.iter().enumerate().map(|(i, m)| {
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), m.upheld),
                        (SegmentValue::Exact(i + 1), m.upheld + m.overturned),
                    ],
                    OVERTURNED.filled(),
                );
                bar.set_margin(0, 0, 6, 6);
                bar
            }))?
            .label("overturned")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], OVERTURNED.filled()));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK.mix(0.3))
            .label_font((FONT, 12))
            .draw()?;
        root.present()?;
        Ok(())
    })()
    .map_err(|e| e.to_string());
    finish(svg, r)
}

/// Histogram of days from application received to decision.
pub fn days(stats: &DaysStats) -> String {
    let last = stats.histogram.iter().map(|b| b.from).max().unwrap_or(0);
    let width = stats
        .histogram
        .iter()
        .find_map(|b| b.to.map(|t| t - b.from + 1))
        .unwrap_or(5);
    let top = stats
        .histogram
        .iter()
        .map(|b| b.letters)
        .max()
        .unwrap_or(0)
        .max(1);
    let lo = stats
        .histogram
        .iter()
        .map(|b| b.from)
        .min()
        .unwrap_or(0)
        .min(0);
    let mut svg = String::new();
    let r = (|| -> Result<(), Box<dyn std::error::Error + '_>> {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 300)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption("Days from application received to decision", (FONT, 16))
            .margin(8)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(lo..last + width, 0u64..top + top / 10 + 1)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc("days (last bar: that many or more)")
            .y_desc("letters")
            .light_line_style(TRANSPARENT)
            .label_style((FONT, 12))
            .draw()?;
        chart.draw_series(stats.histogram.iter().map(|b| {
            let mut bar = Rectangle::new([(b.from, 0), (b.from + width, b.letters)], BAR.filled());
            bar.set_margin(0, 0, 1, 1);
            bar
        }))?;
        root.present()?;
        Ok(())
    })()
    .map_err(|e| e.to_string());
    finish(svg, r)
}

/// Horizontal bars of how many items cite each of the first `top` entries.
pub fn cited(rows: &[Cited], top: usize, caption: &str) -> String {
    let rows: Vec<&Cited> = rows[..rows.len().min(top)].iter().rev().collect();
    let names: Vec<String> = rows.iter().map(|c| shorten(&c.name, LABEL_CHARS)).collect();
    let most = rows.iter().map(|c| c.items).max().unwrap_or(0).max(1);
    let height = 70 + 24 * rows.len().max(1) as u32;
    let mut svg = String::new();
    let r = (|| -> Result<(), Box<dyn std::error::Error + '_>> {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(caption, (FONT, 16))
            .margin(8)
            .margin_right(30)
            .x_label_area_size(30)
            .y_label_area_size(LABEL_AREA)
            .build_cartesian_2d(
                0u64..most + most / 10 + 1,
                slots(rows.len()).into_segmented(),
            )?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_desc("items citing it")
            .light_line_style(TRANSPARENT)
            .y_label_formatter(&|v| label_of(&names, v))
            .y_labels(rows.len().max(1))
            .label_style((FONT, 12))
            .draw()?;
        chart.draw_series(rows.iter().enumerate().map(|(i, c)| {
            let mut bar = Rectangle::new(
                [
                    (0, SegmentValue::Exact(i)),
                    (c.items, SegmentValue::Exact(i + 1)),
                ],
                BAR.filled(),
            );
            bar.set_margin(3, 3, 0, 0);
            bar
        }))?;
        root.present()?;
        Ok(())
    })()
    .map_err(|e| e.to_string());
    finish(svg, r)
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(name: &str, upheld: u64, overturned: u64) -> Tally {
        Tally {
            id: name.to_lowercase(),
            name: name.into(),
            items: upheld + overturned,
            upheld,
            overturned,
            uphold_rate: Some(upheld as f64 / (upheld + overturned) as f64),
        }
    }

    #[test]
    fn long_names_are_shown_whole_and_a_zero_rate_is_seen() {
        let svg = uphold_rates(
            &[
                tally("Other diagnostics (EMG/NCV, labs, X-ray)", 9, 1),
                tally("Evaluation and management / referrals", 0, 3),
            ],
            "c",
        );
        assert!(
            svg.contains("Other diagnostics (EMG/NCV, labs, X-ray) (n=10)"),
            "{svg}"
        );
        assert!(svg.contains("Evaluation and management / referrals (n=3)"));
        assert!(!svg.contains('…'), "no label cut");
        assert!(svg.contains("0.0%"), "the 0% bar is labelled");
        assert!(svg.contains("#333333"), "and marked: {svg}");
    }
}
