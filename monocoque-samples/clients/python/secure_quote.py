"""Asks the CURVE quote service: REQ (or DEALER) to tcp://localhost:5558 with the SAMPLE client keys."""
import argparse
import json
import sys

import zmq

# SAMPLE KEYS from monocoque-samples/src/main/resources/application.yml: public, so they protect nothing.
SERVER_PUBLIC_KEY = b"9+@GEBTDM*)jrzEzDs<Z0!6P:NemJpZ?YTNU4IPh"
CLIENT_PUBLIC_KEY = b"dZIofw!8?+^hY^pX<dAb9w/<]=<=Bz4Pl.CY@(9E"
CLIENT_SECRET_KEY = b"37aI@K1.qu2BC=swwV>QKivBI67bQRpaf-pQmQU4"

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("symbol", nargs="?", default="ACME")
parser.add_argument("--dealer", action="store_true", help="use a DEALER socket instead of REQ")
parser.add_argument("--endpoint", default="tcp://localhost:5558")
args = parser.parse_args()

with zmq.Context() as ctx, ctx.socket(zmq.DEALER if args.dealer else zmq.REQ) as s:
    s.linger = 0
    s.curve_serverkey = SERVER_PUBLIC_KEY           # whom we expect to talk to
    s.curve_publickey = CLIENT_PUBLIC_KEY           # who we are: this key must be allowed by the server
    s.curve_secretkey = CLIENT_SECRET_KEY
    s.connect(args.endpoint)
    request = json.dumps({"symbol": args.symbol}).encode()
    if args.dealer:
        s.send_multipart([b"", request])            # a DEALER adds the empty delimiter that REQ adds for you
    else:
        s.send(request)
    if not s.poll(5000):
        sys.exit(f"no reply from {args.endpoint} within 5 s: is the sample running, and is this client's key allowed?")
    reply = s.recv_multipart()[-1]                  # a DEALER also gets the delimiter back: the reply is the last frame
    print(json.dumps(json.loads(reply)))
