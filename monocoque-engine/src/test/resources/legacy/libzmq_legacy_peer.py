#!/usr/bin/env python3
"""A libzmq socket (through pyzmq) for RawLegacyPeerLibzmqTest: checks that the raw ZMTP 1.0 and
2.0 peer plays those protocols the way libzmq 4.3, which still speaks them, understands them.

Usage:  libzmq_legacy_peer.py MODE [ENDPOINT]

  router-echo   bind a ROUTER on tcp://127.0.0.1:*, print "READY <port>", receive one message,
                print "ROUTING-ID <hex>", send it back unchanged.
  pub           bind a PUB, print "READY <port>", publish [b"tick", b"<n>"] every 20 ms.
  sub           connect a SUB to ENDPOINT, subscribe to b"alpha", print "READY 0".
Every mode then waits for a line (or end of input) on stdin and exits; it also exits by itself
after 20 s so that a failed test never leaves it behind. Errors go to stderr, exit code 1.
"""

import select
import sys
import time

import zmq

LIFETIME = 20.0


def stdin_ready(timeout):
    ready, _, _ = select.select([sys.stdin], [], [], timeout)
    return bool(ready)


def main():
    mode = sys.argv[1]
    deadline = time.monotonic() + LIFETIME
    ctx = zmq.Context()
    try:
        if mode == "router-echo":
            s = ctx.socket(zmq.ROUTER)
            s.setsockopt(zmq.LINGER, 1000)
            port = s.bind_to_random_port("tcp://127.0.0.1")
            print("READY %d" % port, flush=True)
            if not s.poll(int(LIFETIME * 1000)):
                raise SystemExit("no message within %ds" % LIFETIME)
            frames = s.recv_multipart()
            print("ROUTING-ID %s" % frames[0].hex(), flush=True)
            s.send_multipart(frames)
        elif mode == "pub":
            s = ctx.socket(zmq.PUB)
            s.setsockopt(zmq.LINGER, 0)
            port = s.bind_to_random_port("tcp://127.0.0.1")
            print("READY %d" % port, flush=True)
            n = 0
            while not stdin_ready(0.02) and time.monotonic() < deadline:
                s.send_multipart([b"tick", str(n).encode()])
                n += 1
            return
        elif mode == "sub":
            s = ctx.socket(zmq.SUB)
            s.setsockopt(zmq.LINGER, 0)
            s.connect(sys.argv[2])
            s.setsockopt(zmq.SUBSCRIBE, b"alpha")
            print("READY 0", flush=True)
        else:
            raise SystemExit("unknown mode " + mode)
        stdin_ready(max(0.0, deadline - time.monotonic()))
    finally:
        ctx.destroy(linger=0)


if __name__ == "__main__":
    try:
        main()
    except SystemExit as e:
        if e.code not in (None, 0):
            print(e.code, file=sys.stderr)
            sys.exit(1)
