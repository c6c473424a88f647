"""The TrueType fonts the briefs embed, registered once."""

from __future__ import annotations

from functools import cache

from ..paths import fonts_dir

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SANS_ITALIC = "DejaVuSans-Oblique"
SANS_BOLD_ITALIC = "DejaVuSans-BoldOblique"
CJK = "DroidSansFallback"


@cache
def register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = fonts_dir()
    for name, file in ((SANS, "DejaVuSans.ttf"), (SANS_BOLD, "DejaVuSans-Bold.ttf"),
                       (SANS_ITALIC, "DejaVuSans-Oblique.ttf"),
                       (SANS_BOLD_ITALIC, "DejaVuSans-BoldOblique.ttf"),
                       (CJK, "DroidSansFallbackFull.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS_ITALIC)
    addMapping(SANS, 1, 1, SANS_BOLD_ITALIC)
