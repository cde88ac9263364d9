#!/bin/sh
# A private PostgreSQL for a DuckLake catalog on this machine (local use and tests), from Debian's package.
#
#   sh scripts/pg-local.sh start  [DIR] [PORT]   install postgresql if missing (root + apt), initdb, start;
#                                                 prints one line on stdout: the libpq conninfo to use
#   sh scripts/pg-local.sh stop   [DIR]
#   sh scripts/pg-local.sh status [DIR]           prints the conninfo; exit 3 when stopped, 4 with no cluster
#
# DIR (default data/pg) is the cluster's data folder; its unix socket lives there too. The server listens
# on 127.0.0.1 only, with trust authentication: anyone on this machine may connect, nobody from outside.
# initdb refuses to run as root, so as root the cluster belongs to the `postgres` user Debian's package
# creates; otherwise it belongs to whoever runs the script. Progress goes to stderr, so that
# `conninfo=$(sh scripts/pg-local.sh start)` captures only the conninfo. PG_BINDIR picks the server
# binaries when several versions are installed (default: the newest under /usr/lib/postgresql).
set -e

action="${1:-}"
DIR="${2:-data/pg}"
PORT="${3:-55432}"
DBNAME=towerkit
SUPERUSER=postgres

say() { echo "pg-local: $*" >&2; }
die() { say "$*"; exit 1; }

case "$action" in
    start | stop | status) ;;
    *) die "usage: sh scripts/pg-local.sh start|stop|status [DIR] [PORT]" ;;
esac
case "$PORT" in
    '' | *[!0-9]*) die "PORT must be a number, not '$PORT'" ;;
esac

# The newest Debian server binaries, else whatever is on PATH (another distribution's layout).
find_bindir() {
    if [ -n "$PG_BINDIR" ]; then
        echo "$PG_BINDIR"
        return
    fi
    # shellcheck disable=SC2012  # version folders are plain numbers: ls | sort -V is safe here
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$found" ] && command -v pg_ctl >/dev/null 2>&1; then
        found=$(dirname "$(command -v pg_ctl)")
    fi
    echo "$found"
}

BINDIR=$(find_bindir)
if [ ! -x "$BINDIR/pg_ctl" ] && [ "$action" = start ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing the Debian package postgresql"
        apt-get update -qq >/dev/null || die "apt-get update failed; cannot install postgresql"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1 ||
            die "apt-get install postgresql failed"
        BINDIR=$(find_bindir)
    fi
fi
[ -x "$BINDIR/pg_ctl" ] ||
    die "PostgreSQL is not installed (install it with: sudo apt-get install postgresql, or run this as root)"

# As root every server command runs as the postgres user; otherwise as the current user.
if [ "$(id -u)" = 0 ]; then
    id "$SUPERUSER" >/dev/null 2>&1 || die "no '$SUPERUSER' user to own the cluster (the postgresql package creates it)"
    if command -v runuser >/dev/null 2>&1; then
        as_owner() { runuser -u "$SUPERUSER" -- "$@"; }
    else
        as_owner() { su -s /bin/sh "$SUPERUSER" -c 'exec "$0" "$@"' "$@"; }
    fi
else
    as_owner() { "$@"; }
fi

if [ "$action" = start ]; then
    mkdir -p "$DIR" 2>/dev/null || die "cannot create $DIR"
elif [ ! -d "$DIR" ]; then
    say "no cluster in $DIR"
    [ "$action" = stop ] && exit 0
    exit 4
fi
DIR=$(cd "$DIR" && pwd -P)
# The postgres user may not be allowed into the caller's working directory (/root): run from the cluster.
cd /

conninfo() { echo "dbname=$DBNAME host=127.0.0.1 port=$1 user=$SUPERUSER"; }

# Line 4 of postmaster.pid is the port the running server listens on, whatever PORT this call was given.
running_port() { sed -n 4p "$DIR/postmaster.pid" 2>/dev/null; }

is_running() { [ -f "$DIR/PG_VERSION" ] && as_owner "$BINDIR/pg_ctl" -D "$DIR" status >/dev/null 2>&1; }

if [ "$action" = status ]; then
    [ -f "$DIR/PG_VERSION" ] || { say "no cluster in $DIR"; exit 4; }
    is_running || { say "cluster in $DIR is stopped"; exit 3; }
    conninfo "$(running_port)"
    exit 0
fi

if [ "$action" = stop ]; then
    if is_running; then
        as_owner "$BINDIR/pg_ctl" -D "$DIR" stop -m fast -w -t 60 >/dev/null || die "pg_ctl stop failed for $DIR"
        say "stopped the cluster in $DIR"
    else
        say "no cluster running in $DIR"
    fi
    exit 0
fi

# Trust authentication on 127.0.0.1: any local user may connect as the superuser, root included.
admin_sql() { "$BINDIR/psql" -X -q -t -A -h 127.0.0.1 -p "$1" -U "$SUPERUSER" -d postgres -c "$2"; }
ensure_database() {
    [ "$(admin_sql "$1" "SELECT 1 FROM pg_database WHERE datname = '$DBNAME'")" = 1 ] ||
        admin_sql "$1" "CREATE DATABASE $DBNAME" >/dev/null || die "could not create the database $DBNAME"
}

if is_running; then
    ensure_database "$(running_port)"
    conninfo "$(running_port)"
    exit 0
fi

if [ ! -f "$DIR/PG_VERSION" ]; then
    [ -z "$(ls -A "$DIR")" ] || die "$DIR is neither empty nor a PostgreSQL cluster"
    if [ "$(id -u)" = 0 ]; then
        chown "$SUPERUSER:" "$DIR"
        chmod 700 "$DIR"
    fi
    as_owner test -w "$DIR" ||
        die "the $SUPERUSER user cannot reach $DIR (a parent folder is not searchable): choose another DIR"
    say "creating a cluster in $DIR"
    log=$(as_owner "$BINDIR/initdb" -D "$DIR" -U "$SUPERUSER" --auth=trust -E UTF8 --locale=C 2>&1) ||
        die "initdb failed: $(echo "$log" | tail -n 1)"
    # A unix socket path holds at most 107 bytes; past that the server listens on TCP alone, which the
    # conninfo uses anyway.
    socket_dir=$DIR
    if [ "${#DIR}" -gt 90 ]; then
        socket_dir=""
        say "$DIR is too long a path for a unix socket: the server listens on TCP only"
    fi
    quoted=$(printf '%s' "$socket_dir" | sed "s/'/''/g")
    as_owner sh -c 'cat >>"$1/postgresql.conf"' sh "$DIR" <<EOF

# pg-local.sh: a private server for one machine
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$quoted'
EOF
fi

say "starting PostgreSQL on 127.0.0.1:$PORT"
# The log grows across starts: a failure is explained by the lines this start wrote, FATAL ones first.
seen=0
[ -f "$DIR/server.log" ] && seen=$(wc -l <"$DIR/server.log")
if ! as_owner "$BINDIR/pg_ctl" -D "$DIR" -l "$DIR/server.log" -o "-p $PORT" -w -t 60 start >/dev/null 2>&1; then
    new=$(tail -n +"$((seen + 1))" "$DIR/server.log" 2>/dev/null)
    echo "$new" | grep -q 'Address already in use' && die "port $PORT is in use: pass another PORT"
    why=$(echo "$new" | grep -E 'FATAL|PANIC' | tail -n 1 | sed 's/^[^]]*] //')
    die "the server in $DIR did not start on port $PORT: ${why:-$(echo "$new" | tail -n 1)}"
fi

ensure_database "$PORT"
conninfo "$PORT"
