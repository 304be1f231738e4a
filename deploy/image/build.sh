#!/usr/bin/env bash
# Builds the one image of Residency Online (default localhost/residency-online:dev) from the
# repository tree. Our machines reach no container registry, so the two images the Containerfile
# starts FROM are made here and kept (skipped when they exist):
#   localhost/residency-base:bookworm  Debian bookworm minbase + python3 (3.11), ca-certificates,
#                                      tzdata — mmdebstrap, then podman import
#   localhost/residency-uv:<version>   just /uv: the uv binary that made .venv (.tools/bin/uv)
# Production builds pass their own: BASE_IMAGE=docker.io/library/python:3.11-slim-bookworm
# UV_IMAGE=ghcr.io/astral-sh/uv:<version> deploy/image/build.sh  (or podman/docker build
# --build-arg …). Needs podman, runc and mmdebstrap (apt), root (mmdebstrap, rootful podman),
# and `make install` (for .tools/bin/uv).
# Env: IMAGE, BASE_IMAGE, UV_IMAGE, CA_BUNDLE (the host's trust store, mounted read-only into
# the build's RUN steps so uv trusts what the host trusts; never copied into a layer).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
podman="$here/podman.sh"
IMAGE="${IMAGE:-localhost/residency-online:dev}"
CA_BUNDLE="${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DEBIAN_SECURITY="${DEBIAN_SECURITY:-http://deb.debian.org/debian-security}"

have_image() { "$podman" image exists "$1"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

make_base() {  # Debian bookworm minbase with the runtime's few packages, as a podman image
  local tag="$1" tmp t0
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  t0=$(now)
  # merged-usr hook: /usr merged by symlinks + usr-is-merged, not the usrmerge package (and perl)
  mmdebstrap --quiet --variant=minbase --include=python3,ca-certificates,tzdata \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --aptopt='APT::Install-Recommends "false"' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    bookworm "$tmp/base.tar" \
    "deb $DEBIAN_MIRROR bookworm main" "deb $DEBIAN_MIRROR bookworm-updates main" \
    "deb $DEBIAN_SECURITY bookworm-security main"
  "$podman" import --change 'CMD ["/usr/bin/python3"]' "$tmp/base.tar" "$tag" >/dev/null
  echo "build.sh: made $tag in $(since "$t0") s" >&2
}

make_uv() {  # an image holding only /uv, like ghcr.io/astral-sh/uv's
  local tag="$1" tmp
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  install -m 0755 "$UV" "$tmp/uv"
  tar -C "$tmp" -cf "$tmp/uv.tar" uv
  "$podman" import "$tmp/uv.tar" "$tag" >/dev/null
  echo "build.sh: made $tag" >&2
}

if [[ -z "${BASE_IMAGE:-}" ]]; then
  BASE_IMAGE=localhost/residency-base:bookworm
  have_image "$BASE_IMAGE" || make_base "$BASE_IMAGE"
fi
if [[ -z "${UV_IMAGE:-}" ]]; then
  UV="${UV:-$root/.tools/bin/uv}"
  [[ -x "$UV" ]] || { echo "build.sh: no $UV — run make install first" >&2; exit 1; }
  UV_IMAGE="localhost/residency-uv:$("$UV" --version | awk '{print $2}')"
  have_image "$UV_IMAGE" || make_uv "$UV_IMAGE"
fi

previous=$("$podman" image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)
t0=$(now)
"$podman" build --quiet=false --layers \
  --build-arg BASE_IMAGE="$BASE_IMAGE" --build-arg UV_IMAGE="$UV_IMAGE" \
  --volume "$CA_BUNDLE:/etc/ssl/certs/ca-certificates.crt:ro" \
  --file "$root/Containerfile" --tag "$IMAGE" "$root" >&2
current=$("$podman" image inspect --format '{{.Id}}' "$IMAGE")
if [[ -n "$previous" && "$previous" != "$current" ]]; then  # the untagged old image: free its disk
  "$podman" rmi "$previous" >/dev/null 2>&1 || true
fi
size=$("$podman" image inspect --format '{{.Size}}' "$IMAGE")
echo "build.sh: built $IMAGE in $(since "$t0") s, $((size / 1000000)) MB" >&2
