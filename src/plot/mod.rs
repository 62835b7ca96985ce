//! Charts drawn from an output folder's CSV files (never from simulation state).
//!
//! [`draw_all`] reads `metrics.csv`, `summary.csv` (or, when it is absent, summarises
//! `metrics.csv` itself with [`crate::metrics::summary::summarise`]), `manifest.json` and the optional
//! `observed.csv` of one ewsim output folder, and draws into `<dir>/charts/`:
//!
//! | file | content |
//! |---|---|
//! | `regional_gap` | east–west income ratio, weighted provincial CV and between-province Theil, three stacked panels |
//! | `urban_rural_gap` | urban–rural income ratio |
//! | `group_gap` | Gini and Palma ratio, two panels (income shares of the top 10 % and bottom 40 % when neither exists) |
//! | `poverty` | rural absolute and relative poverty rates in %, two panels |
//! | `dashboard` | the four figures above as the cells of a 2 × 2 figure |
//! | `incomes` | mean, urban and rural income |
//! | `people` | migrant workers away and the rural poor |
//! | `provinces` | with `regions.csv`: each region's mean income in the first and last year |
//! | `compare_<metric>` | with two or more variants: one line per variant for each headline metric |
//!
//! The first five show the baseline variant (`baseline`, else the manifest's first variant):
//! the mean over replicates as a line and the replicate band p05–p95 shaded where more than
//! one replicate exists (min–max below 20 replicates, `labels::QUANTILE_BAND_FROM`). Observed
//! values from `observed.csv` are black markers; marked phases of `scenario.resolved.toml` are
//! thin labelled verticals. Every variant keeps one colour of `style::PALETTE` (by its index
//! in the manifest's `variants`) in every chart; comparisons draw the baseline last and
//! thicker.
//!
//! Text is in the run's `output.language` (`labels`: English, or simplified Chinese from the
//! metric table's Chinese labels), drawn with embedded fonts: DejaVu Sans, or a subset of Noto
//! Sans CJK SC for Chinese, with `output.font` for characters they lack. No system fonts are
//! used, so the PNG bytes depend only on the input files. PNG text is laid out glyph by glyph (`text`), placed as the
//! SVG places it; everything else is drawn by plotters.
//!
//! The code runs in four steps: `data` reads the folder's files (csv + serde row types);
//! `charts` turns them into figure data (`figure`: titles, panels, lines, legends), taking
//! metric labels, units and scales from [`crate::metrics::table`]; `layout` places each part
//! in pixels (pure geometry, unit-tested); `draw` draws it with plotters and `render` encodes
//! PNG or SVG.

mod charts;
mod data;
mod draw;
mod figure;
mod labels;
mod layout;
mod render;
pub mod studies;
mod style;
mod text;

pub use charts::{COMPARED, SINGLE};

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::output::folder;

/// An image file format the charts are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    /// Portable Network Graphics, encoded by the `png` crate from an RGB buffer.
    Png,
    /// Scalable Vector Graphics, text kept as `<text>` elements.
    Svg,
}

impl ImageFormat {
    /// Parses a file extension (`"png"` or `"svg"`, any case, with or without a leading dot).
    pub fn parse(s: &str) -> Result<Self, PlotError> {
        let t = s.trim().trim_start_matches('.');
        if t.eq_ignore_ascii_case("png") {
            Ok(ImageFormat::Png)
        } else if t.eq_ignore_ascii_case("svg") {
            Ok(ImageFormat::Svg)
        } else {
            Err(PlotError::UnknownFormat {
                given: s.to_string(),
            })
        }
    }

    /// The file extension, without a dot: `"png"` or `"svg"`.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Svg => "svg",
        }
    }
}

impl fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

impl FromStr for ImageFormat {
    type Err = PlotError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ImageFormat::parse(s)
    }
}

/// Everything that can go wrong while reading an output folder or drawing its charts.
///
/// Each message names the file concerned and says what went wrong; causes are part of the
/// message (there is no separate `source()` chain to print).
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// A file every output folder must have is not there.
    #[error("{}: file not found (an ewsim output folder has metrics.csv, manifest.json and usually summary.csv)", path.display())]
    MissingFile {
        /// The file that was looked for.
        path: PathBuf,
    },
    /// A file exists but could not be read.
    #[error("{}: cannot read: {cause}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        cause: std::io::Error,
    },
    /// A CSV file is malformed: bad header, wrong number of fields, a value that does not parse.
    #[error("{}, line {line}: {message}", path.display())]
    Csv {
        /// The CSV file.
        path: PathBuf,
        /// The 1-based line number (1 is the header).
        line: u64,
        /// What is wrong on that line.
        message: String,
    },
    /// `manifest.json` is not valid JSON or lacks a field the charts need.
    #[error("{}: {message}", path.display())]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The files parse but hold nothing to draw.
    #[error("{}: {message}", path.display())]
    NoData {
        /// The file that should have held the data.
        path: PathBuf,
        /// What is missing.
        message: String,
    },
    /// An image format name other than `png` or `svg`.
    #[error("unknown image format '{given}' (expected png or svg)")]
    UnknownFormat {
        /// The name that was given.
        given: String,
    },
    /// The embedded font could not be registered with plotters.
    #[error("cannot register the embedded fonts with plotters")]
    Font,
    /// The font file of `output.font` cannot be read or is not a font.
    #[error("{} (output.font): {message}", path.display())]
    FontFile {
        /// The font file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// Plotters failed while drawing a chart.
    #[error("{}: drawing failed: {message}", path.display())]
    Draw {
        /// The chart file being drawn.
        path: PathBuf,
        /// The drawing error.
        message: String,
    },
    /// Encoding a PNG failed.
    #[error("{}: PNG encoding failed: {message}", path.display())]
    Encode {
        /// The PNG file being written.
        path: PathBuf,
        /// The encoder's error.
        message: String,
    },
    /// Writing, renaming or removing a file or folder failed.
    #[error("{}: cannot {action}: {cause}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// What was attempted ("write", "create folder", "rename into place", ...).
        action: &'static str,
        /// What the operating system said.
        cause: std::io::Error,
    },
}

/// Draws every chart for an output folder into `<dir>/charts/`; returns the written paths.
///
/// Reads only the folder's files (see the module documentation). The charts are written into
/// a staging folder next to `charts/` ([`crate::output::folder`]), which is renamed into place
/// at the end, replacing an existing `charts/` only then; on error the staging folder is
/// removed and an existing `charts/` is left as it was. The returned paths are inside `<dir>/charts/`,
/// in drawing order (chart by chart, each in the order of `formats`). A format listed twice
/// is drawn once; an empty `formats` draws nothing and leaves `charts/` alone.
pub fn draw_all(dir: &Path, formats: &[ImageFormat]) -> Result<Vec<PathBuf>, PlotError> {
    let mut unique: Vec<ImageFormat> = Vec::new();
    for f in formats {
        if !unique.contains(f) {
            unique.push(*f);
        }
    }
    if studies::is_study(dir) {
        return studies::draw(dir, &unique);
    }
    let dataset = data::Dataset::load(dir)?;
    if unique.is_empty() {
        return Ok(Vec::new());
    }
    style::register_fonts()?;
    let extra = match &dataset.text.font {
        Some(path) => Some(
            text::load_font(path).map_err(|message| PlotError::FontFile {
                path: path.clone(),
                message,
            })?,
        ),
        None => None,
    };
    let figures = charts::figures(&dataset, extra);

    let charts = dir.join("charts");
    // `charts/` holds no marker: inside a result it is ewsim's, and replaced whole.
    let staging = folder::stage(&charts, folder::Replace::Anything).map_err(write_error)?;
    let mut names = Vec::new();
    for (name, figure) in &figures {
        for format in &unique {
            let file = format!("{name}.{format}");
            render::render(figure, *format, &staging.path().join(&file))?;
            names.push(file);
        }
    }
    staging.commit().map_err(write_error)?;
    Ok(names.into_iter().map(|n| charts.join(n)).collect())
}

/// A failure of the `charts/` staging folder, as a [`PlotError::Write`].
pub(crate) fn write_error(error: folder::FolderError) -> PlotError {
    let (path, action, cause) = error.into_parts();
    PlotError::Write {
        path,
        action,
        cause,
    }
}

impl From<crate::scenario::ImageFormatSpec> for ImageFormat {
    fn from(spec: crate::scenario::ImageFormatSpec) -> Self {
        match spec {
            crate::scenario::ImageFormatSpec::Png => ImageFormat::Png,
            crate::scenario::ImageFormatSpec::Svg => ImageFormat::Svg,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_format_round_trips() {
        assert_eq!(ImageFormat::parse("png").unwrap(), ImageFormat::Png);
        assert_eq!(ImageFormat::parse(".SVG").unwrap(), ImageFormat::Svg);
        assert_eq!(ImageFormat::Png.to_string(), "png");
        assert_eq!("svg".parse::<ImageFormat>().unwrap(), ImageFormat::Svg);
        let e = ImageFormat::parse("jpg").unwrap_err();
        assert!(e.to_string().contains("'jpg'"), "{e}");
    }
}
