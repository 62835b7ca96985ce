//! Rendering a [`Figure`] to a PNG or SVG file.

use std::fs;
use std::path::Path;

use plotters::prelude::*;

use super::draw::draw_figure;
use super::figure::Figure;
use super::text::GlyphText;
use super::{ImageFormat, PlotError};

/// Draws `fig` and writes it to `path` in `format`.
pub(crate) fn render(fig: &Figure, format: ImageFormat, path: &Path) -> Result<(), PlotError> {
    let bytes = match format {
        ImageFormat::Png => png_bytes(fig, path)?,
        ImageFormat::Svg => svg_bytes(fig, path)?,
    };
    fs::write(path, bytes).map_err(|cause| PlotError::Write {
        path: path.to_path_buf(),
        action: "write",
        cause,
    })
}

fn draw_error(path: &Path, e: impl std::fmt::Display) -> PlotError {
    PlotError::Draw {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Draws into an RGB buffer (plotters' bitmap backend, text laid out by [`GlyphText`]) and
/// encodes it with the `png` crate (no timestamps or other varying metadata, so equal
/// figures give equal bytes).
fn png_bytes(fig: &Figure, path: &Path) -> Result<Vec<u8>, PlotError> {
    let (w, h) = fig.size;
    let mut rgb = vec![255u8; w as usize * h as usize * 3];
    {
        let backend = BitMapBackend::with_buffer(&mut rgb, (w, h));
        let root = GlyphText(backend, fig.fonts.face).into_drawing_area();
        draw_figure(&root, fig).map_err(|e| draw_error(path, e))?;
        root.present().map_err(|e| draw_error(path, e))?;
    }
    encode_png(&rgb, (w, h), path)
}

/// Encodes an RGB buffer of `(w, h)` pixels as PNG (no varying metadata); `path` is for
/// messages.
pub(crate) fn encode_png(
    rgb: &[u8],
    (w, h): (u32, u32),
    path: &Path,
) -> Result<Vec<u8>, PlotError> {
    let encode_error = |e: png::EncodingError| PlotError::Encode {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Balanced);
        let mut writer = encoder.write_header().map_err(encode_error)?;
        writer.write_image_data(rgb).map_err(encode_error)?;
        writer.finish().map_err(encode_error)?;
    }
    Ok(out)
}

fn svg_bytes(fig: &Figure, path: &Path) -> Result<Vec<u8>, PlotError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, fig.size).into_drawing_area();
        draw_figure(&root, fig).map_err(|e| draw_error(path, e))?;
        root.present().map_err(|e| draw_error(path, e))?;
    }
    Ok(svg.into_bytes())
}
