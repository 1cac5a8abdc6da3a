"""answer indexes without the value column

An index row in PostgreSQL is limited to about 2.7 kB. Indexing ``answer.value`` meant that
a 1,200-character comment written in, for example, Chinese or Tamil (3 bytes a character)
could not be saved, so the resident's whole survey failed. The results pages need answers
by question and response, which this index gives without the value.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 00:35:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index('ix_answer_question_key_response_id_value')
        batch_op.drop_index('ix_answer_question_key_value')
        batch_op.create_index(
            'ix_answer_question_key_response_id', ['question_key', 'response_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index('ix_answer_question_key_response_id')
        batch_op.create_index(
            'ix_answer_question_key_value', ['question_key', 'value'], unique=False
        )
        batch_op.create_index(
            'ix_answer_question_key_response_id_value',
            ['question_key', 'response_id', 'value'],
            unique=False,
        )
