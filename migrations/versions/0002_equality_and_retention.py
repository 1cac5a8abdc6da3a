"""Equality answers stored apart from responses, and responses that purge can anonymise

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 22:39:00.180721

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('equality_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('age_band', sa.String(length=64), nullable=True),
    sa.Column('sex', sa.String(length=64), nullable=True),
    sa.Column('gender_identity', sa.String(length=64), nullable=True),
    sa.Column('gender_identity_other', sa.String(length=100), nullable=True),
    sa.Column('sexual_orientation', sa.String(length=64), nullable=True),
    sa.Column('sexual_orientation_other', sa.String(length=100), nullable=True),
    sa.Column('ethnic_group', sa.String(length=64), nullable=True),
    sa.Column('ethnicity', sa.String(length=64), nullable=True),
    sa.Column('ethnicity_other', sa.String(length=100), nullable=True),
    sa.Column('religion', sa.String(length=64), nullable=True),
    sa.Column('religion_other', sa.String(length=100), nullable=True),
    sa.Column('disability_condition', sa.String(length=64), nullable=True),
    sa.Column('disability_reduces_activities', sa.String(length=64), nullable=True),
    sa.Column('carer', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_equality_response_survey_id_survey')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_equality_response')),
    sa.UniqueConstraint('key', name=op.f('uq_equality_response_key'))
    )
    with op.batch_alter_table('equality_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_equality_response_created_on'), ['created_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_equality_response_survey_id'), ['survey_id'], unique=False)

    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('equality_key', sa.String(length=64), nullable=True))
        # Existing responses are not anonymised yet; false() is valid on SQLite and PostgreSQL.
        batch_op.add_column(sa.Column('anonymised', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_unique_constraint(batch_op.f('uq_response_equality_key'), ['equality_key'])


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_response_equality_key'), type_='unique')
        batch_op.drop_column('anonymised')
        batch_op.drop_column('equality_key')

    with op.batch_alter_table('equality_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_equality_response_survey_id'))
        batch_op.drop_index(batch_op.f('ix_equality_response_created_on'))

    op.drop_table('equality_response')
