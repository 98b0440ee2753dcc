"""Asks the quote service for a quote: REQ to tcp://localhost:5555."""
import argparse
import json
import sys

import zmq

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("symbol", nargs="?", default="ACME")
parser.add_argument("--endpoint", default="tcp://localhost:5555")
args = parser.parse_args()

with zmq.Context() as ctx, ctx.socket(zmq.REQ) as req:
    req.linger = 0                                  # do not hold the exit for an unanswered request
    req.connect(args.endpoint)
    req.send_json({"symbol": args.symbol})          # {"symbol": "ACME"}
    if not req.poll(5000):
        sys.exit(f"no reply from {args.endpoint} within 5 s: is the sample running?")
    reply = req.recv_json()                         # a quote, or {"error": "..."}
    print(json.dumps(reply))
