"""An answer's sources in the one source type: read, written, checked, cited."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aibri_desktop.domain.answer_sources import (
    SourceError,
    check_sources_text,
    cited,
    make_source,
    read_sources,
    write_sources,
)


def test_a_source_keeps_every_field_and_cites_them_in_order() -> None:
    source = make_source(publisher=" Official Gazette ", title="Data Protection Act 2019",
                         date="2019-11-08", url="https://example.org/dpa", accessed="2026-11-02",
                         note="section 25")
    text = write_sources([source])
    (again,) = read_sources(text)
    assert (again.publisher, again.title, again.date, again.url, again.accessed, again.note) == (
        "Official Gazette", "Data Protection Act 2019", "2019-11-08", "https://example.org/dpa",
        "2026-11-02", "section 25")
    assert cited(text) == ("Official Gazette, Data Protection Act 2019 (2019-11-08), "
                           "https://example.org/dpa, accessed 2026-11-02; section 25")


def test_text_from_before_sources_had_fields_is_read_line_by_line_and_not_rewritten() -> None:
    old = "Ministry annual report 2024\n\n  https://example.org/x  \n[1] Gazette"
    sources = read_sources(old)
    assert [s.title for s in sources] == ["Ministry annual report 2024", "https://example.org/x",
                                          "[1] Gazette"]
    assert all(s.publisher == "" and s.date == "" for s in sources)
    assert cited(old).splitlines() == ["Ministry annual report 2024", "https://example.org/x",
                                       "[1] Gazette"]
    check_sources_text(old)  # free text is always accepted
    assert read_sources("") == ()
    assert write_sources([]) == ""


@pytest.mark.parametrize(("fields", "problem"), [
    ({"title": ""}, "needs a title"),
    ({"title": "T", "date": "14/03/2025"}, "a year, a month or a day"),
    ({"title": "T", "date": "2025-13"}, "a year, a month or a day"),
    ({"title": "T", "date": "2025-02-30"}, "a year, a month or a day"),
    ({"title": "T", "accessed": "2025"}, "accessed is a day"),
    ({"title": "T", "url": "javascript:alert(1)"}, "web address"),
    ({"title": "T" * 2_001}, "longer than"),
])
def test_a_source_that_cannot_be_cited_is_refused_with_one_message(fields, problem) -> None:
    with pytest.raises(SourceError, match=problem):
        make_source(**fields)


def test_a_list_of_sources_with_a_bad_entry_is_refused() -> None:
    with pytest.raises(SourceError, match=r"Source 2: .*a year"):
        check_sources_text('[{"title": "A"}, {"title": "B", "date": "soon"}]')
    with pytest.raises(SourceError, match="Source 1 is not a source"):
        check_sources_text('[{"title": "A", "colour": "red"}]')
    check_sources_text('[{"title": "A", "publisher": "P", "date": "2025"}]')


_field = st.text(alphabet=st.characters(codec="utf-8"), max_size=30).map(
    str.strip)


@given(st.lists(st.tuples(_field, _field.filter(bool), _field), max_size=5))
def test_writing_then_reading_gives_the_same_sources(entries) -> None:
    sources = [make_source(publisher=p, title=t, note=n, number=i)
               for i, (p, t, n) in enumerate(entries, start=1)]
    again = read_sources(write_sources(sources))
    assert [(s.publisher, s.title, s.note or "") for s in again] == \
        [(s.publisher, s.title, s.note or "") for s in sources]
