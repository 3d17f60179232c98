#!/usr/bin/python3
"""Tornado peer of the scheduler, for the benchmarks only.

Starts --callbacks PeriodicCallbacks of --period-ms each on one IOLoop. Each firing does what the
scheduler's http job does (POST to the sink with AsyncHTTPClient, awaited, so a slow run delays its own
next firing instead of overlapping it) and records its lateness: the IOLoop time at the start of the
callback minus the time it was due. PeriodicCallback keeps the due time in its private _next_timeout
while the callback runs (it is advanced only after the callback finished); reading it is the only way to
get the due time without re-implementing the schedule.

After --duration seconds it prints one JSON line: lateness of the firings due after --warmup seconds,
and overlaps (a firing that started while the same callback's previous run was still running).

Run with Debian's interpreter (/usr/bin/python3), which has python3-tornado.
"""
import argparse
import json
import sys
import time

import tornado.ioloop
from tornado.httpclient import AsyncHTTPClient, HTTPRequest


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--callbacks", type=int, default=1000)
    parser.add_argument("--period-ms", type=float, default=1000.0)
    parser.add_argument("--duration", type=float, default=35.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--sink", required=True, help="URL prefix; the callback index is appended")
    args = parser.parse_args()

    AsyncHTTPClient.configure(None, max_clients=args.callbacks)
    client = AsyncHTTPClient()
    loop = tornado.ioloop.IOLoop.current()
    start = loop.time()
    lateness_ms = []
    state = {"overlaps": 0, "runs": 0, "errors": 0}
    running = set()

    def make(i):
        holder = {}

        async def fire():
            pc = holder["pc"]
            due = pc._next_timeout
            now = loop.time()
            if i in running:
                state["overlaps"] += 1
            running.add(i)
            try:
                if due - start >= args.warmup:
                    lateness_ms.append((now - due) * 1000.0)
                    state["runs"] += 1
                try:
                    response = await client.fetch(HTTPRequest(args.sink + str(i), method="POST", body="{}",
                                                              headers={"Content-Type": "application/json"}),
                                                  raise_error=False)
                    if response.code >= 400:
                        state["errors"] += 1
                except OSError:
                    # raise_error=False still raises for connection-level failures
                    state["errors"] += 1
            finally:
                running.discard(i)

        holder["pc"] = tornado.ioloop.PeriodicCallback(fire, args.period_ms)
        return holder["pc"]

    callbacks = [make(i) for i in range(args.callbacks)]
    for pc in callbacks:
        pc.start()

    def finish():
        for pc in callbacks:
            pc.stop()
        sys.stdout.write(json.dumps({"latenessMs": lateness_ms, "cpuSeconds": time.process_time(), **state}) + "\n")
        sys.stdout.flush()
        loop.stop()

    loop.call_later(args.duration, finish)
    loop.start()


if __name__ == "__main__":
    main()
