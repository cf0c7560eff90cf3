"""search: search_document.vector (the document's multilingual embedding, float16 bytes)

Revision ID: e5a1c0ffee01
Revises: 98b97f95b5b6
Create Date: 2026-12-01 23:16:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e5a1c0ffee01"
down_revision = "98b97f95b5b6"
branch_labels = None
depends_on = None


def upgrade():
    # Nullable: existing rows get their vector at the next reindex or `flask search rebuild`.
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("vector", sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.drop_column("vector")
