"""Sends an order to the order intake: PUSH to tcp://localhost:5557 (see GET /orders/stats)."""
import argparse

import zmq

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("symbol", nargs="?", default="ACME")
parser.add_argument("side", nargs="?", default="BUY", help="BUY or SELL")
parser.add_argument("quantity", nargs="?", type=int, default=100)
parser.add_argument("--endpoint", default="tcp://localhost:5557")
args = parser.parse_args()

with zmq.Context() as ctx, ctx.socket(zmq.PUSH) as push:
    push.linger = 5000                              # closing waits up to 5 s for the order to leave
    push.connect(args.endpoint)
    push.send_json({"symbol": args.symbol, "side": args.side, "quantity": args.quantity})
print("sent; PUSH gets no reply: see http://localhost:8080/orders/stats")
