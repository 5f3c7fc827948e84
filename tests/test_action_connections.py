"""Rasa's keep-alive pool to the action server survives connections the server closed.

A tiny HTTP server answers the first request of each connection and drops the connection
when a second request arrives on it, as an action server does whose keep-alive ran out
(or that restarted) just as Rasa reused the idle connection. Rasa's call must still get
its answer, on a new connection, and only such failures are retried.
"""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

pytest.importorskip("rasa.utils.endpoints")

from rasa.utils.endpoints import EndpointConfig

from careerpath_rasa.patches import speedups

RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n"
    b'Connection: keep-alive\r\n\r\n{"ok": true}'
)


async def _one_request_per_connection(counter):
    async def handle(reader, writer):
        counter["connections"] += 1
        served = 0
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    (
                        int(line.split(b":")[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length")
                    ),
                    0,
                )
                await reader.readexactly(length)
                if served:  # the keep-alive "ran out": drop the connection unanswered
                    break
                writer.write(RESPONSE)
                await writer.drain()
                served += 1
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


@pytest.fixture
def pooled(monkeypatch):
    monkeypatch.setattr(EndpointConfig, "session", EndpointConfig.session)
    monkeypatch.setattr(EndpointConfig, "request", EndpointConfig.request)
    speedups.install_pooled_endpoint_sessions()


async def test_a_call_on_a_connection_the_server_closed_is_sent_again_on_a_new_one(pooled):
    counter = {"connections": 0}
    server = await _one_request_per_connection(counter)
    port = server.sockets[0].getsockname()[1]
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
    try:
        for _ in range(3):
            assert await endpoint.request(json={"next_action": "x"}, method="post") == {"ok": True}
    finally:
        server.close()
        await server.wait_closed()
    assert counter["connections"] >= 2, "the retry used a new connection"


async def test_a_server_that_is_down_is_not_retried(pooled, monkeypatch):
    calls = []
    monkeypatch.setattr(aiohttp.ClientSession, "request", lambda *a, **k: _Refusing(calls))
    with pytest.raises(aiohttp.ClientConnectorError):
        await EndpointConfig("http://127.0.0.1:9/webhook").request(json={}, method="post")
    assert calls == [False], "one attempt only"


class _Refusing:
    def __init__(self, calls):
        self.calls = calls

    async def __aenter__(self):
        self.calls.append(speedups._fresh_connection.get())
        raise aiohttp.ClientConnectorError(_ConnectionKey(), OSError(111, "Connection refused"))

    async def __aexit__(self, *exc):
        return False


class _ConnectionKey:
    host, port, ssl = "127.0.0.1", 9, None


def test_which_failures_count_as_a_stale_connection():
    assert speedups.stale_connection(aiohttp.ServerDisconnectedError())
    assert speedups.stale_connection(ConnectionResetError("Cannot write to closing transport"))
    assert speedups.stale_connection(aiohttp.ClientOSError(104, "Connection reset by peer"))
    assert not speedups.stale_connection(asyncio.TimeoutError())
    assert not speedups.stale_connection(
        aiohttp.ClientConnectorError(_ConnectionKey(), OSError(111, "Connection refused"))
    )
    assert not speedups.stale_connection(ValueError("bad json"))
