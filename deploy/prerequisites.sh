#!/bin/sh
# What `make setup` needs before it starts, checked in one go: prints one line naming whatever is
# missing (and how to get it), or nothing. The Makefile stops with that line.
#   Python 3.11 or newer ($PYTHON) with its venv module (Debian/Ubuntu: python3-venv), Node.js 18 or
#   newer with npm (Debian 12 ships 18), and make (you are running it).
# Only shell built-ins and the interpreters themselves, so it runs wherever make does.
python=${PYTHON:-python3}
problems=""
if ! command -v "$python" >/dev/null 2>&1; then
  problems="Python 3.11 or newer is needed, and '$python' was not found (set PYTHON=python3.11 or newer)"
elif ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  problems="Python 3.11 or newer is needed; $python is $("$python" --version 2>&1) (set PYTHON=python3.11 or newer)"
elif ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
  problems="Python's venv module is missing for $python (on Debian or Ubuntu: apt-get install python3-venv)"
fi
node_problem=""
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  node_problem="Node.js 18 or newer with npm is needed to build the stylesheet (on Debian 12: apt-get install nodejs npm)"
elif ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' 2>/dev/null; then
  node_problem="Node.js 18 or newer is needed; node is $(node --version 2>&1) (on Debian 12: apt-get install nodejs npm)"
fi
if [ -n "$problems" ] && [ -n "$node_problem" ]; then
  problems="$problems; and $node_problem"
elif [ -n "$node_problem" ]; then
  problems=$node_problem
fi
[ -z "$problems" ] || printf '%s\n' "$problems"
