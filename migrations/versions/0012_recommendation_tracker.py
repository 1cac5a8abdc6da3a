"""recommendations: findings with their evidence, recommendations, responses, progress

The review's findings (each with the results view it rests on and a snapshot of its
figures), the recommendations made from them, the executive's response, officers' dated
progress updates, each recommendation's own history, and the directorate an officer
works in.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('evidence_url', sa.String(length=500), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_finding_created_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding'))
    )
    op.create_table('recommendation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=30), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('directorate', sa.String(length=80), nullable=False),
    sa.Column('portfolio_holder', sa.String(length=120), nullable=False),
    sa.Column('lead_officer', sa.String(length=120), nullable=False),
    sa.Column('committee', sa.String(length=120), nullable=False),
    sa.Column('committee_date', sa.Date(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('response', sa.String(length=20), nullable=True),
    sa.Column('response_text', sa.Text(), nullable=False),
    sa.Column('response_body', sa.String(length=120), nullable=False),
    sa.Column('response_date', sa.Date(), nullable=True),
    sa.Column('withdrawn_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation')),
    sa.UniqueConstraint('reference', name=op.f('uq_recommendation_reference'))
    )
    op.create_index(op.f('ix_recommendation_directorate'), 'recommendation', ['directorate'], unique=False)
    op.create_table('recommendation_finding',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_recommendation_finding_finding_id_finding'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_finding_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'finding_id', name=op.f('pk_recommendation_finding'))
    )
    op.create_table('progress_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=120), nullable=False),
    sa.Column('written_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_progress_update_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_progress_update_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_update'))
    )
    op.create_index(op.f('ix_progress_update_recommendation_id'), 'progress_update', ['recommendation_id'], unique=False)
    op.create_table('recommendation_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.String(length=300), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_event_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_recommendation_event_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation_event'))
    )
    op.create_index(op.f('ix_recommendation_event_recommendation_id'), 'recommendation_event', ['recommendation_id'], unique=False)
    op.create_table('officer_directorate',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('directorate', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_officer_directorate_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_officer_directorate'))
    )


def downgrade():
    op.drop_table('officer_directorate')
    op.drop_index(op.f('ix_recommendation_event_recommendation_id'), table_name='recommendation_event')
    op.drop_table('recommendation_event')
    op.drop_index(op.f('ix_progress_update_recommendation_id'), table_name='progress_update')
    op.drop_table('progress_update')
    op.drop_table('recommendation_finding')
    op.drop_index(op.f('ix_recommendation_directorate'), table_name='recommendation')
    op.drop_table('recommendation')
    op.drop_table('finding')
