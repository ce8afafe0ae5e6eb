#!/bin/sh
# Install (Debian packages) and start a throw-away PostgreSQL on 127.0.0.1 for the store tests.
# Prints the SQLAlchemy URL on its last line.
set -e
PORT=${PGPORT_TEST:-55432}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$BIN" ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1
  BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
DIR=$(mktemp -d /tmp/xuanti-pg.XXXXXX)
chown postgres "$DIR" 2>/dev/null || true
RUN="runuser -u postgres --"
[ "$(id -u)" = 0 ] || RUN=""
$RUN "$BIN/initdb" -D "$DIR/data" -U xuanti --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
$RUN "$BIN/pg_ctl" -D "$DIR/data" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" -l "$DIR/log" -w start >/dev/null
"$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U xuanti xuanti_test
echo "postgresql+psycopg2://xuanti@127.0.0.1:$PORT/xuanti_test"
