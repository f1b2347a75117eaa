# coach: the dashboard and API (coach serve) in a slim, non-root image. The install step is the
# Makefile's own (scripts/install-app); the entry step is docker/entrypoint. Both are run in CI
# by tests/test_container.py, since no Docker engine runs on our machines.
FROM python:3.12-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
COPY scripts/install-app ./scripts/install-app
RUN scripts/install-app /opt/coach

FROM python:3.12-slim
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin coach \
    && mkdir /data && chown coach:coach /data
COPY --from=build /opt/coach /opt/coach
COPY docker/entrypoint /usr/local/bin/coach-entrypoint
ENV PATH=/opt/coach/bin:$PATH \
    COACH_HOME=/data \
    COACH_LOG_FORMAT=json \
    COACH_LOG_LEVEL=INFO \
    PYTHONDONTWRITEBYTECODE=1
VOLUME ["/data"]
USER 10001
EXPOSE 8765
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8765/api/v1/health', timeout=4)"]
ENTRYPOINT ["coach-entrypoint"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8765"]
