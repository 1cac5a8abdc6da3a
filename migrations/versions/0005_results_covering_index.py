"""results: covering index for counting answers per response

The results pages count answer values per group by joining ``answer`` to ``response``.
With (question_key, response_id, value) in one index, the database reads the answers it
needs from the index alone, in response order, instead of visiting millions of table rows.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 22:58:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index(
            'ix_answer_question_key_response_id_value',
            ['question_key', 'response_id', 'value'],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index('ix_answer_question_key_response_id_value')
