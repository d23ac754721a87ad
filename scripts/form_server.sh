#!/usr/bin/env bash
# The local form server: decap-server (pinned in package-lock.json), which lets the editing page /admin/ read and
# write this checkout's files. It has no login, so it listens on 127.0.0.1 only: nobody else on the network can
# reach it (`npx decap-server` alone listens on every interface).
#   bash scripts/form_server.sh     # then, beside `bash scripts/serve.sh`, open http://127.0.0.1:8000/admin/ → 登录
# Port: SITE_CMS_LOCAL_PORT (default 8081, the port the editing page is built to call). Folder it writes into:
# GIT_REPO_DIRECTORY (default: this checkout). 本地表单服务：只监听 127.0.0.1。
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
server="$root/node_modules/decap-server/dist/index.js"
if [ ! -f "$server" ]; then
  echo "找不到 decap-server：先运行 bash scripts/setup.sh --test（npm ci）。" \
       "decap-server is missing: run bash scripts/setup.sh --test (npm ci) first." >&2
  exit 1
fi
port="${SITE_CMS_LOCAL_PORT:-8081}"
if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
  echo "SITE_CMS_LOCAL_PORT 应为端口号：'$port'。SITE_CMS_LOCAL_PORT must be a port number: '$port'." >&2
  exit 1
fi
# Set here, whatever the caller's environment or a .env file says (decap-server's dotenv never overrides a set
# variable): the loopback address, the file-system mode, this port.
export BIND_HOST=127.0.0.1 MODE=fs PORT="$port"
export GIT_REPO_DIRECTORY="${GIT_REPO_DIRECTORY:-$root}"
export LOG_LEVEL="${LOG_LEVEL:-info}"
cd "$GIT_REPO_DIRECTORY"
exec node "$server"
