#!/usr/bin/env bash
# The test command of the README. It does its own set-up, so it passes on a fresh machine: Azurite from npm (package-lock.json),
# a Chromium for the browser tests, then every test project. Arguments go to `dotnet test`, e.g.
#   ./test.sh --filter "FullyQualifiedName~Walkthrough"
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

npm ci --no-audit --no-fund

# A Chromium the browser tests can drive: CHROMIUM_PATH, Debian's package, or one Playwright installed earlier.
find_chromium() {
  local candidate
  for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser "$HOME"/.cache/ms-playwright/chromium-*/chrome-linux*/chrome; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! chromium=$(find_chromium); then
  # Debian's package where apt is there (as root, or through sudo).
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
    echo "test.sh: no Chromium found; installing Debian's chromium package"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium || echo "test.sh: apt-get could not install chromium"
  fi

  # Else Playwright's own download, through the driver its NuGet package puts next to the test server's build.
  if ! chromium=$(find_chromium); then
    echo "test.sh: trying Playwright's Chromium download"
    dotnet build tests/Credentials.TestOAuthServer -nologo -v quiet
    driver=tests/Credentials.TestOAuthServer/bin/Debug/net10.0/.playwright
    "$driver/node/linux-x64/node" "$driver/package/cli.js" install chromium || echo "test.sh: the Playwright download failed"
  fi

  chromium=$(find_chromium) || chromium=""
fi

if [ -n "$chromium" ]; then
  export CHROMIUM_PATH="$chromium"
  echo "test.sh: the browser tests use $chromium"
else
  echo "test.sh: no Chromium could be found or installed; the browser tests will fail (set CHROMIUM_PATH to one)" >&2
fi

exec dotnet test Credentials.Functions.sln "$@"
