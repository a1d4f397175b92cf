"""The generated pages rendered in a second process while MkDocs builds the site.

`mkdocs build` spends nearly all its time in MkDocs itself (Markdown to
HTML, the theme, the search index), on one core. Once the project is
loaded, the plugin forks a child that renders every generated file, in
the order MkDocs reads them, and sends them back in batches: the child
shares the loaded project with the build (fork copies nothing up front),
and MkDocs, reading a page, finds it rendered already or waits for it.
An exception in the child is raised again in the build, with the child's
traceback. Where fork is missing or there is one core, the plugin renders
each page in the build's own process when MkDocs reads it (no Renderer).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from generator.render.plan import Plan

# Rendered files per message from the child: large enough that sending costs
# little, small enough that MkDocs never waits long for the page it reads.
BATCH = 32


def available() -> bool:
    """Whether a second process can help: fork exists and there is a core for it."""
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


@dataclass(frozen=True, slots=True)
class Failure:
    error: BaseException
    trace: str  # the child's traceback


class Renderer:
    """The child process rendering a Plan's files, and the files it has sent so far."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.received: dict[str, str] = {}
        self.delivered: set[str] = set()
        context = multiprocessing.get_context("fork")
        self.connection, sending = context.Pipe(duplex=False)
        gc.freeze()  # the child's garbage collector leaves the shared objects (and their pages) alone
        self.child: Any = context.Process(target=_render, args=(plan, sending), daemon=True, name="factsite-render")
        self.child.start()
        gc.unfreeze()
        sending.close()

    def get(self, path: str) -> str:
        """The content of `path`, waiting for the child to send it if need be.

        Each file is kept only until it is asked for (MkDocs keeps what it read);
        asked for again, it is rendered again, here.
        """
        if path in self.delivered:
            return self.plan.files[path]()
        while path not in self.received:
            self._receive()
        self.delivered.add(path)
        return self.received.pop(path)

    def _receive(self) -> None:
        try:
            message = self.connection.recv()
        except EOFError:
            raise RuntimeError(f"the factsite page renderer stopped (exit code {self.child.exitcode})") from None
        if isinstance(message, Failure):
            message.error.add_note("raised in the factsite page renderer:\n" + message.trace)
            raise message.error
        self.received.update(message)

    def close(self) -> None:
        """Wait for the child to finish (after the build has read every file)."""
        self.connection.close()
        self.child.join()

    def stop(self) -> None:
        """End the child now (the build failed)."""
        if self.child.is_alive():
            self.child.terminate()
        self.close()


def order(plan: Plan) -> list[str]:
    """The paths in the order MkDocs reads them: the pages, then the data files it copies last."""
    return [p for p in plan.files if p.endswith(".md")] + [p for p in plan.files if not p.endswith(".md")]


def _render(plan: Plan, connection: Connection) -> None:
    """In the child: render every file and send them in batches, or the failure."""
    try:
        batch: dict[str, str] = {}
        for path in order(plan):
            batch[path] = plan.files[path]()
            if len(batch) == BATCH:
                connection.send(batch)
                batch = {}
        connection.send(batch)
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the build
        connection.send(Failure(_picklable(exc), traceback.format_exc()))
    finally:
        connection.close()


def _picklable(exc: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001
        return RuntimeError(f"{type(exc).__name__}: {exc}")
