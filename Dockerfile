# wirewatch service image: `docker run -e DISCORD_TOKEN=… -v wirewatch-data:/data wirewatch`
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    WIREWATCH_DATABASE_URL=sqlite+aiosqlite:////data/wirewatch.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY feeds ./feeds
COPY summarizer ./summarizer
COPY stories ./stories
COPY store ./store
COPY config ./config
COPY samples ./samples
# Non-editable install; the config directory stays beside the code for the default paths.
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /data wirewatch \
    && mkdir -p /data && chown wirewatch /data

USER wirewatch
VOLUME ["/data"]
ENTRYPOINT ["wirewatch", "--config", "/app/config/wirewatch.toml"]
CMD ["run"]
