"""SQLAlchemy storage: tables, the database opener, migrations and repositories.

Everything SQLite-specific stays in this package so that another SQLAlchemy URL (a ministry's
PostgreSQL server, later) only needs changes here.
"""
