"""``flush`` without the access log: the log is append-only, also for ``manage.py flush``.

Django lets an app override a core command; this one empties every other table as before.
Transactional tests (``transaction=True``, ``live_server``) flush after each test, so their
access log entries stay, with the chain head that belongs to them, and the chain stays whole.
"""

from django.core.management.commands import flush
from django.db import connections

from zvh.access_log.triggers import CHECKPOINT_TABLE, ENTRY_TABLE, HEAD_TABLE, SUBJECT_TABLE

KEPT = frozenset({ENTRY_TABLE, SUBJECT_TABLE, HEAD_TABLE, CHECKPOINT_TABLE})


class Command(flush.Command):
    help = flush.Command.help + " The access log is kept."

    def handle(self, **options):
        introspection = connections[options["database"]].introspection
        all_tables = introspection.django_table_names

        def without_access_log(*args, **kwargs):
            return [table for table in all_tables(*args, **kwargs) if table not in KEPT]

        introspection.django_table_names = without_access_log
        try:
            return super().handle(**options)
        finally:
            del introspection.django_table_names
