#!/usr/bin/env bash
# `make run`'s processes: the development web server and a Celery worker with beat, on the
# embedded default. Ctrl-C (SIGINT to the terminal's process group) or a SIGTERM to this
# script (or to make) stops both within 10 seconds: they are asked to stop, a worker still
# busy after STOP_GRACE_SECONDS is shut down cold (its jobs are rows with a lease: the
# sweeper gives them back), and anything left is killed.
set -u
VENV=${VENV:-.venv}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
grace=${STOP_GRACE_SECONDS:-4}

"$VENV/bin/celery" -A mentoring worker --beat --loglevel=INFO --concurrency=2 &
worker=$!
"$VENV/bin/python" manage.py runserver "$HOST:$PORT" &
web=$!

alive() { kill -0 "$@" 2>/dev/null; }

# until_gone SECONDS PID...: wait until none of them is alive, or the time is up.
until_gone() {
  local deadline=$(( $(date +%s%N) + $1 * 1000000000 )); shift
  while alive "$@" && [ "$(date +%s%N)" -lt "$deadline" ]; do sleep 0.1; done
}

stop() {
  trap '' INT TERM
  # runserver's autoreloader runs the server in a child of its own: stop both.
  pkill -TERM -P "$web" 2>/dev/null
  kill -TERM "$web" "$worker" 2>/dev/null
  until_gone "$grace" "$worker"
  if alive "$worker"; then
    echo "The worker has not stopped yet: shutting it down now (a job it held is taken back later)." >&2
    kill -QUIT "$worker" 2>/dev/null
    until_gone 2 "$worker"
  fi
  # Whatever is left, the worker's children included.
  pkill -KILL -P "$worker" 2>/dev/null
  pkill -KILL -P "$web" 2>/dev/null
  kill -KILL "$web" "$worker" 2>/dev/null
  wait 2>/dev/null
  exit 0
}
trap stop INT TERM

# Either one ending (the web server stopped by an error, say) stops the other.
wait -n
stop
