package dev.updraft.bench.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The two Redis commands the cluster scenario needs, in plain RESP over a socket (the generator has no
 * Redis client): whether the server answers, and removing the keys a run left behind.
 */
final class RedisProbe {

    private static final int TIMEOUT_MILLIS = 2_000;
    private static final String DELETE_BY_PATTERN =
            "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do n = n + redis.call('DEL', k) end return n";

    private final String host;
    private final int port;

    private RedisProbe(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** {@code redis://host:port}, as in {@code UPDRAFT_REDIS_URL}. */
    static RedisProbe of(String url) {
        URI uri = URI.create(url);
        return new RedisProbe(uri.getHost() == null ? "127.0.0.1" : uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
    }

    boolean answers() {
        try {
            return command("PING").startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes every key matching {@code pattern}; returns the first line of the reply. */
    String deleteKeys(String pattern) throws IOException {
        return command("EVAL", DELETE_BY_PATTERN, "0", pattern);
    }

    private String command(String... args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS * 10);
            OutputStream out = socket.getOutputStream();
            StringBuilder resp = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                resp.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
            }
            out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readLine(socket.getInputStream());
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
