#!/bin/sh
# One image, every Bulwark process: the first argument picks what runs.
#   entrypoint.sh auth                  → `start` script of services/auth
#   entrypoint.sh auth --migrate-only   → migrations only (deploy step / Helm hook)
#   entrypoint.sh audit:worker          → `worker` script of services/audit
#   entrypoint.sh stripe-emulator       → packages/stripe-emulator
set -eu

target="${1:?usage: entrypoint.sh <name>[:<script>] [args...]}"
shift
name="${target%%:*}"
script=start
case "$target" in *:*) script="${target#*:}" ;; esac

for base in services apps packages; do
  if [ -f "/app/$base/$name/package.json" ]; then
    # exec so the service is PID 1's direct child signal target and gets SIGTERM from the runtime.
    exec pnpm --dir "/app/$base/$name" run "$script" "$@"
  fi
done

echo "entrypoint: no package named '$name' under services/, apps/ or packages/" >&2
exit 64
