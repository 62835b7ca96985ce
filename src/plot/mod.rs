//! Charts drawn from an output folder's CSV files (never from simulation state).
//! (Placeholder until the charts module lands.)

use std::path::{Path, PathBuf};

/// Chart image formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// SVG.
    Svg,
}

impl From<crate::scenario::ImageFormatSpec> for ImageFormat {
    fn from(spec: crate::scenario::ImageFormatSpec) -> Self {
        match spec {
            crate::scenario::ImageFormatSpec::Png => ImageFormat::Png,
            crate::scenario::ImageFormatSpec::Svg => ImageFormat::Svg,
        }
    }
}

/// Chart errors.
#[derive(Debug, thiserror::Error)]
#[error("charts are not available yet")]
pub struct PlotError;

/// Draws every chart (placeholder: draws nothing).
pub fn draw_all(_dir: &Path, _formats: &[ImageFormat]) -> Result<Vec<PathBuf>, PlotError> {
    Ok(Vec::new())
}
