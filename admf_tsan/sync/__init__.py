"""Context-aware locks, collections, counters and lazy values."""

from admf_tsan.sync._atomic import AtomicCounter as AtomicCounter
from admf_tsan.sync._atomic import LazyInitializer as LazyInitializer
from admf_tsan.sync._atomic import LocalCounter as LocalCounter
from admf_tsan.sync._atomic import LocalLazy as LocalLazy
from admf_tsan.sync._collections import ThreadSafeDict as ThreadSafeDict
from admf_tsan.sync._collections import ThreadSafeList as ThreadSafeList
from admf_tsan.sync._collections import ThreadSafeSet as ThreadSafeSet
from admf_tsan.sync._compound import compute as compute
from admf_tsan.sync._compound import get_or_create as get_or_create
from admf_tsan.sync._compound import json_default as json_default
from admf_tsan.sync._compound import locked as locked
from admf_tsan.sync._factory import ThreadSafetyFactory as ThreadSafetyFactory
from admf_tsan.sync._locks import AutoLock as AutoLock
from admf_tsan.sync._locks import ConditionLike as ConditionLike
from admf_tsan.sync._locks import DummyCondition as DummyCondition
from admf_tsan.sync._locks import DummyLock as DummyLock
from admf_tsan.sync._locks import LockLike as LockLike

__all__ = [
    "AtomicCounter",
    "AutoLock",
    "ConditionLike",
    "DummyCondition",
    "DummyLock",
    "LazyInitializer",
    "LocalCounter",
    "LocalLazy",
    "LockLike",
    "ThreadSafeDict",
    "ThreadSafeList",
    "ThreadSafeSet",
    "ThreadSafetyFactory",
    "compute",
    "get_or_create",
    "json_default",
    "locked",
]
