#!/usr/bin/env python3
"""A libzmq (pyzmq) PUB publisher for the engine's ZmqProxy tests.

Usage: proxy_publisher.py ENDPOINT COUNT

Connects a PUB socket to ENDPOINT (the proxy's XSUB frontend) and prints "ready". Until a line
arrives on stdin it publishes single-frame "sync" messages every 10 ms, so the test can tell
that its subscriptions have travelled through the proxy to this publisher. Then it publishes
COUNT three-frame messages [topic, sequence, body], alternating topics "A" and "B", then the
single frame "A-end", prints "done", and exits when stdin closes (bounded by an alarm, so an
orphaned process never lingers).
"""
import select
import signal
import sys

import zmq


def main():
    endpoint, count = sys.argv[1], int(sys.argv[2])
    signal.alarm(60)
    ctx = zmq.Context()
    pub = ctx.socket(zmq.PUB)
    # Unlimited queue: the test checks that every message arrives, so the publisher must not drop.
    pub.setsockopt(zmq.SNDHWM, 0)
    pub.setsockopt(zmq.LINGER, 5000)
    pub.connect(endpoint)
    print("ready", flush=True)

    while True:
        readable, _, _ = select.select([sys.stdin], [], [], 0.01)
        if readable:
            sys.stdin.readline()
            break
        pub.send(b"sync")

    for i in range(count):
        topic = b"A" if i % 2 == 0 else b"B"
        body = ("payload-%d-" % i).encode() + bytes([i % 256]) * (i % 64)
        pub.send_multipart([topic, str(i).encode(), body])
    pub.send(b"A-end")
    print("done", flush=True)

    sys.stdin.read()  # until the test closes our stdin
    pub.close()
    ctx.term()


if __name__ == "__main__":
    main()
