import pytest

from aibri_desktop.domain.strictjson import StrictJSONError, loads


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": 1, "a": 2}', "the key 'a' appears twice"),
        ('{"a": NaN}', "'NaN' is not a number"),
        ('{"a": Infinity}', "'Infinity' is not a number"),
        ('{"a": -Infinity}', "'-Infinity' is not a number"),
        ("[" * 100_000 + "]" * 100_000, "nested more than"),
        ('{"a": ', "not valid JSON at line 1"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_hostile_json_is_refused_with_a_clear_message(text: str | bytes, message: str) -> None:
    with pytest.raises(StrictJSONError, match=message):
        loads(text)


def test_brackets_inside_strings_do_not_count_as_depth() -> None:
    assert loads('{"a": "' + "[" * 1000 + '"}') == {"a": "[" * 1000}


def test_bom_is_accepted() -> None:
    assert loads("\ufeff{}".encode()) == {}
