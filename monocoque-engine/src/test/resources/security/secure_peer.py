#!/usr/bin/env python3
"""A libzmq peer (through pyzmq) for Monocoque's CURVE and PLAIN interop tests.

Usage:  secure_peer.py MODE (--bind ENDPOINT | --connect ENDPOINT) --count N [security] [--timeout S]

Modes: push, pull, req, rep, pub, sub.
Security (one of):
  --curve-server=SECRET_Z85              a CURVE server
  --curve-client=PUBLIC_Z85,SECRET_Z85,SERVER_PUBLIC_Z85
  --plain-server=USER:PASSWORD           a PLAIN server, with a ZAP handler that knows this one user
  --plain-client=USER:PASSWORD
  --zap-allow-key=PUBLIC_Z85             (with --curve-server) a ZAP handler allowing only this client key
Values are attached with '=' because Z85 keys may start with '-'.

Conversation with the Java test, one line each:
  stdout  READY <endpoint>   bound (endpoint resolved) or connecting
  stdout  WARMED             (sub) the first warm-up arrived, subscriptions are in place
  stdout  FINISHED <n>       everything was sent / received and verified
  stdin   GO                 (pub) stop warming up and publish
  stdin   DONE               close and exit
Any mismatch or timeout: a message on stderr and exit status 1.

Messages, built exactly as SecureMessages.java builds them:
  message(i) = [ "m-<i>", pattern(i, size(i)), "" if i % 5 == 0 else "end-<i>" ]
  pattern(i, n) = bytes (i * 31 + j) mod 256, j in 0..n-1
  size(i) = 20000 if i == count // 2 else (i * 37) mod 700
Published messages put TOPICS[i % 4] first; the subscriber takes "alpha" and "gamma".
"""

import argparse
import os
import select
import sys
import threading
import time

import zmq
import zmq.utils.z85

TOPICS = [b"alpha", b"beta", b"gamma", b"alphabet"]
SUBSCRIBED = [b"alpha", b"gamma"]
WARMUP = [b"gamma", b"warmup"]
SENTINEL = [b"gamma", b"end"]
_PATTERN = bytes(range(256)) * 100


class Failure(Exception):
    pass


def size_of(i, count):
    return 20000 if i == count // 2 else (i * 37) % 700


def message(i, count):
    start = (i * 31) % 256
    return [("m-%d" % i).encode(), _PATTERN[start:start + size_of(i, count)],
            b"" if i % 5 == 0 else ("end-%d" % i).encode()]


def say(*words):
    print(*words, flush=True)


def wait_for(word, timeout):
    deadline = time.monotonic() + timeout
    buf = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([0], [], [], max(0.0, deadline - time.monotonic()))
        if ready:
            chunk = os.read(0, 4096)
            if not chunk:
                return
            buf += chunk
            if word.encode() in buf:
                return
    raise Failure("no %s from the Java side within %.0f s" % (word, timeout))


def poll_line(timeout):
    ready, _, _ = select.select([0], [], [], timeout)
    if ready:
        chunk = os.read(0, 4096)
        return chunk.decode() if chunk else "EOF"
    return None


def recv(sock, what):
    try:
        return sock.recv_multipart()
    except zmq.Again:
        raise Failure("timed out waiting for %s" % what)


def expect(what, actual, expected):
    if actual != expected:
        raise Failure("%s: expected %r but got %r" % (what, [f[:40] for f in expected], [f[:40] for f in actual]))


def zap_handler(ctx, users, key, stop):
    """A ZAP handler the RFC 27 way: REP at inproc://zeromq.zap.01."""
    s = ctx.socket(zmq.REP)
    s.linger = 0
    s.rcvtimeo = 100
    s.bind("inproc://zeromq.zap.01")
    while not stop.is_set():
        try:
            msg = s.recv_multipart()
        except zmq.Again:
            continue
        version, request_id, domain, address, identity, mechanism = msg[:6]
        credentials = msg[6:]
        ok, user = False, b""
        if mechanism == b"PLAIN" and len(credentials) == 2:
            ok = users.get(credentials[0]) == credentials[1]
            user = credentials[0]
        elif mechanism == b"CURVE" and len(credentials) == 1:
            ok = key is None or credentials[0] == key
            user = zmq.utils.z85.encode(credentials[0])
        s.send_multipart([version, request_id, b"200" if ok else b"400", b"OK" if ok else b"denied",
                          user if ok else b"", b""])
    s.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode")
    p.add_argument("--bind")
    p.add_argument("--connect")
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--timeout", type=float, default=20)
    p.add_argument("--curve-server")
    p.add_argument("--curve-client")
    p.add_argument("--plain-server")
    p.add_argument("--plain-client")
    p.add_argument("--zap-allow-key")
    a = p.parse_args()

    ctx = zmq.Context()
    stop = threading.Event()
    handler = None
    if a.plain_server or a.zap_allow_key:
        users = {}
        if a.plain_server:
            u, pw = a.plain_server.split(":", 1)
            users[u.encode()] = pw.encode()
        key = zmq.utils.z85.decode(a.zap_allow_key.encode()) if a.zap_allow_key else None
        handler = threading.Thread(target=zap_handler, args=(ctx, users, key, stop), daemon=True)
        handler.start()
        time.sleep(0.1)

    kind = {"push": zmq.PUSH, "pull": zmq.PULL, "req": zmq.REQ, "rep": zmq.REP, "pub": zmq.PUB, "sub": zmq.SUB}[a.mode]
    s = ctx.socket(kind)
    s.linger = 2000
    # Publisher and subscriber must not drop at a high-water mark: every message is checked.
    s.sndhwm = 0
    s.rcvhwm = 0
    s.rcvtimeo = int(a.timeout * 1000)
    s.sndtimeo = int(a.timeout * 1000)
    if a.curve_server:
        s.curve_server = True
        s.curve_secretkey = a.curve_server.encode()
    if a.curve_client:
        s.curve_publickey, s.curve_secretkey, s.curve_serverkey = (k.encode() for k in a.curve_client.split(","))
    if a.plain_server:
        s.plain_server = True
    if a.plain_client:
        s.plain_username, s.plain_password = (x.encode() for x in a.plain_client.split(":", 1))
    if a.mode == "sub":
        for t in SUBSCRIBED:
            s.setsockopt(zmq.SUBSCRIBE, t)
    if a.bind:
        s.bind(a.bind)
        say("READY", s.getsockopt(zmq.LAST_ENDPOINT).decode())
    else:
        s.connect(a.connect)
        say("READY", a.connect)

    n = a.count
    try:
        if a.mode == "push":
            for i in range(n):
                s.send_multipart(message(i, n))
        elif a.mode == "pull":
            for i in range(n):
                expect("message %d" % i, recv(s, "message %d" % i), message(i, n))
        elif a.mode == "req":
            for i in range(n):
                s.send_multipart(message(i, n))
                expect("reply %d" % i, recv(s, "reply %d" % i), message(i, n)[::-1])
        elif a.mode == "rep":
            for i in range(n):
                m = recv(s, "request %d" % i)
                expect("request %d" % i, m, message(i, n))
                s.send_multipart(m[::-1])
        elif a.mode == "pub":
            while True:
                s.send_multipart(WARMUP)
                line = poll_line(0.02)
                if line is not None:
                    if "GO" not in line and line != "EOF":
                        continue
                    break
            for i in range(n):
                s.send_multipart([TOPICS[i % 4]] + message(i, n))
            s.send_multipart(SENTINEL)
        elif a.mode == "sub":
            m = recv(s, "the first warm-up")
            while m != WARMUP:
                m = recv(s, "the first warm-up")
            say("WARMED")
            expected = [i for i in range(n) if TOPICS[i % 4].startswith(tuple(SUBSCRIBED))]
            k = 0
            while True:
                m = recv(s, "published message")
                if m == WARMUP:
                    continue
                if m == SENTINEL:
                    break
                if k >= len(expected):
                    raise Failure("more published messages than expected: %r" % m[:2])
                i = expected[k]
                expect("published %d" % i, m, [TOPICS[i % 4]] + message(i, n))
                k += 1
            if k != len(expected):
                raise Failure("got %d published messages, expected %d" % (k, len(expected)))
            n = k
        say("FINISHED", n)
        wait_for("DONE", a.timeout)
    except Failure as e:
        print("FAILED:", e, file=sys.stderr, flush=True)
        s.close(linger=0)
        stop.set()
        os._exit(1)
    s.close()
    stop.set()
    if handler:
        handler.join(2)
    ctx.term()


if __name__ == "__main__":
    main()
