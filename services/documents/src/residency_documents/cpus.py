"""How many CPUs this process may use: the container's CPU limit, not the host's cores.

`os.cpu_count()` counts the host's cores: a pod limited to 2 CPUs on a 64-core node would
start 64 check workers and be throttled. The limit is the cgroup CPU quota (cgroup v2
`cpu.max`, cgroup v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us`), rounded up; the CPUs the
process is pinned to (`sched_getaffinity`) bound it too; never fewer than 1.
"""

import math
import os
from pathlib import Path

CGROUP = Path("/sys/fs/cgroup")


def quota_cpus(cpu_max: str | None = None, cfs_quota_us: str | None = None,
               cfs_period_us: str | None = None) -> int | None:
    """The CPUs a cgroup quota allows, rounded up, or None when there is no quota.

    `cpu_max`: the content of cgroup v2 `cpu.max` ("max 100000" or "150000 100000");
    `cfs_quota_us` and `cfs_period_us`: those cgroup v1 files ("-1" means no quota)."""
    if cpu_max is not None:
        quota, _, period = cpu_max.strip().partition(" ")
        return _ratio(quota, period or "100000")
    if cfs_quota_us is not None:
        return _ratio(cfs_quota_us.strip(), (cfs_period_us or "100000").strip())
    return None


def _ratio(quota: str, period: str) -> int | None:
    try:
        q, p = int(quota), int(period)
    except ValueError:  # "max", or a file we do not understand: no quota
        return None
    if q <= 0 or p <= 0:
        return None
    return max(1, math.ceil(q / p))


def usable_cpus(quota: int | None, affinity: int | None) -> int:
    """The smaller of the quota and the CPUs the process may run on, at least 1."""
    bounds = [n for n in (quota, affinity) if n]
    return max(1, min(bounds)) if bounds else 1


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii")
    except OSError:
        return None


def container_cpus(root: Path = CGROUP) -> int:
    """CPUs this container may use (read from `root`, normally /sys/fs/cgroup)."""
    v1 = next((d for d in (root / "cpu", root / "cpu,cpuacct") if d.is_dir()), root / "cpu")
    quota = quota_cpus(_read(root / "cpu.max"), _read(v1 / "cpu.cfs_quota_us"),
                       _read(v1 / "cpu.cfs_period_us"))
    try:
        affinity: int | None = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        affinity = os.cpu_count()
    return usable_cpus(quota, affinity)
