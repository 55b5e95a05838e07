# syntax=docker/dockerfile:1
# One image for every zvh process: web (gunicorn), worker (db_worker), scheduler
# (run_scheduler), intake (run_intake) and one-off commands (migrate, backup, restore).
# Runs as a non-root user with a read-only root file system: only /tmp (a tmpfs) and
# /var/lib/zvh (the stored files: a volume) are written. See docs/operations.md.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
COPY requirements/base.txt /tmp/base.txt
RUN /opt/venv/bin/pip install --require-hashes -r /tmp/base.txt
WORKDIR /app
COPY manage.py pyproject.toml ./
COPY scripts/container-entrypoint scripts/
COPY src ./src
# Static files collected and compressed once, here (whitenoise serves them with far-future
# caching); bytecode compiled now, as nothing may be written at run time.
RUN DJANGO_SETTINGS_MODULE=zvh.config.settings.production \
    DJANGO_SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-xx \
    ZVH_ACCESS_LOG_PERSON_KEY_SECRET=build-only-not-a-secret-either-build-only-yy \
    DJANGO_ALLOWED_HOSTS=build.invalid DJANGO_STATIC_ROOT=/app/staticfiles \
    /opt/venv/bin/python manage.py collectstatic --noinput --verbosity 0 \
 && /opt/venv/bin/python -m compileall -q /app/src /opt/venv

FROM python:3.11-slim-bookworm
# pg_dump/pg_restore for `manage.py backup` and `restore` (PostgreSQL 15 client).
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --gid 0 --home-dir /app --no-create-home zvh \
 && mkdir -p /var/lib/zvh/media && chown -R 10001:0 /var/lib/zvh
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app/src \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=zvh.config.settings.production \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    ZVH_VAR_DIR=/var/lib/zvh \
    DJANGO_MEDIA_ROOT=/var/lib/zvh/media \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus \
    HOST=0.0.0.0 \
    PORT=8000
WORKDIR /app
USER 10001
VOLUME ["/var/lib/zvh"]
EXPOSE 8000 8025
# No HEALTHCHECK here: the same image runs processes without HTTP; compose and Kubernetes
# probe the web containers' /health/live and /health/ready.
ENTRYPOINT ["/app/scripts/container-entrypoint"]
CMD ["web"]
