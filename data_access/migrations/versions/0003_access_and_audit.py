"""access and audit: users and their roles, the audit trail, who imported a snapshot and its withdrawal

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_user',
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('provinces', sa.String(length=400), nullable=True),
    sa.Column('granted_by', sa.String(length=320), nullable=True),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('national', 'province', 'admin')", name='ck_user_role'),
    sa.PrimaryKeyConstraint('email')
    )
    op.create_table('audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=320), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=True),
    sa.Column('target', sa.String(length=500), nullable=True),
    sa.Column('source_name', sa.String(length=500), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('row_count', sa.Integer(), nullable=True),
    sa.Column('problem_count', sa.Integer(), nullable=True),
    sa.Column('detail', sa.String(length=2000), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_audit_at', 'audit', ['at'], unique=False)
    op.add_column('snapshot', sa.Column('imported_by', sa.String(length=320), nullable=True))
    op.add_column('snapshot', sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('snapshot', sa.Column('withdrawn_by', sa.String(length=320), nullable=True))
    op.add_column('snapshot', sa.Column('withdrawn_reason', sa.String(length=500), nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE (SQLite ≥ 3.35 has DROP COLUMN): a batch copy would drop and recreate `snapshot`, and with
    # foreign keys on, dropping it cascades into lao_status and the rollups.
    for column in ('withdrawn_reason', 'withdrawn_by', 'withdrawn_at', 'imported_by'):
        op.execute(f'ALTER TABLE snapshot DROP COLUMN {column}')
    op.drop_index('ix_audit_at', table_name='audit')
    op.drop_table('audit')
    op.drop_table('app_user')
