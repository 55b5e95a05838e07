"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL points at one (CI runs both)."""

import os
import tempfile
from pathlib import Path

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: concurrency tests then see SQLite's real locking (busy timeout), and
    # the live server shares it. One file per test process, so parallel runs never collide.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"zvh-test-{os.getpid()}.sqlite3")
    }

# Tasks run at once, in-process (a mail goes out when its transaction commits). The outbox tests
# switch to the database backend and run the real worker (zvh/notifications/tests/conftest.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
