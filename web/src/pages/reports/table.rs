//! A report's table as one value: the page renders it and the CSV download
//! writes it, so the two always agree.

use domain::figures::Figure;

/// One cell, as the page shows it and the CSV gives it.
pub struct Cell {
    pub text: String,
    /// A figure, aligned right.
    pub numeric: bool,
    /// Where the households behind the figure are listed, for those who
    /// may see them. The CSV gives the text alone.
    pub link: Option<String>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            numeric: false,
            link: None,
        }
    }

    /// A count, as the suppression rule lets it be shown.
    pub fn count(figure: Figure) -> Self {
        Self {
            text: figure.text(),
            numeric: true,
            link: None,
        }
    }

    /// A percentage, or why there is none.
    pub fn rate(rate: Option<f64>) -> Self {
        Self {
            text: rate.map_or_else(|| "Too few to show".to_owned(), |r| format!("{r:.1}%")),
            numeric: true,
            link: None,
        }
    }

    /// A number of days or hours, or why there is none.
    pub fn number(n: Option<u32>) -> Self {
        Self {
            text: n.map_or_else(|| "Too few to show".to_owned(), |n| n.to_string()),
            numeric: true,
            link: None,
        }
    }
}

impl Cell {
    /// The cell, linking to `href` if there is one.
    pub fn linked(self, href: Option<String>) -> Self {
        Self { link: href, ..self }
    }
}

/// A table: the first cell of each row names it.
pub struct Table {
    pub caption: String,
    pub headings: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(caption: impl Into<String>, headings: &[&str]) -> Self {
        Self {
            caption: caption.into(),
            headings: headings.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    /// Whether heading `i` is over figures.
    pub fn numeric_column(&self, i: &usize) -> bool {
        self.rows
            .first()
            .and_then(|row| row.get(*i))
            .is_some_and(|cell| cell.numeric)
    }
}
