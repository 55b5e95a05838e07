"""WSGI entry point (gunicorn zvh.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zvh.config.settings.production")
application = get_wsgi_application()
