# The web, worker and beat image. Production settings come from the environment.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# gettext compiles the translations; Pango and fonts are what WeasyPrint renders PDFs with.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
# urllib3-future (from the CalDAV client's niquests) kept apart from urllib3: see Makefile.
RUN URLLIB3_NO_OVERRIDE=1 pip install --no-binary urllib3-future -e .

# Build-time values only: the real SECRET_KEY is given when the container runs.
RUN DEBUG=false SECRET_KEY=build-only-not-secret python manage.py compilemessages -l es \
    && DEBUG=false SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput

RUN useradd --create-home --uid 1000 mentoring \
    && mkdir -p /app/media \
    && chown -R mentoring /app/media
USER mentoring

EXPOSE 8000
CMD ["gunicorn", "mentoring.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
