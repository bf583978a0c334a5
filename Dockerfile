# wpsbot: `wpsbot serve` in a slim image, as a non-root user, the database on a volume.
#   docker build -t wpsbot .
#   docker run -d --name wpsbot --env-file .env -v wpsbot-data:/data -p 3000:3000 wpsbot
# The base image pinned to one Python release and one Debian release (a floating tag such as
# 3.11-slim changes under a rebuild); the libraries are pinned by constraints.txt.
FROM python:3.11.7-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md constraints.txt ./
COPY bot ./bot
COPY handlers ./handlers
COPY store ./store
RUN pip install -c constraints.txt . \
    && useradd --create-home --uid 10001 wpsbot \
    && mkdir /data \
    && chown wpsbot:wpsbot /data

USER wpsbot
# HOST: serve listens on 127.0.0.1 unless told otherwise; in a container the port mapping
# (-p 3000:3000) is what decides who reaches it.
ENV WPSBOT_DB=/data/wpsbot.db \
    PORT=3000 \
    HOST=0.0.0.0
VOLUME ["/data"]
EXPOSE 3000

# /healthz answers in both modes (in Socket Mode only health and the calendar are on $PORT).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000'), timeout=4)"]

ENTRYPOINT ["wpsbot"]
CMD ["serve"]
