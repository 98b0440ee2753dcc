#!/usr/bin/env python3
"""libzmq (pyzmq) peers for the engine's poller tests: the other half of three zguide patterns.

Usage:
  zguide_peers.py lazy-pirate-server DROP[,DROP...]
      A REP server on tcp://127.0.0.1 (an ephemeral port), printing "READY <endpoint>". It echoes
      each request and prints "REPLIED <request>", except the DROP-th requests it receives
      (counting from 1): those it answers only once the client has disconnected, so that the
      reply is lost (libzmq drops a reply to a peer that is gone), as an overloaded server's
      would be; it prints "DROPPED <request>". It exits when stdin closes.
  zguide_peers.py lbbroker-peers FRONTEND BACKEND CLIENTS WORKERS REQUESTS
      WORKERS REQ workers connect to BACKEND, announce themselves with "READY" and answer each
      [client, "", request] with [client, "", "<request> by <worker>"]. Once a line arrives on
      stdin, CLIENTS REQ clients connect to FRONTEND and send REQUESTS requests each; every reply
      is printed as "REPLY <client> <request> <reply>", then "CLIENTS-DONE".
  zguide_peers.py task-peers TASKS
      A ventilator (PUSH), a sink (PULL) and a controller (PUB), each bound to an ephemeral port:
      prints "READY <ventilator> <sink> <controller>". Once a line arrives on stdin it pushes TASKS
      tasks, collects TASKS results, prints "RESULTS <n>" and then publishes "KILL" every 50 ms
      until stdin closes.

Every mode exits on its own after 60 s (an alarm), so an orphaned process never lingers.
"""
import select
import signal
import sys
import threading

import zmq


def lazy_pirate_server(drops):
    drops = {int(d) for d in drops.split(",") if d}
    ctx = zmq.Context()
    server = ctx.socket(zmq.REP)
    server.setsockopt(zmq.LINGER, 0)
    monitor = server.get_monitor_socket(zmq.EVENT_DISCONNECTED)
    server.bind("tcp://127.0.0.1:*")
    endpoint = server.getsockopt_string(zmq.LAST_ENDPOINT)
    print("READY " + endpoint, flush=True)
    received = 0
    while True:
        poller = zmq.Poller()
        poller.register(server, zmq.POLLIN)
        poller.register(sys.stdin, zmq.POLLIN)
        ready = dict(poller.poll())
        if server not in ready:
            if not sys.stdin.readline():
                break  # the test closed our stdin
            continue
        request = server.recv()
        received += 1
        if received in drops:
            monitor.recv_multipart()  # the client gave up on us and closed its socket
            server.send(b"too late: " + request)
            print("DROPPED " + request.decode(), flush=True)
            continue
        server.send(request)
        print("REPLIED " + request.decode(), flush=True)
    ctx.destroy(linger=0)


def lbbroker_peers(frontend, backend, clients, workers, requests):
    ctx = zmq.Context()
    out = threading.Lock()

    def say(line):
        with out:
            print(line, flush=True)

    def worker(name):
        s = ctx.socket(zmq.REQ)
        s.setsockopt(zmq.LINGER, 0)
        s.setsockopt_string(zmq.IDENTITY, name)
        s.connect(backend)
        s.send(b"READY")
        try:
            while True:
                client, empty, request = s.recv_multipart()
                s.send_multipart([client, empty, request + b" by " + name.encode()])
        except zmq.ContextTerminated:
            s.close()

    def client(name):
        s = ctx.socket(zmq.REQ)
        s.setsockopt(zmq.LINGER, 0)
        s.setsockopt_string(zmq.IDENTITY, name)
        s.connect(frontend)
        for i in range(requests):
            request = "%s-%d" % (name, i)
            s.send_string(request)
            say("REPLY %s %s %s" % (name, request, s.recv_string()))
        s.close()

    for w in range(workers):
        threading.Thread(target=worker, args=("worker-%d" % w,), daemon=True).start()
    sys.stdin.readline()
    threads = [threading.Thread(target=client, args=("client-%d" % c,)) for c in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    say("CLIENTS-DONE")
    sys.stdin.read()  # until the test closes our stdin
    ctx.term()


def task_peers(tasks):
    ctx = zmq.Context()
    ventilator = ctx.socket(zmq.PUSH)
    sink = ctx.socket(zmq.PULL)
    controller = ctx.socket(zmq.PUB)
    for s in (ventilator, sink, controller):
        s.setsockopt(zmq.LINGER, 0)
        s.bind("tcp://127.0.0.1:*")
    print("READY " + " ".join(s.getsockopt_string(zmq.LAST_ENDPOINT) for s in (ventilator, sink, controller)), flush=True)
    sys.stdin.readline()
    for i in range(tasks):
        ventilator.send_string("task-%d" % i)
    results = 0
    for _ in range(tasks):
        sink.recv()
        results += 1
    print("RESULTS %d" % results, flush=True)
    while True:
        readable, _, _ = select.select([sys.stdin], [], [], 0.05)
        if readable and not sys.stdin.readline():
            break
        controller.send(b"KILL")
    ctx.destroy(linger=0)


def main():
    signal.alarm(60)
    mode = sys.argv[1]
    if mode == "lazy-pirate-server":
        lazy_pirate_server(sys.argv[2])
    elif mode == "lbbroker-peers":
        lbbroker_peers(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    elif mode == "task-peers":
        task_peers(int(sys.argv[2]))
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
