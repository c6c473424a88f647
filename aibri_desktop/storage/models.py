"""The tables. Stored scores live on the assessment row so lists never load answers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Meta(Base):
    """Small key/value facts about the database itself (e.g. which country list it holds)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Country(Base):
    __tablename__ = "countries"
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    official_name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(60))
    subregion: Mapped[str] = mapped_column(String(60))
    alt_names: Mapped[str] = mapped_column(Text, default="")  # "|"-separated
    fictional: Mapped[bool] = mapped_column(Boolean, default=False)


class FrameworkRecord(Base):
    """Every framework an assessment was made with, kept whole so its scores stay explainable."""

    __tablename__ = "frameworks"
    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    framework_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    content: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(16))  # bundled | user | imported
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    checksum: Mapped[str | None] = mapped_column(String(32), nullable=True)


class SupplierProfileRecord(Base):
    """Every supplier profile an assessment was made with, kept whole (as frameworks are): the
    texts of a format-2 framework are filled from it, and its facts carry their sources."""

    __tablename__ = "supplier_profiles"
    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    supplier_id: Mapped[str] = mapped_column(String(8))  # ISO 3166 alpha-2
    version: Mapped[str] = mapped_column(String(32))
    content: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(16))  # bundled | user | imported
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    checksum: Mapped[str | None] = mapped_column(String(32), nullable=True)


class Assessment(Base):
    __tablename__ = "assessments"
    __table_args__ = (
        Index("ix_assessments_country_code", "country_code"),
        Index("ix_assessments_updated_at", "updated_at"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUID, travels with exports
    revision: Mapped[int] = mapped_column(Integer, default=1)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    title: Mapped[str] = mapped_column(String(300))
    assessor: Mapped[str] = mapped_column(String(200), default="")
    as_of: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft | final | archived
    marking: Mapped[str] = mapped_column(String(120), default="")
    framework_id: Mapped[str] = mapped_column(String(64))
    framework_version: Mapped[str] = mapped_column(String(32))
    framework_hash: Mapped[str] = mapped_column(ForeignKey("frameworks.content_hash"))
    modules: Mapped[str] = mapped_column(Text, default="")  # ","-separated optional dimension ids
    predecessor_id: Mapped[str | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="SET NULL"), nullable=True
    )
    overall_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    overall_low: Mapped[float | None] = mapped_column(Float, nullable=True)
    overall_high: Mapped[float | None] = mapped_column(Float, nullable=True)
    overall_band: Mapped[str | None] = mapped_column(String(16), nullable=True)
    coverage: Mapped[float | None] = mapped_column(Float, nullable=True)
    provisional: Mapped[bool] = mapped_column(Boolean, default=True)
    red_flags: Mapped[int] = mapped_column(Integer, default=0)
    dimension_scores: Mapped[str] = mapped_column(Text, default="[]")  # JSON, rounded
    robustness: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON, set when final
    # the version of docs/scoring.md the stored figures follow: 2, or 1 for a final kept as
    # signed off; NULL only between the upgrade to schema 6 and the step that decides it
    scoring_rules: Mapped[int | None] = mapped_column(Integer, nullable=True, default=2)
    # format-2 frameworks: the supplier state the assessment measures exposure to (its profile
    # fills the framework's texts); NULL for a format-1 framework, whose texts name the PRC
    supplier_id: Mapped[str | None] = mapped_column(String(8), nullable=True)
    supplier_version: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # names a supplier_profiles row (no foreign key: see migration 0007)
    supplier_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # inside (the analyst's own country) or outside (another country); NULL: not recorded
    perspective: Mapped[str | None] = mapped_column(String(8), nullable=True)
    checksum: Mapped[str | None] = mapped_column(String(32), nullable=True)
    judgements: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON
    reviewed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AnswerRow(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("assessment_id", "indicator_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    indicator_id: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    level: Mapped[int | None] = mapped_column(Integer, nullable=True)
    level_low: Mapped[int | None] = mapped_column(Integer, nullable=True)  # a range answer
    level_high: Mapped[int | None] = mapped_column(Integer, nullable=True)
    na_reason: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[str | None] = mapped_column(String(8), nullable=True)
    evidence: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[str] = mapped_column(Text, default="")
    as_of: Mapped[date | None] = mapped_column(Date, nullable=True)
    carried_over: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    checksum: Mapped[str | None] = mapped_column(String(32), nullable=True)


class AnswerHistoryRow(Base):
    """Append-only: one row per answer change, written in the change's own transaction."""

    __tablename__ = "answer_history"
    __table_args__ = (Index("ix_answer_history_assessment", "assessment_id", "indicator_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    indicator_id: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changed_by: Mapped[str] = mapped_column(String(200))
    old_value: Mapped[str] = mapped_column(Text)  # JSON of the answer before, "{}" if none
    new_value: Mapped[str] = mapped_column(Text)  # JSON of the answer after
    checksum: Mapped[str | None] = mapped_column(String(32), nullable=True)


class DetailHistoryRow(Base):
    """Append-only: one row per changed detail of an assessment (title, as-of date, marking,
    assessor, perspective, modules), written in the change's own transaction (schema 10)."""

    __tablename__ = "detail_history"
    __table_args__ = (Index("ix_detail_history_assessment", "assessment_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changed_by: Mapped[str] = mapped_column(String(200))
    old_value: Mapped[str] = mapped_column(Text)  # JSON of the value before
    new_value: Mapped[str] = mapped_column(Text)  # JSON of the value after
    checksum: Mapped[str | None] = mapped_column(String(32), nullable=True)


class IssuedBrief(Base):
    """The register of briefs that left the app: when, in which form, marked how, and the
    SHA-256 of the file, so a copy found later can be matched to its entry."""

    __tablename__ = "issued_briefs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[str | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="SET NULL"), nullable=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    format: Mapped[str] = mapped_column(String(8))
    marking: Mapped[str] = mapped_column(String(400))
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    recipient: Mapped[str] = mapped_column(String(200), default="")
    issued_by: Mapped[str] = mapped_column(String(200), default="")
    checksum: Mapped[str | None] = mapped_column(String(32), nullable=True)


class SuggestionDecision(Base):
    """What the analyst did with a suggestion from reference data: accepted (its answer was
    written, through the same service as any answer) or rejected (not offered again while the
    dataset is the same). One row per assessment and indicator; a newer dataset offers a
    rejected suggestion again and marks an accepted one as having newer data."""

    __tablename__ = "suggestion_decisions"
    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    indicator_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    decision: Mapped[str] = mapped_column(String(16))  # accepted | rejected
    dataset_version: Mapped[str] = mapped_column(String(32))
    dataset_hash: Mapped[str] = mapped_column(String(64))
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    checksum: Mapped[str | None] = mapped_column(String(32), nullable=True)  # schema 9


class LibraryLogRow(Base):
    """Append-only: what was done to the library as a whole, by whom (e.g. adopting a copied
    library on a new computer, which re-seals every row with that computer's key)."""

    __tablename__ = "library_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    by: Mapped[str] = mapped_column(String(200))
    event: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text)
    checksum: Mapped[str | None] = mapped_column(String(32), nullable=True)
