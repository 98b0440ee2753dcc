#!/usr/bin/python3
"""Start the sample once and report its start-up time and first-message latency.

Launches `java <jvm args> -jar <jar>` with the quote service on a free port, waits for Boot's
"Started MarketDataApplication in X seconds (process running for Y)" line, then sends the first
quote request over a pyzmq REQ socket and times its round trip; a second request is timed too
(warm reference). Stops the JVM with SIGTERM (so that an -XX:AOTCacheOutput run writes its cache).
Prints one JSON line.
"""
import json, re, socket, subprocess, sys, time
import zmq

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

java, jar, *jvm = sys.argv[1:]
port = free_port()
cmd = [java, *jvm, "-jar", jar, "--server.port=0", "--market-data.host=127.0.0.1",
       f"--market-data.quotes-port={port}", "--market-data.prices-port=*",
       "--market-data.orders-port=*", "--market-data.secure-quotes-port=*"]
t0 = time.monotonic()
p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
started = None
for line in p.stdout:
    m = re.search(r"Started MarketDataApplication in ([0-9.]+) seconds \(process running for ([0-9.]+)\)", line)
    if m:
        started = (float(m.group(1)), float(m.group(2)), time.monotonic() - t0)
        break
if started is None:
    sys.exit("no start line; exit " + str(p.wait()))
ctx = zmq.Context()
req = ctx.socket(zmq.REQ)
req.linger = 0
req.connect(f"tcp://127.0.0.1:{port}")
time.sleep(0.2)  # connected before timing: the latency is the application's, not the handshake's
rtts = []
for i in range(2):
    t = time.perf_counter()
    req.send_json({"symbol": "ACME"})
    if not req.poll(10000):
        sys.exit("no reply")
    req.recv_json()
    rtts.append((time.perf_counter() - t) * 1000)
req.close(); ctx.term()
p.terminate()
for line in p.stdout:
    pass
p.wait(60)
print(json.dumps({"boot_started_s": started[0], "process_running_s": started[1], "wall_to_started_s": round(started[2], 3),
                  "first_msg_ms": round(rtts[0], 2), "second_msg_ms": round(rtts[1], 2)}))
