"""Live reload for `serve --dev`: rebuild when a content file changes, then tell open pages.

A background task watches the content folder (watchfiles: inotify on Linux, no polling) and
runs the same incremental `build` as the command line in a worker thread. Each finished
build, good or refused, is announced on ``/dev/events`` as a server-sent event; the page's
small script (static/dev-reload.js, added to pages only in dev mode) reloads on ``reload``.
A refused build keeps the previous release on screen, and its diagnostics appear in the
page's panel as usual.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from sourcefirst.domain.diagnostics import ContentError
from sourcefirst.release.publish import BuildFolderProblem, BuildInProgress, build_site

log = logging.getLogger("sourcefirst.serve.reload")
KEEP_ALIVE_SECONDS = 15.0


@dataclass(slots=True)
class Announcement:
    version: int = 0
    event: str = "ready"  # "reload" after a good build, "refused" after a refused one
    detail: str = ""


@dataclass(slots=True)
class LiveReload:
    content: Path
    out: Path
    latest: Announcement = field(default_factory=Announcement)
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def _announce(self, event: str, detail: str) -> None:
        async with self.changed:
            self.latest = Announcement(self.latest.version + 1, event, detail)
            self.changed.notify_all()

    async def rebuild(self) -> None:
        loop = asyncio.get_running_loop()

        def published(release: Path) -> None:  # in the build's thread, as soon as pages are live
            asyncio.run_coroutine_threadsafe(self._announce("reload", release.name), loop)

        try:
            await asyncio.to_thread(build_site, self.content, self.out, on_published=published)
        except ContentError as exc:
            await self._announce("refused", f"{len(exc.diagnostics)} error(s) in content")
        except (BuildInProgress, BuildFolderProblem) as exc:
            await self._announce("refused", str(exc))

    async def watch(self) -> None:
        import watchfiles  # only `serve --dev` needs it

        async for _changes in watchfiles.awatch(self.content, debounce=40, step=20):
            await self.rebuild()

    async def events(self, seen: int) -> AsyncIterator[str]:
        """The server-sent event stream: one event per build after ``seen``, and comments to
        keep the connection open."""
        yield "retry: 1000\n\n"
        while True:
            after = seen

            def newer(after: int = after) -> bool:
                return self.latest.version > after

            async with self.changed:
                try:
                    await asyncio.wait_for(self.changed.wait_for(newer), KEEP_ALIVE_SECONDS)
                except TimeoutError:
                    yield ": still watching\n\n"
                    continue
                latest = self.latest
            seen = latest.version
            yield f"id: {latest.version}\nevent: {latest.event}\ndata: {latest.detail}\n\n"

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Watch for as long as the server runs (the app's lifespan)."""
        task = asyncio.create_task(self.watch())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
