"""Fixtures of the workbench tests live in serve_fixtures.py (a unique module name: several
test folders have a conftest.py)."""

from serve_fixtures import (
    analyst,
    app_client,
    db,
    kp,
    live_server,
    sample_workbench_db,
)

__all__ = ["analyst", "app_client", "db", "kp", "live_server", "sample_workbench_db"]
