#!/usr/bin/env python3
"""A libzmq peer (through pyzmq) for Monocoque's interop tests.

Plays one side of a ZeroMQ pattern against the Monocoque socket under test and checks, on
its own side, the content and order of everything it receives.

Usage:  zmq_peer.py MODE (--bind ENDPOINT | --connect ENDPOINT) [--count N] [options]

Modes: push, pull, pub, sub, req, rep, dealer, router, pair, xpub, xsub, idle.
  dealer runs two DEALERs, one with --routing-id, each keeping a window of requests in flight;
  with --bind each binds the endpoint (tcp://...:* gives two ports and two READY lines).
  router echoes --count requests from each of the two dealers and checks their routing ids.
  idle only opens a socket of --type, for handshake-rejection tests.
  --connect may list several endpoints separated by commas.

Conversation with the Java test, one line each:
  stdout  READY <endpoint>   the socket is bound (endpoint resolved) or connecting
  stdout  WARMED             (sub) the first warm-up message arrived, subscriptions are in place
  stdout  FINISHED <n>       everything was sent / received and verified
  stdin   GO                 (pub) stop warming up and publish the real messages
  stdin   DONE               the Java side has everything: close and exit
After FINISHED the peer waits for DONE (or end of input) before closing its socket, so that a
sender never closes while the receiver still holds messages back (libzmq 4.3.4 loses the tail
of an ipc stream in that case, issue #4660).

Any mismatch or timeout: a message on stderr and a non-zero exit code.

The messages are built exactly as InteropMessages.java builds them; keep the two in step:
  message(i, salt) = [ "<salt>-<i>", pattern(i, size(i)), "" if i % 5 == 0 else "end-<i>" ]
  pattern(i, size) = bytes (i * 31 + j) mod 256 for j in 0..size-1
  size(i)          = 100000 if i == count // 2; 0 if i % 7 == 0;
                     256 + (i * 37) mod 1000 if i % 13 == 0; else i mod 200
Published messages put a topic first: TOPICS[i % 5]; the subscriber takes "alpha" and "gamma".
"""

import argparse
import os
import select
import signal
import sys
import time

import zmq

TOPICS = [b"alpha", b"beta", b"gamma", b"alphabet", b"alp"]
SUBSCRIBED = [b"alpha", b"gamma"]
WARMUP = [b"gamma", b"warmup"]
SENTINEL = [b"gamma", b"end"]
EXPLICIT_NAME = b"explicit"
ANONYMOUS_NAME = b"anonymous"
WINDOW = 100
_PATTERN = bytes(range(256)) * 400


class Failure(Exception):
    pass


def size_of(i, count):
    if i == count // 2:
        return 100000
    if i % 7 == 0:
        return 0
    if i % 13 == 0:
        return 256 + (i * 37) % 1000
    return i % 200


def message(i, count, salt):
    start = (i * 31) % 256
    size = size_of(i, count)
    return [("%s-%d" % (salt, i)).encode(), _PATTERN[start:start + size],
            b"" if i % 5 == 0 else ("end-%d" % i).encode()]


def topic_of(i):
    return TOPICS[i % len(TOPICS)]


def published(i, count):
    return [topic_of(i)] + message(i, count, "pub")


def is_subscribed(topic):
    return any(topic.startswith(s) for s in SUBSCRIBED)


def describe(frames):
    out = []
    for f in frames:
        out.append(repr(f[:40]) + ("...(%d bytes)" % len(f) if len(f) > 40 else ""))
    return "[" + ", ".join(out) + "]"


def expect(what, actual, expected):
    if actual != expected:
        raise Failure("%s: expected %s but got %s" % (what, describe(expected), describe(actual)))


class Stdin:
    """Lines from the Java test, read without blocking the ZeroMQ work (select + os.read)."""

    def __init__(self):
        self.buf = b""
        self.eof = False

    def poll(self, timeout):
        """The next line, or None if none came within timeout seconds (or input ended)."""
        deadline = time.monotonic() + timeout
        while True:
            if b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                return line.decode().strip()
            if self.eof:
                return None
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([0], [], [], left)
            if ready:
                chunk = os.read(0, 4096)
                if not chunk:
                    self.eof = True
                else:
                    self.buf += chunk

    def wait_for(self, word, timeout):
        deadline = time.monotonic() + timeout
        while True:
            line = self.poll(max(0.0, deadline - time.monotonic()))
            if line == word:
                return
            if line is None:
                if self.eof:
                    return  # the Java side went away: nothing more to wait for
                raise Failure("no %s from the Java side within %.0f s" % (word, timeout))


def say(*words):
    print(*words, flush=True)


def recv(sock, what):
    try:
        return sock.recv_multipart()
    except zmq.Again:
        raise Failure("timed out waiting for %s" % what)


def send(sock, frames, what):
    try:
        sock.send_multipart(frames)
    except zmq.Again:
        raise Failure("timed out sending %s" % what)


# ---- modes -------------------------------------------------------------------------------------

def run_push(ctx, args, stdin):
    s = open_socket(ctx, zmq.PUSH, args)
    for i in range(args.count):
        send(s, message(i, args.count, "m"), "message %d" % i)
    return s, args.count


def run_pull(ctx, args, stdin):
    s = open_socket(ctx, zmq.PULL, args)
    for i in range(args.count):
        expect("message %d" % i, recv(s, "message %d" % i), message(i, args.count, "m"))
    return s, args.count


def run_pub(ctx, args, stdin):
    s = open_socket(ctx, zmq.PUB, args, sndhwm=0)
    # Slow joiner: publish warm-ups until the Java subscriber says it received one.
    warmups = 0
    deadline = time.monotonic() + args.timeout
    while True:
        send(s, WARMUP, "a warm-up")
        warmups += 1
        line = stdin.poll(0.01)
        if line == "GO":
            break
        if stdin.eof or time.monotonic() > deadline:
            raise Failure("the Java subscriber never confirmed a warm-up (%d sent)" % warmups)
    for i in range(args.count):
        send(s, published(i, args.count), "message %d" % i)
    send(s, SENTINEL, "the end sentinel")
    return s, args.count


def receive_published(s, args, first_may_be_warmup):
    """Receives the subscribed messages in order, up to the end sentinel; returns how many."""
    n = 0
    for i in range(args.count):
        if not is_subscribed(topic_of(i)):
            continue
        while True:
            m = recv(s, "published message %d" % i)
            if not (first_may_be_warmup and m == WARMUP):
                break
        expect("published message %d" % i, m, published(i, args.count))
        n += 1
    expect("the end sentinel", recv(s, "the end sentinel"), SENTINEL)
    return n


def run_sub(ctx, args, stdin):
    s = ctx.socket(zmq.SUB)
    configure(s, args, rcvhwm=0)
    for t in SUBSCRIBED:
        s.setsockopt(zmq.SUBSCRIBE, t)
    attach(s, args)
    expect("the first message (a warm-up)", recv(s, "a warm-up"), WARMUP)
    say("WARMED")
    return s, receive_published(s, args, True)


def run_req(ctx, args, stdin):
    s = open_socket(ctx, zmq.REQ, args)
    for i in range(args.count):
        m = message(i, args.count, "m")
        send(s, m, "request %d" % i)
        expect("reply %d" % i, recv(s, "reply %d" % i), m)
    return s, args.count


def run_rep(ctx, args, stdin):
    s = open_socket(ctx, zmq.REP, args)
    for i in range(args.count):
        m = recv(s, "request %d" % i)
        expect("request %d" % i, m, message(i, args.count, "m"))
        send(s, m, "reply %d" % i)
    return s, args.count


def run_dealer(ctx, args, stdin):
    """Two dealers, one with an explicit routing id, each keeping WINDOW requests in flight."""
    explicit = ctx.socket(zmq.DEALER)
    explicit.setsockopt(zmq.ROUTING_ID, args.routing_id.encode())
    anonymous = ctx.socket(zmq.DEALER)
    dealers = [(explicit, EXPLICIT_NAME), (anonymous, ANONYMOUS_NAME)]
    for d, _ in dealers:
        configure(d, args)
        attach(d, args)
    received = 0
    for i in range(args.count + WINDOW):
        for d, name in dealers:
            if i < args.count:
                send(d, [name] + message(i, args.count, "m"), "%s request %d" % (name, i))
            j = i - WINDOW
            if j >= 0:
                what = "%s reply %d" % (name.decode(), j)
                expect(what, recv(d, what), [name] + message(j, args.count, "m"))
                received += 1
    return dealers, received


def run_router(ctx, args, stdin):
    """Echoes count requests from each of two dealers, checking their routing ids and order."""
    s = open_socket(ctx, zmq.ROUTER, args)
    next_seq = {EXPLICIT_NAME: 0, ANONYMOUS_NAME: 0}
    ids = {}
    for k in range(2 * args.count):
        m = recv(s, "request %d" % k)
        if len(m) < 2 or m[1] not in next_seq:
            raise Failure("request %d: unexpected frames %s" % (k, describe(m)))
        rid, name = m[0], m[1]
        if name == EXPLICIT_NAME and rid != args.routing_id.encode():
            raise Failure("the explicit dealer arrived with routing id %r, not %r" % (rid, args.routing_id))
        if name == ANONYMOUS_NAME and (len(rid) != 5 or rid[0] != 0):
            raise Failure("the anonymous dealer got routing id %r, not a generated 5-byte id" % rid)
        if ids.setdefault(name, rid) != rid:
            raise Failure("the %s dealer changed routing id from %r to %r" % (name, ids[name], rid))
        i = next_seq[name]
        expect("%s request %d" % (name.decode(), i), m[1:], [name] + message(i, args.count, "m"))
        next_seq[name] = i + 1
        send(s, m, "reply to %s %d" % (name, i))
    return s, 2 * args.count


def run_pair(ctx, args, stdin):
    s = open_socket(ctx, zmq.PAIR, args)
    for i in range(args.count):
        expect("message %d" % i, recv(s, "message %d" % i), message(i, args.count, "m"))
    for i in range(args.count):
        send(s, message(i, args.count, "back"), "reply %d" % i)
    return s, 2 * args.count


def run_xpub(ctx, args, stdin):
    s = open_socket(ctx, zmq.XPUB, args, sndhwm=0)
    for t in SUBSCRIBED:
        expect("the subscription to %s" % t.decode(), recv(s, "a subscription"), [b"\x01" + t])
    for i in range(args.count):
        send(s, published(i, args.count), "message %d" % i)
    send(s, SENTINEL, "the end sentinel")
    expect("the unsubscription", recv(s, "the unsubscription"), [b"\x00" + SUBSCRIBED[0]])
    return s, args.count


def run_xsub(ctx, args, stdin):
    # libzmq's XSUB does not filter what it receives: whatever arrives, the publisher chose.
    s = open_socket(ctx, zmq.XSUB, args, rcvhwm=0)
    for t in SUBSCRIBED:
        send(s, [b"\x01" + t], "the subscription to %s" % t.decode())
    n = receive_published(s, args, False)
    send(s, [b"\x00" + SUBSCRIBED[0]], "the unsubscription")
    return s, n


def run_idle(ctx, args, stdin):
    s = open_socket(ctx, getattr(zmq, args.type.upper()), args)
    stdin.wait_for("DONE", args.timeout)
    return s, 0


# ---- plumbing ----------------------------------------------------------------------------------

def configure(s, args, sndhwm=None, rcvhwm=None):
    s.setsockopt(zmq.LINGER, int(args.timeout * 1000))
    s.setsockopt(zmq.RCVTIMEO, int(args.timeout * 1000))
    s.setsockopt(zmq.SNDTIMEO, int(args.timeout * 1000))
    if sndhwm is not None:
        s.setsockopt(zmq.SNDHWM, sndhwm)
    if rcvhwm is not None:
        s.setsockopt(zmq.RCVHWM, rcvhwm)


def attach(s, args):
    if args.bind:
        s.bind(args.bind)
        say("READY", s.getsockopt(zmq.LAST_ENDPOINT).decode())
    else:
        for endpoint in args.connect.split(","):
            s.connect(endpoint)
        say("READY", args.connect)


def open_socket(ctx, kind, args, sndhwm=None, rcvhwm=None):
    s = ctx.socket(kind)
    configure(s, args, sndhwm, rcvhwm)
    attach(s, args)
    return s


MODES = {
    "push": run_push, "pull": run_pull, "pub": run_pub, "sub": run_sub, "req": run_req,
    "rep": run_rep, "dealer": run_dealer, "router": run_router, "pair": run_pair,
    "xpub": run_xpub, "xsub": run_xsub, "idle": run_idle,
}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", choices=sorted(MODES))
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--bind")
    where.add_argument("--connect", help="an endpoint, or several separated by commas")
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--routing-id", default="explicit-dealer")
    p.add_argument("--type", default="sub", help="socket type of the idle mode")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds any one step may take")
    p.add_argument("--lifetime", type=int, default=90, help="seconds before the peer kills itself")
    args = p.parse_args()
    signal.alarm(args.lifetime)  # never outlive a test that forgot us

    ctx = zmq.Context()
    stdin = Stdin()
    sockets = []
    try:
        result, n = MODES[args.mode](ctx, args, stdin)
        sockets = [d for d, _ in result] if isinstance(result, list) else [result]
        if args.mode != "idle":
            say("FINISHED", n)
            stdin.wait_for("DONE", args.timeout)
    except Failure as e:
        print("zmq_peer %s: %s" % (args.mode, e), file=sys.stderr, flush=True)
        os._exit(1)  # do not linger on a broken conversation
    for s in sockets:
        s.close()
    ctx.term()
    return 0


if __name__ == "__main__":
    sys.exit(main())
