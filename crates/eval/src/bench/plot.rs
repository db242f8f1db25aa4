//! `storyline bench plot`: the PNG chart of docs/BENCHMARKS.md — throughput of storyline against
//! each peer (grouped bars, log scale, ratio above each pair) and the cost of a whole report
//! against corpus size (log–log lines: storyline measured, the peers' sum extrapolated).
//!
//! Text is rasterised by plotters' pure-Rust `ab_glyph` backend from a TrueType file read at run
//! time (by default Debian's `fonts-dejavu-core`, `/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf`),
//! so the binary neither embeds a font nor searches the system for one.

use std::path::Path;

use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};
use serde::Deserialize;

use crate::EvalError;

/// The default font: Debian/Ubuntu's `fonts-dejavu-core`.
pub const DEFAULT_FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// What is plotted (the `plot` part of bench/peers.sh's results.json).
#[derive(Clone, Debug, Deserialize)]
pub struct PlotInput {
    pub throughput: Vec<Throughput>,
    #[serde(default)]
    pub scaling: Option<Scaling>,
    #[serde(default)]
    pub subtitle: Option<String>,
}

/// One task's throughput on both sides, in the task's unit.
#[derive(Clone, Debug, Deserialize)]
pub struct Throughput {
    pub task: String,
    pub unit: String,
    pub storyline: f64,
    pub peer: f64,
    pub peer_name: String,
}

/// Report cost against corpus size: `(articles, seconds)` points.
#[derive(Clone, Debug, Deserialize)]
pub struct Scaling {
    pub storyline: Vec<(f64, f64)>,
    pub peer: Vec<(f64, f64)>,
    pub storyline_label: String,
    pub peer_label: String,
}

fn draw_err<E: std::fmt::Display>(e: E) -> EvalError {
    EvalError::Other(format!("plot: {e}"))
}

/// Powers of ten bracketing every positive value (at least one decade), with `headroom` decades
/// of space above the largest (for labels).
fn log_range(values: impl Iterator<Item = f64>, headroom: f64) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, 0f64);
    for v in values.filter(|v| v.is_finite() && *v > 0.0) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if hi <= 0.0 {
        return (1.0, 10.0);
    }
    let lo = 10f64.powf(lo.log10().floor());
    let hi = 10f64.powf((hi.log10() + headroom).ceil()).max(lo * 10.0);
    (lo, hi)
}

const STORYLINE: RGBColor = RGBColor(0x1f, 0x77, 0xb4);
const PEER: RGBColor = RGBColor(0xff, 0x7f, 0x0e);

/// Draw `input` into a PNG at `out`, with the TrueType font at `font`.
pub fn plot(input: &PlotInput, out: &Path, font: &Path) -> Result<(), EvalError> {
    let bytes = std::fs::read(font).map_err(EvalError::io(font))?;
    // plotters keeps registered fonts for the life of the process; this runs once per command.
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    register_font("sans-serif", FontStyle::Normal, bytes)
        .map_err(|_| EvalError::Other(format!("{} is not a TrueType/OpenType font", font.display())))?;

    let width = if input.scaling.is_some() { 1500 } else { 800 };
    let canvas = BitMapBackend::new(out, (width, 620)).into_drawing_area();
    canvas.fill(&WHITE).map_err(draw_err)?;
    let root = match &input.subtitle {
        Some(s) => {
            let (top, rest) = canvas.clone().split_vertically(34);
            top.draw_text(s, &("sans-serif", 17).into_font().color(&BLACK.mix(0.8)), (12, 9)).map_err(draw_err)?;
            rest
        }
        None => canvas.clone(),
    };
    let (left, right) = if input.scaling.is_some() {
        let (l, r) = root.split_horizontally(800);
        (l, Some(r))
    } else {
        (root, None)
    };
    throughput_chart(&left, &input.throughput)?;
    if let (Some(area), Some(s)) = (right, &input.scaling) {
        scaling_chart(&area, s)?;
    }
    canvas.present().map_err(draw_err)?;
    Ok(())
}

fn throughput_chart(
    area: &DrawingArea<BitMapBackend, plotters::coord::Shift>,
    rows: &[Throughput],
) -> Result<(), EvalError> {
    let n = rows.len().max(1);
    let (lo, hi) = log_range(rows.iter().flat_map(|r| [r.storyline, r.peer]), 0.9);
    let mut chart = ChartBuilder::on(area)
        .caption("Throughput, one core (log scale; higher is better)", ("sans-serif", 22))
        .margin(12)
        .margin_bottom(70)
        .x_label_area_size(10)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..n as f64, (lo..hi).log_scale())
        .map_err(draw_err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .disable_x_axis()
        .y_desc("units per second (see labels)")
        .y_label_formatter(&|v| human(*v))
        .label_style(("sans-serif", 14))
        .draw()
        .map_err(draw_err)?;
    let bar = |i: usize, k: usize, v: f64, color: RGBColor| {
        let x0 = i as f64 + 0.12 + 0.38 * k as f64;
        Rectangle::new([(x0, lo), (x0 + 0.36, v.max(lo))], color.filled())
    };
    chart
        .draw_series(rows.iter().enumerate().map(|(i, r)| bar(i, 0, r.storyline, STORYLINE)))
        .map_err(draw_err)?
        .label("storyline")
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], STORYLINE.filled()));
    chart
        .draw_series(rows.iter().enumerate().map(|(i, r)| bar(i, 1, r.peer, PEER)))
        .map_err(draw_err)?
        .label("peer (named under each pair)")
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], PEER.filled()));
    let small = ("sans-serif", 13).into_font();
    for (i, r) in rows.iter().enumerate() {
        for (k, v) in [(0, r.storyline), (1, r.peer)] {
            let x = i as f64 + 0.12 + 0.38 * k as f64;
            chart
                .draw_series(std::iter::once(Text::new(human(v), (x, v.max(lo) * 1.9), small.clone())))
                .map_err(draw_err)?;
        }
        let ratio = r.storyline / r.peer.max(1e-12);
        let top = r.storyline.max(r.peer).max(lo) * 5.5;
        chart
            .draw_series(std::iter::once(Text::new(
                format!("×{}", human(ratio)),
                (i as f64 + 0.3, top),
                ("sans-serif", 17).into_font(),
            )))
            .map_err(draw_err)?;
        // Task labels under the plot, in pixels (the x axis is hidden).
        // backend_coord is in canvas pixels, draw_text in this area's: subtract the area's origin
        // (the subtitle band above it).
        let (px, py) = chart.backend_coord(&(i as f64 + 0.1, lo));
        let (bx, by) = area.get_base_pixel();
        let (px, py) = (px - bx, py - by);
        let label = ("sans-serif", 14).into_font();
        area.draw_text(&r.task, &label.clone().into_text_style(area), (px, py + 6)).map_err(draw_err)?;
        let grey = label.color(&BLACK.mix(0.6));
        area.draw_text(&r.unit, &grey, (px, py + 23)).map_err(draw_err)?;
        area.draw_text(&format!("vs {}", r.peer_name), &grey, (px, py + 40)).map_err(draw_err)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font(("sans-serif", 14))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(draw_err)?;
    Ok(())
}

fn scaling_chart(area: &DrawingArea<BitMapBackend, plotters::coord::Shift>, s: &Scaling) -> Result<(), EvalError> {
    let (xlo, xhi) = log_range(s.storyline.iter().chain(&s.peer).map(|p| p.0), 0.0);
    let (ylo, yhi) = log_range(s.storyline.iter().chain(&s.peer).map(|p| p.1), 0.3);
    let mut chart = ChartBuilder::on(area)
        .caption("Cost of a whole report against corpus size (log–log)", ("sans-serif", 22))
        .margin(12)
        .margin_bottom(30)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d((xlo..xhi).log_scale(), (ylo..yhi).log_scale())
        .map_err(draw_err)?;
    chart
        .configure_mesh()
        .x_desc("articles in the corpus")
        .y_desc("seconds (one core)")
        .x_label_formatter(&|v| human(*v))
        .y_label_formatter(&|v| human(*v))
        .label_style(("sans-serif", 14))
        .draw()
        .map_err(draw_err)?;
    for (points, color, label) in [(&s.storyline, STORYLINE, &s.storyline_label), (&s.peer, PEER, &s.peer_label)] {
        chart
            .draw_series(LineSeries::new(points.iter().copied(), color.stroke_width(3)))
            .map_err(draw_err)?
            .label(label.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(3)));
        chart.draw_series(points.iter().map(|&p| Circle::new(p, 4, color.filled()))).map_err(draw_err)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(("sans-serif", 14))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(draw_err)?;
    Ok(())
}

/// A compact number: 1234567 -> "1.2M", 0.0123 -> "0.012".
pub fn human(v: f64) -> String {
    let a = v.abs();
    if a >= 1e9 {
        format!("{:.1}G", v / 1e9)
    } else if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", v / 1e3)
    } else if a >= 1e3 {
        format!("{:.1}k", v / 1e3)
    } else if a >= 10.0 {
        format!("{v:.0}")
    } else if a >= 1.0 {
        format!("{v:.1}")
    } else if a == 0.0 {
        "0".into()
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_compact() {
        assert_eq!(human(1_234_567.0), "1.2M");
        assert_eq!(human(45_000.0), "45k");
        assert_eq!(human(1500.0), "1.5k");
        assert_eq!(human(37.4), "37");
        assert_eq!(human(0.5), "0.50");
    }

    #[test]
    fn log_ranges_bracket_the_values() {
        let (lo, hi) = log_range([3.0, 4500.0].into_iter(), 0.3);
        assert_eq!(lo, 1.0);
        assert!(hi >= 4500.0 * 2.0);
        assert_eq!(log_range([1000.0, 10_000.0].into_iter(), 0.0), (1000.0, 10_000.0));
        assert_eq!(log_range(std::iter::empty(), 0.3), (1.0, 10.0));
    }
}
