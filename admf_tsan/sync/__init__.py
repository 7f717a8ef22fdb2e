"""Context-aware locks, collections, counters and lazy values."""

from admf_tsan.sync._atomic import AtomicCounter as AtomicCounter
from admf_tsan.sync._atomic import LazyInitializer as LazyInitializer
from admf_tsan.sync._atomic import LocalCounter as LocalCounter
from admf_tsan.sync._atomic import LocalLazy as LocalLazy
from admf_tsan.sync._collections import LocalDict as LocalDict
from admf_tsan.sync._collections import LocalList as LocalList
from admf_tsan.sync._collections import LocalSet as LocalSet
from admf_tsan.sync._collections import ThreadSafeDict as ThreadSafeDict
from admf_tsan.sync._collections import ThreadSafeList as ThreadSafeList
from admf_tsan.sync._collections import ThreadSafeSet as ThreadSafeSet
from admf_tsan.sync._factory import ThreadSafetyFactory as ThreadSafetyFactory
from admf_tsan.sync._locks import AutoLock as AutoLock
from admf_tsan.sync._locks import DummyCondition as DummyCondition
from admf_tsan.sync._locks import DummyLock as DummyLock
