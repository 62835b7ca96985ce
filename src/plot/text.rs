//! PNG text laid out glyph by glyph: a drawing backend that wraps plotters' bitmap backend.
//!
//! plotters 0.3.7 draws ab_glyph text with each glyph's ink box at a whole-pixel pen position
//! (the left side bearing is dropped and advances are truncated, so letters bunch and gap:
//! "ba seline"), about 6 % larger than its SVG backend asks a viewer to, and anchored elsewhere.
//! [`GlyphText`] passes every drawing call to the backend it wraps except text, which it lays
//! out with the embedded fonts (DejaVu Sans; for Chinese charts the embedded subset of Noto
//! Sans CJK SC; [`Typeface`]) as the SVG backend asks a viewer to: an em of
//! size / 1.24, side bearings, kerning and fractional advances kept, the baseline 0.76 em below
//! a top anchor, half an x-height below a centre anchor and half an x-height above a bottom
//! one. [`text_width`] measures text the same way, for layout in both formats.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle,
};

use super::labels::Language;

/// The embedded subsets of Noto Sans CJK SC (`assets/fonts/`), regular and bold.
pub(crate) const NOTO_SC: [&[u8]; 2] = [
    include_bytes!("../../assets/fonts/NotoSansSC-ewsim-Regular.otf"),
    include_bytes!("../../assets/fonts/NotoSansSC-ewsim-Bold.otf"),
];

/// The embedded faces of `lang`, regular or bold: DejaVu Sans for English, Noto Sans CJK SC
/// for Chinese.
fn face(lang: Language, bold: bool) -> &'static FontRef<'static> {
    static FACES: OnceLock<[[FontRef<'static>; 2]; 2]> = OnceLock::new();
    let faces = FACES.get_or_init(|| {
        let parse = |b| FontRef::try_from_slice(b).expect("an embedded font parses");
        [
            [parse(dejavu::sans::regular()), parse(dejavu::sans::bold())],
            [parse(NOTO_SC[0]), parse(NOTO_SC[1])],
        ]
    });
    let script = match lang {
        Language::En => 0,
        Language::Zh => 1,
    };
    &faces[script][usize::from(bold)]
}

/// Whether the embedded font of `lang` draws `c` (not its "missing glyph" box).
#[cfg(test)]
pub(crate) fn has_glyph(lang: Language, c: char) -> bool {
    face(lang, false).glyph_id(c).0 != 0
}

/// The fonts a chart's text is drawn with: the embedded font of its language, then, for a
/// character that font lacks, the user's `output.font`, then the other embedded font.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Typeface {
    /// The chart's language, which chooses the embedded font.
    pub lang: Language,
    /// The font of `output.font`, loaded once.
    pub extra: Option<&'static FontRef<'static>>,
}

impl Typeface {
    /// English text in DejaVu Sans alone.
    pub const ENGLISH: Typeface = Typeface {
        lang: Language::En,
        extra: None,
    };

    /// The font that draws `c`, in the order of the type's documentation.
    fn font_for(&self, c: char, bold: bool) -> &'static FontRef<'static> {
        let primary = face(self.lang, bold);
        if primary.glyph_id(c).0 != 0 || c.is_whitespace() {
            return primary;
        }
        if let Some(extra) = self.extra.filter(|f| f.glyph_id(c).0 != 0) {
            return extra;
        }
        let other = match self.lang {
            Language::En => face(Language::Zh, bold),
            Language::Zh => face(Language::En, bold),
        };
        if other.glyph_id(c).0 != 0 {
            other
        } else {
            primary
        }
    }
}

/// Loads the font file at `path` (its first face) for [`Typeface::extra`], once per path for the
/// process (the bytes are kept for its lifetime).
pub(crate) fn load_font(path: &std::path::Path) -> Result<&'static FontRef<'static>, String> {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static LOADED: OnceLock<Mutex<HashMap<std::path::PathBuf, &'static FontRef<'static>>>> =
        OnceLock::new();
    let mut loaded = LOADED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(font) = loaded.get(path) {
        return Ok(font);
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let font = FontRef::try_from_slice(bytes)
        .map_err(|_| "not a TrueType or OpenType font".to_string())?;
    let font: &'static FontRef<'static> = Box::leak(Box::new(font));
    loaded.insert(path.to_path_buf(), font);
    Ok(font)
}

/// The scale at which `font` draws an em of `em` pixels (ab_glyph scales to the font's height,
/// ascent − descent, not to its em).
fn scale_of(font: &FontRef<'_>, em: f32) -> PxScale {
    let per_em = font.units_per_em().unwrap_or(2048.0);
    PxScale::from(em * font.height_unscaled() / per_em)
}

/// A line of text on a baseline starting at x = 0, in pixels.
struct Line {
    /// The font of the line's first character, whose x-height centres it.
    font: &'static FontRef<'static>,
    /// Pixels per em.
    em: f32,
    /// Each glyph with its font and pen position.
    glyphs: Vec<(&'static FontRef<'static>, GlyphId, f32)>,
    /// The advance width of the whole line.
    width: f32,
}

impl Line {
    /// Lays out `text` at plotters' font `size` in `face` (bold or regular).
    fn new(text: &str, size: f64, bold: bool, typeface: Typeface) -> Line {
        let em = (size / 1.24) as f32;
        let (mut pen, mut prev, mut glyphs) = (0.0, None, Vec::new());
        for ch in text.chars() {
            let font = typeface.font_for(ch, bold);
            let sf = font.as_scaled(scale_of(font, em));
            let id = sf.glyph_id(ch);
            if let Some((prev_font, prev_id)) = prev
                && std::ptr::eq(prev_font, font)
            {
                pen += sf.kern(prev_id, id);
            }
            glyphs.push((font, id, pen));
            pen += sf.h_advance(id);
            prev = Some((font, id));
        }
        Line {
            font: glyphs
                .first()
                .map_or(face(typeface.lang, bold), |(f, _, _)| *f),
            em,
            glyphs,
            width: pen,
        }
    }

    /// The x-height in pixels (the height of the ink of 'x').
    fn x_height(&self) -> f32 {
        let per_em = self.font.units_per_em().unwrap_or(2048.0);
        let x = self.font.outline(self.font.glyph_id('x'));
        x.map_or(0.5 * self.em, |o| o.bounds.min.y * self.em / per_em)
    }
}

/// The width in pixels of `text` at plotters' font `size` in `typeface`, as [`GlyphText`]
/// draws it and as an SVG viewer with the same font shows it.
pub(crate) fn text_width(text: &str, size: f64, bold: bool, typeface: Typeface) -> u32 {
    Line::new(text, size, bold, typeface).width.ceil() as u32
}

/// A drawing backend that draws text itself in a [`Typeface`] (see the module documentation)
/// and everything else with the backend it wraps.
pub(crate) struct GlyphText<B>(pub B, pub Typeface);

impl<B: DrawingBackend> DrawingBackend for GlyphText<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.blit_bitmap(pos, size, src)
    }

    /// Draws `text` in the backend's typeface whatever the style's family.
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        (x0, y0): BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let bold = matches!(style.style(), FontStyle::Bold);
        let line = Line::new(text, style.size(), bold, self.1);
        let anchor = style.anchor();
        let dx = match anchor.h_pos {
            HPos::Left => 0.0,
            HPos::Center => -line.width / 2.0,
            HPos::Right => -line.width,
        };
        let baseline = match anchor.v_pos {
            VPos::Top => 0.76 * line.em,
            VPos::Center => 0.5 * line.x_height(),
            VPos::Bottom => -0.5 * line.x_height(),
        }
        .round();
        // Pixels relative to the anchor in the text's own frame, with their coverage.
        let mut ink = Vec::new();
        for &(font, id, x) in &line.glyphs {
            let scale = scale_of(font, line.em);
            let glyph = id.with_scale_and_position(scale, point(dx + x, baseline));
            if let Some(outline) = font.outline_glyph(glyph) {
                let min = outline.px_bounds().min;
                let (mx, my) = (min.x as i32, min.y as i32);
                outline.draw(|x, y, c| ink.push((mx + x as i32, my + y as i32, c)));
            }
        }
        let turn = style.transform();
        for (u, v, cover) in ink {
            // Turn the pixel's centre about the anchor (a pixel corner): in half pixels, the
            // centre of pixel u is 2u + 1.
            let (cx, cy) = turn.transform(2 * u + 1, 2 * v + 1);
            let at = (x0 + (cx - 1) / 2, y0 + (cy - 1) / 2);
            let alpha = colour.alpha * f64::from(cover);
            self.0.draw_pixel(at, BackendColor { alpha, ..colour })?;
        }
        Ok(())
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        let bold = matches!(style.style(), FontStyle::Bold);
        let height = (style.size() / 1.24) as u32;
        Ok((text_width(text, style.size(), bold, self.1), height))
    }
}

#[cfg(test)]
mod tests {
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};

    use super::GlyphText;

    const W: u32 = 200;
    const H: u32 = 120;

    /// Writes `s` on white at `size` with `anchor` at `at`, read upwards when `upwards`;
    /// returns the first and last column and row whose ink (0 = white, 1 = black) exceeds 0.5.
    fn ink_box(s: &str, size: f64, anchor: Pos, upwards: bool, at: (i32, i32)) -> [i32; 4] {
        let mut rgb = vec![255u8; (W * H * 3) as usize];
        {
            let root = GlyphText(
                BitMapBackend::with_buffer(&mut rgb, (W, H)),
                super::Typeface::ENGLISH,
            )
            .into_drawing_area();
            let mut font = FontDesc::new(FontFamily::Name("any"), size, FontStyle::Normal);
            if upwards {
                font = font.transform(FontTransform::Rotate270);
            }
            root.draw_text(s, &font.color(&BLACK).pos(anchor), at)
                .unwrap();
        }
        let inked = |x: u32, y: u32| rgb[((y * W + x) * 3) as usize] < 128;
        let cols: Vec<i32> = (0..W)
            .filter(|&x| (0..H).any(|y| inked(x, y)))
            .map(|x| x as i32)
            .collect();
        let rows: Vec<i32> = (0..H)
            .filter(|&y| (0..W).any(|x| inked(x, y)))
            .map(|y| y as i32)
            .collect();
        [cols[0], rows[0], cols[cols.len() - 1], rows[rows.len() - 1]]
    }

    #[test]
    fn glyphs_keep_their_left_side_bearing() {
        // DejaVu Sans 'l' has a left side bearing of 193/2048 em: 4.7 px at 50 px an em
        // (plotters 0.3.7 puts its ink at the pen position, column 0).
        let [x0, ..] = ink_box("l", 62.0, Pos::new(HPos::Left, VPos::Top), false, (0, 10));
        assert!((4..=5).contains(&x0), "ink starts at column {x0}");
    }

    #[test]
    fn anchors_place_text_as_the_svg_does() {
        let centre = |a: i32, b: i32| f64::from(a + b) / 2.0;
        // Centre anchor: the ink of "x" is centred on the anchor both ways.
        let mid = Pos::new(HPos::Center, VPos::Center);
        let [x0, y0, x1, y1] = ink_box("xxxx", 31.0, mid, false, (100, 60));
        assert!((centre(x0, x1) - 100.0).abs() <= 1.5, "{x0}..{x1}");
        assert!((centre(y0, y1) - 60.0).abs() <= 1.5, "{y0}..{y1}");
        // Top anchor: the baseline 0.76 em below it (an em is 25 px here).
        let top = Pos::new(HPos::Right, VPos::Top);
        let [_, _, x1, y1] = ink_box("xxxx", 31.0, top, false, (100, 30));
        assert_eq!(
            y1,
            30 + 19 - 1,
            "the last inked row is just above the baseline"
        );
        assert!((97..=100).contains(&x1), "right-anchored ink ends at {x1}");
        // Read upwards: the text runs up the image, centred on the anchor.
        let [x0, y0, x1, y1] = ink_box("xxxx", 31.0, mid, true, (100, 60));
        assert!(
            y1 - y0 > 2 * (x1 - x0),
            "not turned: {x0}..{x1} × {y0}..{y1}"
        );
        assert!((centre(x0, x1) - 100.0).abs() <= 1.5, "{x0}..{x1}");
        assert!((centre(y0, y1) - 60.0).abs() <= 1.5, "{y0}..{y1}");
    }

    #[test]
    fn measured_width_is_the_drawn_advance() {
        // Eight 'x' at 25 px an em: 8 × 1216/2048 em = 118.75 px, not plotters' 126.
        assert_eq!(
            super::text_width("xxxxxxxx", 31.0, false, super::Typeface::ENGLISH),
            119
        );
        let mut svg = String::new();
        let backend = GlyphText(
            SVGBackend::with_string(&mut svg, (W, H)),
            super::Typeface::ENGLISH,
        );
        let style = TextStyle::from(("any", 31.0).into_font());
        assert_eq!(
            backend.estimate_text_size("xxxxxxxx", &style).unwrap(),
            (119, 25)
        );
    }
}
