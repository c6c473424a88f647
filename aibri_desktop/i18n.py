"""Translation for the command line and the briefs (gettext catalogs in resources/translations).

The Qt front end uses ``tr()`` and Qt's own translator; everything else that a user reads goes
through :func:`_` here so that one catalog per language covers it.
"""

from __future__ import annotations

import gettext
from functools import cache

DOMAIN = "aibri"


@cache
def _translations() -> gettext.NullTranslations:
    try:
        from .paths import resources_dir

        localedir = resources_dir() / "translations"
    except Exception:  # an incomplete install still gets English messages
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(localedir), fallback=True)


def _(message: str) -> str:
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations().ngettext(singular, plural, n)
