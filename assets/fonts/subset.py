#!/usr/bin/env python3
"""Makes the Chinese chart font: Noto Sans CJK SC (SIL Open Font License 1.1, OFL.txt), subset
to the characters ewsim's charts can write, so that the build needs neither this script nor the
font package.

Needs Debian's fonts-noto-cjk (NotoSansCJK-Regular.ttc and -Bold.ttc; face 2 of each is
Noto Sans CJK SC) and fontTools (pip install fonttools). Run from the repository root:

    python3 assets/fonts/subset.py

It writes assets/fonts/glyphs.txt (every character of the Chinese labels in the files below, of
the built-in scenarios' Chinese names, ASCII and common punctuation) and the two subsets
NotoSansSC-ewsim-Regular.otf and NotoSansSC-ewsim-Bold.otf. The test
`the_embedded_chinese_font_has_every_character_the_labels_use` (src/plot/labels.rs) fails when a
label uses a character the subset lacks: then run this script again and commit its output.
"""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = ROOT / "assets" / "fonts"
FONTS = pathlib.Path("/usr/share/fonts/opentype/noto")
FACE = 2  # Noto Sans CJK SC in the collections
# Files whose Chinese characters the charts can write.
SOURCES = [
    "src/metrics/table.rs",
    "src/plot/labels.rs",
    "scenarios/china.toml",
    "scenarios/variants.toml",
    "scenarios/quickstart.toml",
    "scenarios/data/regions_2015.csv",
]
PUNCTUATION = "–—×·…（）：，。、；！？“”‘’%≥≤−"


def is_cjk(c):
    return "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"


chars = {chr(c) for c in range(0x20, 0x7F)} | set(PUNCTUATION)
for name in SOURCES:
    chars |= {c for c in (ROOT / name).read_text(encoding="utf-8") if is_cjk(c)}
text = "".join(sorted(chars))
(HERE / "glyphs.txt").write_text(text + "\n", encoding="utf-8")
print(f"{len(chars)} characters -> assets/fonts/glyphs.txt")

for weight in ["Regular", "Bold"]:
    out = HERE / f"NotoSansSC-ewsim-{weight}.otf"
    subprocess.run(
        [
            sys.executable, "-m", "fontTools.subset",
            str(FONTS / f"NotoSansCJK-{weight}.ttc"),
            f"--font-number={FACE}",
            f"--text-file={HERE / 'glyphs.txt'}",
            f"--output-file={out}",
            "--layout-features=kern",
            "--name-IDs=*",
            "--name-languages=*",
            "--no-hinting",
        ],
        check=True,
    )
    print(f"{out.relative_to(ROOT)}: {out.stat().st_size} bytes")
