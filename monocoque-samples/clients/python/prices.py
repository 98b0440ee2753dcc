"""Prints ticks from the price feed: SUB to tcp://localhost:5556."""
import argparse
import sys

import zmq

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("symbols", nargs="*", help="topics to subscribe to (default: every symbol)")
parser.add_argument("--count", type=int, default=10, help="ticks to print before exiting")
parser.add_argument("--endpoint", default="tcp://localhost:5556")
args = parser.parse_args()

with zmq.Context() as ctx, ctx.socket(zmq.SUB) as sub:
    sub.rcvtimeo = 5000                             # fail instead of waiting forever for a feed
    sub.connect(args.endpoint)
    for symbol in args.symbols or [""]:             # a prefix of the topic frame; "" is every topic
        sub.subscribe(symbol)
    for _ in range(args.count):
        try:
            topic, tick = sub.recv_multipart()      # two frames: b"ACME", b'{"symbol":"ACME","price":..,"seq":..}'
        except zmq.Again:
            sys.exit(f"no tick from {args.endpoint} within 5 s: is the sample running?")
        print(topic.decode(), tick.decode())
