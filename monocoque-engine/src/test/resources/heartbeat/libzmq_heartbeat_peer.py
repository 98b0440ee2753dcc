# A libzmq peer for the heartbeat tests: one socket, optionally with libzmq's heartbeat options,
# that binds or connects and reports its monitor events, one line each, until stdin closes.
#   libzmq_heartbeat_peer.py <bind|connect> <SOCKET_TYPE> <endpoint> <ivl ms> <timeout ms> <ttl ms>
import sys
import threading
import zmq
from zmq.utils.monitor import recv_monitor_message

mode, socket_type, endpoint, ivl, timeout, ttl = sys.argv[1:7]
ctx = zmq.Context()
s = ctx.socket(getattr(zmq, socket_type))
s.setsockopt(zmq.LINGER, 0)
if int(ivl) > 0:
    s.setsockopt(zmq.HEARTBEAT_IVL, int(ivl))
if int(timeout) > 0:
    s.setsockopt(zmq.HEARTBEAT_TIMEOUT, int(timeout))
if int(ttl) > 0:
    s.setsockopt(zmq.HEARTBEAT_TTL, int(ttl))
monitor = s.get_monitor_socket()
if mode == "bind":
    s.bind(endpoint)
    endpoint = s.getsockopt(zmq.LAST_ENDPOINT).decode()
else:
    s.connect(endpoint)
print("ready", endpoint, flush=True)

names = {getattr(zmq, n): n for n in dir(zmq) if n.startswith("EVENT_") and n != "EVENT_ALL"}


def report():
    while True:
        try:
            event = recv_monitor_message(monitor)
        except zmq.ZMQError:
            return
        print("event", names.get(event["event"], event["event"]), flush=True)


threading.Thread(target=report, daemon=True).start()
sys.stdin.read()
s.close()
monitor.close()
ctx.term()
