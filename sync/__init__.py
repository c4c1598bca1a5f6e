"""Sync protocol, client and central server (built by the server and sync issues).

Only standard-library and ``requests`` imports belong here: the server deploys without Qt.
"""
