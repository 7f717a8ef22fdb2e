"""Parallel execution: a closeable task queue, resource-aware pool sizing, crash-proof isolation.

- :class:`TaskQueue` hands work to consumer threads (or the parent side of a process pool).
- :class:`ResourceManager` says how many workers this process can really run.
- :func:`run_isolated` and :class:`IsolatedPool` run trials in worker processes where a crash,
  a hang or an exception fails only that trial.
"""

from admf_tsan.parallel._outcomes import RemoteTraceback as RemoteTraceback
from admf_tsan.parallel._outcomes import TrialResult as TrialResult
from admf_tsan.parallel._outcomes import TrialTimeout as TrialTimeout
from admf_tsan.parallel._outcomes import TrialTransferError as TrialTransferError
from admf_tsan.parallel._outcomes import WorkerCrashed as WorkerCrashed
from admf_tsan.parallel._pool import IsolatedPool as IsolatedPool
from admf_tsan.parallel._pool import IsolatedPoolStatistics as IsolatedPoolStatistics
from admf_tsan.parallel._pool import run_isolated as run_isolated
from admf_tsan.parallel._resources import InsufficientResources as InsufficientResources
from admf_tsan.parallel._resources import ResourceManager as ResourceManager
from admf_tsan.parallel._resources import SystemResources as SystemResources
from admf_tsan.parallel._task_queue import QueueClosed as QueueClosed
from admf_tsan.parallel._task_queue import TaskQueue as TaskQueue
from admf_tsan.parallel._task_queue import TaskQueueStatistics as TaskQueueStatistics

__all__ = [
    "InsufficientResources",
    "IsolatedPool",
    "IsolatedPoolStatistics",
    "QueueClosed",
    "RemoteTraceback",
    "ResourceManager",
    "SystemResources",
    "TaskQueue",
    "TaskQueueStatistics",
    "TrialResult",
    "TrialTimeout",
    "TrialTransferError",
    "WorkerCrashed",
    "run_isolated",
]
