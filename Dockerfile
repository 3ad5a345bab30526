# syntax=docker/dockerfile:1
# Production image: Node builds the front end; a slim Python runtime serves it as a non-root user.

FROM node:22-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static ./static
RUN npm run build

FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# Fonts the self-assessment PDF embeds (accounts/pdf.py): Noto Sans and its scripts, Symbola for emoji.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-core fonts-symbola \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system portal && useradd --system --gid portal --home-dir /app --shell /usr/sbin/nologin portal
WORKDIR /app
# The lock (make lock): every package at a fixed version, each file checked against its hash.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
# The code belongs to root: the user that runs it can read it but not change it.
COPY . .
COPY --from=assets /build/static/build ./static/build
# allauth's wording in GOV.UK style (the .mo is built here, never committed).
RUN python -c "import sys, polib; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" \
    carers_portal/locale/en_GB/LC_MESSAGES/django.po carers_portal/locale/en_GB/LC_MESSAGES/django.mo
# collectstatic needs settings but no database or secrets of its own.
RUN DJANGO_SECRET_KEY=collectstatic-only DATABASE_URL=postgres://unused/unused \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var /data/beat /data/media && chown portal:portal /app/var /data/beat /data/media
USER portal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4).status == 200 else 1)"
CMD ["gunicorn", "--config", "python:carers_portal.gunicorn_conf", "carers_portal.wsgi:application"]
