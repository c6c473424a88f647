"""The analyst's judgement beside the computed figures: up to five key judgements, a comment
per dimension, and a keep/drop/reword choice for each triggered policy option."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_KEY = 5
MAX_KEY_TEXT = 1000
MAX_COMMENT = 5000
CHOICES = ("keep", "drop", "reword")


class JudgementError(ValueError):
    """``str()`` is a message for the user."""


@dataclass(frozen=True)
class OptionChoice:
    choice: str = "keep"
    text: str = ""  # the analyst's wording when reworded


@dataclass(frozen=True)
class Judgements:
    key: tuple[str, ...] = ()
    comments: dict[str, str] = field(default_factory=dict)
    options: dict[str, OptionChoice] = field(default_factory=dict)

    def __post_init__(self) -> None:
        key = tuple(k.strip() for k in self.key if k.strip())
        if len(key) > MAX_KEY:
            raise JudgementError(f"At most {MAX_KEY} key judgements.")
        if any(len(k) > MAX_KEY_TEXT for k in key):
            raise JudgementError(f"A key judgement is longer than {MAX_KEY_TEXT} characters.")
        object.__setattr__(self, "key", key)
        for dimension, text in self.comments.items():
            if len(text) > MAX_COMMENT:
                raise JudgementError(f"The comment on {dimension} is longer than "
                                     f"{MAX_COMMENT} characters.")
        for option_id, choice in self.options.items():
            if choice.choice not in CHOICES:
                raise JudgementError(f"{option_id}: the choice must be keep, drop or reword.")
            if choice.choice == "reword" and not choice.text.strip():
                raise JudgementError(f"{option_id}: a reworded option needs the new wording.")

    @property
    def empty(self) -> bool:
        return not self.key and not any(self.comments.values()) and not self.options

    def to_json(self) -> dict[str, Any]:
        return {"key": list(self.key),
                "comments": {k: v for k, v in self.comments.items() if v.strip()},
                "options": {k: {"choice": v.choice, "text": v.text}
                            for k, v in self.options.items()}}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Judgements:
        if not data:
            return cls()
        return cls(key=tuple(data.get("key", ())), comments=dict(data.get("comments", {})),
                   options={k: OptionChoice(v.get("choice", "keep"), v.get("text", ""))
                            for k, v in data.get("options", {}).items()})
