"""jobs: one lease and last-run row per periodic job

Revision ID: 4b7e2c91a0d3
Revises: 23831cf4639f
Create Date: 2026-12-01 22:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "4b7e2c91a0d3"
down_revision = "23831cf4639f"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "job_state",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("leased_by", sa.String(length=128), nullable=True),
        sa.Column("next_run_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_duration_ms", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_result", sa.String(length=200), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_state")),
    )


def downgrade():
    op.drop_table("job_state")
