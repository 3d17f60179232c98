#!/usr/bin/python3
"""Tornado peer of the fetch-aggregator, for the benchmarks only.

POST /api/aggregate with DESIGN.md's request shape; fetches every request concurrently with
tornado.gen.multi over AsyncHTTPClient and answers with the same result shape (status, latencyMs,
bytes, parsed JSON body, or an error). --max-clients sets AsyncHTTPClient's connection limit; Tornado's
default is 10, which is what an application gets unless it configures otherwise.

Run with Debian's interpreter (/usr/bin/python3), which has python3-tornado.
"""
import argparse
import json
import time

import tornado.gen
import tornado.ioloop
import tornado.web
from tornado.httpclient import AsyncHTTPClient, HTTPRequest


def seconds(duration, default):
    if not duration:
        return default
    d = str(duration).strip()
    for suffix, factor in (("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)):
        if d.endswith(suffix):
            return float(d[: -len(suffix)]) * factor
    return default


async def fetch_one(client, item, deadline):
    started = time.monotonic()
    timeout = min(seconds(item.get("timeout"), 10.0), deadline)
    request = HTTPRequest(item["url"], method=item.get("method", "GET"), headers=item.get("headers"),
                          request_timeout=timeout, connect_timeout=timeout)
    result = {"id": item.get("id"), "url": item["url"]}
    try:
        response = await client.fetch(request, raise_error=False)
    except OSError as e:
        # raise_error=False still raises for connection-level failures
        result.update(latencyMs=int((time.monotonic() - started) * 1000),
                      error={"kind": "connect", "message": str(e)})
        return result
    result["latencyMs"] = int((time.monotonic() - started) * 1000)
    if response.code == 599:
        result["error"] = {"kind": "timeout" if "Timeout" in str(response.error) else "connect",
                           "message": str(response.error)}
        return result
    body = response.body or b""
    result.update(status=response.code, contentType=response.headers.get("Content-Type"), bytes=len(body))
    try:
        result["body"] = json.loads(body) if body else None
    except ValueError:
        result["body"] = body.decode("utf-8", "replace")
    if response.code >= 400:
        result["error"] = {"kind": "http", "message": "upstream answered %d" % response.code}
    return result


class Aggregate(tornado.web.RequestHandler):
    async def post(self):
        started = time.monotonic()
        spec = json.loads(self.request.body)
        deadline = seconds(spec.get("deadline"), 30.0)
        client = AsyncHTTPClient()
        results = await tornado.gen.multi([fetch_one(client, item, deadline) for item in spec["requests"]])
        completed = all("error" not in r for r in results)
        self.set_header("Content-Type", "application/json")
        self.set_header("X-Aggregate-Completed", "true" if completed else "false")
        self.finish(json.dumps({"completed": completed, "elapsedMs": int((time.monotonic() - started) * 1000),
                                "results": results}, separators=(",", ":")))


class Health(tornado.web.RequestHandler):
    def get(self):
        self.finish({"status": "UP"})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument("--max-clients", type=int, default=0, help="0 keeps Tornado's default (10)")
    args = parser.parse_args()
    if args.max_clients > 0:
        AsyncHTTPClient.configure(None, max_clients=args.max_clients)
    app = tornado.web.Application([(r"/api/aggregate", Aggregate), (r"/healthz", Health)])
    app.listen(args.port, address="127.0.0.1", backlog=4096)
    tornado.ioloop.IOLoop.current().start()


if __name__ == "__main__":
    main()
