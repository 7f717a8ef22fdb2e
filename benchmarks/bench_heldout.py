"""admf-tsan and ruff on held-out real projects: releases nobody tuned the linter on.

The twelve projects of ``bench_realworld.py`` are the ones the linter's rules were tuned
against, so their precision is no longer an honest measure. This harness runs the same
pipeline on six other pure-Python releases that mix threads and asyncio (none of them is in
``bench_realworld.PROJECTS``; the script refuses to run if one is): each sdist is fetched with
``pip download --no-deps --no-binary :all:``, checked against its pinned sha256 and unpacked in
the same cache (``~/.cache/admf-tsan-bench`` or ``--cache DIR``), and only its package source
is linted, side by side:

* admf-tsan: ``admf-tsan lint --no-cache --format json --exit-zero DIR`` (default rule
  selection, default ``--jobs``);
* ruff: ``ruff check --no-cache --isolated --select ASYNC,RUF006 --output-format json``.

Download, checksum, lint and table code are ``bench_realworld``'s, imported. Prints a markdown
table (findings and wall seconds per project and tool, findings per code for both tools), writes
it to the ``heldout`` section of docs/benchmarks.md on a full run, and with ``--json FILE``
writes admf-tsan's findings per project for judging (the judged list is
docs/realworld-heldout.md). ``--only NAME[,NAME]`` restricts the run to some projects.
``--batch 2`` runs a second held-out batch instead (``HELDOUT_2``, chosen after the first batch
was used for fixes; section ``heldout-2``, judged in docs/realworld-heldout-2.md), and
``--batch 3`` a third (``HELDOUT_3``, chosen after the second was used for fixes; section
``heldout-3``, judged in docs/realworld-heldout-3.md), and ``--batch 4`` a fourth
(``HELDOUT_4``, section ``heldout-4``, judged in docs/realworld-heldout-4.md), and ``--batch 5``
a fifth (``HELDOUT_5``, section ``heldout-5``, judged in docs/realworld-heldout-5.md), and
``--batch 6`` a sixth (``HELDOUT_6``, section ``heldout-6``, judged in
docs/realworld-heldout-6.md), and ``--batch 7`` a seventh (``HELDOUT_7``, section ``heldout-7``,
judged in docs/realworld-heldout-7.md), and ``--batch 8`` an eighth (``HELDOUT_8``, section
``heldout-8``, judged in docs/realworld-heldout-8.md), and ``--batch 9`` a ninth (``HELDOUT_9``,
section ``heldout-9``, judged in docs/realworld-heldout-9.md), and ``--batch 10`` a tenth
(``HELDOUT_10``, section ``heldout-10``, judged in docs/realworld-heldout-10.md), and
``--batch 11`` an eleventh (``HELDOUT_11``, section ``heldout-11``, judged in
docs/realworld-heldout-11.md), and ``--batch 12`` a twelfth (``HELDOUT_12``, section
``heldout-12``, judged in docs/realworld-heldout-12.md), and ``--batch 13`` a thirteenth
(``HELDOUT_13``, judged in docs/realworld-heldout-13.md), and ``--batch 14`` a fourteenth
(``HELDOUT_14``, judged in docs/realworld-heldout-14.md), and ``--batch 15`` a fifteenth
(``HELDOUT_15``, judged in docs/realworld-heldout-15.md), and ``--batch 16`` a sixteenth
(``HELDOUT_16``, judged in docs/realworld-heldout-16.md), and ``--batch 17`` a seventeenth
(``HELDOUT_17``, judged in docs/realworld-heldout-17.md), and ``--batch 18`` an eighteenth
(``HELDOUT_18``, judged in docs/realworld-heldout-18.md), and ``--batch 19`` a nineteenth
(``HELDOUT_19``, judged in docs/realworld-heldout-19.md), and ``--batch 20`` a twentieth
(``HELDOUT_20``, judged in docs/realworld-heldout-20.md), and ``--batch 21`` a twenty-first
(``HELDOUT_21``, judged in docs/realworld-heldout-21.md), and ``--batch 22`` a twenty-second
(``HELDOUT_22``, judged in docs/realworld-heldout-22.md), and ``--batch 23`` a twenty-third
(``HELDOUT_23``, judged in docs/realworld-heldout-23.md), and ``--batch 24`` a twenty-fourth
(``HELDOUT_24``, judged in docs/realworld-heldout-24.md), and ``--batch 25`` a twenty-fifth
(``HELDOUT_25``, judged in docs/realworld-heldout-25.md), and ``--batch 26`` a twenty-sixth
(``HELDOUT_26``, judged in docs/realworld-heldout-26.md), and ``--batch 27`` a twenty-seventh
(``HELDOUT_27``, judged in docs/realworld-heldout-27.md), and ``--batch 28`` a twenty-eighth
(``HELDOUT_28``, judged in docs/realworld-heldout-28.md), and ``--batch 29`` a twenty-ninth
(``HELDOUT_29``, judged in docs/realworld-heldout-29.md), and ``--batch 30`` a thirtieth
(``HELDOUT_30``, judged in docs/realworld-heldout-30.md), and ``--batch 31`` a thirty-first
(``HELDOUT_31``, judged in docs/realworld-heldout-31.md), and ``--batch 32`` a thirty-second
(``HELDOUT_32``, judged in docs/realworld-heldout-32.md), and ``--batch 33`` a thirty-third
(``HELDOUT_33``, judged in docs/realworld-heldout-33.md), and ``--batch 34`` a thirty-fourth
(``HELDOUT_34``, judged in docs/realworld-heldout-34.md), and ``--batch 35`` a thirty-fifth
(``HELDOUT_35``, judged in docs/realworld-heldout-35.md), and ``--batch 36`` a thirty-sixth
(``HELDOUT_36``, judged in docs/realworld-heldout-36.md), and ``--batch 37`` a thirty-seventh
(``HELDOUT_37``, judged in docs/realworld-heldout-37.md), and ``--batch 38`` a thirty-eighth
(``HELDOUT_38``, judged in docs/realworld-heldout-38.md), and ``--batch 39`` a thirty-ninth
(``HELDOUT_39``, judged in docs/realworld-heldout-39.md), and ``--batch 40`` a fortieth
(``HELDOUT_40``, judged in docs/realworld-heldout-40.md), and ``--batch 41`` a forty-first
(``HELDOUT_41``, judged in docs/realworld-heldout-41.md), and ``--batch 42`` a forty-second
(``HELDOUT_42``, judged in docs/realworld-heldout-42.md), and ``--batch 43`` a forty-third
(``HELDOUT_43``, judged in docs/realworld-heldout-43.md), and ``--batch 44`` a forty-fourth
(``HELDOUT_44``, judged in docs/realworld-heldout-44.md), and ``--batch 45`` a forty-fifth
(``HELDOUT_45``, judged in docs/realworld-heldout-45.md), and ``--batch 46`` a forty-sixth
(``HELDOUT_46``, judged in docs/realworld-heldout-46.md), and ``--batch 47`` a forty-seventh
(``HELDOUT_47``, judged in docs/realworld-heldout-47.md), and ``--batch 48`` a forty-eighth
(``HELDOUT_48``, judged in docs/realworld-heldout-48.md), and ``--batch 49`` a forty-ninth
(``HELDOUT_49``, judged in docs/realworld-heldout-49.md), and ``--batch 50`` a fiftieth
(``HELDOUT_50``, judged in docs/realworld-heldout-50.md), and ``--batch 51`` a fifty-first
(``HELDOUT_51``, judged in docs/realworld-heldout-51.md), and ``--batch 52`` a fifty-second
(``HELDOUT_52``, judged in docs/realworld-heldout-52.md), and ``--batch 53`` a fifty-third
(``HELDOUT_53``, judged in docs/realworld-heldout-53.md), and ``--batch 54`` a fifty-fourth
(``HELDOUT_54``, judged in docs/realworld-heldout-54.md), and ``--batch 55`` a fifty-fifth
(``HELDOUT_55``, judged in docs/realworld-heldout-55.md), and ``--batch 56`` a fifty-sixth
(``HELDOUT_56``, judged in docs/realworld-heldout-56.md), and ``--batch 57`` a fifty-seventh
(``HELDOUT_57``, judged in docs/realworld-heldout-57.md), and ``--batch 58`` a fifty-eighth
(``HELDOUT_58``, judged in docs/realworld-heldout-58.md), and ``--batch 59`` a fifty-ninth
(``HELDOUT_59``, judged in docs/realworld-heldout-59.md), and ``--batch 60`` a sixtieth
(``HELDOUT_60``, judged in docs/realworld-heldout-60.md); the tables of batches 13 to 60 are
printed, not written to docs/benchmarks.md.

``--commit REV`` lints with the linter as committed at REV (``git archive`` of ``admf_tsan``
unpacked into a temporary directory that goes first on the lint processes' ``PYTHONPATH``), so
uncommitted edits in a shared working tree are not measured.

Run: ``python benchmarks/bench_heldout.py --commit HEAD --json heldout.json`` (under a minute).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import write_section  # noqa: E402
from bench_realworld import (  # noqa: E402
    BIN,
    DEFAULT_CACHE,
    Project,
    Row,
    fetch,
    markdown,
    run_project,
    timed,
)
from bench_realworld import (
    PROJECTS as TUNED_PROJECTS,
)

REPO = Path(__file__).resolve().parent.parent

HELDOUT = (
    # Worker threads and portals between threads and event loops (to_thread, from_thread,
    # BlockingPortal), on asyncio and trio.
    Project(
        "anyio",
        "4.16.0",
        "59bb03251907983d1603d27c3087ddb1e93299ea2163adcdba37899a4fb12ffb",
        "anyio-4.16.0.tar.gz",
        "anyio-4.16.0/src/anyio",
    ),
    # Connection pools written once for async and generated for sync (threading locks).
    Project(
        "httpcore",
        "1.0.9",
        "6e34463af53fd2ab5d807f399a9b45ea31c3dfa2276f15a2c3f00afff6e176e8",
        "httpcore-1.0.9.tar.gz",
        "httpcore-1.0.9/httpcore",
    ),
    # AMQP client: a blocking connection used from threads, plus an asyncio adapter.
    Project(
        "pika",
        "1.4.4",
        "8cfc8b33a5cb16e733bd60cffca9732c0d1d761ecd80a89f34ed7df2cd38d6d6",
        "pika-1.4.4.tar.gz",
        "pika-1.4.4/pika",
    ),
    # Task queue: worker and consumer threads, an asyncio middleware running actors on a loop.
    Project(
        "dramatiq",
        "2.2.1",
        "f9fbbd2feea27b3fa4085446242a24d86f78288b20c78a93f9f0bdbd7d908cd5",
        "dramatiq-2.2.1.tar.gz",
        "dramatiq-2.2.1/dramatiq",
    ),
    # A queue with a sync (thread) face and an async (event loop) face.
    Project(
        "janus",
        "2.0.0",
        "0970f38e0e725400496c834a368a67ee551dc3b5ad0a257e132f5b46f2e77770",
        "janus-2.0.0.tar.gz",
        "janus-2.0.0/janus",
    ),
    # ASGI/WSGI server on asyncio and trio; WSGI apps run in threads.
    Project(
        "hypercorn",
        "0.18.0",
        "d63267548939c46b0247dc8e5b45a9947590e35e64ee73a23c074aa3cf88e9da",
        "hypercorn-0.18.0.tar.gz",
        "hypercorn-0.18.0/src/hypercorn",
    ),
)

# Second batch, chosen once the first was used to fix rules (``--batch 2``).
HELDOUT_2 = (
    # sync_to_async / async_to_sync: thread executors and event loops calling each other.
    Project(
        "asgiref",
        "3.13.0",
        "034cc8cbf72d00553b4be256703ac545120b4e50af13b49dec99da899aeeecb4",
        "asgiref-3.13.0.tar.gz",
        "asgiref-3.13.0/asgiref",
    ),
    # Django Channels: consumers on a loop calling the ORM in threads, channel layers.
    Project(
        "channels",
        "4.3.2",
        "f2bb6bfb73ad7fb4705041d07613c7b4e69528f01ef8cb9fb6c21d9295f15667",
        "channels-4.3.2.tar.gz",
        "channels-4.3.2/channels",
    ),
    # Async MongoDB driver: pymongo's blocking calls run in a thread pool for asyncio/tornado.
    Project(
        "motor",
        "3.7.1",
        "27b4d46625c87928f331a6ca9d7c51c2f518ba0e270939d395bc1ddc89d64526",
        "motor-3.7.1.tar.gz",
        "motor-3.7.1/motor",
    ),
    # Engine.IO: thread-based and asyncio servers and clients side by side.
    Project(
        "python-engineio",
        "4.15.1",
        "1a412e798a90c64fabe7b20798939ae6d4a03f34da8a33d5a21a25a8bbbc3612",
        "python_engineio-4.15.1.tar.gz",
        "python_engineio-4.15.1/src/engineio",
    ),
    # Task queue: thread/greenlet/process consumers, an asyncio result helper.
    Project(
        "huey",
        "3.5.4",
        "328f5a2dd1406621e5edb17d45655ae232ad9f32c0795ca8dc0bfc121dd7b30c",
        "huey-3.5.4.tar.gz",
        "huey-3.5.4/huey",
        exclude=("tests",),
    ),
    # File-system events: observer and emitter threads, event queues (the macOS-only C
    # module is not linted).
    Project(
        "watchdog",
        "7.1.1",
        "d7dc3bf0c3417c002ee976e958479c54d8ca18cbb3532fadbe69511fa389da15",
        "watchdog-7.1.1.tar.gz",
        "watchdog-7.1.1/src/watchdog",
    ),
)

# Third batch, chosen once the second was used to fix rules (``--batch 3``). Releases whose
# sdist needs a compiled build dependency (aiokafka, zeroconf, aiormq, aio-pika) cannot be
# fetched with ``--no-binary :all:`` and were left out.
HELDOUT_3 = (
    # asyncio bridge to sqlite3: one worker thread per connection, fed through a queue,
    # answering the event loop through futures.
    Project(
        "aiosqlite",
        "0.22.1",
        "043e0bd78d32888c0a9ca90fc788b38796843360c855a7262a532813133a0650",
        "aiosqlite-0.22.1.tar.gz",
        "aiosqlite-0.22.1/aiosqlite",
        exclude=("tests",),
    ),
    # WSGI server: an asyncore-style main loop plus a pool of task threads sharing channel
    # state under locks and conditions.
    Project(
        "waitress",
        "3.0.2",
        "682aaaf2af0c44ada4abfb70ded36393f0e307f4ab9456a215ce0020baefc31f",
        "waitress-3.0.2.tar.gz",
        "waitress-3.0.2/src/waitress",
    ),
    # CherryPy's HTTP server: a thread pool of workers, a selector-driven connection
    # manager, SSL adapters.
    Project(
        "cheroot",
        "11.1.2",
        "bfb70c49663f63b0440f2b54dbc6b0d1650e56dfe4e2641f59b2c6f727b44aca",
        "cheroot-11.1.2.tar.gz",
        "cheroot-11.1.2/cheroot",
        exclude=("test",),
    ),
    # WebSocket client: WebSocketApp's run_forever with a ping thread, a lock around sends.
    Project(
        "websocket-client",
        "1.9.2",
        "0fcb57545848be86992e128218fd96dd87a6769ffdb1a968dff79632b85604d0",
        "websocket_client-1.9.2.tar.gz",
        "websocket_client-1.9.2/websocket",
        exclude=("tests",),
    ),
    # Pure-Python gRPC on asyncio: HTTP/2 client and server, streams, deadlines.
    Project(
        "grpclib",
        "0.4.9",
        "cc589c330fa81004c6400a52a566407574498cb5b055fa927013361e21466c46",
        "grpclib-0.4.9.tar.gz",
        "grpclib-0.4.9/grpclib",
    ),
    # Web framework and asyncio server: HTTP/websocket protocols, a worker manager with
    # processes and threads.
    Project(
        "sanic",
        "25.12.1",
        "7b51bf608e4030f06a6c002cd08fed2872e4936527e63c9a8a97d5cd06a2b47f",
        "sanic-25.12.1.tar.gz",
        "sanic-25.12.1/sanic",
    ),
    # Added because the six above gave fewer than 25 findings (reserves fixed in this order
    # before any finding was read: rq, gunicorn, paramiko).
    # Job queue: forking and pool workers, a scheduler, heartbeat/maintenance tasks on Redis.
    Project(
        "rq",
        "3.0.0",
        "b41e39b3c36ec3faf9e2402c638a0b25fe18ebb93a1cb15193bc69694f054618",
        "rq-3.0.0.tar.gz",
        "rq-3.0.0/rq",
    ),
    # WSGI server: an arbiter process, sync/gthread/asyncio workers (thread pools, selectors).
    Project(
        "gunicorn",
        "27.0.1",
        "b1514965361c8b7e8107a80aa2a92636878df1ccfac6dd204a676426e04d9e3e",
        "gunicorn-27.0.1.tar.gz",
        "gunicorn-27.0.1/gunicorn",
    ),
    # SSH: a transport thread per connection, channels with locks and events, SFTP.
    Project(
        "paramiko",
        "5.1.0",
        "239b5f9b2a53006cd54f83cf8495ee742083708ead947882c8dd2786de79f39b",
        "paramiko-5.1.0.tar.gz",
        "paramiko-5.1.0/paramiko",
    ),
)

# Fourth batch (``--batch 4``), fixed in this order before any run, on the linter as it was
# then, with reserves (nats-py, aiocache, diskcache, schedule, celery, asyncssh) to be added in
# order while the batch gave fewer than 30 findings.
HELDOUT_4 = (
    # Connection pools for psycopg 3: a threaded pool (worker and scheduler threads, locks,
    # conditions) and its asyncio twin.
    Project(
        "psycopg-pool",
        "3.3.3",
        "df87b5d9d0ad7db37f6cdad4fa8ce113d250f5997f6db38e9a99192fb67f9e1d",
        "psycopg_pool-3.3.3.tar.gz",
        "psycopg_pool-3.3.3/psycopg_pool",
    ),
    # Socket.IO servers and clients, thread-based and asyncio side by side.
    Project(
        "python-socketio",
        "5.18.1",
        "07ab0e7c94a52833a67af1dc05958ad6fb0de69adc87de9198a61b22588c40d4",
        "python_socketio-5.18.1.tar.gz",
        "python_socketio-5.18.1/src/socketio",
    ),
    # asyncio SMTP server, and a Controller running its loop in a thread.
    Project(
        "aiosmtpd",
        "1.4.6",
        "5a811826e1a5a06c25ebc3e6c4a704613eb9a1bcf6b78428fbe865f4f6c9a4b8",
        "aiosmtpd-1.4.6.tar.gz",
        "aiosmtpd-1.4.6/aiosmtpd",
        exclude=("tests", "testing", "qa", "docs"),
    ),
    # asyncio FTP client and server: throttled streams, path I/O in executors.
    Project(
        "aioftp",
        "0.28.3",
        "f054f3af285b4958621220f04ce755e58907140181e95efa859369091c92d040",
        "aioftp-0.28.3.tar.gz",
        "aioftp-0.28.3/src/aioftp",
    ),
    # Actors on threads: futures, an actor registry under a lock.
    Project(
        "pykka",
        "4.5.0",
        "820fcc36046552b49d7eb61fe98088d1a29631cf3314e8ce4bc26aaead8dcd4f",
        "pykka-4.5.0.tar.gz",
        "pykka-4.5.0/src/pykka",
    ),
    # Django's ASGI server: HTTP/websocket protocols on Twisted, applications on asyncio.
    Project(
        "daphne",
        "4.2.3",
        "1c458f81926b37301cadc8ec1b6316d9a5db53fba061fc4826610395fe5d5c81",
        "daphne-4.2.3.tar.gz",
        "daphne-4.2.3/daphne",
    ),
    # Reserves, added in their fixed order because the six above gave fewer than 30 findings
    # (nats-py, the first reserve, was dropped: its sdist builds with uv_build, which needs a
    # compiled build dependency and cannot be fetched with ``--no-binary :all:``).
    # asyncio caches (memory, Redis, Memcached backends), a lock and an optimistic lock.
    Project(
        "aiocache",
        "0.12.3",
        "f528b27bf4d436b497a1d0d1a8f59a542c153ab1e37c3621713cb376d44c4713",
        "aiocache-0.12.3.tar.gz",
        "aiocache-0.12.3/aiocache",
    ),
    # Disk-backed cache on SQLite, shared by threads and processes; locks, a Django backend.
    Project(
        "diskcache",
        "5.6.3",
        "2c3a3fa2743d8535d832ec61c2054a1641f41775aa7c556758a109941e33e4fc",
        "diskcache-5.6.3.tar.gz",
        "diskcache-5.6.3/diskcache",
    ),
    # In-process job scheduler (a run loop meant for a thread of its own).
    Project(
        "schedule",
        "1.2.2",
        "15fe9c75fe5fd9b9627f3f19cc0ef1420508f9f9a46f45cd0769ef75ede5f0b7",
        "schedule-1.2.2.tar.gz",
        "schedule-1.2.2/schedule",
    ),
    # Task queue: worker pools (prefork, threads, eventlet/gevent), a timer thread, beat, the
    # event loop of the consumer (its tests are outside the package, in ``t``).
    Project(
        "celery",
        "5.7.0",
        "6a5dfcf6662287204f009a02002b9e66c83d4105e47ebabdc7079108772fc6f0",
        "celery-5.7.0.tar.gz",
        "celery-5.7.0/celery",
    ),
)

# Fifth batch (``--batch 5``), fixed in this order before any run (docs/realworld-heldout-5.md,
# commit 394d4e1), on the linter frozen at 09ccd0b. aio-pika and aiormq, the first two of the
# list, were dropped: their sdists build with uv_build, whose own sdist needs maturin (Rust), so
# ``--no-binary :all:`` fails; the first two reserves (aiomysql, pymodbus) took their places, and
# the later reserves (asyncssh, slack-bolt, python-telegram-bot, discord.py) are added in order
# while the batch gives fewer than 40 findings.
HELDOUT_5 = (
    # asyncio job queue on Redis: workers polling jobs, cron jobs, job results.
    Project(
        "arq",
        "0.28.0",
        "a458188aefc2d7ee17d136f80d8fa8df1d6eba4ceebdead87e9f172d027dc311",
        "arq-0.28.0.tar.gz",
        "arq-0.28.0/arq",
    ),
    # asyncio job scheduler: spawned jobs, closing, limits.
    Project(
        "aiojobs",
        "1.4.0",
        "463665c75d1fcc46c78d44375c1034abf5e3f087894b0fc5ec4dd16ef90fdc98",
        "aiojobs-1.4.0.tar.gz",
        "aiojobs-1.4.0/aiojobs",
    ),
    # Remote Python calls over sockets: threaded and forking servers, a background serving
    # thread, locks around the connection.
    Project(
        "rpyc",
        "6.0.2",
        "8e780a6a71b842128a80a337c64adfb6f919014e069951832161c9efc630c93b",
        "rpyc-6.0.2.tar.gz",
        "rpyc-6.0.2/rpyc",
    ),
    # The asyncio re-implementation of Flask: request contexts, background tasks, sync views
    # run in threads (its ``testing`` package is the public test client and is linted).
    Project(
        "quart",
        "0.22.0",
        "6ba567bb29e0ea66f7c0a0297c2b6225bb531e37dbf9b75dbf4a6e1713c4c934",
        "quart-0.22.0.tar.gz",
        "quart-0.22.0/src/quart",
    ),
    # Reserves taken in order for the two dropped projects.
    # asyncio MySQL driver on PyMySQL: connections, pools under a condition, SQLAlchemy layer.
    Project(
        "aiomysql",
        "0.3.2",
        "72d15ef5cfc34c03468eb41e1b90adb9fd9347b0b589114bd23ead569a02ac1a",
        "aiomysql-0.3.2.tar.gz",
        "aiomysql-0.3.2/aiomysql",
    ),
    # Modbus clients and servers: asyncio transports, sync clients, a simulator web server.
    Project(
        "pymodbus",
        "3.16.1",
        "19e571826dff37860afc31c845c1fd2fb72acffca02a233506b32d94fa022c33",
        "pymodbus-3.16.1.tar.gz",
        "pymodbus-3.16.1/pymodbus",
    ),
    # Reserves added one at a time, in their fixed order, while the batch gave fewer than 40.
    # asyncio SSH client and server: channels, SFTP, port forwarding, agents, executors.
    Project(
        "asyncssh",
        "2.24.1",
        "efcd36e9b35f79873535b06444a7c9b0a3c61d97081b208c7fdd3fd8a40f1eca",
        "asyncssh-2.24.1.tar.gz",
        "asyncssh-2.24.1/asyncssh",
    ),
    # Slack app framework: listeners run in a thread pool (sync) or as tasks (async), lazy
    # listeners, adapters for many web frameworks.
    Project(
        "slack-bolt",
        "1.30.0",
        "af38258d41f801ad9c74503090e0f39accd66c49f667f7e55c97fcdb0e51b886",
        "slack_bolt-1.30.0.tar.gz",
        "slack_bolt-1.30.0/slack_bolt",
    ),
    # Telegram bot framework on asyncio: an updater polling or serving webhooks (tornado),
    # concurrent update processing, a job queue on APScheduler, persistence.
    Project(
        "python-telegram-bot",
        "22.8",
        "f9d3847fcb23ee603477e442800b33bb4adf851a73e0619d2050be879decf1ef",
        "python_telegram_bot-22.8.tar.gz",
        "python_telegram_bot-22.8/src/telegram",
    ),
    # Discord API wrapper on asyncio: a gateway websocket with a keep-alive thread, voice
    # clients with audio player and reader threads, rate-limited HTTP, background tasks.
    Project(
        "discord.py",
        "2.7.1",
        "24d5e6a45535152e4b98148a9dd6b550d25dc2c9fb41b6d670319411641249da",
        "discord_py-2.7.1.tar.gz",
        "discord_py-2.7.1/discord",
    ),
)

# Sixth batch (``--batch 6``), fixed in this order before any run (docs/realworld-heldout-6.md,
# commit 6f56738), on the linter frozen at 3412fe0. The reserves (joblib, Pyro5, bleak, mcp,
# aiopg, cachetools, faust-streaming, dask) are added in order while the batch gives fewer than
# 40 findings (until 14:00 UTC).
HELDOUT_6 = (
    # asyncio web framework: lifespan, background tasks, sync handlers run in threads, stores,
    # channels.
    Project(
        "litestar",
        "2.25.0",
        "7fad91fcd89367fcd26534ab19b6b05763cc67ab9574baa914546089e1ed1fb4",
        "litestar-2.25.0.tar.gz",
        "litestar-2.25.0/litestar",
    ),
    # asyncio terminal UI framework: message pumps, workers in threads and tasks, a driver
    # thread reading input.
    Project(
        "textual",
        "8.2.8",
        "3f106a9fbc73e39dd266c9712432087de78a6d644084c7c241d6a25c3169115b",
        "textual-8.2.8.tar.gz",
        "textual-8.2.8/src/textual",
    ),
    # MongoDB driver, threaded (pools, monitor threads, locks and conditions) and asyncio side
    # by side (the ``pymongo`` package only; ``bson`` and ``gridfs`` are not linted).
    Project(
        "pymongo",
        "4.20.1",
        "1ac112b3ffa3d010cfc2fc54e3ae677a12c63d18c6115db4451df64f1a1175eb",
        "pymongo-4.20.1.tar.gz",
        "pymongo-4.20.1/pymongo",
    ),
    # CAN bus access: bus objects used from threads, a notifier thread, an asyncio reader.
    Project(
        "python-can",
        "4.6.1",
        "290fea135d04b8504ebff33889cc6d301e2181a54099116609f940825ffe5005",
        "python_can-4.6.1.tar.gz",
        "python_can-4.6.1/can",
    ),
    # ZooKeeper client: a connection thread, callbacks, thread and gevent handlers, recipes
    # built on locks and conditions (its test suite is not linted; ``testing``, the public
    # test harness, is).
    Project(
        "kazoo",
        "2.11.0",
        "57e7e6f69295c8f922511488eeb79680729e14bb8eb382d5cad83aa11345c36c",
        "kazoo-2.11.0.tar.gz",
        "kazoo-2.11.0/kazoo",
        exclude=("tests",),
    ),
    # asyncio on top of botocore: sessions, credential refresh, paginators, waiters.
    Project(
        "aiobotocore",
        "3.10.0",
        "35480ef11c51e23087273b85d97f80da2f356a46ce5f3fb88e24483cd343ffdb",
        "aiobotocore-3.10.0.tar.gz",
        "aiobotocore-3.10.0/aiobotocore",
    ),
    # Reserves added one at a time, in their fixed order, while the batch gave fewer than 40.
    # Parallel loops on processes and threads (Parallel, backends, memory cache); its test suite
    # and its vendored copies of loky and cloudpickle (``externals``, separate projects) are not
    # linted.
    Project(
        "joblib",
        "1.6.0",
        "2ccc96785b12046c08fd6d55839c12857831b54a3c1673ffadd2f04bfc4eda03",
        "joblib-1.6.0.tar.gz",
        "joblib-1.6.0/joblib",
        exclude=("test", "externals"),
    ),
    # Remote objects over sockets: a thread-pool and a select-based server, proxies shared
    # between threads, a name server.
    Project(
        "Pyro5",
        "5.17",
        "cfac69638d80943aff9cc5f1466755dd0fef8aed0bb4bda41b5eb045818ce6fc",
        "pyro5-5.17.tar.gz",
        "pyro5-5.17/Pyro5",
    ),
    # bleak, the next reserve, was dropped: its sdist builds with uv_build, whose own sdist
    # needs maturin (Rust), so ``--no-binary :all:`` fails.
    # Model Context Protocol SDK on anyio: client and server sessions, stdio, SSE and
    # streamable HTTP transports, task groups and memory streams.
    Project(
        "mcp",
        "2.3.0",
        "8b147a50441cf059dc88c684e0aeed3687f0aa0f39c6cde7b90330effd2b34d8",
        "mcp-2.3.0.tar.gz",
        "mcp-2.3.0/src/mcp",
    ),
    # asyncio PostgreSQL driver on psycopg2's async mode: connections polled on the loop, a
    # pool under a condition, a SQLAlchemy layer.
    Project(
        "aiopg",
        "1.4.0",
        "116253bef86b4d954116716d181e9a0294037f266718b2e1c9766af995639d71",
        "aiopg-1.4.0.tar.gz",
        "aiopg-1.4.0/aiopg",
    ),
    # Memoizing caches and decorators, with an optional lock and a condition against
    # stampedes, used from threads.
    Project(
        "cachetools",
        "8.0.3",
        "79245d0d90464e29355f13658cd769e57d98ed06242d3c6fbd71796ca0938ef9",
        "cachetools-8.0.3.tar.gz",
        "cachetools-8.0.3/src/cachetools",
    ),
    # Stream processing on asyncio and Kafka: agents, tables, a consumer and producer, a
    # web server, services with background tasks.
    Project(
        "faust-streaming",
        "0.15.3",
        "51d6de8d7984c1e47ce961ba4c066e82a6b69d7b02d6bc27129677c4bfb1235f",
        "faust_streaming-0.15.3.tar.gz",
        "faust_streaming-0.15.3/faust",
    ),
    # Parallel collections and task graphs: threaded, process and synchronous schedulers,
    # callbacks and diagnostics, caches (its twelve test packages and conftest.py are not
    # linted).
    Project(
        "dask",
        "2026.11.0",
        "75448e361e733aff98a57e2075a2a2398329c60eb6c567a3aa35de91970f1c7e",
        "dask-2026.11.0.tar.gz",
        "dask-2026.11.0/dask",
        exclude=(
            "tests",
            "array/_array_expr/tests",
            "array/tests",
            "bag/tests",
            "bytes/tests",
            "dataframe/dask_expr/io/tests",
            "dataframe/dask_expr/tests",
            "dataframe/io/tests",
            "dataframe/tests",
            "dataframe/tseries/tests",
            "diagnostics/tests",
            "widgets/tests",
            "conftest.py",
        ),
    ),
)

# Seventh batch (``--batch 7``), fixed in this order before any run (docs/realworld-heldout-7.md,
# commit ff4e1f9), on the linter frozen at bd9ca2b. The reserves (matrix-nio, aiodocker,
# channels-redis, elasticsearch, pyppeteer, opensearch-py) are added in order while the batch
# gives fewer than 40 findings (until 14:25 UTC).
HELDOUT_7 = (
    # asyncio client for Interactive Brokers' trading API: an event loop, a socket reader, sync
    # wrappers that run the loop, event handlers.
    Project(
        "ib-async",
        "2.1.0",
        "6a03a87d6c06acacb0217a5bea60a8a168ecd5b5a7e86e1c73678d5b48cbc796",
        "ib_async-2.1.0.tar.gz",
        "ib_async-2.1.0/ib_async",
    ),
    # OPC UA client and server on asyncio, with a sync wrapper that runs the loop in a thread.
    Project(
        "asyncua",
        "2.1.0",
        "d741f5e21f189ac0a45b8dda13539c2d49d8d992b9b62d2758efe1bfd3d1454c",
        "asyncua-2.1.0.tar.gz",
        "asyncua-2.1.0/asyncua",
    ),
    # asyncio MQTT broker and client: sessions, plugins, keep-alive tasks.
    Project(
        "amqtt",
        "0.12.1",
        "7112cce32f9b9d3f24abb1f60c604695909cd6a31f89e79e430585326ebe97d8",
        "amqtt-0.12.1.tar.gz",
        "amqtt-0.12.1/amqtt",
    ),
    # asyncio distributed task queue: brokers, workers, result backends, a process manager.
    Project(
        "taskiq",
        "0.13.0",
        "7d56609a6c5a20b0c9da67e9f310ec9640266f620b8f81880bccd5f16913e687",
        "taskiq-0.13.0.tar.gz",
        "taskiq-0.13.0/taskiq",
    ),
    # Retrying for sync and async code: sleep strategies, wait and stop policies.
    Project(
        "tenacity",
        "9.2.1",
        "a606b5c808d0cded4a359d5b9932d867ff2a6a6b64d37350260fd01bbdf83839",
        "tenacity-9.2.1.tar.gz",
        "tenacity-9.2.1/tenacity",
    ),
    # REST and websocket client for a trading API, sync and asyncio, with threaded websocket
    # managers.
    Project(
        "python-binance",
        "1.0.37",
        "03a302d8c598d270f1206adf165450ce4d0df58691e92a5e0bff665831f75a1e",
        "python_binance-1.0.37.tar.gz",
        "python_binance-1.0.37/binance",
    ),
    # Reserves added one at a time, in their fixed order, while the batch gave fewer than 40.
    # End-to-end encrypted Matrix client on asyncio (aiohttp): sync loop, callbacks, an
    # encryption store, key sharing.
    Project(
        "matrix-nio",
        "0.26.0",
        "6aff7aa1d9e6e5351df8f979f4b647a3b347f635e306b26e2682fd3b59d8e6a8",
        "matrix_nio-0.26.0.tar.gz",
        "matrix_nio-0.26.0/src/nio",
    ),
    # asyncio Docker API client (aiohttp): container attach and exec streams, logs, events,
    # image pulls.
    Project(
        "aiodocker",
        "0.27.0",
        "74586f4929aee4563ee7db50996a1a39ac35e06c80701daad31f94aadb6551c7",
        "aiodocker-0.27.0.tar.gz",
        "aiodocker-0.27.0/aiodocker",
    ),
    # Redis channel layers for Django Channels on asyncio: per-loop connection pools, group
    # sends, a pub/sub layer with a reader task.
    Project(
        "channels-redis",
        "4.3.0",
        "740ee7b54f0e28cf2264a940a24453d3f00526a96931f911fcb69228ef245dd2",
        "channels_redis-4.3.0.tar.gz",
        "channels_redis-4.3.0/channels_redis",
    ),
    # Elasticsearch client, sync and asyncio side by side (generated twins): transports, bulk
    # and scan helpers with a thread pool, the DSL.
    Project(
        "elasticsearch",
        "9.5.1",
        "98210cd96c256dd9936f58e1c762aba94da7db7d38d058bb0fbaf7e4b9567146",
        "elasticsearch-9.5.1.tar.gz",
        "elasticsearch-9.5.1/elasticsearch",
    ),
    # Headless Chrome driver on asyncio (a port of puppeteer): a websocket connection, a
    # browser process launcher, frames and network events.
    Project(
        "pyppeteer",
        "2.0.0",
        "4af63473ff36a746a53347b2336a49efda669bcd781e400bc1799b81838358d9",
        "pyppeteer-2.0.0.tar.gz",
        "pyppeteer-2.0.0/pyppeteer",
    ),
    # OpenSearch client, sync and asyncio (a fork of elasticsearch-py): connection pools,
    # async transports, bulk and scan helpers with a thread pool.
    Project(
        "opensearch-py",
        "3.2.0",
        "f40fb3a295275422df2ad6d9459f667af94472d5a9e567072e9ecf163eb22613",
        "opensearch_py-3.2.0.tar.gz",
        "opensearch_py-3.2.0/opensearchpy",
    ),
)

# Eighth batch (``--batch 8``), fixed in this order before any run (docs/realworld-heldout-8.md,
# commit 2334e76), on the linter frozen at 57c037e. The reserves (execnet, posthog, hikari,
# google-cloud-pubsub, telethon, influxdb-client) are added in order while the batch gives fewer
# than 40 findings (until 15:45 UTC).
HELDOUT_8 = (
    # Error and performance monitoring SDK: a background worker thread for the transport,
    # session and metrics flushers, integrations for asyncio, threading and many frameworks.
    Project(
        "sentry-sdk",
        "2.76.0",
        "08115d93eab60ab6e49e2b867254aaa0babaca4dfa4d8fcf905c5d980e157041",
        "sentry_sdk-2.76.0.tar.gz",
        "sentry_sdk-2.76.0/sentry_sdk",
    ),
    # Kafka client: a selector-driven network client shared by threads, the consumer's
    # heartbeat thread, the producer's sender thread, locks and conditions.
    Project(
        "kafka-python",
        "3.0.12",
        "4ccda3616b9aa5c353d74a97f2770d6cd1b950890d77ab0e8890e09a48eeed65",
        "kafka_python-3.0.12.tar.gz",
        "kafka_python-3.0.12/kafka",
    ),
    # Slack API clients, sync and asyncio side by side, Socket Mode clients on threads and on
    # asyncio (the sdist's legacy ``slack`` package beside it is not linted).
    Project(
        "slack-sdk",
        "3.48.0",
        "e54389b4b9b221c9d57f1d98bc1e28f4918e4e0bc435cc5d430216cb1ab6ad7c",
        "slack_sdk-3.48.0.tar.gz",
        "slack_sdk-3.48.0/slack_sdk",
    ),
    # The Neo4j driver, sync and asyncio (generated twins): connection pools under locks and
    # conditions, routing tables, sessions and transactions.
    Project(
        "neo4j",
        "6.4.1",
        "fac99b7cb9679b93ef97dc23f22a3f0e7c3feb2db223eddfd2521f27005cfeaf",
        "neo4j-6.4.1.tar.gz",
        "neo4j-6.4.1/src/neo4j",
    ),
    # The OpenTelemetry SDK: batch span and log processors with worker threads, a periodic
    # metric reader thread, locks around shared state.
    Project(
        "opentelemetry-sdk",
        "1.45.2",
        "7eec4de13dd21ff3a1670dcb0e02079e692736f94d733dfdce5af461d884248d",
        "opentelemetry_sdk-1.45.2.tar.gz",
        "opentelemetry_sdk-1.45.2/src/opentelemetry/sdk",
    ),
    # asyncio Telegram bot framework: a dispatcher, long polling, webhooks, FSM storages,
    # middlewares.
    Project(
        "aiogram",
        "3.31.0",
        "f2c5064fe52d88898c86af62261c405440a014216e45dd99b2c6555a5602ce30",
        "aiogram-3.31.0.tar.gz",
        "aiogram-3.31.0/aiogram",
    ),
)

# Ninth batch (``--batch 9``), fixed in this order before any run (docs/realworld-heldout-9.md,
# commit ad983db), on the linter frozen at 76b13df (16:05 UTC). Every release below (reserves
# included) was fetched with ``pip download --no-deps --no-binary :all:`` and pinned at its
# latest PyPI release before the list was committed, and nothing was linted; telethon,
# considered, was left out because its sdist does not build (its ``hatch_build.py`` is missing
# from the sdist). The reserves
# (``RESERVES_9``) are added one at a time, in their order, while the batch gives fewer than 40
# findings (until 16:25 UTC): ``RESERVES_TAKEN_9`` counts how many were added (all six: the
# fourteen gave 18 findings).
HELDOUT_9_LIST = (
    # Distributed execution over gateways (popen, ssh, socket): a receiver thread per gateway,
    # channels with conditions and callbacks, thread/eventlet/gevent execution models.
    Project(
        "execnet",
        "2.1.2",
        "63d83bfdd9a23e35b9c6a3261412324f964c2ec8dcd8d3c6916ee9373e0befcd",
        "execnet-2.1.2.tar.gz",
        "execnet-2.1.2/src/execnet",
    ),
    # Product analytics SDK: consumer threads draining a queue in batches, a feature-flag
    # poller thread, AI and tracing integrations for sync and asyncio clients (its ``test``
    # package inside the package directory is not linted).
    Project(
        "posthog",
        "7.91.1",
        "e4b3d34854860d814c04b276057c52282bab8fa0d1636d01e44868b32037649c",
        "posthog-7.91.1.tar.gz",
        "posthog-7.91.1/posthog",
        exclude=("test",),
    ),
    # Google Cloud Pub/Sub's hand-written client (``google/cloud/pubsub_v1``; the generated
    # gRPC layer ``google/pubsub_v1`` is not linted): publisher batches committed by threads,
    # the subscriber's streaming-pull manager with leaser, dispatcher and heartbeater threads.
    Project(
        "google-cloud-pubsub",
        "2.44.0",
        "cc59c9a33188cbd97572c7e3b0a095217dd42756b7739cc18f9fa1f14ad79f2c",
        "google_cloud_pubsub-2.44.0.tar.gz",
        "google_cloud_pubsub-2.44.0/google/cloud/pubsub_v1",
    ),
    # Discord API framework on asyncio: gateway shards, rate limiters and buckets, a REST
    # client, an event manager, an interaction server.
    Project(
        "hikari",
        "2.7.0",
        "2a45ed800cb749411c20e665e584d62adbf12b9f0dc70e52e81637fcd4cbf44e",
        "hikari-2.7.0.tar.gz",
        "hikari-2.7.0/hikari",
    ),
    # InfluxDB 2 client: a batching write API on background threads (reactivex), sync and
    # asyncio clients side by side, query streaming.
    Project(
        "influxdb-client",
        "1.50.0",
        "c2a4906573097103fa6f9a2ab08efe2eb48c2fed60b8129a3e320affde445743",
        "influxdb_client-1.50.0.tar.gz",
        "influxdb_client-1.50.0/influxdb_client",
    ),
    # PostgreSQL driver psycopg 3 (pure-Python implementation), sync and asyncio twins:
    # connections under a lock, pipelines, cursors, waiting functions, notifies.
    Project(
        "psycopg",
        "3.3.9",
        "87c1d85c3e0e88e811d3c0b3808f947bd967c6faf34af6cd86fd021f77793d6c",
        "psycopg-3.3.9.tar.gz",
        "psycopg-3.3.9/psycopg",
    ),
    # Zigbee stack on asyncio: the controller application, device requests and their
    # futures, request queues, OTA, a SQLite database written from a task.
    Project(
        "zigpy",
        "2.4.0",
        "f6d2fc5d6e33618b440e5beadcd5e16efaf119af4ab1a67b27f9430b2c4fe7f4",
        "zigpy-2.4.0.tar.gz",
        "zigpy-2.4.0/zigpy",
    ),
    # asyncio ORM: connection pools per backend (asyncpg, aiomysql, aiosqlite, ...),
    # transactions in context variables, a test-helper package (``contrib/test``, public).
    Project(
        "tortoise-orm",
        "1.1.9",
        "0399e1aa9518620f8b9c455598ac06ab890332c03e335cfca4b73b48d4e6abaa",
        "tortoise_orm-1.1.9.tar.gz",
        "tortoise_orm-1.1.9/tortoise",
    ),
)

RESERVES_9 = (
    # Twitch API library on asyncio: an EventSub websocket, an aiohttp web adapter, HTTP with
    # rate limits, token management, commands and routines.
    Project(
        "twitchio",
        "3.3.2",
        "0d6da251fcc01d3fa6c3e6d44b18aa81509f8163893db3a9a2bee8ce74342dab",
        "twitchio-3.3.2.tar.gz",
        "twitchio-3.3.2/twitchio",
    ),
    # Async database access over SQLAlchemy Core: backends on asyncpg, aiomysql, aiosqlite,
    # connections and transactions per task.
    Project(
        "databases",
        "0.9.0",
        "d2f259677609bf187737644c95fa41701072e995dfeb8d2882f335795c5b61b0",
        "databases-0.9.0.tar.gz",
        "databases-0.9.0/databases",
    ),
    # asyncio MQTT client wrapping paho-mqtt: paho's callbacks hand messages to the loop,
    # a message queue, a misc loop task.
    Project(
        "aiomqtt",
        "2.5.1",
        "25a0a47d157e8f158d2da1110ea4786c0615518751e94f7b04976c977a8ff20d",
        "aiomqtt-2.5.1.tar.gz",
        "aiomqtt-2.5.1/aiomqtt",
    ),
    # Thread and process pools with timeouts: pool manager threads, worker processes, futures,
    # decorators for threads, processes and asyncio.
    Project(
        "pebble",
        "5.2.3",
        "6fce8cc8cbf367588406f66e4b62ec36e22594a6c720bff1d08cc2e565a66af3",
        "pebble-5.2.3.tar.gz",
        "pebble-5.2.3/pebble",
    ),
    # STOMP messaging client: a receiver thread per transport, heartbeat threads, listeners
    # and a lock around sends.
    Project(
        "stomp-py",
        "9.0.0",
        "77b63fdd6cb2fb5e3d7032c5e1cde70c005f498d6096b77827efe71913196464",
        "stomp_py-9.0.0.tar.gz",
        "stomp_py-9.0.0/stomp",
    ),
    # Segment analytics SDK: consumer threads draining a queue in batches, an OAuth token
    # manager thread (its ``test`` package inside the package directory is not linted).
    Project(
        "segment-analytics-python",
        "2.4.0",
        "56184d755aa73415a59e113239f14ff0f98b3bd77b6bfea6c6034a87de561a38",
        "segment_analytics_python-2.4.0.tar.gz",
        "segment_analytics_python-2.4.0/segment/analytics",
        exclude=("test",),
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_9 = 6

HELDOUT_9 = HELDOUT_9_LIST + RESERVES_9[:RESERVES_TAKEN_9]

# Tenth batch (``--batch 10``), fixed in this order before any run (docs/realworld-heldout-10.md,
# commit 45f870d), on the linter frozen at 45f870d (17:54 UTC). Every release below (reserves
# included) was fetched with ``pip download --no-deps --no-binary :all:`` and pinned at its
# latest PyPI release before the list was committed, and nothing was linted. The reserves
# (``RESERVES_10``) are added one at a time, in their order, while the batch gives fewer than 40
# findings (until 18:50 UTC): ``RESERVES_TAKEN_10`` counts how many were added (five: the twelve
# gave 36 findings, with the fifth, qdrant-client, the batch reached 43; thespian was not added).
HELDOUT_10_LIST = (
    # LaunchDarkly server SDK: streaming and polling data sources on threads, an event
    # processor thread, big segments, flag trackers and listeners, async twins (its ``testing``
    # package, the test suite inside the package directory, is not linted).
    Project(
        "launchdarkly-server-sdk",
        "9.20.0",
        "a7b4a94117222b9ea9dc13c1abc58c4c8917ee09d78f96a64385e3d4ad9d3d5d",
        "launchdarkly_server_sdk-9.20.0.tar.gz",
        "launchdarkly_server_sdk-9.20.0/ldclient",
        exclude=("testing",),
    ),
    # PubNub SDK: a subscription manager and heartbeats on threads (native) and on asyncio,
    # request handlers for both, telemetry and reconnection policies.
    Project(
        "pubnub",
        "10.8.0",
        "a2ded0f3b35374f6c49a9d09aaf66eb5bdf9599f1f543502997f1bc063c99b00",
        "pubnub-10.8.0.tar.gz",
        "pubnub-10.8.0/pubnub",
    ),
    # Azure Event Hubs client with its vendored pure-Python AMQP stack: sync clients on threads
    # (buffered producer, event processor, load balancing), asyncio twins.
    Project(
        "azure-eventhub",
        "5.15.1",
        "201de7b6e10b7517c594e529aa7d21c6887ac2a4757fc4850c991a3f640a02fb",
        "azure_eventhub-5.15.1.tar.gz",
        "azure_eventhub-5.15.1/azure/eventhub",
    ),
    # Weaviate vector database client, sync and asyncio: batching with background threads and
    # an event loop in a thread, gRPC and REST connections.
    Project(
        "weaviate-client",
        "4.23.1",
        "0c0f249b5a5b813d7e98d9eb33e17a0eb06a3bff047de23a3e41311aa82feb0d",
        "weaviate_client-4.23.1.tar.gz",
        "weaviate_client-4.23.1/weaviate",
    ),
    # PostgreSQL task queue: an asyncio worker with concurrent sub-workers, sync and async
    # connectors (psycopg, aiopg, Django), a periodic deferrer, shutdown handling.
    Project(
        "procrastinate",
        "3.10.0",
        "3668da769088682abf91b8c760de467be1203218411872f1a26ac7515d4f980d",
        "procrastinate-3.10.0.tar.gz",
        "procrastinate-3.10.0/procrastinate",
    ),
    # Scheduler: tasks run in the main thread, in threads, in processes or as asyncio tasks,
    # a scheduler loop, conditions and a log (its ``test`` package is not linted; its public
    # ``testing`` helper is).
    Project(
        "rocketry",
        "2.5.1",
        "11d1fb3d2856c5b2727bb4814c4f2bfbd2803067eebeac872d34a4c7a6756825",
        "rocketry-2.5.1.tar.gz",
        "rocketry-2.5.1/rocketry",
        exclude=("test",),
    ),
    # Jupyter kernel clients and managers: ZMQ channels polled on an IOLoop thread, blocking
    # and asyncio clients, kernel restarters, provisioners.
    Project(
        "jupyter-client",
        "8.10.0",
        "9f7116294dca55f1785be880057d44544db9b1567718d92cb33c58886afb9497",
        "jupyter_client-8.10.0.tar.gz",
        "jupyter_client-8.10.0/jupyter_client",
    ),
    # Language Server Protocol framework: an asyncio server over stdio, TCP and websockets,
    # handlers run on the loop or in a thread pool, progress and cancellation.
    Project(
        "pygls",
        "2.1.1",
        "1da03ba9053201bb337dcdd8d121df70feb2a91e1a0dcc74de5da79755b1a201",
        "pygls-2.1.1.tar.gz",
        "pygls-2.1.1/pygls",
    ),
    # Kubernetes operator framework on asyncio: watch streams, per-object workers, sync
    # handlers in a thread executor, peering, daemons and timers.
    Project(
        "kopf",
        "1.45.2",
        "5baa180cfdebe1c5095d2a0a96d7d91825b6920541a0825c55719c36abb0054f",
        "kopf-1.45.2.tar.gz",
        "kopf-1.45.2/kopf",
    ),
    # Terminal UI library: its own event loops over select, asyncio, trio, tornado, GLib,
    # Twisted and ZMQ, widgets redrawn from callbacks, a threaded terminal widget.
    Project(
        "urwid",
        "5.1.0",
        "36c8aa321fe5ac0c47dccc913bfbbd504d96caad8644c5a7ada0ec8c522fb808",
        "urwid-5.1.0.tar.gz",
        "urwid-5.1.0/urwid",
    ),
    # KNX home automation (IoT) on asyncio: tunnelling and routing over UDP and TCP, a
    # telegram queue, device state updaters, secure sessions.
    Project(
        "xknx",
        "4.0.0",
        "84f00ce2ced47cd010b382ff729909475734275890b2c7318a7a05a8e3cd3e99",
        "xknx-4.0.0.tar.gz",
        "xknx-4.0.0/xknx",
    ),
    # WSGI toolkit: the threaded and forking development server, the reloader thread, the
    # debugger's console, local context objects.
    Project(
        "werkzeug",
        "3.1.9",
        "55ca7c70a75689be937aa27f8ff4b018f06ff4838fc73045560bf0f5a1291060",
        "werkzeug-3.1.9.tar.gz",
        "werkzeug-3.1.9/src/werkzeug",
    ),
)

RESERVES_10 = (
    # Redis-backed asyncio job queue: workers, a scheduler loop, job abort and sweep tasks,
    # a web monitor.
    Project(
        "saq",
        "0.26.4",
        "e29a3c8b7df722c28f6b8db9566571fc0bbdb32d0fcccbaa3af9517f46a6011c",
        "saq-0.26.4.tar.gz",
        "saq-0.26.4/saq",
    ),
    # asyncio MQTT client: a reconnecting protocol, a message storage, resend tasks.
    Project(
        "gmqtt",
        "0.8.0",
        "61fb7641109f57ca29f73d2d8f2cb487de49d76338ef8c68228db961b6e9696a",
        "gmqtt-0.8.0.tar.gz",
        "gmqtt-0.8.0/gmqtt",
    ),
    # Memcached client: pooled and hashing clients shared by threads, a lock-guarded pool
    # (its ``test`` package is not linted).
    Project(
        "pymemcache",
        "4.0.0",
        "27bf9bd1bbc1e20f83633208620d56de50f14185055e49504f4f5e94e94aff94",
        "pymemcache-4.0.0.tar.gz",
        "pymemcache-4.0.0/pymemcache",
        exclude=("test",),
    ),
    # Rollbar error reporting SDK: thread, async (asyncio/httpx) and Twisted handlers, a
    # thread pool for sending, framework integrations.
    Project(
        "rollbar",
        "1.5.0",
        "1940a2e007901d7023014be782a09828e2822b842a4b0f9034806cdb81e07f0c",
        "rollbar-1.5.0.tar.gz",
        "rollbar-1.5.0/rollbar",
    ),
    # Qdrant vector database client, sync and asyncio (generated twins), a local in-memory
    # mode, parallel uploads in processes and threads.
    Project(
        "qdrant-client",
        "1.20.0",
        "58ff8aec0c56d2dd4d9f0cae1940c280b364bfde18715d4ccc10c3e118bcd053",
        "qdrant_client-1.20.0.tar.gz",
        "qdrant_client-1.20.0/qdrant_client",
    ),
    # Actor system: actors in threads, processes or over TCP/UDP, an admin actor, transports
    # with select loops (its test packages are not linted).
    Project(
        "thespian",
        "4.0.1",
        "a4ae87849ca24d4545555a7fa45c500e2cae0ce03cba0ddf863cfb576d76a819",
        "thespian-4.0.1.tar.gz",
        "thespian-4.0.1/thespian",
        exclude=("test", "system/test", "system/admin/test", "system/transport/test"),
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_10 = 5

HELDOUT_10 = HELDOUT_10_LIST + RESERVES_10[:RESERVES_TAKEN_10]

# Eleventh batch (``--batch 11``), fixed in this order before any run
# (docs/realworld-heldout-11.md, commit 10b7deb), on the linter frozen at 10b7deb (19:04 UTC).
# Every release below (reserves included) was fetched with ``pip download --no-deps
# --no-binary :all:`` and pinned at its latest PyPI release before the list was committed, and
# nothing was linted. The reserves (``RESERVES_11``) are added one at a time, in their order,
# while the batch gives fewer than 40 findings (until 20:15 UTC): ``RESERVES_TAKEN_11`` counts
# how many were added (all five: the twelve gave 23 findings, the reserves 6 more, so the batch
# stayed at 29).
HELDOUT_11_LIST = (
    # Hazelcast data grid client: a reactor thread per client, invocation futures completed
    # from it, near caches, listeners, and an asyncio client.
    Project(
        "hazelcast-python-client",
        "5.7.0",
        "79e7c6e77453e53af29bb2454504e1b8d3a422527813116ee44379c18ee9849f",
        "hazelcast_python_client-5.7.0.tar.gz",
        "hazelcast_python_client-5.7.0/hazelcast",
    ),
    # Split feature-flag SDK: synchronizers, tasks and storages on threads, with asyncio twins
    # of each.
    Project(
        "splitio_client",
        "10.7.0",
        "56a26a6e3d5c1adbe7db92996f524ec9505c610d3ed104884a19315499c93398",
        "splitio_client-10.7.0.tar.gz",
        "splitio_client-10.7.0/splitio",
    ),
    # Optimizely feature experimentation SDK: a batch event processor thread, polling config
    # managers, ODP event and segment managers.
    Project(
        "optimizely-sdk",
        "5.7.0",
        "ddc4aa8ac862bdec54df3fdf045776904ac855debed96b137daf861d077c8610",
        "optimizely_sdk-5.7.0.tar.gz",
        "optimizely_sdk-5.7.0/optimizely",
    ),
    # Elastic APM agent: a transport thread, a metrics collector thread, asyncio and threaded
    # instrumentations, context propagation.
    Project(
        "elastic-apm",
        "6.26.2",
        "2301de319a85353bd7810dc5d715df8e7e6fd829cf0148a5fb9f0811a2fed7bb",
        "elastic_apm-6.26.2.tar.gz",
        "elastic_apm-6.26.2/elasticapm",
    ),
    # Datadog client: DogStatsd with a sender thread and a flush thread, ThreadStats with its
    # own flush thread, the API client.
    Project(
        "datadog",
        "0.56.0",
        "834367bebacbe3381b2290c96b31d359eb6bcc76322185be260e26dac51b0989",
        "datadog-0.56.0.tar.gz",
        "datadog-0.56.0/datadog",
    ),
    # Logging library: handlers behind locks, ``enqueue`` with a worker thread over a
    # multiprocessing queue, coroutine sinks on an event loop.
    Project(
        "loguru",
        "0.7.3",
        "19480589e77d47b8d85b2c827ad95d49bf31b0dcde16593892eb51dd18706eb6",
        "loguru-0.7.3.tar.gz",
        "loguru-0.7.3/loguru",
    ),
    # Workflow engine: a worker running tasks in processes, a keep-alive thread, a central
    # scheduler on tornado.
    Project(
        "luigi",
        "3.8.1",
        "2fa5eb5d3474e495de09bd964f502936c08f8b1eb6e0f3ca3c8a69116c38d0c3",
        "luigi-3.8.1.tar.gz",
        "luigi-3.8.1/luigi",
    ),
    # Process pools: workers as processes or threads, progress bar and insight threads, a
    # dashboard.
    Project(
        "mpire",
        "2.10.2",
        "f66a321e93fadff34585a4bfa05e95bd946cf714b442f51c529038eb45773d97",
        "mpire-2.10.2.tar.gz",
        "mpire-2.10.2/mpire",
    ),
    # Subprocess launcher: a thread per pipe, background processes, awaitable commands.
    Project(
        "sh",
        "2.4.0",
        "a250aef68509ed93419c9a1d90b0647cd5cbe26107ba94d3717ef5b6d595ffd9",
        "sh-2.4.0.tar.gz",
        "sh-2.4.0/src/sh",
    ),
    # FTP server: its own IO loop over select/poll/epoll, threaded and multiprocess servers.
    Project(
        "pyftpdlib",
        "2.2.0",
        "4ba0642078792df63dd3b2e9c8f838f2a3ecf428c7518d5921c0530d53512acf",
        "pyftpdlib-2.2.0.tar.gz",
        "pyftpdlib-2.2.0/pyftpdlib",
    ),
    # HomeKit accessory server (IoT) on asyncio: an accessory driver with its loop in a thread,
    # executor jobs, HAP connections, mDNS.
    Project(
        "HAP-python",
        "5.2.0",
        "ede65dbd35ecb075e40483b57ff6f88bbb799a9dfb877dd4f9fcbe84511f57f3",
        "hap_python-5.2.0.tar.gz",
        "hap_python-5.2.0/pyhap",
    ),
    # SMB client (``smbprotocol`` and ``smbclient``): a message receiver thread per
    # connection, a connection pool shared by threads.
    Project(
        "smbprotocol",
        "1.17.0",
        "bcc27edfff7d727a7eb30424138766e1ee216ae2ffc1af03dab0448f29c4731c",
        "smbprotocol-1.17.0.tar.gz",
        "smbprotocol-1.17.0/src",
    ),
)

RESERVES_11 = (
    # Sonos speaker control: an event listener thread (and asyncio and Twisted twins),
    # subscriptions renewed by timer threads, a discovery thread.
    Project(
        "soco",
        "0.32.5",
        "acc2ab3e558b43d7db15a9de41d8d86153f662d1507b2f18e9f23c4e99db96ec",
        "soco-0.32.5.tar.gz",
        "soco-0.32.5/soco",
    ),
    # GraphQL client: asyncio transports (aiohttp, websockets, httpx), sync transports, a sync
    # client that runs the async ones on an event loop.
    Project(
        "gql",
        "4.4.0",
        "e54fe470d51347ceb46a04fc88c5553695d2d8c86b05bef13aeee8b8f2d5f61a",
        "gql-4.4.0.tar.gz",
        "gql-4.4.0/gql",
    ),
    # WebSocket and WAMP on asyncio and Twisted, thread pools for Twisted, a rawsocket
    # transport (its test packages are not linted; the public ``twisted/testing`` helper is).
    Project(
        "autobahn",
        "26.11.1",
        "1a081ca27ad5a0a04d3c7ca07b2caa6d324b8004383e36ae6eede1d5053e23b0",
        "autobahn-26.11.1.tar.gz",
        "autobahn-26.11.1/src/autobahn",
        exclude=(
            "test",
            "asyncio/test",
            "twisted/test",
            "rawsocket/test",
            "nvx/test",
            "wamp/test",
            "websocket/test",
        ),
    ),
    # Caching with dogpile locks: a mutex per key, async creation runners on threads, lock
    # registries, backends (its public ``testing`` fixtures are linted).
    Project(
        "dogpile.cache",
        "1.5.0",
        "849c5573c9a38f155cd4173103c702b637ede0361c12e864876877d0cd125eec",
        "dogpile_cache-1.5.0.tar.gz",
        "dogpile_cache-1.5.0/dogpile",
    ),
    # CANopen stack: a notifier thread of python-can dispatching to SDO, PDO and NMT handlers,
    # periodic PDO transmission, heartbeat waits.
    Project(
        "canopen",
        "2.4.1",
        "20a84bc498b34dadd79cece467d3bbe19591c1c02a8f39331bcc6065c4d8b2eb",
        "canopen-2.4.1.tar.gz",
        "canopen-2.4.1/canopen",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_11 = 5

HELDOUT_11 = HELDOUT_11_LIST + RESERVES_11[:RESERVES_TAKEN_11]

# Twelfth batch (``--batch 12``), fixed in this order before any run
# (docs/realworld-heldout-12.md, commit d544d17), on the linter frozen at 4127a30 (20:05 UTC).
# Every release below (reserves included) was fetched with ``pip download --no-deps
# --no-binary :all:`` and pinned at its latest PyPI release before the list was committed, and
# nothing was linted (ipykernel, faststream and scrapli were candidates whose sdists cannot be
# built that way, and were never in the list). The reserves (``RESERVES_12``) are added one at
# a time, in their order, while the batch gives fewer than 40 findings (until 20:40 UTC):
# ``RESERVES_TAKEN_12`` counts how many were added (all five: the twelve gave 13 findings, the
# reserves 1 more, so the batch stayed at 14).
HELDOUT_12_LIST = (
    # AWS S3 transfer manager: executors of upload/download tasks, transfer futures and their
    # coordinators, a bandwidth limiter, a process-pool downloader.
    Project(
        "s3transfer",
        "0.19.3",
        "8326acc3d056d7f7b8a37110c7d2aea41f67e83f6ae79cd3b5fbcca34c726406",
        "s3transfer-0.19.3.tar.gz",
        "s3transfer-0.19.3/s3transfer",
    ),
    # Azure Service Bus client (``azure/servicebus``, its own AMQP stack included): sync and
    # asyncio senders and receivers, an auto lock renewer on a thread pool.
    Project(
        "azure-servicebus",
        "7.15.0",
        "62c73f3d9efbaf0089a375adc5ef992ffe6d7d0b1218b8462265aa30ad352c3e",
        "azure_servicebus-7.15.0.tar.gz",
        "azure_servicebus-7.15.0/azure/servicebus",
    ),
    # Process control system: its own select loop over child processes' pipes, an HTTP/XML-RPC
    # server (medusa), signal handling (its ``tests`` package is not linted).
    Project(
        "supervisor",
        "4.3.0",
        "4a2bf149adf42997e1bb44b70c43b613275ec9852c3edacca86a9166b27e945e",
        "supervisor-4.3.0.tar.gz",
        "supervisor-4.3.0/supervisor",
        exclude=("tests",),
    ),
    # Task runner: subprocesses whose pipes are read and written by threads, watchers of the
    # output, timeouts (its ``vendor`` copies of other libraries are not linted).
    Project(
        "invoke",
        "3.0.3",
        "437b6a622223824380bfb4e64f612711a6b648c795f565efc8625af66fb57f0c",
        "invoke-3.0.3.tar.gz",
        "invoke-3.0.3/invoke",
        exclude=("vendor",),
    ),
    # Chromecast client: a socket client thread per device, controllers waiting on events,
    # discovery callbacks from zeroconf.
    Project(
        "pychromecast",
        "14.0.10",
        "f05a1c8d727d4f104c8c731688053033e05157f2ab81bc8eef50ec0c62f9373c",
        "pychromecast-14.0.10.tar.gz",
        "pychromecast-14.0.10/pychromecast",
    ),
    # Plex server API: an alert listener thread over a websocket, threaded searches and
    # downloads.
    Project(
        "plexapi",
        "4.18.3",
        "6c34977ccf7057b204aa5d904f15ff41ea8831df05fedf51432adaa3124d7551",
        "plexapi-4.18.3.tar.gz",
        "plexapi-4.18.3/plexapi",
    ),
    # Rate limiting: strategies over storages (memory, Redis, Memcached, MongoDB) with locks,
    # and asyncio twins of each.
    Project(
        "limits",
        "5.8.0",
        "c9e0d74aed837e8f6f50d1fcebcf5fd8130957287206bc3799adaee5092655da",
        "limits-5.8.0.tar.gz",
        "limits-5.8.0/limits",
    ),
    # Telegram bot framework: polling with a pool of worker threads, handlers and state
    # storages, and an asyncio bot beside it.
    Project(
        "pyTelegramBotAPI",
        "4.37.1",
        "349c06a4cce8f82d10cfc1bdc3395f750e19ea1413d445e944147d7736f58b59",
        "pytelegrambotapi-4.37.1.tar.gz",
        "pytelegrambotapi-4.37.1/telebot",
    ),
    # Unleash feature-flag SDK: fetch and metrics jobs on a scheduler's threads, a streaming
    # connector thread, a cache shared with them.
    Project(
        "UnleashClient",
        "6.9.1",
        "e58396c8e85762eb4beb8da6e3321fd2eba9378a622c1fe9873dee9a5e5e1bfd",
        "unleashclient-6.9.1.tar.gz",
        "unleashclient-6.9.1/UnleashClient",
    ),
    # CoAP on asyncio (IoT): transports over UDP, TCP, TLS and websockets, observations,
    # blockwise transfers, a proxy.
    Project(
        "aiocoap",
        "0.4.17",
        "464c8d2b85ec1ef435dabeaa3fb6c8256b40fadfe6ce4ca83b93acb8d555f436",
        "aiocoap-0.4.17.tar.gz",
        "aiocoap-0.4.17/aiocoap",
    ),
    # Jupyter server on tornado and asyncio: kernel managers, websocket channels to kernels,
    # contents managers calling the file system, terminals.
    Project(
        "jupyter_server",
        "2.21.1",
        "a8960aa29263f6041283e97d4756b099fb49b767baab6371891ecb1bd40a63df",
        "jupyter_server-2.21.1.tar.gz",
        "jupyter_server-2.21.1/jupyter_server",
    ),
    # NETCONF client over SSH: a session thread reading replies, RPCs waiting on events,
    # notification queues.
    Project(
        "ncclient",
        "0.7.1",
        "60dabb6ac1a2d84fbc3349cb104ef7d0c5d12cf8eee43fefc715410d70410ddc",
        "ncclient-0.7.1.tar.gz",
        "ncclient-0.7.1/ncclient",
    ),
)

RESERVES_12 = (
    # ConfigCat feature-flag SDK: an auto-polling thread, a lazy-loading cache, hooks, all behind
    # locks.
    Project(
        "configcat-client",
        "10.0.1",
        "23aa607ca590c78103130a8724386e6d82e395e955993d19180e9bc1fb2701f2",
        "configcat_client-10.0.1.tar.gz",
        "configcat_client-10.0.1/configcatclient",
    ),
    # Process and socket manager: an arbiter on a tornado loop, watchers of processes, stream
    # redirectors, plugins in processes, a zmq controller.
    Project(
        "circus",
        "0.19.0",
        "fbe6a5029998ac1239b17ebdd38251ac8b22627d30e4ec6f68cb10233911b0f4",
        "circus-0.19.0.tar.gz",
        "circus-0.19.0/circus",
    ),
    # ZODB client/server: the client's asyncio loop in a thread answering application threads,
    # the server's asyncio loop (its ``tests`` package is not linted).
    Project(
        "ZEO",
        "6.2",
        "e29c52eb9767d94b270bff4c6eca4c863fcbc46d15323686e6fb71bfe43c7899",
        "zeo-6.2.tar.gz",
        "zeo-6.2/src/ZEO",
        exclude=("tests",),
    ),
    # Notebook executor: kernel clients on asyncio, a sync face that runs the coroutines, an
    # output-polling task beside the execution.
    Project(
        "nbclient",
        "0.11.0",
        "04a134a5b087f2c5887f228aca155db50169b8cd9334dee6942c8e927e56081a",
        "nbclient-0.11.0.tar.gz",
        "nbclient-0.11.0/nbclient",
    ),
    # Belkin WeMo devices (IoT): a subscription registry with an HTTP server thread and a
    # renewal thread, device discovery.
    Project(
        "pywemo",
        "2.1.2",
        "d8ae6809aabce69522cf0157fd0d1163b18ce80ceaacd7c89a46a9c3beec536b",
        "pywemo-2.1.2.tar.gz",
        "pywemo-2.1.2/pywemo",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_12 = 5

HELDOUT_12 = HELDOUT_12_LIST + RESERVES_12[:RESERVES_TAKEN_12]

# Thirteenth batch (``--batch 13``), fixed in this order before any run
# (docs/realworld-heldout-13.md), on the linter frozen at the commit that adds this list.
# Every release below (reserves included) was fetched with ``pip download --no-deps
# --no-binary :all:`` and pinned at its latest PyPI release before the list was committed, and
# nothing was linted (ipyparallel and django-q2 were candidates whose sdists cannot be built
# that way, and were never in the list). The reserves (``RESERVES_13``) are added one at a time,
# in their order, while the batch gives fewer than 15 findings (until 21:45 UTC):
# ``RESERVES_TAKEN_13`` counts how many were added.
HELDOUT_13_LIST = (
    # RabbitMQ client: an IO thread per connection reading frames, channels waiting on RPC
    # replies under locks, a heartbeat timer thread (its ``tests`` package is not linted).
    Project(
        "amqpstorm",
        "3.1.4",
        "8c4c81430b3e3f06c88474a8ed883b48a62068f14490e339d6e0fc3329f030d3",
        "amqpstorm-3.1.4.tar.gz",
        "amqpstorm-3.1.4/amqpstorm",
        exclude=("tests",),
    ),
    # Cassandra driver: connection pools shared by threads, IO reactors (asyncore, asyncio,
    # libev, twisted, gevent, eventlet) on their own threads, a control connection, response
    # futures completed from the reactor.
    Project(
        "cassandra-driver",
        "3.30.1",
        "0c6a3e1428f7c6a9aa6c944b9c47a37cd2cdbeb5b5a82d42c33afdd56f14e398",
        "cassandra_driver-3.30.1.tar.gz",
        "cassandra_driver-3.30.1/cassandra",
    ),
    # Gremlin graph database client: a thread pool of connections, an aiohttp transport driven
    # by an event loop per connection, result sets completed from other threads.
    Project(
        "gremlinpython",
        "3.8.2",
        "b7ae3820ac1e54edfc04efc1b1deebd58b5726accbe2d0425b80086d7e4ed5fa",
        "gremlinpython-3.8.2.tar.gz",
        "gremlinpython-3.8.2/gremlin_python",
    ),
    # Azure IoT device SDK: a pipeline of stages on a callback thread, sync and asyncio clients,
    # an MQTT transport on paho's network thread, handler managers with their own threads.
    Project(
        "azure-iot-device",
        "2.14.0",
        "b6d48d4932c240025736ace544c4e71bc49a1576ac998ea1de778af82496ffce",
        "azure_iot_device-2.14.0.tar.gz",
        "azure_iot_device-2.14.0/azure-iot-device/azure/iot/device",
    ),
    # Firestore client (``google/cloud/firestore_v1``): a watch stream on a background thread
    # calling snapshot callbacks, a bulk writer over a thread pool, asyncio clients.
    Project(
        "google-cloud-firestore",
        "2.34.1",
        "d403b12375e4f68176bb638451417330a7a66d11c9cace98f7778109b884d9ab",
        "google_cloud_firestore-2.34.1.tar.gz",
        "google_cloud_firestore-2.34.1/google/cloud/firestore_v1",
    ),
    # TP-Link Kasa/Tapo smart-home devices (IoT) on asyncio: transports with encrypted
    # sessions, per-device query locks, discovery over UDP.
    Project(
        "python-kasa",
        "0.12.0",
        "92b0cd9eafc89a07a31e5652dd494a2eed0477fc1b0e517ba1b1a045d2cf3643",
        "python_kasa-0.12.0.tar.gz",
        "python_kasa-0.12.0/kasa",
    ),
    # Apple TV and AirPlay client on asyncio: protocol connections, push updaters, RAOP audio
    # streaming with timing tasks, discovery, a few executor calls.
    Project(
        "pyatv",
        "0.18.0",
        "f650807f6d5c15460677152d38c97e83d22ddfe2113d63689e71d9a27b616c35",
        "pyatv-0.18.0.tar.gz",
        "pyatv-0.18.0/pyatv",
    ),
    # Raspberry Pi GPIO devices: background threads for sources, blinking and events, pin
    # factories whose callbacks come from other threads, locks around shared devices.
    Project(
        "gpiozero",
        "2.0.1.post3",
        "745feab6df463ac2e9de10c67e2dd9f396e668ba4e281e92381d6c460100a8f7",
        "gpiozero-2.0.1.post3.tar.gz",
        "gpiozero-2.0.1.post3/gpiozero",
    ),
    # SNMP engine on asyncio: dispatchers over UDP transports, command generators and
    # responders, notification receivers, a shared MIB builder.
    Project(
        "pysnmp",
        "7.1.30",
        "db72f439b066725d2586dff068478dc8e9b303a4dba3294462b0e76b3cb63bc2",
        "pysnmp-7.1.30.tar.gz",
        "pysnmp-7.1.30/pysnmp",
    ),
    # Linux netlink library: an asyncio core with synchronous wrappers that run its loop in a
    # thread, IPDB/NDB with a worker thread and event sources, locks around sockets.
    Project(
        "pyroute2",
        "0.9.7",
        "a678b098478c46ec51d6bf9a03c3cd2ac0172dffa590e9e8c1eeab633d0c17c6",
        "pyroute2-0.9.7.tar.gz",
        "pyroute2-0.9.7/pyroute2",
    ),
    # HTTP client: sync sessions with a thread-safe connection pool, async sessions, multiplexed
    # HTTP/2 and HTTP/3 responses, background-thread hooks.
    Project(
        "niquests",
        "3.21.2",
        "586d6b9475c9018a42f19f1e4688077b8158101cbf40673c63d2c1a096cc7665",
        "niquests-3.21.2.tar.gz",
        "niquests-3.21.2/src/niquests",
    ),
    # BACnet (building automation, IoT) on asyncio: an application stack of layers, IPv4/IPv6
    # and MS/TP links, request/response state machines on the loop.
    Project(
        "bacpypes3",
        "0.0.110",
        "fd130ae5844a370a28110011f14aae04654939d325e26ca71147b39bb4cbd942",
        "bacpypes3-0.0.110.tar.gz",
        "bacpypes3-0.0.110/bacpypes3",
    ),
)

RESERVES_13 = (
    # Zigbee radio library for EmberZNet (IoT) on asyncio: an ASH/EZSP protocol over a serial
    # transport, a request queue, watchdog tasks.
    Project(
        "bellows",
        "1.2.1",
        "44d9dbb0576b964b3fe238835bfbb26198b4f2d71010f0f6908a73170f224b6d",
        "bellows-1.2.1.tar.gz",
        "bellows-1.2.1/bellows",
    ),
    # HomeKit controller on asyncio: IP, BLE and CoAP transports, pairing sessions, event
    # subscriptions, background polling.
    Project(
        "aiohomekit",
        "4.0.1",
        "5e00f87a9fae4829da6499bec91b0e55fa8d0565f8ce571da50737743fc91cd8",
        "aiohomekit-4.0.1.tar.gz",
        "aiohomekit-4.0.1/aiohomekit",
    ),
    # Ably realtime SDK on asyncio: a connection manager and transport over websockets,
    # channels waiting on attach, presence maps, a sync REST face.
    Project(
        "ably",
        "3.1.4",
        "72d180ef6c602bb23008377e33165dd3c41dadf7ed93b3af37cb3e79ae8a660d",
        "ably-3.1.4.tar.gz",
        "ably-3.1.4/ably",
    ),
    # Rate limiter: buckets (in memory, SQLite, Redis, Postgres) behind locks, a leak thread or
    # task, sync and asyncio limiters.
    Project(
        "pyrate-limiter",
        "4.6.0",
        "9530258e021193e776ff348a95106c88569e033fa43248e5fc484959ae9d4b40",
        "pyrate_limiter-4.6.0.tar.gz",
        "pyrate_limiter-4.6.0/pyrate_limiter",
    ),
    # Fluentd logger: an async sender with a queue and a sending thread, a logging handler,
    # a socket behind a lock.
    Project(
        "fluent-logger",
        "0.11.1",
        "6727525ba08671b758e3ac222f36fa3345bc1a77b81e7ddbc045ced68f44cd77",
        "fluent_logger-0.11.1.tar.gz",
        "fluent_logger-0.11.1/fluent",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_13 = 0

HELDOUT_13 = HELDOUT_13_LIST + RESERVES_13[:RESERVES_TAKEN_13]

# Fourteenth batch (``--batch 14``), fixed in this order before any run
# (docs/realworld-heldout-14.md), on the linter frozen at the commit that adds this list.
# Every release below (reserves included) was fetched with ``pip download --no-deps
# --no-binary :all:`` and pinned at the latest PyPI release that command fetched before the list
# was committed, and nothing was linted (libhoney was a candidate whose sdist cannot be built
# that way, and was never in the list). The reserves (``RESERVES_14``) are added one at a time,
# in their order, while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_14`` counts how
# many were added.
HELDOUT_14_LIST = (
    # Cloud Spanner client (``google/cloud/spanner_v1``): session pools shared by threads and
    # pinged from a thread the user starts, sync and asyncio databases, partitioned queries
    # merged over a thread pool, a mock server on a gRPC thread pool.
    Project(
        "google-cloud-spanner",
        "3.71.0",
        "976280a8338cd10dcbe5673788eb4b54a55c4f271b31d251c18ab4d9e1c001d3",
        "google_cloud_spanner-3.71.0.tar.gz",
        "google_cloud_spanner-3.71.0/google/cloud/spanner_v1",
    ),
    # Azure Blob Storage SDK (``azure/storage/blob``): chunked uploads and downloads over thread
    # pools with a shared progress lock, asyncio clients with semaphores.
    Project(
        "azure-storage-blob",
        "12.31.1",
        "0d6e5b860a1357efc602db04cfa7c9950ac86126edcf7db89320cde281555fe5",
        "azure_storage_blob-12.31.1.tar.gz",
        "azure_storage_blob-12.31.1/azure/storage/blob",
    ),
    # Cloud Logging client (``google/cloud/logging_v2``): a logging handler whose background
    # transport drains a queue on a worker thread, asyncio API clients.
    Project(
        "google-cloud-logging",
        "3.17.0",
        "d7343f2b82b4f9e9244bfc8aba7ad034c415f9bbb405ed28d1125aa37d270b72",
        "google_cloud_logging-3.17.0.tar.gz",
        "google_cloud_logging-3.17.0/google/cloud/logging_v2",
    ),
    # Firebase Admin SDK: realtime-database listeners on their own threads, messaging batches
    # over a thread pool, an asyncio HTTP client, token caches.
    Project(
        "firebase-admin",
        "7.7.0",
        "2e823cc1d2c8b74f41346fb33298b2e01fc8ad208ea144cd099938c32367f169",
        "firebase_admin-7.7.0.tar.gz",
        "firebase_admin-7.7.0/firebase_admin",
    ),
    # Packet library: sniffers and answering machines on threads, automata run in a thread,
    # a pipe engine thread, threaded RPC and Kerberos servers, periodic sender threads.
    Project(
        "scapy",
        "2.8.0",
        "0eacd1f940d115611c1b8a4696f315b4b80caf2951e546893a3d0cd7f6bfd6fd",
        "scapy-2.8.0.tar.gz",
        "scapy-2.8.0/scapy",
    ),
    # Network protocols (SMB, DCE/RPC, Kerberos, LDAP): threaded SMB and HTTP servers, relay
    # servers and clients on threads sharing sessions (its ``examples`` package is linted).
    Project(
        "impacket",
        "0.13.1",
        "ed91c802b6beff6546afd2262942bc1a188b4671fb91ec751d46a1d66d28c2cf",
        "impacket-0.13.1.tar.gz",
        "impacket-0.13.1/impacket",
    ),
    # Matter (IoT) controller server on asyncio: a websocket server and client, device
    # interviews and subscriptions, SDK calls run in an executor.
    Project(
        "python-matter-server",
        "7.0.1",
        "867fe6b39c2aebf0ee99c87f5d2300ae041b1737eb3e05a7cb90e8d6124c7d9e",
        "python_matter_server-7.0.1.tar.gz",
        "python_matter_server-7.0.1/matter_server",
    ),
    # Zigbee radio library for TI Z-Stack (IoT) on asyncio: a serial frame protocol, request
    # and callback futures, watchdog and NVRAM tasks.
    Project(
        "zigpy-znp",
        "1.1.1",
        "95edd2eed8432f27d59177d292f8ef56d897c722885b757510ca2cdc1eca9250",
        "zigpy_znp-1.1.1.tar.gz",
        "zigpy_znp-1.1.1/zigpy_znp",
    ),
    # PostgreSQL job queue on asyncio: a queue manager with worker tasks and semaphores,
    # LISTEN/NOTIFY event handling, a scheduler, sync and async drivers.
    Project(
        "pgqueuer",
        "1.6.0",
        "ed1306404f96e25c84c951f434e8b06b091e04e0177af0d5441505a7944f156e",
        "pgqueuer-1.6.0.tar.gz",
        "pgqueuer-1.6.0/pgqueuer",
    ),
    # RabbitMQ streams client on asyncio: a connection reader task dispatching frames to
    # waiters, producers batching under locks, consumers with credit, a superstream layer.
    Project(
        "rstream",
        "1.1.1",
        "d7acd26bfde3f23403f0c2b1fa1bcbd794038b398dc897b30bdc0e7a8ff645bd",
        "rstream-1.1.1.tar.gz",
        "rstream-1.1.1/rstream",
    ),
    # S3-compatible object storage client: parallel multipart uploads over its own pool of
    # worker threads fed by a queue and bounded by a semaphore.
    Project(
        "minio",
        "7.2.20",
        "95898b7a023fbbfde375985aa77e2cd6a0762268db79cf886f002a9ea8e68598",
        "minio-7.2.20.tar.gz",
        "minio-7.2.20/minio",
    ),
    # Feature-flag SDK: a feature repository refreshed by an SSE thread and a polling thread,
    # asyncio fetches, a tracking plugin with a flush thread.
    Project(
        "growthbook",
        "4.0.0",
        "4800fdbafbe36975f3c52630b10d10efcad4da642eaa78625ee89dc0ecedd6f0",
        "growthbook-4.0.0.tar.gz",
        "growthbook-4.0.0/growthbook",
    ),
)

RESERVES_14 = (
    # TensorBoard event writer: an event logger thread draining a queue, a file writer shared
    # with the caller's threads.
    Project(
        "tensorboardX",
        "2.6.5",
        "ca176db3997ee8c07d2eb77381225956a3fd1c10c91beafab1f17069adc47017",
        "tensorboardx-2.6.5.tar.gz",
        "tensorboardx-2.6.5/tensorboardX",
    ),
    # Feature-flag SDK: an environment polling thread, an SSE streaming thread, analytics
    # flushed from a timer.
    Project(
        "flagsmith",
        "6.3.0",
        "a4bfe5c2124e6d78be7bb12fcd48e99b67bb7eddcd823f9db29e32f665b43aef",
        "flagsmith-6.3.0.tar.gz",
        "flagsmith-6.3.0/flagsmith",
    ),
    # CloudWatch Logs handler: per-stream queues drained by sender threads, flush and close
    # from the logging threads.
    Project(
        "watchtower",
        "3.4.0",
        "7d3c116aff72a73ce8f6fc0addd1d0daa04d3f9d53d87cedca3a5a65a264bf7d",
        "watchtower-3.4.0.tar.gz",
        "watchtower-3.4.0/watchtower",
    ),
    # Amplitude analytics SDK: an event storage buffer behind a condition, a consumer thread
    # and a thread pool that send batches, a timeline of plugins.
    Project(
        "amplitude-analytics",
        "1.3.0",
        "47e685b5b49c95997cae059f7277b4792dbefe11c170e165d67c6a3f785b8e98",
        "amplitude_analytics-1.3.0.tar.gz",
        "amplitude_analytics-1.3.0/src/amplitude",
    ),
    # Remote execution over SSH on paramiko and invoke: a threading group running commands on
    # several hosts at once, port forwarding on threads (its ``testing`` package is not linted).
    Project(
        "fabric",
        "3.2.3",
        "dcbd2c47ad87688facaef5cc11aab6d1ec9ed05645fed97a5de7204d5d17cc44",
        "fabric-3.2.3.tar.gz",
        "fabric-3.2.3/fabric",
        exclude=("testing",),
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_14 = 5

HELDOUT_14 = HELDOUT_14_LIST + RESERVES_14[:RESERVES_TAKEN_14]

# Fifteenth batch (``--batch 15``), fixed in this order before any run
# (docs/realworld-heldout-15.md), on the linter frozen at the commit that adds this list.
# Every release below (reserves included) is the latest on PyPI with an sdist when the list was
# fixed; each sdist was fetched from PyPI's JSON simple API (the same file ``pip download
# --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and nothing was linted
# (slixmpp, coredis, python-osc and opsdroid were candidates left out: the first three need
# setuptools-rust, mypy or uv_build to build from source, opsdroid has nested ``tests``
# packages the top-level ``exclude`` cannot leave out). The reserves (``RESERVES_15``) are added
# one at a time, in their order, while the batch gives fewer than 15 findings:
# ``RESERVES_TAKEN_15`` counts how many were added.
HELDOUT_15_LIST = (
    # LDAP client: an asynchronous strategy with a receiver thread per connection, a reusable
    # strategy with a pool of worker threads, locks around connections and server pools.
    Project(
        "ldap3",
        "2.9.1",
        "f3e7fc4718e3f09dda568b57100095e0ce58633bcabbed8667ce3f8fbaa4229f",
        "ldap3-2.9.1.tar.gz",
        "ldap3-2.9.1/ldap3",
    ),
    # Milvus vector-database client: gRPC handlers reconnecting on threads, a connection
    # manager and caches behind locks, a topology refresh thread, an asyncio client, bulk
    # writers flushing on threads and uploading over a thread pool.
    Project(
        "pymilvus",
        "3.0.2",
        "607ac1bcc96719c1716e0027d4a59c6411ad783fb934cbe0618b6d6c0831550d",
        "pymilvus-3.0.2.tar.gz",
        "pymilvus-3.0.2/pymilvus",
    ),
    # Databricks SQL connector (``src/databricks``): cloud-fetch downloads over a thread pool,
    # a result queue fed by a worker thread, telemetry and feature flags sent over shared thread
    # pools with a flush thread, a request lock on the thrift backend.
    Project(
        "databricks-sql-connector",
        "4.9.0",
        "e440c671a9f27a72e13d2e1ad88d0c6a25d176aa4528b1b422753b065266a81c",
        "databricks_sql_connector-4.9.0.tar.gz",
        "databricks_sql_connector-4.9.0/src/databricks",
    ),
    # AWS X-Ray SDK: sampling-rule and target poller threads, reservoirs and rule caches
    # behind locks, thread-local and asyncio task contexts, subsegment streaming behind a lock.
    Project(
        "aws-xray-sdk",
        "2.15.0",
        "794381b96e835314345068ae1dd3b9120bd8b4e21295066c37e8814dbb341365",
        "aws_xray_sdk-2.15.0.tar.gz",
        "aws-xray-sdk-2.15.0/aws_xray_sdk",
    ),
    # Snowplow analytics tracker: an asynchronous emitter whose worker threads drain a queue,
    # buffers flushed under a lock, flush and retry timers (its ``test`` package is not linted).
    Project(
        "snowplow-tracker",
        "1.1.0",
        "95d8fdc8bd542fd12a0b9a076852239cbaf0599eda8721deaf5f93f7138fe755",
        "snowplow_tracker-1.1.0.tar.gz",
        "snowplow_tracker-1.1.0/snowplow_tracker",
        exclude=("test",),
    ),
    # Twitter/X API SDK: a streaming client run on its own thread, an asyncio streaming
    # client and paginators, caches behind locks.
    Project(
        "tweepy",
        "4.17.0",
        "c232e9fffa0b15b81d5ff8ec59d46af85e330285ffc3e64614d2418fb9af71b5",
        "tweepy-4.17.0.tar.gz",
        "tweepy-4.17.0/tweepy",
    ),
    # JSON-RPC sessions, servers and clients on asyncio (ElectrumX's library): session
    # groups, a task group, message framing, SOCKS proxies, concurrency limits.
    Project(
        "aiorpcx",
        "0.25.0",
        "940fa250ea5e9fd372d4c6acdc20dcb603bd1960ca324759d29864a4aaf64570",
        "aiorpcx-0.25.0.tar.gz",
        "aiorpcx-0.25.0/aiorpcx",
    ),
    # HomematicIP cloud client (IoT) on asyncio: a websocket handler with reconnect and
    # staleness tasks, rate-limit buckets, REST calls, a home model updated from events.
    Project(
        "homematicip",
        "2.19.1",
        "1bc01884ab18add98f7c76a39c611db9437fc2b600c2d8832867217fa6e08d1a",
        "homematicip-2.19.1.tar.gz",
        "homematicip-2.19.1/src/homematicip",
    ),
    # Z-Wave JS server client (IoT) on asyncio: a websocket listen loop resolving futures per
    # message, node and endpoint commands racing status events, firmware uploads.
    Project(
        "zwave-js-server-python",
        "0.75.0",
        "99e898770410f41c24caca3079b58b249075e53d9baf54cd72c0c657cdda31c5",
        "zwave_js_server_python-0.75.0.tar.gz",
        "zwave_js_server_python-0.75.0/zwave_js_server",
    ),
    # Redis job queue: workers forking a child per batch of tasks, a heartbeat thread while a
    # task runs, a stats thread, Redis semaphores and locks.
    Project(
        "tasktiger",
        "0.26.3",
        "c41272f6386045b58abfb3984f685ff52fb04276b230717ee0d31c619306598e",
        "tasktiger-0.26.3.tar.gz",
        "tasktiger-0.26.3/tasktiger",
    ),
    # PostgreSQL job queue on asyncio: a worker with queue pollers and plugins, executors on
    # asyncio tasks, a thread pool, processes and sub-interpreters, a metrics plugin with locks.
    Project(
        "chancy",
        "0.26.0",
        "ac98b9c502d7bdb6f47d53fac1c22b4dc55e6cfcfec84b08b1a0cbaee45aef06",
        "chancy-0.26.0.tar.gz",
        "chancy-0.26.0/chancy",
    ),
    # Message router for remote Python (the broker of ansible's mitogen): a broker thread
    # multiplexing streams, routers and receivers shared with user threads, latches, a pool of
    # service threads.
    Project(
        "mitogen",
        "0.3.54",
        "f131989f57a047496318b9f524a14983b1de98ac0b5ea6dadb95a28db6cab79d",
        "mitogen-0.3.54.tar.gz",
        "mitogen-0.3.54/mitogen",
    ),
)

RESERVES_15 = (
    # RabbitMQ client: an IO thread per connection, channels waiting on queues for RPC replies
    # and deliveries, events and locks shared with the caller's threads.
    Project(
        "rabbitpy",
        "3.0.2",
        "9322a1e82b4d3d1afc21a617ce0b1e86b921174328735e7d54abc9525805ae5c",
        "rabbitpy-3.0.2.tar.gz",
        "rabbitpy-3.0.2/rabbitpy",
    ),
    # Chatbot framework: commands run on a thread pool, a scheduler of poller threads, backends
    # reading on their own threads, plugin storage behind locks.
    Project(
        "errbot",
        "6.2.1",
        "0375e48587db82da28273e2430c658ad0edecc87f11a1978f5713feb19fcd845",
        "errbot-6.2.1.tar.gz",
        "errbot-6.2.1/errbot",
    ),
    # udev bindings: a monitor observer thread calling user callbacks, a stop pipe.
    Project(
        "pyudev",
        "0.24.5",
        "4e7faaec419b81a902d057568101819f448972c0cf448bb9c22203e4fc6a8eb9",
        "pyudev-0.24.5.tar.gz",
        "pyudev-0.24.5/src/pyudev",
    ),
    # Event-sourcing library: threaded and multi-threaded runners of process applications,
    # recorders behind locks and connection pools (its ``tests`` package is not linted).
    Project(
        "eventsourcing",
        "9.5.6",
        "f4956cdb4f8a3c718c3131263e745583520691d0a6e9e845bcdb5f1e792f0e22",
        "eventsourcing-9.5.6.tar.gz",
        "eventsourcing-9.5.6/eventsourcing",
        exclude=("tests",),
    ),
    # Redis (and PostgreSQL) job queue on asyncio: workers with lock-extension and stalled-job
    # timers, job scripts, queue events.
    Project(
        "bullmq",
        "3.4.4",
        "063e282040e5240fbe3417a3204224853711b7627cb5e638d7f1d99e08bb75df",
        "bullmq-3.4.4.tar.gz",
        "bullmq-3.4.4/bullmq",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_15 = 0

HELDOUT_15 = HELDOUT_15_LIST + RESERVES_15[:RESERVES_TAKEN_15]

# Sixteenth batch (``--batch 16``), fixed in this order before any run
# (docs/realworld-heldout-16.md), on the linter frozen at the commit that adds this list.
# Every release below (reserves included) is the latest on PyPI with an sdist when the list was
# fixed; each sdist was fetched from PyPI's JSON simple API (the same file ``pip download
# --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and nothing was linted
# (ydb and hatchet-sdk were candidates left out: ydb ships its tests as ``*_test.py`` modules
# beside the code, which the top-level ``exclude`` cannot leave out, and hatchet-sdk's latest
# sdist holds no Python file). The reserves (``RESERVES_16``) are added one at a time, in their
# order, while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_16`` counts how many were
# added.
HELDOUT_16_LIST = (
    # Valkey (Redis-compatible) client: connection pools behind locks, a pub/sub worker thread,
    # cluster node management, an asyncio client and cluster beside the threaded ones.
    Project(
        "valkey",
        "6.2.0",
        "7337c493ce55d7fe58ab44c93c37f56552dad75f9512e97c5808374ab5af4939",
        "valkey-6.2.0.tar.gz",
        "valkey-6.2.0/valkey",
    ),
    # Trino DB-API client: spooled segments acknowledged over a shared thread pool, a heartbeat
    # thread per request, sessions and OAuth2 token caches behind locks, a SQLAlchemy dialect
    # with a lock.
    Project(
        "trino",
        "0.340.0",
        "181cf0df1177c54699fe138df09932a95bbb249062375938f2c45c8db0ab39f2",
        "trino-0.340.0.tar.gz",
        "trino-0.340.0/trino",
    ),
    # Tarantool connector: a connection pool that runs a thread per instance, feeding requests
    # through queues and refreshing each instance's role.
    Project(
        "tarantool",
        "1.3.0",
        "4cb989565cea8304f59116c28be5395537897a08fedfd6caa1fbd299b03f04bd",
        "tarantool-1.3.0.tar.gz",
        "tarantool-1.3.0/tarantool",
    ),
    # OpenCensus tracing and stats: a background-thread transport draining a queue, periodic
    # exporter threads, metric registries and spans behind locks.
    Project(
        "opencensus",
        "0.11.4",
        "cbef87d8b8773064ab60e5c2a1ced58bbaa38a6d052c41aec224958ce544eff2",
        "opencensus-0.11.4.tar.gz",
        "opencensus-0.11.4/opencensus",
    ),
    # Logstash log handler: a worker thread draining a queue into a memory or SQLite cache and
    # flushing it to Logstash, flush events set by the logging threads.
    Project(
        "python-logstash-async",
        "4.1.0",
        "05c8647a147d2e6b39aa8f0d95ba461030e646af0d15ff2d19a5d802346cb1dc",
        "python_logstash_async-4.1.0.tar.gz",
        "python_logstash_async-4.1.0/logstash_async",
    ),
    # Airbrake notifier: notices sent over a thread pool, route, query and queue stats behind
    # locks flushed by timer threads, a remote-settings poller thread, asyncio notify.
    Project(
        "pybrake",
        "1.10.1",
        "df87930919109ef3559e44d8bfddf783b094de840f3cab2718f83b97b96b0e76",
        "pybrake-1.10.1.tar.gz",
        "pybrake-1.10.1/src/pybrake",
    ),
    # Telegram MTProto client on asyncio: sessions with ping and receive tasks, a dispatcher with
    # handler workers and locks, sync wrappers running coroutines from threads, a thread pool for
    # plain handlers.
    Project(
        "pyrogram",
        "2.0.106",
        "30202995758fcb6e0f91224704ab7fedefea454297724bd70a6a71a23748c16f",
        "Pyrogram-2.0.106.tar.gz",
        "Pyrogram-2.0.106/pyrogram",
    ),
    # Denon HEOS client (IoT) on asyncio: a connection with a command lock, heartbeat and
    # reconnect tasks, events dispatched to players and groups.
    Project(
        "pyheos",
        "1.0.6",
        "925d6451ffb484cb766dc3cde56f9d2b42115ecc2ce86db2f67f302b9bc9abc4",
        "pyheos-1.0.6.tar.gz",
        "pyheos-1.0.6/pyheos",
    ),
    # Roon music-system API (IoT): a websocket thread, a discovery thread, a socket watcher
    # thread, callbacks into the user's code.
    Project(
        "roonapi",
        "0.1.6",
        "2980258dbf8d0a6a436cf2bc51759a4c4af8b120b6280ba2b42ce9a197a592a4",
        "roonapi-0.1.6.tar.gz",
        "roonapi-0.1.6/roonapi",
    ),
    # Job queue on Redis streams (anyio on asyncio): a worker with task groups, cron jobs,
    # health checks, task abortion and result waits.
    Project(
        "streaq",
        "7.2.0",
        "d34a1419b7d19a0c99c64e8925eff818a394a8abc25d3604aa7a389b08b6dff4",
        "streaq-7.2.0.tar.gz",
        "streaq-7.2.0/streaq",
    ),
    # Raft replication library: a thread per node ticking the protocol, a TCP transport, lock
    # and counter "batteries" shared with user threads, journals.
    Project(
        "pysyncobj",
        "0.3.17",
        "8aaef68141714d556173778a51bcc4e221b6fd4c971dc1240f3ab4c0d2dfe765",
        "pysyncobj-0.3.17.tar.gz",
        "pysyncobj-0.3.17/pysyncobj",
    ),
    # Neovim client: msgpack-RPC on an asyncio event loop, greenlets for synchronous requests,
    # calls handed over from other threads.
    Project(
        "pynvim",
        "0.6.0",
        "0ffcb879322d08f9e9061e1123dd58ba3a5ccfbd4999bb1157bac525822aa590",
        "pynvim-0.6.0.tar.gz",
        "pynvim-0.6.0/pynvim",
    ),
)

RESERVES_16 = (
    # IRC client on asyncio: a connection read loop, ping and reconnect handling, features mixed
    # into one client class.
    Project(
        "pydle",
        "1.2.0",
        "e830debe5f10b1ba2d2bf8ea4c5c26427989c8a842edcc42d194b6cff6aeac11",
        "pydle-1.2.0.tar.gz",
        "pydle-1.2.0/pydle",
    ),
    # RethinkDB driver: network layers for asyncio, trio, tornado, gevent and twisted beside the
    # blocking one, changefeed cursors, thread-local caches and a lock.
    Project(
        "rethinkdb",
        "2.4.10.post1",
        "3634e03ee13dd637fd7196b80474bf44c64d3eba1dd069ea92b94926702a60bd",
        "rethinkdb-2.4.10.post1.tar.gz",
        "rethinkdb-2.4.10.post1/rethinkdb",
    ),
    # XMPP client library on asyncio: stream and service tasks, futures for IQ replies, locks
    # (its ``e2etest`` and ``benchtest`` packages, test harnesses, are not linted).
    Project(
        "aioxmpp",
        "0.13.3",
        "a2299e84f6d61137c6a046e2470aeebd8cd25515c1f3cefd681c322242d8056d",
        "aioxmpp-0.13.3.tar.gz",
        "aioxmpp-0.13.3/aioxmpp",
        exclude=("e2etest", "benchtest"),
    ),
    # Better Stack (Logtail) log handler: a flush worker thread draining a queue in batches.
    Project(
        "logtail-python",
        "0.5.3",
        "3a807a858ef3588bd6bba77b64987ad3aca5faebcc0b62de6ed49d540537a18a",
        "logtail_python-0.5.3.tar.gz",
        "logtail_python-0.5.3/logtail",
    ),
    # ZeroMQ on asyncio: a zmq-aware event loop with a per-thread loop policy, transports and
    # streams over zmq sockets, RPC and pub/sub on them.
    Project(
        "aiozmq",
        "1.0.0",
        "dac9069d36a47da439fa852ed37caaed3887b5928cb781e06a6a82e43682c6bb",
        "aiozmq-1.0.0.tar.gz",
        "aiozmq-1.0.0/aiozmq",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_16 = 3

HELDOUT_16 = HELDOUT_16_LIST + RESERVES_16[:RESERVES_TAKEN_16]

# Seventeenth batch (``--batch 17``), fixed in this order before any run
# (docs/realworld-heldout-17.md), on the linter frozen at the head of the shared branch when the
# list was fixed. Every release below (reserves included) is the latest on PyPI with an sdist
# when the list was fixed; each sdist was fetched from PyPI's JSON simple API (the same file
# ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and nothing
# was linted. The reserves (``RESERVES_17``) are added one at a time, in their order, while the
# batch gives fewer than 15 findings: ``RESERVES_TAKEN_17`` counts how many were added.
HELDOUT_17_LIST = (
    # BigQuery client: result pages and BigQuery Storage streams downloaded over thread pools
    # into a queue, job polling, a DB-API connection and cursors.
    Project(
        "google-cloud-bigquery",
        "3.47.0",
        "bca7a5ff52326172dc8c292e4592a5b46b491b6872010d242d7663d8ea89b12f",
        "google_cloud_bigquery-3.47.0.tar.gz",
        "google_cloud_bigquery-3.47.0/google/cloud/bigquery",
    ),
    # Azure Cosmos DB client: a sync and an asyncio (``aio``) client, endpoint and partition
    # caches and health trackers behind locks, background endpoint refresh.
    Project(
        "azure-cosmos",
        "4.17.1",
        "d692928a54d88163e96d41d8f899229ca2f6a6bf21973ece2bfc1f72d4b4edd8",
        "azure_cosmos-4.17.1.tar.gz",
        "azure_cosmos-4.17.1/azure/cosmos",
    ),
    # Redis-backed Python containers and Redlock distributed locks, quorum calls over a thread
    # pool, an asyncio Redlock.
    Project(
        "pottery",
        "3.0.1",
        "c0e223ccfa72d620e4ba16e7e381ab6498745f875e6c939c6b396525e9aee112",
        "pottery-3.0.1.tar.gz",
        "pottery-3.0.1/pottery",
    ),
    # Hugging Face Hub client: uploads and downloads over thread pools, file locks, a commit
    # scheduler thread, an asyncio inference client.
    Project(
        "huggingface-hub",
        "2.4.0",
        "13a6158b9e3393d9d3f248ce99074d50c2a0a1449fb9d8e2f710751e2084c188",
        "huggingface_hub-2.4.0.tar.gz",
        "huggingface_hub-2.4.0/src/huggingface_hub",
    ),
    # Statsig feature-flag SDK: background threads syncing configs and flushing logged events,
    # spec stores and loggers behind locks.
    Project(
        "statsig",
        "0.72.1",
        "8b535a6f9b69394109e5af08755675e8f3749ff441b3cc02b5fb992645b96c49",
        "statsig-0.72.1.tar.gz",
        "statsig-0.72.1/statsig",
    ),
    # Cloud Storage client: a transfer manager on thread and process pools, a bucket metadata
    # cache behind a lock, an asyncio gRPC client for appendable objects.
    Project(
        "google-cloud-storage",
        "3.17.2",
        "ef92d6520abd37c757a962f8702c72786ff833f8d5aa6ebeb528a0688189f64c",
        "google_cloud_storage-3.17.2.tar.gz",
        "google_cloud_storage-3.17.2/google/cloud/storage",
    ),
    # Load-testing tool on gevent: users as greenlets, a master and workers exchanging messages,
    # a web UI, stats shared between greenlets.
    Project(
        "locust",
        "2.47.0",
        "70ffe28cdb7a3224a4efb60b31d585c26343d5679fec8d5b18017ffb6893b423",
        "locust-2.47.0.tar.gz",
        "locust-2.47.0/locust",
    ),
    # Microservice framework on eventlet: RPC and events over AMQP, worker pools of green
    # threads, timers, a service container (its ``testing`` package, test helpers, is not
    # linted).
    Project(
        "nameko",
        "2.14.1",
        "2753578bb4dc6b92801aea334d2930b97dfb74486e705edd69198306a9468c88",
        "nameko-2.14.1.tar.gz",
        "nameko-2.14.1/nameko",
        exclude=("testing",),
    ),
    # OPC UA client and server (industrial devices) on threads: a socket receive thread, a
    # keep-alive thread, subscriptions with publish callbacks, an address space behind a lock.
    Project(
        "opcua",
        "0.98.13",
        "3352f30b5fed863146a82778aaf09faa5feafcb9dd446a4f49ff34c0c3ebbde6",
        "opcua-0.98.13.tar.gz",
        "opcua-0.98.13/opcua",
    ),
    # Shelly devices (home automation) on asyncio: RPC over websockets with a receive task,
    # CoAP over UDP, BLE RPC, reconnect and polling.
    Project(
        "aioshelly",
        "14.0.1",
        "0729db506e064f9f7f067bc1655a794089314b21e07282e4ff33ba031fc0a2e4",
        "aioshelly-14.0.1.tar.gz",
        "aioshelly-14.0.1/aioshelly",
    ),
    # Zeebe (Camunda 8) workflow job worker on asyncio: job pollers feeding a queue, executors
    # running tasks, a gRPC gateway channel.
    Project(
        "pyzeebe",
        "4.7.0",
        "767b94f28fbd2a6a6fba13351d7febab87c8539968355f786c581f4513d4bd93",
        "pyzeebe-4.7.0.tar.gz",
        "pyzeebe-4.7.0/pyzeebe",
    ),
    # S3 filesystem for fsspec: async methods on an event loop that a dedicated thread runs,
    # sync wrappers blocking on it, session set-up behind a lock (its ``tests`` package is not
    # linted).
    Project(
        "s3fs",
        "2026.9.0",
        "ec078ff0122d28fd21d36ea4987794e4f42ecd6e8785eeaa083208771c1464e5",
        "s3fs-2026.9.0.tar.gz",
        "s3fs-2026.9.0/s3fs",
        exclude=("tests",),
    ),
)

RESERVES_17 = (
    # Music Player Daemon client: a blocking client, an asyncio client with a command queue and
    # an idle task, a Twisted protocol (its ``tests.py`` module is not linted).
    Project(
        "python-mpd2",
        "3.1.1",
        "4baec3584cc43ed9948d5559079fafc2679b06b2ade273e909b3582654b2b3f5",
        "python-mpd2-3.1.1.tar.gz",
        "python-mpd2-3.1.1/mpd",
        exclude=("tests.py",),
    ),
    # IMAP client on asyncio: a protocol with pending commands resolved by the reader, IDLE
    # queues (its ``imap_testing_server.py``, a test server, is not linted).
    Project(
        "aioimaplib",
        "2.0.3",
        "0a7c3e558af754a7ca8b5927be07c4ab6a0b7cd963174ca4290f6b0d51d4616b",
        "aioimaplib-2.0.3.tar.gz",
        "aioimaplib-2.0.3/aioimaplib",
        exclude=("imap_testing_server.py",),
    ),
    # SSH library for network devices: a session lock around the channel, read loops with
    # timeouts, SCP transfers, threads in the user's scripts.
    Project(
        "netmiko",
        "4.8.0",
        "6264cf8afcbd9c10efb832bacabb9a89370452d522f6c20532d2ad0fefcbdd69",
        "netmiko-4.8.0.tar.gz",
        "netmiko-4.8.0/netmiko",
    ),
    # Vera home-automation controller client: a subscription thread long-polling the controller
    # and calling device callbacks.
    Project(
        "pyvera",
        "0.3.16",
        "a59b829218500c72ef6330c5bb86b5cc02e912edadd4c4259a348b3f303c785a",
        "pyvera-0.3.16.tar.gz",
        "pyvera-0.3.16/pyvera",
    ),
    # Philips Hue bridge client on asyncio: an event stream task, controllers updated from
    # events, a request lock and rate limiting.
    Project(
        "aiohue",
        "4.9.0",
        "c1c5edf114266f6b5878ffccf82db8b326141cc3d8c3697f5fc3aa87a4d3747e",
        "aiohue-4.9.0.tar.gz",
        "aiohue-4.9.0/aiohue",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_17 = 0

HELDOUT_17 = HELDOUT_17_LIST + RESERVES_17[:RESERVES_TAKEN_17]

# Eighteenth batch (``--batch 18``), fixed in this order before any run
# (docs/realworld-heldout-18.md), on the linter frozen at the head of the shared branch when the
# list was fixed. Every release below (reserves included) is the latest on PyPI with an sdist
# when the list was fixed; each sdist was fetched from PyPI's JSON simple API (the same file
# ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and nothing
# was linted. The reserves (``RESERVES_18``) are added one at a time, in their order, while the
# batch gives fewer than 15 findings: ``RESERVES_TAKEN_18`` counts how many were added.
HELDOUT_18_LIST = (
    # NebulaGraph client: a connection pool and a session pool behind locks with a health-check
    # timer thread, storage and meta clients shared between threads (most of its lines are the
    # generated Thrift services and a vendored fbthrift).
    Project(
        "nebula3-python",
        "3.8.3",
        "da4693171079e9d5efb01a579f7fb62ef7655f6169cc2ff2cbb7b7d902e2cf3d",
        "nebula3_python-3.8.3.tar.gz",
        "nebula3_python-3.8.3/nebula3",
    ),
    # RavenDB document-database client: a request executor with topology-update timers, node
    # selection behind locks, subscription workers and bulk inserts on threads.
    Project(
        "ravendb",
        "7.2.7",
        "2d386e54a44b73ba60dcd4df89557014d8c4d45f198a5e8211b4e706c1430cfe",
        "ravendb-7.2.7.tar.gz",
        "ravendb-7.2.7/ravendb",
    ),
    # Backblaze B2 cloud-storage SDK: uploads, copies and downloads over thread pools, a writer
    # thread for parallel ranged downloads, upload-URL pools and large-file upload state behind
    # locks (its test fixtures and helpers, in ``_internal/testing`` and re-exported by
    # ``v0/testing`` to ``v3/testing``, are not linted).
    Project(
        "b2sdk",
        "2.13.2",
        "ff71d70f24694158c0d6eb1b904bf2cff74e61d46e4b34e3d32186189045866a",
        "b2sdk-2.13.2.tar.gz",
        "b2sdk-2.13.2/b2sdk",
        exclude=("_internal/testing", "v0/testing", "v1/testing", "v2/testing", "v3/testing"),
    ),
    # DevCycle feature-flag SDK: a config-polling thread, a server-sent-events reader thread, an
    # event queue flushed by a background thread.
    Project(
        "devcycle-python-server-sdk",
        "3.14.0",
        "00b0fbcb78149c1ee222356a62df326801606037fc83e1ea974a32b2fbf85fd1",
        "devcycle_python_server_sdk-3.14.0.tar.gz",
        "devcycle_python_server_sdk-3.14.0/devcycle_python_sdk",
    ),
    # Parallel workflow library: a data-flow kernel launching apps on thread-pool and
    # high-throughput executors, interchange and monitoring threads, task state behind locks
    # (its ``tests`` package is not linted).
    Project(
        "parsl",
        "2026.10.26",
        "8a0550a51dace16bb1c79b2538de55cb9e72bdb1748c9b9c1a733718a019d1f1",
        "parsl-2026.10.26.tar.gz",
        "parsl-2026.10.26/parsl",
        exclude=("tests",),
    ),
    # Web-crawling framework on Twisted, with an asyncio reactor: an engine and scheduler,
    # downloader slots, coroutine callbacks, deferreds bridged to asyncio futures (its
    # ``utils/test.py``, test helpers, is not linted).
    Project(
        "scrapy",
        "2.19.0",
        "34130726582b64c91531162ab277c4053e558876d49ba219cb43679e71d80a87",
        "scrapy-2.19.0.tar.gz",
        "scrapy-2.19.0/scrapy",
        exclude=("utils/test.py",),
    ),
    # RPC, broadcast and task-queue messaging over RabbitMQ: an asyncio communicator and a
    # thread communicator that runs its event loop in a thread and hands calls over to it.
    Project(
        "kiwipy",
        "0.9.0",
        "3dc5a2cbe4bf7127da2c8a6c20476ddad30849b32fa12b495c622059c633db4f",
        "kiwipy-0.9.0.tar.gz",
        "kiwipy-0.9.0/src/kiwipy",
    ),
    # Web-app framework: a Tornado server on asyncio, a script-runner thread per session,
    # caches, secrets, session storage and component registries behind locks (its ``testing``
    # package, the app test harness, is not linted).
    Project(
        "streamlit",
        "1.67.0",
        "58159dae1199212250bfa5fbba0740996129003266c2c37d465151ef76c48f3b",
        "streamlit-1.67.0.tar.gz",
        "streamlit-1.67.0/streamlit",
        exclude=("testing",),
    ),
    # Homematic (home automation) client on threads: an XML-RPC server thread receiving device
    # events, XML-RPC proxies that lock each request, device callbacks into the user's code.
    Project(
        "pyhomematic",
        "0.1.78",
        "b81f5a0dad6eac8c0bd8305d0703e2d2c1d63d6ed2519dc46808ee30b48eb9d7",
        "pyhomematic-0.1.78.tar.gz",
        "pyhomematic-0.1.78/pyhomematic",
    ),
    # deCONZ Zigbee gateway (home automation) on asyncio: a websocket event stream with
    # reconnects, handlers updating sensors, lights and groups.
    Project(
        "pydeconz",
        "120",
        "bb6cdcb1c92a5b30b809b7a2b538986ea81e70e3828918c4bcf0bb50e2ecb0e6",
        "pydeconz-120.tar.gz",
        "pydeconz-120/pydeconz",
    ),
    # Video-processing library: capture threads per source feeding queues, ZeroMQ streaming on a
    # receive thread, an asyncio streaming server and ZeroMQ asyncio streaming.
    Project(
        "vidgear",
        "0.3.6",
        "6f1bbd7a81f44bea4a730b7909f3af067a8c23a5d27a37c6e6b67d42fb8048be",
        "vidgear-0.3.6.tar.gz",
        "vidgear-0.3.6/vidgear",
    ),
    # Keyboard and mouse monitoring and control: listener threads per platform backend,
    # callbacks into the user's code, controllers shared with them.
    Project(
        "pynput",
        "1.8.2",
        "f493c87157cd3861b4468f7f896857051762f44ed26f1b641e7cc5840a457087",
        "pynput-1.8.2.tar.gz",
        "pynput-1.8.2/lib/pynput",
    ),
)

RESERVES_18 = (
    # Market-data client: ticker downloads on threads into shared results, the cookie and crumb
    # and the caches behind locks, a websocket streamer (sync and asyncio).
    Project(
        "yfinance",
        "1.7.0",
        "442f780d13d3e52fefa6c721c2c9bfee321078c1987d6585ec193b5c24382f8a",
        "yfinance-1.7.0.tar.gz",
        "yfinance-1.7.0/yfinance",
    ),
    # IRC bot framework on asyncio: a protocol with plugins, event handlers, a DCC manager, a
    # scheduler of timed commands (its ``testing.py`` module, test helpers, is not linted).
    Project(
        "irc3",
        "1.1.12",
        "127190a6403373bcc322189e4778e183ea206afe4c3348911fc943c668ea24b0",
        "irc3-1.1.12.tar.gz",
        "irc3-1.1.12/irc3",
        exclude=("testing.py",),
    ),
    # Android TV and Fire TV control over ADB (home automation): a sync and an asyncio client,
    # each with its own lock around the ADB connection.
    Project(
        "androidtv",
        "0.0.75",
        "f761a5d82b252e20e20aca3f07a3109698bab649b97d8247fb18404921e1d367",
        "androidtv-0.0.75.tar.gz",
        "androidtv-0.0.75/androidtv",
    ),
    # Web-UI framework on asyncio (FastAPI and socket.io): per-client outboxes, background tasks,
    # timers, ``run.io_bound`` and ``run.cpu_bound`` hand-offs to threads and processes (its
    # ``testing`` package, a pytest plugin, is not linted).
    Project(
        "nicegui",
        "3.18.0",
        "74cf67c57d2a0dbcdc329d9b35d0396d25dc961550765276daef4de244eaf15b",
        "nicegui-3.18.0.tar.gz",
        "nicegui-3.18.0/nicegui",
        exclude=("testing",),
    ),
    # HBase client over Thrift: a connection pool shared by threads, behind a lock and a queue.
    Project(
        "happybase",
        "1.3.0",
        "43b6275d2865fc1364680a03f085491cd85d8b84db3c5aa94d25186685dfd87e",
        "happybase-1.3.0.tar.gz",
        "happybase-1.3.0/happybase",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_18 = 0

HELDOUT_18 = HELDOUT_18_LIST + RESERVES_18[:RESERVES_TAKEN_18]

# Nineteenth batch (``--batch 19``), fixed in this order before any run
# (docs/realworld-heldout-19.md), on the linter frozen at the head of the shared branch when the
# list was fixed. Every release below (reserves included) is the latest on PyPI with an sdist
# when the list was fixed; each sdist was fetched from PyPI's JSON simple API (the same file
# ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and nothing
# was linted. The reserves (``RESERVES_19``) are added one at a time, in their order, while the
# batch gives fewer than 15 findings: ``RESERVES_TAKEN_19`` counts how many were added.
HELDOUT_19_LIST = (
    # Async ORM and query builder: engines with connection pools on asyncio, ``run_sync()``
    # running a query with ``asyncio.run()``, in a worker thread when a loop already runs (its
    # ``testing`` package, model builders and a test case base, is not linted).
    Project(
        "piccolo",
        "1.38.0",
        "3a6456fb767202baffecf62aa1d9fe22885aa28db3214d5dfb9fa8a48197abd6",
        "piccolo-1.38.0.tar.gz",
        "piccolo-1.38.0/piccolo",
        exclude=("testing",),
    ),
    # etcd v3 client over gRPC: a watcher thread dispatching watch events to callbacks, leases
    # refreshed by the caller, distributed locks.
    Project(
        "etcd3",
        "0.12.0",
        "89a704cb389bf0a010a1fa050ce19342d23bf6371ebda1c21cfe8ff3ed488726",
        "etcd3-0.12.0.tar.gz",
        "etcd3-0.12.0/etcd3",
    ),
    # Kafka client: producer and consumer worker threads, a balanced consumer rebalancing on
    # ZooKeeper events, broker connections and offsets behind locks (its ``test`` package, a
    # test Kafka cluster and helpers, is not linted).
    Project(
        "pykafka",
        "2.8.0",
        "f0bbd394ae6970042a587c99fe4dc0966e67787249d963d4ce2f810dc9490577",
        "pykafka-2.8.0.tar.gz",
        "pykafka-2.8.0/pykafka",
        exclude=("test",),
    ),
    # NSQ client on Tornado (asyncio): readers and writers over many connections, lookupd
    # polling, backoff timers and ready-count redistribution on the IOLoop.
    Project(
        "pynsq",
        "0.9.1",
        "539e6b705a476c7444a72e06547b2d2300db665cbf6914504d916e4510911f9a",
        "pynsq-0.9.1.tar.gz",
        "pynsq-0.9.1/nsq",
    ),
    # Alibaba Cloud OSS SDK: resumable multipart uploads and downloads on worker threads, a
    # shared checkpoint store and part lists behind locks.
    Project(
        "oss2",
        "2.19.1",
        "a8ab9ee7eb99e88a7e1382edc6ea641d219d585a7e074e3776e9dec9473e59c1",
        "oss2-2.19.1.tar.gz",
        "oss2-2.19.1/oss2",
    ),
    # RudderStack analytics SDK: events queued by the caller and sent in batches by consumer
    # threads, a module-level default client (its ``analytics/test`` package is not linted).
    Project(
        "rudder-sdk-python",
        "2.1.9",
        "a236e13fce62884db1eb78bcccd36f4c7976b6ccd1bdfd242a0f7ee3f8225f14",
        "rudder_sdk_python-2.1.9.tar.gz",
        "rudder_sdk_python-2.1.9/rudderstack",
        exclude=("analytics/test",),
    ),
    # WSGI and ASGI web framework: asyncio request handling, WebSockets, server-sent events,
    # synchronous sinks and callbacks run on the loop's executor (its ``testing`` package, the
    # test client and helpers, and the test modules of its ``bench`` apps are not linted).
    Project(
        "falcon",
        "4.4.0",
        "9f3ffbddc8baed4573295642eddb18a37eea37baba9f20c5be379c8b3d3d79e6",
        "falcon-4.4.0.tar.gz",
        "falcon-4.4.0/falcon",
        exclude=("testing", "bench/nuts/nuts/tests", "bench/dj/hello/tests.py"),
    ),
    # Lutron RadioRA 2 (home automation) client on threads: a connection thread reading the
    # telnet stream, commands sent from the caller's threads, device callbacks.
    Project(
        "pylutron",
        "0.4.5",
        "92c5c6da5812530ababe7eec2bebe7307f126816241cf3b452afebe362d255ec",
        "pylutron-0.4.5.tar.gz",
        "pylutron-0.4.5/pylutron",
    ),
    # ISY994 and IoX controller (home automation) client on asyncio: an event stream over a
    # websocket or a TCP subscription, nodes, programs and variables updated from it.
    Project(
        "pyisy",
        "3.8.0",
        "9d48c380a1544eb1eb94fef26889086876d0de52e46e0ea0c96bf709d35b6b64",
        "pyisy-3.8.0.tar.gz",
        "pyisy-3.8.0/pyisy",
    ),
    # BACnet (building automation) toolkit on asyncio: devices polled by recurring tasks of a
    # task manager, trend logs, network discovery, InfluxDB and SQL history stores.
    Project(
        "BAC0",
        "2026.7.25",
        "4a782b0afc9607aeffd6c97ecb90d0f8a20aadb955ff8380e9dad4e01228b137",
        "bac0-2026.7.25.tar.gz",
        "bac0-2026.7.25/BAC0",
    ),
    # SignalR client: a websocket transport with a receive thread, hub method callbacks,
    # reconnection and streaming, with an asyncio variant.
    Project(
        "signalrcore",
        "1.0.2",
        "8d3bdcb6c66de58894d0dce43f16d2cd95188cd426342b82d5d52c72b8856927",
        "signalrcore-1.0.2.tar.gz",
        "signalrcore-1.0.2/signalrcore",
    ),
    # Workflow and job library: parallel engines on thread and process executors, job boards
    # (ZooKeeper, Redis, etcd) and conductors claiming jobs on threads, storage behind locks
    # (its ``tests`` package and ``test.py`` module are not linted).
    Project(
        "taskflow",
        "6.5.0",
        "0550290568f02a6dc3a9bd0fcede6c7956893daca2ab83cc7fae1788020f643f",
        "taskflow-6.5.0.tar.gz",
        "taskflow-6.5.0/taskflow",
        exclude=("tests", "test.py"),
    ),
)

RESERVES_19 = (
    # Jaeger tracing client: spans reported by a Tornado IOLoop running in a thread, samplers
    # and throttlers refreshed by periodic callbacks, shared state behind locks.
    Project(
        "jaeger-client",
        "4.8.0",
        "3157836edab8e2c209bd2d6ae61113db36f7ee399e66b1dcbb715d87ab49bfe0",
        "jaeger-client-4.8.0.tar.gz",
        "jaeger-client-4.8.0/jaeger_client",
    ),
    # Bluetooth LE client: gatttool and BGAPI backends with receiver threads, notification
    # callbacks, subscriptions and responses behind locks.
    Project(
        "pygatt",
        "5.0.0",
        "926f08935b19eda282cddeaf52bdd1e22cd8dd518e3fed34a870c8a9aa333e1f",
        "pygatt-5.0.0.tar.gz",
        "pygatt-5.0.0/pygatt",
    ),
    # Executors and a periodic-task scheduler: thread, process, green and synchronous
    # executors with statistics, periodic workers on threads (its ``tests`` package is not
    # linted).
    Project(
        "futurist",
        "3.5.0",
        "97d01f6144bbe3abe1b2155cb2b42dab4ec33e09f4f7f7df7569f35d9a29aaf7",
        "futurist-3.5.0.tar.gz",
        "futurist-3.5.0/futurist",
        exclude=("tests",),
    ),
    # Scientific-instrument control: procedures run by a worker thread, results recorded by a
    # recorder thread from a queue, instruments over VISA and serial (its ``test.py`` module,
    # test helpers, is not linted).
    Project(
        "pymeasure",
        "0.16.0",
        "36bf875ced4fbec8977408417a839f04bd2dd7949f851aa9c906d1fca0f2e3d4",
        "pymeasure-0.16.0.tar.gz",
        "pymeasure-0.16.0/pymeasure",
        exclude=("test.py",),
    ),
    # UniFi Network controller client on asyncio: a websocket event stream, handlers updating
    # clients, devices and ports, request sessions with re-login.
    Project(
        "aiounifi",
        "97",
        "51a4d7855e92fe8a2e9d3a3194b7f21f8f3425b04bb6ee3c9f399807ed101f97",
        "aiounifi-97.tar.gz",
        "aiounifi-97/aiounifi",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_19 = 5

HELDOUT_19 = HELDOUT_19_LIST + RESERVES_19[:RESERVES_TAKEN_19]

# Twentieth batch (``--batch 20``), fixed in this order before any run
# (docs/realworld-heldout-20.md), on the linter frozen at d124c13, the head of the shared branch
# when the list was fixed. Every release below (reserves included) is the latest on PyPI with an
# sdist when the list was fixed; each sdist was fetched from PyPI's JSON simple API (the same
# file ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and
# nothing was linted. The reserves (``RESERVES_20``) are added one at a time, in their order,
# while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_20`` counts how many were added.
HELDOUT_20_LIST = (
    # Remote objects (RPC): a thread-pool socket server and a multiplexed one, proxies shared
    # between threads behind locks, a name server and a broadcast responder thread (its ``test``
    # package, an echo server for tests, is not linted).
    Project(
        "Pyro4",
        "4.82",
        "511f5b0804e92dd77dc33adf9c947787e3f9e9c5a96b12162f0557a7c4ce21fb",
        "Pyro4-4.82.tar.gz",
        "Pyro4-4.82/src/Pyro4",
        exclude=("test",),
    ),
    # DICOM networking: application entities serving associations on socketserver threads,
    # each association a thread with DUL and DIMSE queues and ARTIM timers (its ``tests`` and
    # ``apps/tests`` packages and its ``benchmarks`` performance tests are not linted).
    Project(
        "pynetdicom",
        "3.0.4",
        "567ef761d73b34a380a4350e0d10ae549d749c66da4f1bdf8793cab9a6a326e4",
        "pynetdicom-3.0.4.tar.gz",
        "pynetdicom-3.0.4/pynetdicom",
        exclude=("tests", "apps/tests", "benchmarks"),
    ),
    # Event-driven component framework: a manager dispatching events, components started in
    # threads or processes, worker pools, pollers and a web server.
    Project(
        "circuits",
        "3.2.5",
        "867cbfc692a1aa45cf0aada1487988411bffb0271601f57712e5cccf3caf6034",
        "circuits-3.2.5.tar.gz",
        "circuits-3.2.5/circuits",
    ),
    # D-Bus protocol: blocking, threading (a receiver thread and reply futures behind a lock),
    # asyncio and trio connections (its ``tests`` and ``io/tests`` packages are not linted).
    Project(
        "jeepney",
        "0.9.0",
        "cf0e9e845622b81e4a28df94c40345400256ec608d0e55bb8a3feaa9163f5732",
        "jeepney-0.9.0.tar.gz",
        "jeepney-0.9.0/jeepney",
        exclude=("tests", "io/tests"),
    ),
    # Streaming pipelines on Tornado's asyncio loop, a loop started in a thread for synchronous
    # callers, sources polling files, sockets and Kafka, Dask back-pressure (its ``tests`` and
    # ``dataframe/tests`` packages and ``utils_test.py`` helpers are not linted).
    Project(
        "streamz",
        "0.6.6",
        "b72e55177bcd3c46608a0bcfb630bff43485ac6f1c0550586d2b5ead23901f10",
        "streamz-0.6.6.tar.gz",
        "streamz-0.6.6/streamz",
        exclude=("tests", "dataframe/tests", "utils_test.py"),
    ),
    # SOAP client: synchronous and asyncio (httpx) transports, a shared WSDL document cache
    # (SQLite and in-memory) behind a lock.
    Project(
        "zeep",
        "4.3.3",
        "99d5059f92f721020998695fd9c85289ccb03ec5a2398ad49c6dbe43f19cfb94",
        "zeep-4.3.3.tar.gz",
        "zeep-4.3.3/src/zeep",
    ),
    # MySensors (home automation) gateways over serial, TCP and MQTT, each with a threaded and
    # an asyncio variant: a reader thread or transport, a message queue, persistence to a file.
    Project(
        "pymysensors",
        "0.26.0",
        "03d2547c42731e23b320c144d7446306bedd0a9a7198d56e33434c56c701655e",
        "pymysensors-0.26.0.tar.gz",
        "pymysensors-0.26.0/mysensors",
    ),
    # SIA alarm-panel event receiver: a threaded socketserver and an asyncio server, accounts
    # and callbacks shared between them.
    Project(
        "pysiaalarm",
        "3.2.2",
        "f627199c4a5269ecd58fd107e6cd6eda607687d8cffe865ca64544d1614ce16f",
        "pysiaalarm-3.2.2.tar.gz",
        "pysiaalarm-3.2.2/src/pysiaalarm",
    ),
    # Samsung TV remote: a synchronous websocket client with a receiver thread and asyncio
    # variants of the remote, the art-mode API and the REST API.
    Project(
        "samsungtvws",
        "3.0.6",
        "166111d8370443cd2021b74cdfac9495896dfc41e3a87ea023289f24f922bb91",
        "samsungtvws-3.0.6.tar.gz",
        "samsungtvws-3.0.6/samsungtvws",
    ),
    # Roborock robot vacuum client on asyncio: an MQTT session (aiomqtt) and local TCP
    # connections, device traits refreshed by tasks, a command-line session loop run in a
    # thread (its ``testing`` package, device simulators, is not linted).
    Project(
        "python-roborock",
        "7.13.0",
        "2d37b13ccd7d70efc09b5712bc5058f8223b02a697de94842a45e5f98444cf34",
        "python_roborock-7.13.0.tar.gz",
        "python_roborock-7.13.0/roborock",
        exclude=("testing",),
    ),
    # RFXtrx 433 MHz transceiver (home automation) client: a connection thread reading the
    # serial or network transport, events passed to the caller's callback, commands sent from
    # the caller's threads.
    Project(
        "pyRFXtrx",
        "0.34.0",
        "326454dda83b154bdecc640b8c809c4ac0dd9dfc1eca00a6369e29c724434c20",
        "pyrfxtrx-0.34.0.tar.gz",
        "pyrfxtrx-0.34.0/RFXtrx",
    ),
    # Queues with a synchronous and an asynchronous side, shared between threads and event
    # loops: one lock and conditions used from both.
    Project(
        "culsans",
        "0.11.0",
        "0b43d0d05dce6106293d114c86e3fb4bfc63088cfe8ff08ed3fe36891447fe33",
        "culsans-0.11.0.tar.gz",
        "culsans-0.11.0/src/culsans",
    ),
)

RESERVES_20 = (
    # UniFi Protect client on asyncio: a websocket event stream updating cameras, sensors and
    # events, request sessions with re-authentication (its ``test_util`` package, sample-data
    # anonymizing helpers for tests, is not linted).
    Project(
        "uiprotect",
        "25.0.0",
        "c69aabee9b1392b6ac7f83b622685c327cd2b49bd6a5e0d9d5d8d2bb42222e8a",
        "uiprotect-25.0.0.tar.gz",
        "uiprotect-25.0.0/src/uiprotect",
        exclude=("test_util",),
    ),
    # Logging handler: records queued by the caller's threads and shipped in batches by a
    # sender thread.
    Project(
        "logzio-python-handler",
        "4.1.9",
        "e5d384f6088d8551dc130adbb69ce74c2cd07f9479a87ddb86a9890295258c52",
        "logzio_python_handler-4.1.9.tar.gz",
        "logzio_python_handler-4.1.9/logzio",
    ),
    # D-Bus on asyncio and GLib: message buses, exported service interfaces, proxies and
    # signal handlers.
    Project(
        "dbus-next",
        "0.2.3",
        "f4eae26909332ada528c0a3549dda8d4f088f9b365153952a408e28023a626a5",
        "dbus_next-0.2.3.tar.gz",
        "dbus_next-0.2.3/dbus_next",
    ),
    # Solarman (solar inverter) data-logger client: a synchronous client with a reader thread
    # and an asyncio variant.
    Project(
        "pysolarmanv5",
        "3.0.6",
        "ec3c6c03ec47bd0ee811f32ee4da272a28cc53141ab1113b5dbec55834c8afb5",
        "pysolarmanv5-3.0.6.tar.gz",
        "pysolarmanv5-3.0.6/pysolarmanv5",
    ),
    # Modbus/TCP client and server: a threaded server with a data bank shared by the client
    # threads behind locks.
    Project(
        "pyModbusTCP",
        "0.3.1",
        "577ac1cf0ec4b629938606983f0fe97b16748759e5c939a8099c8a659a589a53",
        "pymodbustcp-0.3.1.tar.gz",
        "pymodbustcp-0.3.1/pyModbusTCP",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_20 = 5

HELDOUT_20 = HELDOUT_20_LIST + RESERVES_20[:RESERVES_TAKEN_20]

# Twenty-first batch (``--batch 21``), fixed in this order before any run
# (docs/realworld-heldout-21.md), on the linter frozen at 77a023b, the head of the shared branch
# when the list was fixed. Chosen for concurrency the linter looks at (the twentieth gave 3
# findings on 153k lines): libraries and applications whose own code shares locks between
# threads, runs thread pools and asyncio event loops together. Every release below (reserves
# included) is the latest on PyPI with an sdist when the list was fixed; each sdist was fetched
# from PyPI's JSON simple API (the same file ``pip download --no-deps --no-binary :all:``
# fetches) and pinned with its sha256, and nothing was linted. The reserves (``RESERVES_21``)
# are added one at a time, in their order, while the batch gives fewer than 15 findings:
# ``RESERVES_TAKEN_21`` counts how many were added.
HELDOUT_21_LIST = (
    # LangSmith (LLM tracing) SDK: runs batched by a background thread (tracing queue, compressed
    # traces, a thread pool for large payloads), a sync and an asyncio client, evaluation runners
    # on thread pools and event loops, a prompt cache refreshed by a thread.
    Project(
        "langsmith",
        "0.15.1",
        "8257beb14033ed94550a37e24b836d204b57b79f91bf6620491b66600d26b546",
        "langsmith-0.15.1.tar.gz",
        "langsmith-0.15.1/src/langsmith",
    ),
    # Langfuse (LLM observability) SDK: score and media-upload consumer threads draining queues,
    # an OpenTelemetry span processor, a prompt cache refreshed by threads, sync and asyncio API
    # clients.
    Project(
        "langfuse",
        "5.2.0",
        "8cde9e91b44b53444906af9b37efa9c29c647a9f45f9f8435a638026cb3d4693",
        "langfuse-5.2.0.tar.gz",
        "langfuse-5.2.0/langfuse",
    ),
    # Harness feature-flag SDK: polling and streaming (SSE) threads updating a shared repository
    # and cache, a metrics thread flushing evaluations, a client waiting for initialization.
    Project(
        "harness-featureflags",
        "1.7.5",
        "338a7753cb2657b2d586ff9581221cee12b01b3bf66548d7e2b03a333ae061c8",
        "harness_featureflags-1.7.5.tar.gz",
        "harness_featureflags-1.7.5/featureflags",
    ),
    # Prefab (configuration and feature flags) SDK: an SSE streaming thread and a polling
    # fallback updating a config store behind locks, telemetry flushed by a background thread.
    Project(
        "prefab-cloud-python",
        "0.12.1",
        "eaf9bcfa053b8aefe5e14a5de50e83f9b6572af1ab3253056f5c12b9f43f7eaf",
        "prefab_cloud_python-0.12.1.tar.gz",
        "prefab_cloud_python-0.12.1/prefab_cloud_python",
    ),
    # Machine-learning web apps: an asyncio event queue and server, synchronous event handlers run
    # on worker threads, sync bridges into the loop, a client (its ``test_data`` package, sample
    # configurations for tests, and its ``_vendor`` copies of other libraries are not linted).
    Project(
        "gradio",
        "6.31.0",
        "40cf094fe8ea1b8ada0fc4c10b685c4c5f09c4061d34c073be25bab342e14e22",
        "gradio-6.31.0.tar.gz",
        "gradio-6.31.0/gradio",
        exclude=("test_data", "_vendor"),
    ),
    # UI framework: a session on an asyncio loop, synchronous event handlers on a thread pool,
    # pub-sub between sessions behind a lock (its ``testing`` package, helpers for testing apps,
    # is not linted).
    Project(
        "flet",
        "1.0.5",
        "95a078c0259b56a2d08c772555e53c8ffd24496ba0a319e24bdf7a9f05ad5fe9",
        "flet-1.0.5.tar.gz",
        "flet-1.0.5/src/flet",
        exclude=("testing",),
    ),
    # Web UI from scripts: thread-based and coroutine-based sessions served by Tornado, aiohttp,
    # Flask, Django and FastAPI back-ends, a loop run in a thread for thread sessions.
    Project(
        "pywebio",
        "1.8.4",
        "8108fbd2af035db0af42e8e4d001cbef9c26ec527a2ff869725b1caf2af5a114",
        "pywebio-1.8.4.tar.gz",
        "pywebio-1.8.4/pywebio",
    ),
    # Sync/async bridge: an event loop run in a thread, wrappers that call coroutines from
    # synchronous code and back.
    Project(
        "synchronicity",
        "0.12.7",
        "6d86ba0fb797cc3cb7637f97cf9472a3ed20e50e85130b44c3292b43e2389b90",
        "synchronicity-0.12.7.tar.gz",
        "synchronicity-0.12.7/src/synchronicity",
    ),
    # Network servers and clients (HTTP, SMTP, DNS, proxies, torrent) on their own event loop,
    # thread pools for blocking work, a loop started in a thread (its ``test`` package, stubs for
    # tests, is not linted).
    Project(
        "netius",
        "1.64.0",
        "73cd424670c70dabd218d064ddb7694f6b9fb2664824039cdc9c88f0f2d8c48c",
        "netius-1.64.0.tar.gz",
        "netius-1.64.0/src/netius",
        exclude=("test",),
    ),
    # STOMP message broker: a threaded socket server, queue and topic managers and stores shared
    # by the connection threads behind locks.
    Project(
        "coilmq",
        "1.1.0",
        "32cf123b01e2ebcd67a1f2057ebd863d7c8ee7b59c95ed142f87c6ad3dc8ac8b",
        "coilmq-1.1.0.tar.gz",
        "coilmq-1.1.0/src/coilmq",
    ),
    # Persistent queues (files, SQLite, MySQL) shared by threads behind locks and conditions, with
    # asyncio variants (its ``tests`` package is not linted).
    Project(
        "persist-queue",
        "1.1.0",
        "4c042a3d39c9af4fa24497da76697fb4fff7abe6af04bcf55f099e0c23bc2c67",
        "persist_queue-1.1.0.tar.gz",
        "persist_queue-1.1.0/persistqueue",
        exclude=("tests",),
    ),
    # Redis task queue and scheduler: an engine arbiter thread, worker threads and asyncio
    # workers, periodic tasks.
    Project(
        "spinach",
        "0.0.25",
        "727fa4b4fbd22e34aae79d60a86d82cf48106dd7e8df64e4e74fa98d2d45585e",
        "spinach-0.0.25.tar.gz",
        "spinach-0.0.25/spinach",
    ),
)

RESERVES_21 = (
    # RabbitMQ task queue: a worker with a heartbeat thread and a watchdog, a shared connection.
    Project(
        "kuyruk",
        "10.2.2",
        "bd6fafb119abea4fa912e6ff72607cf2a811f875a69a9a24512cda5cc301304d",
        "kuyruk-10.2.2.tar.gz",
        "kuyruk-10.2.2/kuyruk",
    ),
    # WSGI toolkit: a threaded HTTP server with a worker thread pool that watches and kills hung
    # workers, sessions and registries shared by request threads.
    Project(
        "Paste",
        "3.10.1",
        "1c3d12065a5e8a7a18c0c7be1653a97cf38cc3e9a5a0c8334a9dd992d3a05e4a",
        "paste-3.10.1.tar.gz",
        "paste-3.10.1/paste",
    ),
    # ASGI/WSGI bridges: a WSGI app run on a thread pool under an event loop, an ASGI app run on a
    # loop in a thread under a WSGI server.
    Project(
        "a2wsgi",
        "1.10.10",
        "a5bcffb52081ba39df0d5e9a884fc6f819d92e3a42389343ba77cbf809fe1f45",
        "a2wsgi-1.10.10.tar.gz",
        "a2wsgi-1.10.10/a2wsgi",
    ),
    # Logging handler shared by processes and threads: file locks, a lock, a queue listener
    # thread for asynchronous logging.
    Project(
        "concurrent-log-handler",
        "0.9.31",
        "2f973d574f083e5692dfef471931f416daf274bbde8b430ed5d9796c532b97cd",
        "concurrent_log_handler-0.9.31.tar.gz",
        "concurrent_log_handler-0.9.31/src/concurrent_log_handler",
    ),
    # Reactive web apps on asyncio: sessions, extended tasks, synchronous render functions
    # (its ``pytest``, ``playwright`` and ``testserver`` packages, helpers for testing apps, are
    # not linted).
    Project(
        "shiny",
        "1.8.0",
        "7377b93455a3c38e7b2fba49efde59fc9998db671dffce502a170ecc15d9be74",
        "shiny-1.8.0.tar.gz",
        "shiny-1.8.0/shiny",
        exclude=("pytest", "playwright", "testserver"),
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_21 = 0

HELDOUT_21 = HELDOUT_21_LIST + RESERVES_21[:RESERVES_TAKEN_21]

# Twenty-second batch (``--batch 22``), fixed in this order before any run
# (docs/realworld-heldout-22.md), on the linter frozen at b8fdd07, the head of the shared branch
# when the list was fixed. Chosen, as the twenty-first, for concurrency in the projects' own code:
# clients for message queues, databases and cloud services, a coordination library, SDKs, a
# workflow orchestrator, servers and tools whose own code runs threads, locks, thread pools or
# asyncio event loops. Every release below (reserves included) is the latest on PyPI with an
# sdist when the list was fixed; each sdist was fetched from PyPI's JSON simple API (the same
# file ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and
# nothing was linted. The reserves (``RESERVES_22``) are added one at a time, in their order,
# while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_22`` counts how many were added.
HELDOUT_22_LIST = (
    # OpenStack messaging (RPC and notifications over RabbitMQ and Kafka): executor thread pools
    # running endpoints, driver listener and heartbeat threads, reply waiters behind locks (its
    # ``tests`` package and ``conffixture.py``, a fixture for tests, are not linted).
    Project(
        "oslo.messaging",
        "18.3.1",
        "28831b36096d74da5cd1370ef25b4719aaca627d94785a67a9838a480ce7ee3a",
        "oslo_messaging-18.3.1.tar.gz",
        "oslo_messaging-18.3.1/oslo_messaging",
        exclude=("tests", "conffixture.py"),
    ),
    # Distributed coordination (ZooKeeper, Redis, etcd, memcached, databases, files): heartbeat
    # threads, group membership watchers, distributed locks over local locks (its ``tests``
    # package is not linted).
    Project(
        "tooz",
        "9.1.0",
        "69d1fea697abeb6a739219b7eaa348552aae0b0aac3d9550cbd625cbaf0e3e0a",
        "tooz-9.1.0.tar.gz",
        "tooz-9.1.0/tooz",
        exclude=("tests",),
    ),
    # Amazon Athena DB-API client: cursors running queries on thread pools (async cursors),
    # asyncio cursors, result sets fetched by threads, caches behind locks.
    Project(
        "pyathena",
        "4.2.1",
        "9f73e90b355a7ac5cc75b2d615609e52ccff27726be8eadb3c755ff39a92a549",
        "pyathena-4.2.1.tar.gz",
        "pyathena-4.2.1/pyathena",
    ),
    # OpenStack Swift (object storage) client: a service layer uploading, downloading and
    # deleting objects and segments on thread pools, connections per thread.
    Project(
        "python-swiftclient",
        "4.11.0",
        "9d96146f5c2948c08cbf221eecfc3b87f2f631f1995e5e5d6e1b800ea74233cc",
        "python_swiftclient-4.11.0.tar.gz",
        "python_swiftclient-4.11.0/swiftclient",
    ),
    # Microsoft identity (OAuth) SDK: a token cache shared by threads behind a lock,
    # throttling and managed-identity helpers, an authorization-code listener thread.
    Project(
        "msal",
        "1.39.0",
        "6ab7de335e6d7f5717e2c7e1dbf86e4dda2f6acf3c56773b78dc53ebc6395b5f",
        "msal-1.39.0.tar.gz",
        "msal-1.39.0/msal",
    ),
    # OpenFeature (feature flags) SDK: a provider registry and event handlers shared by threads
    # behind locks, providers initialized on threads, sync and asyncio evaluation.
    Project(
        "openfeature-sdk",
        "0.10.0",
        "938c2540bdea4da3b01ef507517ee636f223a35abaaca845c5587e594151b052",
        "openfeature_sdk-0.10.0.tar.gz",
        "openfeature_sdk-0.10.0/openfeature",
    ),
    # Service-oriented component framework (Pelix): a service registry and component manager
    # shared by threads behind locks, event threads, remote services over HTTP and MQTT servers.
    Project(
        "ipopo",
        "3.2.4",
        "6676356872cf52f814b238a61406feb88d9ff185e31ed12c6e57262d4d7c7883",
        "ipopo-3.2.4.tar.gz",
        "ipopo-3.2.4/pelix",
    ),
    # Workflow orchestration and scheduling: an API server and its services on asyncio, workers
    # and runners polling for work, task runners on thread pools, sync bridges into event loops
    # run in threads (its ``testing`` package, helpers for tests, and its ``_vendor`` copy of
    # croniter are not linted).
    Project(
        "prefect",
        "3.9.1",
        "56f091cd49a06e6c3f98eea93648208f6750361d1dd0aeb60b5faa0e9cb5c458",
        "prefect-3.9.1.tar.gz",
        "prefect-3.9.1/src/prefect",
        exclude=("testing", "_vendor"),
    ),
    # Debugger and programmer for Arm microcontrollers: a GDB server thread per core, probe
    # servers, SWO and RTT reader threads, probe access behind locks.
    Project(
        "pyocd",
        "0.46.0",
        "b1403d71bfc67481bd8991f5383295521c5e6d0d2ea568e766b581553ccaa396",
        "pyocd-0.46.0.tar.gz",
        "pyocd-0.46.0/pyocd",
    ),
    # Python language server: a JSON-RPC server with a reader thread, debounced lint timers,
    # documents and workspaces shared between threads.
    Project(
        "python-lsp-server",
        "1.15.0",
        "85fa090262c3d1aef09b759d98811d6cb9ad5bbc58af15d588608ae8c1925801",
        "python_lsp_server-1.15.0.tar.gz",
        "python_lsp_server-1.15.0/pylsp",
    ),
    # Ansible runner: playbooks run in a child process or a thread, output and events streamed
    # by threads, status and event handlers, a streaming worker and processor.
    Project(
        "ansible-runner",
        "2.4.3",
        "5f3025529bb968fdc3b627457dd8d418dbf9d53bc73735d50e69c28544d53031",
        "ansible_runner-2.4.3.tar.gz",
        "ansible_runner-2.4.3/src/ansible_runner",
    ),
    # Kubernetes client: asyncio API objects with a synchronous face run on an event loop in a
    # thread, watches, port forwards on threads (its ``tests`` package, ``_testutils.py`` and
    # ``conftest.py``, helpers for tests, and its ``_vendored`` copy of asyncache are not linted).
    Project(
        "kr8s",
        "0.20.15",
        "484d5206bbebd48f8cc00dd3ed749d4419294d2f08cd50c6232114cf62ed6d3a",
        "kr8s-0.20.15.tar.gz",
        "kr8s-0.20.15/kr8s",
        exclude=("tests", "_testutils.py", "conftest.py", "_vendored"),
    ),
)

RESERVES_22 = (
    # Database connection pools shared by threads: pooled and persistent connections behind a
    # condition, per-thread connections.
    Project(
        "DBUtils",
        "3.2.0",
        "dfe3f5eb6e383042d68ad07e4e9778b2abbcc4627a283f85efc8210319c075d2",
        "dbutils-3.2.0.tar.gz",
        "dbutils-3.2.0/dbutils",
    ),
    # Locks for threads and processes: reader-writer locks, inter-process locks, decorators.
    Project(
        "fasteners",
        "0.20",
        "55dce8792a41b56f727ba6e123fcaee77fd87e638a6863cec00007bfea84c8d8",
        "fasteners-0.20.tar.gz",
        "fasteners-0.20/fasteners",
    ),
    # ngrok agent wrapper: a process manager with a log monitor thread, tunnels shared behind a
    # lock, asyncio helpers.
    Project(
        "pyngrok",
        "9.1.0",
        "8d9a521d3df29ad3f41523be13f1ef0790592605764d87605937aab20ff67daa",
        "pyngrok-9.1.0.tar.gz",
        "pyngrok-9.1.0/pyngrok",
    ),
    # OpenStack authentication sessions: tokens refreshed and shared by threads behind locks, a
    # fair semaphore for concurrent requests (its ``tests`` and ``fixture`` packages, helpers for
    # tests, are not linted).
    Project(
        "keystoneauth1",
        "5.18.1",
        "8970f9d103f335c39151366d70c001d1bb99b00d73845f03d47825e8dc35ff78",
        "keystoneauth1-5.18.1.tar.gz",
        "keystoneauth1-5.18.1/keystoneauth1",
        exclude=("tests", "fixture"),
    ),
    # OpenStack cloud SDK: a cloud layer running calls on a thread pool, caches behind locks
    # (its ``tests``, ``test`` and ``fixture`` packages, tests and helpers for tests, are not
    # linted).
    Project(
        "openstacksdk",
        "4.22.0",
        "757f399346f804d0a70b83fead919c498521e509889cd8973ece5cf7a640e6f9",
        "openstacksdk-4.22.0.tar.gz",
        "openstacksdk-4.22.0/openstack",
        exclude=("tests", "test", "fixture"),
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_22 = 0

HELDOUT_22 = HELDOUT_22_LIST + RESERVES_22[:RESERVES_TAKEN_22]

# Twenty-third batch (``--batch 23``), fixed in this order before any run
# (docs/realworld-heldout-23.md), on the linter frozen at e44df4f, the head of the shared branch
# when the list was fixed. Chosen, as the twenty-first and twenty-second, for concurrency in the
# projects' own code: clients for message queues, databases and cloud services, SDKs, servers
# and tools whose own code runs threads, locks, thread pools or asyncio event loops. Every
# release below (reserves included) is the latest on PyPI with an sdist when the list was fixed;
# each sdist was fetched from PyPI's JSON simple API (the same file
# ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and nothing
# was linted. The reserves (``RESERVES_23``) are added one at a time, in their order, while the
# batch gives fewer than 15 findings: ``RESERVES_TAKEN_23`` counts how many were added.
HELDOUT_23_LIST = (
    # AWS IoT device SDK (MQTT over TLS and websockets): a client core waiting on a condition
    # for events that an event consumer thread dispatches, an offline request queue drained by a
    # thread, subscriptions and shadow operations behind locks (its ``core/protocol/paho`` copy
    # of the Paho MQTT client is not linted).
    Project(
        "AWSIoTPythonSDK",
        "1.6.2",
        "ad5c13f0f563168a34ef818cbf74cf1ae02774650559a074950f6631981abcda",
        "awsiotpythonsdk-1.6.2.tar.gz",
        "awsiotpythonsdk-1.6.2/AWSIoTPythonSDK",
        exclude=("paho", "core/protocol/paho"),
    ),
    # Google Cloud Pub/Sub client on asyncio (package ``gcloud.aio.pubsub``, a namespace
    # package): a subscriber running consumer, acker and nacker tasks over queues, a publisher.
    Project(
        "gcloud-aio-pubsub",
        "8.0.0",
        "ec7a8d14ad259db4cf545d679f682a99836394783e9413afc66089debf906afe",
        "gcloud_aio_pubsub-8.0.0.tar.gz",
        "gcloud_aio_pubsub-8.0.0/gcloud",
    ),
    # Object-relational mapper for SQLite, PostgreSQL, MySQL, Oracle and CockroachDB: database
    # sessions and connections per thread (thread-local pools), global query statistics behind a
    # lock, SQLite transactions serialized by locks (its ``orm/tests`` package and its
    # ``thirdparty`` copy of decorator are not linted).
    Project(
        "pony",
        "0.7.20",
        "27a48dffd1d1005956ffa96873fb2de5eada639ca266c43db480cadabc860ccd",
        "pony-0.7.20.tar.gz",
        "pony-0.7.20/pony",
        exclude=("tests", "orm/tests", "thirdparty"),
    ),
    # Tencent Cloud Object Storage SDK (package ``qcloud_cos``): multipart uploads, downloads
    # and copies of parts on its own pool of worker threads, progress shared by those threads
    # behind a lock.
    Project(
        "cos-python-sdk-v5",
        "1.9.44",
        "2ab403f3b64efdbb9a1984ad3e4381bd7f0755d1064148aeb25269bd757b49ab",
        "cos_python_sdk_v5-1.9.44.tar.gz",
        "cos_python_sdk_v5-1.9.44/qcloud_cos",
    ),
    # Instana APM and tracing SDK: an agent state machine retrying on timers behind a lock, a
    # collector's reporting thread, a profiler whose samplers run on timers behind locks, spans
    # recorded from the traced application's threads and event loops.
    Project(
        "instana",
        "3.20.0",
        "e3c1db70f74898bc3d0a9f122d8236158eb3bb6620ca92e27da09dcd963295a7",
        "instana-3.20.0.tar.gz",
        "instana-3.20.0/src/instana",
    ),
    # OpenStack privilege separation: a privileged daemon answering calls over a socket channel
    # on a thread pool, a reader thread per client matching replies to callers waiting on a
    # condition, a log reader thread (its ``tests`` package and its ``test`` fixture package are
    # not linted).
    Project(
        "oslo.privsep",
        "3.12.0",
        "166edcd4a3e982f4ea851308df6408bc6ad5323fbdd83ad6b2a79faed50b9617",
        "oslo_privsep-3.12.0.tar.gz",
        "oslo_privsep-3.12.0/oslo_privsep",
        exclude=("tests", "test"),
    ),
    # OpenStack service framework: service launchers and process workers, looping calls and
    # timers on threads, thread groups, a threading backend beside eventlet (its ``tests``
    # package and ``fixture.py``, a fixture for tests, are not linted).
    Project(
        "oslo.service",
        "4.8.0",
        "5f82357f4c8b20bf40b530262c87b829da4ab1631dfe6e5801ecf6e5d86c60a9",
        "oslo_service-4.8.0.tar.gz",
        "oslo_service-4.8.0/oslo_service",
        exclude=("tests", "fixture.py"),
    ),
    # Multi-user Jupyter server on tornado and asyncio: spawners started and polled as tasks,
    # the proxy checked by periodic callbacks, authenticators' and encryption's blocking work on
    # thread pools (its ``tests`` package is not linted).
    Project(
        "jupyterhub",
        "6.1.1",
        "1d7b6713b31ebd76d61a13c202f9323e66c4e8cf731adc5d3052bb6ee6178a95",
        "jupyterhub-6.1.1.tar.gz",
        "jupyterhub-6.1.1/jupyterhub",
        exclude=("tests",),
    ),
    # Celery monitoring web server on tornado and asyncio: an event capture thread feeding shared
    # state, inspections of workers run on a thread pool, periodic updates.
    Project(
        "flower",
        "2.2.0",
        "c4f4751942ff8b5069e6604a136e073b860971b7658859bdc61da1dc17a4bb32",
        "flower-2.2.0.tar.gz",
        "flower-2.2.0/flower",
    ),
    # System monitor with REST (ASGI) and XML-RPC servers: exporters run on threads (asyncio
    # exporters on an event loop in a thread), a server list updated by threads, a stats
    # streamer thread with results behind a lock.
    Project(
        "glances",
        "4.5.8",
        "a1e5ed5a6488964a576d550a420c91af6f2c7c2d8df8e9fbe67c98eb38bacf3b",
        "glances-4.5.8.tar.gz",
        "glances-4.5.8/glances",
    ),
    # Desktop GUI windows over native web views (GTK, Qt, Cocoa, WinForms, Android): the GUI on
    # the main thread, the user's function and JavaScript calls on other threads, window events
    # whose handlers run on threads and are waited on, an HTTP server thread, locks.
    Project(
        "pywebview",
        "6.2.1",
        "71b7136752e40824655304d938efb62014218d1a90bd8e87e1cbdb1ce9c466af",
        "pywebview-6.2.1.tar.gz",
        "pywebview-6.2.1/webview",
    ),
    # Stream extractor: segmented streams scheduled by a worker thread, fetched on a thread
    # pool and written by a writer thread into a ring buffer behind a lock and events, websocket
    # clients on threads, a headless browser driven over trio.
    Project(
        "streamlink",
        "8.6.3",
        "d3602a2629b62d935a7ddc2f31dcea7797b3780654dcccbd5c3dd5b5f7e380c8",
        "streamlink-8.6.3.tar.gz",
        "streamlink-8.6.3/src/streamlink",
    ),
)

RESERVES_23 = (
    # OpenStack locks and processes: internal and external (file) locks, fair locks, a
    # semaphore per name, processes run with timeouts (its ``tests`` and ``fixture`` packages,
    # helpers for tests, are not linted).
    Project(
        "oslo.concurrency",
        "7.6.1",
        "8dcd3a6e931fc24d53832e887a124e3872e44e1af015cab47783bc67ad5b85e7",
        "oslo_concurrency-7.6.1.tar.gz",
        "oslo_concurrency-7.6.1/oslo_concurrency",
        exclude=("tests", "fixture"),
    ),
    # File and Redis locks for threads and processes: bounded semaphores, a Redis lock with a
    # pub/sub listener thread.
    Project(
        "portalocker",
        "4.4.2",
        "7ac85bb2aa3c7873bf2ac72586fc6154afa4671ac786994a16617a6b7ccb3e5e",
        "portalocker-4.4.2.tar.gz",
        "portalocker-4.4.2/portalocker",
    ),
    # Static site generator with a live-reloading development server: a serving thread, a file
    # watcher and a rebuild loop behind a condition (its ``tests`` package is not linted).
    Project(
        "mkdocs",
        "1.6.1",
        "7b432f01d928c084353ab39c57282f29f92136665bdd6abf7c1ec8d822ef86f2",
        "mkdocs-1.6.1.tar.gz",
        "mkdocs-1.6.1/mkdocs",
        exclude=("tests",),
    ),
    # Task runner and build tool: tasks run in parallel by threads or processes, results
    # collected from queues.
    Project(
        "doit",
        "0.37.0",
        "d3c72e0e46a8fa1ddabea8f830762402dee090caf33c30c2295ac7010db8f09c",
        "doit-0.37.0.tar.gz",
        "doit-0.37.0/doit",
    ),
    # SDN (OpenFlow, BGP) controller framework: applications as threads of an event hub, event
    # queues, BGP speakers and peers (its ``tests`` package is not linted).
    Project(
        "os-ken",
        "4.2.2",
        "bf6a640c0e67c377d4e6c0014f1de36bbf53d16eb7ecb080e5f9b5ede9bbf836",
        "os_ken-4.2.2.tar.gz",
        "os_ken-4.2.2/os_ken",
        exclude=("tests",),
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_23 = 0

HELDOUT_23 = HELDOUT_23_LIST + RESERVES_23[:RESERVES_TAKEN_23]

# Twenty-fourth batch (``--batch 24``), fixed in this order before any run
# (docs/realworld-heldout-24.md), on the linter frozen at 51712cd, the head of the shared branch
# when the list was fixed. Chosen, as the twenty-first to twenty-third, for concurrency in the
# projects' own code: clients for message queues, databases and cloud services, SDKs, servers,
# device libraries and tools whose own code runs threads, locks, thread pools or asyncio event
# loops. Every release below (reserves included) is the latest on PyPI with an sdist when the
# list was fixed; each sdist was fetched from PyPI's JSON simple API (the same file
# ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and nothing
# was linted. The reserves (``RESERVES_24``) are added one at a time, in their order, while the
# batch gives fewer than 15 findings: ``RESERVES_TAKEN_24`` counts how many were added.
HELDOUT_24_LIST = (
    # Nacos service discovery and configuration client on asyncio (package ``v2.nacos``, the
    # sdist's only package): gRPC connections with reconnect and redo tasks, listeners notified
    # from tasks, caches behind asyncio locks.
    Project(
        "nacos-sdk-python",
        "3.2.0",
        "646fb1c243caf540f381f1e08d489160fc2a314df00c919db306512ea6265f56",
        "nacos_sdk_python-3.2.0.tar.gz",
        "nacos_sdk_python-3.2.0/v2",
    ),
    # Huawei Cloud Object Storage (OBS) SDK (package ``obs``): resumable uploads and downloads
    # of parts on a thread pool of its own, a pool of connections behind a lock, credentials
    # cached behind locks, a progress notifier thread.
    Project(
        "esdk-obs-python",
        "3.26.6",
        "5014e76e85ffa9eda821169302e74868991867ac947da73bc28eb0e6dfba3ab1",
        "esdk_obs_python-3.26.6.tar.gz",
        "esdk-obs-python-3.26.6/obs",
    ),
    # Exasol database driver over websockets: requests serialized by a lock, parallel HTTP
    # import and export run by an SQL thread beside an HTTP proxy thread.
    Project(
        "pyexasol",
        "3.0.1",
        "59407accc766efc27ac7d4d4f20aab8b308931e61299a59f1d7b9ad8a3bfd3d2",
        "pyexasol-3.0.1.tar.gz",
        "pyexasol-3.0.1/pyexasol",
    ),
    # Memphis message broker client on asyncio (over NATS): consumers and producers running
    # ping, consume and dead-letter tasks, timers on threads.
    Project(
        "memphis-py",
        "1.3.1",
        "0f0f6d969ab7c051ff14b503eeb39116aaf3a8ebf82c866f270010e150b5c04e",
        "memphis-py-1.3.1.tar.gz",
        "memphis-py-1.3.1/memphis",
    ),
    # Bluetooth stack on asyncio (HCI host, L2CAP, GATT, profiles, transports for serial, USB
    # and sockets), with transport threads feeding the event loop (its ``testing`` helpers are
    # not linted).
    Project(
        "bumble",
        "0.0.236",
        "cea9fbd8b8a9ff78567bc4a97b35d54c72fcf10109476a24518d01394fbbd982",
        "bumble-0.0.236.tar.gz",
        "bumble-0.0.236/bumble",
        exclude=("testing",),
    ),
    # Digi XBee radio modules (package ``digi.xbee``): a packet reader thread dispatching to
    # callbacks on a thread pool, synchronous operations waiting on conditions, network
    # discovery threads, locks.
    Project(
        "digi-xbee",
        "1.5.0",
        "6a652b8472297911ee4a10f47316f6b1b6d14e925067dfdbf28b6c6b5068f9b2",
        "digi_xbee-1.5.0.tar.gz",
        "digi_xbee-1.5.0/digi",
    ),
    # EPICS Channel Access client and server: a threading client with selector and dispatch
    # threads behind locks, servers on asyncio, curio and trio (its ``tests`` package is not
    # linted).
    Project(
        "caproto",
        "1.3.0",
        "ea74f433297e895695c80a706a2389f745a94d756b5835c80af73af3df585cba",
        "caproto-1.3.0.tar.gz",
        "caproto-1.3.0/caproto",
        exclude=("tests",),
    ),
    # WebDAV server on WSGI (threaded servers): lock manager and property storage behind
    # read-write locks, start-up timers.
    Project(
        "wsgidav",
        "4.4.0",
        "8e6104376d1d311f1af1d275643d4a570766ba474899ddda48d589a15b096071",
        "wsgidav-4.4.0.tar.gz",
        "wsgidav-4.4.0/wsgidav",
    ),
    # RSocket protocol on asyncio: clients and servers over TCP, websockets, QUIC and HTTP/3,
    # streams and channels as tasks, keep-alive and lease tasks.
    Project(
        "rsocket",
        "0.4.20",
        "466203e1fc2d7064fd456b5948d594ffa364c642fb532eca71289d27206502c3",
        "rsocket-0.4.20.tar.gz",
        "rsocket-0.4.20/rsocket",
    ),
    # Experiment orchestration: a run engine driving plans on an asyncio loop in a thread of
    # its own, callbacks and zmq dispatchers on threads, locks (its ``tests`` package and its
    # ``_vendor`` copies of six and super_state_machine are not linted).
    Project(
        "bluesky",
        "1.15.1",
        "956e161a8f34f698af28edcd501db118fa793a6c43241001e30ed8c6aaabd95c",
        "bluesky-1.15.1.tar.gz",
        "bluesky-1.15.1/src/bluesky",
        exclude=("tests", "_vendor"),
    ),
    # Coroutine concurrency library: a kernel of its own, worker threads and processes, queues
    # and events shared between threads and tasks, a monitor thread.
    Project(
        "curio",
        "1.6",
        "562a586db20216ba7d2be8263deb9eb079e56048f9b8906d11d5f45aa81c5247",
        "curio-1.6.tar.gz",
        "curio-1.6/curio",
    ),
    # UPnP and SSDP client and server on asyncio: device discovery and advertisements,
    # event subscriptions renewed by tasks, an event notification server.
    Project(
        "async-upnp-client",
        "0.49.0",
        "b2306b2277471f3d3544d688159aa98ee656306af7f203a9e48386e9a94bfbd0",
        "async_upnp_client-0.49.0.tar.gz",
        "async_upnp_client-0.49.0/async_upnp_client",
    ),
)

RESERVES_24 = (
    # Hardware abstraction for EPICS beamlines: status objects finished by callbacks on control
    # layer threads, a dispatcher thread per context, subscriptions behind locks (its ``tests``
    # package is not linted).
    Project(
        "ophyd",
        "1.11.2",
        "ef63cc291a34d55823ec2f62be91991786ce4b9100e374df097b785d849466c3",
        "ophyd-1.11.2.tar.gz",
        "ophyd-1.11.2/ophyd",
        exclude=("tests",),
    ),
    # ISO-TP (ISO 15765-2) over CAN (package ``isotp``): a transport layer with a relay thread
    # and a processing thread, queues between them.
    Project(
        "can-isotp",
        "2.0.7",
        "4586ca62f8646da918df1d3ffd257c7e3532a4fbd138cebd8fe0777e3b94e361",
        "can_isotp-2.0.7.tar.gz",
        "can_isotp-2.0.7/isotp",
    ),
    # Velux KLF 200 gateway client on asyncio: a connection with a heartbeat task, frames
    # dispatched to device callbacks.
    Project(
        "pyvlx",
        "0.2.36",
        "7820a7e6cfaee455f4ca75eb806568772f471b62fbd613fe6a7fac52d3970a92",
        "pyvlx-0.2.36.tar.gz",
        "pyvlx-0.2.36/src/pyvlx",
    ),
    # Unified Diagnostic Services (ISO 14229) client: connections with receiver threads over
    # ISO-TP, CAN and serial ports.
    Project(
        "udsoncan",
        "1.26.1",
        "e4e04df9ad3be4f1dd6cc6dd580aa8a25cb842b3bb1b10c482d3cffa07303910",
        "udsoncan-1.26.1.tar.gz",
        "udsoncan-1.26.1/udsoncan",
    ),
    # OVSDB client library (OpenStack): a connection thread running the IDL loop, transactions
    # queued to it and waited on (its ``tests`` package and ``venv.py``, a fixture for tests,
    # are not linted).
    Project(
        "ovsdbapp",
        "3.0.0",
        "b7f03167c9285ba0859dcfef0e1f05e955ea840c52b2d68f53fed19a602ede99",
        "ovsdbapp-3.0.0.tar.gz",
        "ovsdbapp-3.0.0/ovsdbapp",
        exclude=("tests", "venv.py"),
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_24 = 0

HELDOUT_24 = HELDOUT_24_LIST + RESERVES_24[:RESERVES_TAKEN_24]

# Twenty-fifth batch (``--batch 25``), fixed in this order before any run
# (docs/realworld-heldout-25.md), on the linter frozen at e1cd9b8, the head of the shared branch
# when the list was fixed. Chosen, as the twenty-first to twenty-fourth, for concurrency in the
# projects' own code, and for kinds of code the earlier batches cover little: a blockchain
# client, a streaming platform's API client, a Tor controller, an IRC bot, a robotics bridge,
# calendar and package index servers, a music library manager, a multimedia library, a data
# loading library, a cloud storage command line tool and a web crawler, whose own code runs
# threads, locks, thread pools or asyncio event loops. Every release below (reserves included)
# is the latest on PyPI with an sdist when the list was fixed; each sdist was fetched from
# PyPI's JSON simple API (the same file ``pip download --no-deps --no-binary :all:`` fetches)
# and pinned with its sha256, and nothing was linted. The reserves (``RESERVES_25``) are added
# one at a time, in their order, while the batch gives fewer than 15 findings:
# ``RESERVES_TAKEN_25`` counts how many were added.
HELDOUT_25_LIST = (
    # Ethereum client: synchronous and asyncio providers (HTTP, IPC, persistent websocket
    # connections with a message listener task), request batching, caches behind locks (its
    # ``_utils/module_testing`` test suites for providers are not linted; the sdist's ``ens``
    # package is not linted).
    Project(
        "web3",
        "8.0.0",
        "8d898fe1909037d6269c998d27c1806ce201cf6d7e49514ad6f3e4dcc64e6e9a",
        "web3-8.0.0.tar.gz",
        "web3-8.0.0/web3",
        exclude=("_utils/module_testing",),
    ),
    # Twitch API client on asyncio (package ``twitchAPI``): chat and EventSub over websockets,
    # each run on a thread with an event loop of its own, an EventSub webhook server on such a
    # thread, user authentication on a local server thread, callbacks handed back to the
    # user's loop.
    Project(
        "twitchAPI",
        "4.5.0",
        "06849800c5931d6b6e5d817a2ada7a18d55fa0d0af1dc3109ea6c699a71f8db7",
        "twitchapi-4.5.0.tar.gz",
        "twitchapi-4.5.0/twitchAPI",
    ),
    # Tor controller library: a socket reader thread and an event dispatch thread, requests
    # serialized by locks, descriptor downloads on threads, caches behind locks.
    Project(
        "stem",
        "1.8.2",
        "83fb19ffd4c9f82207c006051480389f80af221a7e4783000aedec4e384eb582",
        "stem-1.8.2.tar.gz",
        "stem-1.8.2/stem",
    ),
    # IRC bot: plugin callables run on threads of their own, a job scheduler thread, a write
    # lock on the connection, channel and user state behind locks (its ``tests`` package, a
    # pytest plugin and factories, is not linted).
    Project(
        "sopel",
        "8.0.4",
        "d7a403cec642aae00f1f714fc818f179719cbd276360b6454d73740129de44e5",
        "sopel-8.0.4.tar.gz",
        "sopel-8.0.4/sopel",
        exclude=("tests",),
    ),
    # ROS bridge client: a Twisted reactor (or an asyncio loop) on a thread of its own, service
    # calls and topic callbacks between the user's threads and the reactor, events and locks
    # (``comm/comm_cli.py``, the IronPython transport, is not Python 3 and is not linted).
    Project(
        "roslibpy",
        "2.1.0",
        "05d2ec196dd2ff89c864418f7afeac4b01bff5679034c997a6b4d0c54775f352",
        "roslibpy-2.1.0.tar.gz",
        "roslibpy-2.1.0/src/roslibpy",
        exclude=("comm/comm_cli.py",),
    ),
    # CalDAV and CardDAV server: a threaded HTTP server, storage behind a read-write lock,
    # cache and hook locks (its ``tests`` package is not linted).
    Project(
        "radicale",
        "3.9.0",
        "25fe89613d77a5bed182860407235efa3a77adead4ddc6022784801521992741",
        "radicale-3.9.0.tar.gz",
        "radicale-3.9.0/radicale",
        exclude=("tests",),
    ),
    # Python package index server: a transactional key store shared by a threaded web server,
    # replica and import threads, mirror fetches, locks.
    Project(
        "devpi-server",
        "6.20.3",
        "8307fe955288b85d591168add03a8a9fd377e730f5602d60b71a1abc116200d7",
        "devpi_server-6.20.3.tar.gz",
        "devpi_server-6.20.3/devpi_server",
    ),
    # Music library manager: an import pipeline whose stages run on threads joined by queues,
    # a thread pool for parallel work, a library database behind locks (its ``test`` helpers
    # are not linted; the sdist's ``beetsplug`` package is not linted).
    Project(
        "beets",
        "2.14.1",
        "b25dc7bf8ed093d8b6e043e88013736902c1082c958b81a598af5db5275539a5",
        "beets-2.14.1.tar.gz",
        "beets-2.14.1/beets",
        exclude=("test",),
    ),
    # Multimedia and windowing library: a media player worker thread, audio drivers with
    # threads and locks, a clock and event loop shared with them (its ``extlibs`` copies of
    # pypng and earcut are not linted).
    Project(
        "pyglet",
        "2.1.19",
        "77fae024df940c60917ba604bab9b7e26306d66734186634b698c708cdd9f4be",
        "pyglet-2.1.19.tar.gz",
        "pyglet-2.1.19/pyglet",
        exclude=("extlibs",),
    ),
    # Data load tool: extraction, normalization and load steps on thread and process pools,
    # a managed thread pool of its own, parallel generators evaluated on a pool, locks.
    Project(
        "dlt",
        "1.31.0",
        "3919c1223170175cc9365514223c68048cb8c42a38ea32bb291fb99bdd7d62bd",
        "dlt-1.31.0.tar.gz",
        "dlt-1.31.0/dlt",
    ),
    # Cloud Storage command line tool (package ``gslib``): a parallelism framework of threads
    # and processes, a seek-ahead thread, a UI thread fed by a status queue, locks (its
    # ``tests``, its generated ``third_party`` API clients and its ``vendored`` copies of boto
    # and oauth2client are not linted).
    Project(
        "gsutil",
        "5.38",
        "7dae12a2fdf47ea5af1f0060793ff54d62d37bbe46d9d6a6dbcdd95c8223259c",
        "gsutil-5.38.tar.gz",
        "gsutil-5.38/gslib",
        exclude=("tests", "third_party", "vendored"),
    ),
    # Web crawling framework on asyncio: an autoscaled pool of tasks, request queues and
    # storages behind asyncio locks, browser pools, sessions (its ``project_template``
    # cookiecutter sources are not Python and are not linted).
    Project(
        "crawlee",
        "1.11.0",
        "48e046fb47a1df25a28a3a3a4ae264bfdd131f23f2f64038649c59f64cf47ccc",
        "crawlee-1.11.0.tar.gz",
        "crawlee-1.11.0/src/crawlee",
        exclude=("project_template",),
    ),
)

RESERVES_25 = (
    # Music downloader on asyncio: downloads run on a thread pool from an event loop, a web
    # UI server, progress shared between them.
    Project(
        "spotdl",
        "4.6.0",
        "ce1fbdecd342f870850491d5d5fb6b033547d72d7c37c9f90fd9a2dfd78a0e01",
        "spotdl-4.6.0.tar.gz",
        "spotdl-4.6.0/spotdl",
    ),
    # Data pipeline framework: runners on thread pools and process pools, a shared memory
    # data catalog (its ``templates`` cookiecutter sources are not linted).
    Project(
        "kedro",
        "1.7.0",
        "50b654c0f6ec79c465bc913c1680ea6ad35fff287160262dce7f9d4c1bdbd493",
        "kedro-1.7.0.tar.gz",
        "kedro-1.7.0/kedro",
        exclude=("templates",),
    ),
    # MIDI library: ports with locks, callbacks from backend threads, a message queue.
    Project(
        "mido",
        "1.3.3",
        "1aecb30b7f282404f17e43768cbf74a6a31bf22b3b783bdd117a1ce9d22cb74c",
        "mido-1.3.3.tar.gz",
        "mido-1.3.3/mido",
    ),
    # asyncio helpers: task groups, timers, servers run on several processes or threads,
    # each with an event loop.
    Project(
        "aiotools",
        "2.2.4",
        "f29551fc7632e9537608cea0d154bc63b5847b0972f9a3ed122d509aaa81fa72",
        "aiotools-2.2.4.tar.gz",
        "aiotools-2.2.4/src/aiotools",
    ),
    # Drone control over MAVLink: reader and writer threads, vehicle state updated by
    # message listeners (its ``test`` package is not linted).
    Project(
        "dronekit",
        "2.9.2",
        "53d037241a86bf366a385c5bad7949536a4715e49111204d78d936c11fac4b51",
        "dronekit-2.9.2.tar.gz",
        "dronekit-2.9.2/dronekit",
        exclude=("test",),
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_25 = 0

HELDOUT_25 = HELDOUT_25_LIST + RESERVES_25[:RESERVES_TAKEN_25]

# Twenty-sixth batch (``--batch 26``), fixed in this order before any run
# (docs/realworld-heldout-26.md), on the linter frozen at a205966, the head of the shared branch
# when the list was fixed. Chosen, as the twenty-first to twenty-fifth, for concurrency in the
# projects' own code, and for kinds of code the earlier batches cover little: a robot arm SDK,
# an Arduino control library, a drone SDK, two trading clients (a crypto exchange and a stock
# broker), a build system, two web crawlers, a terminal data browser, an asyncio ODBC driver, a
# web text extraction tool and a file transfer tool, whose own code runs threads, locks, thread
# pools, asyncio or Twisted event loops. Every release below (reserves included) is the latest
# on PyPI with an sdist when the list was fixed; each sdist was fetched from PyPI's JSON simple
# API (the same file ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its
# sha256, and nothing was linted. The reserves (``RESERVES_26``) are added one at a time, in
# their order, while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_26`` counts how
# many were added.
HELDOUT_26_LIST = (
    # Robot arm SDK (package ``xarm``): a report socket read by threads, a command socket
    # serialized by locks, callbacks from the report thread, a Blockly program runner.
    Project(
        "xarm-python-sdk",
        "1.18.4",
        "75acad469c106e1cb7074762015980372564e88a6d62b64ebaea1c7c580332d5",
        "xarm_python_sdk-1.18.4.tar.gz",
        "xarm_python_sdk-1.18.4/xarm",
    ),
    # Arduino control over Firmata: a serial reader thread, a reporter thread dispatching pin
    # callbacks, the user's thread writing commands, locks around the shared pin data.
    Project(
        "pymata4",
        "1.15",
        "df2205f39a84d1164d3641f1944321500bc9e484c1af3e7ae6546471ad538afb",
        "pymata4-1.15.tar.gz",
        "pymata4-1.15/pymata4",
    ),
    # Drone SDK for the DJI Tello: UDP response and state receiver threads shared by every
    # drone, a video frame reader thread behind a lock, swarm commands on a thread per drone.
    Project(
        "djitellopy",
        "2.5.0",
        "fae6c9a353404a61ce362c6766efe0d23cf559fdeaf60cbc72c75e4896d780cd",
        "djitellopy-2.5.0.tar.gz",
        "djitellopy-2.5.0/djitellopy",
    ),
    # Crypto exchange trading client (Bybit): websocket streams on threads, a ping timer,
    # callbacks from the socket thread, subscriptions shared with the user's thread.
    Project(
        "pybit",
        "5.17.0",
        "6ac46f4567c37c25bd7bd079b060535c9f1e02cd7a909dc72615ec63462d2c20",
        "pybit-5.17.0.tar.gz",
        "pybit-5.17.0/pybit",
    ),
    # Stock broker trading client (Zerodha Kite): a market data ticker on a Twisted reactor,
    # run on a thread of its own, reconnects and callbacks from the reactor.
    Project(
        "kiteconnect",
        "5.2.2",
        "60bc1ea846f3f25210c4c2e2871ca6def04933216c615c6be45d67d02054be1e",
        "kiteconnect-5.2.2.tar.gz",
        "kiteconnect-5.2.2/kiteconnect",
    ),
    # Build system (package ``mesonbuild``): a test harness on asyncio running test processes
    # concurrently, thread pools for compiler checks and installation steps, locks.
    Project(
        "meson",
        "1.12.1",
        "ab0a6ca09f8ef70c564c8241fb5a23957886a0b53fb58412b5e07eaf07dba743",
        "meson-1.12.1.tar.gz",
        "meson-1.12.1/mesonbuild",
    ),
    # Web crawler for language models on asyncio: browser pools, a dispatcher with semaphores
    # and rate limits, caches behind asyncio locks, work sent to thread pools.
    Project(
        "crawl4ai",
        "0.9.5",
        "84fa6f4970fbb086a68893c9fb18605a93fcd609c72bee6fbb1d2715924afbff",
        "crawl4ai-0.9.5.tar.gz",
        "crawl4ai-0.9.5/crawl4ai",
    ),
    # Crawler framework: parser threads fed by a request buffer and an item buffer thread,
    # a collector thread, locks around the shared queues and state.
    Project(
        "feapder",
        "1.9.3",
        "b31031d3d61f0d90d85c169806c07caafebdedc6a6b1c40b958a3a6591af4c19",
        "feapder-1.9.3.tar.gz",
        "feapder-1.9.3/feapder",
    ),
    # Terminal data browser: loaders, sorts and commands run on threads (``@asyncthread``)
    # while the curses main loop draws the sheets they fill (its ``tests`` and ``vendor``
    # copy of appdirs are not linted).
    Project(
        "visidata",
        "3.4",
        "f5afcdb6823c570760be9692f33d0642a20cd86925b4cab721d108050d0f8201",
        "visidata-3.4.tar.gz",
        "visidata-3.4/visidata",
        exclude=("tests", "vendor"),
    ),
    # asyncio ODBC driver: every pyodbc call run on a thread pool executor, a connection pool
    # behind an asyncio condition.
    Project(
        "aioodbc",
        "0.5.0",
        "cbccd89ce595c033a49c9e6b4b55bbace7613a104b8a46e3d4c58c4bc4f25075",
        "aioodbc-0.5.0.tar.gz",
        "aioodbc-0.5.0/aioodbc",
    ),
    # Web text extraction and download tool: downloads and the command line's parallel
    # processing on thread pools, deduplication caches behind locks.
    Project(
        "trafilatura",
        "2.3.1",
        "2e5557aeab32d33b9da7ff0debbb677a676c5b648a927e50d91b8277011e1105",
        "trafilatura-2.3.1.tar.gz",
        "trafilatura-2.3.1/trafilatura",
    ),
    # File transfer tool on Twisted (package ``wormhole``): state machines on the reactor,
    # blocking input on threads (``deferToThread``, ``blockingCallFromThread``), transit
    # connections (its ``test`` package is not linted).
    Project(
        "magic-wormhole",
        "0.24.0",
        "c01b4815878e5fbcad7a22cfa190c529349bf271164189a0ad955a34a8d4cde0",
        "magic_wormhole-0.24.0.tar.gz",
        "magic_wormhole-0.24.0/src/wormhole",
        exclude=("test",),
    ),
)

RESERVES_26 = (
    # Arduino control over a protocol of its own: serial or socket reader threads, a reporter
    # thread dispatching callbacks.
    Project(
        "telemetrix",
        "1.47",
        "eb119b0560da8049e27a91f0a59e51731b1cdd153863d84a4799ab24ef305f38",
        "telemetrix-1.47.tar.gz",
        "telemetrix-1.47/telemetrix",
    ),
    # Stock and crypto trading client (Alpaca): market data and trade update streams on
    # asyncio websockets, run from the user's thread.
    Project(
        "alpaca-py",
        "0.44.0",
        "5388715b67b51ad30fa07308e89299d48b19bed65b81013b8a1158fa5837337b",
        "alpaca_py-0.44.0.tar.gz",
        "alpaca_py-0.44.0/alpaca",
    ),
    # SQL Server driver (package ``pytds``): sessions multiplexed over one connection (SMP)
    # behind a lock.
    Project(
        "python-tds",
        "1.17.1",
        "c97483a9adf1dcab8bee66e83429acc502753f389d134553edd818348b94ced0",
        "python_tds-1.17.1.tar.gz",
        "python_tds-1.17.1/src/pytds",
    ),
    # Data acquisition instrument driver (NI-DAQmx): tasks with event callbacks from the
    # driver's threads, a library handle behind locks, a gRPC interpreter.
    Project(
        "nidaqmx",
        "1.7.0",
        "078cd238ae3084c1a570b910b38a5116f2155a5dfcb80b71e20bf4b3f8f3d131",
        "nidaqmx-1.7.0.tar.gz",
        "nidaqmx-1.7.0/generated/nidaqmx",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_26 = 0

HELDOUT_26 = HELDOUT_26_LIST + RESERVES_26[:RESERVES_TAKEN_26]

# Twenty-seventh batch (``--batch 27``), fixed in this order before any run
# (docs/realworld-heldout-27.md), on the linter frozen at c2419b0, the head of the shared branch
# when the list was fixed. Chosen, as the twenty-first to twenty-sixth, for concurrency in the
# projects' own code, and this time for projects whose concurrency is central: two realtime
# agent frameworks (voice pipelines, a job worker), a protocol server and client framework, a
# notebook server, a chat application server, a bot framework, a trading platform's event
# engine, a trading client's websocket, a serverless distributed computing library, a ZooKeeper
# client, a cloud storage client with a sync bridge and a device protocol client, whose own code
# runs threads, locks, thread pools or asyncio event loops. Every release below (reserves
# included) is the latest release on PyPI with an sdist when the list was fixed; each sdist was
# fetched from PyPI's JSON simple API (the same file ``pip download --no-deps --no-binary
# :all:`` fetches) and pinned with its sha256, and nothing was linted. The reserves
# (``RESERVES_27``) are added one at a time, in their order, while the batch gives fewer than
# 15 findings: ``RESERVES_TAKEN_27`` counts how many were added.
HELDOUT_27_LIST = (
    # Realtime voice and multimodal agent framework on asyncio (package ``pipecat``): frame
    # processors with input and push tasks and queues, transports, services over websockets,
    # work sent to threads (its ``tests`` helpers are not linted).
    Project(
        "pipecat-ai",
        "1.14.0",
        "2535140066a6a540c9f9e11996c79c94c3bdc1304f9303b39298e6e1ecdea34e",
        "pipecat_ai-1.14.0.tar.gz",
        "pipecat_ai-1.14.0/src/pipecat",
        exclude=("tests",),
    ),
    # Realtime agent worker (package ``livekit.agents``): jobs dispatched over a websocket to
    # process or thread pools, IPC channels, inference executors, locks and asyncio tasks.
    Project(
        "livekit-agents",
        "1.8.9",
        "5fd70b90accb9798e3a9a9b983c3e02cd564a54f1b995755d7a2aac21f50c92e",
        "livekit_agents-1.8.9.tar.gz",
        "livekit_agents-1.8.9/livekit/agents",
    ),
    # Model Context Protocol servers and clients on anyio (package ``fastmcp``, the sdist's
    # ``fastmcp_slim`` tree): sessions, background tasks, proxies, locks.
    Project(
        "fastmcp",
        "4.2.3",
        "0c9d1739d59e89506489bea589dec6193d204ab86e9739333d6bb46c13476477",
        "fastmcp-4.2.3.tar.gz",
        "fastmcp-4.2.3/fastmcp_slim/fastmcp",
    ),
    # Reactive notebook server: an asyncio web server, kernels run on threads or processes,
    # file watchers, a language server bridge, locks (its ``_smoke_tests`` notebooks are not
    # linted).
    Project(
        "marimo",
        "0.25.2",
        "3cfa38ac84c66625e1f7cb7dc81a41ebd592244000ffe37effb28a91765056b0",
        "marimo-0.25.2.tar.gz",
        "marimo-0.25.2/marimo",
        exclude=("_smoke_tests",),
    ),
    # Chat application server on asyncio: socket.io sessions, user callbacks run as tasks or
    # on threads, a data layer, integrations (Discord, Slack, Teams).
    Project(
        "chainlit",
        "2.12.0",
        "53ca71c66fd98d417039ca5fa9c68349eb8eda771b7e0235a7da531f610fe5d0",
        "chainlit-2.12.0.tar.gz",
        "chainlit-2.12.0/chainlit",
    ),
    # Bot framework for VK on asyncio: long polling, callback servers, a dispatcher running
    # handlers as tasks, rate-limited API clients.
    Project(
        "vkbottle",
        "4.11.0",
        "594cf86a2e606a0546e1bf7ebb0869df1e878a5cedcfc9e836f22bbe21642662",
        "vkbottle-4.11.0.tar.gz",
        "vkbottle-4.11.0/vkbottle",
    ),
    # Trading platform: an event engine with a dispatch thread and a timer thread, gateways
    # and apps called from it, an RPC server and client on threads.
    Project(
        "vnpy",
        "4.5.0",
        "0077ba1fb19ff216a846d8e75995929e20c4d4f1f05d4e0482854f7675999d5b",
        "vnpy-4.5.0.tar.gz",
        "vnpy-4.5.0/vnpy",
    ),
    # Crypto exchange trading client (Coinbase Advanced Trade, package ``coinbase``): a
    # websocket client running an asyncio loop on a thread of its own, callbacks from it,
    # subscriptions from the user's thread.
    Project(
        "coinbase-advanced-py",
        "1.8.4",
        "33fd2c2d9fea18ca22a977506b64bdf746d3b35172bf0b3ce9805e2f95058f67",
        "coinbase_advanced_py-1.8.4.tar.gz",
        "coinbase_advanced_py-1.8.4/coinbase",
    ),
    # Serverless distributed computing: invokers on thread pools, job monitors on threads,
    # futures waited on by the user, local and standalone backends with worker threads and
    # locks (its ``tests`` package is not linted).
    Project(
        "lithops",
        "3.8.0",
        "9fc642adb317789ae24271e7ea94a7a520a7df3d5787c117b45f053eb357d644",
        "lithops-3.8.0.tar.gz",
        "lithops-3.8.0/lithops",
        exclude=("tests",),
    ),
    # ZooKeeper client on asyncio: a connection with a read loop and pending requests,
    # session reconnects, watches, recipes (locks, barriers, elections) on top (its ``test``
    # package is not linted).
    Project(
        "aiozk",
        "0.32.0",
        "a1eace00c5d3f035aaacdce6d90d328583435cd8651165c5370f4c0593789099",
        "aiozk-0.32.0.tar.gz",
        "aiozk-0.32.0/aiozk",
        exclude=("test",),
    ),
    # Google Cloud Storage filesystem (fsspec): async methods run from sync callers on
    # fsspec's event loop thread, zonal bucket writers behind a semaphore and locks, closes
    # deferred to a thread, credentials refreshed under a lock.
    Project(
        "gcsfs",
        "2026.10.1",
        "ebdd435946894c47b17a2e4ac2d5f2832e8cde520e227db65d9b901c01fd7d28",
        "gcsfs-2026.10.1.tar.gz",
        "gcsfs-2026.10.1/gcsfs",
    ),
    # Android Debug Bridge client, sync and asyncio: transports over TCP and USB, a lock
    # around each exchange of messages, streams multiplexed over one connection.
    Project(
        "adb-shell",
        "0.4.4",
        "04c305f30a2ca25d5c54b3cd6ce9bb64c36e5f07967b23b3fb6aaecc851b90b6",
        "adb_shell-0.4.4.tar.gz",
        "adb_shell-0.4.4/adb_shell",
    ),
)

RESERVES_27 = (
    # Agent orchestration graphs: steps run on thread pools or as asyncio tasks, checkpoints,
    # streams read across threads.
    Project(
        "langgraph",
        "1.2.24",
        "86b0dd611b7201cb393da2de0e064029c1bef520f11a5e6ee04be53c2a815bc7",
        "langgraph-1.2.24.tar.gz",
        "langgraph-1.2.24/langgraph",
    ),
    # Language model pipelines (package ``haystack``): components run concurrently on
    # asyncio or thread pools (its ``testing`` helpers are not linted).
    Project(
        "haystack-ai",
        "3.4.1",
        "95b57e672264584a9c437857e4ca4c89bf2137dab80fc972553df491349d811b",
        "haystack_ai-3.4.1.tar.gz",
        "haystack_ai-3.4.1/haystack",
        exclude=("testing",),
    ),
    # Subprocess pipelines: commands of a pipeline started and waited on by threads, output
    # captured by reader threads.
    Project(
        "sarge",
        "0.1.8",
        "824d483974d09e7689ee9aca76413d07988f3cdc0f945515c6a3fc2ec1958dcc",
        "sarge-0.1.8.tar.gz",
        "sarge-0.1.8/sarge",
    ),
    # IKEA TRADFRI gateway client on asyncio (CoAP over DTLS): observations and commands.
    Project(
        "pytradfri",
        "14.0.0",
        "05dca2680b6b47e559c8ab321db595805769ffa6b7170a8d1a3bdf1d3442714f",
        "pytradfri-14.0.0.tar.gz",
        "pytradfri-14.0.0/pytradfri",
    ),
    # Voice assistant protocol (Home Assistant): asyncio event servers and clients.
    Project(
        "wyoming",
        "1.10.2",
        "2a84035d9e51f4be68b27c9791273c5bce29f79f0c37137ea49cc417294f9080",
        "wyoming-1.10.2.tar.gz",
        "wyoming-1.10.2/wyoming",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_27 = 0

HELDOUT_27 = HELDOUT_27_LIST + RESERVES_27[:RESERVES_TAKEN_27]

# Twenty-eighth batch (``--batch 28``), fixed in this order before any run
# (docs/realworld-heldout-28.md), on the linter frozen at 8a99e58, the head of the shared branch
# when the list was fixed. Chosen, as the twenty-first to twenty-seventh, for concurrency in the
# projects' own code, central to what they do: three agent frameworks on asyncio (an actor
# runtime, an MCP agent framework, a browser automation agent), three servers (a web
# framework, a web application framework with a state manager, a notebook dashboard server),
# an HTTP client with connection pools, a cloud storage client, two market data and exchange
# streaming clients, a peer-to-peer networking library and a mesh radio device client, whose
# own code runs threads, locks, thread pools or event loops. Every release below (reserves
# included) is the latest release on PyPI with an sdist when the list was fixed; each sdist was
# fetched from PyPI's JSON simple API (the same file ``pip download --no-deps --no-binary
# :all:`` fetches) and pinned with its sha256, and nothing was linted. The reserves
# (``RESERVES_28``) are added one at a time, in their order, while the batch gives fewer than
# 15 findings: ``RESERVES_TAKEN_28`` counts how many were added.
HELDOUT_28_LIST = (
    # Actor runtime for agents on asyncio (package ``autogen_core``): a single-threaded agent
    # runtime with a message queue and handler tasks, cancellation tokens, tools run on
    # threads.
    Project(
        "autogen-core",
        "0.7.5",
        "70c2871389f1d0a7f6db8ef78717a51b7ce877ff4a08a836b7758d604dece203",
        "autogen_core-0.7.5.tar.gz",
        "autogen_core-0.7.5/src/autogen_core",
    ),
    # Agent framework on the Model Context Protocol (package ``mcp_agent``): MCP server
    # connections and sessions, workflows on asyncio or a durable executor, locks, work sent to
    # threads, an app server.
    Project(
        "mcp-agent",
        "0.2.6",
        "609cf6195517d0741dac130b294bff7eb426e6217ca63839d957c79f22e6db09",
        "mcp_agent-0.2.6.tar.gz",
        "mcp_agent-0.2.6/src/mcp_agent",
    ),
    # Browser automation agent on asyncio (package ``browser_use``): a CDP session driven
    # through an event bus, watchdogs as handlers, locks, work sent to threads.
    Project(
        "browser-use",
        "0.13.14",
        "9bb2f3d7ea215bf67b415c8e6e546413a3712ac5ea775b223b452189f4582d9d",
        "browser_use-0.13.14.tar.gz",
        "browser_use-0.13.14/browser_use",
    ),
    # Web framework on asyncio (ASGI and RSGI): request and websocket handling, pipes, a
    # database layer with connection pools, caches with locks.
    Project(
        "emmett",
        "2.8.2",
        "95b25e0e1d12f439aa1286a2d8b1b39ef7947ac06c61db13ae5d03dfc5cc4599",
        "emmett-2.8.2.tar.gz",
        "emmett-2.8.2/emmett",
    ),
    # Web application framework: an asyncio server with per-client state behind a state
    # manager (locks in memory or in Redis), event handlers and background tasks, a
    # development server and compiler threads.
    Project(
        "reflex",
        "0.10.1",
        "758972b3e0d31c49cdb0cb0f2d6e7033a4ba075c51df0d3c08840fe06c5d8eed",
        "reflex-0.10.1.tar.gz",
        "reflex-0.10.1/reflex",
    ),
    # Notebook dashboard server (Jupyter, tornado): a kernel per request, notebooks executed
    # and rendered while streaming, pre-heated kernels, threads.
    Project(
        "voila",
        "0.5.13",
        "e7a01973b085888df9a0bf50207fc252f700675011a4d053ab1f94be219b55a7",
        "voila-0.5.13.tar.gz",
        "voila-0.5.13/voila",
    ),
    # HTTP client (a fork of urllib3 with HTTP/2 and HTTP/3, package ``urllib3_future``):
    # connection pools shared by threads behind locks, multiplexed connections, a sync and an
    # asyncio API, background keep-alive.
    Project(
        "urllib3-future",
        "2.25.904",
        "2ea5bcd64433e6d05ff1684a3cef51e94f33506f08e8fed344108d2abd0f416b",
        "urllib3_future-2.25.904.tar.gz",
        "urllib3_future-2.25.904/src/urllib3_future",
    ),
    # Azure Data Lake and Blob Storage filesystem (fsspec): async methods run from sync callers
    # on fsspec's event loop thread, concurrent block uploads and downloads (its ``tests``
    # package is not linted).
    Project(
        "adlfs",
        "2026.8.0",
        "b78a01bd892c2a99f461b2b2ef4592c2eb45934e728f318472291ccaa6378e06",
        "adlfs-2026.8.0.tar.gz",
        "adlfs-2026.8.0/adlfs",
        exclude=("tests",),
    ),
    # Market data client (Databento): a live client running an asyncio loop on a thread of
    # its own, callbacks and streams fed from it, historical downloads in thread pools.
    Project(
        "databento",
        "0.88.0",
        "4b92d35c00a33b43c87ce9b4d0f3876c63de9678b446202f29c562f0888258de",
        "databento-0.88.0.tar.gz",
        "databento-0.88.0/databento",
    ),
    # Crypto exchange client (Kraken, package ``kraken``): websocket clients on asyncio with
    # reconnects and subscriptions, REST clients sync and async.
    Project(
        "python-kraken-sdk",
        "3.5.1",
        "af7c6d4878c07f7eed170e39072a71c32d826601e88a0d13fe30c33d4a7998fc",
        "python_kraken_sdk-3.5.1.tar.gz",
        "python_kraken_sdk-3.5.1/src/kraken",
    ),
    # Peer-to-peer networking (libp2p) on trio: transports, stream multiplexers, pubsub,
    # a DHT, connection managers, locks and nurseries, some work on threads.
    Project(
        "libp2p",
        "0.8.1",
        "3fb1493d215d10205f56095014e21c3d4eec025a9becb3e73a768d1151f27fd0",
        "libp2p-0.8.1.tar.gz",
        "libp2p-0.8.1/libp2p",
    ),
    # Mesh radio device client (Meshtastic): serial, TCP and BLE interfaces with reader and
    # heartbeat threads, a node database and queues shared with the user's thread (its
    # ``tests`` package is not linted).
    Project(
        "meshtastic",
        "2.7.11",
        "41a8c84b577daff173d36db9fdbc8bf2c7228b58e580474e9f53802ed8ea7d4a",
        "meshtastic-2.7.11.tar.gz",
        "meshtastic-2.7.11/meshtastic",
        exclude=("tests",),
    ),
)

RESERVES_28 = (
    # Remote function execution (Globus Compute, package ``globus_compute_sdk``): an executor
    # whose futures are completed by a result watcher thread, task submission on a thread.
    Project(
        "globus-compute-sdk",
        "4.19.0",
        "f9bab9278f2ef5dff8083fabe1aab51575a40fb66031825e1e9a2f16af14fe7e",
        "globus_compute_sdk-4.19.0.tar.gz",
        "globus_compute_sdk-4.19.0/globus_compute_sdk",
    ),
    # Drone control library (Crazyflie, package ``cflib``): radio link driver threads,
    # parameter and log tables updated from the link, callers waiting on events.
    Project(
        "cflib",
        "0.1.34",
        "7930c0204602a675a16fb80c26ab1b4fce959857554c232d6e3790afa8db7956",
        "cflib-0.1.34.tar.gz",
        "cflib-0.1.34/cflib",
    ),
    # Brokerage client (tastytrade): market data and account streamers on asyncio websockets.
    Project(
        "tastytrade",
        "13.2.3",
        "a95387e3f4825137979300743f01abdd0f2522e05f42783b1100b66e9c1cf3be",
        "tastytrade-13.2.3.tar.gz",
        "tastytrade-13.2.3/tastytrade",
    ),
    # Kademlia distributed hash table on asyncio (UDP RPC, routing table refresh); its
    # ``tests`` package is not linted.
    Project(
        "kademlia",
        "2.2.3",
        "33f4d89e6429648cc7554684420a5a759b2b631b0ac72a80c7844732be48d48e",
        "kademlia-2.2.3.tar.gz",
        "kademlia-2.2.3/kademlia",
        exclude=("tests",),
    ),
    # Brokerage client (Schwab, package ``schwab``): a streaming client on asyncio websockets,
    # sync and async REST clients.
    Project(
        "schwab-py",
        "1.5.1",
        "6dce4bf671f0c3a74bf8486d114d3283261e125921fcc9abe9c25ff09e9116b0",
        "schwab_py-1.5.1.tar.gz",
        "schwab_py-1.5.1/schwab",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_28 = 0

HELDOUT_28 = HELDOUT_28_LIST + RESERVES_28[:RESERVES_TAKEN_28]

# Twenty-ninth batch (``--batch 29``), fixed in this order before any run
# (docs/realworld-heldout-29.md), on the linter frozen at 3fddd59, the head of the shared branch
# when the list was fixed. Chosen, as the twenty-first to twenty-eighth, for concurrency in the
# projects' own code, central to what they do: three servers (a 3D printer host, a websocket
# RPC server, a chat bot server), two real-time voice and speech pipelines, an asyncio toolkit
# and an asyncio event loop on Qt, a stream processing library, a mail server client, a
# real-time messaging client, an IoT cloud client and a drone ground station, whose own code
# runs threads, locks, thread pools or event loops. Every release below (reserves included) is
# the latest release on PyPI with an sdist when the list was fixed; each sdist was fetched from
# PyPI's JSON simple API (the same file ``pip download --no-deps --no-binary :all:`` fetches)
# and pinned with its sha256, and nothing was linted. The reserves (``RESERVES_29``) are added
# one at a time, in their order, while the batch gives fewer than 15 findings:
# ``RESERVES_TAKEN_29`` counts how many were added.
HELDOUT_29_LIST = (
    # 3D printer host (package ``octoprint``): a tornado server, a printer communication
    # thread with send and receive queues, plugins, event and slicing threads, locks.
    Project(
        "OctoPrint",
        "1.11.8",
        "ea7289b5149ecaef3dfc85aa6b53618abd96f791787a338ca3a4b3c8864fb679",
        "octoprint-1.11.8.tar.gz",
        "octoprint-1.11.8/src/octoprint",
    ),
    # Websocket RPC server and client (ParaView, trame) on aiohttp: protocol handlers, pub/sub,
    # binary attachments, a launcher that starts processes.
    Project(
        "wslink",
        "2.6.0",
        "11e6f4a956a90487e31354fe0436edc850e052d9773ea1d14fc708660cb385da",
        "wslink-2.6.0.tar.gz",
        "wslink-2.6.0/src/wslink",
    ),
    # Matrix bot framework and server on asyncio: plugin instances, Matrix clients syncing, a
    # management API, a database; its ``testing`` package (test helpers) is not linted.
    Project(
        "maubot",
        "0.6.0",
        "657c3272d4e32a0d6cb1813a121735b350cf856c9cd3c748438310cfa1105c68",
        "maubot-0.6.0.tar.gz",
        "maubot-0.6.0/maubot",
        exclude=("testing",),
    ),
    # Voice agent framework on asyncio: streaming conversations as workers joined by queues
    # (transcriber, agent, synthesizer), telephony servers, work sent to threads.
    Project(
        "vocode",
        "0.1.113",
        "3e7cb142cea58764bd17d411b973eda9082642a70e56cce5b36a5a9021165451",
        "vocode-0.1.113.tar.gz",
        "vocode-0.1.113/vocode",
    ),
    # Real-time speech to text (package ``RealtimeSTT``): recording and transcription threads
    # and processes, audio queues, events and locks shared with the user's thread.
    Project(
        "realtimestt",
        "1.1.2",
        "d75aceeafeed8a7098f233855c7707390057c0e5ae16b8addf633df3a0da8540",
        "realtimestt-1.1.2.tar.gz",
        "realtimestt-1.1.2/RealtimeSTT",
    ),
    # Asyncio toolkit: services with start and stop, thread pools and thread-bound
    # decorators, process pools, circuit breakers, periodic tasks, an entrypoint.
    Project(
        "aiomisc",
        "18.0.37",
        "c714b9f60ed639982c8dbd7644af9f4938678aa5cc3d60327cf4f04914703c3d",
        "aiomisc-18.0.37.tar.gz",
        "aiomisc-18.0.37/aiomisc",
    ),
    # Asyncio event loop on Qt's: callbacks and timers on the Qt loop, an executor of
    # QThreads, signals from threads.
    Project(
        "qasync",
        "0.28.0",
        "6f7f1f18971f59cb259b107218269ba56e3ad475ec456e54714b426a6e30b71d",
        "qasync-0.28.0.tar.gz",
        "qasync-0.28.0/src/qasync",
    ),
    # Stream processing on Kafka (Sentry, package ``arroyo``): a consumer loop with processing
    # strategies, work run in thread and process pools, a stuck detector thread.
    Project(
        "sentry-arroyo",
        "2.48.0",
        "8e8b4196acf3713cf9f640dee85ed964eecb201b2fa9a07b3f0864e7d5c393c1",
        "sentry_arroyo-2.48.0.tar.gz",
        "sentry_arroyo-2.48.0/arroyo",
    ),
    # Exchange Web Services client: a session pool shared by the user's threads behind a lock
    # (grown under load, shrunk when the server throttles), caches of protocols, credentials
    # and autodiscovery behind locks.
    Project(
        "exchangelib",
        "5.6.0",
        "a65cffba3b4d1166347059e88b1f11eae9a9d70119c3ad9b33389d7258f6181c",
        "exchangelib-5.6.0.tar.gz",
        "exchangelib-5.6.0/exchangelib",
    ),
    # Real-time messaging client (Centrifugo, package ``centrifuge``) on asyncio websockets:
    # reconnects, subscriptions, pings and timeouts as tasks.
    Project(
        "centrifuge-python",
        "0.7.0",
        "11252b45c3f6b6104cfb07fb0fcfc9d2d62832d2af14715dd16fdc5e9c6e5964",
        "centrifuge_python-0.7.0.tar.gz",
        "centrifuge_python-0.7.0/centrifuge",
    ),
    # IoT cloud client (Meross, package ``meross_iot``): an MQTT client on its own thread
    # feeding an asyncio manager, device state, HTTP API calls.
    Project(
        "meross-iot",
        "0.4.10.4",
        "5c9b95c5417ce231e72d340792acdc2aad20090a2c007786e14a2dfe36e9404c",
        "meross_iot-0.4.10.4.tar.gz",
        "meross_iot-0.4.10.4/meross_iot",
    ),
    # Drone ground station (MAVLink): link reader and module threads, a map, console and
    # other GUI processes, queues and locks.
    Project(
        "MAVProxy",
        "1.8.75",
        "a2b5e37e3a1a57c8050c7d785d615671456097b4dca0e72bf27d7facfabcf954",
        "mavproxy-1.8.75.tar.gz",
        "mavproxy-1.8.75/MAVProxy",
    ),
)

RESERVES_29 = (
    # SignalR client on asyncio websockets: reconnects, invocations and streams.
    Project(
        "pysignalr",
        "1.3.3",
        "d5bb0676f087a06e0ae8177b5791bf060f0f6546658707bb7de290c92da3052b",
        "pysignalr-1.3.3.tar.gz",
        "pysignalr-1.3.3/src/pysignalr",
    ),
    # Real-time speech recognition client (Speechmatics, package ``speechmatics.rt``) on
    # asyncio websockets: audio sent while transcripts are received, event handlers.
    Project(
        "speechmatics-rt",
        "1.2.1",
        "8370f738cee9507fca18c8df88cf2cd029b7dc6810c8e854d35478241d080ca4",
        "speechmatics_rt-1.2.1.tar.gz",
        "speechmatics_rt-1.2.1/speechmatics/rt",
    ),
    # Server side of trame (package ``trame_server``): shared state and controllers served
    # over wslink on asyncio, state change callbacks.
    Project(
        "trame-server",
        "4.1.0",
        "cad870dd0c63e7df143cf315b00a4c0c6da11965f26abb31c2a86b1bb0de3e2b",
        "trame_server-4.1.0.tar.gz",
        "trame_server-4.1.0/src/trame_server",
    ),
    # SMB client on asyncio: connections, sessions and DCE/RPC over them, file transfers.
    Project(
        "aiosmb",
        "0.4.14",
        "4a8eaefac5fb10e1088eb61e8df58aff3fe61fd6f11ce72efd8a6317555f02c3",
        "aiosmb-0.4.14.tar.gz",
        "aiosmb-0.4.14/aiosmb",
    ),
    # OBD-II car diagnostics client (package ``obd``): a serial connection and an async mode
    # whose polling thread updates values the user's thread reads.
    Project(
        "obd",
        "0.7.3",
        "27b8f043376ca700edb98bf5216e2912295ecde0e735b260999f2d9ddf342522",
        "obd-0.7.3.tar.gz",
        "obd-0.7.3/obd",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_29 = 0

HELDOUT_29 = HELDOUT_29_LIST + RESERVES_29[:RESERVES_TAKEN_29]

# Thirtieth batch (``--batch 30``), fixed in this order before any run
# (docs/realworld-heldout-30.md), on the linter frozen at 8ce9380, the head of the shared branch
# when the list was fixed. Chosen, as the twenty-first to twenty-ninth, for concurrency in the
# projects' own code, central to what they do, and this time mostly thread-heavy libraries
# (lock rules are where the wrong findings were): an XMPP client, a home automation app server,
# a Java gateway, Modbus masters and servers, a threaded IMAP client, a parallel job server, two
# Qt libraries with worker threads, a function cache, a job scheduler, a multi-threaded crawler
# and a service registry client, whose own code runs threads, locks, thread pools, processes or
# event loops. Every release below (reserves included) is the latest release on PyPI with an
# sdist when the list was fixed; each sdist was fetched from PyPI's JSON simple API (the same
# file ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and
# nothing was linted. The reserves (``RESERVES_30``) are added one at a time, in their order,
# while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_30`` counts how many were added.
HELDOUT_30_LIST = (
    # XMPP client library: an XML stream with reader, send, event and scheduler threads,
    # handlers, plugins and many locks; its ``test`` package (test helpers), ``thirdparty``
    # (vendored modules) and the XEP-0009 plugin (a module that does not parse on Python 3.7+:
    # a method named ``async``) are not linted.
    Project(
        "sleekxmpp",
        "1.3.3",
        "d213c1de71d92505f95ced0460ee0f84fdc4ddcacb7d7dd343739ed4028e5569",
        "sleekxmpp-1.3.3.tar.gz",
        "sleekxmpp-1.3.3/sleekxmpp",
        exclude=("test", "thirdparty", "plugins/xep_0009"),
    ),
    # Home automation app server (Home Assistant, MQTT): an asyncio loop with plugins,
    # scheduler and HTTP server, app callbacks run on worker threads with queues, a thread pool,
    # locks shared between the loop and the app threads.
    Project(
        "appdaemon",
        "4.5.13",
        "24a9d98daca2c710ff16687077c2e7aac52c217401e3151a351b8ebe47f5cc09",
        "appdaemon-4.5.13.tar.gz",
        "appdaemon-4.5.13/appdaemon",
    ),
    # Python-to-Java gateway: a deque of socket connections behind a lock shared by the
    # user's threads, a callback server with a thread per connection, a finalizer thread.
    Project(
        "py4j",
        "0.10.9.9",
        "f694cad19efa5bd1dee4f3e5270eb406613c974394035e5bfc4ec1aba870b879",
        "py4j-0.10.9.9.tar.gz",
        "py4j-0.10.9.9/src/py4j",
        exclude=("tests",),
    ),
    # Modbus masters and slaves (package ``modbus_tk``): TCP and RTU servers on their own
    # threads, slaves' data blocks behind locks, hooks, a simulator with RPC threads.
    Project(
        "modbus-tk",
        "1.1.5",
        "77a72a3ad9d5d32a1d2110bc04216680ca57d7522912e0f271e9bf5f1b701b36",
        "modbus_tk-1.1.5.tar.gz",
        "modbus_tk-1.1.5/modbus_tk",
    ),
    # Threaded IMAP4 client: reader, writer and handler threads per connection, command and
    # idle locks, callbacks for asynchronous commands.
    Project(
        "imaplib2",
        "3.6",
        "96cb485b31868a242cb98d5c5dc67b39b22a6359f30316de536060488e581e5b",
        "imaplib2-3.6.tar.gz",
        "imaplib2-3.6/imaplib2",
    ),
    # Parallel Python (pathos's fork, package ``ppft``): a job server with local worker
    # processes and remote workers, tasks run from threads, queue, stats and connection locks.
    Project(
        "ppft",
        "1.7.8",
        "5f696d4f397ae9b0af39b1faffb31957c51dfbc5a3815856472d4f4e872937ee",
        "ppft-1.7.8.tar.gz",
        "ppft-1.7.8/ppft",
        exclude=("tests",),
    ),
    # Qt framework for control system displays (EPICS): data plugins whose connections are
    # fed from other threads, QThreads, widgets on the Qt loop; its ``tests`` are not linted.
    Project(
        "pydm",
        "1.29.0",
        "e705e0f1422e66e13ba0f2828c4be37881c98ef0d39acb8ee0b7a7932efd2654",
        "pydm-1.29.0.tar.gz",
        "pydm-1.29.0/pydm",
        exclude=("tests",),
    ),
    # Qt widgets and utilities: thread workers (QThread-based generators and functions),
    # throttled and debounced calls, signals across threads.
    Project(
        "superqt",
        "0.9.0",
        "364377708943747f6c7b012a100d2025a756cac65205c1139e9b6865dae7aa27",
        "superqt-0.9.0.tar.gz",
        "superqt-0.9.0/src/superqt",
    ),
    # Function result cache: cores (memory, pickle, SQL, Mongo, Redis) behind locks and
    # conditions, stale results recalculated on a thread pool, async functions too.
    Project(
        "cachier",
        "4.2.0",
        "db9626237176ca837fa77dd5d15581453b2e9926a1a9ead94d4e676f6af8c5e4",
        "cachier-4.2.0.tar.gz",
        "cachier-4.2.0/src/cachier",
    ),
    # Job scheduler (package ``tgscheduler``, kronos-based): a scheduler thread running
    # interval, monthly and cron-like tasks in the thread, new threads or forked processes.
    Project(
        "TGScheduler",
        "1.7.0",
        "56c5075b836d39ff859ca6b4fe60de2a64fb09555969fe927d740e1d4984cafc",
        "TGScheduler-1.7.0.tar.gz",
        "TGScheduler-1.7.0/tgscheduler",
        exclude=("tests",),
    ),
    # Multi-threaded image crawler: feeder, parser and downloader thread pools joined by
    # queues, signals and locks, a proxy pool scanned by threads.
    Project(
        "icrawler",
        "0.6.10",
        "45d2f47ab5f022cdfe73395175453eac2e8e8822659f6147ed3fb82146715727",
        "icrawler-0.6.10.tar.gz",
        "icrawler-0.6.10/icrawler",
    ),
    # Eureka service registry client (package ``py_eureka_client``): registration, heartbeat
    # and registry refresh on an asyncio loop in a thread, application caches behind locks, a
    # logger thread.
    Project(
        "py-eureka-client",
        "0.13.3",
        "f6e55bfc898adb50412fb701861ca86be363f84b632ddd31a104b2ca170c0676",
        "py_eureka_client-0.13.3.tar.gz",
        "py_eureka_client-0.13.3/py_eureka_client",
    ),
)

RESERVES_30 = (
    # i3 and sway window manager IPC client: an event listener thread with a lock, and an
    # asyncio connection.
    Project(
        "i3ipc",
        "2.2.1",
        "e880d7d7147959ead5cb34764f08b97b41385b36eb8256e8af1ce163dbcccce8",
        "i3ipc-2.2.1.tar.gz",
        "i3ipc-2.2.1/i3ipc",
    ),
    # Jupyter Qt console: kernel client channels on threads feeding Qt widgets; its ``tests``
    # are not linted.
    Project(
        "qtconsole",
        "5.7.2",
        "27b485b9161925924c1d8e78e66bb342e6e3bc49bf675d0a67b49bad9c291521",
        "qtconsole-5.7.2.tar.gz",
        "qtconsole-5.7.2/qtconsole",
        exclude=("tests",),
    ),
    # HTTP cache for requests (package ``requests_cache``): SQLite, Redis, Mongo and file
    # backends shared by threads, a lock around SQLite connections.
    Project(
        "requests-cache",
        "1.3.3",
        "79b72d5ac5143992d1836ad78f4d8e65666061dd44e220548caab3723089826b",
        "requests_cache-1.3.3.tar.gz",
        "requests_cache-1.3.3/requests_cache",
    ),
    # Distributed lock on DynamoDB (package ``python_dynamodb_lock``): a heartbeat thread
    # renewing the locks held, a thread pool, a lock around the held locks.
    Project(
        "python-dynamodb-lock",
        "0.9.1",
        "87b3659293cee4b023342b881ff9e4c9435ffec0c12e935a36ddca6829ffda07",
        "python_dynamodb_lock-0.9.1.tar.gz",
        "python_dynamodb_lock-0.9.1/python_dynamodb_lock",
    ),
    # HDFS client (HdfsCLI): parallel uploads and downloads on a thread pool, locks.
    Project(
        "hdfs",
        "2.7.3",
        "752a21e43f82197dce43697c73f454ba490838108c73a57a9247efb66d1c0479",
        "hdfs-2.7.3.tar.gz",
        "hdfs-2.7.3/hdfs",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_30 = 0

HELDOUT_30 = HELDOUT_30_LIST + RESERVES_30[:RESERVES_TAKEN_30]

# Thirty-first batch (``--batch 31``), fixed in this order before any run
# (docs/realworld-heldout-31.md), on the linter frozen at 32cd929, the head of the shared branch
# when the list was fixed. Chosen, as the twenty-first to thirtieth, for concurrency in the
# projects' own code, central to what they do, about half asyncio-heavy and half thread-heavy:
# an AMQP client, an asyncio monitor, a Discord bot library, a bot framework, a speech-to-text
# streaming SDK and a message bus (asyncio); a SIP/VoIP client, a CAN J1939 stack, a camera
# library, a pipeline library on threads, processes and tasks, an IRC bot and a Pusher client
# (threads). Every release below (reserves included) is the latest release on PyPI with an
# sdist when the list was fixed; each sdist was fetched from PyPI's JSON simple API (the same
# file ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and
# nothing was linted. The reserves (``RESERVES_31``) are added one at a time, in their order,
# while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_31`` counts how many were added.
HELDOUT_31_LIST = (
    # AMQP 0.9.1 client on asyncio: a protocol with a frame reader task, channels waiting on
    # futures, a heartbeat, consumer callbacks.
    Project(
        "aioamqp",
        "0.15.0",
        "fcad924d7658e65ef074522a7e9527e0b0adad09b10774340ea9f3fd277452d8",
        "aioamqp-0.15.0.tar.gz",
        "aioamqp-0.15.0/aioamqp",
    ),
    # asyncio monitor: a telnet/terminal and web UI served from a thread with its own loop,
    # inspecting and cancelling the tasks of the monitored loop.
    Project(
        "aiomonitor",
        "0.7.1",
        "beb1f14429bc4a3135bbac32381d242fe2019d74fcf9c86d3f4bd7405dc562e4",
        "aiomonitor-0.7.1.tar.gz",
        "aiomonitor-0.7.1/aiomonitor",
    ),
    # Discord bot library (package ``interactions``): gateway websockets, a rate-limited HTTP
    # client with locks, caches, event dispatch as tasks, tasks and timers.
    Project(
        "interactions.py",
        "5.16.0",
        "135479a3909422d1991572f28d6af6b1a0c8b884b54f40921b5501ad44955b0b",
        "interactions_py-5.16.0.tar.gz",
        "interactions_py-5.16.0/interactions",
    ),
    # Bot framework (package ``nonebot``): asyncio drivers (ASGI servers, websocket and HTTP
    # clients), matchers run as tasks, sync handlers run in a thread pool.
    Project(
        "nonebot2",
        "2.5.0",
        "5dca27d1d20d86bea823d2c3e0f5118f66af07788bc9d38f3e630bef36dfdf71",
        "nonebot2-2.5.0.tar.gz",
        "nonebot2-2.5.0/nonebot",
    ),
    # Speech-to-text SDK: streaming transcription over websockets with reader and writer
    # threads, a thread pool for transcripts, async clients.
    Project(
        "assemblyai",
        "1.8.2",
        "f737e6c70eb6ac95b09be00f8a2e92f511d8a81bebf8f5cd629c0ff7143c27f2",
        "assemblyai-1.8.2.tar.gz",
        "assemblyai-1.8.2/assemblyai",
    ),
    # Message bus on asyncio (RPCs and events over Redis): consumers, listeners and schedules as
    # tasks, a bus client callable from threads with its own loop thread.
    Project(
        "lightbus",
        "1.1.2",
        "e0d347a183346e50eab45762d16dea77c671e6bc75328890461931f3ca44530c",
        "lightbus-1.1.2.tar.gz",
        "lightbus-1.1.2/lightbus",
    ),
    # SIP/VoIP client (package ``pyVoIP``): SIP receive and register threads, RTP send and
    # receive threads per call, locks around calls and packets.
    Project(
        "pyVoIP",
        "1.6.8",
        "faf878a369526205ce6a37357801fbb0247befadd4bc1b4fc63a677651c00588",
        "pyVoIP-1.6.8.tar.gz",
        "pyVoIP-1.6.8/pyVoIP",
    ),
    # SAE J1939 stack on python-can (package ``j1939``): a notifier thread feeding the ECU, a
    # job thread for timers, transport protocol sessions and address claiming.
    Project(
        "can-j1939",
        "2.0.12",
        "0251daabb27d72b6d2feec41216476ba3eec8fc7c2fc6c471c7a788c98b18223",
        "can-j1939-2.0.12.tar.gz",
        "can-j1939-2.0.12/j1939",
    ),
    # Raspberry Pi camera library: a camera event thread, encoder and output threads, preview
    # windows, requests shared behind locks and conditions.
    Project(
        "picamera2",
        "0.3.38",
        "f4122b1d3d45e3068fe2d589b1d54ded94377d26b9444e1a0c67025b717b6108",
        "picamera2-0.3.38.tar.gz",
        "picamera2-0.3.38/picamera2",
    ),
    # Data pipelines on threads, processes and asyncio tasks: worker pools joined by queues,
    # namespaces behind locks, stages that start and stop workers.
    Project(
        "pypeln",
        "0.4.9",
        "01c1acc1b2307895107980d3216288898cf94ebe328e4888b93dead654211da5",
        "pypeln-0.4.9.tar.gz",
        "pypeln-0.4.9/pypeln",
    ),
    # IRC bot (Limnoria's core, the ``supybot`` package in ``src``): drivers on threads,
    # threaded commands, a scheduler, an HTTP server; ``test.py`` (test helpers) is not linted.
    Project(
        "limnoria",
        "2026.10.4",
        "b21e986ac7f9905a9653dff919db46de9e27068fa8b68b878b2c576cdeab7c7c",
        "limnoria-2026.10.4.tar.gz",
        "limnoria-2026.10.4/src",
        exclude=("test.py",),
    ),
    # Pusher websocket client (package ``pysher``): a connection thread with reconnect and
    # ping timers, channel callbacks.
    Project(
        "pysher",
        "1.0.8",
        "7849c56032b208e49df67d7bd8d49029a69042ab0bb45b2ed59fa08f11ac5988",
        "Pysher-1.0.8.tar.gz",
        "Pysher-1.0.8/src/pysher",
    ),
)

RESERVES_31 = (
    # Terminal spinner: a spinner thread writing while the caller works, a lock and events.
    Project(
        "yaspin",
        "3.5.1",
        "5cb55fb774eae3543fdd30b5958c46e348dfd316a8b289c9f8db2c6f8a511846",
        "yaspin-3.5.1.tar.gz",
        "yaspin-3.5.1/yaspin",
    ),
    # asyncio in worker processes: a pool of processes each running an event loop, queues
    # between them; its ``tests`` are not linted.
    Project(
        "aiomultiprocess",
        "0.9.1",
        "f0231dbe0291e15325d7896ebeae0002d95a4f2675426ca05eb35f24c60e495b",
        "aiomultiprocess-0.9.1.tar.gz",
        "aiomultiprocess-0.9.1/aiomultiprocess",
        exclude=("tests",),
    ),
    # Async stream operators: merging, mapping and switching asynchronous iterators with tasks.
    Project(
        "aiostream",
        "0.8.1",
        "32d180b4ab01ebb2fc59eda7fa59f496895a4d07b32fc57537d1dade2514a8a1",
        "aiostream-0.8.1.tar.gz",
        "aiostream-0.8.1/aiostream",
    ),
    # Modbus clients and servers (package ``umodbus``): socketserver-based TCP and RTU servers.
    Project(
        "umodbus",
        "1.0.4",
        "26bbbeff02d6d8a3e29bb0f9d9044c672d55fc1687afe4297a2f7d68175103a7",
        "uModbus-1.0.4.tar.gz",
        "uModbus-1.0.4/umodbus",
    ),
    # HL7 v2 parser with an asyncio MLLP client and server.
    Project(
        "hl7",
        "0.4.5",
        "b6eb97499ebe236e00c3009d43e6b0f040de002df12a292fa5efbd2ce2a8a838",
        "hl7-0.4.5.tar.gz",
        "hl7-0.4.5/hl7",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_31 = 0

HELDOUT_31 = HELDOUT_31_LIST + RESERVES_31[:RESERVES_TAKEN_31]

# Thirty-second batch (``--batch 32``), fixed in this order before any run
# (docs/realworld-heldout-32.md), on the linter frozen at 8ec328c, the head of the shared branch
# when the list was fixed. Chosen, as the twenty-first to thirty-first, for concurrency in the
# projects' own code, central to what they do, half asyncio-heavy and half thread-heavy: a Redis
# client, a telnet client and server, a browser automation library, a Harmony hub client, a
# Firmata (Arduino) client and a webOS TV client (asyncio); a streaming text-to-speech library,
# a streaming transcription server and client, a drone control library, an ETL framework, a
# websocket server and an in-process debugging shell (threads). Every release below (reserves
# included) is the latest release on PyPI with an sdist when the list was fixed; each sdist was
# fetched from PyPI's JSON simple API (the same file ``pip download --no-deps --no-binary :all:``
# fetches) and pinned with its sha256, and nothing was linted. The reserves (``RESERVES_32``) are
# added one at a time, in their order, while the batch gives fewer than 15 findings:
# ``RESERVES_TAKEN_32`` counts how many were added.
HELDOUT_32_LIST = (
    # Redis client on asyncio: connection pools with locks, pub/sub, pipelines, a Redis lock,
    # sentinel-managed connections.
    Project(
        "aioredis",
        "2.0.1",
        "eaa51aaf993f2d71f54b70527c440437ba65340588afeb786cd87c55c89cd98e",
        "aioredis-2.0.1.tar.gz",
        "aioredis-2.0.1/aioredis",
    ),
    # Telnet client and server on asyncio: protocol reader and writer, option negotiation waiting
    # on futures, shells run as tasks; its ``tests`` package is not linted.
    Project(
        "telnetlib3",
        "5.0.1",
        "6fde197ffb71cf26ad27fe2c88694d8364f4b1cc962a37762e0cf7e79b9afaed",
        "telnetlib3-5.0.1.tar.gz",
        "telnetlib3-5.0.1/telnetlib3",
        exclude=("tests",),
    ),
    # Browser automation over the Chrome DevTools Protocol on asyncio: a websocket connection
    # per target with a listener task, futures per command, handlers run as tasks.
    Project(
        "nodriver",
        "0.50.99",
        "baf8de532bf1e78c9298ab7ea56ea6a586a904290ce6b9ee7dd9ba6f40373211",
        "nodriver-0.50.99.tar.gz",
        "nodriver-0.50.99/nodriver",
    ),
    # Logitech Harmony hub client on asyncio: a websocket connection with a listener task,
    # response futures, callbacks, reconnects, locks around the configuration.
    Project(
        "aioharmony",
        "1.0.11",
        "0aa195f594d4a9fddc6169e4b4df1a8771cfb92243d13100debe63f9729415ce",
        "aioharmony-1.0.11.tar.gz",
        "aioharmony-1.0.11/src/aioharmony",
    ),
    # Firmata (Arduino) client on asyncio (package ``pymata_express``): a serial or socket
    # reader task dispatching reports to callbacks, a keep-alive task.
    Project(
        "pymata-express",
        "1.21",
        "1417197ef601c3515829801c2afac158b1c24a78d7590adfdd38231d21c394d1",
        "pymata-express-1.21.tar.gz",
        "pymata-express-1.21/pymata_express",
    ),
    # LG webOS TV client on asyncio: a websocket connection, a consumer task, response futures,
    # subscriptions with callbacks.
    Project(
        "aiowebostv",
        "0.10.0",
        "93ee7557fb49e7a59f2d4b54a1658c4edddcc8f99f9106189afae22bf3554bce",
        "aiowebostv-0.10.0.tar.gz",
        "aiowebostv-0.10.0/aiowebostv",
    ),
    # Streaming text-to-speech (package ``RealtimeTTS``): synthesis, playback and chunking
    # threads joined by queues, events, locks and conditions, engines with worker processes.
    Project(
        "RealtimeTTS",
        "0.8.10",
        "437f782ad6e11c550599c378bd6e747130273826bfa92dc97a048a878e00c8eb",
        "realtimetts-0.8.10.tar.gz",
        "realtimetts-0.8.10/RealtimeTTS",
    ),
    # Streaming transcription server and client (package ``whisper_live``): a thread per client
    # connection, a transcription thread, shared models behind locks, client recorder threads.
    Project(
        "whisper-live",
        "0.10.0",
        "410a2207f51655a6d074218142a97db711c23069bc827ee4d542430965e9c698",
        "whisper_live-0.10.0.tar.gz",
        "whisper_live-0.10.0/whisper_live",
    ),
    # Parrot drone control: network and BLE listener threads, command acknowledgement waits,
    # a vision stream thread.
    Project(
        "pyparrot",
        "1.5.20",
        "20fd675664df914f30341518d5a139c4f929a251e22bd2aa53b50e793a8cbd53",
        "pyparrot-1.5.20.tar.gz",
        "pyparrot-1.5.20/pyparrot",
    ),
    # ETL framework: graph nodes run on thread pools, a strategy with executors, contexts with
    # locks and events; ``util/testing.py`` (test helpers) is not linted.
    Project(
        "bonobo",
        "0.6.4",
        "cde6810082cd532bd685a815455a80a364e87b27ed8660a400d5ebb6e3dc8250",
        "bonobo-0.6.4.tar.gz",
        "bonobo-0.6.4/bonobo",
        exclude=("util/testing.py",),
    ),
    # Websocket server on ``socketserver.ThreadingMixIn`` (package ``websocket_server``): a
    # thread per client, a server thread, a client list shared between them.
    Project(
        "websocket-server",
        "0.6.4",
        "a8a02d575905e50f6af90bbbc37d23d7e1b027630897f0eeefed6a3fb3c22e07",
        "websocket_server-0.6.4.tar.gz",
        "websocket_server-0.6.4/websocket_server",
    ),
    # In-process debugging shell: a listener thread on a UNIX socket, a thread per connection,
    # signal handlers that start the listener, fork handling.
    Project(
        "manhole",
        "1.8.1",
        "3668fdaf83b33c943db4e750e0c554e31c20f63338496895dd4d6410680d9c4b",
        "manhole-1.8.1.tar.gz",
        "manhole-1.8.1/src/manhole",
    ),
)

RESERVES_32 = (
    # Redis lock with an auto-renewal thread (package ``redis_lock``).
    Project(
        "python-redis-lock",
        "4.0.1",
        "57995e13dce196301138d710d4f132d667c200cd814718e081bf299d6cf11d70",
        "python_redis_lock-4.0.1.tar.gz",
        "python_redis_lock-4.0.1/src/redis_lock",
    ),
    # asyncio console and streams: an interactive loop, stdin and stdout streams, executor reads.
    Project(
        "aioconsole",
        "0.8.2",
        "25cb5530f58f7ab431e9af84fbb5417178287b6c3300d5b1185e3b129a227cef",
        "aioconsole-0.8.2.tar.gz",
        "aioconsole-0.8.2/aioconsole",
    ),
    # OBS websocket client (package ``obswebsocket``): a receiving thread, answers matched to
    # waiting calls, event callbacks.
    Project(
        "obs-websocket-py",
        "0.5.3",
        "404008be3aef64765a06f1e052889e08429edb023f39262f239b6e30d592b397",
        "obs-websocket-py-0.5.3.tar.gz",
        "obs-websocket-py-0.5.3/obswebsocket",
    ),
    # Hikvision camera event client: an event stream thread, a watchdog timer thread, callbacks.
    Project(
        "pyhik",
        "0.4.8",
        "789ba395ad193e55fe0da903617dcdf310678f1dd1dcf75f88762f062e64f24f",
        "pyhik-0.4.8.tar.gz",
        "pyhik-0.4.8/pyhik",
    ),
    # Speech SDK (package ``deepgram``): sync and async clients, streaming websocket sockets.
    Project(
        "deepgram-sdk",
        "7.17.0",
        "6831641f27a288a2004b7c85be224ec7ecae3f007defc6cdacfe6538531a6de2",
        "deepgram_sdk-7.17.0.tar.gz",
        "deepgram_sdk-7.17.0/src/deepgram",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_32 = 0

HELDOUT_32 = HELDOUT_32_LIST + RESERVES_32[:RESERVES_TAKEN_32]

# Thirty-third batch (``--batch 33``), fixed in this order before any run
# (docs/realworld-heldout-33.md), on the linter frozen at c485d0c, the head of the shared branch
# when the list was fixed. Chosen, as the twenty-first to thirty-second, for concurrency in the
# projects' own code, central to what they do, half asyncio-heavy and half thread-heavy: a KATCP
# client and server, an MQTT bridge for GPIO and sensors, a Bluetooth lock client, a Hyperion
# client, a Slimproto server and a Snapcast control client (asyncio); a KATCP library on a Tornado
# loop thread, a Mumble client, a NetworkTables client and server, a LEGO hub library, a DroneCAN
# library and an MQTT notification dispatcher (threads). Every release below (reserves
# included) is the latest release on PyPI with an sdist when the list was fixed; each sdist was
# fetched from PyPI's JSON simple API (the same file ``pip download --no-deps --no-binary :all:``
# fetches) and pinned with its sha256, and nothing was linted. The reserves (``RESERVES_33``) are
# added one at a time, in their order, while the batch gives fewer than 15 findings:
# ``RESERVES_TAKEN_33`` counts how many were added.
HELDOUT_33_LIST = (
    # KATCP (telescope control protocol) client and server on asyncio: a connection per peer
    # with a reader task, request handlers run as tasks, sensor sampling strategies on timers.
    Project(
        "aiokatcp",
        "2.3.0",
        "2178a69eb7dfcd904ea45623ee7e77268115f557ede8142a2d1821ec19ae21a9",
        "aiokatcp-2.3.0.tar.gz",
        "aiokatcp-2.3.0/src/aiokatcp",
    ),
    # MQTT bridge for GPIO pins, sensors and streams on asyncio (package ``mqtt_io``): tasks per
    # module and pin poller, hardware calls in executors, interrupt callbacks from library
    # threads; its ``tests`` package and the two mock modules for the tests are not linted.
    Project(
        "mqtt-io",
        "2.7.0",
        "dca1315530150716c7d1c399c78d59f663bc87e6432ab1d99b44f24b60e333eb",
        "mqtt_io-2.7.0.tar.gz",
        "mqtt_io-2.7.0/mqtt_io",
        exclude=("tests", "modules/gpio/mock.py", "modules/sensor/mock.py"),
    ),
    # Yale/August Bluetooth lock client on asyncio (package ``yalexs_ble``): locks around
    # connecting and operations, notification futures, keep-alive and disconnect timers.
    Project(
        "yalexs-ble",
        "7.2.2",
        "49389ca56cce04d6762b6de6f98fe1925b07729a05d3a6a3c1cc2a38be985123",
        "yalexs_ble-7.2.2.tar.gz",
        "yalexs_ble-7.2.2/src/yalexs_ble",
    ),
    # Hyperion (ambient lighting) JSON client on asyncio (package ``hyperion``): a connection
    # with a receive task, a maintenance task that reconnects, response futures, callbacks.
    Project(
        "hyperion-py",
        "0.7.6",
        "f42521cbc96b29d19d5546f94639e85115a694a0e153ee6393174cf6ab879e26",
        "hyperion_py-0.7.6.tar.gz",
        "hyperion_py-0.7.6/hyperion",
    ),
    # Slimproto (Squeezebox) server on asyncio: a client per player connection, heartbeat and
    # reader tasks, discovery on UDP, state callbacks.
    Project(
        "aioslimproto",
        "3.3.0",
        "1279ca65ff97055cd7c21227ae18279257f842d684dd78d31af6f75c69d76f14",
        "aioslimproto-3.3.0.tar.gz",
        "aioslimproto-3.3.0/aioslimproto",
    ),
    # Snapcast control client on asyncio with a threaded streaming client: a JSON-RPC protocol
    # with response futures, callbacks on server events; reader, writer and player threads.
    Project(
        "snapcast",
        "2.3.8",
        "add59cd9ebaf82528a03f2372f015910e96678f88502e0c17a0c012d1606edd2",
        "snapcast-2.3.8.tar.gz",
        "snapcast-2.3.8/snapcast",
    ),
    # KATCP library on a Tornado loop run in its own thread: device servers with a message
    # handler thread, blocking clients that wait on the loop thread, sensor sampling; its
    # ``test`` package, ``testutils.py`` and ``fake_clients.py`` (test helpers) are not linted.
    Project(
        "katcp",
        "0.9.3",
        "9de133ca5562e6f7281ffd243f20d6cc0c88551b0b5f2a498c7409495c1f1813",
        "katcp-0.9.3.tar.gz",
        "katcp-0.9.3/katcp",
        exclude=("test", "testutils.py", "fake_clients.py"),
    ),
    # Mumble voice chat client (package ``pymumble_py3``): a network thread, locks around the
    # users, channels, commands and sound queues, callbacks run on their own threads;
    # ``test_crypto.py`` is not linted.
    Project(
        "pymumble",
        "1.6.1",
        "c17300413dbf2d754a8b1edf0bb599320bc50bc31b799fc8c91ce1d4ca6774fa",
        "pymumble-1.6.1.tar.gz",
        "pymumble-1.6.1/pymumble_py3",
        exclude=("test_crypto.py",),
    ),
    # NetworkTables (robot telemetry) client and server (package ``_pynetworktables``):
    # dispatcher, reader and writer threads per connection, notifier threads running
    # callbacks, a storage shared under locks and conditions.
    Project(
        "pynetworktables",
        "2021.0.0",
        "91167948e66c29d5c90f85f3e249403f4d2ebf11368b93f9b968ef315388c73c",
        "pynetworktables-2021.0.0.tar.gz",
        "pynetworktables-2021.0.0/_pynetworktables",
    ),
    # LEGO hub library over Bluetooth: connection threads per backend (one running an asyncio
    # loop), notification dispatch threads, peripheral queue readers, locks around commands.
    Project(
        "pylgbst",
        "1.3.0",
        "42720acfa5347ff6ff800850fcda9614d4256acedccca183aabee6fe23de71bb",
        "pylgbst-1.3.0.tar.gz",
        "pylgbst-1.3.0/pylgbst",
    ),
    # DroneCAN (UAVCAN v0) library: CAN driver reader and writer threads and processes, a node
    # that spins handlers, a lock around the serial adapter.
    Project(
        "dronecan",
        "1.0.27",
        "9bac5f93fda929fcdbaf47eed8652326745c89ca190d6ce1ac627a0c3b36ac1c",
        "dronecan-1.0.27.tar.gz",
        "dronecan-1.0.27/dronecan",
    ),
    # MQTT notification dispatcher: paho callbacks queueing jobs for worker threads, periodic
    # threads, a cron scheduler under a lock, notification plugins; its ``testing`` package
    # (pytest fixtures) is not linted.
    Project(
        "mqttwarn",
        "0.36.1",
        "308f582244fe0f76b15ad5fc07ecd8252c7a3b1814bafe3f94e84a1a1d211fda",
        "mqttwarn-0.36.1.tar.gz",
        "mqttwarn-0.36.1/mqttwarn",
        exclude=("testing",),
    ),
)

RESERVES_33 = (
    # Tibber energy API client on asyncio (package ``tibber``): a websocket subscription with
    # a watchdog task, reconnects, callbacks per home.
    Project(
        "pytibber",
        "0.39.1",
        "9ea218d658dede9313993aecc7a6bb84901fd547235abac91443fefc1a2bcd1e",
        "pytibber-0.39.1.tar.gz",
        "pytibber-0.39.1/tibber",
    ),
    # Telegram bot framework: message loops on threads and on asyncio, timers, delegators
    # spawning a thread or task per chat.
    Project(
        "telepot",
        "12.7",
        "ba123e49e72d0bd471543350c5a3aacd5a7ac38aaf7f0abccaf786936b3ba8b0",
        "telepot-12.7.tar.gz",
        "telepot-12.7/telepot",
    ),
    # LG webOS TV client on a websocket client thread: responses matched to waiting calls
    # under locks, subscriptions with callbacks.
    Project(
        "pywebostv",
        "0.8.9",
        "6e44c9c655c6d6e069162a447a9921ac9c0c49485d676574136577f0fc369878",
        "pywebostv-0.8.9.tar.gz",
        "pywebostv-0.8.9/pywebostv",
    ),
    # Ring doorbell and camera client on asyncio (package ``ring_doorbell``): an event listener,
    # a sync wrapper that runs the loop, executor calls.
    Project(
        "ring-doorbell",
        "0.9.14",
        "33df67c0cba8d0ece2b89a4dcee6602baf47b44fbfc1b3a085e8a3d54c016917",
        "ring_doorbell-0.9.14.tar.gz",
        "ring_doorbell-0.9.14/ring_doorbell",
    ),
    # asyncio event loop on Qt's (package ``quamash``): a loop class over QEventLoop, a thread
    # executor of QThreads, socket notifiers, callbacks across threads.
    Project(
        "quamash",
        "0.6.1",
        "6a31a6c9be7c20591e65a082b87566c82ccdfee4a7a11714655bd41b98f61b5c",
        "Quamash-0.6.1.tar.gz",
        "Quamash-0.6.1/quamash",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_33 = 4

HELDOUT_33 = HELDOUT_33_LIST + RESERVES_33[:RESERVES_TAKEN_33]

# Thirty-fourth batch (``--batch 34``), fixed in this order before any run
# (docs/realworld-heldout-34.md), on the linter frozen at 33d0e03, the head of the shared branch
# when the list was fixed. Chosen, as the twenty-first to thirty-third, for concurrency in the
# projects' own code, central to what they do, half asyncio-heavy and half thread-heavy: an
# embedded-board lab controller, a pet-robot cloud client, a smart-bulb library, a home-alarm
# client, a ventilation unit client and a Zigbee radio driver (asyncio); a messaging router on
# Reticulum, an Android UI automation client, a TLS scanner, a GNSS receiver GUI, an NFC library
# and a voice-assistant message-bus client (threads). Every release below (reserves included) is
# the latest release on PyPI with an sdist when the list was fixed; each sdist was fetched from
# PyPI's JSON simple API (the same file ``pip download --no-deps --no-binary :all:`` fetches) and
# pinned with its sha256, and nothing was linted. The reserves (``RESERVES_34``) are added one at
# a time, in their order, while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_34``
# counts how many were added.
HELDOUT_34_LIST = (
    # Embedded-board lab controller: a gRPC coordinator, exporter and client on asyncio (tasks
    # per session, events, executor calls), an agent's asyncio loop on a background thread,
    # an MQTT resource under a lock; ``driver/fake.py`` (fake drivers for the tests) is not
    # linted.
    Project(
        "labgrid",
        "26.0.1",
        "330e54c49f7660619ecaccbe72576ca548643fea1312d0f538fdedd73671c1b5",
        "labgrid-26.0.1.tar.gz",
        "labgrid-26.0.1/labgrid",
        exclude=("driver/fake.py",),
    ),
    # Whisker (Litter-Robot, feeder) cloud client on asyncio: websocket subscriptions per robot,
    # a transport with a reconnect task, camera streams, executor calls, an MCP server.
    Project(
        "pylitterbot",
        "2025.7.0",
        "fcdc4c0cbd88e98cdeba9a2963ccea89e9522223840380ca5a029fb4ca28a13e",
        "pylitterbot-2025.7.0.tar.gz",
        "pylitterbot-2025.7.0/pylitterbot",
    ),
    # Smart-bulb (Magic Home) library (package ``flux_led``): an asyncio device with locks around
    # its protocol, a UDP scanner, and the older synchronous device with a threading lock.
    Project(
        "flux-led",
        "1.2.0",
        "3cfb68df243bdc9bdde6a91e9d05960949de70b8a76fdb799b70021c54380c3d",
        "flux_led-1.2.0.tar.gz",
        "flux_led-1.2.0/flux_led",
    ),
    # SimpliSafe alarm client on asyncio (package ``simplipy``): a websocket listener with a
    # watchdog timer, a token refresh under a lock, callbacks on events.
    Project(
        "simplisafe-python",
        "2026.9.0",
        "20aa198aec4bd242810f506edea9d8423dc07eac252610c6fba6a9fb237f02a1",
        "simplisafe_python-2026.9.0.tar.gz",
        "simplisafe_python-2026.9.0/simplipy",
    ),
    # Zehnder ComfoConnect ventilation client on asyncio: a bridge connection with a reader
    # task, request futures, keep-alive timers, discovery on UDP.
    Project(
        "aiocomfoconnect",
        "0.4.5",
        "e66ea4a4ab1aa9dfa6c598912dadc15e1091f77c3a1e360ce9a39286b2c989da",
        "aiocomfoconnect-0.4.5.tar.gz",
        "aiocomfoconnect-0.4.5/aiocomfoconnect",
    ),
    # ZiGate Zigbee radio driver for zigpy on asyncio (package ``zigpy_zigate``): a serial
    # protocol with response futures, tasks, GPIO and serial calls in executors.
    Project(
        "zigpy-zigate",
        "0.14.0",
        "517a1b615763db0e943586d089b9f9ff51ce49a46564dc8fe76d979093736629",
        "zigpy_zigate-0.14.0.tar.gz",
        "zigpy_zigate-0.14.0/zigpy_zigate",
    ),
    # LXMF messaging router on Reticulum (package ``LXMF``): job and propagation threads, locks
    # around outbound queues and peers, stamp generation on worker threads and processes.
    Project(
        "lxmf",
        "1.2.1",
        "acb1551066406de97c6aacaa38cf512131b60167db5ab5787a525d1d2586b304",
        "lxmf-1.2.1.tar.gz",
        "lxmf-1.2.1/LXMF",
    ),
    # Android UI automation client: a watcher thread, screen recording and performance
    # collection threads, conditions and events between them.
    Project(
        "uiautomator2",
        "3.7.1",
        "e7a21bf0840184c319c79804f7b4f40b8b6b46bc98222da2adff24522bf368fe",
        "uiautomator2-3.7.1.tar.gz",
        "uiautomator2-3.7.1/uiautomator2",
    ),
    # TLS scanner: a mass scanner and connectivity tester with worker threads fed by queues,
    # plugin jobs on thread pools.
    Project(
        "sslyze",
        "6.3.1",
        "2cd4062f82a3fa605dbd34e3b71f99961e4e7cf438879da1c52f619855ffbc1d",
        "sslyze-6.3.1.tar.gz",
        "sslyze-6.3.1/sslyze",
    ),
    # GNSS receiver GUI on tkinter: a stream handler thread, queues to the GUI thread, locks,
    # dialogs with their own threads.
    Project(
        "pygpsclient",
        "1.8.0",
        "1fa1f1647ffa08d835d6e9fa16b93f14556ac7472756085ae7950f0f6e28312f",
        "pygpsclient-1.8.0.tar.gz",
        "pygpsclient-1.8.0/src/pygpsclient",
    ),
    # NFC library (package ``nfc``): a contactless frontend with a link thread, LLCP logical
    # link control under locks and conditions, SNEP servers on threads.
    Project(
        "nfcpy",
        "1.0.4",
        "e5bd08d0119e1d9e95d05215f838b07b44d03b651adddc523cc1a38892b8af6b",
        "nfcpy-1.0.4.tar.gz",
        "nfcpy-1.0.4/src/nfc",
    ),
    # OpenVoiceOS message-bus client (package ``ovos_bus_client``): a websocket client thread,
    # handlers on library threads, a scheduler thread, sessions and waiters under locks.
    Project(
        "ovos-bus-client",
        "1.5.0",
        "b07986be7c915d90b0f577cf84a7cddfa4e68daf0229ff9e9bf0428f1733a01f",
        "ovos_bus_client-1.5.0.tar.gz",
        "ovos_bus_client-1.5.0/ovos_bus_client",
    ),
)

RESERVES_34 = (
    # Malware-analysis task framework (package ``karton``): a synchronous and an asyncio
    # consumer, a log forwarder task with a queue; ``core/test.py`` (test stubs) is not linted.
    Project(
        "karton-core",
        "5.9.1",
        "432d4c711ea783afa14e057175bcc91ac4eb5565931f6ad9cbacca49c2dc6374",
        "karton_core-5.9.1.tar.gz",
        "karton_core-5.9.1/karton",
        exclude=("core/test.py",),
    ),
    # Jellyfin API client: a websocket client thread, a time-sync thread, keep-alive events,
    # callbacks from the socket thread.
    Project(
        "jellyfin-apiclient-python",
        "1.20.2",
        "3d0a36e6da7fbcc147cf08012b9c8203e89bedf5025bb04f412f835b7b5bc346",
        "jellyfin_apiclient_python-1.20.2.tar.gz",
        "jellyfin_apiclient_python-1.20.2/jellyfin_apiclient_python",
    ),
    # Russound RIO and RNET audio client on asyncio: a connection with a reader task, request
    # futures matched by a queue, callbacks on state changes.
    Project(
        "aiorussound",
        "5.0.2",
        "93e05c9df0ac868f6e079de7d313426a28d45b935cafcf7f4413f594b488da70",
        "aiorussound-5.0.2.tar.gz",
        "aiorussound-5.0.2/aiorussound",
    ),
    # Seq logging handler: a consumer thread batching records from a queue, a flush timer,
    # a lock around the batch.
    Project(
        "seqlog",
        "0.4.3",
        "d53341e1ac24211d4f715fd824e2e5b38378709d90363f85f65a63de166c7c0e",
        "seqlog-0.4.3.tar.gz",
        "seqlog-0.4.3/seqlog",
    ),
    # Elk M1 alarm panel client on asyncio (package ``elkm1_lib``): a connection with reader and
    # writer tasks, a heartbeat timer, callbacks on panel events.
    Project(
        "elkm1-lib",
        "2.2.15",
        "b565dec2f2e90b9443549e6f28690edf71f233a2c2a2aaca9f3dc5837ff7ceab",
        "elkm1_lib-2.2.15.tar.gz",
        "elkm1_lib-2.2.15/elkm1_lib",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_34 = 0

HELDOUT_34 = HELDOUT_34_LIST + RESERVES_34[:RESERVES_TAKEN_34]

# Thirty-fifth batch (``--batch 35``), fixed in this order before any run
# (docs/realworld-heldout-35.md), on the linter frozen at 11a36ca, the head of the shared branch
# when the list was fixed. Chosen, as the twenty-first to thirty-fourth, for concurrency in the
# projects' own code, central to what they do, half asyncio-heavy and half thread-heavy: an
# Alexa cloud client, an HTTP and WebSocket client, an event bus, a Lavalink audio-node client,
# a Victron MQTT client and a smart-home cloud client (asyncio); a MediaWiki bot framework, a
# Stream Deck device library, a parallel test runner, a serial monitor, a job-queue worker and
# an Android adb client (threads). Every release below (reserves included) is the latest
# release on PyPI with an sdist when the list was fixed; each sdist was fetched from PyPI's JSON
# simple API (the same file ``pip download --no-deps --no-binary :all:`` fetches) and pinned
# with its sha256, and nothing was linted. The reserves (``RESERVES_35``) are added one at a
# time, in their order, while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_35``
# counts how many were added.
HELDOUT_35_LIST = (
    # Amazon Alexa (Echo) client on asyncio: websocket and HTTP/2 push connections handing
    # events back to the loop (run_coroutine_threadsafe), login and API calls under locks,
    # blocking calls on threads (to_thread).
    Project(
        "alexapy",
        "1.33.0",
        "b0dcc826c09d88a77f63f86b47a255315d31f1d316b5b77938ee5f681fa53cf5",
        "alexapy-1.33.0.tar.gz",
        "alexapy-1.33.0/alexapy",
    ),
    # HTTP and WebSocket client on asyncio: connection pools, HTTP/2 streams fed by queues,
    # timeouts, a websocket client with reader tasks and message queues.
    Project(
        "aiosonic",
        "1.3.3",
        "edf6451c4ef35d022d97e45a949d5147a9cd9f70aa7c12b5dfd9f3afcb02b671",
        "aiosonic-1.3.3.tar.gz",
        "aiosonic-1.3.3/aiosonic",
    ),
    # Event bus on asyncio (pydantic events): handler tasks under semaphores, an event queue
    # drained by a runner task, completion events, sync code on threads beside threading locks.
    Project(
        "bubus",
        "1.5.6",
        "1a5456f0a576e86613a7bd66e819891b677778320b6e291094e339b0d9df2e0d",
        "bubus-1.5.6.tar.gz",
        "bubus-1.5.6/bubus",
    ),
    # Lavalink audio-node client for Red-DiscordBot on asyncio (package ``lavalink``): node
    # websockets with reader and reconnect tasks, players per guild, event dispatch to listeners.
    Project(
        "red-lavalink",
        "0.11.1",
        "dc6e1a2a81acbf07d3d17f547dd2e76193d29a875c9bc94c2207bc06ef7bfab3",
        "red_lavalink-0.11.1.tar.gz",
        "red_lavalink-0.11.1/lavalink",
    ),
    # Victron Venus OS MQTT client on asyncio: paho-mqtt's network thread handing messages to
    # the loop, keep-alive, subscription and firmware tasks, a lock around firmware updates;
    # ``testing`` (mocked hubs for tests) is not linted.
    Project(
        "victron-mqtt",
        "2026.10.1",
        "a4c1f997f3607078a6fe564f84c844aab795067adc8a8b323ce89d49de7e954d",
        "victron_mqtt-2026.10.1.tar.gz",
        "victron_mqtt-2026.10.1/victron_mqtt",
        exclude=("testing",),
    ),
    # Wyze smart-home cloud client on asyncio: services per device kind, token refresh under
    # locks, updater threads for sensors and cameras handing work back to the loop, an update
    # manager under a threading lock.
    Project(
        "wyzeapy",
        "0.8.0",
        "58cd2ed73ccaf720d26bb2b6fce35eb0c1411a28793588dcd0d8513663c7774f",
        "wyzeapy-0.8.0.tar.gz",
        "wyzeapy-0.8.0/src/wyzeapy",
    ),
    # MediaWiki bot framework: a throttle under an RLock, asynchronous page saves on a writer
    # thread with a queue, threaded generators, thread lists and pools, a condition in the
    # site's state.
    Project(
        "pywikibot",
        "11.9.0",
        "58ed43c60e67e781cc9c9d50d9d979b4e736193189885752288ed62ef6d4c01c",
        "pywikibot-11.9.0.tar.gz",
        "pywikibot-11.9.0/pywikibot",
    ),
    # Elgato Stream Deck library (package ``StreamDeck``): a reader thread per device calling
    # key, dial and touch callbacks (or handing them to a loop), an RLock around the device,
    # a lock around the HID library; ``Transport/Dummy.py`` (a dummy transport for testing) is
    # not linted.
    Project(
        "streamdeck",
        "0.10.0",
        "fafea91a4ae8e710e0e5f5878d3c923e740d87e4316af825ff7a2ca92948e6a4",
        "streamdeck-0.10.0.tar.gz",
        "streamdeck-0.10.0/src/StreamDeck",
        exclude=("Transport/Dummy.py",),
    ),
    # Parallel runner for Robot Framework (package ``pabot``): a thread pool running test
    # processes, process-watching threads, a writer thread, a shared-state server (PabotLib)
    # on a thread, locks.
    Project(
        "robotframework-pabot",
        "5.2.2",
        "497c3d72551c76eda21029df6a28c6b2ed227e63c4a8510e1c6a0690b9e2be91",
        "robotframework_pabot-5.2.2.tar.gz",
        "robotframework_pabot-5.2.2/src/pabot",
    ),
    # ESP-IDF serial monitor: serial, console and command reader threads feeding an event
    # queue, a timer, a lock in the command reader, gdb and websocket helpers.
    Project(
        "esp-idf-monitor",
        "1.10.0",
        "7adb6927afdaaa8546fb4b8eed7a6d20cca9b0aa80cfa5839d80171b8ed790f5",
        "esp_idf_monitor-1.10.0.tar.gz",
        "esp_idf_monitor-1.10.0/esp_idf_monitor",
    ),
    # Faktory job-queue client and worker: a heartbeat thread beside the fetching loop, a
    # socket under an RLock, jobs on a process pool with a shared counter under a lock.
    Project(
        "pyfaktory",
        "0.2.13",
        "70b691d0389b51be0b7aee427ceda38500e0e6299166d2c82ddae365e56cb9de",
        "pyfaktory-0.2.13.tar.gz",
        "pyfaktory-0.2.13/src/pyfaktory",
    ),
    # Android adb client: screen-recording and device threads stopped by events, port
    # forwards, shell streams.
    Project(
        "adbutils",
        "2.12.0",
        "3653a8f39735620bc45b15ee2e7a00e502c9f1a259452e1fb2bbba3ea59d0e68",
        "adbutils-2.12.0.tar.gz",
        "adbutils-2.12.0/adbutils",
    ),
)

RESERVES_35 = (
    # DingTalk stream-mode bot client on asyncio (package ``dingtalk_stream``): a websocket
    # connection with a keep-alive task, handlers per topic, sync handlers on threads.
    Project(
        "dingtalk-stream",
        "0.24.2",
        "4b513b740ccbdd74b3fbac6087620d81c3b1dea0a01985750b0ec25e79bb62ba",
        "dingtalk-stream-0.24.2.tar.gz",
        "dingtalk-stream-0.24.2/dingtalk_stream",
    ),
    # Dyson fan and vacuum library (package ``libdyson``): paho-mqtt callbacks on its network
    # thread, a state lock, events waited for by callers.
    Project(
        "libdyson-neon",
        "1.6.0",
        "57d535150473dc8cdabd131e8f0a34e84d6c274fc08605315933f46edfdbad20",
        "libdyson-neon-1.6.0.tar.gz",
        "libdyson-neon-1.6.0/libdyson",
    ),
    # Moonraker (Klipper 3D printer) websocket client on asyncio: a reader task, request
    # futures, a reconnect loop, listener callbacks.
    Project(
        "moonraker-api",
        "4.0.0",
        "f7ca9db4931410e75ce46e1a2d7be0adab6f5e19bc4a33ca0b83e620b4a462f5",
        "moonraker_api-4.0.0.tar.gz",
        "moonraker_api-4.0.0/moonraker_api",
    ),
    # Home Assistant MQTT discovery library: paho-mqtt's network thread, command callbacks,
    # a connect event waited for under a lock.
    Project(
        "ha-mqtt-discoverable",
        "0.26.0",
        "8d1184b00ea6b7b94e2cbf9a29698bde7c691154368ac199c7fae078aa575dd4",
        "ha_mqtt_discoverable-0.26.0.tar.gz",
        "ha_mqtt_discoverable-0.26.0/ha_mqtt_discoverable",
    ),
    # Jeedom plugin daemon base on asyncio: a socket server for commands, a send queue drained
    # by a task, cycle tasks and signal handlers.
    Project(
        "jeedomdaemon",
        "2.0.0",
        "f6e63a1dcce97f75ae59499aae7bfbcc2428d5afb5d19e39e7d2442f6295dc5b",
        "jeedomdaemon-2.0.0.tar.gz",
        "jeedomdaemon-2.0.0/jeedomdaemon",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_35 = 5

HELDOUT_35 = HELDOUT_35_LIST + RESERVES_35[:RESERVES_TAKEN_35]

# Thirty-sixth batch (``--batch 36``), fixed in this order before any run
# (docs/realworld-heldout-36.md), on the linter frozen at a7177fc, the head of the shared branch
# when the list was fixed. Chosen, as the twenty-first to thirty-fifth, for concurrency in the
# projects' own code, central to what they do, half asyncio-heavy and half thread-heavy: a Google
# Sheets client, a Substrate blockchain client, a Velbus home-automation client, a multi-agent
# framework, a Bitfinex exchange client and a Roomba robot client (asyncio); a process and
# thread toolkit with lock and log servers, a microscope-control library, an experiment-control
# GUI, an experiment-sequence manager, a Spotify client and a Lightstreamer client (threads).
# Every release below (reserves included) is the latest release on PyPI with an sdist when the
# list was fixed; each sdist was fetched from PyPI's JSON simple API (the same file ``pip
# download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and nothing was
# linted. The reserves (``RESERVES_36``) are added one at a time, in their order, while the
# batch gives fewer than 15 findings: ``RESERVES_TAKEN_36`` counts how many were added.
HELDOUT_36_LIST = (
    # Google Sheets client on asyncio wrapping gspread: every call on a thread (to_thread,
    # an executor), a client manager with an authorization lock, per-spreadsheet locks.
    Project(
        "gspread-asyncio",
        "3.0.0",
        "0d332e48717cdf8455707e5fb8ee00f1ffe6f998e93df9d24e5d307a26cae81d",
        "gspread_asyncio-3.0.0.tar.gz",
        "gspread_asyncio-3.0.0/gspread_asyncio",
    ),
    # Substrate (Polkadot) blockchain client on asyncio: a websocket with a receiving task,
    # request futures, locks and a semaphore around sends, a sync twin of the API.
    Project(
        "async-substrate-interface",
        "2.2.1",
        "bd5ca091dfbbbb27d0bba6fc0e24aea3ca5a00c7439e23d0bacd0c8270c85ffd",
        "async_substrate_interface-2.2.1.tar.gz",
        "async_substrate_interface-2.2.1/async_substrate_interface",
    ),
    # Velbus home-automation client on asyncio (package ``velbusaio``): a serial or TCP
    # connection with reader and writer tasks, a send queue, locks around scans and modules.
    Project(
        "velbus-aio",
        "2026.9.0",
        "f7ae4c3b242e4bb4548b017574b00ed8749aec7816dad463fcbd2891103c7f91",
        "velbus_aio-2026.9.0.tar.gz",
        "velbus_aio-2026.9.0/velbusaio",
    ),
    # Multi-agent system framework on asyncio (XMPP): agents running behaviours as tasks,
    # message queues per behaviour, a web server per agent, start and stop across loops.
    Project(
        "spade",
        "4.1.4",
        "9fefa9ec4a566c74932b5c16d85af36dc9840d1f29dbd2cf2f59333e56fc92da",
        "spade-4.1.4.tar.gz",
        "spade-4.1.4/spade",
    ),
    # Bitfinex exchange client on asyncio (package ``bfxapi``): websocket buckets with reader
    # tasks, a reconnect loop, a condition for authentication, event emitters.
    Project(
        "bitfinex-api-py",
        "4.0.0",
        "1b16a38100a1e62fe0731aaf8149678f95696b72b51da78b14b314fe9a162cdf",
        "bitfinex_api_py-4.0.0.tar.gz",
        "bitfinex_api_py-4.0.0/bfxapi",
    ),
    # iRobot Roomba client on asyncio: an MQTT connection with a reader task, reconnects,
    # state callbacks, discovery over UDP.
    Project(
        "roombapy",
        "2.0.2",
        "72bab30da33e43e2256b6d56adb384d9e2c359d87ac906b91da972da2cbb19b2",
        "roombapy-2.0.2.tar.gz",
        "roombapy-2.0.2/roombapy",
    ),
    # Process and thread toolkit on ZeroMQ (labscript suite): client/server main-loop
    # threads, a lock server and a log server, process trees with heartbeat threads, locks.
    Project(
        "zprocess",
        "3.0.0",
        "4b380452c7ee653e55a95fe640f0e170a2fdabc036881b7d619476fa23c1dabd",
        "zprocess-3.0.0.tar.gz",
        "zprocess-3.0.0/zprocess",
    ),
    # Micro-Manager microscope control: acquisition event and dispatcher threads, image
    # processing and storage-monitor threads, a notification thread, thread pools; ``test``
    # (its pytest suite) is not linted.
    Project(
        "pycromanager",
        "1.0.2",
        "df70f31fea456a9aeb0b53a3dbbec6a538dfc580d2c3a750ff9dbeb105c522a5",
        "pycromanager-1.0.2.tar.gz",
        "pycromanager-1.0.2/pycromanager",
        exclude=("test",),
    ),
    # Experiment-control GUI (labscript suite, Qt): a queue manager thread, worker main
    # loops per device tab, plugin threads, locks shared with the GUI thread.
    Project(
        "blacs",
        "3.2.3",
        "7bcf2cb222be764ddee9b11847c0da3f629d1fccbfae55678edaf75a4d38f110",
        "blacs-3.2.3.tar.gz",
        "blacs-3.2.3/blacs",
    ),
    # Experiment-sequence manager (labscript suite, Qt): globals-preparsing and compile-queue
    # threads, compilation in subprocess threads, a lock and queues shared with the GUI.
    Project(
        "runmanager",
        "3.3.0",
        "a44c519100418719827f4eface442c45e0ada4cdec30c80f439e3cdc8ede31ba",
        "runmanager-3.3.0.tar.gz",
        "runmanager-3.3.0/runmanager",
    ),
    # Spotify client: a receiver thread per session, conditions for Mercury and channel
    # replies, audio fetch on thread pools, a zeroconf server on threads.
    Project(
        "librespot",
        "0.0.10",
        "e79e954dc8e51e641d813814112942717ff3c3888a153569613b6f3d17e032d2",
        "librespot-0.0.10.tar.gz",
        "librespot-0.0.10/librespot",
    ),
    # Lightstreamer real-time client (generated from Haxe): an IO thread running an event
    # loop, timers, RLocks around the client state, listeners called on other threads.
    Project(
        "lightstreamer-client-lib",
        "2.2.3",
        "2c0cf48d79457aa133b0c35b02589ba260efa835b46c06bb20afcee0f4a05fb8",
        "lightstreamer_client_lib-2.2.3.tar.gz",
        "lightstreamer_client_lib-2.2.3/src/lightstreamer",
    ),
)

RESERVES_36 = (
    # Apple push-notification client on asyncio: a pool of HTTP/2 connections under a lock,
    # a semaphore for concurrent requests, a connection-refresh task.
    Project(
        "aioapns",
        "4.0",
        "3715faabf3fa6c0240e7637f4427d88d08afdcceb0dcfb956c6d09b6f49427f8",
        "aioapns-4.0.tar.gz",
        "aioapns-4.0/aioapns",
    ),
    # Java bridge on ZeroMQ (pycromanager's): a socket per thread, locks around sends, a
    # queue drained by a thread.
    Project(
        "pyjavaz",
        "1.2.8",
        "412b74a40cd00e9469315ea75772acbaed1bcd69a8160db7514766cc6da19497",
        "pyjavaz-1.2.8.tar.gz",
        "pyjavaz-1.2.8/pyjavaz",
    ),
    # Google APIs client on asyncio: sessions sending requests concurrently, token refresh.
    Project(
        "aiogoogle",
        "5.19.0",
        "9694e59a11d4739236fba837071a17aed3708e1ba38f3043d900426b11677e2f",
        "aiogoogle-5.19.0.tar.gz",
        "aiogoogle-5.19.0/aiogoogle",
    ),
    # Hyperliquid exchange client: a websocket manager thread with a ping timer thread,
    # subscriptions and callbacks from it.
    Project(
        "hyperliquid-python-sdk",
        "0.24.0",
        "b3fba7c53f4faee41578df4ee19471393866a4a188e38d1fd05a0217b7a74868",
        "hyperliquid_python_sdk-0.24.0.tar.gz",
        "hyperliquid_python_sdk-0.24.0/hyperliquid",
    ),
    # MetaTrader cloud API client on asyncio (package ``lib``): websocket (socket.io)
    # clients with synchronization tasks, request queues, reconnect loops; ``integration_tests``
    # is not linted.
    Project(
        "metaapi-cloud-sdk",
        "29.1.1",
        "9b728d5c1f0fd402ad58e346938149ac84114390a0424a747c585d1b5177d818",
        "metaapi_cloud_sdk-29.1.1.tar.gz",
        "metaapi_cloud_sdk-29.1.1/lib",
        exclude=("integration_tests",),
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_36 = 5

HELDOUT_36 = HELDOUT_36_LIST + RESERVES_36[:RESERVES_TAKEN_36]

# Thirty-seventh batch (``--batch 37``), fixed in this order before any run
# (docs/realworld-heldout-37.md), on the linter frozen at b767fe8, the last commit to touch
# ``admf_tsan`` when the list was fixed. Chosen, as the twenty-first to thirty-sixth, for
# concurrency in the projects' own code, central to what they do, half asyncio-heavy and half
# thread-heavy: an iOS device client, a cache library, a Nobø heating-hub client, a Risco alarm
# client, a DynamoDB client and a Husqvarna Automower client (asyncio); a feature-flag SDK, a
# trading engine, a data-acquisition framework, a WAMP client, an instrument-control system and a
# control-system framework (threads). Every release below (reserves included) is the latest release
# on PyPI with an sdist when the list was fixed; each sdist was fetched from PyPI's JSON simple API
# (the same file ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its sha256,
# and nothing was linted. The reserves (``RESERVES_37``) are added one at a time, in their order,
# while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_37`` counts how many were added.
HELDOUT_37_LIST = (
    # iOS device client on asyncio: lockdown and usbmux connections, RemoteXPC and tunnel
    # tasks, developer-tools services, blocking work on threads (to_thread, executors) and
    # hand-offs back to the loop.
    Project(
        "pymobiledevice3",
        "11.45.0",
        "19ed34bdc02e32f2006f5539a86d5d2e4b4f1ae45200cf516ca9348d6f50a4c8",
        "pymobiledevice3-11.45.0.tar.gz",
        "pymobiledevice3-11.45.0/pymobiledevice3",
    ),
    # Cache library on asyncio: locks against cache stampedes, early-refresh background tasks,
    # backends called through executors.
    Project(
        "cashews",
        "7.6.0",
        "fc2456d9153ca424f26b040ef053d000f9092c65b1ad6e6330f66fea95d503f0",
        "cashews-7.6.0.tar.gz",
        "cashews-7.6.0/cashews",
    ),
    # Nobø heating-hub client on asyncio: a TCP connection with keep-alive and reconnect tasks,
    # UDP discovery, a thread for synchronous use.
    Project(
        "pynobo",
        "1.9.0",
        "e92b550b264e47440a0574976ea335dcc07ce3cbf71cb03f186c505aa029977a",
        "pynobo-1.9.0.tar.gz",
        "pynobo-1.9.0/pynobo",
    ),
    # Risco alarm client on asyncio: cloud polling and a local panel connection with a reader
    # task, a queue and a semaphore around commands.
    Project(
        "pyrisco",
        "0.8.1",
        "780263edd1f04ab848f1e68996be48dcb4cc77aa9a20b3d9af1666480bfece14",
        "pyrisco-0.8.1.tar.gz",
        "pyrisco-0.8.1/pyrisco",
    ),
    # DynamoDB client on asyncio: requests with retries and throttling, credential refresh
    # tasks.
    Project(
        "aiodynamo",
        "26.4",
        "fc8028100eb8e87107478e8f499ee33ee81ccbe6eba3cd43dac988ffdb7a90f4",
        "aiodynamo-26.4.tar.gz",
        "aiodynamo-26.4/src/aiodynamo",
    ),
    # Husqvarna Automower client on asyncio: a websocket listener task, token refresh,
    # callbacks scheduled with call_soon_threadsafe.
    Project(
        "aioautomower",
        "3.1.0",
        "1c1ccf747bbeab94d9d1904076e34a1798dee3dd690743baf574b3d2345994e8",
        "aioautomower-3.1.0.tar.gz",
        "aioautomower-3.1.0/src/aioautomower",
    ),
    # Amplitude feature-flag SDK: flag and cohort pollers on threads and timers, locks around
    # the caches, a thread pool for cohort downloads, an event flush thread.
    Project(
        "amplitude-experiment",
        "1.13.0",
        "3758c1d92396c6677c734449fd856d76964d7eeb89bcbca4474154f53036e0d0",
        "amplitude_experiment-1.13.0.tar.gz",
        "amplitude_experiment-1.13.0/src/amplitude_experiment",
    ),
    # Trading engine on threads: a thread per component (data feeds, order and broker
    # handling, observers), queues and events between them, locks.
    Project(
        "midastrader",
        "1.0.30",
        "1b4bd944c5e2048f644343102d32ca70a4c5abdf8faf600c1364985c2fae3307",
        "midastrader-1.0.30.tar.gz",
        "midastrader-1.0.30/midastrader",
    ),
    # Data-acquisition framework (Qt): instrument plugins moved to their own QThreads, signals
    # across threads, timers; ``utils/conftests.py`` and ``utils/plugin_testing`` (test
    # helpers) are not linted.
    Project(
        "pymodaq",
        "5.3.8",
        "e2280f84281ee199558aa257ecc252b4df71ce81bb7d0ca529999d98ebbdbe36",
        "pymodaq-5.3.8.tar.gz",
        "pymodaq-5.3.8/src/pymodaq",
        exclude=("utils/conftests.py", "utils/plugin_testing"),
    ),
    # Threaded WAMP client: a websocket reader thread, handlers on thread pools, RLocks around
    # the session state.
    Project(
        "beltway2",
        "0.1.0",
        "fa52d134666bd9789075b65b1698ade00ab6fb673ef57f08ce9527717681cf35",
        "beltway2-0.1.0.tar.gz",
        "beltway2-0.1.0/src/beltway2",
    ),
    # Instrument-control and data-acquisition system (Tango): pool action threads, macro
    # threads, thread pools, timers, locks; its test packages and ``conftest.py`` are not
    # linted.
    Project(
        "sardana",
        "3.7.1",
        "2816124259a7a6dc80ec702f8d93fff7f83dc71b03796e0ca1cef95ae6be512c",
        "sardana-3.7.1.tar.gz",
        "sardana-3.7.1/src/sardana",
        exclude=(
            "conftest.py",
            "macroserver/macros/test",
            "macroserver/recorders/test",
            "macroserver/scan/test",
            "macroserver/test",
            "pool/poolcontrollers/test",
            "pool/test",
            "spock/test",
            "tango/macroserver/test",
            "tango/pool/test",
            "taurus/core/tango/sardana/test",
            "taurus/qt/qtgui/extra_sardana/test",
            "test",
            "util/test",
        ),
    ),
    # Control-system framework (Tango, EPICS, Qt): polling timers and thread pools, event
    # callbacks on other threads, locks around factories and attributes; its test packages are
    # not linted.
    Project(
        "taurus",
        "5.4.1",
        "60dd71448662df1d42c90245c5678293a0baad1cc610f0c5c247851ca68c5c44",
        "taurus-5.4.1.tar.gz",
        "taurus-5.4.1/lib/taurus",
        exclude=(
            "cli/test",
            "core/epics/test",
            "core/evaluation/test",
            "core/resource/test",
            "core/tango/test",
            "core/test",
            "core/util/test",
            "external/test",
            "qt/qtgui/base/test",
            "qt/qtgui/button/test",
            "qt/qtgui/display/test",
            "qt/qtgui/graphic/jdraw/test",
            "qt/qtgui/input/test",
            "qt/qtgui/panel/test",
            "qt/qtgui/taurusgui/test",
            "qt/qtgui/test",
            "qt/qtgui/util/test",
            "test",
        ),
    ),
)

RESERVES_37 = (
    # Govee lights client on asyncio: UDP discovery and control, update tasks.
    Project(
        "govee-local-api",
        "3.3.1",
        "0cd47ca23484706e19f544bbf658ccdbb207a23abb4d720775aa69e198ec895b",
        "govee_local_api-3.3.1.tar.gz",
        "govee_local_api-3.3.1/src/govee_local_api",
    ),
    # FeatureHub feature-flag SDK: a polling timer thread and a server-sent-events thread.
    Project(
        "featurehub-sdk",
        "1.1.0",
        "470b7b1baae7e7fd49307632e97b65e9c3f745c6440523df3928f5b69f844935",
        "featurehub_sdk-1.1.0.tar.gz",
        "featurehub_sdk-1.1.0/featurehub_sdk",
    ),
    # Comelit home-automation client on asyncio: an HTTP session, a semaphore, an executor.
    Project(
        "aiocomelit",
        "3.0.1",
        "fca6e976f68514eea138580f4e32ac8ea3934fe48f4cd1ece3882d36d8463e80",
        "aiocomelit-3.0.1.tar.gz",
        "aiocomelit-3.0.1/src/aiocomelit",
    ),
    # Motion Blinds client: a multicast listener thread and callbacks from it.
    Project(
        "motionblinds",
        "0.6.31",
        "2d035d6ec1c51ed643b988c55fa14bdad8b8f517d73f9cd2e7114ddbb849e667",
        "motionblinds-0.6.31.tar.gz",
        "motionblinds-0.6.31/motionblinds",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_37 = 0

HELDOUT_37 = HELDOUT_37_LIST + RESERVES_37[:RESERVES_TAKEN_37]

# Thirty-eighth batch (``--batch 38``), fixed in this order before any run
# (docs/realworld-heldout-38.md), on the linter frozen at 2b3ce3f, the last commit to touch
# ``admf_tsan`` when the list was fixed. Chosen, as the twenty-first to thirty-seventh, for
# concurrency in the projects' own code, central to what they do, half asyncio-heavy and half
# thread-heavy, libraries and services rather than command-line tools: a Sonos client, a MeshCore
# radio client, a Nanit camera client, a Pioneer receiver client, a CRDT websocket server and a
# scientific data-access service (asyncio); an instrument-control system, a Qt device-interface
# generator, beamline device definitions, a Telnet/SSH automation library, a telemetry SDK and a
# beamline session launcher (threads). Every release below (reserves included) is the latest
# release on PyPI with an sdist when the list was fixed; each sdist was fetched from PyPI's JSON
# simple API (the same file ``pip download --no-deps --no-binary :all:`` fetches) and pinned with
# its sha256, and nothing was linted. The reserves (``RESERVES_38``) are added one at a time, in
# their order, while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_38`` counts how many
# were added.
HELDOUT_38_LIST = (
    # Sonos speaker client on asyncio: a websocket connection per player with a listener task,
    # event subscriptions and callbacks, a lock around commands.
    Project(
        "aiosonos",
        "0.1.15",
        "7db2a5c676cee55cba7ad9ed2e140051b7d01a8593f9352d1340e51ad09cbad8",
        "aiosonos-0.1.15.tar.gz",
        "aiosonos-0.1.15/aiosonos",
    ),
    # MeshCore companion-radio client on asyncio: serial, BLE and TCP connections, a reader task,
    # an event dispatcher, a lock around commands, reconnect tasks.
    Project(
        "meshcore",
        "2.3.17",
        "d48ab25e03326b8e976cd11dd6bfcfb4a10097fa1457b93eefbdd53cb5509c0f",
        "meshcore-2.3.17.tar.gz",
        "meshcore-2.3.17/src/meshcore",
    ),
    # Nanit baby-camera client on asyncio: a websocket with keep-alive and reconnect tasks, token
    # refresh under a lock, pending-request futures.
    Project(
        "aionanit",
        "1.13.0",
        "b1517e5305b60b222c4848710a565b503e9f234d3fedf1593ab289d9a26bdb57",
        "aionanit-1.13.0.tar.gz",
        "aionanit-1.13.0/aionanit",
    ),
    # Pioneer AV-receiver client on asyncio: a TCP connection with a reader task, a command queue
    # and locks, polling and reconnect tasks.
    Project(
        "aiopioneer",
        "0.11.0",
        "28772347bc190ac19c06d7744146124a8bcd4b7d13e66c665906347e89290fc4",
        "aiopioneer-0.11.0.tar.gz",
        "aiopioneer-0.11.0/aiopioneer",
    ),
    # CRDT document sync over websockets (asyncio/anyio): a websocket server and provider, rooms
    # with task groups, stores behind locks.
    Project(
        "pycrdt-websocket",
        "0.16.5",
        "bda0b9ad31468a9d664464fc28c1b112cfde274065eb75844aa19950fb59d282",
        "pycrdt_websocket-0.16.5.tar.gz",
        "pycrdt_websocket-0.16.5/src/pycrdt/websocket",
    ),
    # Scientific data-access service (asyncio server and client): async routes and database
    # access, blocking work on thread pools, websocket streams, locks and caches.
    Project(
        "tiled",
        "0.2.20",
        "b7d977c9a02dcea5506e7ba738e675ae767689b93e91fecff1175f67d09c55d0",
        "tiled-0.2.20.tar.gz",
        "tiled-0.2.20/tiled",
    ),
    # Networked instrument-control system (core package): daemon, cache server, poller and
    # watchdog services on threads, sessions with locks, device polling threads.
    Project(
        "nicos",
        "3.12.2",
        "552a68cf626e7f3b1796ddcf166b84822f977a9f7b6843f8062bf52ae4214490",
        "nicos-3.12.2.tar.gz",
        "nicos-3.12.2/nicos",
    ),
    # Qt interface generator for control-system devices: status threads, callbacks from the
    # control-system threads into widgets, a lock around the device cache; its tests are not linted.
    Project(
        "typhos",
        "4.3.0",
        "77766ed86d02e86dbacb93f6b2cc64430075253bcf8abb6622c089c21cca2992",
        "typhos-4.3.0.tar.gz",
        "typhos-4.3.0/typhos",
        exclude=("tests",),
    ),
    # Beamline device definitions (control-system callbacks on other threads): move and status
    # threads, subscriptions, timers; its tests are not linted.
    Project(
        "pcdsdevices",
        "11.1.1",
        "0a520003a187574e0609eb0b7b7e791695c70cc963086a8bc30ef2523717e389",
        "pcdsdevices-11.1.1.tar.gz",
        "pcdsdevices-11.1.1/pcdsdevices",
        exclude=("tests",),
    ),
    # Telnet/SSH automation library: a work queue of job threads, a main-loop thread, locks
    # around accounts and connection state.
    Project(
        "exscript",
        "2.6.32",
        "8818c9664fa26166bedea8dd54bc452b051556f8b9c43db07e9ab720e8c4310c",
        "exscript-2.6.32.tar.gz",
        "exscript-2.6.32/Exscript",
    ),
    # Telemetry SDK: a harvester thread that flushes batches, batches behind locks shared with
    # the recording threads.
    Project(
        "newrelic-telemetry-sdk",
        "0.9.0",
        "b1303d4167ee059481fd0d11e1d494a5ba5a63d1469c0c8f93804e01d4f5282e",
        "newrelic_telemetry_sdk-0.9.0.tar.gz",
        "newrelic_telemetry_sdk-0.9.0/src/newrelic_telemetry_sdk",
    ),
    # Beamline session launcher: logging and statistics threads, a session timer thread,
    # run-engine pause requests from other threads; its tests are not linted.
    Project(
        "hutch-python",
        "1.24.0",
        "5567d7af00c68bc89b7f7da184babb32b643af35b025a328ef424e20f2f8be0c",
        "hutch_python-1.24.0.tar.gz",
        "hutch_python-1.24.0/hutch_python",
        exclude=("tests",),
    ),
)

RESERVES_38 = (
    # Home Connect appliance client on asyncio: an event stream, token refresh.
    Project(
        "aiohomeconnect",
        "0.39.1",
        "442bd1a5a0996baacd60e464aa34354244f0016d64bdc0d7a215420420478a0f",
        "aiohomeconnect-0.39.1.tar.gz",
        "aiohomeconnect-0.39.1/src/aiohomeconnect",
    ),
    # Signal bot framework on asyncio: a websocket receiver, handler tasks, a scheduler; its
    # test helpers are not linted.
    Project(
        "signalbot",
        "2.2.1",
        "68a8ba6d1174de2e8de1ea8266df8d5c2f9699e8a67b49364f3bf2e6ea89370c",
        "signalbot-2.2.1.tar.gz",
        "signalbot-2.2.1/src/signalbot",
        exclude=("test_utils",),
    ),
    # MCP proxy on asyncio: stdio and SSE/HTTP transports bridged by tasks.
    Project(
        "mcp-proxy",
        "0.13.0",
        "16ab358a4da5aeb4377772e982d6258f5e9bcc9ad8efea990e74f6a76e443853",
        "mcp_proxy-0.13.0.tar.gz",
        "mcp_proxy-0.13.0/src/mcp_proxy",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_38 = 0

HELDOUT_38 = HELDOUT_38_LIST + RESERVES_38[:RESERVES_TAKEN_38]

# Thirty-ninth batch (``--batch 39``), fixed in this order before any run
# (docs/realworld-heldout-39.md), on the linter frozen at 8e845c1, the last commit to touch
# ``admf_tsan`` when the list was fixed. Chosen, as the twenty-first to thirty-eighth, for
# concurrency in the projects' own code, central to what they do, half asyncio-heavy and half
# thread-heavy, libraries and services rather than command-line tools: a blob-storage library, a
# cloud cluster SDK, a platform API client, an agent-to-agent protocol server, a WebSocket
# extension for HTTPX and a Connect RPC runtime (asyncio); an experiment-tracking client, a
# language-server client, a model-service SDK, a threat-intelligence connector client, a
# test-reporting client and a lineage-event client (threads). Every release below (reserves
# included) is the latest release on PyPI with an sdist when the list was fixed; each sdist was
# fetched from PyPI's JSON simple API (the same file ``pip download --no-deps --no-binary :all:``
# fetches) and pinned with its sha256, and nothing was linted. The reserves (``RESERVES_39``) are
# added one at a time, in their order, while the batch gives fewer than 15 findings:
# ``RESERVES_TAKEN_39`` counts how many were added.
HELDOUT_39_LIST = (
    # Async blob-storage library (local, GCS, Azure) on asyncio: bounded concurrent transfers,
    # chunked parallel up- and downloads, executors for file work, session pools.
    Project(
        "boostedblob",
        "1.1.0",
        "cc0765ea2428310e132424c9be9c844134dc259930584aea16d512d1b72adcc9",
        "boostedblob-1.1.0.tar.gz",
        "boostedblob-1.1.0/boostedblob",
    ),
    # Cloud cluster SDK on asyncio (and sync wrappers): async API sessions, cluster and
    # notebook polling, a loop run in a thread for sync callers, log streaming.
    Project(
        "coiled",
        "1.135.6",
        "c270f4c1ad0f54e8ae4bd2df16d59c7ce4a350c9e6cb2e3ce6573b3f73e81ac8",
        "coiled-1.135.6.tar.gz",
        "coiled-1.135.6/coiled",
    ),
    # Apify platform client, sync and asyncio: async resource clients, log streaming and
    # status-message watchers on tasks and threads, retry with backoff.
    Project(
        "apify-client",
        "3.4.0",
        "bd4dac482afd02801eb9a90ab570d82ee86d7ee8d479f72723ca1aedc5411f27",
        "apify_client-3.4.0.tar.gz",
        "apify_client-3.4.0/src/apify_client",
    ),
    # Agent-to-agent protocol server on asyncio: a task manager, a broker and worker streams
    # over anyio, an ASGI application.
    Project(
        "fasta2a",
        "2.1.1",
        "cec2b74a6fb14740b28c33a23fd2a59d2ce46efba3240e0124497cffab84652c",
        "fasta2a-2.1.1.tar.gz",
        "fasta2a-2.1.1/fasta2a",
    ),
    # WebSocket support for HTTPX on asyncio and threads: a background reader task or thread
    # per session, send and receive queues, keep-alive pings.
    Project(
        "httpx-ws",
        "0.10.0",
        "d8d6c3f6d787a60d94e244bf4bf6c47dfd33981e7e749ce2bd0dccc479b09734",
        "httpx_ws-0.10.0.tar.gz",
        "httpx_ws-0.10.0/httpx_ws",
    ),
    # Connect RPC server and client runtime on asyncio: streaming calls, ASGI and WSGI
    # applications, interceptors.
    Project(
        "connectrpc",
        "0.13.0",
        "999d39d016a5bfaceefdbe943b9cfd669dfdf54efb8ccb0c6ed9ae9edee35fad",
        "connectrpc-0.13.0.tar.gz",
        "connectrpc-0.13.0/src/connectrpc",
    ),
    # Experiment-tracking client on threads: a sync process with sender, status and file
    # upload threads, an operations queue behind locks, console-log capture.
    Project(
        "neptune-scale",
        "0.30.0",
        "980f5fba0a82bd06eff2df5a14908a9b1be4d6170568a6e562611c5693f7b6f7",
        "neptune_scale-0.30.0.tar.gz",
        "neptune_scale-0.30.0/src/neptune_scale",
    ),
    # Lean language-server client on threads and asyncio: a reader thread for the server's
    # output, pending-request futures, a file manager behind locks, an asyncio transport.
    Project(
        "leanclient",
        "0.13.2",
        "31aca954f106805bc8cc296beef3a6cc801807e16d485322bfa80881db36892f",
        "leanclient-0.13.2.tar.gz",
        "leanclient-0.13.2/leanclient",
    ),
    # Model-service SDK on threads and asyncio: websocket streaming clients with receiver
    # threads and callbacks, audio recognition and synthesis sessions, locks around state.
    Project(
        "dashscope",
        "2.0.2",
        "888a4e961acaa6dbd87eb39a9e7a702d53b656a0d306ca44833ddcec6d29300e",
        "dashscope-2.0.2.tar.gz",
        "dashscope-2.0.2/dashscope",
    ),
    # Threat-intelligence platform client and connector helper on threads: a queue listener
    # thread, a ping thread, a work-queue API, locks around connector state.
    Project(
        "pycti",
        "7.261026.0",
        "f3087abbf31c7a72bfcc49966068d1906aace4b7e8760b68172f5bbb173dbc7f",
        "pycti-7.261026.0.tar.gz",
        "pycti-7.261026.0/pycti",
    ),
    # Test-reporting client on threads and asyncio: a threaded client with a loop thread, a
    # batched client, log batching behind locks, async and sync REST clients.
    Project(
        "reportportal-client",
        "5.7.12",
        "a8b5688f94d53955522393e969ecad2ae37a9603fa301d984a696bae7cb16134",
        "reportportal_client-5.7.12.tar.gz",
        "reportportal_client-5.7.12/reportportal_client",
    ),
    # Lineage-event client on threads: an async HTTP transport with a worker thread, an event
    # queue, pending-event tracking under a lock.
    Project(
        "openlineage-python",
        "1.39.0",
        "1a32c349f60c3588d35bed03e7afddd907a434f31771d7b047b194e8e5edab09",
        "openlineage_python-1.39.0.tar.gz",
        "openlineage_python-1.39.0/openlineage",
    ),
)

RESERVES_39 = (
    # Fleet-telemetry API client, sync and asyncio: an async session, a data feed on a thread.
    Project(
        "mygeotab",
        "0.9.8",
        "cbaed425598ea7488aa6fe1dd2a5b7fd9788547423e6a94c032fc88ae4200f82",
        "mygeotab-0.9.8.tar.gz",
        "mygeotab-0.9.8/mygeotab",
    ),
    # gNMI network-telemetry client on threads: subscription streams read by a thread.
    Project(
        "pygnmi",
        "0.8.15",
        "9b43d6334ac7ea73c0b8da395306b7618f4630adab96aaa2f28a79b3b52fdf58",
        "pygnmi-0.8.15.tar.gz",
        "pygnmi-0.8.15/pygnmi",
    ),
    # DataLoader on asyncio: batched loads scheduled on the loop, futures per key.
    Project(
        "aiodataloader",
        "0.4.3",
        "b8c07ed7fddfdccc2d6298c247b1e5fe9779e5b1c38f2e6ec541a041683ef7e8",
        "aiodataloader-0.4.3.tar.gz",
        "aiodataloader-0.4.3/aiodataloader",
    ),
    # Discord RPC client on asyncio: an IPC connection with a reader, event handlers.
    Project(
        "pypresence",
        "4.6.2",
        "7e7e93de0e94a42314300ef6d15dd2c44c64ef74b7c749243bc226be2ab90687",
        "pypresence-4.6.2.tar.gz",
        "pypresence-4.6.2/pypresence",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_39 = 0

HELDOUT_39 = HELDOUT_39_LIST + RESERVES_39[:RESERVES_TAKEN_39]

# Fortieth batch (``--batch 40``), fixed in this order before any run
# (docs/realworld-heldout-40.md), on the linter frozen at 8e845c1, the last commit to touch
# ``admf_tsan`` when the list was fixed. Chosen, as the twenty-first to thirty-ninth, for
# concurrency in the projects' own code, central to what they do, half asyncio-heavy and half
# thread-heavy, libraries and services rather than command-line tools: an object-storage client,
# a media-server client, an MCU firmware-management client, a MySQL protocol server, a CI
# service client and a Kubernetes client (asyncio); a log-service SDK, a document-conversion
# server, a model-serving client, a hyperparameter-search library, a Docker client and a
# secrets cache (threads). Every release below (reserves included) is the latest release on
# PyPI with an sdist when the list was fixed; each sdist was fetched from PyPI's JSON simple API
# (the same file ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its
# sha256, and nothing was linted. The reserves (``RESERVES_40``) are added one at a time, in
# their order, while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_40`` counts how
# many were added.
HELDOUT_40_LIST = (
    # Async MinIO / S3 client on asyncio: aiohttp sessions, concurrent multipart uploads and
    # downloads, bucket-notification listening, a sync wrapper.
    Project(
        "miniopy-async",
        "1.23.6",
        "e6249559b729f466cbb2e55a8fb6c1cdcb1b6e69b66df902ad997146451e3ce8",
        "miniopy_async-1.23.6.tar.gz",
        "miniopy_async-1.23.6/miniopy_async",
    ),
    # Music Assistant server client on asyncio: a WebSocket connection with a receive loop,
    # pending-command futures, event subscriptions, per-area controllers.
    Project(
        "music-assistant-client",
        "1.7.0",
        "e4cb032f448641c7359e42a6f7260e0028a39d51fdacb2f08929e9d4ebf1b83c",
        "music_assistant_client-1.7.0.tar.gz",
        "music_assistant_client-1.7.0/music_assistant_client",
    ),
    # MCU firmware-management (SMP) client on asyncio: serial, BLE and UDP transports, request
    # and response matching, chunked image upload.
    Project(
        "smpclient",
        "7.3.0",
        "86aa4bc1c621805d97f449793a4077f049aa88a98a1e916bf59423d072bd2a3b",
        "smpclient-7.3.0.tar.gz",
        "smpclient-7.3.0/src/smpclient",
    ),
    # MySQL server protocol on asyncio: a server accepting connections, per-connection
    # sessions and packet streams, control and kill between connections.
    Project(
        "mysql-mimic",
        "3.0.5",
        "f8bb8d6a45c8a3c9ef94a3182ca0fe263f79b556de3a23d87ac6ace7c03f77ba",
        "mysql_mimic-3.0.5.tar.gz",
        "mysql_mimic-3.0.5/mysql_mimic",
    ),
    # Taskcluster service client, sync and asyncio: generated async API clients, concurrent
    # object upload and download, retries.
    Project(
        "taskcluster",
        "113.2.0",
        "eb388c7c67d678a82951884e8f423e79bde2e9abe081f8e7ede0f1d896a2f58c",
        "taskcluster-113.2.0.tar.gz",
        "taskcluster-113.2.0/taskcluster",
    ),
    # Kubernetes client, sync and asyncio: an async client over httpx, watch streams, list
    # pagination, config and token refresh.
    Project(
        "lightkube",
        "1.0.1",
        "5f1577487be7d44c847f88a656574154e8f5dec0045d959b8328b88d7adb518a",
        "lightkube-1.0.1.tar.gz",
        "lightkube-1.0.1/src/lightkube",
    ),
    # Log-service SDK on threads: a consumer-group worker with a heartbeat thread, a thread pool
    # of shard consumers, checkpoint tracking, a queued logging handler.
    Project(
        "aliyun-log-python-sdk",
        "0.9.52",
        "8c1efd5e9f48fb8ae694c9701d6cfe80354bd5a06817d708e79128d3616b4a10",
        "aliyun_log_python_sdk-0.9.52.tar.gz",
        "aliyun_log_python_sdk-0.9.52/aliyun",
    ),
    # LibreOffice conversion server on threads: an XML-RPC server thread, the office process
    # watched by the main thread, a conversion lock.
    Project(
        "unoserver",
        "3.7",
        "b05f9578506ac7374ae1b314c3a79528636c542ac78220a9ce99110584ca424b",
        "unoserver-3.7.tar.gz",
        "unoserver-3.7/src/unoserver",
    ),
    # Model-serving client on threads and asyncio: sync and async queue clients, status
    # polling and streaming, token refresh behind a lock, realtime connections.
    Project(
        "fal-client",
        "1.0.3",
        "f0f0920eae871900e4efea1865be28d4a607a779d43d47a53a8498d2ce9691cd",
        "fal_client-1.0.3.tar.gz",
        "fal_client-1.0.3/src/fal_client",
    ),
    # Hyperparameter search on threads: Spark trials with a dispatcher thread and a thread per
    # task, MongoDB workers, a lock around shared trial state.
    Project(
        "hyperopt",
        "0.3.0",
        "d79a77522fefec13a258b97a0ccbdf40832b3270de4db08278bb07b9b934eb9a",
        "hyperopt-0.3.0.tar.gz",
        "hyperopt-0.3.0/hyperopt",
        exclude=("tests",),
    ),
    # Docker client on threads: reader threads for a subprocess's stdout and stderr feeding a
    # queue, streamed logs and events.
    Project(
        "python-on-whales",
        "0.81.0",
        "bb6172014e3fe949f908092748bddf34df758cb92c2c3d0536b75bf236abce1b",
        "python_on_whales-0.81.0.tar.gz",
        "python_on_whales-0.81.0/python_on_whales",
        exclude=("test_utils.py",),
    ),
    # Secrets Manager client-side cache on threads: a thread-safe LRU cache, per-secret refresh
    # behind locks.
    Project(
        "aws-secretsmanager-caching",
        "1.2.0",
        "b034ba7154a0b7d975fd25e1bb9805922494b6fd0632e9e117e1abb868f3a06b",
        "aws_secretsmanager_caching-1.2.0.tar.gz",
        "aws_secretsmanager_caching-1.2.0/src/aws_secretsmanager_caching",
    ),
)

RESERVES_40 = (
    # Communications SDK on asyncio: a relay client over a WebSocket, calls and tasks.
    Project(
        "signalwire",
        "2.1.1",
        "86e3a3bdc826e5b4f13860a3c3f1c2a3eb83e4ff2c597e3e3657d7f0a188010d",
        "signalwire-2.1.1.tar.gz",
        "signalwire-2.1.1/signalwire",
        exclude=("tests",),
    ),
    # Requests on threads: a session that runs requests in a thread pool, returning futures.
    Project(
        "requests-futures",
        "1.1.0",
        "f839cf536e6638a6e0ca1cfd54ac761bf3bb2b5a7ecf9349557e53acc5244d36",
        "requests_futures-1.1.0.tar.gz",
        "requests_futures-1.1.0/requests_futures",
    ),
    # Concurrency scheduling on asyncio (anyio): bounded, rate-limited task maps.
    Project(
        "aiometer",
        "1.0.0",
        "c492933dbd3a90c619473c3f242d00842ee274f6285a44b5d5fbee228a407056",
        "aiometer-1.0.0.tar.gz",
        "aiometer-1.0.0/src/aiometer",
    ),
    # Firebase Cloud Messaging client: thread-local sessions, async batch sends.
    Project(
        "pyfcm",
        "2.1.1",
        "d98ad804785a2be3999746898f7582fb1b52e7b541ccb61836ad3f8f180fea5e",
        "pyfcm-2.1.1.tar.gz",
        "pyfcm-2.1.1/pyfcm",
    ),
    # Job-monitoring client on threads: telemetry pings sent from background threads.
    Project(
        "cronitor",
        "4.9.0",
        "3ad4e4c796671f98fa1be5ee6ac49d476e67d8e61f863fe34b616b4b9484c5cb",
        "cronitor-4.9.0.tar.gz",
        "cronitor-4.9.0/cronitor",
        exclude=("tests",),
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_40 = 5

HELDOUT_40 = HELDOUT_40_LIST + RESERVES_40[:RESERVES_TAKEN_40]

# Forty-first batch (``--batch 41``), fixed in this order before any run
# (docs/realworld-heldout-41.md), on the linter frozen at bef1644, the last commit to touch
# ``admf_tsan`` when the list was fixed. Chosen, as the twenty-first to fortieth, for
# concurrency in the projects' own code, central to what they do, half asyncio-heavy and half
# thread-heavy, libraries and services rather than command-line tools: an SFTP filesystem, a
# MongoDB object-document mapper, a search-engine client, a chat-service client, a
# message-streaming client and a metrics helper (asyncio); a data-lake storage client, a mail
# queue, a queue-worker library, an HPC executor, an inventory API client and a task backend
# (threads). Every release below (reserves included) is the latest release on PyPI with an
# sdist when the list was fixed; each sdist was fetched from PyPI's JSON simple API (the same
# file ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and
# nothing was linted. The reserves (``RESERVES_41``) are added one at a time, in their order,
# while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_41`` counts how many were
# added.
HELDOUT_41_LIST = (
    # SSH/SFTP filesystem on asyncio (asyncssh): async fsspec methods, a pool of SFTP channels
    # behind a semaphore, sync calls run on fsspec's loop thread.
    Project(
        "sshfs",
        "2026.8.0",
        "1a52db45dce437c62d4a47cb8b4f72bc230300acda536a6d3bac984795262917",
        "sshfs-2026.8.0.tar.gz",
        "sshfs-2026.8.0/sshfs",
    ),
    # MongoDB object-document mapper on asyncio: async documents, queries and aggregations, a
    # bulk writer, link fetching, migrations.
    Project(
        "beanie",
        "2.2.0",
        "2dc116e7f4a6650f8066f95851d34d898983af6ffaf5366dcfef892993537a51",
        "beanie-2.2.0.tar.gz",
        "beanie-2.2.0/beanie",
    ),
    # Meilisearch client, sync and asyncio: async and sync clients over httpx, concurrent
    # batched document uploads with tasks, task polling.
    Project(
        "meilisearch-python-sdk",
        "8.0.1",
        "f76cf6dbc46ea9bd6150e608c07210f6168a06f207545574000be9cbf3da2962",
        "meilisearch_python_sdk-8.0.1.tar.gz",
        "meilisearch_python_sdk-8.0.1/meilisearch_python_sdk",
    ),
    # Stream Chat server client, sync and asyncio: a sync client over requests and an async
    # client over aiohttp with its own session, channels, campaigns.
    Project(
        "stream-chat",
        "4.33.0",
        "f99e43e179eedaf0daf92eb940d8b0a4ce7e1a888a1a312a25bd8d1798456a70",
        "stream_chat-4.33.0.tar.gz",
        "stream_chat-4.33.0/stream_chat",
    ),
    # Pub/Sub Lite client, asyncio core with thread wrappers: retrying streaming connections,
    # batching publishers, assigning subscribers, committers; sync clients drive them from a loop
    # thread and hand messages to a thread pool.
    Project(
        "google-cloud-pubsublite",
        "1.13.0",
        "cc56ca57755e7665a66f0c0025ca923f7bfeb39ba408859ffe87cb840c0e82b5",
        "google_cloud_pubsublite-1.13.0.tar.gz",
        "google_cloud_pubsublite-1.13.0/google/cloud/pubsublite",
        exclude=("testing",),
    ),
    # Prometheus helpers for asyncio: async-aware metric decorators, an aiohttp metrics server,
    # a server started on its own thread, service-discovery registration.
    Project(
        "prometheus-async",
        "26.1.0",
        "71b0868ed95ddb3bf8275b19e681f8730ac2a9a0e2df06923ebc4943dcc1b83b",
        "prometheus_async-26.1.0.tar.gz",
        "prometheus_async-26.1.0/src/prometheus_async",
    ),
    # Azure Data Lake Store client on threads: a multithreaded uploader and downloader over a
    # thread pool, a transfer client with progress behind a lock, a shutdown event.
    Project(
        "azure-datalake-store",
        "1.0.1",
        "5364d4445aab154a1c7cb10215629c3ce46ce5c7aaaf16071890c03fae53a035",
        "azure_datalake_store-1.0.1.tar.gz",
        "azure_datalake_store-1.0.1/azure",
    ),
    # Django mail queue on threads: queued mail sent in parallel by a thread pool and by
    # processes, a file lock around sending, a cache.
    Project(
        "django-post-office",
        "3.12.0",
        "9529437daac5602939bb18bf0e807fb0b4e7a4a5f0b6827204b51624276dff96",
        "django_post_office-3.12.0.tar.gz",
        "django_post_office-3.12.0/post_office",
    ),
    # Postgres-backed queue workers on threads: main, retry, purge and notify threads per
    # worker, a listener thread per queue, a lock service with a mutex.
    Project(
        "nsj-queue-lib",
        "1.2.2",
        "b0455c0cd74fb2c366982cc809b6a183477c8ef8cd28dfb96d9e94b256ee13c3",
        "nsj_queue_lib-1.2.2.tar.gz",
        "nsj_queue_lib-1.2.2/nsj_queue_lib",
        exclude=("worker_fila_teste.py", "worker_pub_sub_teste.py"),
    ),
    # HPC executor on threads: an Executor whose dispatcher threads feed task queues to worker
    # processes, dependency resolution on futures, block allocation under a lock.
    Project(
        "executorlib",
        "1.11.0",
        "b69b9cb6533cb2acb8be846179d0638ce4c1119ece1ced4747ebdc072f85d86e",
        "executorlib-1.11.0.tar.gz",
        "executorlib-1.11.0/src/executorlib",
    ),
    # NetBox API client on threads: list and filter requests paged in parallel on a thread
    # pool, a session shared across threads.
    Project(
        "pynetbox",
        "7.9.0",
        "a50e5caa07df1795a9706e5262a864cf371ae63592585191c1ad361d42695d8b",
        "pynetbox-7.9.0.tar.gz",
        "pynetbox-7.9.0/pynetbox",
    ),
    # Django tasks backend on threads: tasks run on a thread pool or a process pool, results kept
    # behind a lock.
    Project(
        "django-tasks-local",
        "2.0",
        "23e7df79a4766cbb0a76d87a2b844ab4798fb5c22880454a0fcb6acd73c50869",
        "django_tasks_local-2.0.tar.gz",
        "django_tasks_local-2.0/django_tasks_local",
    ),
)

RESERVES_41 = (
    # MongoDB object-document mapper, asyncio and sync engines: sessions, transactions.
    Project(
        "odmantic",
        "1.1.0",
        "70a1cfa7211870cd3d7eacf5a3fd99db29d6b333a33c77dcaa13330d003e2982",
        "odmantic-1.1.0.tar.gz",
        "odmantic-1.1.0/odmantic",
    ),
    # Flask helpers on threads: an app-context thread and a thread-pool executor.
    Project(
        "flask-threads",
        "0.2.0",
        "8dc6e8445cc8b97650f9c2b1a319b293a49e8f7e331b3d71dfe38a1f0b944fe5",
        "flask_threads-0.2.0.tar.gz",
        "flask_threads-0.2.0/flaskthreads",
    ),
    # DHCP packet watcher on asyncio: a raw socket read on the loop, a callback per packet.
    Project(
        "aiodhcpwatcher",
        "1.2.7",
        "a9e83daea34e576a72c4cf52ccac6ba98c1389cb08de1d5c086698f4fda8e6ca",
        "aiodhcpwatcher-1.2.7.tar.gz",
        "aiodhcpwatcher-1.2.7/src/aiodhcpwatcher",
    ),
    # Django integration for RQ: queues, workers, a scheduler, deferred enqueueing per thread.
    Project(
        "django-rq",
        "4.2.0",
        "b1d6546f9f5446987dcc1146b5f9bd7c4343ad38551f984aefa8e331309b5364",
        "django_rq-4.2.0.tar.gz",
        "django_rq-4.2.0/django_rq",
    ),
    # Closable channels on asyncio: bounded queues with getters and putters on futures.
    Project(
        "aiochannel",
        "1.4.1",
        "a2c43c83f27c995669b2ef3d4c99abddd6ceec26d8170c4c8d04ab125c4227de",
        "aiochannel-1.4.1.tar.gz",
        "aiochannel-1.4.1/aiochannel",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_41 = 5

HELDOUT_41 = HELDOUT_41_LIST + RESERVES_41[:RESERVES_TAKEN_41]

# Forty-second batch (``--batch 42``), fixed in this order before any run
# (docs/realworld-heldout-42.md), on the linter frozen at f8bbb6c, the last commit to touch
# ``admf_tsan`` when the list was fixed. Chosen, as the twenty-first to forty-first, for
# concurrency in the projects' own code, central to what they do, half asyncio-heavy and half
# thread-heavy, libraries and services rather than command-line tools: a crawling framework,
# an etcd client, a task queue, a periodic-task client, a Celery worker for coroutines and a
# job runner (asyncio); a structured-concurrency library, progress bars for threads, supervised
# background threads, an adaptive thread pool, a multithreaded downloader and a loop monitor
# (threads). Every release below (reserves included) is the latest release on PyPI with an
# sdist when the list was fixed; each sdist was fetched from PyPI's JSON simple API (the same
# file ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and
# nothing was linted. The reserves (``RESERVES_42``) are added one at a time, in their order,
# while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_42`` counts how many were
# added.
HELDOUT_42_LIST = (
    # Web crawling framework on asyncio: an engine and scheduler driving concurrent requests,
    # download handlers, item pipelines, Redis/RabbitMQ queues, a process crawler.
    Project(
        "aio-scrapy",
        "2.1.9",
        "a6811e9ea0b9349b1a5e29bf06fe2d04345a6cbc9bd76a136087e8b091da8921",
        "aio_scrapy-2.1.9.tar.gz",
        "aio_scrapy-2.1.9/aioscrapy",
    ),
    # etcd client on asyncio (grpclib): key-value calls, watchers fed by a stream task into
    # queues, leases, locks.
    Project(
        "aetcd",
        "1.0.0",
        "9d7173c9909ea3fc8a54dc7c82227c0ddf439d1b42c1bd2496956297d76c1107",
        "aetcd-1.0.0.tar.gz",
        "aetcd-1.0.0/aetcd",
    ),
    # Task queue on asyncio: a scheduler and consumer running tasks concurrently with a broker on
    # Redis, workers with start/stop lifecycles, tasks offloaded to subprocesses.
    Project(
        "aio-fluid",
        "2.12.1",
        "951ee7ac0a5d7941e24da7d5c334a5c6cbd54a3eabad0b101b62c4228c727919",
        "aio_fluid-2.12.1.tar.gz",
        "aio_fluid-2.12.1/fluid",
    ),
    # Periodic task system client on asyncio: a worker and client over a framed socket protocol,
    # agents per job, connection pools, locks.
    Project(
        "aio-periodic",
        "1.0.0",
        "fcf2b7e37043c9877254f75154237a0fceb8a3305104b8bc9b94d3b022b7cfa8",
        "aio_periodic-1.0.0.tar.gz",
        "aio_periodic-1.0.0/aio_periodic",
    ),
    # Celery worker for asyncio coroutines: AMQP consumption, tasks run as asyncio tasks under a
    # semaphore, result backends, a worker entry point.
    Project(
        "aio-celery",
        "0.22.0",
        "7147e14a43d40fb77deed68bbd6677a03f54c1c32d1e8bb1e85d6368f80e1053",
        "aio_celery-0.22.0.tar.gz",
        "aio_celery-0.22.0/aio_celery",
    ),
    # Named jobs on asyncio, local processes, threads or Ray: async compute front end, TTLs,
    # eviction, resource budgets, a durable journal.
    Project(
        "asteroidbelt",
        "1.0.0",
        "cae8959caad86c1ac20bb538a300b95efa2f679e258518248af252076051ad22",
        "asteroidbelt-1.0.0.tar.gz",
        "asteroidbelt-1.0.0/src/asteroidbelt",
    ),
    # Structured concurrency on threads and processes: a ConcurrencyGroup that owns threads,
    # subprocesses and executors, shutdown events, strands.
    Project(
        "concurrency-group",
        "0.1.20",
        "64371cbf6feb501e672f616787e50862bb5eeff474af3cc9ef791366acf2f8b3",
        "concurrency_group-0.1.20.tar.gz",
        "concurrency_group-0.1.20/imbue/concurrency_group",
        exclude=(
            "concurrency_group_test.py",
            "event_utils_test.py",
            "executor_test.py",
            "local_process_test.py",
            "subprocess_utils_test.py",
            "test_ratchets.py",
            "test_utils.py",
        ),
    ),
    # Progress bars for threads and processes: reports sent through a queue to a pickup thread
    # that draws the bars, a state machine behind a lock.
    Project(
        "atpbar",
        "2.0.10",
        "4b6e87dae70d726fa5ca9696851880dc1135ca6a404f66be77b7ae8cfb588a0b",
        "atpbar-2.0.10.tar.gz",
        "atpbar-2.0.10/atpbar",
    ),
    # Fault-tolerant background threads: supervised threads restarted on failure, stop events,
    # periodic jobs.
    Project(
        "bgt",
        "26.2.0",
        "de2a379b1f67db3d1d4a072b023074c26a7a7222a3ad147d18812a3555e06849",
        "bgt-26.2.0.tar.gz",
        "bgt-26.2.0/src/bgt",
    ),
    # Adaptive thread pool: a ThreadPoolExecutor whose size a monitor thread tunes from measured
    # GIL contention, behind locks.
    Project(
        "betapool",
        "1.0.2",
        "4d02ac444536eb9aaf1fea5559514d16713727141c890a4eb28ee1a8382f1343",
        "betapool-1.0.2.tar.gz",
        "betapool-1.0.2/betapool",
        exclude=("tests",),
    ),
    # Multithreaded, multi-source file downloader library: chunks fetched by a thread pool,
    # progress shared across threads, a session per thread.
    Project(
        "bdownload",
        "0.2.4",
        "b088ea042650a4469085157d272bc0e17736ed3e6abfa18a3ab84e4ab26f7b8e",
        "bdownload-0.2.4.tar.gz",
        "bdownload-0.2.4/src/bdownload",
    ),
    # asyncio blocking monitor on threads: audit hooks, a CPU sampler thread and a slow-task
    # watcher reporting to callbacks from other threads.
    Project(
        "aiocop",
        "1.2.1",
        "15cb3286ccb3f2a35d9cf6aa7009f53640e69df8570c0eaddc28ad26bbf72e88",
        "aiocop-1.2.1.tar.gz",
        "aiocop-1.2.1/aiocop",
    ),
)

RESERVES_42 = (
    # Leak detectors for asyncio tasks, threads and loop blocking: a monitor thread watching the
    # loop.
    Project(
        "pyleak",
        "0.2.0",
        "a0e8b94d66963358fdb370bade4caac0ce922f173dd89c853e26870b1f7ef520",
        "pyleak-0.2.0.tar.gz",
        "pyleak-0.2.0/src/pyleak",
        exclude=("pytest_plugin.py",),
    ),
    # Glue between asyncio and threads: thread pools for coroutines, sync/async calls across
    # loops, thread-safe channels.
    Project(
        "aiothreads",
        "1.1.4",
        "21fe7de2ac792a072c611327ebaefba564e33d61c385ef58a0a953341544ec61",
        "aiothreads-1.1.4.tar.gz",
        "aiothreads-1.1.4/aiothreads",
    ),
    # Asynchronous iterators and functions over threads: generators driven on worker threads,
    # results handed to the loop.
    Project(
        "athreading",
        "0.3.1",
        "454a381d17a4faf8e277e5cf42c258b27e3d3fe93d0856389bcafa132032fb8d",
        "athreading-0.3.1.tar.gz",
        "athreading-0.3.1/src/athreading",
    ),
    # Producers and consumers in a background thread or process, queues between them.
    Project(
        "concurrent-iterator",
        "0.4.0",
        "1867853a07779b9f73d1c4b3b8ce2d3277b2234fac6a7cb2cf5562d269fa64e8",
        "concurrent_iterator-0.4.0.tar.gz",
        "concurrent_iterator-0.4.0/concurrent_iterator",
    ),
    # Thread-safe event bus: channels, glob filters, backpressure, sync and async iteration.
    Project(
        "codechu-events",
        "0.3.0",
        "057ad1be022595ffff10744c58c7a4eef21cdf00421f755ef71bf223ee862f25",
        "codechu_events-0.3.0.tar.gz",
        "codechu_events-0.3.0/src/codechu_events",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_42 = 1

HELDOUT_42 = HELDOUT_42_LIST + RESERVES_42[:RESERVES_TAKEN_42]

# Forty-third batch (``--batch 43``), fixed in this order before any run
# (docs/realworld-heldout-43.md), on the linter frozen at 32634df, the last commit to touch
# ``admf_tsan`` when the list was fixed. Chosen, as the twenty-first to forty-second, for
# concurrency in the projects' own code, central to what they do, half asyncio-heavy and half
# thread-heavy, libraries and services rather than command-line tools: a microservice library,
# a task dispatcher, a publish/subscribe framework, background tasks for FastAPI, an XMPP server
# and a syslog server (asyncio); an asynchronous-object framework, a thread library, threading
# helpers, PostgreSQL-orchestrated background threads, an S3 sync daemon and a parallel SSH
# runner (threads). Every release below (reserves included) is the latest release on PyPI with
# an sdist when the list was fixed; each sdist was fetched from PyPI's JSON simple API (the same
# file ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and
# nothing was linted. The reserves (``RESERVES_43``) are added one at a time, in their order,
# while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_43`` counts how many were
# added.
HELDOUT_43_LIST = (
    # Microservice library on asyncio: HTTP and websocket handlers, AWS SNS/SQS and AMQP
    # consumers and publishers, scheduled functions, a service runner with graceful shutdown.
    Project(
        "tomodachi",
        "0.29.0",
        "2db0e643a5ab380f6c03f4ae83c11f28929c1ad951a37c4f23b2bafbf217af6e",
        "tomodachi-0.29.0.tar.gz",
        "tomodachi-0.29.0/tomodachi",
    ),
    # Task dispatcher on asyncio: a main process feeding a pool of worker processes, pg_notify and
    # socket brokers, producers, a blocker/delayer/queuer, control messages.
    Project(
        "dispatcherd",
        "2026.5.27",
        "46e22f4d3da8b430b14009de2b588bbe055b3bdbd682d3b60ff084194daf584a",
        "dispatcherd-2026.5.27.tar.gz",
        "dispatcherd-2026.5.27/dispatcherd",
        exclude=("testing",),
    ),
    # Publish/subscribe framework on asyncio: services with consumers run as tasks, brokers for
    # NATS, Kafka, RabbitMQ and Redis, middlewares, result backends.
    Project(
        "eventiq",
        "1.1.16",
        "95a0bf8818a65e8a3657ed723d2bbd4a40fb651e6392c34c342b83853c645118",
        "eventiq-1.1.16.tar.gz",
        "eventiq-1.1.16/eventiq",
    ),
    # Background tasks for FastAPI: async, thread and process executors, retries, periodic tasks,
    # persistence backends, log sinks, an admin dashboard.
    Project(
        "fastapi-taskflow",
        "0.12.1",
        "191436b469e5ad3f3c5803d7a5557e283462bfcdae6c4be56c6faad17d93ce10",
        "fastapi_taskflow-0.12.1.tar.gz",
        "fastapi_taskflow-0.12.1/fastapi_taskflow",
    ),
    # XMPP server on asyncio: client and server-to-server connections, XML stream parsers, message
    # queues with workers, presence and roster handling, an HTTP API.
    Project(
        "pyjabber",
        "0.4.5",
        "724afcf849c3758cb6c2b63c5bb6f59b66bc0102a7fcf1ff9c06f7d374e13d43",
        "pyjabber-0.4.5.tar.gz",
        "pyjabber-0.4.5/pyjabber",
    ),
    # Syslog server on asyncio: a UDP protocol feeding a batching queue, SQLite and Meilisearch
    # writers, a web viewer.
    Project(
        "aiosyslogd",
        "1.5.0",
        "4f3bac505adb2a60da6feec9442e3683db11275bbdc2d45269b246be233e82a3",
        "aiosyslogd-1.5.0.tar.gz",
        "aiosyslogd-1.5.0/aiosyslogd",
    ),
    # Concurrency by asynchronous objects on threads, processes and hosts: machines and point
    # objects exchanging messages through queues, timers, a network layer, process directories.
    Project(
        "kipjak",
        "1.0.27",
        "03a66cd7cc4bb9df7fde1fb294d4fa3f3f1bbdde3c302c6c67cd81011458ec9c",
        "kipjak-1.0.27.tar.gz",
        "kipjak-1.0.27/src/kipjak",
    ),
    # Thread library: supervised threads with stop signals, timers (Till), locks, queues, thread
    # pools, subprocess wrappers, a Python worker over pipes.
    Project(
        "mo-threads",
        "6.704.26062",
        "8ab035817fd001f6c597990750979a6bd43c0ca650fa21de321c068632c1c9dc",
        "mo_threads-6.704.26062.tar.gz",
        "mo_threads-6.704.26062/mo_threads",
    ),
    # Threading and multiprocessing helpers: thread and process worker decorators with pools,
    # read-write locks, semaphores, funnels and announcement queues.
    Project(
        "lox",
        "1.0.0",
        "1ff5f9426db2e02d28a5db36029858eefaa6d68af1f91eabd36680d1f363844c",
        "lox-1.0.0.tar.gz",
        "lox-1.0.0/lox",
    ),
    # Background threads orchestrated through PostgreSQL: a dispatcher thread, services leased by
    # rows, heartbeats, stop events.
    Project(
        "pgbg",
        "26.3.0",
        "38d58a9c78becfd76562b0fe5c95352a2f09fade3d3ebb36d0bf9b45fd5e5719",
        "pgbg-26.3.0.tar.gz",
        "pgbg-26.3.0/src/pgbg",
    ),
    # S3 file synchronization daemon: a watcher thread, an upload/download engine on a thread
    # pool, throttling, an index shared across threads.
    Project(
        "s3syncy",
        "1.2.0",
        "525c190222735eacd2b3bddab3fe8b19bc486dc181a7825f739042d8afe86344",
        "s3syncy-1.2.0.tar.gz",
        "s3syncy-1.2.0/s3syncy",
    ),
    # Paramiko wrapper running SSH commands on many hosts from threads or processes: a queue of
    # hosts, worker threads, progress output behind a lock.
    Project(
        "sshreader",
        "7.0.0",
        "7f53dcb17a68cb6b03ef62a7d2e39dc811fb6f16b924252537990c1306c5fb8d",
        "sshreader-7.0.0.tar.gz",
        "sshreader-7.0.0/sshreader",
    ),
)

RESERVES_43 = (
    # Task queue on asyncio backed by Redis: workers running tasks concurrently, scheduler, rate
    # limits, result backends, sync clients on a loop thread.
    Project(
        "blitzq",
        "1.1.0",
        "ed6ecc9ce3ec329b51f2037f2586101b4ced176c06a56ef21b8333dca761f550",
        "blitzq-1.1.0.tar.gz",
        "blitzq-1.1.0/src/blitzq",
    ),
    # asyncio loops on their own threads: a threaded loop runner, cross-thread calls and queues.
    Project(
        "xasyncio",
        "0.2.18",
        "35788223516f65d325504a5c85b6e39b9ec6df5a530c960414e7551b048d53a4",
        "xasyncio-0.2.18.tar.gz",
        "xasyncio-0.2.18/src/xasyncio",
    ),
    # Actor toolkit on asyncio: actors with mailboxes, supervision, timers, routers, dispatchers,
    # clustering.
    Project(
        "tapio-py",
        "0.18.0",
        "b2f47446249e43144f0e6f33b9d3732c9c5d38640548c62ebe9ab9d757f77bfd",
        "tapio_py-0.18.0.tar.gz",
        "tapio_py-0.18.0/src/tapio",
        exclude=("testkit",),
    ),
    # Server-sent events over plain HTTP on threads: a thread-safe broadcaster and a client.
    Project(
        "larzsse",
        "0.1.0",
        "fde2fbaf8cd40c793a7f2059188cfc28bdcf6f045683233a5df6ef984a19ffe7",
        "larzsse-0.1.0.tar.gz",
        "larzsse-0.1.0/larzsse",
    ),
    # Task scheduling engine on threads: a scheduler thread feeding a thread pool.
    Project(
        "schedcore",
        "0.3.3",
        "f0dc0526d48597733373672448c253389e16e7003294cd5ee3811d2314b5fb0c",
        "schedcore-0.3.3.tar.gz",
        "schedcore-0.3.3/src/schedcore",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_43 = 3

HELDOUT_43 = HELDOUT_43_LIST + RESERVES_43[:RESERVES_TAKEN_43]

# Forty-fourth batch (``--batch 44``), fixed in this order before any run
# (docs/realworld-heldout-44.md), on the linter frozen at 5457365, the last commit to touch
# ``admf_tsan`` when the list was fixed. Chosen, as the twenty-first to forty-third, for
# concurrency in the projects' own code, central to what they do, half asyncio-heavy and half
# thread-heavy, libraries and services rather than command-line tools: a multi-protocol server
# toolkit, a reverse proxy, an ASGI server, an MQTT client, a task manager and a Pub/Sub
# framework (asyncio); a stage for coroutines on loop threads and thread pools, progress bars
# for worker pools, a scheduler and logging toolkit on threads, a connection pool, SQLite from
# many threads and a thread-pool task backend for Django (threads). Every release below
# (reserves included) is the latest release on PyPI with an sdist when the list was fixed; each
# sdist was fetched from PyPI's JSON simple API (the same file ``pip download --no-deps
# --no-binary :all:`` fetches) and pinned with its sha256, and nothing was linted. The reserves
# (``RESERVES_44``) are added one at a time, in their order, while the batch gives fewer than 15
# findings: ``RESERVES_TAKEN_44`` counts how many were added.
HELDOUT_44_LIST = (
    # Multi-protocol server toolkit on asyncio: TCP, UDP, HTTP and WebSocket servers with TLS,
    # authentication, rate limiting, rooms, plugins and metrics.
    Project(
        "yashserver",
        "1.2.0",
        "d59babe94226911643851cab08336cf0c75449ca99261774d3c63b0bd9927e43",
        "yashserver-1.2.0.tar.gz",
        "yashserver-1.2.0/src/yashserver",
    ),
    # Reverse proxy on asyncio: upstream pools, health checks, load balancing, rate limiting,
    # caching, hot configuration reload.
    Project(
        "python-pyproxy",
        "0.2.2",
        "b495d39893ffafc5ff033f0d372cdd9cf2fdbb1c47f264e31c64c68d5e5d5c48",
        "python_pyproxy-0.2.2.tar.gz",
        "python_pyproxy-0.2.2/src/pyproxy",
    ),
    # ASGI server on asyncio: HTTP/1.1 and HTTP/2 connections, lifespan, a reverse proxy,
    # redirects, rate limiting.
    Project(
        "echocorn",
        "1.0.5",
        "8f7020f6840b730c74b4a190c5ed4c27d188b32cec85c77d78a02a01f946cfcf",
        "echocorn-1.0.5.tar.gz",
        "echocorn-1.0.5/echocorn",
    ),
    # MQTT 3.1.1/5.0 client on asyncio: a connection with reader and keep-alive tasks, in-flight
    # message tracking, subscriptions delivered through queues, automatic reconnect.
    Project(
        "zmqtt",
        "0.2.5",
        "737b763d485323afae1dd88646027f2d70b744cbb8098bfdee7de31bbbe721e3",
        "zmqtt-0.2.5.tar.gz",
        "zmqtt-0.2.5/src/zmqtt",
    ),
    # Task manager on asyncio's low-level API: scheduled, cron and delayed jobs, timers on the
    # loop, thread and process executors, middlewares, persistence.
    Project(
        "jobify",
        "0.14.0",
        "2f84036c082956afcbac484787740c38cd3a9be7567bbc5b560847c2e955c13b",
        "jobify-0.14.0.tar.gz",
        "jobify-0.14.0/src/jobify",
    ),
    # Google Cloud Pub/Sub framework on asyncio: subscribers run as tasks with flow control,
    # publishers, middlewares, an application lifecycle.
    Project(
        "fastpubsub",
        "0.9.8",
        "d3ee6f7876f078315c8e39f3e5eb04063332a24be473bfcc5d2e3df4a9ff1eb0",
        "fastpubsub-0.9.8.tar.gz",
        "fastpubsub-0.9.8/fastpubsub",
        exclude=("testing.py",),
    ),
    # Asynchronous and multithreaded programming: a stage running coroutines on a loop thread,
    # a task thread pool, hybrid generators, event emitters, tunnels between threads.
    Project(
        "agently-stage",
        "0.3.9",
        "a70a9e8bcb0f4cb93e480520ae8b954d71777f9120bd6497484c9ea7a172aac8",
        "agently_stage-0.3.9.tar.gz",
        "agently_stage-0.3.9/agently_stage",
    ),
    # Progress bars for thread and process pools: workers report through queues to a listener
    # thread, nested bars, worker-safe logging.
    Project(
        "mqdm",
        "2.0.7",
        "071e99e1eba7e6ec03d481e1e5ef59de832eca554bd9d975f77d0504ff1a4256",
        "mqdm-2.0.7.tar.gz",
        "mqdm-2.0.7/mqdm",
    ),
    # Threading toolkit for trading systems: a TCP logging server and client, cron, interval and
    # time schedulers on threads with overlap protection, inter-process communication.
    Project(
        "utils-tx",
        "0.1.1",
        "e2b3b2935e7b71e354f76bcb329b7ed85b85ddbc8bd9021b81c5b335c499f87b",
        "utils_tx-0.1.1.tar.gz",
        "utils_tx-0.1.1/src/utils_tx",
    ),
    # Generic connection pool, sync and asyncio: a thread-safe pool with a maintenance thread,
    # health checks, idle eviction, a circuit breaker, statistics under locks.
    Project(
        "connpool",
        "1.0.14",
        "1ef42af9a4d0cd0ae24efe262ad1b307257aceb3543dcbfa7e4869aae9509e64",
        "connpool-1.0.14.tar.gz",
        "connpool-1.0.14/src/connpool",
    ),
    # SQLite from many threads: one worker thread owning the connection, a queue of commands,
    # transactions, expression composition.
    Project(
        "mo-sqlite",
        "2.673.25037",
        "4452f95870a4be77dec5555516fdc37f7a2fd98f0d73fb434af3654d119cccd0",
        "mo_sqlite-2.673.25037.tar.gz",
        "mo_sqlite-2.673.25037/mo_sqlite",
    ),
    # Django Tasks backend: an in-process thread pool running tasks, persistence in the
    # database, recovery of interrupted tasks.
    Project(
        "django-tasks-local-db",
        "0.4.0",
        "6c34dc8da3c411fa349ae66cf37882de6a75bffa5ac46cbe9c9e629109a8757a",
        "django_tasks_local_db-0.4.0.tar.gz",
        "django_tasks_local_db-0.4.0/django_tasks_local_db",
    ),
)

RESERVES_44 = (
    # Rule-routed proxy server on asyncio: per-destination mTLS, upstream proxy chaining, tunnels,
    # TLS interception.
    Project(
        "netproxy",
        "0.3.1",
        "ee3dd430b0d2e1fc0740083a3341c07fd7eb735d43e78750848e7eceebb43bb9",
        "netproxy-0.3.1.tar.gz",
        "netproxy-0.3.1/src/netproxy",
    ),
    # Async code in background threads: loops on their own threads, cross-thread calls and
    # queues.
    Project(
        "threaded-async",
        "1.4",
        "f7d4aebd1b32263b1dbbc63a842da3b1a6a6751535889868194b07d3b5cd09d6",
        "threaded_async-1.4.tar.gz",
        "threaded_async-1.4/src/threaded_async",
    ),
    # Gemini protocol server and client on asyncio.
    Project(
        "nauyaca",
        "0.11.0",
        "3d844bf2631dc9b5f2b959bf594262025a29b2ce1f42b8f7f9b05ac15210d719",
        "nauyaca-0.11.0.tar.gz",
        "nauyaca-0.11.0/src/nauyaca",
    ),
    # Compressed in-memory queues for threads and asyncio.
    Project(
        "quez",
        "1.1.3",
        "e36b951320ca6dd8dc848430a7327f23cc1ade038a911e47f6698b91db531dda",
        "quez-1.1.3.tar.gz",
        "quez-1.1.3/quez",
    ),
    # Batch executor: async, thread, process and hybrid execution modes with progress and logging.
    Project(
        "batch-executor",
        "0.3.0",
        "fea3e0ceda0d07e275d3ca53ad92653b94ef1192f4cfe54df76200c02468420e",
        "batch_executor-0.3.0.tar.gz",
        "batch_executor-0.3.0/src/batch_executor",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_44 = 4

HELDOUT_44 = HELDOUT_44_LIST + RESERVES_44[:RESERVES_TAKEN_44]

# Forty-fifth batch (``--batch 45``), fixed in this order before any run
# (docs/realworld-heldout-45.md), on the linter frozen at 9cecd8f, the last commit to touch
# ``admf_tsan`` when the list was fixed. Chosen, as the twenty-first to forty-fourth, for
# concurrency in the projects' own code, central to what they do, half asyncio-heavy and half
# thread-heavy, libraries and services rather than command-line tools: an HTTP/ASGI server, an
# actor system, an MQTT client, a WebDAV server, an MQTT broker and client and a queue task
# engine (asyncio); a concurrency library with thread, process and asyncio workers and pools,
# daemon and I/O-thread helpers, a thread-safe time-versioned store, a concurrent key/value
# store, a streaming framework on threads and a library of threads and processes with shared
# objects (threads). Every release below (reserves included) is the latest release on PyPI with
# an sdist when the list was fixed; each sdist was fetched from PyPI's JSON simple API (the
# same file ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its sha256,
# and nothing was linted. The reserves (``RESERVES_45``) are added one at a time, in their
# order, while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_45`` counts how many
# were added.
HELDOUT_45_LIST = (
    # Stream-oriented HTTP server on asyncio that also serves ASGI applications: keep-alive
    # connections, request and response streaming, WebSocket, worker processes.
    Project(
        "tremolo",
        "0.5.3",
        "1c5a9196e04970252b54b57cabc87b963d44913a2438e118da7e6ddf54517d18",
        "tremolo-0.5.3.tar.gz",
        "tremolo-0.5.3/tremolo",
    ),
    # Actor system on asyncio: actors with mailboxes, messages, persistence.
    Project(
        "papyra",
        "0.3.0",
        "662af17ebb4d4554af4df8a53d95116a19450d656f2b3fe8426dfd28cfcbc858",
        "papyra-0.3.0.tar.gz",
        "papyra-0.3.0/papyra",
    ),
    # MQTT client on asyncio: reader and keep-alive tasks, in-flight tracking, reconnect,
    # persistent sessions.
    Project(
        "mqttium",
        "1.2.1",
        "dfeeb2edef48e9e7a7203562f973e5bde5eadce00cddf642e152bc6988b497e9",
        "mqttium-1.2.1.tar.gz",
        "mqttium-1.2.1/src/mqttium",
    ),
    # WebDAV server on ASGI/asyncio: several storage providers, locks, authentication.
    Project(
        "asgiwebdav",
        "2.1.0",
        "d11ae797575b7cbe5be73d37ae99f839a68da39a70873e101dba33fbde6d0e2f",
        "asgiwebdav-2.1.0.tar.gz",
        "asgiwebdav-2.1.0/asgi_webdav",
    ),
    # MQTT broker and client on anyio (asyncio): sessions, retained messages, plugins.
    Project(
        "moat-mqtt",
        "0.42.20",
        "dd74242de27997df46e7b7a4dbedf4e3bc7bbc6ad1e27e4b82ee465ba5ca729a",
        "moat_mqtt-0.42.20.tar.gz",
        "moat_mqtt-0.42.20/src/moat/mqtt",
        exclude=("test.py",),
    ),
    # Async queue task engine on asyncio: workers, rate limiting, retries, pauses.
    Project(
        "aqute",
        "0.11.0",
        "65c798213dfd32a7fcc39ccf8c07c4793cd06905449931cbd93a726460a8cb5e",
        "aqute-0.11.0.tar.gz",
        "aqute-0.11.0/aqute",
    ),
    # Concurrency library: workers and worker pools on threads, processes and asyncio, limits,
    # retries.
    Project(
        "concurry",
        "0.13.2",
        "9692aad9ae806edc55613dcdcce19d5ca2f60512baa80e047e0b813d3cb951c2",
        "concurry-0.13.2.tar.gz",
        "concurry-0.13.2/src/concurry",
    ),
    # Concurrent and parallel processing helpers: daemons on threads and asyncio, I/O threads,
    # process pools, storage.
    Project(
        "minibone",
        "0.10.1",
        "94c77c3a5eb52200174ca7409cc0c9ff93c0880b0962cd8d2aed8dca37ab226b",
        "minibone-0.10.1.tar.gz",
        "minibone-0.10.1/src/minibone",
    ),
    # Thread-safe, time-versioned key/value store: LRU cache, pruning thread, async access.
    Project(
        "chronomap",
        "2.2.1",
        "a53c5747e6c23273734dc0f1fd148d0948a352d2fde0e736198eb4f8da00f1b1",
        "chronomap-2.2.1.tar.gz",
        "chronomap-2.2.1/chronomap",
    ),
    # Reactive, TTL-aware concurrent key/value store: lock-free reads, one lock per write,
    # an expiry thread.
    Project(
        "nimbuskv",
        "3.1.1",
        "fdcb9cd813363e7f3ae03a98fd5be20699ff58b362a47609af16b7cd4ec871dd",
        "nimbuskv-3.1.1.tar.gz",
        "nimbuskv-3.1.1/nimbuskv",
    ),
    # Streaming data framework on threads: operators, watermarks, windows, keyed state.
    Project(
        "liutang",
        "0.1.0",
        "a8f08a4b109b26fce18519935edc4502d60abd4dc7a37e5f1e51d4aaf2b29270",
        "liutang-0.1.0.tar.gz",
        "liutang-0.1.0/src/liutang",
    ),
    # Functional programming across threads and processes: threads with results, shared
    # objects, remote hosts.
    Project(
        "processional",
        "0.1.6",
        "0974f3b8cfa2b2eec089a38bcbfb32f41060794f68303f0a8649371ec76e97bf",
        "processional-0.1.6.tar.gz",
        "processional-0.1.6/processional",
    ),
)

RESERVES_45 = (
    # Concurrent download manager: segments on asyncio, a manager thread, pauses and retries.
    Project(
        "pypdl",
        "1.5.7",
        "2d28b504bdbe4b232ef1f1c38cf39c8fae4267444b5701888b3aad7164b5f45e",
        "pypdl-1.5.7.tar.gz",
        "pypdl-1.5.7/pypdl",
    ),
    # Many PostgreSQL databases from asyncio: one pool per database, parallel queries,
    # concurrency limits, timeouts.
    Project(
        "pgmesh",
        "0.2.0",
        "796454db292a533e951154f20cbc3901436ed82fd78c8da519367659ef38fbf7",
        "pgmesh-0.2.0.tar.gz",
        "pgmesh-0.2.0/src/pgmesh",
    ),
    # Resource and concurrency control for background jobs on threads.
    Project(
        "retsu",
        "0.4.1",
        "6ca28f2a23521f8eccc64aec421296dfcffa4a0dcc331b4021c566a55f0bdbdb",
        "retsu-0.4.1.tar.gz",
        "retsu-0.4.1/src/retsu",
    ),
    # Transactional outbox relay on asyncio: polling, claiming, publishing, retries.
    Project(
        "txoutbox",
        "0.2.2",
        "5ef733f6f13cafd2923da8191c6c14819a9a0da38f32fd8ee8be4748641376f9",
        "txoutbox-0.2.2.tar.gz",
        "txoutbox-0.2.2/src/txoutbox",
        exclude=("testing.py",),
    ),
    # Thread-safe camera and audio multiplexer: capture threads, recording, a watchdog.
    Project(
        "deltascream",
        "0.1.4",
        "2dc0a0a5af0244d0047472f9731d3c4c0cc563a43d6e46827d4665404cfffa47",
        "deltascream-0.1.4.tar.gz",
        "deltascream-0.1.4/src/DeltaScream",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_45 = 5

HELDOUT_45 = HELDOUT_45_LIST + RESERVES_45[:RESERVES_TAKEN_45]

# Forty-sixth batch (``--batch 46``), fixed in this order before any run
# (docs/realworld-heldout-46.md), on the linter frozen at 9cecd8f, the last commit to touch
# ``admf_tsan`` when the batch was begun (30c1fec, which landed while the list was chosen,
# changes only the github output format). Chosen, as the twenty-first to forty-fifth, for
# concurrency in the projects' own code, central to what they do, half asyncio-heavy and half
# thread-heavy, libraries and services rather than command-line tools: a WebSocket protocol
# server, a task queue, a typed RPC library, an exchange wrapper with a multiplexer server, an
# Asterisk client and a viewer-control protocol client (asyncio); a JSON and graph database for
# many threads, a concurrent Jupyter kernel, classes of declared concurrent work, a workload-aware
# pool framework, a key rotation and rate limiting manager and a persistence manager (threads).
# Every release below (reserves included) is the latest release on PyPI with an sdist when the
# list was fixed; each sdist was fetched from PyPI's JSON simple API (the same file ``pip
# download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and nothing was
# linted. The reserves (``RESERVES_46``) are added one at a time, in their order, while the
# batch gives fewer than 15 findings: ``RESERVES_TAKEN_46`` counts how many were added.
HELDOUT_46_LIST = (
    # WebSocket server on asyncio for the smooth-operator protocol: sessions, resumable streams,
    # heartbeats, broadcast to connected clients.
    Project(
        "smooai-smooth-operator-server",
        "1.66.0",
        "af7fe75a6b120d69c70b9c886c88006a104e053d84a6ca31e0bb7f636df9875d",
        "smooai_smooth_operator_server-1.66.0.tar.gz",
        "smooai_smooth_operator_server-1.66.0/src/smooth_operator_server",
    ),
    # Task queue on asyncio: immediate, delayed and periodic tasks, priority queues, workers,
    # retries, locks and distributed backends.
    Project(
        "neotask",
        "1.0.4",
        "00972f57ad59bf9ce0b2462dabf8234f974cf9f1e6c0eadbc4f6c8a5818502ba",
        "neotask-1.0.4.tar.gz",
        "neotask-1.0.4/src/neotask",
    ),
    # Typed RPC on asyncio over WebSocket, direct or through a router: connections with
    # reconnect, pending calls, streams.
    Project(
        "meshcall",
        "0.3.0",
        "f7e88e8907ed0d018c252e702137416e76889837eaa8c496c42b18528a90c552",
        "meshcall-0.3.0.tar.gz",
        "meshcall-0.3.0/src/meshcall",
    ),
    # REST and WebSocket wrapper for crypto exchanges on asyncio, with a gRPC multiplexer server:
    # stream reconnect loops, event queues, rate limits.
    Project(
        "exchanges-wrapper",
        "2.2.5",
        "63377043ccbc0c2d5ed3ec1fe2e7fbc997eb9dd60f26a9279e4070acb684641d",
        "exchanges_wrapper-2.2.5.tar.gz",
        "exchanges_wrapper-2.2.5/exchanges_wrapper",
    ),
    # Asterisk REST Interface client on asyncio: an event WebSocket, event dispatch to
    # handlers, channel and bridge objects.
    Project(
        "ari-client",
        "0.9.0",
        "0357c7c7e50c009dc09648ac1f723743a1ac51e0def6de50716b108f683d6eb2",
        "ari_client-0.9.0.tar.gz",
        "ari_client-0.9.0/ari_client",
    ),
    # Control of a Second Life viewer over the LEAP protocol on asyncio: a connection with
    # reader tasks, pending replies, event listeners.
    Project(
        "outleap",
        "0.9.0",
        "403685e515a89bd4bebd886179cdb670db5b50d8b70596b542a428178877d438",
        "outleap-0.9.0.tar.gz",
        "outleap-0.9.0/src/outleap",
    ),
    # Key/value JSON and graph database for many threads: locks around the store, a cache-warming
    # thread, a threaded server, time travel, compression.
    Project(
        "omni-json-db",
        "3.0.10",
        "37b6befcafe0b9f466339a22a1075f4ef92ab07c05c4c4ff434c4d8e51d0d120",
        "omni_json_db-3.0.10.tar.gz",
        "omni_json_db-3.0.10/omni_json_db",
    ),
    # Concurrent Jupyter kernel: message handling on threads and AnyIO/asyncio loops, a control
    # thread, a caller that moves work between threads and loops.
    Project(
        "async-kernel",
        "0.23.1",
        "c54f9c5bbf6f55067b6075f7c991cc1eebdb9fcd48db0f10d04c367650591fe1",
        "async_kernel-0.23.1.tar.gz",
        "async_kernel-0.23.1/src/async_kernel",
    ),
    # Classes with a declared shape of concurrent work: worker and watcher threads, queues,
    # stop control, subclass hooks.
    Project(
        "honehone",
        "2.0.1",
        "8639e049dcabc257bb26208cde7cb89896588041805283bbe2908c0661e52dc9",
        "honehone-2.0.1.tar.gz",
        "honehone-2.0.1/src/honehone",
    ),
    # Workload-aware execution framework: thread and process pools chosen and tuned at run
    # time, shared statistics under locks.
    Project(
        "intelligent-futures",
        "0.5.0",
        "4f430099270016cc7a55572cf0217520fe40e264ee1c3832c11bc61fa5dc6464",
        "intelligent_futures-0.5.0.tar.gz",
        "intelligent_futures-0.5.0/src/intelligent_futures",
    ),
    # Thread-safe API key rotation and rate limiting: per-key usage windows under locks,
    # cooldowns, a cleanup thread and a usage-writer thread.
    Project(
        "keycycle",
        "0.5.4",
        "2ce688c4aa1ee73691d2b606e1090f0288f4116ecd98d910a3c3c0a857d5e814",
        "keycycle-0.5.4.tar.gz",
        "keycycle-0.5.4/keycycle",
    ),
    # Thread-safe persistence manager with pluggable storage backends: per-store locks,
    # sync and asyncio faces.
    Project(
        "oj-persistence",
        "0.1.5",
        "aa504ec68ed9a963e39a60344750b3a2efd6fec816b4212ea4f2a0974f3d7570",
        "oj_persistence-0.1.5.tar.gz",
        "oj_persistence-0.1.5/oj_persistence",
    ),
)

RESERVES_46 = (
    # Task queue orchestrator with resource-aware scheduling: actors on threads and asyncio,
    # queues, locks.
    Project(
        "atqo",
        "2.1.0",
        "19fa5f3ac710e363396bcaed89b1b879c4d08882084fa9236460c722bc28fe9d",
        "atqo-2.1.0.tar.gz",
        "atqo-2.1.0/atqo",
        exclude=("tests",),
    ),
    # Bidirectional-streaming gRPC framework: server and client on threads, queues, hooks.
    Project(
        "pookiepy",
        "0.0.19",
        "c275c5730df4e988270a6a8ccb9863f72a073eba6191a6b7cc0721a7841e53ec",
        "pookiepy-0.0.19.tar.gz",
        "pookiepy-0.0.19/pookiepy",
    ),
    # PostgreSQL framework with a thread-safe connection pool and repositories.
    Project(
        "pypgkit",
        "1.0.0",
        "f3f0d460b17af9aa5de7f7c7c91b996e8528aa6e454903c83efc9c4ba933c763",
        "pypgkit-1.0.0.tar.gz",
        "pypgkit-1.0.0/pypgkit",
    ),
    # Resource pool on asyncio: health-aware selection, cooldown and retry.
    Project(
        "rotapool",
        "0.6.0",
        "16480d1bee88d4d3f85f7dc23affed89f863e99d9122254ac2ef366b3bd3a169",
        "rotapool-0.6.0.tar.gz",
        "rotapool-0.6.0/src/rotapool",
    ),
    # Structured concurrency on threads: task runner with dependencies, timeouts, results.
    Project(
        "concurra",
        "1.1.12",
        "01bc60a1660a093dbb3dde254994b7c1ee33eaff91a82f5371ec0175eb124396",
        "concurra-1.1.12.tar.gz",
        "concurra-1.1.12/concurra",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_46 = 5

HELDOUT_46 = HELDOUT_46_LIST + RESERVES_46[:RESERVES_TAKEN_46]

# Forty-seventh batch (``--batch 47``), fixed in this order before any run
# (docs/realworld-heldout-47.md), on the linter frozen at 6a4b6c2, the last commit to touch
# ``admf_tsan`` when the batch was begun. Chosen, as the twenty-first to forty-sixth, for
# concurrency in the projects' own code, central to what they do, half asyncio-heavy and half
# thread-heavy, libraries and services rather than command-line tools, from PyPI names a to m
# (batch 48 was chosen at the same time from names n to z): a Soulseek client, an orchestration
# service with a worker pool, a robot-platform SDK with a step worker, an event pipeline
# library, a browser automation pool and a WebSocket SDK client (asyncio); a hardware-in-the-
# loop test bench framework, concurrency utilities on threads and processes, a task queue client
# with workers, task queues on SQLAlchemy, scoped threads and a task queue worker SDK (threads).
# Every release below (reserves included) is the latest release on PyPI with an sdist when the
# list was fixed; each sdist was fetched from PyPI's JSON simple API (the same file ``pip
# download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and nothing was
# linted. The reserves (``RESERVES_47``) are added one at a time, in their order, while the
# batch gives fewer than 15 findings: ``RESERVES_TAKEN_47`` counts how many were added.
HELDOUT_47_LIST = (
    # Soulseek client on asyncio: server and peer connections, a network layer with connection
    # pools, transfers with queues and rate limits, distributed search.
    Project(
        "aioslsk",
        "1.7.1",
        "a7565130f696f5c1c5183da05d6d943af5f174e6f77a5a1b4f80c48dfcdccaa6",
        "aioslsk-1.7.1.tar.gz",
        "aioslsk-1.7.1/src/aioslsk",
    ),
    # Orchestration service on asyncio for kajenn: an SPA application, a worker pool, sticky
    # routing, freeze and reassignment of sessions.
    Project(
        "kajenn-orchestra",
        "0.5.1",
        "d2322985162441ccaba0687cb5770f785c481a16e25c8e3e98feb377f8cbe605",
        "kajenn_orchestra-0.5.1.tar.gz",
        "kajenn_orchestra-0.5.1/src/kajenn_orchestra",
    ),
    # asyncio SDK for CoRobots: a client over a transport with reconnects and a step worker that
    # runs handlers, with a thread pool for sync work.
    Project(
        "corobots-async-sdk",
        "1.1.0",
        "7fa66313191cb0db33a68d4affbad3d54b13e55d816bafc04e4a26ad641b78c7",
        "corobots_async_sdk-1.1.0.tar.gz",
        "corobots_async_sdk-1.1.0/corobots_async_sdk",
    ),
    # Async event pipelines on asyncio: stages with backpressure, parallel workers, shared state
    # and remote compute stages.
    Project(
        "hyperwire",
        "1.0.0",
        "5356a8b4e6a055011a7b4a79f18a5d72223f82388b9808e3a388345133544970",
        "hyperwire-1.0.0.tar.gz",
        "hyperwire-1.0.0/src/hyperwire",
    ),
    # Concurrent browser automation on asyncio: a headless browser pool, an HTTP mode, a proxy
    # pool and a server.
    Project(
        "kryptic-core",
        "0.2.0",
        "81caa194138f7137485c84d1cab47ab7704d58e9f27c7564e5fb7adcfc5437a6",
        "kryptic_core-0.2.0.tar.gz",
        "kryptic_core-0.2.0/kryptic",
    ),
    # Converger SDK on asyncio: a REST client and a protocol WebSocket client with resume,
    # reconnects and an event queue.
    Project(
        "converger",
        "0.1.1",
        "6282b75aeb22e6936f43fee720d4ee0b2a1fc4e07e153961b484a08a8ba6a817",
        "converger-0.1.1.tar.gz",
        "converger-0.1.1/src/converger",
    ),
    # Hardware-in-the-loop test bench framework on threads: concurrent task execution, thread
    # pools, live metrics and a health monitor.
    Project(
        "hil-testbench",
        "0.1.3",
        "30f1134e9379313c27d9106b0bce44961c1b13f84d6802a138a348ed1841ddae",
        "hil_testbench-0.1.3.tar.gz",
        "hil_testbench-0.1.3/hil_testbench",
    ),
    # Utilities for concurrency on threads and processes: streams with worker pools, a
    # multiprocessing server, queues, thread and process helpers.
    Project(
        "mpservice",
        "0.16.8",
        "07136ea9fad4430a937475808dc14d73183f8238ac0b4b258f6a86f3e2facc2f",
        "mpservice-0.16.8.tar.gz",
        "mpservice-0.16.8/src/mpservice",
    ),
    # Client of a task queue for parallel experiments: a worker thread, an observation thread,
    # a command watchdog, local journals and state under locks.
    Project(
        "labtasker-client",
        "2.8.0",
        "0dc2da5923b26f4f07fd55e704ebdc389abc21ce2b492fac9cb7374c110a790f",
        "labtasker_client-2.8.0.tar.gz",
        "labtasker_client-2.8.0/src/labtasker",
    ),
    # Task queues on SQLAlchemy: queues, workers with a keep-alive thread and an asyncio
    # face, task registration and results.
    Project(
        "alchemical-queues",
        "0.3.0",
        "bcdad01b1f2817de73e0a239c8a85c6887265f09bd8a47cbd83e67d02ab2e8e4",
        "alchemical_queues-0.3.0.tar.gz",
        "alchemical_queues-0.3.0/src/alchemical_queues",
    ),
    # Threads run inside a scope: acknowledged failures, stop control and reports of work that
    # did not stop, with an asyncio face.
    Project(
        "gpframe",
        "0.1.0",
        "d0906141a0916016bd29b858246a4345222a4c5be84542f77462c2ad821f0895",
        "gpframe-0.1.0.tar.gz",
        "gpframe-0.1.0/src/gpframe",
    ),
    # Client and worker SDK for a durable task queue: a worker with heartbeat and poll threads.
    Project(
        "chopflow",
        "0.1.6",
        "596ffb454e6820b8829622542f672358dcc5f7980e5a3fad7b7a917b6e100e31",
        "chopflow-0.1.6.tar.gz",
        "chopflow-0.1.6/src/chopflow",
    ),
)

RESERVES_47 = (
    # Minecraft server controller with plugins on threads: a task executor thread, a console
    # reader, plugin manager, locks around the server state.
    Project(
        "mcdreforged",
        "2.16.2",
        "abdef2a070b739ff62b7d1a8f7ce03e28e715ee996925fd5369ad34e76c81f6f",
        "mcdreforged-2.16.2.tar.gz",
        "mcdreforged-2.16.2/mcdreforged",
    ),
    # Client of the EntroQ task queue on asyncio: claims, workers with renewals.
    Project(
        "entroq",
        "0.15.0",
        "b2428315e8c8b53db892359df5674c78f9543b4c9570112bafe568a1fd11ab86",
        "entroq-0.15.0.tar.gz",
        "entroq-0.15.0/src/entroq",
    ),
    # One-shot synchronization primitives for threads and asyncio: latches, gates, abort.
    Project(
        "latchkit",
        "1.0.0",
        "a0b7b9e1e18364ff957a5f611f17bf155bf9ed99b97eddc57a83f6f7f0e8c088",
        "latchkit-1.0.0.tar.gz",
        "latchkit-1.0.0/src/latchkit",
    ),
    # Distributed task queue on asyncio and Redis: workers, executors, a scheduler, a web UI.
    Project(
        "jettask",
        "1.0.89",
        "e4e9bc65d5fd3c1a891296ff892b6512f65b12ef8a7406fca13e4083ea7d8807",
        "jettask-1.0.89.tar.gz",
        "jettask-1.0.89/jettask",
    ),
    # Hell Let Loose RCON protocol on asyncio: connections, a connection pool, a sync face.
    Project(
        "hllrcon",
        "2.0.0.7",
        "9ff366396fb2bb3856ebfe77c52689cbc0aa3c6896b40f6cb3ea29272db5e139",
        "hllrcon-2.0.0.7.tar.gz",
        "hllrcon-2.0.0.7/hllrcon",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_47 = 4

HELDOUT_47 = HELDOUT_47_LIST + RESERVES_47[:RESERVES_TAKEN_47]

# Forty-eighth batch (``--batch 48``), fixed in this order before any run
# (docs/realworld-heldout-48.md), on the linter frozen at 6a4b6c2, the last commit to touch
# ``admf_tsan`` when the batch was begun. Chosen, as the twenty-first to forty-sixth, for
# concurrency in the projects' own code, central to what they do, half asyncio-heavy and half
# thread-heavy, libraries and services rather than command-line tools, from PyPI names n to z
# (batch 47 was chosen at the same time from names a to m): an async task runtime, a task queue
# framework, a TCP RPC library, a task queue, a message broker and a reverse proxy (asyncio);
# thread-safe data structures, an acceleration engine with thread pools, a framework of
# concurrent components, a parallel runtime, a logging framework with a writer thread and a
# broker-less job queue (threads). Every release below (reserves included) is the latest release
# on PyPI with an sdist when the list was fixed; each sdist was fetched from PyPI's JSON simple
# API (the same file ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its
# sha256, and nothing was linted. The reserves (``RESERVES_48``) are added one at a time, in
# their order, while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_48`` counts how
# many were added.
HELDOUT_48_LIST = (
    # Async task runtime on asyncio for queue, polling, schedule and webhook workloads: workers,
    # connectors, retries, a control-plane WebSocket.
    Project(
        "onestep",
        "1.15.0",
        "1be88ea6505ecb1759810fecb6cccae19766b2976e4145e1a9c9b576d630d0e1",
        "onestep-1.15.0.tar.gz",
        "onestep-1.15.0/src/onestep",
        exclude=("testing",),
    ),
    # Task queue framework on asyncio: actors, brokers (AMQP, Redis, Kafka, NATS, Pub/Sub,
    # SQS), a runner with concurrency limits and a health check.
    Project(
        "repid",
        "2.1.4",
        "d71381b1c39b1caff0bbe060de77799a25fe50583d4ae7e206c0855a810447d8",
        "repid-2.1.4.tar.gz",
        "repid-2.1.4/repid",
        exclude=("test_client.py",),
    ),
    # Bidirectional TCP communication on asyncio: a binary protocol, typed RPC, pending calls,
    # send queues, heartbeats, a server for many clients.
    Project(
        "netconduit",
        "5.0.0",
        "9722adffae46b91471ebce243f9337072f19251e6487e611a546587834620761",
        "netconduit-5.0.0.tar.gz",
        "netconduit-5.0.0/conduit",
    ),
    # Task queue on asyncio: workers, scheduled and cron tasks, workflows, Redis and in-memory
    # backends.
    Project(
        "sheppy",
        "0.0.7",
        "b794416879366df90bcd5c84f49f96bcdc1f13b92b6cba9870a5ed430ef48ded",
        "sheppy-0.0.7.tar.gz",
        "sheppy-0.0.7/src/sheppy",
        exclude=("testqueue.py",),
    ),
    # Single-node message broker on asyncio with Celery support: durable task queues, Pub/Sub,
    # a protocol server, monitoring.
    Project(
        "oneopen-broker",
        "0.1.0",
        "2ebe3e91bd7aebfcc5a7a5597ce287a38236a273e52cda47c6067ba1cb9e4eb9",
        "oneopen_broker-0.1.0.tar.gz",
        "oneopen_broker-0.1.0/src/oneopen_broker",
    ),
    # Reverse proxy on asyncio and Starlette: routers, services, load balancing, health checks,
    # middlewares.
    Project(
        "python-traefik",
        "0.4.0",
        "22f71d455ff2d528b9462d4bea5eefade0d45f3a8f4a1b8a1025128f34df32dd",
        "python_traefik-0.4.0.tar.gz",
        "python_traefik-0.4.0/python_traefik",
    ),
    # Thread-safe data structures and parallel operations: concurrent collections and queues
    # under locks, synchronization primitives, worker pools.
    Project(
        "threadfactory",
        "1.5.2",
        "b11b22d8ed81d311b9260401880dc068a23e5a36cb2c63fcbfa09edb45a7e8c1",
        "threadfactory-1.5.2.tar.gz",
        "threadfactory-1.5.2/src/thread_factory",
    ),
    # Acceleration engine: thread pools, virtual threads, work stealing, a lock-free queue,
    # rate limiting and circuit breakers, shared metrics.
    Project(
        "pyaccelerate",
        "0.11.0",
        "3e4ff139403678025d6b72a98c63022b9dcf040f6a0cb8470300b11a9356ee7f",
        "pyaccelerate-0.11.0.tar.gz",
        "pyaccelerate-0.11.0/src/pyaccelerate",
    ),
    # Framework of concurrent components on threads: catalyst threads that run them, message
    # queues, timers, a store under a read-write lock.
    Project(
        "tasktonic",
        "0.2.4",
        "ea0215933a9d3c779b5fe0b48d17e9342526f3d648000f92eb6fdb9d735fcd73",
        "tasktonic-0.2.4.tar.gz",
        "tasktonic-0.2.4/TaskTonic",
    ),
    # Parallel runtime over threads, processes and asyncio: an adaptive executor and scheduler,
    # thread and process pools, scopes, shared state under locks.
    Project(
        "vedart",
        "1.0.0",
        "a51358ea42a77557f7c3858ec18cb8952b89c77bdfdc74a5d37fb00af06e6569",
        "vedart-1.0.0.tar.gz",
        "vedart-1.0.0/src/vedart",
    ),
    # Structured logging framework: a non-blocking queue with a background writer thread, file
    # rotation, a RabbitMQ transport.
    Project(
        "obserlog",
        "0.1.1",
        "7018ed980794e11de1b2dbd5276f4d7ce6dea47622f44b4711054ba067a7ac9b",
        "obserlog-0.1.1.tar.gz",
        "obserlog-0.1.1/src/obserlog",
    ),
    # Broker-less durable job queue: a worker with threads, an append-only log file, file locks.
    Project(
        "nobroker",
        "0.1.2",
        "ef7d9a5691a5d0a34e7eb6dffc7936649933d5f34bd42a79ab37816ad2093a47",
        "nobroker-0.1.2.tar.gz",
        "nobroker-0.1.2/src/nobroker",
    ),
)

RESERVES_48 = (
    # Redis-backed job queue on asyncio: workers, retries, scheduling.
    Project(
        "toro-queue",
        "1.1.0",
        "e31ef8d517db84eed530bcd8f94a380f4dd3f94d96ac33b34b33d68bbc0ccb77",
        "toro_queue-1.1.0.tar.gz",
        "toro_queue-1.1.0/toro",
    ),
    # Multi-threaded WSGI server: a listener thread, a worker thread pool, a request queue.
    Project(
        "rocket3",
        "20260526.0",
        "5828422badec10e45bf18f837f14d3022c98b19ac66dbb8fbaafdb17f8d4cdb3",
        "rocket3-20260526.0.tar.gz",
        "rocket3-20260526.0/rocket3",
    ),
    # Background job queue on asyncio over SQLite: workers, leases, retries.
    Project(
        "qler",
        "0.5.1",
        "8356161b3064ebdf259493be1d6c24da10a36cbfaeb86e358a6fe69dfbbd096d",
        "qler-0.5.1.tar.gz",
        "qler-0.5.1/src/qler",
    ),
    # Thread-safe event system with async support: handlers under a lock, async dispatch.
    Project(
        "pyesys",
        "0.2.1",
        "6dcc076052da1ab2d8ba70f176b77273fb1eb4f0c73bac99508ff48c6b73c949",
        "pyesys-0.2.1.tar.gz",
        "pyesys-0.2.1/src/pyesys",
    ),
    # Shelve-like persistent store on SQLite with compression, safe for many threads.
    Project(
        "shelvez",
        "0.7.0",
        "7d9c49d2a966d897b3e2de70723ef1d44b3cc98163150bbf6dcc78227b4d5f2a",
        "shelvez-0.7.0.tar.gz",
        "shelvez-0.7.0/shelvez",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_48 = 0

HELDOUT_48 = HELDOUT_48_LIST + RESERVES_48[:RESERVES_TAKEN_48]

# Forty-ninth batch (``--batch 49``), fixed in this order before any run
# (docs/realworld-heldout-49.md), on the linter frozen at 5ae8e10, the last commit to touch
# ``admf_tsan`` when the batch was begun. Chosen, as the twenty-first to forty-eighth, for
# concurrency in the projects' own code, central to what they do, half asyncio-heavy and half
# thread-heavy, libraries and services rather than command-line tools, from PyPI names a to m
# (batch 50 was chosen at the same time from names n to z): a download library, a Modbus
# library, protocol clients, a SQL engine client, a browser protocol library and an IP camera
# client (asyncio); an emulated Redis server, an image crawler framework, clocks of musical time,
# a terminal UI library, a task flow toolkit and a client of Gradio apps (threads). Every
# release below (reserves included) is the latest release on PyPI with an sdist when the list
# was fixed; each sdist was fetched from PyPI's JSON simple API (the same file ``pip download
# --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and nothing was linted. The
# reserves (``RESERVES_49``) are added one at a time, in their order, while the batch gives
# fewer than 15 findings: ``RESERVES_TAKEN_49`` counts how many were added.
HELDOUT_49_LIST = (
    # Download library on asyncio: segmented downloads with parallel chunk workers, a global
    # connection pool, a scheduler, a speed limiter, resume and batches.
    Project(
        "littledl",
        "1.0.0",
        "401f05fc83a4669cd7455ad38fbda2838fcda3cf48fb2f42729a9ce9321d95c1",
        "littledl-1.0.0.tar.gz",
        "littledl-1.0.0/src/littledl",
    ),
    # Modbus on asyncio (a fork of pymodbus): clients and servers over TCP, TLS, UDP and serial,
    # framers, a transport layer and a simulator server.
    Project(
        "amodbus",
        "0.1.0",
        "d2d880415898402aecc1f8124158ffdcc2bfd678f5b3be33eb02bcb9d3713593",
        "amodbus-0.1.0.tar.gz",
        "amodbus-0.1.0/amodbus",
    ),
    # Protocol clients on AnyIO (run on asyncio): IMAP with IDLE, SMTP and a WebSocket client,
    # with their parsers and state machines.
    Project(
        "anyrfc",
        "0.3.1",
        "0c73ba6b89cff1f15d32f294688b290a370450ab9d8cd14db08740a6ecc0f0e2",
        "anyrfc-0.3.1.tar.gz",
        "anyrfc-0.3.1/src/anyrfc",
    ),
    # Client of the Trino SQL engine on asyncio: an HTTP protocol client, a DB-API face,
    # transactions and a SQLAlchemy dialect.
    Project(
        "aiotrino",
        "0.3.0",
        "8770b0806db7428ae92724b543f45af78373601c9606da2cd4e1978ce261cd73",
        "aiotrino-0.3.0.tar.gz",
        "aiotrino-0.3.0/aiotrino",
    ),
    # Chrome DevTools Protocol over pipes: async and sync browser objects, brokers that route
    # messages to sessions, reader threads and futures.
    Project(
        "choreographer",
        "1.4.0",
        "97ed6d2b44b71271b6cd9fc87816d23bef4fd5eca9855dc24dfa0033ebf08c77",
        "choreographer-1.4.0.tar.gz",
        "choreographer-1.4.0/src/choreographer",
    ),
    # Client of Dahua IP cameras and recorders on asyncio: digest authentication, event streams,
    # discovery and device settings.
    Project(
        "aiodahua",
        "0.5.0",
        "f714f66e3e7ef199f58c18cb658724a5aa2df75f75c3d88e68e30c058aac97b5",
        "aiodahua-0.5.0.tar.gz",
        "aiodahua-0.5.0/src/aiodahua",
    ),
    # Redis server emulated in Python: a shared server state under a lock, blocking commands on
    # a condition, pub/sub, a threading TCP server and an asyncio face.
    Project(
        "fakeredis",
        "2.41.0",
        "a10d97197e6c6e9e98affc10abba9fb0efa9bc5671bbc425dca7f47063c2c577",
        "fakeredis-2.41.0.tar.gz",
        "fakeredis-2.41.0/fakeredis",
    ),
    # Image crawler framework: parsers for several sites, downloads on thread pools, cookies
    # and browser sessions.
    Project(
        "image-crawler-utils",
        "0.4.6",
        "ebdb743e4ea8e5965e6711b1923fadb57aeb6e1cc66943925821a95a69ce2ce6",
        "image_crawler_utils-0.4.6.tar.gz",
        "image_crawler_utils-0.4.6/image_crawler_utils",
    ),
    # Clocks of musical time: nested clocks run in forked threads, synchronized waits, tempo
    # envelopes and a scheduler.
    Project(
        "clockblocks",
        "1.3.0",
        "0bf5093696b5f08556e988a80330419ffdd15a73ef81119e11aacf6085e00ae3",
        "clockblocks-1.3.0.tar.gz",
        "clockblocks-1.3.0/src/clockblocks",
    ),
    # Terminal UI library: panes, widgets and menus behind locks, an input handler, event
    # dispatch, metrics and an async face.
    Project(
        "consolemod",
        "0.2.1",
        "d9598435bf5e3b68e624a3d62c5a9c035b9f4a1d88d8ae9837cf20c94fdee059",
        "consolemod-0.2.1.tar.gz",
        "consolemod-0.2.1/src/consolemod",
    ),
    # Task flow toolkit: stages run on threads, processes or coroutines, linked by queues, with
    # storage helpers.
    Project(
        "gatling",
        "0.3.0.25.13",
        "f5c9ee92f0a8d2917a3c08a27dc723c12ba787ef177865e2bb38c986057c00d8",
        "gatling-0.3.0.25.13.tar.gz",
        "gatling-0.3.0.25.13/gatling",
        exclude=("ztest",),
    ),
    # Client of Gradio apps: jobs on a thread pool, a heartbeat thread, a stream of server events
    # and pending results behind a lock.
    Project(
        "gradio-client",
        "2.7.2",
        "5b568b8189b86cfdacab39fecc2ee66900348cdd83a1c0bb968a98c83eafc198",
        "gradio_client-2.7.2.tar.gz",
        "gradio_client-2.7.2/gradio_client",
    ),
)

RESERVES_49 = (
    # Interactive Connectivity Establishment on asyncio: STUN and TURN clients, candidate
    # pairs checked concurrently, mDNS.
    Project(
        "aioice",
        "0.13.0",
        "02c2dee812f1a68602689a444bd5125a144b6ee43bca74229a1e0f7842d1897c",
        "aioice-0.13.0.tar.gz",
        "aioice-0.13.0/src/aioice",
    ),
    # Thread-safe AMQP transport for kombu: a shared connection behind locks, channels per
    # thread, a drainer thread.
    Project(
        "kombu-pyamqp-threadsafe",
        "0.7.1",
        "51467be2b5708ee2a4eac316ff4844a3eecb950b1b5089b8b9202edaf6c5dcea",
        "kombu_pyamqp_threadsafe-0.7.1.tar.gz",
        "kombu_pyamqp_threadsafe-0.7.1/src/kombu_pyamqp_threadsafe",
    ),
    # SSH client library on asyncio: a connection pool, sessions, tunnels and file transfers.
    Project(
        "aiossh",
        "1.1.3",
        "daf68e27a6068ef12df76f8cb914be458bf22df3d4b55b064f87ac74908f8d39",
        "aiossh-1.1.3.tar.gz",
        "aiossh-1.1.3/src/aiossh",
    ),
    # Generic connection pool for threads and asyncio: pools under locks, a background
    # cleaner, socket and database connections.
    Project(
        "generic-connection-pool",
        "0.8.1",
        "563d5e519cd8906e2c0c5b9517b079c65d6eea6acf0ceaab0a80e30027deaeef",
        "generic_connection_pool-0.8.1.tar.gz",
        "generic_connection_pool-0.8.1/generic_connection_pool",
    ),
    # Task queue framework on asyncio: brokers, workers, a scheduler and middleware.
    Project(
        "aiotaskqueue",
        "0.18.0",
        "fdd726667a7545fec6896364e6f6af0a6ec025e5af154a0f1eeccb4eb158f10c",
        "aiotaskqueue-0.18.0.tar.gz",
        "aiotaskqueue-0.18.0/aiotaskqueue",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_49 = 0

HELDOUT_49 = HELDOUT_49_LIST + RESERVES_49[:RESERVES_TAKEN_49]

# Fiftieth batch (``--batch 50``), fixed in this order before any run
# (docs/realworld-heldout-50.md), on the linter frozen at 5ae8e10, the last commit to touch
# ``admf_tsan`` when the batch was begun. Chosen, as the twenty-first to forty-eighth, for
# concurrency in the projects' own code, central to what they do, half asyncio-heavy and half
# thread-heavy, libraries and services rather than command-line tools, from PyPI names n to z
# (batch 49 was chosen at the same time from names a to m): a peer-to-peer overlay network
# library, an ArangoDB driver, a web crawler framework, an OPC UA server framework, a daemon that
# queues power-switch requests to PDUs and a graph database driver over Bolt (asyncio); a
# library for Arlo cameras with a background worker and an event stream, a metrics collection
# daemon, a library of thread, process and Qt thread helpers, an SQLite server for many
# processes and threads, a voice listener service and a document database under locks
# (threads). Every release below (reserves included) is the latest final release on PyPI with
# an sdist when the list was fixed; each sdist was fetched from PyPI's JSON simple API (the same
# file ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and
# nothing was linted. The reserves (``RESERVES_50``) are added one at a time, in their order,
# while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_50`` counts how many were added.
HELDOUT_50_LIST = (
    # Peer-to-peer overlay networking on asyncio: communities, peer discovery, a DHT, anonymous
    # tunnels, request caches, a task manager, a REST API.
    Project(
        "pyipv8",
        "3.2.1",
        "0615f5ba06b5661b7ac3e766ae1129bc8cb2fadcdb79cd1043519f5b69245c84",
        "pyipv8-3.2.1.tar.gz",
        "pyipv8-3.2.1/ipv8",
        exclude=("test",),
    ),
    # ArangoDB driver on asyncio: connections and a connection manager, transactions, cursors,
    # concurrent jobs, an HTTP client with retries.
    Project(
        "python-arango-async",
        "1.2.7",
        "2b428a9db177111dc9e143701e461943793daea73c14e279feb1d02143626599",
        "python_arango_async-1.2.7.tar.gz",
        "python_arango_async-1.2.7/arangoasync",
    ),
    # Web crawler and scraping framework on asyncio: an engine with a scheduler and workers,
    # per-domain concurrency limits, downloaders, middleware, pipelines.
    Project(
        "qcrawl",
        "0.4.0",
        "a1c58d4948d3d373f7df44e59ea9c79a9ee321e78f15af4914653dd5343130f3",
        "qcrawl-0.4.0.tar.gz",
        "qcrawl-0.4.0/qcrawl",
    ),
    # OPC UA server framework on asyncio for Smart Machine Interface machines: skills as state
    # machines, locks, access control, background tasks.
    Project(
        "opensmi-server",
        "0.2",
        "6635c55c680529b061d80bcb38f2255c0469a2bf62787cb7bfea8d4bc7472837",
        "opensmi_server-0.2.tar.gz",
        "opensmi_server-0.2/src/opensmi",
    ),
    # Daemon on asyncio that queues power-switch requests to PDUs: TCP and HTTP listeners, a
    # runner per PDU, drivers for many devices (serial, SNMP, HTTP, Modbus).
    Project(
        "pdudaemon",
        "1.1.1",
        "df4f989b75ba85e6b9e5988067a8bf71804b19bcd834109f0fe325a1f8655013",
        "pdudaemon-1.1.1.tar.gz",
        "pdudaemon-1.1.1/pdudaemon",
        exclude=("drivers/test_numatousb.py",),
    ),
    # Graph database driver over Bolt, asyncio and sync: connections and pools, transactions,
    # cluster routing, an object mapper.
    Project(
        "nomosdb",
        "0.26.0",
        "2ba42cbb6eef7933c53aa8814b624afa97a860e89eb85621927463d697d66070",
        "nomosdb-0.26.0.tar.gz",
        "nomosdb-0.26.0/nomosdb",
    ),
    # Library for Arlo cameras and doorbells: a background worker thread, an event stream
    # thread, devices and media under locks, callbacks from other threads.
    Project(
        "pyaarlo",
        "0.8.0.27",
        "1d86d4695e7c1650d4fefeded34b38f94465e6f445b982a3b00de683b0b3f8b4",
        "pyaarlo-0.8.0.27.tar.gz",
        "pyaarlo-0.8.0.27/pyaarlo",
    ),
    # Metrics collection daemon: sources polled by thread pools and timer threads, writers
    # (Prometheus, HTTP), event listeners on threads.
    Project(
        "pollect",
        "1.2.3",
        "68948484fb19e57a2222a7157d8b532b21c1411f7592fdfbca5f6cef4466c9bf",
        "pollect-1.2.3.tar.gz",
        "pollect-1.2.3/pollect",
    ),
    # Library of concurrency helpers: threads with results and exceptions, thread and process
    # pools, Qt threads, producer-consumer, thread-safe singletons.
    Project(
        "nsthread",
        "0.0.7",
        "8b7a2bcad024ec7ecb8eef18a501d3ebcfcf19e73e2c51e3edb1f23e313cd59f",
        "nsthread-0.0.7.tar.gz",
        "nsthread-0.0.7/nsthread",
    ),
    # SQLite over WebSocket for many processes or threads: a server with worker threads and
    # locks, sync and async clients.
    Project(
        "wsqlite3",
        "0.7.3",
        "77f8166648b8eb86468015bd32fcebb7b1ffb215f8bdca3a79d4abb4353e5b61",
        "wsqlite3-0.7.3.tar.gz",
        "wsqlite3-0.7.3/src/wsqlite3",
    ),
    # Voice listener service: an audio capture thread, a voice loop with hotword and speech
    # recognition, a message bus, state shared between threads.
    Project(
        "ovos-dinkum-listener",
        "0.5.0",
        "c52a0596deec3a279e441afd4e74b16ecad4a0bab94573c5e8248a1a938db719",
        "ovos_dinkum_listener-0.5.0.tar.gz",
        "ovos_dinkum_listener-0.5.0/ovos_dinkum_listener",
    ),
    # Document database with thread safety: tables, queries, storages and a caching middleware
    # under locks.
    Project(
        "tinydb-safe",
        "4.10.0",
        "8dd7ccbb2201ba0fdb24cd5d9977f6e9bad50700714a1e1468020252ea46f5db",
        "tinydb_safe-4.10.0.tar.gz",
        "tinydb_safe-4.10.0/tinydb",
    ),
)

RESERVES_50 = (
    # Async TCP in-memory datastore: a server for many clients, a client, locks over the store.
    Project(
        "nemoria",
        "1.1.0",
        "8bf94d27eacd31db98ac8316beadac62af5a980ef381547e07464315a8e3a84b",
        "nemoria-1.1.0.tar.gz",
        "nemoria-1.1.0/nemoria",
    ),
    # Audio playback service of a voice assistant: playback threads, a queue of speech, locks.
    Project(
        "ovos-audio",
        "1.2.0",
        "fc324680b2b3e6b7578067d1cb166f541a157dc99a74f2836fd4423e790ed8ed",
        "ovos_audio-1.2.0.tar.gz",
        "ovos_audio-1.2.0/ovos_audio",
    ),
    # Website crawler on asyncio: workers over a queue, rate limits, exporters.
    Project(
        "octocrawl",
        "1.6.0",
        "a194fd8df8eceb7a1e5371955164f9dba2edbece38c7fe80fc8104d3732264dd",
        "octocrawl-1.6.0.tar.gz",
        "octocrawl-1.6.0/src/octocrawl",
    ),
    # Thread-pool extensions for XML-RPC servers: requests served from a pool, async handlers.
    Project(
        "xmlrpc-extended",
        "1.0.0",
        "f1a0bc96bc3a7b53026b84917f367b4d821ca2b3a195babcee6a8caa8b76413e",
        "xmlrpc_extended-1.0.0.tar.gz",
        "xmlrpc_extended-1.0.0/src/xmlrpc_extended",
    ),
    # Thread-safe signals and slots with priorities: connections under locks, async slots.
    Project(
        "taillight",
        "0.7.0",
        "6d11ff71ecd668bd2540b40a16d50cb2407970789f54b8b6738f3c41bd0a80ed",
        "taillight-0.7.0.tar.gz",
        "taillight-0.7.0/taillight",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_50 = 5

HELDOUT_50 = HELDOUT_50_LIST + RESERVES_50[:RESERVES_TAKEN_50]

# Fifty-first batch (``--batch 51``), fixed in this order before any run
# (docs/realworld-heldout-51.md), on the linter frozen at f21fbb9, the last commit to touch
# ``admf_tsan`` when the batch was begun. Chosen, as the twenty-first to fiftieth, for
# concurrency in the projects' own code, central to what they do, half asyncio-heavy and half
# thread-heavy, libraries and services rather than command-line tools, from PyPI names a to m
# (batch 52 was chosen at the same time from names n to z): a framework for application
# servers, a MongoDB driver, a crawler framework, a solar inverter library, a camera client and
# a DNS resolver and server (asyncio); a Dropbox sync client, a robot arm control library, a
# device simulation framework, a web scraping framework, a key-value database and a boiler
# daemon (threads). Every release below (reserves included) is the latest final release on
# PyPI with an sdist when the list was fixed; each sdist was fetched from PyPI's JSON simple API
# (the same file ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its
# sha256, and nothing was linted. The reserves (``RESERVES_51``) are added one at a time, in
# their order, while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_51`` counts how
# many were added.
HELDOUT_51_LIST = (
    # Framework for asynchronous application servers on asyncio: a web server, pub/sub, timers,
    # a proactor (thread pool), storage, a library layer and a ZooKeeper client.
    Project(
        "asab",
        "25.15",
        "43a32ba69573872371921cbd77f79e30b4ff7b7c398167616d04a73e24683b0d",
        "asab-25.15.tar.gz",
        "asab-25.15/asab",
    ),
    # MongoDB driver on asyncio: connections and replica sets, sessions, transactions, cursors,
    # bulk writes and GridFS.
    Project(
        "kover",
        "2.7.3",
        "9ad8b9ff2d2adc5f8261c25813270daaaf0c278ce01376a7d5983f96e7a989c0",
        "kover-2.7.3.tar.gz",
        "kover-2.7.3/kover",
    ),
    # Crawler framework on asyncio after Scrapy: an engine, a scheduler with queues, a downloader
    # with concurrent requests, middlewares and pipelines.
    Project(
        "aioscpy",
        "0.3.13",
        "59b34f9db25cc6745e17df78de9951404d15bbf665b630f1c09ed74684330baa",
        "aioscpy-0.3.13.tar.gz",
        "aioscpy-0.3.13/aioscpy",
    ),
    # Library for GoodWe solar inverters on asyncio: UDP and Modbus/TCP protocols, retries,
    # sensors and device settings.
    Project(
        "goodwe",
        "0.4.10",
        "8c0786f32b1f59bb0209773bf6b9d3333b33e5628039de95c1efc3b49c593e26",
        "goodwe-0.4.10.tar.gz",
        "goodwe-0.4.10/goodwe",
    ),
    # Client of Blink cameras on asyncio: authentication, sync modules, cameras, throttled refresh
    # and video downloads.
    Project(
        "blinkpy",
        "0.25.9",
        "4c135a77823e8dcfe72be601c0462326cf1c1725a193506ca638e09bbf4cf1bb",
        "blinkpy-0.25.9.tar.gz",
        "blinkpy-0.25.9/blinkpy",
    ),
    # DNS on asyncio: a recursive and a proxy resolver with a cache, UDP, TCP and DoH requests,
    # and a DNS server.
    Project(
        "async-dns",
        "2.0.1",
        "4067352e80000881a959f1ac9d3764cef16fdeb44beb356cdb4ec690f8c45f48",
        "async_dns-2.0.1.tar.gz",
        "async_dns-2.0.1/async_dns",
    ),
    # Dropbox client library and daemon: a sync engine of upload and download threads, a file
    # system watcher, thread pools, locks around the sync state and a database.
    Project(
        "maestral",
        "1.9.6",
        "8532b74dfaa2fce770701e4e83d2219ba9c5c5509ed7df13d0645ae64789f783",
        "maestral-1.9.6.tar.gz",
        "maestral-1.9.6/src/maestral",
    ),
    # Control of Mecademic robot arms: command and monitoring connections read by threads, queues,
    # a callback thread and the robot state behind a lock.
    Project(
        "mecademicpy",
        "3.0.3",
        "9955a37c2d4df7dd5618145aaac8ec0b7f44c0dc60e81a0a36f2eb1ad0f05b83",
        "mecademicpy-3.0.3.tar.gz",
        "mecademicpy-3.0.3/mecademicpy",
    ),
    # Framework for simulated devices: a simulation loop, protocol adapters (stream, Modbus, EPICS)
    # run in threads under a device lock, and a control server.
    Project(
        "lewis",
        "1.4.0",
        "fd165f558e69a6447b66089bf055290f6c2c4be7db604e20bde2337df87036f0",
        "lewis-1.4.0.tar.gz",
        "lewis-1.4.0/lewis",
    ),
    # Web scraping framework: a spider whose task generator, network and parser services run in
    # threads around task queues, with caches and proxy lists.
    Project(
        "grab",
        "1.2.0",
        "0c9159328007dbb4cbccbf3c9ad63d3acd36d0c33aa30a6e7ca31bae43d32203",
        "grab-1.2.0.tar.gz",
        "grab-1.2.0/grab",
    ),
    # Key-value database: an engine under a lock, an fsync thread, a background compactor,
    # snapshots and an LRU cache.
    Project(
        "lxcore",
        "0.2.0",
        "0bb332cc14eaf6c7b844403d73973e4ad36ca35ed516d9ff3317fc116f4cda42",
        "lxcore-0.2.0.tar.gz",
        "lxcore-0.2.0/lxcore",
    ),
    # Daemon for De Dietrich boilers: a Modbus polling thread, the boiler state under a lock, an
    # executor, MQTT and InfluxDB publishing and a web server.
    Project(
        "diematic-server",
        "3.6.0",
        "535af987d84e14336eb756afd8f86d19f26884ab5e0792f5cc81909f4570dc74",
        "diematic_server-3.6.0.tar.gz",
        "diematic_server-3.6.0/diematic_server",
    ),
)

RESERVES_51 = (
    # Client of Amcrest cameras, sync and asyncio: a token under a lock, event streams, a network
    # scan in threads.
    Project(
        "amcrest",
        "1.9.9",
        "bc97dfb3f946c8b6d368fcf6fc8541e09a2a3f4a63d0171edf3a1b4a5715883e",
        "amcrest-1.9.9.tar.gz",
        "amcrest-1.9.9/src/amcrest",
    ),
    # HTTP, SOCKS4 and SOCKS5 proxy server on asyncio.
    Project(
        "hyproxy",
        "0.1.0",
        "b48d9c4fd68a4f4d67d13e8e6e4ec33d3106a0cb10039fb3af9dc864b17cd0e5",
        "hyproxy-0.1.0.tar.gz",
        "hyproxy-0.1.0/hyproxy",
    ),
    # Distributed lock server on asyncio (FIFO waiters, leases) with its clients.
    Project(
        "dflockd",
        "0.5.0",
        "1d57b5dadac18e01e3cb5febd5f1fdffb63e3451a983a1d9ef5ec26a8098b80f",
        "dflockd-0.5.0.tar.gz",
        "dflockd-0.5.0/src/dflockd",
    ),
    # Base of MQTT daemons for Home Assistant on asyncio: a client loop, devices and entities.
    Project(
        "mqtt-hass-base",
        "4.4.1",
        "712334ec415465525ab5ccbcbdf4dfad719cd36db1b1dee00d99db6d02598274",
        "mqtt_hass_base-4.4.1.tar.gz",
        "mqtt_hass_base-4.4.1/mqtt_hass_base",
    ),
    # Job queue on SQLite: workers on threads, job states, retries and timeouts.
    Project(
        "gigq",
        "0.5.1",
        "6e589293d4174d8b80fe14e8fa63c83da1659cc9838a5998ce5b1a0c095f89e2",
        "gigq-0.5.1.tar.gz",
        "gigq-0.5.1/gigq",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_51 = 0

HELDOUT_51 = HELDOUT_51_LIST + RESERVES_51[:RESERVES_TAKEN_51]

# Fifty-second batch (``--batch 52``), fixed in this order before any run
# (docs/realworld-heldout-52.md), on the linter frozen at f21fbb9, the last commit to touch
# ``admf_tsan`` when the batch was begun. Chosen, as the twenty-first to fifty-first, for
# concurrency in the projects' own code, central to what they do, half asyncio-heavy and half
# thread-heavy, libraries and services rather than command-line tools, from PyPI names n to z
# (batch 51 was chosen at the same time from names a to m): a QEMU Monitor Protocol client, a
# framework for TeamSpeak server query bots, a driver for Tinkerforge bricks and bricklets, a
# distributed background task system on Redis, a crawler framework and a WebDriver client
# (asyncio); a PostgreSQL high-availability daemon, an SSH and SFTP client and server library, a
# library for Rohde & Schwarz instruments, a web server for browser tests, a NETCONF client and
# an SQL executor with a connection pool (threads). Every release below (reserves included) is
# the latest final release on PyPI with an sdist when the list was fixed; each sdist was
# fetched from PyPI's JSON simple API (the same file ``pip download --no-deps --no-binary
# :all:`` fetches) and pinned with its sha256, and nothing was linted. The reserves
# (``RESERVES_52``) are added one at a time, in their order, while the batch gives fewer than 15
# findings: ``RESERVES_TAKEN_52`` counts how many were added.
HELDOUT_52_LIST = (
    # QEMU Monitor Protocol client on asyncio: a protocol base with reader and writer tasks,
    # events and listeners, a legacy synchronous wrapper, a shell and a TUI.
    Project(
        "qemu-qmp",
        "0.0.6",
        "a3c25d871fab549122b2340810de1f99481002c942a2132476b062aacdbf6e92",
        "qemu_qmp-0.0.6.tar.gz",
        "qemu_qmp-0.0.6/qemu",
    ),
    # Framework for TeamSpeak 3 server query bots on asyncio: a connection with a reader task,
    # keep-alive, rate limiting, event handlers and commands run as tasks.
    Project(
        "tsbot",
        "1.7.4",
        "6e613b3a322cc659a5dd4740b530127c243e98549780f7375357cf285b02e896",
        "tsbot-1.7.4.tar.gz",
        "tsbot-1.7.4/tsbot",
    ),
    # Driver for Tinkerforge bricks and bricklets on asyncio: an IP connection with a reader
    # task, request futures, callbacks as async iterators, many devices.
    Project(
        "tinkerforge-async",
        "1.6.2",
        "9a58c9551124de746039f7f27c0d9969787b81deb73cb90e3257c3a0e69dbd99",
        "tinkerforge_async-1.6.2.tar.gz",
        "tinkerforge_async-1.6.2/tinkerforge_async",
    ),
    # Distributed background task system on Redis and asyncio: workers with concurrency limits,
    # schedulers, retries, perpetual tasks, dependencies, instrumentation.
    Project(
        "pydocket",
        "0.28.0",
        "4ef59cf5fb11ddee91af6560776c947fae721a8329c6b90c8fe0a35458528927",
        "pydocket-0.28.0.tar.gz",
        "pydocket-0.28.0/src/docket",
    ),
    # Crawler framework on asyncio after Scrapy: an engine, a scheduler, a downloader with
    # concurrent requests, middlewares and pipelines.
    Project(
        "nhm-spider",
        "4.0.3",
        "7a22e5a7d2a00bfd8f952c7590123ed935b176fd5af2e5116556dcc005684f2e",
        "nhm_spider-4.0.3.tar.gz",
        "nhm_spider-4.0.3/src/nhmspider",
    ),
    # WebDriver client on asyncio: sessions, browsers, services started as subprocesses,
    # HTTP connections.
    Project(
        "wapiti-arsenic",
        "28.5",
        "b2720a11dac13887cf7879152efd17e65b01cc36ceb43adb3a3e26f143428fad",
        "wapiti_arsenic-28.5.tar.gz",
        "wapiti_arsenic-28.5/src/wapiti_arsenic",
    ),
    # PostgreSQL high-availability daemon: an HA loop, a REST API server on threads, an
    # asynchronous executor, watchdog, DCS clients (etcd, Consul, ZooKeeper, Kubernetes) with
    # watcher threads, state under locks.
    Project(
        "patroni",
        "4.1.5",
        "9233df8cef01ac62e92cf6e564afe80ada284d87d2b4393874d807dde753cd05",
        "patroni-4.1.5.tar.gz",
        "patroni-4.1.5/patroni",
    ),
    # SSHv2 and SFTP client and server library: a transport with a reader thread, channels
    # under locks, port forwarding threads, servers, and asyncio variants.
    Project(
        "spindlex",
        "1.0.4",
        "472a78796ed3eb2aa8ca00b70b59eb23a665221ca19edf2ca6ed5512ab7dcdc6",
        "spindlex-1.0.4.tar.gz",
        "spindlex-1.0.4/spindlex",
    ),
    # Library for Rohde & Schwarz instruments over VISA or sockets: sessions shared between
    # threads under re-entrant locks, parallel discovery in thread pools.
    Project(
        "rsinstrument",
        "1.131.0",
        "08f7fbd2e88d52f05fd250ce3464c9a2ae5383818592e48dae12d2b7cac20fbc",
        "rsinstrument-1.131.0.tar.gz",
        "rsinstrument-1.131.0/RsInstrument",
    ),
    # Web server for browser tests: threaded HTTP servers, request handlers, a stash shared
    # between requests under locks, WebSocket and HTTP/2 support.
    Project(
        "wptserve",
        "4.0.3",
        "f43b24f9d470b0435f2523e9cf8a6f91c264fe2ea3fac9979cef8585e06f7a27",
        "wptserve-4.0.3.tar.gz",
        "wptserve-4.0.3/wptserve",
        exclude=("cgi/test_cgi.py",),
    ),
    # NETCONF client: a session with a receive thread, replies delivered through queues and
    # futures, notifications.
    Project(
        "netconf-client",
        "3.6.0",
        "6281700784ea9758af36b35461a3fd7bc518ba0e0093499552e8fcf841b0bb7d",
        "netconf_client-3.6.0.tar.gz",
        "netconf_client-3.6.0/netconf_client",
    ),
    # Thread-safe SQL executor for many databases: a connection pool, thread-local connections
    # and transactions.
    Project(
        "sqlexecutorx",
        "2.0.5",
        "4d7f8d459d9184b8907584795a18e015e1ca0aceda5f29440ecc45a63d0bc72b",
        "sqlexecutorx-2.0.5.tar.gz",
        "SQLExecutorX-2.0.5/sqlexecutorx",
    ),
)

RESERVES_52 = (
    # IMAP client, sync and asyncio: a connection pool under a lock, a health-check thread,
    # mailbox services, caches under locks.
    Project(
        "python-sage-imap",
        "2.0.0",
        "ee5975f66533641eb6fc6405688451fd0af4dace1c70b20f0b160976fef65136",
        "python_sage_imap-2.0.0.tar.gz",
        "python_sage_imap-2.0.0/sage_imap",
    ),
    # Remote procedure calls over MQTT on asyncio: agents, clients, proxies, pending calls.
    Project(
        "vrpc",
        "3.0.3",
        "18f1e75389a7d9707796e444abd80eb228bf7d838e0a39ebb2d89a42b0083f97",
        "vrpc-3.0.3.tar.gz",
        "vrpc-3.0.3/vrpc",
    ),
    # Task concurrency for PyQt5 on QThreadPool: workers, task groups, signals back to the GUI
    # thread.
    Project(
        "pyqt5-concurrent",
        "0.1.7",
        "b6ac0fdb685c75cef80ac7a58280acbb74cee339f580332fa6929853e3924835",
        "pyqt5_concurrent-0.1.7.tar.gz",
        "pyqt5_concurrent-0.1.7/src/pyqt5_concurrent",
    ),
    # Reliable work queue on Redis and asyncio: tasks, leases, sweeping of stale tasks.
    Project(
        "torrelque",
        "0.9.0",
        "40e8830445dbc83c446251d54727f3d0034fec4f6a384161ac5010362eabf201",
        "torrelque-0.9.0.tar.gz",
        "torrelque-0.9.0/torrelque",
        exclude=("test.py",),
    ),
    # Serial port library on asyncio: a reader on the event loop, a stream interface.
    Project(
        "serio",
        "0.1.2",
        "92c2efdda65e44ae0fb440e18546f94de39b39c547f0b07536ba47cee9658145",
        "serio-0.1.2.tar.gz",
        "serio-0.1.2/src/serio",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_52 = 5

HELDOUT_52 = HELDOUT_52_LIST + RESERVES_52[:RESERVES_TAKEN_52]

# Fifty-third batch (``--batch 53``), fixed in this order before any run
# (docs/realworld-heldout-53.md), on the linter frozen at d3a4d89, the last commit to touch
# ``admf_tsan`` when the batch was begun. Chosen, as the twenty-first to fifty-second, for
# concurrency in the projects' own code, central to what they do, half asyncio-heavy and half
# thread-heavy, libraries and services rather than command-line tools, from PyPI names a to m
# (batch 54 was chosen at the same time from names n to z): a task queue after BullMQ, a SOCKS
# and HTTP proxy client and server, two inference servers for machine learning models, an
# Android TV remote client and a library for re-entering the event loop from synchronous code
# (asyncio); a durable execution library, a client of the Interactive Brokers web API, a
# structured logging library, a home automation gateway client, a logging SDK with a sender
# thread and a client of home automation controllers (threads). Every release below (reserves
# included) is the latest final release on PyPI with an sdist when the list was fixed; each
# sdist was fetched from PyPI's JSON simple API (the same file ``pip download --no-deps
# --no-binary :all:`` fetches) and pinned with its sha256, and nothing was linted. The reserves
# (``RESERVES_53``) are added one at a time, in their order, while the batch gives fewer than 15
# findings: ``RESERVES_TAKEN_53`` counts how many were added.
HELDOUT_53_LIST = (
    # Task queue on asyncio after BullMQ: workers with concurrency limits, delayed and repeatable
    # jobs, retries, a scheduler, flows, and Redis, Postgres, MongoDB and in-memory backends.
    Project(
        "asyncmq",
        "0.10.1",
        "046ba2870365035d5d6d50b23f3b1deff4753d250f54207e8f98d8bf21902fcf",
        "asyncmq-0.10.1.tar.gz",
        "asyncmq-0.10.1/asyncmq",
    ),
    # SOCKS and HTTP proxy client and server on asyncio: tunnels, proxy chains, a transport
    # layer with TCP, UDP, SSL and WebSocket connections, relays and listeners.
    Project(
        "asysocks",
        "0.2.18",
        "cc6196e82c8adc8b3ce2321dddf635500c760316da4b7cca321b532cbb3dfdf5",
        "asysocks-0.2.18.tar.gz",
        "asysocks-0.2.18/asysocks",
        exclude=(
            "test",
            "unicomm/protocol/server/websocket/test.py",
            "unicomm/protocol/server/websocket/test_client.py",
        ),
    ),
    # Inference server for machine learning models on asyncio: REST and gRPC servers, adaptive
    # batching, parallel inference workers in processes with dispatch queues, a model registry.
    Project(
        "mlserver",
        "1.7.1",
        "e5534a1bda74275efbb86f8d58a649948f2f0703775619fe7234ab7e50c4fefd",
        "mlserver-1.7.1.tar.gz",
        "mlserver-1.7.1/mlserver",
    ),
    # Inference server on asyncio: inference workers in processes or threads fed from request
    # queues, batching, streaming, a ZeroMQ transport thread, a monitoring thread.
    Project(
        "litserve",
        "0.2.19",
        "951ee621b9f95888f9fc8d06707247ddf675227aa28d9407b6eb97c69551d3c5",
        "litserve-0.2.19.tar.gz",
        "litserve-0.2.19/src/litserve",
    ),
    # Android TV Remote protocol v2 client on asyncio: pairing and remote connections with
    # keep-alive, reconnection and state callbacks.
    Project(
        "androidtvremote2",
        "0.3.2",
        "68fa96ca25ac8ddcb20a64c4c61481a37539b301b899f733f3fb1fc134ea8763",
        "androidtvremote2-0.3.2.tar.gz",
        "androidtvremote2-0.3.2/src/androidtvremote2",
    ),
    # Re-entry into an asyncio (or Trio) event loop from synchronous code: portals into tasks
    # run on greenlets, awaiting from sync functions.
    Project(
        "greenback",
        "1.3.0",
        "d1441f542ec9c6efb32a9250dd954a5b1cc1eb789294c19b1eb747f49cab818c",
        "greenback-1.3.0.tar.gz",
        "greenback-1.3.0/greenback",
        exclude=("_tests",),
    ),
    # Durable execution library: workflows and steps checkpointed in Postgres or SQLite, queues
    # polled by background threads, worker thread pools, recovery, schedulers, notifications.
    Project(
        "dbos",
        "3.4.0",
        "e152a517686fd1875b6eb3d6bf83c87f700a6c244fe872b6da7955f750e18953",
        "dbos-3.4.0.tar.gz",
        "dbos-3.4.0/dbos",
    ),
    # Client of the Interactive Brokers Client Portal Web API: a REST client with thread pools
    # for parallel requests, a WebSocket client with transport and runtime threads, subscriptions
    # and sinks under locks, a tickler thread.
    Project(
        "ibind",
        "0.2.2",
        "91351290bcffa9aa6c1018a58146cf66dfe8835c239b8228e7b2bf34ef37e697",
        "ibind-0.2.2.tar.gz",
        "ibind-0.2.2/ibind",
    ),
    # Structured logging of actions: destinations shared between threads under a lock,
    # context-local action stacks, a log writer thread for Twisted.
    Project(
        "eliot",
        "1.18.0",
        "249ee78966da740b664301688982e2692d9b57ac92d065c7e2abf66bac06932d",
        "eliot-1.18.0.tar.gz",
        "eliot-1.18.0/eliot",
        exclude=("tests",),
    ),
    # Client of devolo Home Control gateways: a WebSocket connection run on a thread with
    # reconnects, zeroconf discovery, device state updated from pushed messages.
    Project(
        "devolo-home-control-api",
        "0.19.1",
        "5f9d3eef882e2e8f03845065d2e8754abb2187fde10ae7986da7697b99d1ca59",
        "devolo_home_control_api-0.19.1.tar.gz",
        "devolo_home_control_api-0.19.1/devolo_home_control_api",
    ),
    # Logging SDK for Coralogix: a logs manager with a background sender thread, a buffer under
    # a lock, HTTP sending with retries.
    Project(
        "coralogix-logger",
        "2.1.1",
        "cd590100b756f3dd5d0fdf6ee48b3afcabf8575941f1e1df2869498c90fbba31",
        "coralogix_logger-2.1.1.tar.gz",
        "coralogix_logger-2.1.1/coralogix",
        exclude=("tests",),
    ),
    # Client of IHC home automation controllers: a notification thread polling resource
    # changes, callbacks, a connection shared under a lock.
    Project(
        "ihcsdk",
        "2.8.14",
        "397bad4d32bed80cf0481dd0d85515198f67f278a05ab8721020a47083bbfe7a",
        "ihcsdk-2.8.14.tar.gz",
        "ihcsdk-2.8.14/ihcsdk",
    ),
)

RESERVES_53 = (
    # Oracle NoSQL Database SDK: a client with a thread pool, a request handler with retries
    # and rate limiters, token and signature caches refreshed under locks, stats under a lock.
    Project(
        "borneo",
        "5.5.0",
        "8b4b19c349e9fc4003471b6258b33e1d21ecfde743216734d770011eafd2f3d5",
        "borneo-5.5.0.tar.gz",
        "borneo-5.5.0/src/borneo",
    ),
    # LDAP client on asyncio: connections with a reader task and message queues, paged
    # searches, authentication, a client shell and helpers.
    Project(
        "msldap",
        "0.5.15",
        "b8024a2c0559158ec407cb6317201ecc83627248baaeecee5dfd4419ca773e3d",
        "msldap-0.5.15.tar.gz",
        "msldap-0.5.15/msldap",
    ),
    # Observability SDK for LLM applications: an event processor thread batching events from
    # a queue, sync and async API clients, context-local threads and steps.
    Project(
        "literalai",
        "0.1.300",
        "f408ebfd0f3251effe55fb84b3bf480c4790a7010d6f30a181b56cd1c3942cfb",
        "literalai-0.1.300.tar.gz",
        "literalai-0.1.300/literalai",
    ),
    # Tracing SDK for LLM applications (Laminar): span processors and exporters on background
    # threads, state under locks, sync and async clients, instrumentations.
    Project(
        "lmnr",
        "0.8.2",
        "41940f7ecefafbe068b562c80352fc14288642f512597a3baac841cf2db8d112",
        "lmnr-0.8.2.tar.gz",
        "lmnr-0.8.2/src/lmnr",
    ),
    # ASGI toolkit on asyncio: routing, middleware, WebSockets, background tasks, a test
    # client, dependency injection, caches and observables.
    Project(
        "lilya",
        "0.29.0",
        "9cb03adc543d305b5a5df9695c6c1338ea5585184a92ec64f5bdc2eb2ba17053",
        "lilya-0.29.0.tar.gz",
        "lilya-0.29.0/lilya",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_53 = 3

HELDOUT_53 = HELDOUT_53_LIST + RESERVES_53[:RESERVES_TAKEN_53]

# Fifty-fourth batch (``--batch 54``), fixed in this order before any run
# (docs/realworld-heldout-54.md), on the linter frozen at d3a4d89, the last commit to touch
# ``admf_tsan`` when the batch was begun. Chosen, as the twenty-first to fifty-third, for
# concurrency in the projects' own code, half asyncio-heavy and half thread-heavy, libraries and
# services rather than command-line tools, from PyPI names n to z (batch 53 was chosen at the
# same time from names a to m): an API for Reolink cameras, a TON blockchain SDK, an AWS IoT
# Greengrass Stream Manager client, a SOCKS and HTTP proxy client, a parallel file downloader and
# a library for Nibe heat pumps (asyncio); a hyperparameter optimization framework, a coding-agent
# toolkit served over MCP, a client for a document ingestion service, two HTTP servers for tests
# and a VK API client (threads). Every release below (reserves included) is the latest final
# release on PyPI with an sdist when the list was fixed; each sdist was fetched from PyPI's JSON
# simple API (the same file ``pip download --no-deps --no-binary :all:`` fetches) and pinned with
# its sha256, and nothing was linted. The reserves (``RESERVES_54``) are added one at a time, in
# their order, while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_54`` counts how
# many were added.
HELDOUT_54_LIST = (
    # API for Reolink NVRs and cameras on asyncio: an HTTP session under a lock, the Baichuan TCP
    # protocol with a reader and subscriptions, push and ONVIF events, callbacks, renewal tasks.
    Project(
        "reolink-aio",
        "0.22.0",
        "08850191e7de268692346d52d411dd17c1d69bd9a171410fbcef7e95acafbb89",
        "reolink_aio-0.22.0.tar.gz",
        "reolink_aio-0.22.0/reolink_aio",
    ),
    # TON blockchain SDK on asyncio: ADNL transports over TCP and UDP with reader tasks, lite
    # clients, a balancer over many lite servers, a DHT client, wallets and contracts.
    Project(
        "pytoniq",
        "0.1.43",
        "b4b1c8fed2f9d2f1b6f0ab4b3f1fc5503a0088630d8081f817807ff31e608606",
        "pytoniq-0.1.43.tar.gz",
        "pytoniq-0.1.43/pytoniq",
    ),
    # AWS IoT Greengrass Stream Manager client: an asyncio event loop on a background thread, a
    # synchronous API bridged to it, request futures completed by a reader task.
    Project(
        "stream-manager",
        "1.1.2",
        "8091a0b23a394508092a3cf9dea021de00f4584ab14da4107196f2b0a29fd301",
        "stream_manager-1.1.2.tar.gz",
        "stream_manager-1.1.2/stream_manager",
    ),
    # Proxy client for SOCKS4, SOCKS5 and HTTP CONNECT: synchronous, asyncio, trio, curio and
    # anyio backends, proxy chains.
    Project(
        "python-socks",
        "3.2.2",
        "307cca18f0b464cdc48341578e521832c4878690a6f87b82dfad7bad7474b78f",
        "python_socks-3.2.2.tar.gz",
        "python_socks-3.2.2/python_socks",
    ),
    # Parallel HTTP and FTP file downloader on asyncio: queued downloads, concurrent segments,
    # a file writer, the event loop run in a thread when one is already running.
    Project(
        "parfive",
        "2.3.1",
        "70bf6f4cbdb62e7df07e13dddc74bbb85a76efb8b38c0522bc63aa94a2270a78",
        "parfive-2.3.1.tar.gz",
        "parfive-2.3.1/parfive",
        exclude=("tests", "conftest.py"),
    ),
    # Library for Nibe heat pumps on asyncio: Modbus and NibeGW UDP connections, request futures
    # under locks, coil updates delivered to listeners.
    Project(
        "nibe",
        "2.25.0",
        "54565df7114d156c6bd366aa63a61fb6a6e8f602d972ec358999ea7e9cce54e8",
        "nibe-2.25.0.tar.gz",
        "nibe-2.25.0/nibe",
    ),
    # Hyperparameter optimization framework: studies optimized with n_jobs on a thread pool,
    # in-memory, cached, RDB and journal storages under locks, a heartbeat thread, a gRPC proxy.
    Project(
        "optuna",
        "5.1.0",
        "6a4eed79680fdb4f0a70e9a9a59530ae8e9e976db1362e4660de1fdd89434e67",
        "optuna-5.1.0.tar.gz",
        "optuna-5.1.0/optuna",
        exclude=("testing",),
    ),
    # Coding-agent toolkit served over MCP: a task executor thread, projects and language
    # servers loaded under locks, a log queue worker, a dashboard and GUI windows on threads.
    Project(
        "serena-agent",
        "2.1.0",
        "312c8c7cb3fa70e3fa7fe4685e09594e31e9a9d7d090d59136a0faf2fa939a91",
        "serena_agent-2.1.0.tar.gz",
        "serena_agent-2.1.0/src/serena",
    ),
    # Client for the NV-Ingest document ingestion service: jobs submitted and fetched
    # concurrently on thread pools, job state under locks.
    Project(
        "nv-ingest-client",
        "26.3.0",
        "2e47ab83dce6853f59569e55556c4c346005ea1e611c747c1c571c79d4f4c908",
        "nv_ingest_client-26.3.0.tar.gz",
        "nv_ingest_client-26.3.0/src/nv_ingest_client",
    ),
    # HTTP server for tests: a werkzeug server on a background thread, expected requests and
    # the request log shared with the test's thread.
    Project(
        "pytest-httpserver",
        "1.2.1",
        "fbad14449e1acfacf24a4d6e2de3211a8654597f03e296af4a833b51836467bc",
        "pytest_httpserver-1.2.1.tar.gz",
        "pytest_httpserver-1.2.1/pytest_httpserver",
    ),
    # Local HTTP, HTTPS and SMTP servers for tests on background threads.
    Project(
        "pytest-localserver",
        "0.10.0.post0",
        "06c21a66609d862b42bd9cb816334820e696ea8f77cacddfe159127d48649851",
        "pytest_localserver-0.10.0.post0.tar.gz",
        "pytest_localserver-0.10.0.post0/pytest_localserver",
    ),
    # Client for the VK API: a session with a lock, a pool of batched requests, long poll and
    # streaming clients.
    Project(
        "vk-api",
        "11.10.1",
        "88eaf5ab7fe171f5b67de976db53c9e1bedefc6b30017e364a544b22dd037fde",
        "vk_api-11.10.1.tar.gz",
        "vk_api-11.10.1/vk_api",
    ),
)

RESERVES_54 = (
    # Service for Paradox alarm panels on asyncio: serial and IP connections, a panel loop,
    # MQTT, Home Assistant and other interfaces, event handlers.
    Project(
        "paradox-alarm-interface",
        "3.8.1",
        "ec26c68821b8314d85f6b72d7038cf3d0d9494938eba2a0dbcaa7549ace197c9",
        "paradox_alarm_interface-3.8.1.tar.gz",
        "paradox_alarm_interface-3.8.1/paradox",
    ),
    # Event daemon for Autodesk Flow Production Tracking: plugins run on worker threads,
    # event polling, state under locks.
    Project(
        "sg-event-daemon",
        "0.1.0",
        "c42421fb34b3ad41eaad7aa86b3b9a7aa4b52a8c07d7b2a93cc6ff963e343963",
        "sg_event_daemon-0.1.0.tar.gz",
        "sg_event_daemon-0.1.0/src/sg_event_daemon",
    ),
    # Tesla Fleet API library on asyncio: HTTP endpoints, vehicle commands over Bluetooth and
    # signed sessions, streaming.
    Project(
        "tesla-fleet-api",
        "1.18.1",
        "a8d06c79ef1ab677d2e742be1d11b21d4754cfcf13689ba93ebd9e71c851d1b9",
        "tesla_fleet_api-1.18.1.tar.gz",
        "tesla_fleet_api-1.18.1/tesla_fleet_api",
    ),
    # Experiment tracking library: metrics and files uploaded by background threads and thread
    # pools, run state under locks.
    Project(
        "swanlab",
        "0.10.3",
        "2369e26af347e3de49e1a8ade9579cb1bb616ed324487fe68e8a0f9e11968e9b",
        "swanlab-0.10.3.tar.gz",
        "swanlab-0.10.3/swanlab",
    ),
    # Zabbix API, sender and getter, synchronous and on asyncio.
    Project(
        "zabbix-utils",
        "2.0.4",
        "e46b15c5b51ade4692aa009939372bce68871cf64d6572e96e8cb193cb0590ea",
        "zabbix_utils-2.0.4.tar.gz",
        "zabbix_utils-2.0.4/zabbix_utils",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_54 = 5

HELDOUT_54 = HELDOUT_54_LIST + RESERVES_54[:RESERVES_TAKEN_54]

# Fifty-fifth batch (``--batch 55``), fixed in this order before any run
# (docs/realworld-heldout-55.md), on the linter frozen at 9ed99e6, the last commit to touch
# ``admf_tsan`` when the batch was begun. Chosen, as the twenty-first to fifty-fourth, for
# concurrency in the projects' own code, half asyncio-heavy and half thread-heavy, libraries and
# services rather than command-line tools, from PyPI names a to m (batch 56 was chosen at the
# same time from names n to z): an SDK for Claude Code agents, AutoGen's agents and teams, a
# language server for Sphinx, and libraries for IntelliFire fireplaces, devolo PLC devices and
# Cambridge Audio streamers (asyncio); a Globus Compute endpoint, a Durable Task SDK, a library
# for the Bosch Smart Home Controller, a profiling agent, a trading API client with websocket
# threads and an event-driven actions framework (threads). Every release below (reserves
# included) is the latest final release on PyPI with an sdist when the list was fixed; each sdist
# was fetched from PyPI's JSON simple API (the same file ``pip download --no-deps --no-binary
# :all:`` fetches) and pinned with its sha256, and nothing was linted. The reserves
# (``RESERVES_55``) are added one at a time, in their order, while the batch gives fewer than 15
# findings: ``RESERVES_TAKEN_55`` counts how many were added.
HELDOUT_55_LIST = (
    # SDK for Claude Code agents on asyncio (anyio): a subprocess transport with reader tasks, a
    # control protocol with pending requests, hooks and in-process MCP tools, session stores.
    Project(
        "claude-agent-sdk",
        "0.2.190",
        "1e703ec21e9d2890115dc07a002daff5068800fa6a86582293497d2e02b501c4",
        "claude_agent_sdk-0.2.190.tar.gz",
        "claude_agent_sdk-0.2.190/src/claude_agent_sdk",
    ),
    # AutoGen agents and teams on asyncio: group chats run by managers on an agent runtime,
    # message queues, cancellation tokens, termination conditions, streaming.
    Project(
        "autogen-agentchat",
        "0.7.5",
        "8d9c718db52ef24a518806b3a0ef848f0e4c1902877675dc0abed73a8e6e7755",
        "autogen_agentchat-0.7.5.tar.gz",
        "autogen_agentchat-0.7.5/src/autogen_agentchat",
    ),
    # Language server for Sphinx projects on asyncio: features run as tasks, Sphinx agent
    # subprocesses driven over JSON-RPC, per-workspace state.
    Project(
        "esbonio",
        "2.1.0",
        "7fd6973616c88689800ff3de17ce929c6dfe34fedf6e2c142e2b7ceab8b2ebbd",
        "esbonio-2.1.0.tar.gz",
        "esbonio-2.1.0/esbonio",
        exclude=("server/testing.py",),
    ),
    # Library for IntelliFire fireplaces on asyncio: local and cloud polling tasks, UDP
    # discovery, control commands.
    Project(
        "intellifire4py",
        "4.5.6",
        "9dd49f194890cbc32c754a68de36246fb4800c6e999b050a09ea6c0c33e1a90e",
        "intellifire4py-4.5.6.tar.gz",
        "intellifire4py-4.5.6/intellifire4py",
    ),
    # Library for devolo PLC devices on asyncio: zeroconf discovery, device and PLC network APIs,
    # synchronous wrappers.
    Project(
        "devolo-plc-api",
        "1.6.0",
        "da78188e3bc5688e46e01a8abb4f11f05e71f6a5b046f9cc2f1abe5afd8b3038",
        "devolo_plc_api-1.6.0.tar.gz",
        "devolo_plc_api-1.6.0/devolo_plc_api",
    ),
    # Client for Cambridge Audio StreamMagic streamers on asyncio: a websocket with a reader
    # task, request futures, subscriptions and state callbacks.
    Project(
        "aiostreammagic",
        "2.13.2",
        "43b404b176b7b9bb943c29bbd2433fd6e3030c80d3e6a508a8b6b7b94bfd6b5c",
        "aiostreammagic-2.13.2.tar.gz",
        "aiostreammagic-2.13.2/aiostreammagic",
    ),
    # Globus Compute endpoint: task and result queues on RabbitMQ subscriber and publisher
    # threads, an interchange with processing threads, thread-pool and process-pool engines.
    Project(
        "globus-compute-endpoint",
        "4.19.0",
        "6dc4a0dc87d0c8046ccd6a9d52da60dd7537fbd0401ab1adce4fdbd249be4c69",
        "globus_compute_endpoint-4.19.0.tar.gz",
        "globus_compute_endpoint-4.19.0/globus_compute_endpoint",
    ),
    # Durable Task SDK: a gRPC worker with a run-loop thread, stream reader threads and thread
    # pools, a client re-creating channels under locks, an in-memory backend with timer threads.
    Project(
        "durabletask",
        "1.12.0",
        "8d5f04d90ab8020ee4a056fae9117bb92cf8e01c8e9dff6b7ac1b814923dde28",
        "durabletask-1.12.0.tar.gz",
        "durabletask-1.12.0/durabletask",
    ),
    # Library for the Bosch Smart Home Controller: a long-polling thread, device state under
    # locks, subscriber callbacks, and an asyncio API beside the threaded one.
    Project(
        "boschshcpy",
        "0.6.25",
        "841095d45baf4ae8b5dbfaaccb312d0676700a9c8601a0ae4b78b718e8b467c9",
        "boschshcpy-0.6.25.tar.gz",
        "boschshcpy-0.6.25/boschshcpy",
    ),
    # Amazon CodeGuru Profiler agent: a scheduler thread sampling the other threads' stacks,
    # the profile aggregated and reported under locks.
    Project(
        "codeguru-profiler-agent",
        "1.2.6",
        "75fb2ec9bf73f64a08dc817b2530c7ebeb7eb7bd8484a6572717560e8c572964",
        "codeguru_profiler_agent-1.2.6.tar.gz",
        "codeguru_profiler_agent-1.2.6/codeguru_profiler_agent",
    ),
    # Fyers trading API: market data, order and tick-by-tick websockets run on threads, ping
    # and message-queue threads, state under locks.
    Project(
        "fyers-apiv3",
        "3.2.0",
        "886165ed6523975e219e5b65a71129f53d9ad4354f0258921b0b8645ae96eb12",
        "fyers_apiv3-3.2.0.tar.gz",
        "fyers_apiv3-3.2.0/fyers_apiv3",
    ),
    # DataHub Actions: event-driven pipelines run on threads by a pipeline manager under a lock,
    # a Kafka event source, a lag monitor thread.
    Project(
        "acryl-datahub-actions",
        "1.7.0.17",
        "7e0fe667c9f34cadad7d381ec981687b64cf4c5090ccb9b30e81f7c2bb14ce7c",
        "acryl_datahub_actions-1.7.0.17.tar.gz",
        "acryl_datahub_actions-1.7.0.17/src/datahub_actions",
    ),
)

RESERVES_55 = (
    # MCP clients, agents and servers on asyncio: connectors over stdio, HTTP and websockets,
    # sessions, a server manager, tool calls.
    Project(
        "mcp-use",
        "1.7.1",
        "7a05bc57a6d03e8a26b0b64fedd699a90e0e5d1b7d1f584de2f0331ec16f0783",
        "mcp_use-1.7.1.tar.gz",
        "mcp_use-1.7.1/mcp_use",
    ),
    # Observability SDK for AI agents: OpenTelemetry spans exported by background threads,
    # instrumentation of agent frameworks, client state under locks.
    Project(
        "agentops",
        "0.4.21",
        "47759c6dfd6ea58bad2f7764257e4778cb2e34ae180cef642f60f56adced6510",
        "agentops-0.4.21.tar.gz",
        "agentops-0.4.21/agentops",
    ),
    # Agent monitoring and evaluation SDK: a tracer exporting spans in the background,
    # evaluations run on thread pools and on asyncio.
    Project(
        "judgeval",
        "1.6.0",
        "b8f8e85518f76ed36d1cb752e0b6946453dea153f6d1523a9d14023741c9882f",
        "judgeval-1.6.0.tar.gz",
        "judgeval-1.6.0/src/judgeval",
    ),
    # SDK for Amazon Bedrock AgentCore: an agent runtime server with async tasks and thread
    # pools, memory, browser and code-interpreter sessions.
    Project(
        "bedrock-agentcore",
        "1.25.0",
        "a5140924092be74c5962ae90e3764f030a7d4db22d5c3b608283bfe8e7fff1d3",
        "bedrock_agentcore-1.25.0.tar.gz",
        "bedrock_agentcore-1.25.0/src/bedrock_agentcore",
    ),
    # Datadog APM test agent: an aiohttp server receiving traces and telemetry, snapshots,
    # sessions, proxying to the agent.
    Project(
        "ddapm-test-agent",
        "1.45.0",
        "fd755ed552a64cf3ac0c2a125952aa5f38ac63d4ff0ad7f255224112291a47aa",
        "ddapm_test_agent-1.45.0.tar.gz",
        "ddapm_test_agent-1.45.0/ddapm_test_agent",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_55 = 5

HELDOUT_55 = HELDOUT_55_LIST + RESERVES_55[:RESERVES_TAKEN_55]

# Fifty-sixth batch (``--batch 56``), fixed in this order before any run
# (docs/realworld-heldout-56.md), on the linter frozen at 9ed99e6, the last commit to touch
# ``admf_tsan`` when the batch was begun. Chosen, as the twenty-first to fifty-fifth, for
# concurrency in the projects' own code, half asyncio-heavy and half thread-heavy, libraries and
# services rather than command-line tools, from PyPI names n to z (batch 55 was chosen at the
# same time from names a to m): a futures trading SDK, a library for SwitchBot devices, two
# Lavalink clients, a Satori chat protocol SDK and a Twitter/X scraper (asyncio); a cloud storage
# SDK, a live visualization server and client, a news extraction library, a library for iOS
# devices, a Landroid cloud API library and a voice assistant's core service (threads). Every
# release below (reserves included) is the latest final release on PyPI with an sdist when the
# list was fixed; each sdist was fetched from PyPI's JSON simple API (the same file ``pip
# download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and nothing was
# linted. The reserves (``RESERVES_56``) are added one at a time, in their order, while the batch
# gives fewer than 15 findings: ``RESERVES_TAKEN_56`` counts how many were added.
HELDOUT_56_LIST = (
    # TianQin futures trading SDK on asyncio: a websocket connection with reconnecting tasks, data
    # series updated by diff-merging tasks, order and backtest services, a web GUI server.
    Project(
        "tqsdk",
        "3.10.4",
        "6f689516ace866bb4097e3b48551ae46408aaf1dc9b0be5b0cd8e4de75281257",
        "tqsdk-3.10.4.tar.gz",
        "tqsdk-3.10.4/tqsdk",
        exclude=("demo",),
    ),
    # Library for SwitchBot devices on asyncio: BLE connections with locks and disconnect timers,
    # notifications and advertisement parsing, a cloud API.
    Project(
        "pyswitchbot",
        "3.1.0",
        "499839c77d4b4cf9cfef99556758ff8e7f7bffc6de47deb37d2d48482d1806c7",
        "pyswitchbot-3.1.0.tar.gz",
        "pyswitchbot-3.1.0/switchbot",
    ),
    # Lavalink client for discord.py on asyncio: nodes over websockets with a reader task, players
    # with queues and auto-play, a node pool.
    Project(
        "wavelink",
        "3.5.2",
        "a4ee03fd43e9cc246e2659f57c278d562c8e1889e99514358aebf0d164d45f85",
        "wavelink-3.5.2.tar.gz",
        "wavelink-3.5.2/wavelink",
    ),
    # Satori chat protocol SDK on asyncio: a client with websocket and webhook networks and
    # heartbeat tasks, a server with adapters and event dispatch.
    Project(
        "satori-python",
        "1.3.11",
        "1f87855480de1626ac65225bcc6c8867e148c95186d97a6280ca2e7f41e0cc0a",
        "satori_python-1.3.11.tar.gz",
        "satori_python-1.3.11/src/satori",
    ),
    # Lavalink client for discord.py on asyncio: nodes over websockets with a listener task,
    # players, queues and a node pool.
    Project(
        "pomice",
        "2.11.1",
        "f7ea0f3443a6a83f7d9b6dd6088b48896ef00fda2fc69ce8a65e20ada576add7",
        "pomice-2.11.1.tar.gz",
        "pomice-2.11.1/pomice",
    ),
    # Twitter/X GraphQL scraper on asyncio: an account pool with locks in SQLite, a queue client
    # that rotates accounts, concurrent paginated searches.
    Project(
        "twscrape",
        "0.20.1",
        "09b3b768e701fb71a6f785dba9744f60c96d03308c76abfa66cbf2cdb360eb63",
        "twscrape-0.20.1.tar.gz",
        "twscrape-0.20.1/twscrape",
    ),
    # Qiniu cloud storage SDK: resumable uploads on a thread pool with part state under a lock,
    # region caches under locks, single-flight requests.
    Project(
        "qiniu",
        "7.18.0",
        "d9edca3a1c5217c13638a08d9095cd1661f5ba6cf92ea3827949ff3d332ea4fa",
        "qiniu-7.18.0.tar.gz",
        "qiniu-7.18.0/qiniu",
    ),
    # Live data visualization server and client: a tornado server with socket handlers, a client
    # with a socket thread and a session reaper thread under a lock.
    Project(
        "visdom",
        "0.3.0",
        "62e213f061b5f2c5d23c3292dcc4fc8414c24a88860651281ab1d7ce3ac9e260",
        "visdom-0.3.0.tar.gz",
        "visdom-0.3.0/py/visdom",
    ),
    # News article discovery and extraction library: articles and sources downloaded on thread
    # pools, robots.txt state and network hooks under locks.
    Project(
        "newspaper4k",
        "0.9.6",
        "a3f2f0e017dddb6f1019ee77aaa8980e13e6ecea0b949abc7167aae4770d2d0e",
        "newspaper4k-0.9.6.tar.gz",
        "newspaper4k-0.9.6/newspaper",
    ),
    # Library for iOS devices over usbmux: DTX instrument channels with reader threads and
    # events, WebDriverAgent proxy threads, relays and socket pools.
    Project(
        "tidevice",
        "0.12.11",
        "d54be7354e72744008c0208b3eeafc4e6d54bf864c2e4d277444370c5563ae88",
        "tidevice-0.12.11.tar.gz",
        "tidevice-0.12.11/tidevice",
    ),
    # Landroid cloud API library: MQTT on paho's thread with command, response and lifecycle
    # locks, token refresh, callbacks into an asyncio-using caller.
    Project(
        "pyworxcloud",
        "6.4.2",
        "4d9e2a1ab4103b15ea5edfc0811452b216568013f585ef03ae08d2ddec6384cc",
        "pyworxcloud-6.4.2.tar.gz",
        "pyworxcloud-6.4.2/pyworxcloud",
    ),
    # OpenVoiceOS core service: a skill manager thread loading and unloading skills, intent
    # services answering message-bus events from the bus client's thread.
    Project(
        "ovos-core",
        "2.1.1",
        "4c7fe182c5e19ec8f6551bfc4f4d148c344bc9d9e407edc2586a7b20cc0e2a93",
        "ovos_core-2.1.1.tar.gz",
        "ovos_core-2.1.1/ovos_core",
    ),
)

RESERVES_56 = (
    # Tiger Brokers Open API SDK: a push client with transport and heartbeat threads, listeners, a
    # callback thread pool, an OAuth session manager under a lock.
    Project(
        "tigeropen",
        "3.8.0",
        "763338abcabec7c851fe0e8ccce8e6b61eb434b35d209a5a438bb552611b41b6",
        "tigeropen-3.8.0.tar.gz",
        "tigeropen-3.8.0/tigeropen",
        exclude=("examples",),
    ),
    # Python API for Vespa: feeding on thread pools with a consumer thread and counters under a
    # lock, an async client with throttling, application packages.
    Project(
        "pyvespa",
        "1.2.9",
        "3be6a5de5c318ec38e3bba7160bb93d880264ff91e4062f78a37a5f63468d4d5",
        "pyvespa-1.2.9.tar.gz",
        "pyvespa-1.2.9/vespa",
    ),
    # NX584/NX8E alarm interface library and server: a controller loop thread, an event queue
    # under a lock, an HTTP API.
    Project(
        "pynx584",
        "0.9.0",
        "efd228a09c82583f3ec88f7069456015073c5f2dc7f25db64ec4fc97154c6910",
        "pynx584-0.9.0.tar.gz",
        "pynx584-0.9.0/nx584",
    ),
    # Library for Daikin air conditioners on asyncio: HTTP and UDP device clients, discovery.
    Project(
        "pydaikin",
        "2.22.0",
        "5ca2bf73a16d45a757e12227155db5db5a63e5c360c6e6170da67a9c6a4fd968",
        "pydaikin-2.22.0.tar.gz",
        "pydaikin-2.22.0/pydaikin",
    ),
    # Library for Control4 systems on asyncio: a director HTTP API and a websocket connection
    # with item callbacks.
    Project(
        "pycontrol4",
        "2.0.2",
        "49138f89ad61f7740127f50c3d1669d1fb399e54e7c7cc1971555d17cb7a86ac",
        "pycontrol4-2.0.2.tar.gz",
        "pycontrol4-2.0.2/pyControl4",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_56 = 5

HELDOUT_56 = HELDOUT_56_LIST + RESERVES_56[:RESERVES_TAKEN_56]

# Fifty-seventh batch (``--batch 57``), fixed in this order before any run
# (docs/realworld-heldout-57.md), on the linter frozen at 870880a, the last commit to touch
# ``admf_tsan`` when the batch was begun. Chosen, as the twenty-first to fifty-sixth, for
# concurrency in the projects' own code, half asyncio-heavy and half thread-heavy, libraries and
# services rather than command-line tools, from PyPI names a to m (batch 58 was chosen at the
# same time from names n to z): a bot framework, a JupyterHub spawner for Kubernetes, Dask's
# Kubernetes operator and cluster client, a Lavalink client, an HTTP cache and a library for
# Arcam receivers (asyncio); a beamline experiment control library, the Anvil server uplink, a
# Jupyter kernel gateway, a workflow manager, a home security library and DVC's object layer
# (threads). Every release below (reserves included) is the latest final release on PyPI with an
# sdist when the list was fixed; each sdist was fetched from PyPI's JSON simple API (the same file
# ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its sha256, and nothing
# was linted. The reserves (``RESERVES_57``) are added one at a time, in their order, while the
# batch gives fewer than 15 findings: ``RESERVES_TAKEN_57`` counts how many were added.
HELDOUT_57_LIST = (
    # Bot framework on asyncio: protocol adapters and IO sources run as tasks, event dispatch
    # through handler flows with queues, locks and futures, session storage, a plugin manager.
    Project(
        "melobot",
        "3.5.1",
        "9f36284a91750bc177c67a7445dfa191f4beb1d7c101ffd1f6dfd3e41881a5d0",
        "melobot-3.5.1.tar.gz",
        "melobot-3.5.1/src/melobot",
    ),
    # JupyterHub spawner for Kubernetes on asyncio: shared pod and event reflectors watching the
    # API in tasks, spawns and stops awaited with timeouts, a Kubernetes client per loop.
    Project(
        "jupyterhub-kubespawner",
        "7.1.0",
        "ece25721ed26741d94d51429c7778fb86509e6be740712e9f158bc6d0192d4e2",
        "jupyterhub_kubespawner-7.1.0.tar.gz",
        "jupyterhub_kubespawner-7.1.0/kubespawner",
    ),
    # Dask on Kubernetes on asyncio: an operator (kopf handlers) reconciling clusters, worker
    # groups and autoscalers, a KubeCluster client with port forwarding and a sync wrapper.
    Project(
        "dask-kubernetes",
        "2026.3.0",
        "a247ee5e34284c74d5db0d681cd8f668eb636f719b538b771d1b101ff9952232",
        "dask_kubernetes-2026.3.0.tar.gz",
        "dask_kubernetes-2026.3.0/dask_kubernetes",
        exclude=("operator/controller/tests", "operator/kubecluster/tests", "conftest.py"),
    ),
    # Lavalink client for discord.py and its forks on asyncio: nodes over websockets with a
    # listener task, players, a node pool, reconnects.
    Project(
        "mafic",
        "2.11.0",
        "82309ff08fff91dd6521dda4fe533c7f93b19d3bfa8ade7bdedf4af9f0da8a6e",
        "mafic-2.11.0.tar.gz",
        "mafic-2.11.0/mafic",
    ),
    # HTTP caching for HTTPX and requests, sync and asyncio: cache transports and proxies, SQLite
    # storages initialised under an asyncio lock and a thread lock.
    Project(
        "hishel",
        "2.0.0",
        "f043c88acf9b476fdbf203986253cd4e27e2468a3319b43c3946a641e1cb7696",
        "hishel-2.0.0.tar.gz",
        "hishel-2.0.0/src/hishel",
    ),
    # Library for Arcam receivers on asyncio: a client with a reader task, request futures and
    # listeners, a state object updated from notifications, a server emulating a device.
    Project(
        "arcam-fmj",
        "3.0.1.post1",
        "a2b75217f628db066258df7658dbcac1a22007a1273c731f6f07b747f5f0f5b9",
        "arcam_fmj-3.0.1.post1.tar.gz",
        "arcam_fmj-3.0.1.post1/src/arcam",
    ),
    # BEC library (beamline experiment control): a Redis connector with listener and poll
    # threads, callbacks under locks, queue, scan and device managers updated from them.
    Project(
        "bec-lib",
        "4.3.2",
        "e4bffbc0e2a17680a3cee633ee4b1ae4307fcdc8566a1156a639cb77adcaf699",
        "bec_lib-4.3.2.tar.gz",
        "bec_lib-4.3.2/bec_lib",
        exclude=("tests", "utils/user_acls_test.py"),
    ),
    # Anvil server uplink: a websocket connection on its own thread, server calls served on
    # threads, pending calls and registrations under locks and conditions.
    Project(
        "anvil-uplink",
        "0.7.0",
        "6353068cbbc388e480abac373eebec1e66973e47ced060646a79db7045f42689",
        "anvil_uplink-0.7.0.tar.gz",
        "anvil_uplink-0.7.0/anvil",
    ),
    # Jupyter Enterprise Gateway: a tornado service starting remote kernels through process
    # proxies, kernel sessions persisted under a lock, a client with reader and interrupt threads.
    Project(
        "jupyter-enterprise-gateway",
        "3.3.0",
        "58d61fef0f30d8010553bf3755c7d205c072383849c416916b37d3ef940725b7",
        "jupyter_enterprise_gateway-3.3.0.tar.gz",
        "jupyter_enterprise_gateway-3.3.0/enterprise_gateway",
        exclude=("tests", "itests"),
    ),
    # FireWorks workflow manager: rockets with ping and background-task threads, a multi-launcher
    # with a shared lock server, queue launchers, workflow locks in MongoDB.
    Project(
        "fireworks",
        "2.1.4",
        "277d917b1983a6579c964d0ca5f9b654f7d644b93de609112219b8530c430861",
        "fireworks-2.1.4.tar.gz",
        "fireworks-2.1.4/fireworks",
        exclude=(
            "tests",
            "core/tests",
            "features/tests",
            "scripts/tests",
            "user_objects/firetasks/tests",
            "user_objects/firetasks/unittest_tasks.py",
            "user_objects/queue_adapters/tests",
            "utilities/tests",
        ),
    ),
    # Library for the Abode home security system: an event controller on a socket.io thread,
    # device, timeline and automation callbacks registered from the caller's threads.
    Project(
        "jaraco-abode",
        "6.4.0",
        "3270a5344fbe1a17460f615ae72236efe545ad9ec63cce85c18fcb8acdf8fd94",
        "jaraco_abode-6.4.0.tar.gz",
        "jaraco_abode-6.4.0/jaraco/abode",
    ),
    # DVC's filesystem and object-database layer: bounded thread-pool executors, batched
    # transfers, callbacks under locks, a loop thread bridging fsspec's async filesystems.
    Project(
        "dvc-objects",
        "5.2.0",
        "969bc19847b76604327631ce0ad0f287efa549d87bac028b5c2eb17a0d610984",
        "dvc_objects-5.2.0.tar.gz",
        "dvc_objects-5.2.0/src/dvc_objects",
    ),
)

RESERVES_57 = (
    # API wrapper for Guilded's bot API on asyncio: a websocket gateway with heartbeat tasks, an
    # HTTP client with rate limits, a state cache, event dispatch.
    Project(
        "guilded.py",
        "1.13.3",
        "439662a847d5d560817894e95f1250c1751feb3b76c2848a57ac12a10fd2b5d5",
        "guilded.py-1.13.3.tar.gz",
        "guilded.py-1.13.3/guilded",
    ),
    # Azure App Configuration provider, sync and asyncio: settings refreshed on timers under a
    # lock, replica clients and failover, Key Vault references.
    Project(
        "azure-appconfiguration-provider",
        "2.5.0",
        "c0d91784fcf1c0631852418db6861b3323bd5fca47934ad5e61a9586acfc719b",
        "azure_appconfiguration_provider-2.5.0.tar.gz",
        "azure_appconfiguration_provider-2.5.0/azure/appconfiguration/provider",
    ),
    # Groww trading API SDK: a live market-data feed over NATS on a background thread,
    # subscriptions and callbacks, REST clients.
    Project(
        "growwapi",
        "1.5.0",
        "546be8517f1223dda1f5338a549b3499c2b7cabd1e165b64fef21ab386136b66",
        "growwapi-1.5.0.tar.gz",
        "growwapi-1.5.0/groww",
    ),
    # DVC's data management subsystem: indexes built and checked out with thread pools, hashing
    # and transfer with callbacks.
    Project(
        "dvc-data",
        "3.18.3",
        "61c8085a7c5b5e3ecaa86d63c3f22dc7c951a5dc55bd0a1bb5afa15377a25b1a",
        "dvc_data-3.18.3.tar.gz",
        "dvc_data-3.18.3/src/dvc_data",
    ),
    # Library for Philips TVs' JointSpace API on asyncio: polled state, notify-change long
    # polls, remote keys and apps.
    Project(
        "ha-philipsjs",
        "3.3.0",
        "f3afbeb78d3da260e523c34c03ba685a3917a9a163d6860b2f0fb7accbe4265c",
        "ha_philipsjs-3.3.0.tar.gz",
        "ha_philipsjs-3.3.0/haphilipsjs",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_57 = 0

HELDOUT_57 = HELDOUT_57_LIST + RESERVES_57[:RESERVES_TAKEN_57]

# Fifty-eighth batch (``--batch 58``), fixed in this order before any run
# (docs/realworld-heldout-58.md), on the linter frozen at 870880a, the last commit to touch
# ``admf_tsan`` when the batch was begun. Chosen, as the twenty-first to fifty-seventh, for
# concurrency in the projects' own code, half asyncio-heavy and half thread-heavy, libraries and
# services rather than command-line tools, from PyPI names n to z (batch 57 was chosen at the
# same time from names a to m): a TON blockchain SDK, a web scraping framework, a crypto trading
# bot API client, an auth client, a library for Plugwise gateways and one for LinkPlay audio
# devices (asyncio); an iRODS client, a RocketMQ client, a VAST Data SDK, an A/B testing SDK, a
# Nostr library and a streaming file I/O library (threads). Every release below (reserves
# included) is the latest final release on PyPI with an sdist when the list was fixed; each sdist
# was fetched from PyPI's JSON simple API (the same file ``pip download --no-deps --no-binary
# :all:`` fetches) and pinned with its sha256, and nothing was linted. The reserves
# (``RESERVES_58``) are added one at a time, in their order, while the batch gives fewer than 15
# findings: ``RESERVES_TAKEN_58`` counts how many were added.
HELDOUT_58_LIST = (
    # TON blockchain SDK on asyncio: ADNL transports to lite servers with reader tasks and pending
    # requests, a lite-server balancer, DHT and HTTP providers with rate limits, a status monitor.
    Project(
        "tonutils",
        "2.5.1",
        "8534846f81ac1a92304f63076f76f73e85ec7ec0cc8fa533e7e35bd8cc5b545d",
        "tonutils-2.5.1.tar.gz",
        "tonutils-2.5.1/tonutils",
    ),
    # Web scraping framework on asyncio: a spider engine with a request scheduler and concurrent
    # crawling tasks, browser fetchers with page pools, static and async HTTP fetchers.
    Project(
        "scrapling",
        "0.5",
        "da9dfa45662996a9a62f20a8385314df93309aad330b8bb8b6372c9324938456",
        "scrapling-0.5.tar.gz",
        "scrapling-0.5/scrapling",
    ),
    # Crypto exchange API client for trading bots on asyncio: websocket apps with reconnect and
    # heartbeat tasks, data stores updated from messages with waiters, request signing.
    Project(
        "pybotters",
        "1.11.2",
        "2924312fc6ff0e8f03a9acf9493f024b812369309aa961eff5e5875fff0aa4e6",
        "pybotters-1.11.2.tar.gz",
        "pybotters-1.11.2/pybotters",
        exclude=("_static_dependencies",),
    ),
    # Supabase Auth client: async and sync clients, session auto-refresh timers, auth state
    # subscriptions, MFA and admin APIs.
    Project(
        "supabase-auth",
        "2.34.1",
        "d4d7d89ef16f55d1562b6408a361c1982d5f9764c43a64d18222655ee58c3207",
        "supabase_auth-2.34.1.tar.gz",
        "supabase_auth-2.34.1/src/supabase_auth",
    ),
    # Library for Plugwise Smile and Stretch gateways on asyncio: an HTTP client polling the
    # devices' XML, a preset lock, thermostat, switch and energy data.
    Project(
        "plugwise",
        "1.15.0",
        "70b30f3ba53b97361782e144ea04f0140dcc9636bf533f3c2b3acc277ffdb156",
        "plugwise-1.15.0.tar.gz",
        "plugwise-1.15.0/plugwise",
    ),
    # Library for LinkPlay audio devices on asyncio: device bridges over HTTP, multiroom groups,
    # a TCP UART client, discovery, certificate loading in an executor.
    Project(
        "python-linkplay",
        "0.2.14",
        "d657ba0330efcbb62d442504931083839b942db8ea6c4fe0f404d6de214782b4",
        "python_linkplay-0.2.14.tar.gz",
        "python_linkplay-0.2.14/src/linkplay",
    ),
    # iRODS client library: a connection pool under a lock, parallel transfers on thread pools
    # with a progress thread, sessions cleaned up at exit under locks.
    Project(
        "python-irodsclient",
        "3.3.0",
        "dfab1ad8cc01bedef1b4e29e26a6f02b00ab4c64d520295e9ab35c4de26e2d32",
        "python_irodsclient-3.3.0.tar.gz",
        "python_irodsclient-3.3.0/irods",
        exclude=("test",),
    ),
    # Apache RocketMQ 5 client: a gRPC client driving an asyncio loop on its own thread,
    # producers and push/simple consumers with thread pools, process queues and maps under locks.
    Project(
        "rocketmq-python-client",
        "5.1.2",
        "9b9392337282119715c826689ff83a3d1a3e79b6a6c2b535c09b7f855f37a809",
        "rocketmq_python_client-5.1.2.tar.gz",
        "rocketmq_python_client-5.1.2/rocketmq",
        exclude=("test",),
    ),
    # VAST Data SDK: table selects split over thread pools with queues of splits and record
    # batches, endpoint discovery under a lock, a background thread helper.
    Project(
        "vastdb",
        "2.1.0",
        "ec1b458f9b3dc2435dfb0ebd171128ad704d323e045d312941277fb576e94c7c",
        "vastdb-2.1.0.tar.gz",
        "vastdb-2.1.0/vastdb",
        exclude=(
            "bench",
            "tests",
            "vast_tests",
            "conftest.py",
        ),
    ),
    # VWO server-side A/B testing SDK: an event dispatcher batching events under a lock with
    # flush timers and a sync thread, settings polling.
    Project(
        "vwo-python-sdk",
        "1.68.2",
        "e667ad801c04a317afffcf44641f1cf5fc84d722d42a73e941ca356cd0e3b3d9",
        "vwo_python_sdk-1.68.2.tar.gz",
        "vwo_python_sdk-1.68.2/vwo",
    ),
    # Nostr protocol library: a relay manager with websocket relays on threads, message pools
    # of queues under locks, relay checks on a thread pool.
    Project(
        "pynostr",
        "0.7.0",
        "05566e18ae0ba467ba1ac6b29d82c271e4ba618ff176df5e56d544c3dee042ba",
        "pynostr-0.7.0.tar.gz",
        "pynostr-0.7.0/pynostr",
    ),
    # Streaming file I/O library for S3, GCS, Azure, HTTP, SFTP and more: S3 bucket iteration
    # and downloads on thread pools, multipart uploads.
    Project(
        "smart-open",
        "9.0.4",
        "b14abc01a8a778225fcacaf26e2021ff67c04a5d6810433c42b621200ec42ea6",
        "smart_open-9.0.4.tar.gz",
        "smart_open-9.0.4/smart_open",
    ),
)

RESERVES_58 = (
    # XRP Ledger library: an asyncio websocket client with a handler task and pending request
    # futures, a sync client running its loop on a thread, transaction models.
    Project(
        "xrpl-py",
        "5.2.0",
        "6f49fb425b7854141c3eb7662a9388380b757ecf20eb35f142a7909656cb7cb9",
        "xrpl_py-5.2.0.tar.gz",
        "xrpl_py-5.2.0/xrpl",
    ),
    # Rucio data management client: download and upload clients with worker threads and queues,
    # a pcache, RSE protocols.
    Project(
        "rucio-clients",
        "41.5.1",
        "1e1a59e77bb91fccf4b5fdaf3009e1ea0b837977a3a75860d8bf7a925c1cc543",
        "rucio_clients-41.5.1.tar.gz",
        "rucio_clients-41.5.1/lib/rucio",
    ),
    # Core Lightning client and plugin library: a thread-safe JSON-RPC client over a unix socket,
    # a plugin loop whose replies and notifications take a write lock.
    Project(
        "pyln-client",
        "26.6.9",
        "881212d80accfb6d1d6cc000bfc4e1b98a837a6ca5b543f46d37d396929fbe99",
        "pyln_client-26.6.9.tar.gz",
        "pyln_client-26.6.9/pyln",
    ),
    # Client for tardis.dev market data on asyncio: concurrent data-feed downloads with
    # tasks, replay and cached slices.
    Project(
        "tardis-dev",
        "5.0.4",
        "0184f2853b243d1975668342ad5f078fe0ed7cbec7a6a0b5efa771802195cfe8",
        "tardis_dev-5.0.4.tar.gz",
        "tardis_dev-5.0.4/tardis_dev",
    ),
    # JSON-RPC server of RobotCode: an asyncio protocol whose requests run on threads, with
    # futures bridged between threads and the loop, request cancellation under locks.
    Project(
        "robotcode-jsonrpc2",
        "2.8.0",
        "05c9e86e0745ed45a7ff12563134a4a52b4575e8708d60bf3c8f8c79ae6fa3b2",
        "robotcode_jsonrpc2-2.8.0.tar.gz",
        "robotcode_jsonrpc2-2.8.0/src/robotcode",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_58 = 5

HELDOUT_58 = HELDOUT_58_LIST + RESERVES_58[:RESERVES_TAKEN_58]

# Fifty-ninth batch (``--batch 59``), fixed in this order before any run
# (docs/realworld-heldout-59.md), on the linter frozen at d14ee3b, the last commit to touch
# ``admf_tsan`` when the batch was begun. Chosen, as the twenty-first to fifty-eighth, for
# concurrency in the projects' own code, half asyncio-heavy and half thread-heavy, libraries and
# services rather than command-line tools, from PyPI names a to m (batch 60 was chosen at the
# same time from names n to z); the pool being nearly used up, libraries whose concurrency sits
# in one or two central modules qualified too: a Dask Gateway server, Dask cluster managers for
# cloud providers, an SDK for GE appliances, a Kafka streams library, a JupyterHub spawner for
# Docker and an FCM push client (asyncio); the AWS Deadline Cloud worker agent, a library of
# thread/async synchronisation primitives, a KurrentDB client, a data pipeline framework, a Bambu
# Lab printer client and an FFmpeg wrapper (threads). Every release below (reserves included) is
# the latest final release on PyPI with an sdist when the list was fixed; each sdist was fetched
# from PyPI's JSON simple API (the same file ``pip download --no-deps --no-binary :all:``
# fetches) and pinned with its sha256, and nothing was linted. The reserves (``RESERVES_59``) are
# added one at a time, in their order, while the batch gives fewer than 15 findings:
# ``RESERVES_TAKEN_59`` counts how many were added.
HELDOUT_59_LIST = (
    # Dask Gateway server on asyncio (aiohttp): a gateway API, cluster backends (local processes,
    # jobqueue systems, a Kubernetes controller) with reconcile queues and tasks, a proxy manager.
    Project(
        "dask-gateway-server",
        "2026.3.0",
        "74c4137c3f3748716d34fc86a159fa1cba7b94e606f57a42e1e4470a20b209dc",
        "dask_gateway_server-2026.3.0.tar.gz",
        "dask_gateway_server-2026.3.0/dask_gateway_server",
    ),
    # Dask cluster managers for cloud providers on asyncio: ECS/Fargate tasks, EC2, Azure, GCP and
    # other VMs created and watched by coroutines, a sync wrapper through Dask's loop thread.
    Project(
        "dask-cloudprovider",
        "2025.9.0",
        "0026c5ab15ff37411b852804ed5c5bc651bed78b34fb517a9f056bdcf5bc5253",
        "dask_cloudprovider-2025.9.0.tar.gz",
        "dask_cloudprovider-2025.9.0/dask_cloudprovider",
        exclude=(
            "tests",
            "conftest.py",
            "aws/tests",
            "azure/tests",
            "digitalocean/tests",
            "gcp/tests",
            "generic/tests",
            "hetzner/tests",
            "ibm/tests",
            "nebius/tests",
            "openstack/tests",
            "utils/tests",
        ),
    ),
    # SDK for GE Home appliances on asyncio: a websocket client with keepalive pings and
    # reconnects, appliance state updated from pushed messages, event callbacks run as tasks.
    Project(
        "gehomesdk",
        "2026.8.0",
        "e161a4a1d23ad3c2e6947a7361f3c8adec5904d02c2269a3d81e79f96260ab61",
        "gehomesdk-2026.8.0.tar.gz",
        "gehomesdk-2026.8.0/gehomesdk",
    ),
    # Kafka streams on asyncio (aiokafka): a stream engine running each stream as a task,
    # consumer and producer lifecycles, rebalance listeners, middlewares, a test client.
    Project(
        "kstreams",
        "0.34.6",
        "ca547b03ce4b6a48e05e7a2ebd766e8cd97ab9cd57adf2c942a63f79671827df",
        "kstreams-0.34.6.tar.gz",
        "kstreams-0.34.6/kstreams",
    ),
    # JupyterHub spawner for Docker on asyncio: every Docker API call run in a shared
    # thread-pool executor and awaited, start, stop and poll of containers and services.
    Project(
        "dockerspawner",
        "14.0.0",
        "5641d4763ecc78c1b1c3c7621bfe88c055596893e43be7f66ee0dccac06c1d2a",
        "dockerspawner-14.0.0.tar.gz",
        "dockerspawner-14.0.0/dockerspawner",
    ),
    # FCM push notification client on asyncio: registration with Google, an MCS connection with
    # a listener task, heartbeats, reconnects and message callbacks.
    Project(
        "firebase-messaging",
        "0.4.5",
        "11f19509ea839e53f995d93d25d63a4a1385572a37fc2cff2c1b389534cb80f1",
        "firebase_messaging-0.4.5.tar.gz",
        "firebase_messaging-0.4.5/firebase_messaging",
    ),
    # AWS Deadline Cloud worker agent: a scheduler on thread pools running sessions and their
    # actions, credential refreshers, log-streaming and telemetry threads, state under locks.
    Project(
        "deadline-cloud-worker-agent",
        "0.33.6",
        "6c0bfc7d10e57e784beeb63dda5bf731aa3cb3de006f61b28dfa530e3a9d8f21",
        "deadline_cloud_worker_agent-0.33.6.tar.gz",
        "deadline_cloud_worker_agent-0.33.6/src/deadline_worker_agent",
    ),
    # Synchronisation primitives shared by threads and async tasks: locks, semaphores, events,
    # conditions, barriers, queues and a thread/async bridge, built on atomic operations.
    Project(
        "aiologic",
        "0.17.1",
        "2e1b93b9e88ced318c2a63ad7b382688f40cbfe40e3d42258d49dc9c5aea179d",
        "aiologic-0.17.1.tar.gz",
        "aiologic-0.17.1/src/aiologic",
        exclude=("_testing",),
    ),
    # gRPC client for KurrentDB (EventStoreDB), sync and asyncio: reconnection under a lock,
    # catch-up and persistent subscriptions whose acks feed a request thread or task.
    Project(
        "kurrentdbclient",
        "1.3.5",
        "33337793f64d61f525a57405fe8bf9b16bce3ba4e187fa3e4951a182bbc633ed",
        "kurrentdbclient-1.3.5.tar.gz",
        "kurrentdbclient-1.3.5/kurrentdbclient",
    ),
    # Data pipeline framework: stores over MongoDB, S3 and Azure with thread-pool uploads and
    # thread-local clients, builders run serially, in processes or distributed, an SSH tunnel
    # thread.
    Project(
        "maggma",
        "0.77.1",
        "b1ade4178a0918f79ad70c45e6c2d01324d491dda9e302c34d1ffc512a9f65cc",
        "maggma-0.77.1.tar.gz",
        "maggma-0.77.1/src/maggma",
    ),
    # Client for Bambu Lab 3D printers: an MQTT client whose network thread updates the printer
    # state, a camera client streaming frames on its own thread.
    Project(
        "bambulabs-api",
        "2.6.6",
        "69aff2da11d460807ddf8ef4d9afdd5e5a625366cef7c6103f0060c3cd7cc13c",
        "bambulabs_api-2.6.6.tar.gz",
        "bambulabs_api-2.6.6/bambulabs_api",
    ),
    # FFmpeg wrapper: frame reader and writer generators around an ffmpeg subprocess, a log-catcher
    # thread draining its stderr.
    Project(
        "imageio-ffmpeg",
        "0.8.1",
        "9e5162fa482c3c45a6703b2223947d15c37730e63b048d64937fa80243aa5a0c",
        "imageio_ffmpeg-0.8.1.tar.gz",
        "imageio_ffmpeg-0.8.1/imageio_ffmpeg",
    ),
)

RESERVES_59 = (
    # Comet experiment-tracking SDK: a streamer thread sending messages from a queue, heartbeat
    # and upload threads, thread pools for file uploads, experiment state under locks.
    Project(
        "comet-ml",
        "3.58.8",
        "e7616947dda47ecc8533a27ed44f10fcb47ec787834916534a7341228be874d9",
        "comet_ml-3.58.8.tar.gz",
        "comet_ml-3.58.8/comet_ml",
        exclude=("testlib",),
    ),
    # Dask Gateway client on asyncio: a gateway client and cluster objects usable from sync code
    # through a loop thread, cluster watching and scaling.
    Project(
        "dask-gateway",
        "2026.3.0",
        "e0e581838aca504f479edd0e86c20604666fab020d10e720a43ac2d00f602d5b",
        "dask_gateway-2026.3.0.tar.gz",
        "dask_gateway-2026.3.0/dask_gateway",
    ),
    # AWS embedded metrics on asyncio: metric contexts flushed by sinks over TCP/UDP to the
    # CloudWatch agent, socket clients under locks.
    Project(
        "aws-embedded-metrics",
        "3.5.0",
        "4b5f87d00dd7683fc7651a90f00055b460a1dbce3ffc2fc21698902c9d2e3bea",
        "aws_embedded_metrics-3.5.0.tar.gz",
        "aws_embedded_metrics-3.5.0/aws_embedded_metrics",
    ),
    # Elastic Agent client on asyncio: a gRPC check-in stream with the agent, actions and
    # configuration updates dispatched from tasks and queues.
    Project(
        "elastic-agent-client",
        "0.0.2",
        "c538b07246531f00fd9455d43d78a30aeec5bc3489fa974a1305a013f55abe62",
        "elastic_agent_client-0.0.2.tar.gz",
        "elastic_agent_client-0.0.2/elastic_agent_client",
    ),
    # JupyterHub idle culler on asyncio: a periodic service that lists users and servers through
    # the Hub API and stops idle ones with bounded concurrency.
    Project(
        "jupyterhub-idle-culler",
        "2.0.0",
        "a377454a115eb04da9beec5f8e9b20023f94f0259c12f1a590c44122d4bebd0b",
        "jupyterhub_idle_culler-2.0.0.tar.gz",
        "jupyterhub_idle_culler-2.0.0/jupyterhub_idle_culler",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_59 = 0

HELDOUT_59 = HELDOUT_59_LIST + RESERVES_59[:RESERVES_TAKEN_59]

# Sixtieth batch (``--batch 60``), fixed in this order before any run
# (docs/realworld-heldout-60.md), on the linter frozen at d14ee3b, the last commit to touch
# ``admf_tsan`` when the batch was begun. Chosen, as the twenty-first to fifty-ninth, for
# concurrency in the projects' own code, half asyncio-heavy and half thread-heavy, libraries and
# services rather than command-line tools, from PyPI names n to z (batch 59 was chosen at the
# same time from names a to m); as the pool of unnamed concurrency-centred projects is nearly
# used up, libraries whose concurrency sits in one or two central modules qualify too: a QQ bot
# SDK, a library for the Plugwise USB stick, an inference API SDK, a Tesla API library, an MCP
# toolbox SDK and a System Bridge client (asyncio); RADICAL utilities, Nion Swift's
# instrumentation and utility libraries, a feature-flag SDK, a Scrapinghub client and Spyder's
# kernel (threads). Every release below (reserves included) is the latest final release on PyPI
# with an sdist when the list was fixed; each sdist was fetched from PyPI's JSON simple API (the
# same file ``pip download --no-deps --no-binary :all:`` fetches) and pinned with its sha256,
# and nothing was linted. The reserves (``RESERVES_60``) are added one at a time, in their
# order, while the batch gives fewer than 15 findings: ``RESERVES_TAKEN_60`` counts how many
# were added.
HELDOUT_60_LIST = (
    # QQ bot SDK on asyncio: a websocket adapter whose API calls wait on per-echo queues under a
    # lock, an event bus dispatching to coroutine and thread handlers, a worker thread pool.
    Project(
        "ncatbot",
        "4.4.1.post1",
        "344874398613c6ba25b20b1974308b4a906eb43f0f293624f085fd606c38bfbd",
        "ncatbot-4.4.1.post1.tar.gz",
        "ncatbot-4.4.1.post1/ncatbot",
        exclude=("plugin_system/builtin_plugin/unified_registry/command_system/tests",),
    ),
    # Library for the Plugwise USB stick on asyncio: a serial protocol with data and message worker
    # tasks, a priority request queue, subscriptions under locks, node discovery and energy logs.
    Project(
        "plugwise-usb",
        "0.47.8",
        "65243ae97f2c0a3addc9cb6c6a609b0c6a26f5f6bf5098dfc0fa4a85fded447a",
        "plugwise_usb-0.47.8.tar.gz",
        "plugwise_usb-0.47.8/plugwise_usb",
    ),
    # Runware inference API SDK on asyncio: one websocket with a message handler and heartbeat
    # tasks, pending requests under asyncio locks and a semaphore, reconnects.
    Project(
        "runware",
        "0.5.24",
        "45674d37e3a6c955148f78856fbb4164e8268ba1578ec79e377bff261b877df7",
        "runware-0.5.24.tar.gz",
        "runware-0.5.24/runware",
    ),
    # Tesla API library on asyncio: a controller updating cars and energy sites under per-vehicle
    # update and wake-up locks, a websocket stream task.
    Project(
        "teslajsonpy",
        "3.14.0",
        "7365fea38a7b0b4525fddb820aae4b59f44dcbff995fddf98060208c4b6654f7",
        "teslajsonpy-3.14.0.tar.gz",
        "teslajsonpy-3.14.0/teslajsonpy",
    ),
    # MCP Toolbox SDK: an async client and tools, and a sync client that runs them on a shared
    # background loop thread created under a class lock.
    Project(
        "toolbox-core",
        "1.4.0",
        "1ce6d653b051d439eaa8f18e1bc5887842dc8332468da8e89bc18fb0adad3393",
        "toolbox_core-1.4.0.tar.gz",
        "toolbox_core-1.4.0/src/toolbox_core",
    ),
    # System Bridge client on asyncio: a websocket client with a listener task and response
    # futures, an HTTP API client.
    Project(
        "systembridgeconnector",
        "5.18.0",
        "ee6a88d14cb822781bb5d26dffb8c267696a2c336d060374cfddccaf9eee6d48",
        "systembridgeconnector-5.18.0.tar.gz",
        "systembridgeconnector-5.18.0/systembridgeconnector",
    ),
    # RADICAL-Cybertools utilities: ZMQ queue and pub/sub bridges and clients on threads, a
    # heartbeat monitor thread, locks, shell and process helpers, profiling.
    Project(
        "radical.utils",
        "1.103.1",
        "dcdf9fc9f1f4a5060dcb55e55b787cdfc6ed6fe3429cd1098b456459845d73fd",
        "radical_utils-1.103.1.tar.gz",
        "radical_utils-1.103.1/src/radical/utils",
        exclude=("plugins/unittests_1", "plugins/unittests_2"),
    ),
    # Nion Swift STEM instrumentation: hardware sources with acquisition threads, scan and camera
    # devices, data channels and acquisition controllers under locks.
    Project(
        "nionswift-instrumentation",
        "23.8.0",
        "a30f318912abd30c98635fa66fa3b24bb3ab605eaccde32d8fff7f666538de16",
        "nionswift_instrumentation-23.8.0.tar.gz",
        "nionswift_instrumentation-23.8.0/nion",
        exclude=("instrumentation/test",),
    ),
    # Nion utility classes: thread pools and dispatchers, value streams and models updated from
    # threads under locks, a process task queue, observables.
    Project(
        "nionutils",
        "4.14.3",
        "b1478633d13718297cd9b701f4bd0c2f2e66a70298863efc20cba9f38c1f4eec",
        "nionutils-4.14.3.tar.gz",
        "nionutils-4.14.3/nion",
        exclude=("utils/test",),
    ),
    # Reforge feature-flag SDK: SSE streaming, polling and checkpoint threads, a config store under
    # a read-write lock, a telemetry thread with timers, a count-down latch.
    Project(
        "sdk-reforge",
        "1.2.2",
        "480f035df697e5f43997f3b07ddd97a02412df0d711c576760d52bdd8d2d563b",
        "sdk_reforge-1.2.2.tar.gz",
        "sdk_reforge-1.2.2/sdk_reforge",
    ),
    # Scrapinghub (Zyte) API client: a batch uploader thread draining writer queues, HubStorage
    # and frontier clients with batched writes.
    Project(
        "scrapinghub",
        "2.9.0",
        "1aed13484846f58c77d1bafb6518d170031465d64c73910dd3d106e717201f4c",
        "scrapinghub-2.9.0.tar.gz",
        "scrapinghub-2.9.0/scrapinghub",
    ),
    # Jupyter kernel for Spyder: frontend comms with calls from the control and shell threads
    # under a comm lock, a debugger and namespace handlers.
    Project(
        "spyder-kernels",
        "3.1.6",
        "5f61e23c3de1b52bd70c68d323957ac12b65e4cd05bdf224ad432dc6bb72cc4c",
        "spyder_kernels-3.1.6.tar.gz",
        "spyder_kernels-3.1.6/spyder_kernels",
        exclude=("utils/test_utils.py",),
    ),
)

RESERVES_60 = (
    # RADICAL-Pilot pilot-job system: components on threads with ZMQ queues, task and pilot
    # managers with callbacks under locks, raptor masters and workers.
    Project(
        "radical.pilot",
        "1.103.2",
        "34c37ef7b772462cae8595025a7d83780c89db8c6edf5467b31704453a7d0381",
        "radical_pilot-1.103.2.tar.gz",
        "radical_pilot-1.103.2/src/radical/pilot",
    ),
    # GraphQL library: subscriptions over websockets with tasks per operation, dataloaders,
    # streamed HTTP responses, sync and async views.
    Project(
        "strawberry-graphql",
        "0.341.3",
        "f5c472f0c716b2c6ce5a552fa11160e35bcae1c2160101de256f63b6f23b18be",
        "strawberry_graphql-0.341.3.tar.gz",
        "strawberry_graphql-0.341.3/strawberry",
    ),
    # IPMI and Redfish library: IPMI sessions over a shared UDP socket served by an I/O thread,
    # session locks, a SOL console, a BMC server.
    Project(
        "pyghmi",
        "1.6.19",
        "30a0b2e145a3e4329c8d86948635eee3b3479ec6a7ecbc4cc3507e6df3fe59c2",
        "pyghmi-1.6.19.tar.gz",
        "pyghmi-1.6.19/pyghmi",
        exclude=("tests",),
    ),
    # xAI API SDK: sync and asyncio gRPC clients, streamed chat, file uploads on thread pools,
    # telemetry.
    Project(
        "xai-sdk",
        "1.21.0",
        "1c85e8c2c55b64da95bf9e5b0620ce683062c13a971e508b72ebf1025750d1d1",
        "xai_sdk-1.21.0.tar.gz",
        "xai_sdk-1.21.0/src/xai_sdk",
    ),
    # Volkswagen WeConnect API library: a session updating vehicles under locks, request
    # trackers on timers, observers.
    Project(
        "weconnect",
        "0.60.11",
        "dbe9f1a348297f8c5c01c2fcaef139e6e12099800f6a36318de0b5daa4b036a7",
        "weconnect-0.60.11.tar.gz",
        "weconnect-0.60.11/weconnect",
    ),
)

# How many reserves were added to the batch, in their order (each addition its own commit).
RESERVES_TAKEN_60 = 1

HELDOUT_60 = HELDOUT_60_LIST + RESERVES_60[:RESERVES_TAKEN_60]

BATCHES = {
    1: HELDOUT,
    2: HELDOUT_2,
    3: HELDOUT_3,
    4: HELDOUT_4,
    5: HELDOUT_5,
    6: HELDOUT_6,
    7: HELDOUT_7,
    8: HELDOUT_8,
    9: HELDOUT_9,
    10: HELDOUT_10,
    11: HELDOUT_11,
    12: HELDOUT_12,
    13: HELDOUT_13,
    14: HELDOUT_14,
    15: HELDOUT_15,
    16: HELDOUT_16,
    17: HELDOUT_17,
    18: HELDOUT_18,
    19: HELDOUT_19,
    20: HELDOUT_20,
    21: HELDOUT_21,
    22: HELDOUT_22,
    23: HELDOUT_23,
    24: HELDOUT_24,
    25: HELDOUT_25,
    26: HELDOUT_26,
    27: HELDOUT_27,
    28: HELDOUT_28,
    29: HELDOUT_29,
    30: HELDOUT_30,
    31: HELDOUT_31,
    32: HELDOUT_32,
    33: HELDOUT_33,
    34: HELDOUT_34,
    35: HELDOUT_35,
    36: HELDOUT_36,
    37: HELDOUT_37,
    38: HELDOUT_38,
    39: HELDOUT_39,
    40: HELDOUT_40,
    41: HELDOUT_41,
    42: HELDOUT_42,
    43: HELDOUT_43,
    44: HELDOUT_44,
    45: HELDOUT_45,
    46: HELDOUT_46,
    47: HELDOUT_47,
    48: HELDOUT_48,
    49: HELDOUT_49,
    50: HELDOUT_50,
    51: HELDOUT_51,
    52: HELDOUT_52,
    53: HELDOUT_53,
    54: HELDOUT_54,
    55: HELDOUT_55,
    56: HELDOUT_56,
    57: HELDOUT_57,
    58: HELDOUT_58,
    59: HELDOUT_59,
    60: HELDOUT_60,
}

# Reserves fixed with a batch's list but not (yet) added to it.
PENDING_RESERVES = {
    9: RESERVES_9[RESERVES_TAKEN_9:],
    10: RESERVES_10[RESERVES_TAKEN_10:],
    11: RESERVES_11[RESERVES_TAKEN_11:],
    12: RESERVES_12[RESERVES_TAKEN_12:],
    13: RESERVES_13[RESERVES_TAKEN_13:],
    14: RESERVES_14[RESERVES_TAKEN_14:],
    15: RESERVES_15[RESERVES_TAKEN_15:],
    16: RESERVES_16[RESERVES_TAKEN_16:],
    17: RESERVES_17[RESERVES_TAKEN_17:],
    18: RESERVES_18[RESERVES_TAKEN_18:],
    19: RESERVES_19[RESERVES_TAKEN_19:],
    20: RESERVES_20[RESERVES_TAKEN_20:],
    21: RESERVES_21[RESERVES_TAKEN_21:],
    22: RESERVES_22[RESERVES_TAKEN_22:],
    23: RESERVES_23[RESERVES_TAKEN_23:],
    24: RESERVES_24[RESERVES_TAKEN_24:],
    25: RESERVES_25[RESERVES_TAKEN_25:],
    26: RESERVES_26[RESERVES_TAKEN_26:],
    27: RESERVES_27[RESERVES_TAKEN_27:],
    28: RESERVES_28[RESERVES_TAKEN_28:],
    29: RESERVES_29[RESERVES_TAKEN_29:],
    30: RESERVES_30[RESERVES_TAKEN_30:],
    31: RESERVES_31[RESERVES_TAKEN_31:],
    32: RESERVES_32[RESERVES_TAKEN_32:],
    33: RESERVES_33[RESERVES_TAKEN_33:],
    34: RESERVES_34[RESERVES_TAKEN_34:],
    35: RESERVES_35[RESERVES_TAKEN_35:],
    36: RESERVES_36[RESERVES_TAKEN_36:],
    37: RESERVES_37[RESERVES_TAKEN_37:],
    38: RESERVES_38[RESERVES_TAKEN_38:],
    39: RESERVES_39[RESERVES_TAKEN_39:],
    40: RESERVES_40[RESERVES_TAKEN_40:],
    41: RESERVES_41[RESERVES_TAKEN_41:],
    42: RESERVES_42[RESERVES_TAKEN_42:],
    43: RESERVES_43[RESERVES_TAKEN_43:],
    44: RESERVES_44[RESERVES_TAKEN_44:],
    45: RESERVES_45[RESERVES_TAKEN_45:],
    46: RESERVES_46[RESERVES_TAKEN_46:],
    47: RESERVES_47[RESERVES_TAKEN_47:],
    48: RESERVES_48[RESERVES_TAKEN_48:],
    49: RESERVES_49[RESERVES_TAKEN_49:],
    50: RESERVES_50[RESERVES_TAKEN_50:],
    51: RESERVES_51[RESERVES_TAKEN_51:],
    52: RESERVES_52[RESERVES_TAKEN_52:],
    53: RESERVES_53[RESERVES_TAKEN_53:],
    54: RESERVES_54[RESERVES_TAKEN_54:],
    55: RESERVES_55[RESERVES_TAKEN_55:],
    56: RESERVES_56[RESERVES_TAKEN_56:],
    57: RESERVES_57[RESERVES_TAKEN_57:],
    58: RESERVES_58[RESERVES_TAKEN_58:],
    59: RESERVES_59[RESERVES_TAKEN_59:],
    60: RESERVES_60[RESERVES_TAKEN_60:],
}


def check_held_out() -> None:
    """Stop if a held-out project is also one of the projects the linter was tuned on, or in
    two batches."""
    tuned = {project.name for project in TUNED_PROJECTS}
    seen: set[str] = set()
    overlap: list[str] = []
    for number, batch in BATCHES.items():
        # Reserves not yet added (batches 9 to 60) are checked with them, as fixed before any run.
        taken = {project.name for project in batch}
        later = PENDING_RESERVES.get(number, ())
        names = taken | {project.name for project in later}
        overlap += sorted((tuned | seen) & names)
        seen |= names
    if overlap:
        raise SystemExit(f"not held out (tuned on, or in two batches): {', '.join(overlap)}")


def ruff_codes(project: Project, cache: Path) -> Counter[str]:
    """ruff's ASYNC/RUF006 findings on ``project`` per code (the project's excluded directories
    left out, as in ``run_project``, so that the per-code line adds up to the table's total)."""
    package = fetch(project, cache)
    excludes = [
        arg for name in project.exclude for arg in ("--extend-exclude", f"{package.name}/{name}")
    ]
    _, out = timed(
        [str(BIN / "ruff"), "check", "--no-cache", "--isolated", "--select", "ASYNC,RUF006"]
        + ["--output-format", "json", "--exit-zero", *excludes, package.name],
        package.parent,
        timeout=600,
    )
    return Counter(str(finding["code"]) for finding in json.loads(out))


def linter_commit() -> str:
    """The checkout's commit (with ``+dirty`` when the package has uncommitted changes)."""
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "admf_tsan"],
        cwd=REPO,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{head or 'unknown'}{'+dirty' if dirty else ''}"


def export_linter(revision: str, into: Path) -> str:
    """Unpack ``admf_tsan`` as committed at ``revision`` into ``into`` and put it first on the
    ``PYTHONPATH`` of the lint processes, so that uncommitted edits in this checkout are not
    what is measured. Returns the short commit id."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", revision],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, "admf_tsan"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(into), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    return commit


def report(rows: list[Row], ruff: Counter[str], commit: str) -> str:
    lines = [markdown(rows)]
    lines.append("ruff per code: " + ", ".join(f"{c} {n}" for c, n in sorted(ruff.items())))
    lines.append("")
    lines.append(f"Linter at commit {commit}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--only", default="", help="comma-separated project names")
    parser.add_argument("--json", type=Path, help="write admf-tsan findings per project here")
    parser.add_argument("--batch", type=int, choices=sorted(BATCHES), default=1)
    parser.add_argument(
        "--commit",
        metavar="REV",
        help="lint with the linter as committed at REV (e.g. HEAD), not the working tree",
    )
    args = parser.parse_args(argv)
    check_held_out()
    wanted = {name for name in args.only.split(",") if name}
    batch = BATCHES[args.batch]
    projects = [p for p in batch if not wanted or p.name in wanted]
    with tempfile.TemporaryDirectory(prefix="admf-heldout-") as tree:
        if args.commit:
            commit = f"{export_linter(args.commit, Path(tree))} (a clean export of that commit)"
        else:
            commit = linter_commit()
        rows = [run_project(project, args.cache, False, 1) for project in projects]
    ruff: Counter[str] = Counter()
    for project in projects:
        ruff += ruff_codes(project, args.cache)
    if args.json:
        args.json.write_text(
            json.dumps({row.project.name: row.admf for row in rows}, indent=1, sort_keys=True)
        )
    table = report(rows, ruff, commit)
    print(table)
    if not wanted and args.batch == 12:
        write_section(
            "heldout-12",
            "## Linter: held-out real projects, twelfth batch\n\n"
            "Pinned releases no earlier page used, chosen and ordered before any run; same "
            "pipeline as the first eleven batches, linter frozen at one commit. Every admf-tsan "
            "finding is judged in [realworld-heldout-12.md](realworld-heldout-12.md).\n\n" + table,
        )
    elif not wanted and args.batch == 11:
        write_section(
            "heldout-11",
            "## Linter: held-out real projects, eleventh batch\n\n"
            "Pinned releases no earlier page used, chosen and ordered before any run; same "
            "pipeline as the first ten batches, linter frozen at one commit. Every admf-tsan "
            "finding is judged in [realworld-heldout-11.md](realworld-heldout-11.md).\n\n" + table,
        )
    elif not wanted and args.batch == 10:
        write_section(
            "heldout-10",
            "## Linter: held-out real projects, tenth batch\n\n"
            "Pinned releases no earlier page used, chosen and ordered before any run; same "
            "pipeline as the first nine batches, linter frozen at one commit. Every admf-tsan "
            "finding is judged in [realworld-heldout-10.md](realworld-heldout-10.md).\n\n" + table,
        )
    elif not wanted and args.batch == 9:
        write_section(
            "heldout-9",
            "## Linter: held-out real projects, ninth batch\n\n"
            "Pinned releases no earlier page used, chosen and ordered before any run; same "
            "pipeline as the first eight batches, linter frozen at one commit. Every admf-tsan "
            "finding is judged in [realworld-heldout-9.md](realworld-heldout-9.md).\n\n" + table,
        )
    elif not wanted and args.batch == 8:
        write_section(
            "heldout-8",
            "## Linter: held-out real projects, eighth batch\n\n"
            "Pinned releases no earlier page used, chosen and ordered before any run; same "
            "pipeline as the first seven batches, linter frozen at one commit. Every admf-tsan "
            "finding is judged in [realworld-heldout-8.md](realworld-heldout-8.md).\n\n" + table,
        )
    elif not wanted and args.batch == 7:
        write_section(
            "heldout-7",
            "## Linter: held-out real projects, seventh batch\n\n"
            "Pinned releases no earlier page used, chosen and ordered before any run; same "
            "pipeline as the first six batches, linter frozen at one commit. Every admf-tsan "
            "finding is judged in [realworld-heldout-7.md](realworld-heldout-7.md).\n\n" + table,
        )
    elif not wanted and args.batch == 6:
        write_section(
            "heldout-6",
            "## Linter: held-out real projects, sixth batch\n\n"
            "Pinned releases no earlier page used, chosen and ordered before any run; same "
            "pipeline as the first five batches, linter frozen at one commit. Every admf-tsan "
            "finding is judged in [realworld-heldout-6.md](realworld-heldout-6.md).\n\n" + table,
        )
    elif not wanted and args.batch == 5:
        write_section(
            "heldout-5",
            "## Linter: held-out real projects, fifth batch\n\n"
            "Pinned releases no earlier page used, chosen and ordered before any run; same "
            "pipeline as the first four batches, linter frozen at one commit. Every admf-tsan "
            "finding is judged in [realworld-heldout-5.md](realworld-heldout-5.md).\n\n" + table,
        )
    elif not wanted and args.batch == 4:
        write_section(
            "heldout-4",
            "## Linter: held-out real projects, fourth batch\n\n"
            "Pinned releases no earlier page used, chosen and ordered before any run; same "
            "pipeline as the first three batches. Every admf-tsan finding is judged in "
            "[realworld-heldout-4.md](realworld-heldout-4.md).\n\n" + table,
        )
    elif not wanted and args.batch == 3:
        write_section(
            "heldout-3",
            "## Linter: held-out real projects, third batch\n\n"
            "Nine more pinned releases (six chosen after the second held-out batch was used "
            "for fixes, and three reserves added because the six gave fewer than 25 findings); "
            "same pipeline as the first two batches. Every admf-tsan finding is judged in "
            "[realworld-heldout-3.md](realworld-heldout-3.md).\n\n" + table,
        )
    elif not wanted and args.batch == 2:
        write_section(
            "heldout-2",
            "## Linter: held-out real projects, second batch\n\n"
            "Six more pinned releases, chosen after the first held-out batch was used for fixes; "
            "same pipeline as the first batch. Every admf-tsan finding is judged in "
            "[realworld-heldout-2.md](realworld-heldout-2.md).\n\n" + table,
        )
    elif not wanted and args.batch == 1:
        write_section(
            "heldout",
            "## Linter: held-out real projects\n\n"
            "Pinned releases the linter was not tuned on (sha256-checked sdists, package source "
            "only), linted by admf-tsan (default selection) and ruff (`--select ASYNC,RUF006`); "
            "wall seconds of one fresh process each. flake8-async is not run here. Every "
            "admf-tsan finding is judged in [realworld-heldout.md](realworld-heldout.md).\n\n"
            + table,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
