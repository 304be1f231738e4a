#!/usr/bin/env bash
# podman with this project's containers.conf (CONTAINERS_CONF), never /etc/containers edited:
#   runtime runc + cgroupfs (crun 1.8 refuses the hybrid cgroup layout of our machines) and
#   default ulimits no higher than this shell's hard limits (podman cannot raise them).
# Usage: deploy/image/podman.sh <podman args…>   e.g. deploy/image/podman.sh images
set -euo pipefail
conf_dir="${RESIDENCY_PODMAN_CONF_DIR:-${TMPDIR:-/tmp}/residency-podman-$(id -u)}"
mkdir -p "$conf_dir"
nofile=$(ulimit -Hn)
nproc=$(ulimit -Hu)
if [[ "$nproc" == unlimited || "$nproc" -gt 32768 ]]; then nproc=32768; fi
if [[ "$nofile" == unlimited ]]; then nofile=1048576; fi
conf="$conf_dir/containers.conf"
cat >"$conf.new" <<CONF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
mv "$conf.new" "$conf"
export CONTAINERS_CONF="$conf"
exec podman "$@"
