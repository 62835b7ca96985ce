//! Charts of study folders (placeholder, drawn in the next commit).

use std::path::{Path, PathBuf};

use super::{ImageFormat, PlotError};

/// Draws the charts of a study folder into `<dir>/charts/`.
pub fn draw(_dir: &Path, _formats: &[ImageFormat]) -> Result<Vec<PathBuf>, PlotError> {
    Ok(Vec::new())
}
