"""The reliability suite's counting (bench/soak/audit.py) and its TCP proxy, on made-up data:
the suite must be able to see a lost, doubled, reset or spliced conversation."""

from __future__ import annotations

import contextlib
import json
import socket
import threading

from bench.soak.audit import Window, audit, event_rows, markdown_table
from bench.soak.proxy import TcpProxy
from bench.soak.users import ANSWERED, APOLOGY, ERROR, REFUSED, Turn, classify

WINDOW = Window("fault", segment_start=0.0, fault_start=100.0, fault_end=110.0)


def turn(sender, turn_id, sent, outcome=ANSWERED):
    return Turn(
        sender=sender,
        turn_id=turn_id,
        text=turn_id,
        sent=sent,
        finished=sent + 0.5,
        outcome=outcome,
    )


def user_row(sender, turn_id, timestamp=1.0):
    return (
        sender,
        "user",
        timestamp,
        json.dumps({"event": "user", "metadata": {"soak_turn": turn_id}}),
    )


def session_row(sender, timestamp):
    return (sender, "session_started", timestamp, json.dumps({"event": "session_started"}))


def test_a_clean_run_counts_nothing_wrong():
    turns = [
        turn("a", "a1", 10),
        turn("a", "a2", 20),
        turn("a", "a3", 105, REFUSED),
        turn("a", "a4", 120),
    ]
    rows = event_rows(
        [session_row("a", 1), user_row("a", "a1"), user_row("a", "a2"), user_row("a", "a4")]
    )
    (result,) = audit(turns, rows, 0, [WINDOW])
    assert (result.sent, result.answered, result.stored, result.lost) == (4, 3, 3, 0)
    assert (result.duplicated, result.resets, result.splices) == (0, 0, 0)
    assert (result.errors_in_window, result.errors_outside, result.stored_unanswered) == (1, 0, 0)


def test_lost_doubled_reset_spliced_and_late_errors_are_seen():
    turns = [
        turn("a", "a1", 10),
        turn("a", "a2", 20),
        turn("a", "a3", 30),  # a2 lost
        turn("b", "b1", 10),
        turn("b", "b2", 20),  # b stored twice, out of order
        turn("c", "c1", 10),
        turn("c", "c2", 105, ERROR),  # c2: error, yet stored
        turn("d", "d1", 150, REFUSED),
        turn("d", "d2", 160, APOLOGY),
    ]
    rows = event_rows(
        [
            session_row("a", 1),
            user_row("a", "a1"),
            session_row("a", 25),
            user_row("a", "a3"),
            session_row("b", 1),
            user_row("b", "b2"),
            user_row("b", "b1"),
            user_row("b", "b1"),
            session_row("c", 1),
            user_row("c", "c1"),
            user_row("c", "c2"),
            session_row("d", 1),
            user_row("d", "d2"),
        ]
    )
    (result,) = audit(turns, rows, raw_duplicates=0, windows=[WINDOW])
    assert result.lost == 1 and result.duplicated == 1
    assert result.resets == 1 and result.splices == 1
    assert result.stored_unanswered == 1 and result.apologies == 1
    assert result.errors_in_window == 1 and result.errors_outside == 2
    assert "| fault |" in markdown_table([result])


def test_replies_are_told_apart():
    from careerpath_rasa.patches.durable_turns import TRY_AGAIN_REPLY
    from careerpath_rasa.patches.resilience import TROUBLE_REPLY

    assert classify(200, json.dumps([{"text": "(2/5) Skills?"}]))[0] == ANSWERED
    assert classify(200, json.dumps([{"text": TRY_AGAIN_REPLY}]))[0] == REFUSED
    assert classify(200, json.dumps([{"text": TROUBLE_REPLY}]))[0] == APOLOGY
    assert classify(200, "[]")[0] == ERROR and classify(502, "bad gateway")[0] == ERROR


def _echo_server():
    server = socket.create_server(("127.0.0.1", 0))

    def serve():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            threading.Thread(target=_echo, args=(connection,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    return server


def _echo(connection):
    with connection:
        while data := connection.recv(1024):
            connection.sendall(data)


def _round_trip(port):
    with socket.create_connection(("127.0.0.1", port), timeout=2) as client:
        client.sendall(b"ping")
        return client.recv(16)


def test_the_proxy_passes_traffic_cuts_it_and_restores_it():
    server = _echo_server()
    proxy = TcpProxy("127.0.0.1", server.getsockname()[1]).start()
    try:
        assert _round_trip(proxy.port) == b"ping"
        open_connection = socket.create_connection(("127.0.0.1", proxy.port), timeout=2)
        open_connection.sendall(b"x")
        assert open_connection.recv(4) == b"x"
        proxy.cut()
        with contextlib.suppress(ConnectionError):  # dropped: a reset or an end of stream
            open_connection.sendall(b"y")
            assert open_connection.recv(4) == b"", "an open connection is dropped"
        with contextlib.suppress(ConnectionError):
            assert _round_trip(proxy.port) == b"", "a new connection is closed at once"
        proxy.restore()
        assert _round_trip(proxy.port) == b"ping"
    finally:
        proxy.stop()
        server.close()
