"""A historical race in an installed package, tested as its maintainers would.

ratelimiter 1.0.2.post0 keeps the times of recent calls in a deque and trims it in
``__exit__`` with ``while self._timespan >= self.period: self.calls.popleft()`` (``_timespan``
reads ``calls[-1] - calls[0]``), with no lock: two threads trimming at once empty the deque
under each other and ``with limiter:`` raises ``IndexError: deque index out of range``.
RazerM/ratelimiter pull request 1 put ``__enter__``/``__exit__`` under a lock (1.1.0). The test
is the bug report's reproduction, bounded: threads sharing one limiter, each calling through
it, and no error allowed. ``bench_pushbutton.py`` installs each release and runs it with
``--admf-stress`` (with and without ``--admf-include=ratelimiter``).
"""

from __future__ import annotations

import threading

import pytest
from ratelimiter import RateLimiter


@pytest.mark.admf_stress(contexts="multi")
def test_threads_share_a_rate_limiter():
    # A period far below the time between two calls: every exit trims the window.
    limiter = RateLimiter(max_calls=2, period=1e-6)
    errors = []

    def call():
        try:
            for _ in range(3):
                with limiter:
                    pass
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=call) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
