//! Bar charts drawn on the server as SVG (`templates/reports/bar_chart.html`):
//! no JavaScript, readable at any width, titled and described for screen
//! readers, and always followed by the table of the same figures. No kept
//! Rust chart crate writes SVG with a title, description and text a screen
//! reader can use, so the few shapes are drawn here.

/// The widest bar, leaving room on the right for its figure.
const LONGEST: u64 = 300;
/// Each bar's height with its label above it.
const ROW: usize = 44;

pub struct Bar {
    pub label: String,
    pub width: u64,
    pub text: String,
}

pub struct BarChart {
    /// Unique on the page: names the title and description.
    pub id: &'static str,
    pub title: String,
    pub bars: Vec<Bar>,
}

impl BarChart {
    /// Bars of (label, value, the value as shown), as long as their values;
    /// one with no value to show draws none.
    pub fn new(
        id: &'static str,
        title: impl Into<String>,
        bars: Vec<(String, Option<u64>, String)>,
    ) -> Self {
        let most = bars
            .iter()
            .filter_map(|(_, v, _)| *v)
            .max()
            .unwrap_or_default();
        Self {
            id,
            title: title.into(),
            bars: bars
                .into_iter()
                .map(|(label, value, text)| Bar {
                    width: (value.unwrap_or_default().saturating_mul(LONGEST))
                        .checked_div(most)
                        .unwrap_or_default(),
                    text,
                    label,
                })
                .collect(),
        }
    }

    pub fn height(&self) -> usize {
        self.bars.len() * ROW + 4
    }

    pub fn top(&self, index: &usize) -> usize {
        index * ROW
    }

    /// The figures in words, for those who cannot see the bars.
    pub fn description(&self) -> String {
        self.bars
            .iter()
            .map(|bar| format!("{}: {}", bar.label, bar.text))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::figures::Figure;

    fn bar(label: &str, figure: Figure) -> (String, Option<u64>, String) {
        (label.to_owned(), figure.shown(), figure.text())
    }

    #[test]
    fn the_longest_bar_is_the_largest_figure_and_a_hidden_figure_draws_none() {
        let chart = BarChart::new(
            "funnel",
            "The funnel",
            vec![
                bar("Enquiry", Figure::of(100)),
                bar("Applied", Figure::of(25)),
                bar("Approved", Figure::of(3)),
            ],
        );
        let widths: Vec<u64> = chart.bars.iter().map(|b| b.width).collect();
        assert_eq!(widths, [300, 75, 0]);
        assert_eq!(
            chart.description(),
            "Enquiry: about 100; Applied: about 25; Approved: fewer than 5"
        );
        let empty = BarChart::new("none", "Nothing", vec![bar("Enquiry", Figure::None)]);
        assert_eq!(empty.bars[0].width, 0, "no division by nothing");
    }
}
