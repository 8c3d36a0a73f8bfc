# Sourced by scripts/test: makes sure a PostgreSQL server answers for the
# tests and exports HEARTH_TEST_POSTGRES_URL. In order: the URL already set,
# a server on 127.0.0.1:5432, or a throwaway cluster started from the
# installed PostgreSQL binaries (the caller stops it with
# stop_throwaway_postgres).

postgres_answers() {
  command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$1" -p "$2" -t 3
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_throwaway_postgres() {
  local bin dir port run_as=()
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    return 1
  fi
  dir=$(mktemp -d /tmp/hearth-postgres.XXXXXX)
  port=$(free_port)
  # initdb refuses to run as root: run the cluster as the postgres user.
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    run_as=(runuser -u postgres --)
  fi
  echo "starting a throwaway PostgreSQL ($bin) on port $port"
  (cd "$dir" && "${run_as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync --locale=C.UTF-8 >"$dir/initdb.log" 2>&1) || {
    cat "$dir/initdb.log" >&2
    return 1
  }
  (cd "$dir" && "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null) || {
    cat "$dir/server.log" >&2
    return 1
  }
  THROWAWAY_POSTGRES=("$dir" "$bin" "${run_as[@]}")
  export HEARTH_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
}

# Stops and removes the throwaway cluster, if one was started.
stop_throwaway_postgres() {
  [ -n "${THROWAWAY_POSTGRES:-}" ] || return 0
  local dir=${THROWAWAY_POSTGRES[0]} bin=${THROWAWAY_POSTGRES[1]}
  local run_as=("${THROWAWAY_POSTGRES[@]:2}")
  (cd "$dir" && "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1) || true
  rm -rf "$dir"
}

ensure_postgres() {
  if [ -n "${HEARTH_TEST_POSTGRES_URL:-}" ]; then
    echo "using PostgreSQL from HEARTH_TEST_POSTGRES_URL"
  elif postgres_answers 127.0.0.1 5432; then
    export HEARTH_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/postgres"
    echo "using the PostgreSQL on 127.0.0.1:5432"
  elif ! start_throwaway_postgres; then
    echo "scripts/test: no PostgreSQL answers on 127.0.0.1:5432 and none is installed to start." >&2
    echo "Install PostgreSQL (apt-get install postgresql) or set HEARTH_TEST_POSTGRES_URL." >&2
    if [ "${CI:-}" = true ]; then
      echo "CI=true: the PostgreSQL tests must run, so this run fails." >&2
    fi
    return 1
  fi
}
