"""Every rule of the linter, one per module; :data:`ALL_RULES` is the registry.

A new rule is a module here plus one line in :data:`ALL_RULES`; the meta-tests fail until it also
has a docs page (``docs/rules/CODE.md``, generated with ``python -m admf_tsan.lint.docs``) and
VALID/INVALID examples.
"""

from __future__ import annotations

from admf_tsan.lint.rule import LintRule
from admf_tsan.lint.rules.acquire_without_release import AcquireWithoutRelease
from admf_tsan.lint.rules.async_lazy_init_race import AsyncLazyInitRace
from admf_tsan.lint.rules.asyncio_from_thread import AsyncioFromThread
from admf_tsan.lint.rules.blocking_dns import BlockingDns
from admf_tsan.lint.rules.blocking_file_io import BlockingFileIo
from admf_tsan.lint.rules.blocking_future_result import BlockingFutureResult
from admf_tsan.lint.rules.blocking_http import BlockingHttp
from admf_tsan.lint.rules.blocking_in_dependency import BlockingInDependency, MayBlockInDependency
from admf_tsan.lint.rules.blocking_input import BlockingInput
from admf_tsan.lint.rules.blocking_loop_callback import BlockingLoopCallback
from admf_tsan.lint.rules.blocking_queue import BlockingQueue
from admf_tsan.lint.rules.blocking_sleep import BlockingSleep
from admf_tsan.lint.rules.blocking_sqlite import BlockingSqlite
from admf_tsan.lint.rules.blocking_subprocess import BlockingSubprocess
from admf_tsan.lint.rules.blocking_thread_join import BlockingThreadJoin
from admf_tsan.lint.rules.blocking_thread_wait import BlockingThreadWait
from admf_tsan.lint.rules.brief_filesystem_call import BriefFilesystemCall
from admf_tsan.lint.rules.callback_under_lock import CallbackUnderLock, CallbackUnderLockOrderRisk
from admf_tsan.lint.rules.configured_blocking_call import ConfiguredBlockingCall
from admf_tsan.lint.rules.declared_lock_order import DeclaredLockOrder
from admf_tsan.lint.rules.directory_walk import DirectoryWalk
from admf_tsan.lint.rules.dropped_task import DroppedTask
from admf_tsan.lint.rules.file_read_write import FileReadWrite
from admf_tsan.lint.rules.fresh_lock_in_with import FreshLockInWith
from admf_tsan.lint.rules.lazy_import import LazyImport
from admf_tsan.lint.rules.lazy_init_race import LazyInitRace
from admf_tsan.lint.rules.lock_held_across_await import LockHeldAcrossAwait
from admf_tsan.lint.rules.lock_order_inversion import LockOrderInversion
from admf_tsan.lint.rules.nested_event_loop import NestedEventLoop
from admf_tsan.lint.rules.self_deadlock import SelfDeadlock
from admf_tsan.lint.rules.swallowed_cancellation import (
    CancellationNotPropagated,
    SwallowedCancellation,
)
from admf_tsan.lint.rules.thread_shared_dict import SharedDictFromThreads
from admf_tsan.lint.rules.tool_errors import SyntaxErrorInFile, TooDeeplyNested, UndecodableFile
from admf_tsan.lint.rules.transitive_blocking import CachedBlockingCall, TransitiveBlocking
from admf_tsan.lint.rules.unawaited_coroutine import UnawaitedCoroutine
from admf_tsan.lint.rules.unguarded_read import UnguardedRead
from admf_tsan.lint.rules.unguarded_single_read import UnguardedSingleRead
from admf_tsan.lint.rules.unguarded_single_write import UnguardedSingleWrite
from admf_tsan.lint.rules.unguarded_write import UnguardedWrite

ALL_RULES: tuple[type[LintRule], ...] = (
    SyntaxErrorInFile,
    UndecodableFile,
    TooDeeplyNested,
    BlockingSleep,
    BlockingHttp,
    BlockingSubprocess,
    BlockingFileIo,
    BlockingThreadWait,
    BlockingQueue,
    BlockingThreadJoin,
    BlockingFutureResult,
    BlockingInput,
    BlockingDns,
    BlockingSqlite,
    NestedEventLoop,
    ConfiguredBlockingCall,
    TransitiveBlocking,
    CachedBlockingCall,
    BlockingLoopCallback,
    BlockingInDependency,
    MayBlockInDependency,
    LazyImport,
    BriefFilesystemCall,
    FileReadWrite,
    DirectoryWalk,
    LockOrderInversion,
    DeclaredLockOrder,
    SelfDeadlock,
    AcquireWithoutRelease,
    CallbackUnderLock,
    CallbackUnderLockOrderRisk,
    FreshLockInWith,
    LockHeldAcrossAwait,
    DroppedTask,
    SwallowedCancellation,
    CancellationNotPropagated,
    UnawaitedCoroutine,
    AsyncioFromThread,
    AsyncLazyInitRace,
    UnguardedWrite,
    UnguardedRead,
    UnguardedSingleRead,
    UnguardedSingleWrite,
    LazyInitRace,
    SharedDictFromThreads,
)

RULES_BY_CODE: dict[str, type[LintRule]] = {rule.code: rule for rule in ALL_RULES}
