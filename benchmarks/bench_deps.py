"""Following calls into dependencies: a cold and a warm lint of an async web service.

The service (generated into a temporary directory) is an aiohttp application whose handlers and
startup hooks use openai, httpx and aiohttp: ten modules, some of them building clients on the
event loop. It is linted, each time as a fresh ``admf-tsan lint`` process against the interpreter
given with ``--python`` (default: this one), which must have ``openai``, ``httpx`` and ``aiohttp``
installed:

* **today**: ``follow-dependencies = false`` (what the linter did before), no cache;
* **cold**: dependencies followed, the user-level dependency cache empty, no project cache;
* **warm**: dependencies followed, the dependency cache filled by the cold run, no project cache
  (``--no-cache``: every project file is extracted again);
* **warm, nothing changed**: both caches warm (the last result is reused).

Run: ``python benchmarks/bench_deps.py [--python PATH] [--repeat N]``; prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import write_section  # noqa: E402

SERVICE = {
    "service/__init__.py": "",
    "service/app.py": """
        from aiohttp import web

        from . import chat, health, proxy, weather


        async def on_startup(app):
            app["chat"] = chat.make_client(app["settings"]["openai_key"])
            app["http"] = proxy.make_session()


        def create_app(settings):
            app = web.Application()
            app["settings"] = settings
            app.on_startup.append(on_startup)
            app.router.add_get("/health", health.handle)
            app.router.add_post("/chat", chat.handle)
            app.router.add_get("/proxy", proxy.handle)
            app.router.add_get("/weather", weather.handle)
            return app
        """,
    "service/chat.py": """
        import openai
        from aiohttp import web


        def make_client(key):
            return openai.AsyncOpenAI(api_key=key)


        async def handle(request):
            body = await request.json()
            client = request.app["chat"]
            reply = await client.chat.completions.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": body["text"]}]
            )
            return web.json_response({"text": reply.choices[0].message.content})
        """,
    "service/proxy.py": """
        import aiohttp
        import httpx
        from aiohttp import web


        def make_session():
            return aiohttp.ClientSession()


        async def handle(request):
            async with httpx.AsyncClient(timeout=10) as client:
                response = await client.get(request.query["url"])
            return web.Response(text=response.text)
        """,
    "service/weather.py": """
        import httpx
        from aiohttp import web

        _CLIENT = None


        async def client():
            global _CLIENT
            if _CLIENT is None:
                _CLIENT = httpx.AsyncClient(base_url="https://weather.invalid")
            return _CLIENT


        async def handle(request):
            response = await (await client()).get("/today")
            return web.json_response(response.json())
        """,
    "service/health.py": """
        from aiohttp import web


        async def handle(request):
            return web.json_response({"ok": True})
        """,
    "service/embeddings.py": """
        import openai


        async def embed(texts, key):
            client = openai.AsyncOpenAI(api_key=key)
            result = await client.embeddings.create(model="text-embedding-3-small", input=texts)
            return [item.embedding for item in result.data]
        """,
    "service/sync_tools.py": """
        import httpx


        def fetch_config(url):
            with httpx.Client(timeout=5) as client:
                return client.get(url).json()


        async def reload_config(url):
            return fetch_config(url)
        """,
    "service/models.py": """
        from dataclasses import dataclass


        @dataclass
        class Message:
            role: str
            content: str
        """,
    "service/settings.py": """
        import os


        def load():
            return {"openai_key": os.environ.get("OPENAI_API_KEY", "")}
        """,
}


def write_service(root: Path) -> None:
    for relative, text in SERVICE.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def lint(
    root: Path, python: str, cache: Path, *, follow: bool, project_cache: bool
) -> tuple[float, list[dict[str, object]]]:
    config = root / "pyproject.toml"
    config.write_text(
        f"[tool.admf-tsan]\nfollow-dependencies = {'true' if follow else 'false'}\n",
        encoding="utf-8",
    )
    command = [
        sys.executable,
        "-c",
        "import sys\nfrom admf_tsan.cli import main\nsys.exit(main())",
        "lint",
        "--python",
        python,
        "--config",
        str(config),
        "--format",
        "json",
        "--exit-zero",
        "-j",
        "1",
        str(root / "service"),
    ]
    if not project_cache:
        command.append("--no-cache")
    env = dict(os.environ, ADMF_TSAN_DEPS_CACHE=str(cache))
    started = time.perf_counter()
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=root, timeout=600, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"admf-tsan lint failed: {done.stderr}")
    return seconds, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        write_service(root)
        timings: dict[str, list[float]] = {"today": [], "cold": [], "warm": [], "unchanged": []}
        findings: dict[str, int] = {}
        modules_cached = 0
        for attempt in range(args.repeat):
            cache = root / f"deps-cache-{attempt}"
            seconds, found = lint(root, args.python, cache, follow=False, project_cache=False)
            timings["today"].append(seconds)
            findings["today"] = len(found)
            seconds, found = lint(root, args.python, cache, follow=True, project_cache=False)
            timings["cold"].append(seconds)
            findings["cold"] = len(found)
            modules_cached = sum(1 for _ in cache.rglob("*.json"))
            seconds, found = lint(root, args.python, cache, follow=True, project_cache=False)
            timings["warm"].append(seconds)
            findings["warm"] = len(found)
            lint(root, args.python, cache, follow=True, project_cache=True)
            seconds, found = lint(root, args.python, cache, follow=True, project_cache=True)
            timings["unchanged"].append(seconds)
            findings["unchanged"] = len(found)
        dep_codes = sum(1 for f in found if str(f.get("code")) in ("ADMF125", "ADMF126"))
    labels = {
        "today": "dependencies not followed (follow-dependencies = false)",
        "cold": "followed, dependency cache empty",
        "warm": "followed, dependency cache warm (--no-cache for the project)",
        "unchanged": "followed, both caches warm, nothing changed",
    }
    lines = [
        "## Following calls into dependencies (`benchmarks/bench_deps.py`)",
        "",
        f"Async web service, {len(SERVICE)} modules, depending on openai, httpx, aiohttp "
        f"(interpreter `{args.python}`); median of {args.repeat} fresh processes, -j 1.",
        "",
        "| run | seconds | findings |",
        "| --- | ---: | ---: |",
    ]
    for key, label in labels.items():
        rows.append((label, statistics.median(timings[key]), findings[key]))
        lines.append(f"| {label} | {statistics.median(timings[key]):.2f} | {findings[key]} |")
    lines += [
        "",
        f"Library modules read and cached by the cold run: {modules_cached}; "
        f"findings in dependencies (ADMF125/126) in the last run: {dep_codes}.",
    ]
    markdown = "\n".join(lines)
    print(markdown)
    write_section("deps", markdown)


if __name__ == "__main__":
    main()
