"""admf-tsan: concurrency primitives and checkers for threads, processes and asyncio."""

__version__ = "0.1.0"
