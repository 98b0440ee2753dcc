#!/usr/bin/env python3
"""A plain TCP client (python's socket module, no ZeroMQ) for a STREAM socket's tests.

Usage:  raw_client.py HOST PORT LIFETIME_SECONDS

Connects, prints "CONNECTED <local port>", then follows commands on stdin, one per line:
  send TEXT        writes TEXT (UTF-8; "\\n" stands for a newline) -> ok
  read N           reads exactly N bytes -> data <hex> | eof <hex of what came>
  readall          reads until the other side closes -> data <hex>
  close            closes the connection -> ok, then exits
"""

import signal
import socket
import sys


def read_exactly(s, n):
    got = b""
    while len(got) < n:
        chunk = s.recv(n - len(got))
        if not chunk:
            return got, False
        got += chunk
    return got, True


def main():
    host, port, lifetime = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    signal.alarm(lifetime)
    s = socket.create_connection((host, port), timeout=30)
    print("CONNECTED %d" % s.getsockname()[1], flush=True)
    for line in sys.stdin:
        words = line.rstrip("\n").split(" ", 1)
        cmd = words[0]
        try:
            if cmd == "send":
                s.sendall(words[1].replace("\\n", "\n").encode("utf-8"))
                answer = "ok"
            elif cmd == "read":
                got, whole = read_exactly(s, int(words[1]))
                answer = ("data " if whole else "eof ") + got.hex()
            elif cmd == "readall":
                got = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    got += chunk
                answer = "data " + got.hex()
            elif cmd == "close":
                s.close()
                print("ok", flush=True)
                return
            else:
                answer = "error unknown command " + cmd
        except Exception as e:  # the Java side fails the test with it
            answer = "error %s: %s" % (type(e).__name__, e)
        print(answer, flush=True)


if __name__ == "__main__":
    main()
