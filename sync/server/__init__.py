"""The central server, ``verifica-server``: sync API, accounts, public verification pages.

A separate deployable (``pip install verifica[server]``): it imports FastAPI, SQLAlchemy and
Alembic, shares only :mod:`sync.protocol` with the desktop and never imports ``desktop``.
"""
