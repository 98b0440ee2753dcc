#!/usr/bin/env python3
"""One libzmq socket (through pyzmq) that a Java test drives line by line.

Usage:  libzmq_socket.py TYPE LIFETIME_SECONDS

Commands on stdin, one per line; each gets one answer line on stdout:
  opt NAME VALUE         setsockopt(zmq.NAME, VALUE): an int, or hex:<bytes> -> ok
  bind ENDPOINT          -> ok <last endpoint>
  connect ENDPOINT       -> ok
  send HEX[,HEX...]      a message of these frames (hex, '-' for an empty frame), without
                         blocking -> ok | again
  recv MILLIS            -> msg HEX[,HEX...] | none
  monitor                start monitoring the socket (every event) -> ok
  events MILLIS          the monitor events since the last call, until none came for MILLIS
                         -> events NAME[,NAME...] | events -
  close                  -> ok, then exit
Anything unexpected: "error <text>" and the peer goes on.
"""

import signal
import sys

import zmq


def frame_of(text):
    return b"" if text == "-" else bytes.fromhex(text)


def text_of(frame):
    return frame.hex() if frame else "-"


def main():
    kind, lifetime = sys.argv[1], int(sys.argv[2])
    signal.alarm(lifetime)
    ctx = zmq.Context()
    s = ctx.socket(getattr(zmq, kind))
    s.setsockopt(zmq.LINGER, 0)
    mon = None
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            cmd = words[0]
            if cmd == "opt":
                value = words[2]
                s.setsockopt(getattr(zmq, words[1]),
                             bytes.fromhex(value[4:]) if value.startswith("hex:") else int(value))
                answer = "ok"
            elif cmd == "bind":
                s.bind(words[1])
                answer = "ok " + s.getsockopt(zmq.LAST_ENDPOINT).decode()
            elif cmd == "connect":
                s.connect(words[1])
                answer = "ok"
            elif cmd == "send":
                try:
                    s.send_multipart([frame_of(f) for f in words[1].split(",")], zmq.NOBLOCK)
                    answer = "ok"
                except zmq.Again:
                    answer = "again"
            elif cmd == "recv":
                if s.poll(int(words[1])):
                    answer = "msg " + ",".join(text_of(f) for f in s.recv_multipart())
                else:
                    answer = "none"
            elif cmd == "monitor":
                mon = s.get_monitor_socket()
                answer = "ok"
            elif cmd == "events":
                from zmq.utils.monitor import recv_monitor_message
                names = []
                while mon.poll(int(words[1])):
                    event = recv_monitor_message(mon)["event"]
                    names.append(event.name if hasattr(event, "name") else str(event))
                answer = "events " + (",".join(names) if names else "-")
            elif cmd == "close":
                print("ok", flush=True)
                break
            else:
                answer = "error unknown command " + cmd
        except Exception as e:  # the Java side sees the error and fails the test with it
            answer = "error %s: %s" % (type(e).__name__, e)
        print(answer, flush=True)
    if mon is not None:
        s.disable_monitor()
        mon.close(0)
    s.close()
    ctx.term()


if __name__ == "__main__":
    main()
