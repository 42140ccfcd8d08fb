"""A real PostgreSQL server for the test session: the same one the local cluster starts (deploy/postgres.py)."""

from deploy.postgres import PostgresServer

__all__ = ["PostgresServer"]
