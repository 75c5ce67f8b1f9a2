#!/usr/bin/env bash
# The browser tests for CI: installs Debian's Chromium when it is missing (the
# tests drive it through playwright-core; no browser is downloaded), then builds
# the server and the console and runs the suite.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
fi
npm run test:browser
