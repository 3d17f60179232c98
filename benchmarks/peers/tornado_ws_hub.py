#!/usr/bin/python3
"""Tornado peer of the live-updates hub, for the benchmarks only.

Implements the subset of DESIGN.md's protocol that the generator uses, the way an idiomatic Tornado
application would: WebSocket /ws with subscribe/unsubscribe/publish frames, event frames with per-topic
gap-free offsets, and HTTP POST /api/topics/{topic}/events. Each event is serialized once and written
to every subscriber with write_message (one frame per subscriber), on Tornado's single event loop.
No history, presence or auth: those are not measured.

Run with Debian's interpreter (/usr/bin/python3), which has python3-tornado.
"""
import argparse
import datetime
import json
import re
import uuid

import tornado.ioloop
import tornado.web
import tornado.websocket

TOPIC = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
EPOCH = uuid.uuid4().hex[:8]


class Topic:
    __slots__ = ("offset", "subscribers")

    def __init__(self):
        self.offset = 0
        self.subscribers = set()


TOPICS = {}


def topic(name):
    t = TOPICS.get(name)
    if t is None:
        t = TOPICS[name] = Topic()
    return t


def publish(name, data, sender="anonymous"):
    t = topic(name)
    t.offset += 1
    frame = json.dumps({
        "type": "event", "topic": name, "offset": t.offset, "epoch": EPOCH,
        "ts": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "from": sender, "data": data,
    }, separators=(",", ":"))
    for conn in list(t.subscribers):
        try:
            conn.write_message(frame)
        except tornado.websocket.WebSocketClosedError:
            t.subscribers.discard(conn)
    return t.offset


class Hub(tornado.websocket.WebSocketHandler):
    def check_origin(self, origin):
        return True

    def open(self):
        self.topics = set()

    def reply(self, **frame):
        self.write_message(json.dumps(frame, separators=(",", ":")))

    def error(self, ref, message):
        self.reply(type="error", ref=ref, code="bad_request", message=message)

    def on_message(self, message):
        try:
            frame = json.loads(message)
        except ValueError:
            return self.error(None, "malformed JSON")
        if not isinstance(frame, dict):
            return self.error(None, "a frame is a JSON object")
        kind, name, ref = frame.get("type"), frame.get("topic"), frame.get("id")
        if not isinstance(name, str) or not TOPIC.match(name):
            return self.error(ref, "topic name is invalid")
        if kind == "subscribe":
            t = topic(name)
            t.subscribers.add(self)
            self.topics.add(name)
            self.reply(type="subscribed", topic=name, ref=ref, offset=t.offset, epoch=EPOCH, recovered=True)
        elif kind == "unsubscribe":
            topic(name).subscribers.discard(self)
            self.topics.discard(name)
            self.reply(type="unsubscribed", topic=name, ref=ref)
        elif kind == "publish":
            offset = publish(name, frame.get("data"))
            self.reply(type="ack", ref=ref, topic=name, offset=offset)
        else:
            self.error(ref, "unknown type")

    def on_close(self):
        for name in self.topics:
            topic(name).subscribers.discard(self)


class Events(tornado.web.RequestHandler):
    def post(self, name):
        if not TOPIC.match(name):
            self.set_status(400)
            return self.finish({"title": "topic name is invalid"})
        try:
            data = json.loads(self.request.body or b"null")
        except ValueError:
            self.set_status(400)
            return self.finish({"title": "body is not JSON"})
        offset = publish(name, data)
        self.set_status(201)
        self.finish({"topic": name, "offset": offset, "epoch": EPOCH})


class Health(tornado.web.RequestHandler):
    def get(self):
        self.finish({"status": "UP"})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8090)
    args = parser.parse_args()
    app = tornado.web.Application([
        (r"/ws", Hub),
        (r"/api/topics/([^/]+)/events", Events),
        (r"/healthz", Health),
    ])
    app.listen(args.port, address="127.0.0.1", backlog=4096)
    tornado.ioloop.IOLoop.current().start()


if __name__ == "__main__":
    main()
