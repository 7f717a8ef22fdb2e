"""ratelimiter 1.x (2017) applies ``asyncio.coroutine``, which Python 3.11 removed: a stand-in
lets the release import (the threaded path these tests exercise never uses it)."""

from __future__ import annotations

import asyncio
import types

if not hasattr(asyncio, "coroutine"):
    asyncio.coroutine = types.coroutine  # type: ignore[attr-defined]
