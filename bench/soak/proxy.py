"""A TCP proxy on loopback that can cut every connection through it, like a network outage.

    proxy = TcpProxy("127.0.0.1", 5432).start()     # listens on proxy.port
    proxy.cut()      # drops open connections; new ones are accepted and closed at once
    proxy.restore()  # connections go through again

Runs its own event loop in a daemon thread, so the code driving it may block.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading


class TcpProxy:
    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.port = 0
        self.cut_off = False
        self.connections = 0
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None

    def start(self) -> TcpProxy:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._server = self._loop.run_until_complete(
                asyncio.start_server(self._accept, "127.0.0.1", 0)
            )
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()

        threading.Thread(target=run, name="tcp-proxy", daemon=True).start()
        ready.wait(10)
        return self

    def cut(self) -> None:
        self.cut_off = True
        self._call(self._close_all)

    def restore(self) -> None:
        self.cut_off = False

    def stop(self) -> None:
        if self._loop is None:
            return
        self.cut()
        self._call(self._server.close)
        self._loop.call_soon_threadsafe(self._loop.stop)

    def _call(self, function) -> None:
        if self._loop is not None:
            done = threading.Event()

            def run() -> None:
                try:
                    function()
                finally:
                    done.set()

            self._loop.call_soon_threadsafe(run)
            done.wait(5)

    def _close_all(self) -> None:
        for writer in list(self._writers):
            with contextlib.suppress(Exception):
                writer.transport.abort()  # a reset, as a cut cable or a crashed server gives
        self._writers.clear()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.cut_off:
            writer.transport.abort()
            return
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            writer.transport.abort()
            return
        self.connections += 1
        self._writers.update((writer, upstream_writer))
        await asyncio.gather(
            self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer)
        )

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while not self.cut_off:
                data = await reader.read(65536)
                if not data:
                    break
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self._writers.discard(writer)
            with contextlib.suppress(Exception):
                writer.close()
