"""staff sessions that end, and sign-in throttling per account and client address

staff_session: one row per signed-in browser (the SHA-256 of the random token its cookie
holds), so signing out, a password change, a reset, deactivation or a role change ends
sessions on the server, and a session has an absolute lifetime. sign_in_throttle: failed
sign-ins per (email address, client address), so an attacker's guesses lock out only
themselves, for increasing periods.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'staff_session',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_staff_session_user_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_staff_session')),
    )
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_session_user_id'), ['user_id'], unique=False)
        batch_op.create_index(
            batch_op.f('ix_staff_session_created_at'), ['created_at'], unique=False
        )
    op.create_table(
        'sign_in_throttle',
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('locks', sa.Integer(), nullable=False),
        sa.Column('locked_until', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key_hash', name=op.f('pk_sign_in_throttle')),
    )
    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_sign_in_throttle_updated_at'), ['updated_at'], unique=False
        )


def downgrade():
    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_throttle_updated_at'))
    op.drop_table('sign_in_throttle')
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_session_created_at'))
        batch_op.drop_index(batch_op.f('ix_staff_session_user_id'))
    op.drop_table('staff_session')
