"""mystery shopping: service standards, scenarios, assignments, shop records, audit trail

Councillors shop each channel against the council's published standards (issue 4).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 22:38:29.677034

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('shop_criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('measure', sa.String(length=40), nullable=True),
    sa.Column('limit_value', sa.Integer(), nullable=True),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('critical', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['channel_id'], ['channel.id'], name=op.f('fk_shop_criterion_channel_id_channel')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_criterion')),
    sa.UniqueConstraint('channel_id', 'key', name='uq_shop_criterion_channel_key')
    )
    op.create_table('shop_scenario',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('request', sa.Text(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_shop_scenario_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_scenario'))
    )
    op.create_table('shop_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scenario_id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.Column('shopper_id', sa.Integer(), nullable=False),
    sa.Column('window_start', sa.Date(), nullable=False),
    sa.Column('window_end', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['channel_id'], ['channel.id'], name=op.f('fk_shop_assignment_channel_id_channel')),
    sa.ForeignKeyConstraint(['scenario_id'], ['shop_scenario.id'], name=op.f('fk_shop_assignment_scenario_id_shop_scenario')),
    sa.ForeignKeyConstraint(['shopper_id'], ['user_account.id'], name=op.f('fk_shop_assignment_shopper_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_assignment'))
    )
    op.create_table('shop_scenario_channel',
    sa.Column('scenario_id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['channel_id'], ['channel.id'], name=op.f('fk_shop_scenario_channel_channel_id_channel')),
    sa.ForeignKeyConstraint(['scenario_id'], ['shop_scenario.id'], name=op.f('fk_shop_scenario_channel_scenario_id_shop_scenario'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('scenario_id', 'channel_id', name=op.f('pk_shop_scenario_channel'))
    )
    op.create_table('shop_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('shopper_id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('contact_at', sa.DateTime(), nullable=True),
    sa.Column('call_answered', sa.Boolean(), nullable=True),
    sa.Column('answer_seconds', sa.Integer(), nullable=True),
    sa.Column('wait_minutes', sa.Integer(), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=True),
    sa.Column('replied_at', sa.DateTime(), nullable=True),
    sa.Column('no_reply', sa.Boolean(), nullable=False),
    sa.Column('behaviours', sa.JSON(), nullable=False),
    sa.Column('helpfulness', sa.Integer(), nullable=True),
    sa.Column('knowledge', sa.Integer(), nullable=True),
    sa.Column('account', sa.Text(), nullable=False),
    sa.Column('points_earned', sa.Integer(), nullable=True),
    sa.Column('points_possible', sa.Integer(), nullable=True),
    sa.Column('score_percent', sa.Double(), nullable=True),
    sa.Column('capped', sa.Boolean(), nullable=True),
    sa.Column('scored_criteria', sa.JSON(), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['shop_assignment.id'], name=op.f('fk_shop_record_assignment_id_shop_assignment')),
    sa.ForeignKeyConstraint(['channel_id'], ['channel.id'], name=op.f('fk_shop_record_channel_id_channel')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_shop_record_reviewed_by_id_user_account')),
    sa.ForeignKeyConstraint(['shopper_id'], ['user_account.id'], name=op.f('fk_shop_record_shopper_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_record')),
    sa.UniqueConstraint('assignment_id', name=op.f('uq_shop_record_assignment_id'))
    )
    op.create_table('shop_audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['shop_record.id'], name=op.f('fk_shop_audit_event_record_id_shop_record'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_shop_audit_event_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_audit_event'))
    )


def downgrade():
    op.drop_table('shop_audit_event')
    op.drop_table('shop_record')
    op.drop_table('shop_scenario_channel')
    op.drop_table('shop_assignment')
    op.drop_table('shop_scenario')
    op.drop_table('shop_criterion')
