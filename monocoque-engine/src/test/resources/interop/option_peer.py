#!/usr/bin/env python3
"""One libzmq socket (through pyzmq) with the socket options a Monocoque option test names.

Usage:  option_peer.py (recv | send) TYPE (--bind EP | --connect EP) [--sockopt NAME=VALUE]...
                       [--zap STATUS] [--count N] [--timeout S] [--lifetime S]

  recv      prints GOT <frames joined by '|'> for each message received, until DONE
  send      sends --count messages "m-0", "m-1", ... (one frame each), then waits for DONE
  --sockopt sets zmq.NAME (an int when VALUE is decimal, else bytes) before bind/connect
  --zap     runs a ZAP handler in this context that answers every request with STATUS
            and prints ZAP <mechanism> <domain> for each request

Conversation with the Java test, one line each on stdout:
  READY <endpoint>   bound (LAST_ENDPOINT, as libzmq resolved it) or connecting
  EVENT <name> <value>   a monitor event of the socket
  GOT ...  /  ZAP ...    as above
  stdin DONE         close and exit
"""

import argparse
import os
import select
import signal
import sys
import threading
import time

import zmq
from zmq.utils.monitor import recv_monitor_message

EVENT_NAMES = {getattr(zmq, n): n[len("EVENT_"):] for n in dir(zmq)
               if n.startswith("EVENT_") and n not in ("EVENT_ALL", "EVENT_ALL_V1", "EVENT_ALL_V2")}


def say(*words):
    print(*words, flush=True)


def sockopt_value(text):
    return int(text) if text.lstrip("-").isdigit() else text.encode()


def zap_handler(ctx, status, ready):
    zap = ctx.socket(zmq.REP)
    zap.linger = 0
    zap.bind("inproc://zeromq.zap.01")
    ready.set()
    while True:
        try:
            request = zap.recv_multipart()
        except zmq.ContextTerminated:
            break
        version, request_id, domain, _address, _identity, mechanism = request[:6]
        say("ZAP", mechanism.decode(), domain.decode() or "-")
        zap.send_multipart([version, request_id, status.encode(), b"", b"user", b""])
    zap.close()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", choices=["recv", "send"])
    p.add_argument("type")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--bind")
    where.add_argument("--connect")
    p.add_argument("--sockopt", action="append", default=[])
    p.add_argument("--zap")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--timeout", type=float, default=20.0)
    p.add_argument("--lifetime", type=int, default=90)
    args = p.parse_args()
    signal.alarm(args.lifetime)

    ctx = zmq.Context()
    if args.zap:
        ready = threading.Event()
        threading.Thread(target=zap_handler, args=(ctx, args.zap, ready), daemon=True).start()
        ready.wait(5)
    s = ctx.socket(getattr(zmq, args.type.upper()))
    s.linger = 0
    for option in args.sockopt:
        name, value = option.split("=", 1)
        s.setsockopt(getattr(zmq, name), sockopt_value(value))
    monitor = s.get_monitor_socket()
    if args.bind:
        s.bind(args.bind)
        say("READY", s.getsockopt(zmq.LAST_ENDPOINT).decode())
    else:
        s.connect(args.connect)
        say("READY", args.connect)

    poller = zmq.Poller()
    poller.register(monitor, zmq.POLLIN)
    if args.mode == "recv":
        poller.register(s, zmq.POLLIN)
    sent = 0
    buf = b""
    deadline = time.monotonic() + args.lifetime
    while time.monotonic() < deadline:
        if args.mode == "send" and sent < args.count:
            try:
                s.send(b"m-%d" % sent, zmq.NOBLOCK)
                sent += 1
                continue
            except zmq.Again:
                pass
        for sock, _ in poller.poll(50):
            if sock is monitor:
                event = recv_monitor_message(monitor)
                say("EVENT", EVENT_NAMES.get(event["event"], event["event"]), event["value"])
            else:
                say("GOT", b"|".join(s.recv_multipart()).decode(errors="replace"))
        ready, _, _ = select.select([0], [], [], 0)
        if ready:
            chunk = os.read(0, 4096)
            buf += chunk
            if not chunk or b"DONE" in buf:
                break
    s.disable_monitor()
    monitor.close()
    s.close()
    ctx.term()
    return 0


if __name__ == "__main__":
    sys.exit(main())
