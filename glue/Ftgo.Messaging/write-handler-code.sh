#!/usr/bin/env bash
# Regenerates the Wolverine handler code that legacy, Kitchen and Delivery load in every environment
# but Development (TypeLoadMode.Static): run it after adding, removing or changing a message handler
# or a policy that shapes handlers, then commit <project>/Internal/Generated. See README.md.
#   bash glue/Ftgo.Messaging/write-handler-code.sh                        # all three
#   bash glue/Ftgo.Messaging/write-handler-code.sh extracted/Ftgo.Kitchen # one
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
projects=("$@")
[ ${#projects[@]} -gt 0 ] || projects=(legacy/Ftgo.Legacy extracted/Ftgo.Kitchen extracted/Ftgo.Delivery)
for project in "${projects[@]}"; do
  dir="$root/${project%/}"
  # Old files first: code for a handler that changed or is gone would no longer compile.
  rm -rf "$dir/Internal/Generated"
  # The code is the same on every storage and bus (see README), so the defaults serve; the content
  # root (where it is written) is the project folder, and no database is opened.
  (cd "$dir" && dotnet run -c Release --no-launch-profile -- codegen write | grep '^Wrote' || true)
  test -n "$(ls -A "$dir/Internal/Generated/WolverineHandlers" 2>/dev/null)" || { echo "no code written for $project" >&2; exit 1; }
done
