# Sourced by scripts/test: makes sure a Meilisearch server answers for the
# tests and exports HEARTH_TEST_MEILISEARCH_URL and _KEY. In order: the URL
# already set, a `meilisearch` on PATH, or the server built for this
# workplace at ../shared/tools/meilisearch (its README says how it was
# built). The caller stops a server started here with stop_meilisearch.

meilisearch_binary() {
  if command -v meilisearch >/dev/null 2>&1; then
    command -v meilisearch
  elif [ -x ../shared/tools/meilisearch ]; then
    echo "$(cd ../shared/tools && pwd)/meilisearch"
  else
    return 1
  fi
}

start_meilisearch() {
  local bin=$1 dir port key
  dir=$(mktemp -d /tmp/hearth-meilisearch.XXXXXX)
  port=$(free_port)
  key=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  echo "starting Meilisearch ($bin) on port $port"
  "$bin" --db-path "$dir/data" --http-addr "127.0.0.1:$port" --master-key "$key" \
    --no-analytics --env development --max-indexing-threads 1 --max-indexing-memory 512Mb >"$dir/server.log" 2>&1 &
  MEILISEARCH=("$dir" "$!")
  for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
      export HEARTH_TEST_MEILISEARCH_URL="http://127.0.0.1:$port"
      export HEARTH_TEST_MEILISEARCH_KEY="$key"
      return 0
    fi
    sleep 0.1
  done
  cat "$dir/server.log" >&2
  return 1
}

# Stops and removes the server started here, if any.
stop_meilisearch() {
  [ -n "${MEILISEARCH:-}" ] || return 0
  kill "${MEILISEARCH[1]}" 2>/dev/null || true
  wait "${MEILISEARCH[1]}" 2>/dev/null || true
  rm -rf "${MEILISEARCH[0]}"
}

ensure_meilisearch() {
  local bin
  if [ -n "${HEARTH_TEST_MEILISEARCH_URL:-}" ]; then
    echo "using Meilisearch from HEARTH_TEST_MEILISEARCH_URL"
  elif bin=$(meilisearch_binary); then
    start_meilisearch "$bin"
  elif [ "${CI:-}" = true ]; then
    echo "scripts/test: no Meilisearch: set HEARTH_TEST_MEILISEARCH_URL, put meilisearch on PATH" >&2
    echo "or ../shared/tools/meilisearch. CI=true: the Meilisearch tests must run, so this run fails." >&2
    return 1
  else
    MEILISEARCH_MISSING=1
    echo "!!! NO MEILISEARCH: the Meilisearch cases of the search tests will NOT run." >&2
    echo "!!! Set HEARTH_TEST_MEILISEARCH_URL or put meilisearch on PATH to run them." >&2
  fi
}
