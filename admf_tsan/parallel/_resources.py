"""ResourceManager: how many workers this process can really run.

``os.cpu_count()`` counts the machine's CPUs, not the ones this process may use. The manager
reads the CPU affinity mask, the cgroup CPU quota (v2 ``cpu.max``, v1 ``cpu.cfs_quota_us`` /
``cpu.cfs_period_us``) and the memory that is really available (``MemAvailable`` of
/proc/meminfo and the cgroup limit, v2 ``memory.max`` or v1 ``memory.limit_in_bytes``, minus
what the cgroup already uses), walking the cgroup hierarchy up to its mount point because a
parent's limit binds its children.
"""

from __future__ import annotations

import math
import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from admf_tsan.errors import AdmfTsanError

__all__ = ["InsufficientResources", "ResourceManager", "SystemResources"]

WorkerKind = Literal["threads", "processes"]

# cgroup v1 reports "no limit" as a page-rounded LONG_MAX; anything this big is unlimited.
_UNLIMITED_BYTES = 1 << 60
# ThreadPoolExecutor's default: threads wait on I/O, so a few more than CPUs, capped.
_MAX_DEFAULT_THREADS = 32
_EXTRA_IO_THREADS = 4


class InsufficientResources(AdmfTsanError):
    """Not even one worker fits in the memory that is available."""


@dataclass(frozen=True)
class SystemResources:
    """What this process may use, as read from the affinity mask, cgroups and /proc.

    ``cpu_quota`` and ``memory_limit`` are None when no cgroup limits them;
    ``memory_available`` is None when /proc/meminfo cannot be read and no cgroup limit exists.
    """

    cpu_count: int
    affinity_cpus: int
    cpu_quota: float | None
    cpu_quota_source: str | None
    memory_available: int | None
    memory_limit: int | None
    memory_source: str | None

    @property
    def usable_cpus(self) -> int:
        """CPUs this process can keep busy: the affinity mask, capped by the quota (floored)."""
        cpus = self.affinity_cpus
        if self.cpu_quota is not None:
            cpus = min(cpus, math.floor(self.cpu_quota))
        return max(1, cpus)


@dataclass(frozen=True)
class _CgroupMount:
    version: int
    mount_root: str
    mount_point: Path
    controllers: frozenset[str]


class ResourceManager:
    """Size worker pools from the CPUs and memory this process may really use.

    Usage::

        workers = ResourceManager().worker_count("processes", memory_per_worker=512 * 2**20)
        with IsolatedPool(workers) as pool: ...

    ``root`` is the filesystem root under which ``proc/`` and the cgroup mounts named in
    ``proc/self/mountinfo`` are read (tests point it at a fixture tree); ``affinity`` replaces
    ``os.sched_getaffinity(0)``. Every read happens when :meth:`resources` or
    :meth:`worker_count` is called, so a long-lived manager follows limit changes.
    A missing or unreadable file means "no limit known from that file", never an error.
    """

    def __init__(
        self, root: str | os.PathLike[str] = "/", *, affinity: Collection[int] | None = None
    ) -> None:
        self._root = Path(root)
        if affinity is not None and not affinity:
            raise ValueError("affinity must name at least one CPU")
        self._affinity = None if affinity is None else frozenset(affinity)

    def __repr__(self) -> str:
        return f"<ResourceManager root={str(self._root)!r}>"

    def resources(self) -> SystemResources:
        """Read the affinity mask, cgroup limits and available memory now."""
        mounts = _read_mounts(self._root / "proc/self/mountinfo", self._root)
        memberships = _read_memberships(self._root / "proc/self/cgroup")
        quota, quota_source = self._cpu_quota(mounts, memberships)
        limit, cgroup_available, memory_source = self._cgroup_memory(mounts, memberships)
        meminfo_available = _read_meminfo_available(self._root / "proc/meminfo")
        available = _min_known(meminfo_available, cgroup_available)
        if available is not None and available == meminfo_available:
            memory_source = "/proc/meminfo MemAvailable"
        return SystemResources(
            cpu_count=os.cpu_count() or 1,
            affinity_cpus=len(self._affinity_set()),
            cpu_quota=quota,
            cpu_quota_source=quota_source,
            memory_available=available,
            memory_limit=limit,
            memory_source=memory_source,
        )

    def worker_count(
        self,
        kind: WorkerKind,
        memory_per_worker: int | None = None,
        *,
        max_workers: int | None = None,
    ) -> int:
        """Return how many workers of ``kind`` ("threads" or "processes") to start.

        Processes: one per usable CPU. Threads: usable CPUs + 4, at most 32 (they mostly wait on
        I/O, the ThreadPoolExecutor default). Both are capped by the available memory divided by
        ``memory_per_worker`` (bytes, when given) and by ``max_workers``. The result is >= 1.

        Raises ValueError for an unknown kind or a non-positive size, TypeError for a non-int
        size, and InsufficientResources when not even one worker of ``memory_per_worker`` fits.
        """
        if kind not in ("threads", "processes"):
            raise ValueError(f"worker kind must be 'threads' or 'processes', got {kind!r}")
        _check_positive("memory_per_worker", memory_per_worker)
        _check_positive("max_workers", max_workers)
        resources = self.resources()
        cpus = resources.usable_cpus
        if kind == "processes":
            count = cpus
        else:
            count = min(_MAX_DEFAULT_THREADS, cpus + _EXTRA_IO_THREADS)
        if memory_per_worker is not None and resources.memory_available is not None:
            fitting = resources.memory_available // memory_per_worker
            if fitting < 1:
                raise InsufficientResources(
                    f"each worker needs {_format_bytes(memory_per_worker)} but only "
                    f"{_format_bytes(resources.memory_available)} is available "
                    f"(from {resources.memory_source}); lower memory_per_worker or free memory"
                )
            count = min(count, fitting)
        if max_workers is not None:
            count = min(count, max_workers)
        return max(1, count)

    # -- readers ---------------------------------------------------------------------------

    def _affinity_set(self) -> frozenset[int]:
        if self._affinity is not None:
            return self._affinity
        try:
            return frozenset(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            return frozenset(range(os.cpu_count() or 1))

    def _cpu_quota(
        self, mounts: list[_CgroupMount], memberships: dict[str, str]
    ) -> tuple[float | None, str | None]:
        best: float | None = None
        source: str | None = None
        for directory in _cgroup_dirs(mounts, memberships, "cpu", version=2):
            quota = _parse_cpu_max(_read_text(directory / "cpu.max"))
            if quota is not None and (best is None or quota < best):
                best, source = quota, str(directory / "cpu.max")
        for directory in _cgroup_dirs(mounts, memberships, "cpu", version=1):
            quota = _parse_cfs(
                _read_text(directory / "cpu.cfs_quota_us"),
                _read_text(directory / "cpu.cfs_period_us"),
            )
            if quota is not None and (best is None or quota < best):
                best, source = quota, str(directory / "cpu.cfs_quota_us")
        return best, _strip_root(source, self._root)

    def _cgroup_memory(
        self, mounts: list[_CgroupMount], memberships: dict[str, str]
    ) -> tuple[int | None, int | None, str | None]:
        limit: int | None = None
        available: int | None = None
        source: str | None = None
        layouts = (
            (2, "memory.max", "memory.current", "inactive_file"),
            (1, "memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file"),
        )
        for version, limit_name, usage_name, inactive_key in layouts:
            for directory in _cgroup_dirs(mounts, memberships, "memory", version=version):
                level_limit = _parse_bytes_limit(_read_text(directory / limit_name))
                if level_limit is None:
                    continue
                usage = _parse_int(_read_text(directory / usage_name)) or 0
                inactive = _read_stat_key(directory / "memory.stat", inactive_key) or 0
                # Inactive page cache is reclaimed before the cgroup hits its limit.
                level_available = max(0, level_limit - max(0, usage - inactive))
                if limit is None or level_limit < limit:
                    limit = level_limit
                if available is None or level_available < available:
                    available, source = level_available, str(directory / limit_name)
        return limit, available, _strip_root(source, self._root)


def _check_positive(name: str, value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii", errors="replace")
    except OSError:
        return None


def _parse_int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


def _parse_cpu_max(text: str | None) -> float | None:
    """cgroup v2 ``cpu.max``: "<quota> <period>" or "max <period>"."""
    if text is None:
        return None
    fields = text.split()
    if len(fields) != 2 or fields[0] == "max":
        return None
    try:
        quota, period = int(fields[0]), int(fields[1])
    except ValueError:
        return None
    return quota / period if quota > 0 and period > 0 else None


def _parse_cfs(quota_text: str | None, period_text: str | None) -> float | None:
    """cgroup v1: quota -1 means unlimited."""
    quota, period = _parse_int(quota_text), _parse_int(period_text)
    if quota is None or period is None or quota <= 0 or period <= 0:
        return None
    return quota / period


def _parse_bytes_limit(text: str | None) -> int | None:
    if text is None or text.strip() == "max":
        return None
    value = _parse_int(text)
    if value is None or value <= 0 or value >= _UNLIMITED_BYTES:
        return None
    return value


def _read_stat_key(path: Path, key: str) -> int | None:
    text = _read_text(path)
    for line in (text or "").splitlines():
        name, _, value = line.partition(" ")
        if name == key:
            return _parse_int(value)
    return None


def _read_meminfo_available(path: Path) -> int | None:
    text = _read_text(path)
    for line in (text or "").splitlines():
        if line.startswith("MemAvailable:"):
            fields = line.split()
            try:
                kib = int(fields[1])
            except (IndexError, ValueError):
                return None
            return kib * 1024
    return None


def _read_mounts(mountinfo: Path, root: Path) -> list[_CgroupMount]:
    """cgroup mounts from /proc/self/mountinfo (see proc(5) for the field layout)."""
    mounts: list[_CgroupMount] = []
    for line in (_read_text(mountinfo) or "").splitlines():
        before, sep, after = line.partition(" - ")
        if not sep:
            continue
        fields, tail = before.split(), after.split()
        if len(fields) < 5 or len(tail) < 3:
            continue
        fstype, super_options = tail[0], tail[2]
        mount_root, mount_point = _unescape(fields[3]), _unescape(fields[4])
        if fstype == "cgroup2":
            version, controllers = 2, frozenset({"cpu", "memory"})
        elif fstype == "cgroup":
            version, controllers = 1, frozenset(super_options.split(","))
        else:
            continue
        located = root / mount_point.lstrip("/")
        mounts.append(_CgroupMount(version, mount_root, located, controllers))
    return mounts


def _unescape(field: str) -> str:
    """mountinfo escapes space, tab, newline and backslash as octal."""
    return field.encode("ascii", "replace").decode("unicode_escape") if "\\" in field else field


def _read_memberships(path: Path) -> dict[str, str]:
    """Map controller (or "" for the v2 unified hierarchy) to this process's cgroup path."""
    memberships: dict[str, str] = {}
    for line in (_read_text(path) or "").splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, cgroup_path = parts
        if not controllers:
            memberships[""] = cgroup_path
        for controller in controllers.split(","):
            if controller:
                memberships[controller] = cgroup_path
    return memberships


def _cgroup_dirs(
    mounts: list[_CgroupMount], memberships: dict[str, str], controller: str, *, version: int
) -> Iterator[Path]:
    """This process's cgroup directory for ``controller`` and each ancestor up to the mount."""
    key = "" if version == 2 else controller
    if key not in memberships:
        return
    cgroup_path = memberships[key]
    for mount in mounts:
        if mount.version != version or controller not in mount.controllers:
            continue
        relative = cgroup_path
        if mount.mount_root != "/" and relative.startswith(mount.mount_root):
            relative = relative[len(mount.mount_root) :]
        leaf = mount.mount_point / relative.lstrip("/")
        if not leaf.is_dir():
            # A container that sees the host's path but has its own cgroup mounted at the
            # mount point: the mount point is our cgroup.
            leaf = mount.mount_point
        current = leaf
        while True:
            yield current
            if current == mount.mount_point or mount.mount_point not in current.parents:
                break
            current = current.parent
        return


def _min_known(first: int | None, second: int | None) -> int | None:
    known = [value for value in (first, second) if value is not None]
    return min(known) if known else None


def _strip_root(path: str | None, root: Path) -> str | None:
    if path is None or str(root) == "/":
        return path
    prefix = str(root)
    return path[len(prefix) :] if path.startswith(prefix) else path


def _format_bytes(count: int) -> str:
    value = float(count)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TiB"
