package dev.updraft.aggregator.upstream;

import dev.updraft.model.aggregate.ErrorKind;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * Collects a response body up to a byte limit. Past the limit the write fails, which makes the web client
 * reset the request: the connection is cut instead of reading an oversized body to its end.
 */
final class LimitedBodyCodec implements BodyCodec<Buffer> {

    private final long maxBytes;

    LimitedBodyCodec(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static io.vertx.mutiny.ext.web.codec.BodyCodec<io.vertx.mutiny.core.buffer.Buffer> limitedTo(long maxBytes) {
        return io.vertx.mutiny.ext.web.codec.BodyCodec.newInstance(new LimitedBodyCodec(maxBytes),
                io.vertx.mutiny.core.buffer.Buffer.__TYPE_ARG);
    }

    @Override
    public void create(Handler<AsyncResult<BodyStream<Buffer>>> handler) {
        handler.handle(Future.succeededFuture(new LimitedStream()));
    }

    private final class LimitedStream implements BodyStream<Buffer> {
        private final Promise<Buffer> result = Promise.promise();
        private final Buffer body = Buffer.buffer();

        @Override
        public Future<Buffer> result() {
            return result.future();
        }

        @Override
        public void handle(Throwable failure) {
            result.tryFail(failure);
        }

        @Override
        public Future<Void> write(Buffer data) {
            if ((long) body.length() + data.length() > maxBytes) {
                UpstreamFailure tooLarge = new UpstreamFailure(ErrorKind.TOO_LARGE,
                        "body exceeds " + maxBytes + " bytes; the connection was cut");
                result.tryFail(tooLarge);
                return Future.failedFuture(tooLarge);
            }
            body.appendBuffer(data);
            return Future.succeededFuture();
        }

        @Override
        public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
            Future<Void> written = write(data);
            if (handler != null) {
                handler.handle(written);
            }
        }

        @Override
        public void end(Handler<AsyncResult<Void>> handler) {
            result.tryComplete(body);
            if (handler != null) {
                handler.handle(Future.succeededFuture());
            }
        }

        @Override
        public BodyStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public BodyStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public BodyStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}
