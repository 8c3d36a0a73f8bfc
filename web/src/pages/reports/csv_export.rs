//! A report table as CSV, streamed a row at a time with the `csv` crate.
//! Campaign names come from public links, so a cell a spreadsheet would
//! read as a formula (starting `=`, `+`, `-`, `@`, a tab or a carriage
//! return) is written with a `'` before it.

use actix_web::HttpResponse;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::web::Bytes;

use super::table::Table;

use domain::text::spreadsheet_safe as cell;

/// One CSV record.
fn record<'a>(cells: impl IntoIterator<Item = &'a str>) -> Result<Bytes, std::io::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(cells.into_iter().map(cell).map(|c| c.into_owned()))?;
    writer
        .into_inner()
        .map(Bytes::from)
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// The table as a download named `name`.csv, a row at a time.
pub fn download(name: &str, table: Table) -> HttpResponse {
    let headings = std::iter::once(record(table.headings.iter().map(String::as_str)));
    let rows = table
        .rows
        .into_iter()
        .map(|row| record(row.iter().map(|c| c.text.as_str())));
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}.csv\""),
        ))
        .streaming(futures_util::stream::iter(headings.chain(rows)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_a_spreadsheet_would_run_is_prefixed() {
        for risky in ["=1+1", "+44", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(cell(risky), format!("'{risky}"), "{risky:?}");
        }
        assert_eq!(cell("spring campaign"), "spring campaign");
        assert_eq!(cell("about 15"), "about 15");
    }

    #[test]
    fn a_record_is_quoted_where_csv_needs_it() {
        let bytes = record(["a, b", "say \"hi\"", "=cmd"]).expect("written");
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            "\"a, b\",\"say \"\"hi\"\"\",'=cmd\n"
        );
    }
}
