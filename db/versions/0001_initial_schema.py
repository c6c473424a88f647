"""initial schema

Revision ID: 0001
Revises: -
Create Date: 2026-11-28

The first schema: countries, frameworks, assessments with stored scores, answers and their
append-only history. Each migration ends by stamping PRAGMA user_version with its number so the
app can tell, without importing Alembic, whether a database needs upgrading or is too new.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


AIBRI_APPLICATION_ID = 0x41494252


def _stamp(version: int) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA application_id = {AIBRI_APPLICATION_ID}")
        op.execute(f"PRAGMA user_version = {version}")


def upgrade() -> None:
    op.create_table('countries',
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('official_name', sa.String(length=200), nullable=False),
    sa.Column('region', sa.String(length=60), nullable=False),
    sa.Column('subregion', sa.String(length=60), nullable=False),
    sa.Column('alt_names', sa.Text(), nullable=False),
    sa.Column('fictional', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_countries'))
    )
    op.create_table('frameworks',
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('framework_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('content_hash', name=op.f('pk_frameworks'))
    )
    op.create_table('meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_meta'))
    )
    op.create_table('assessments',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('assessor', sa.String(length=200), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('marking', sa.String(length=120), nullable=False),
    sa.Column('framework_id', sa.String(length=64), nullable=False),
    sa.Column('framework_version', sa.String(length=32), nullable=False),
    sa.Column('framework_hash', sa.String(length=64), nullable=False),
    sa.Column('modules', sa.Text(), nullable=False),
    sa.Column('predecessor_id', sa.String(length=36), nullable=True),
    sa.Column('overall_score', sa.Float(), nullable=True),
    sa.Column('overall_low', sa.Float(), nullable=True),
    sa.Column('overall_high', sa.Float(), nullable=True),
    sa.Column('overall_band', sa.String(length=16), nullable=True),
    sa.Column('coverage', sa.Float(), nullable=True),
    sa.Column('provisional', sa.Boolean(), nullable=False),
    sa.Column('red_flags', sa.Integer(), nullable=False),
    sa.Column('dimension_scores', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['country_code'], ['countries.code'], name=op.f('fk_assessments_country_code_countries')),
    sa.ForeignKeyConstraint(['framework_hash'], ['frameworks.content_hash'], name=op.f('fk_assessments_framework_hash_frameworks')),
    sa.ForeignKeyConstraint(['predecessor_id'], ['assessments.id'], name=op.f('fk_assessments_predecessor_id_assessments'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessments'))
    )
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.create_index('ix_assessments_country_code', ['country_code'], unique=False)
        batch_op.create_index('ix_assessments_updated_at', ['updated_at'], unique=False)

    op.create_table('answer_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.String(length=36), nullable=False),
    sa.Column('indicator_id', sa.String(length=16), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by', sa.String(length=200), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=False),
    sa.Column('new_value', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_answer_history_assessment_id_assessments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_history'))
    )
    with op.batch_alter_table('answer_history', schema=None) as batch_op:
        batch_op.create_index('ix_answer_history_assessment', ['assessment_id', 'indicator_id'], unique=False)

    op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.String(length=36), nullable=False),
    sa.Column('indicator_id', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('na_reason', sa.Text(), nullable=False),
    sa.Column('confidence', sa.String(length=8), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('sources', sa.Text(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=True),
    sa.Column('carried_over', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_answers_assessment_id_assessments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint('assessment_id', 'indicator_id', name=op.f('uq_answers_assessment_id'))
    )
    _stamp(1)


def downgrade() -> None:
    raise NotImplementedError("AIBRI Desktop databases are never downgraded; restore a backup.")
