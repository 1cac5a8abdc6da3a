"""response receipt reference

Every response gets a receipt reference: 8 random characters of Crockford's base 32 (no I,
L, O or U), shown to the resident as K7QD-9M2X on the confirmation page and kept in their
session cookie so that Reload and Back show it again. It grants no access to anything: it is
not the submission key (which would find the resident's answers) nor the equality key, and
no download holds it. Staff enter it on "Remove a resident's answers" to delete a response
at the resident's request.

The column is added without rebuilding ``response`` (a SQLite batch rebuild would drop the
results tally triggers of 0007 and 0011), then each stored response gets a unique random
reference, then the unique index is created. It stays nullable: a row written by raw SQL
without one simply has no reference; the app always draws one.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 04:30:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # as models.response.REFERENCE_ALPHABET
LENGTH = 8
BATCH = 1000


def _references(count: int) -> list[str]:
    """``count`` different random references."""
    drawn: set[str] = set()
    while len(drawn) < count:
        drawn.add("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))
    return list(drawn)


def upgrade():
    op.add_column('response', sa.Column('reference', sa.String(length=LENGTH), nullable=True))
    connection = op.get_bind()
    ids = [row[0] for row in connection.execute(sa.text("SELECT id FROM response ORDER BY id"))]
    update = sa.text("UPDATE response SET reference = :reference WHERE id = :id")
    references = _references(len(ids))
    # A reference changes no tallied column, but the tally triggers fire on every UPDATE of
    # a response: on PostgreSQL they are switched off for the backfill (inside this
    # migration's transaction), or a million responses would each be uncounted and counted
    # again.
    postgresql = connection.dialect.name == "postgresql"
    if postgresql:
        op.execute("ALTER TABLE response DISABLE TRIGGER USER")
    for start in range(0, len(ids), BATCH):
        connection.execute(
            update,
            [
                {"id": id_, "reference": reference}
                for id_, reference in zip(
                    ids[start:start + BATCH], references[start:start + BATCH], strict=True
                )
            ],
        )
    if postgresql:
        op.execute("ALTER TABLE response ENABLE TRIGGER USER")
    op.create_index(op.f('ix_response_reference'), 'response', ['reference'], unique=True)


def downgrade():
    op.drop_index(op.f('ix_response_reference'), table_name='response')
    op.drop_column('response', 'reference')
