"""ResourceManager: cgroup v1/v2 parsing from fixture trees, affinity, memory, and taskset."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Collection
from pathlib import Path
from typing import Literal

import pytest

from admf_tsan.parallel import InsufficientResources, ResourceManager

DATA = Path(__file__).parent / "data"
GiB, MiB = 1 << 30, 1 << 20
EIGHT_CPUS = range(8)


def manager(tree: str, cpus: Collection[int] = EIGHT_CPUS) -> ResourceManager:
    return ResourceManager(DATA / tree, affinity=cpus)


def test_cgroup_v2_quota_and_memory_with_reclaimable_cache() -> None:
    resources = manager("cgroup_v2_quota").resources()
    assert resources.cpu_quota == 1.5
    assert resources.cpu_quota_source == "/sys/fs/cgroup/user.slice/app.scope/cpu.max"
    assert resources.memory_limit == 2 * GiB
    # 2 GiB limit - (1 GiB used - 256 MiB inactive page cache)
    assert resources.memory_available == 2 * GiB - (GiB - 256 * MiB)
    assert resources.memory_source == "/sys/fs/cgroup/user.slice/app.scope/memory.max"
    assert resources.usable_cpus == 1  # 1.5 CPUs of quota keep one process fully busy


def test_cgroup_v2_parent_limits_bind_the_child() -> None:
    resources = manager("cgroup_v2_nested").resources()
    assert resources.cpu_quota == 1.0
    assert resources.memory_limit == 512 * MiB
    assert resources.memory_available == 384 * MiB


def test_cgroup_v2_without_limits_falls_back_to_meminfo() -> None:
    resources = manager("cgroup_v2_unlimited").resources()
    assert resources.cpu_quota is None and resources.memory_limit is None
    assert resources.memory_available == 6 * GiB
    assert resources.memory_source == "/proc/meminfo MemAvailable"
    assert resources.usable_cpus == 8


def test_cgroup_v2_host_path_missing_uses_the_mount_point() -> None:
    assert manager("cgroup_v2_host_path").resources().cpu_quota == 2.0


def test_cgroup_v1_quota_and_memory() -> None:
    resources = manager("cgroup_v1_quota").resources()
    assert resources.cpu_quota == 2.5
    assert resources.cpu_quota_source == "/sys/fs/cgroup/cpu,cpuacct/docker/abc123/cpu.cfs_quota_us"
    assert resources.memory_limit == GiB
    assert resources.memory_available == 512 * MiB
    assert resources.usable_cpus == 2


def test_cgroup_v1_container_view_without_limits() -> None:
    resources = manager("cgroup_v1_container_unlimited").resources()
    assert resources.cpu_quota is None
    assert resources.memory_limit is None  # LONG_MAX rounded to a page means "no limit"
    assert resources.memory_available == 2 * GiB


def test_cgroup_v1_mount_root_is_stripped_and_half_a_cpu_still_gives_one_worker() -> None:
    resources = manager("cgroup_v1_container_half_cpu").resources()
    assert resources.cpu_quota == 0.5
    assert resources.usable_cpus == 1
    assert manager("cgroup_v1_container_half_cpu").worker_count("processes") == 1


def test_no_cgroup_means_affinity_and_meminfo_only() -> None:
    resources = manager("no_cgroup", cpus={0, 2, 5}).resources()
    assert (resources.cpu_quota, resources.memory_limit) == (None, None)
    assert resources.affinity_cpus == 3
    assert resources.memory_available == 4 * GiB


def test_missing_root_means_no_limits_not_an_error(tmp_path: Path) -> None:
    resources = ResourceManager(tmp_path, affinity={0}).resources()
    assert (resources.cpu_quota, resources.memory_available) == (None, None)
    assert ResourceManager(tmp_path, affinity={0, 1}).worker_count("processes") == 2


@pytest.mark.parametrize(
    ("tree", "kind", "memory_per_worker", "expected"),
    [
        ("cgroup_v2_unlimited", "processes", None, 8),
        ("cgroup_v2_unlimited", "threads", None, 12),  # CPUs + 4 for I/O waits
        ("cgroup_v2_quota", "processes", None, 1),
        ("cgroup_v2_quota", "threads", None, 5),
        ("cgroup_v1_quota", "processes", None, 2),
        ("cgroup_v2_unlimited", "processes", 2 * GiB, 3),  # 6 GiB available
        ("cgroup_v2_unlimited", "threads", GiB, 6),
        ("cgroup_v1_quota", "processes", 100 * MiB, 2),
        ("cgroup_v1_quota", "processes", 300 * MiB, 1),  # 512 MiB left in the cgroup
        ("cgroup_v2_nested", "threads", 128 * MiB, 3),
    ],
)
def test_worker_count(
    tree: str, kind: Literal["threads", "processes"], memory_per_worker: int | None, expected: int
) -> None:
    assert manager(tree).worker_count(kind, memory_per_worker=memory_per_worker) == expected


def test_threads_are_capped_at_32() -> None:
    assert manager("no_cgroup", cpus=range(64)).worker_count("threads") == 32


def test_max_workers_caps_the_count() -> None:
    assert manager("cgroup_v2_unlimited").worker_count("processes", max_workers=3) == 3


def test_not_even_one_worker_fits() -> None:
    with pytest.raises(InsufficientResources, match=r"needs 1\.0 GiB but only 512\.0 MiB"):
        manager("cgroup_v1_quota").worker_count("processes", memory_per_worker=GiB)


def test_bad_input_gets_clear_errors() -> None:
    rm = manager("no_cgroup")
    with pytest.raises(ValueError, match="'threads' or 'processes', got 'gpus'"):
        rm.worker_count("gpus")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="memory_per_worker must be positive"):
        rm.worker_count("processes", memory_per_worker=0)
    with pytest.raises(TypeError, match="memory_per_worker must be an int"):
        rm.worker_count("processes", memory_per_worker="1G")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_workers must be positive"):
        rm.worker_count("processes", max_workers=-1)
    with pytest.raises(ValueError, match="at least one CPU"):
        ResourceManager(affinity=set())


def test_this_machine_never_gets_more_processes_than_its_affinity() -> None:
    rm = ResourceManager()
    resources = rm.resources()
    assert 1 <= rm.worker_count("processes") <= len(os.sched_getaffinity(0))
    assert resources.affinity_cpus == len(os.sched_getaffinity(0))
    assert resources.memory_available is None or resources.memory_available > 0
    assert repr(rm) == "<ResourceManager root='/'>"


@pytest.mark.skipif(shutil.which("taskset") is None, reason="taskset (util-linux) not installed")
@pytest.mark.timeout(60)
def test_taskset_to_one_cpu_gives_one_process_worker() -> None:
    code = (
        "from admf_tsan.parallel import ResourceManager as R; r = R(); "
        "print(r.worker_count('processes'), r.resources().affinity_cpus, r.worker_count('threads'))"
    )
    output = subprocess.run(
        ["taskset", "-c", "0", sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.split()
    assert output == ["1", "1", "5"]
