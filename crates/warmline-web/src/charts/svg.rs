//! A chart as a file of its own: the geometry and class names the Insights page draws,
//! written as a standalone SVG. A file comes without the site's stylesheet, so the
//! page's colours travel in a `<style>` element of the same class names.

use super::{BarChart, LineChart, Tick};

/// The stylesheet's chart rules, with its colour variables written out.
const STYLE: &str = "text{font:13px sans-serif;fill:#5c636c}\
.grid{stroke:#efede8}.baseline{stroke:#bcb8ae}.bar{fill:#1d6b58}\
.line{fill:none;stroke:#1d6b58;stroke-width:2.5;stroke-linejoin:round}.area{fill:#e3f1ec}\
.w-hot{fill:#b93c0b}.w-warm{fill:#c98f12}.w-cooling{fill:#4b86c4}.w-cold{fill:#a5a9ae}";

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn open(width: f64, height: f64, title: &str) -> String {
    // Room above the plot for the title.
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 -24 {width} {h}\" \
         width=\"{width}\" height=\"{h}\" role=\"img\">\n<title>{t}</title>\n<style>{STYLE}</style>\n\
         <text x=\"0\" y=\"-8\">{t}</text>\n",
        h = height + 24.0,
        t = escape(title)
    )
}

fn axes(s: &mut String, left: f64, width: f64, height: f64, y: &[Tick], x: &[Tick]) {
    for t in y {
        s.push_str(&format!(
            "<line class=\"grid\" x1=\"{left}\" x2=\"{width}\" y1=\"{at}\" y2=\"{at}\"/>\n\
             <text class=\"axis\" x=\"{lx}\" y=\"{ly}\" text-anchor=\"end\">{l}</text>\n",
            at = t.at,
            lx = left - 6.0,
            ly = t.at + 4.0,
            l = escape(&t.label)
        ));
    }
    for t in x {
        s.push_str(&format!(
            "<text class=\"axis\" x=\"{at}\" y=\"{y}\" text-anchor=\"middle\">{l}</text>\n",
            at = t.at,
            y = height - 6.0,
            l = escape(&t.label)
        ));
    }
}

/// A line chart as the Insights page draws network growth.
pub fn line_svg(c: &LineChart, title: &str) -> String {
    let mut s = open(c.width, c.height, title);
    axes(&mut s, c.left, c.width, c.height, &c.y_ticks, &c.x_ticks);
    if !c.area.is_empty() {
        s.push_str(&format!(
            "<polygon class=\"area\" points=\"{}\"/>\n<polyline class=\"line\" points=\"{}\"/>\n",
            c.area, c.points
        ));
    }
    s.push_str(&format!(
        "<line class=\"baseline\" x1=\"{l}\" x2=\"{w}\" y1=\"{b}\" y2=\"{b}\"/>\n</svg>\n",
        l = c.left,
        w = c.width,
        b = c.base
    ));
    s
}

/// A bar chart as the Insights page draws touches per week, or warmth with the
/// `w-` classes of its states.
pub fn bars_svg(c: &BarChart, title: &str) -> String {
    let mut s = open(c.width, c.height, title);
    axes(&mut s, c.left, c.width, c.height, &c.y_ticks, &c.x_ticks);
    for b in &c.bars {
        s.push_str(&format!(
            "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}</title></rect>\n",
            b.class,
            b.x,
            b.y,
            b.w,
            b.h,
            escape(&b.title)
        ));
    }
    s.push_str(&format!(
        "<line class=\"baseline\" x1=\"{l}\" x2=\"{w}\" y1=\"{b}\" y2=\"{b}\"/>\n</svg>\n",
        l = c.left,
        w = c.width,
        b = c.base
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::super::{bars, line};
    use super::*;

    #[test]
    fn a_line_file_holds_the_pages_geometry() {
        let values: Vec<(String, u32)> = (0..5).map(|i| (format!("w{i}"), i * 10)).collect();
        let chart = line(&values, 560.0, 200.0, 2);
        let svg = line_svg(&chart, "Within cadence <%>");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains(&format!("points=\"{}\"", chart.points)));
        assert!(svg.contains("Within cadence &lt;%&gt;"));
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn a_bar_file_keeps_the_classes() {
        let values = vec![
            ("hot".to_string(), 3, "w-hot"),
            ("cold".to_string(), 9, "w-cold"),
        ];
        let svg = bars_svg(&bars(&values, 400.0, 200.0, 1), "Warmth");
        assert!(svg.contains("class=\"w-hot\""));
        assert!(svg.contains("<title>cold: 9</title>"));
    }
}
