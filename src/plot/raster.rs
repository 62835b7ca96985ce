//! Painting lines, markers and text into a PNG's pixel buffer ourselves.
//!
//! plotters 0.3.7 draws ab_glyph text with each glyph's ink box at the whole-pixel pen
//! position (the left side bearing is dropped, so letters bunch and gap: "ba seline") and
//! puts the baseline elsewhere than its SVG backend does; it fills thick lines as polygons
//! with truncated vertices, so steep segments come out thinner than flat ones and joints
//! grow spurs. For PNG, the figure code therefore hands these [`Mark`]s to [`paint`], which
//! draws them after plotters has drawn the grid, axes and bands: anti-aliased round-joined
//! strokes and markers, and text laid out with the embedded DejaVu Sans exactly as the SVG
//! backend asks a viewer to (font size = plotters size / 1.24; the baseline 0.76 em below a
//! top anchor, half an x-height below a centre anchor, half an x-height above a bottom one).

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters::style::RGBColor;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Something to paint, in the image's pixel coordinates.
///
/// Integer points name pixels as plotters does: a line through `(x, y)` passes through the
/// centre of pixel `(x, y)`. A text anchor is a pixel corner, as in SVG.
#[derive(Clone)]
pub(crate) enum Mark {
    /// A polyline `width` pixels wide with round joins and caps (a dot for one point).
    Stroke {
        points: Vec<(i32, i32)>,
        width: u32,
        colour: RGBColor,
    },
    /// A filled disc of radius `radius` around the centre of pixel `at`.
    Disc {
        at: (i32, i32),
        radius: f64,
        colour: RGBColor,
    },
    /// A filled convex polygon (vertices in pixel-centre coordinates, either orientation).
    Convex {
        vertices: Vec<(f64, f64)>,
        colour: RGBColor,
    },
    /// A line of text, read upwards (rotated a quarter turn anticlockwise) when `upwards`.
    Text {
        text: String,
        size: f64,
        bold: bool,
        colour: RGBColor,
        anchor: Pos,
        upwards: bool,
        at: (i32, i32),
    },
}

/// An RGB buffer, `width` pixels a row.
struct Canvas<'a> {
    rgb: &'a mut [u8],
    width: i32,
    height: i32,
}

impl Canvas<'_> {
    /// Blends `colour` over pixel `(x, y)` with opacity `alpha` (clamped to 0..=1).
    fn blend(&mut self, (x, y): (i32, i32), colour: RGBColor, alpha: f64) {
        if x < 0 || y < 0 || x >= self.width || y >= self.height || alpha <= 0.0 {
            return;
        }
        let a = alpha.min(1.0);
        let i = (y as usize * self.width as usize + x as usize) * 3;
        for (k, c) in [colour.0, colour.1, colour.2].into_iter().enumerate() {
            let d = f64::from(self.rgb[i + k]);
            self.rgb[i + k] = (d + (f64::from(c) - d) * a).round() as u8;
        }
    }

    /// Paints every pixel of the box `(x0, y0)..=(x1, y1)` with the coverage `f` gives at
    /// the pixel's centre (in pixel-centre coordinates: pixel `(x, y)` is at `(x, y)`).
    fn fill(
        &mut self,
        (x0, y0, x1, y1): (f64, f64, f64, f64),
        colour: RGBColor,
        f: impl Fn(f64, f64) -> f64,
    ) {
        let lo = |v: f64, max: i32| (v.floor() as i32 - 1).clamp(0, max);
        let hi = |v: f64, max: i32| (v.ceil() as i32 + 1).clamp(-1, max - 1);
        for y in lo(y0, self.height)..=hi(y1, self.height) {
            for x in lo(x0, self.width)..=hi(x1, self.width) {
                let c = f(f64::from(x), f64::from(y)).clamp(0.0, 1.0);
                self.blend((x, y), colour, c);
            }
        }
    }
}

/// Paints `marks` in order over the RGB buffer `rgb` of an image `size` pixels wide and high.
pub(crate) fn paint(rgb: &mut [u8], size: (u32, u32), marks: &[Mark]) {
    let mut canvas = Canvas {
        rgb,
        width: size.0 as i32,
        height: size.1 as i32,
    };
    for mark in marks {
        match mark {
            Mark::Stroke {
                points,
                width,
                colour,
            } => stroke(&mut canvas, points, f64::from(*width) / 2.0, *colour),
            Mark::Disc { at, radius, colour } => {
                let (cx, cy) = (f64::from(at.0), f64::from(at.1));
                let r = *radius;
                canvas.fill((cx - r, cy - r, cx + r, cy + r), *colour, |x, y| {
                    r + 0.5 - (x - cx).hypot(y - cy)
                });
            }
            Mark::Convex { vertices, colour } => convex(&mut canvas, vertices, *colour),
            Mark::Text {
                text,
                size,
                bold,
                colour,
                anchor,
                upwards,
                at,
            } => text_mark(
                &mut canvas,
                text,
                *size,
                *bold,
                *colour,
                *anchor,
                *upwards,
                *at,
            ),
        }
    }
}

/// A polyline of radius `r`: each pixel takes the largest coverage any segment gives it,
/// so joints are not painted twice.
fn stroke(canvas: &mut Canvas<'_>, points: &[(i32, i32)], r: f64, colour: RGBColor) {
    let pad = r.ceil() as i32 + 1;
    let Some((x0, y0, x1, y1)) = points.iter().fold(None, |b, &(x, y)| {
        let (a, b, c, d) = b.unwrap_or((x, y, x, y));
        Some((a.min(x), b.min(y), c.max(x), d.max(y)))
    }) else {
        return;
    };
    let (x0, y0) = ((x0 - pad).max(0), (y0 - pad).max(0));
    let (x1, y1) = (
        (x1 + pad).min(canvas.width - 1),
        (y1 + pad).min(canvas.height - 1),
    );
    if x0 > x1 || y0 > y1 {
        return;
    }
    let bw = (x1 - x0 + 1) as usize;
    let mut cover = vec![0f64; bw * (y1 - y0 + 1) as usize];
    let single = (points.len() == 1).then(|| (points[0], points[0]));
    let segments = points.windows(2).map(|s| (s[0], s[1])).chain(single);
    let f = |(x, y): (i32, i32)| (f64::from(x), f64::from(y));
    for (a, b) in segments {
        for y in (a.1.min(b.1) - pad).max(y0)..=(a.1.max(b.1) + pad).min(y1) {
            for x in (a.0.min(b.0) - pad).max(x0)..=(a.0.max(b.0) + pad).min(x1) {
                let c = r + 0.5 - segment_distance(f((x, y)), f(a), f(b));
                let k = (y - y0) as usize * bw + (x - x0) as usize;
                cover[k] = cover[k].max(c);
            }
        }
    }
    for (k, &c) in cover.iter().enumerate() {
        let at = (x0 + (k % bw) as i32, y0 + (k / bw) as i32);
        canvas.blend(at, colour, c);
    }
}

fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (px, py) = (p.0 - a.0, p.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        ((px * dx + py * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (px - t * dx).hypot(py - t * dy)
}

/// A convex polygon, anti-aliased by the distance to the nearest edge line outside it.
fn convex(canvas: &mut Canvas<'_>, v: &[(f64, f64)], colour: RGBColor) {
    if v.len() < 3 {
        return;
    }
    let area2: f64 = (0..v.len())
        .map(|i| {
            let (a, b) = (v[i], v[(i + 1) % v.len()]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum();
    let sign = if area2 < 0.0 { -1.0 } else { 1.0 };
    let bounds = v.iter().fold(
        (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ),
        |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
    );
    canvas.fill(bounds, colour, |x, y| {
        let outside = (0..v.len())
            .map(|i| {
                let (a, b) = (v[i], v[(i + 1) % v.len()]);
                let (ex, ey) = (b.0 - a.0, b.1 - a.1);
                // Positive outside, for either orientation.
                sign * (ex * (a.1 - y) - ey * (a.0 - x)) / ex.hypot(ey)
            })
            .fold(f64::NEG_INFINITY, f64::max);
        0.5 - outside
    });
}

fn face(bold: bool) -> &'static FontRef<'static> {
    static FACES: OnceLock<[FontRef<'static>; 2]> = OnceLock::new();
    let faces = FACES.get_or_init(|| {
        let parse = |b| FontRef::try_from_slice(b).expect("the embedded DejaVu Sans parses");
        [parse(dejavu::sans::regular()), parse(dejavu::sans::bold())]
    });
    &faces[usize::from(bold)]
}

/// Lays out and draws a line of text (see the module documentation for the anchoring).
#[allow(clippy::too_many_arguments)]
fn text_mark(
    canvas: &mut Canvas<'_>,
    text: &str,
    size: f64,
    bold: bool,
    colour: RGBColor,
    anchor: Pos,
    upwards: bool,
    (x0, y0): (i32, i32),
) {
    let font = face(bold);
    let per_em = font.units_per_em().unwrap_or(2048.0);
    let em = (size / 1.24) as f32;
    let sf = font.as_scaled(PxScale::from(em * font.height_unscaled() / per_em));
    let x_height = font
        .outline(font.glyph_id('x'))
        .map_or(0.5 * em, |o| o.bounds.min.y * em / per_em);
    let mut pen = 0f32;
    let mut prev = None;
    let mut glyphs = Vec::new();
    for ch in text.chars() {
        let id = sf.glyph_id(ch);
        pen += prev.map_or(0.0, |p| sf.kern(p, id));
        glyphs.push((id, pen));
        pen += sf.h_advance(id);
        prev = Some(id);
    }
    let dx = match anchor.h_pos {
        HPos::Left => 0.0,
        HPos::Center => -pen / 2.0,
        HPos::Right => -pen,
    };
    let baseline = match anchor.v_pos {
        VPos::Top => 0.76 * em,
        VPos::Center => 0.5 * x_height,
        VPos::Bottom => -0.5 * x_height,
    }
    .round();
    for (id, x) in glyphs {
        let glyph = id.with_scale_and_position(sf.scale, point(dx + x, baseline));
        let Some(outline) = sf.outline_glyph(glyph) else {
            continue;
        };
        let min = outline.px_bounds().min;
        let (mx, my) = (min.x as i32, min.y as i32);
        outline.draw(|gx, gy, cover| {
            // (u, v): the pixel relative to the anchor in the text's own frame.
            let (u, v) = (mx + gx as i32, my + gy as i32);
            let at = if upwards { (v, -u - 1) } else { (u, v) };
            canvas.blend((x0 + at.0, y0 + at.1), colour, f64::from(cover));
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: u32 = 200;
    const H: u32 = 120;
    const BLACK: RGBColor = RGBColor(0, 0, 0);

    /// Paints `marks` on white; returns the ink (0 = white, 1 = black) of every pixel.
    fn ink(marks: &[Mark]) -> Vec<Vec<f64>> {
        let mut rgb = vec![255u8; (W * H * 3) as usize];
        paint(&mut rgb, (W, H), marks);
        rgb.chunks_exact(3 * W as usize)
            .map(|row| {
                row.chunks_exact(3)
                    .map(|p| 1.0 - f64::from(p[0]) / 255.0)
                    .collect()
            })
            .collect()
    }

    /// The first and last row and column with ink above `threshold`.
    fn ink_box(ink: &[Vec<f64>], threshold: f64) -> (usize, usize, usize, usize) {
        let rows: Vec<usize> = (0..ink.len())
            .filter(|&y| ink[y].iter().any(|&v| v > threshold))
            .collect();
        let cols: Vec<usize> = (0..ink[0].len())
            .filter(|&x| ink.iter().any(|r| r[x] > threshold))
            .collect();
        (cols[0], rows[0], cols[cols.len() - 1], rows[rows.len() - 1])
    }

    fn text(s: &str, size: f64, anchor: Pos, upwards: bool, at: (i32, i32)) -> Mark {
        Mark::Text {
            text: s.to_string(),
            size,
            bold: false,
            colour: BLACK,
            anchor,
            upwards,
            at,
        }
    }

    #[test]
    fn steep_and_flat_strokes_are_equally_wide() {
        let flat = Mark::Stroke {
            points: vec![(10, 20), (190, 20)],
            width: 3,
            colour: BLACK,
        };
        let steep = Mark::Stroke {
            points: vec![(100, 10), (110, 110)],
            width: 3,
            colour: BLACK,
        };
        let a = ink(&[flat]);
        let across_flat: f64 = (0..H as usize).map(|y| a[y][100]).sum();
        let b = ink(&[steep]);
        // A row crosses the steep stroke over width / sin(angle) = 3 · √(10² + 100²) / 100.
        let across_steep: f64 = b[60].iter().sum();
        assert!((across_flat - 3.0).abs() < 0.1, "{across_flat}");
        assert!((across_steep - 3.015).abs() < 0.15, "{across_steep}");
    }

    #[test]
    fn glyphs_keep_their_left_side_bearing() {
        // DejaVu Sans 'l' has a left side bearing of 193/2048 em: 4.7 px at 50 px an em
        // (plotters 0.3.7 puts its ink at the pen position, column 0).
        let left = Pos::new(HPos::Left, VPos::Top);
        let (x0, ..) = ink_box(&ink(&[text("l", 62.0, left, false, (0, 10))]), 0.5);
        assert!((4..=5).contains(&x0), "ink starts at column {x0}");
    }

    #[test]
    fn anchors_place_text_as_the_svg_does() {
        // Centre anchor: the ink of "x" is centred on the anchor both ways.
        let centre = Pos::new(HPos::Center, VPos::Center);
        let (x0, y0, x1, y1) = ink_box(&ink(&[text("xxxx", 31.0, centre, false, (100, 60))]), 0.5);
        assert!(((x0 + x1) as f64 / 2.0 - 100.0).abs() <= 1.5, "{x0}..{x1}");
        assert!(((y0 + y1) as f64 / 2.0 - 60.0).abs() <= 1.5, "{y0}..{y1}");
        // Top anchor: the baseline 0.76 em below it (an em is 25 px here).
        let top = Pos::new(HPos::Right, VPos::Top);
        let (_, _, x1, y1) = ink_box(&ink(&[text("xxxx", 31.0, top, false, (100, 30))]), 0.5);
        assert_eq!(
            y1,
            30 + 19 - 1,
            "the last inked row is just above the baseline"
        );
        assert!((97..=100).contains(&x1), "right-anchored ink ends at {x1}");
        // Read upwards: the text runs up the page, centred on the anchor.
        let (x0, y0, x1, y1) = ink_box(&ink(&[text("xxxx", 31.0, centre, true, (100, 60))]), 0.5);
        assert!(
            y1 - y0 > 2 * (x1 - x0),
            "not rotated: {x0}..{x1} × {y0}..{y1}"
        );
        assert!(((x0 + x1) as f64 / 2.0 - 100.0).abs() <= 1.5, "{x0}..{x1}");
        assert!(((y0 + y1) as f64 / 2.0 - 60.0).abs() <= 1.5, "{y0}..{y1}");
    }

    #[test]
    fn markers_are_filled_and_centred() {
        let disc = Mark::Disc {
            at: (50, 50),
            radius: 6.0,
            colour: BLACK,
        };
        let square = Mark::Convex {
            vertices: vec![(145.0, 45.0), (155.0, 45.0), (155.0, 55.0), (145.0, 55.0)],
            colour: BLACK,
        };
        let i = ink(&[disc, square]);
        let area =
            |x0: usize, x1: usize| -> f64 { i.iter().map(|r| r[x0..x1].iter().sum::<f64>()).sum() };
        assert!((area(0, 100) - std::f64::consts::PI * 36.0).abs() < 3.0);
        assert!((area(100, 200) - 100.0).abs() < 3.0);
        assert_eq!(i[50][50], 1.0);
        assert_eq!(i[50][150], 1.0);
    }
}
