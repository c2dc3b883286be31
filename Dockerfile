# Orbit in a container: a slim Python, the wheel built from this checkout, a non-root user.
#
# NOT BUILT HERE: the machine Orbit is developed on has no container daemon or registry,
# so this file has never been built. CI tests what it does instead
# (tests/ops/test_wheel.py): build the wheel, install it with constraints.txt into a
# fresh virtual environment, and, as a non-root user in a folder outside the checkout,
# run `orbit migrate`, `orbit lessons check` and a piped `orbit chat`.
#
#   docker build -t orbit .
#   docker run --env-file orbit.env orbit                      # orbit migrate, then run telegram
#   docker run --env-file orbit.env orbit worker --sender platform --platforms telegram

FROM python:3.11-slim AS wheel
WORKDIR /src
COPY pyproject.toml setup.py MANIFEST.in README.md constraints.txt ./
COPY bot ./bot
COPY lessons ./lessons
COPY prompts ./prompts
COPY config ./config
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /dist .

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    ORBIT_METRICS_PORT=9100 \
    ORBIT_LOG_FORMAT=json \
    ORBIT_MEDIA_DIR=/data/orbit-media \
    ORBIT_DATABASE_URL=sqlite:////data/orbit.db \
    MPLCONFIGDIR=/tmp/matplotlib
COPY --from=wheel /dist/ /tmp/dist/
COPY constraints.txt /tmp/constraints.txt
RUN pip install --constraint /tmp/constraints.txt /tmp/dist/*.whl \
    && rm -rf /tmp/dist /tmp/constraints.txt \
    && useradd --create-home --uid 10001 orbit \
    && mkdir -p /data && chown orbit /data \
    && printf '#!/bin/sh\nset -e\norbit migrate\nexec orbit "$@"\n' > /usr/local/bin/orbit-start \
    && chmod 755 /usr/local/bin/orbit-start
USER orbit
WORKDIR /data
VOLUME ["/data"]
EXPOSE 9100
# Liveness: the process answers on its metrics port (/readyz also checks the database).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['ORBIT_METRICS_PORT'], timeout=4)"
# `orbit migrate` (safe to repeat), then the command given: `run telegram` by default.
ENTRYPOINT ["orbit-start"]
CMD ["run", "telegram"]
