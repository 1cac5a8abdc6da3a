"""response imports remembered, and single-use account links

Response imports: each imported file's hash and each row's fingerprint.

Uploading the same CSV file twice imported its rows twice. response_import keeps the SHA-256
of each imported file (with who imported it and when), and imported_row a SHA-256
fingerprint of each row it held, without its equality answers and with no link to the
response it made, so the same file, or the same rows in another file, are recognised.

Scheduled opening and closing: survey.opens_on and survey.closes_on (both optional).

Account links: account_token keeps the SHA-256 of each emailed invitation or password-reset
link's token, with when it expires and when it was used, so a link works once and expires.

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-05 01:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'response_import',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('file_sha256', sa.String(length=64), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('row_count', sa.Integer(), nullable=False),
        sa.Column('imported_at', sa.DateTime(), nullable=False),
        sa.Column('imported_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ['imported_by_id'], ['user_account.id'],
            name=op.f('fk_response_import_imported_by_id_user_account'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_response_import')),
    )
    with op.batch_alter_table('response_import', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_response_import_file_sha256'), ['file_sha256'], unique=False
        )

    op.create_table(
        'imported_row',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('response_import_id', sa.Integer(), nullable=False),
        sa.Column('line', sa.Integer(), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ['response_import_id'], ['response_import.id'],
            name=op.f('fk_imported_row_response_import_id_response_import'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_row')),
    )
    with op.batch_alter_table('imported_row', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imported_row_fingerprint'), ['fingerprint'], unique=False)
        batch_op.create_index(
            batch_op.f('ix_imported_row_response_import_id'), ['response_import_id'], unique=False
        )


    op.create_table(
        'account_token',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('purpose', sa.String(length=10), nullable=False),
        sa.Column('token_sha256', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_account_token_user_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_account_token')),
        sa.UniqueConstraint('token_sha256', name=op.f('uq_account_token_token_sha256')),
    )
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_token_user_id'), ['user_id'], unique=False)


    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opens_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('closes_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_column('closes_on')
        batch_op.drop_column('opens_on')

    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_token_user_id'))
    op.drop_table('account_token')

    with op.batch_alter_table('imported_row', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imported_row_response_import_id'))
        batch_op.drop_index(batch_op.f('ix_imported_row_fingerprint'))
    op.drop_table('imported_row')

    with op.batch_alter_table('response_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_import_file_sha256'))
    op.drop_table('response_import')
