# A libzmq peer for the fault tests: a PULL that relays every message to a PUSH (role "relay"),
# or a ROUTER that echoes every message to its sender (role "echo"), with heartbeats, until
# stdin closes or the process is killed.
#   fault_peer.py <relay|echo> <bind|connect> <endpoint> <relay endpoint or -> <heartbeat ivl ms> <heartbeat timeout ms>
import sys
import zmq

role, mode, endpoint, relay_to, ivl, timeout = sys.argv[1:7]
ctx = zmq.Context()
s = ctx.socket(zmq.PULL if role == "relay" else zmq.ROUTER)
s.setsockopt(zmq.LINGER, 0)
s.setsockopt(zmq.RECONNECT_IVL, 100)
s.setsockopt(zmq.HEARTBEAT_IVL, int(ivl))
s.setsockopt(zmq.HEARTBEAT_TIMEOUT, int(timeout))
if role == "echo":
    # A ROUTER drops at its high-water mark; the burst after a reconnect must not be what is counted.
    s.setsockopt(zmq.SNDHWM, 0)
if mode == "bind":
    s.bind(endpoint)
    endpoint = s.getsockopt(zmq.LAST_ENDPOINT).decode()
else:
    s.connect(endpoint)
out = s
if role == "relay":
    out = ctx.socket(zmq.PUSH)
    out.setsockopt(zmq.LINGER, 0)
    out.connect(relay_to)
print("ready", endpoint, flush=True)

poller = zmq.Poller()
poller.register(s, zmq.POLLIN)
poller.register(sys.stdin, zmq.POLLIN)
running = True
while running:
    for item, _ in poller.poll():
        if item is s:
            while True:
                try:
                    m = s.recv_multipart(zmq.NOBLOCK)
                except zmq.Again:
                    break
                out.send_multipart(m)
        elif not sys.stdin.readline():
            running = False
s.close()
if out is not s:
    out.close()
ctx.term()
