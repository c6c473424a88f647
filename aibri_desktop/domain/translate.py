"""How the shared sentences of the domain are translated: by the caller's translate function.

The domain has no toolkit and no catalog of its own. A function that writes a sentence a user
reads (a lock reason, the robustness sentence, a change description) takes the caller's
translate function as its keyword argument ``_``: the command line, the services and the
briefs pass ``aibri_desktop.i18n._`` (gettext); the Qt app passes a function that calls
``QCoreApplication.translate("", text)``. Left out, the sentence is English.

Extraction: every such sentence is written as a call of ``_`` with a literal string, so both
tools find it where it lives:

* gettext: ``xgettext --language=Python --keyword=_ aibri_desktop/domain/*.py`` (the same
  keyword as for cli/ and reports/);
* Qt: ``pyside6-lupdate -tr-function-alias tr+=_ aibri_desktop/domain/*.py`` files them under
  the empty context (a module-level function has no class to name it), which is therefore
  the context the app's translate function must look them up in.

Never pass a variable to ``_`` in these modules (tests/unit/test_shared_wording.py checks):
no tool could find its text.
"""

from __future__ import annotations

from collections.abc import Callable

Translate = Callable[[str], str]


def untranslated(message: str) -> str:
    """The English sentence as written (the default when a caller passes no translation)."""
    return message
