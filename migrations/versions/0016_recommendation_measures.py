"""recommendation measures: re-measurement before and since a recommendation

A recommendation may name a measure (residents' % satisfied, overall or for a channel or
service; or a mystery-shop standard's % met, overall or on one channel) and the dates that
split "before" from "since". ``measure`` is the measure's key (see
survey_app/recommendations/measures.py); ``measure_before_from`` starts the "before"
period, ``measure_since_from`` ends it and starts "since", and ``measure_since_to`` ends
"since" (none: up to today).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 04:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

COLUMNS = ("measure", "measure_before_from", "measure_since_from", "measure_since_to")


def upgrade():
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('measure', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('measure_before_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('measure_since_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('measure_since_to', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
