# Sourced by .ci/run: a PostgreSQL server for the suites that also run on one
# (TEST_DATABASE_URL). The machine's own when it runs one, else Debian's, started here.

pg_ready() {
  pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null
}

if [ -z "${TEST_DATABASE_URL:-}" ]; then
  if ! pg_ready; then
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
      echo "ci: installing PostgreSQL from Debian's packages"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    echo "ci: starting PostgreSQL"
    for version in $(ls /etc/postgresql 2>/dev/null); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
    for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
  fi
  if pg_ready; then
    # the suites create and drop a database of their own each; this one is only the way in
    if psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
      export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"
    elif su postgres -c "psql -d postgres -Atc 'select 1'" >/dev/null 2>&1; then
      # a fresh Debian cluster: peer authentication on the socket only; let local TCP in
      su postgres -c "psql -d postgres -c \"alter user postgres password 'postgres'\"" >/dev/null
      export TEST_DATABASE_URL="postgres://postgres:postgres@127.0.0.1:5432/postgres"
    fi
  fi
fi
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "ci: the server suites also run on PostgreSQL ($(echo "$TEST_DATABASE_URL" | sed 's#://[^@]*@#://…@#'))"
else
  echo "ci: WARNING: no PostgreSQL server could be started; the server suites run on PGlite only"
fi
