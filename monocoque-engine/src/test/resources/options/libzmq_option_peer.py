#!/usr/bin/env python3
"""One libzmq (pyzmq) socket driven line by line, for the engine's socket option tests.

Usage: libzmq_option_peer.py TYPE bind|connect ENDPOINT [--int NAME=VALUE]... [--bytes NAME=HEX]...

Creates a socket of TYPE (e.g. ROUTER), sets the options (zmq constant names; --bytes values
in hex) before binding or connecting, and prints "READY <last endpoint>". Then it obeys lines on
stdin:
  send HEX,HEX,...   sends one message, a frame per hex string (an empty string is an empty frame)
  recv               prints "RECV HEX,HEX,..." for the next message, or "TIMEOUT" after 10 s
  quit               closes the socket and exits (so does the end of stdin)
An alarm ends the process after 90 s, so an orphaned peer never lingers.
"""
import signal
import sys

import zmq


def main():
    signal.alarm(90)
    kind, how, endpoint = sys.argv[1], sys.argv[2], sys.argv[3]
    ctx = zmq.Context()
    s = ctx.socket(getattr(zmq, kind))
    s.setsockopt(zmq.LINGER, 1000)
    s.setsockopt(zmq.RCVTIMEO, 10000)
    args = sys.argv[4:]
    for flag, spec in zip(args[0::2], args[1::2]):
        name, value = spec.split("=", 1)
        opt = getattr(zmq, name)
        s.setsockopt(opt, int(value) if flag == "--int" else bytes.fromhex(value))
    if how == "bind":
        s.bind(endpoint)
    else:
        s.connect(endpoint)
    print("READY " + s.getsockopt(zmq.LAST_ENDPOINT).decode(), flush=True)
    for line in sys.stdin:
        line = line.rstrip("\r\n")
        if line.startswith("send "):
            s.send_multipart([bytes.fromhex(f) for f in line[5:].split(",")])
            print("SENT", flush=True)
        elif line == "recv":
            try:
                frames = s.recv_multipart()
                print("RECV " + ",".join(f.hex() for f in frames), flush=True)
            except zmq.Again:
                print("TIMEOUT", flush=True)
        elif line == "quit":
            break
    s.close()
    ctx.term()


if __name__ == "__main__":
    main()
