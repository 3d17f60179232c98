package dev.updraft.live.engine.redis;

import dev.updraft.live.engine.EventFrames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The engine's Lua scripts. Each runs atomically in Redis, which is what makes offsets gap-free across
 * replicas: numbering, storing, trimming and publishing an event is one step no other client can interleave.
 * Sent with EVALSHA; {@link RedisLink} falls back to EVAL when Redis does not know the script yet.
 */
enum Script {

    /**
     * KEYS meta, log, index; ARGV topic, new epoch, now, keep (ms), max length, oldest ts kept, channel,
     * frame head, frame tail. Returns {offset, epoch}.
     */
    PUBLISH("""
            local epoch = ensure(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
            local offset = redis.call('HINCRBY', KEYS[1], 'last', 1)
            local frame = ARGV[8] .. offset .. EPOCH_FIELD .. epoch .. ARGV[9]
            redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[5], offset .. '-0', 'f', frame, 't', ARGV[3])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            trim_age(KEYS[2], tonumber(ARGV[6]))
            redis.call('PUBLISH', ARGV[7], 'e' .. offset .. ' ' .. epoch .. ' ' .. ARGV[3] .. ' ' .. frame)
            return {offset, epoch}
            """),

    /**
     * KEYS meta, log, index; ARGV topic, new epoch, now, keep (ms), oldest ts kept, first offset wanted,
     * limit, expected epoch (empty: any; another one: read from offset 1, the old offsets mean nothing).
     * Returns {epoch, last, first offset held (last + 1 when none), {offset, frame, ts, …}}.
     */
    READ("""
            local epoch = ensure(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
            trim_age(KEYS[2], tonumber(ARGV[5]))
            local last = tonumber(redis.call('HGET', KEYS[1], 'last'))
            local head = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)[1]
            local first = last + 1
            if head then first = tonumber(string.match(head[1], '^(%d+)')) end
            local from = tonumber(ARGV[6])
            if ARGV[8] ~= '' and ARGV[8] ~= epoch then from = 1 end
            local entries = {}
            if from <= last and tonumber(ARGV[7]) > 0 then
              for _, e in ipairs(redis.call('XRANGE', KEYS[2], from .. '-0', '+', 'COUNT', ARGV[7])) do
                entries[#entries + 1] = tonumber(string.match(e[1], '^(%d+)'))
                entries[#entries + 1] = e[2][2]
                entries[#entries + 1] = e[2][4]
              end
            end
            return {epoch, last, first, entries}
            """),

    /**
     * This replica's subscribers and members of one topic. KEYS replica hash, replicas, meta, log; ARGV
     * replica id, expiry (ms), ttl (ms), channel, keep (ms), then groups of four: op, client, member JSON,
     * join/leave frame (empty: none). Ops: F count (rewrite all; M entries follow), M member, J join, L leave,
     * S / U anonymous subscribe / unsubscribe. Returns this replica's subscriber count.
     */
    SYNC("""
            local h, z = KEYS[1], KEYS[2]
            for i = 6, #ARGV, 4 do
              local op, client, member, frame = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
              if op == 'F' then
                redis.call('DEL', h)
                redis.call('HSET', h, '#subs', client)
              elseif op == 'M' then
                redis.call('HSET', h, 'm:' .. client, member)
              elseif op == 'J' then
                redis.call('HINCRBY', h, '#subs', 1)
                redis.call('HSET', h, 'm:' .. client, member)
                if frame ~= '' then redis.call('PUBLISH', ARGV[4], 'p ' .. frame) end
              elseif op == 'L' then
                redis.call('HINCRBY', h, '#subs', -1)
                if redis.call('HDEL', h, 'm:' .. client) == 1 and frame ~= '' then
                  redis.call('PUBLISH', ARGV[4], 'p ' .. frame)
                end
              elseif op == 'S' then
                redis.call('HINCRBY', h, '#subs', 1)
              elseif op == 'U' then
                redis.call('HINCRBY', h, '#subs', -1)
              end
            end
            local subs = tonumber(redis.call('HGET', h, '#subs') or '0')
            if subs <= 0 then
              redis.call('DEL', h)
              redis.call('ZREM', z, ARGV[1])
            else
              redis.call('PEXPIRE', h, ARGV[3])
              redis.call('ZADD', z, ARGV[2], ARGV[1])
              redis.call('PEXPIRE', z, ARGV[3])
              redis.call('PEXPIRE', KEYS[3], ARGV[5])
              redis.call('PEXPIRE', KEYS[4], ARGV[5])
            end
            return subs
            """),

    /**
     * Members over all live replicas. KEYS replicas; ARGV now, replica hash prefix. The hashes' names are
     * derived here, which a single Redis (or Sentinel) allows; they share the topic's hash slot.
     */
    PRESENCE("""
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
            local out = {}
            for _, r in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              local fields = redis.call('HGETALL', ARGV[2] .. r)
              for i = 1, #fields, 2 do
                if string.sub(fields[i], 1, 2) == 'm:' then out[#out + 1] = fields[i + 1] end
              end
            end
            return out
            """),

    /**
     * All topics. KEYS index; ARGV key prefix, now, index cut-off (ms), oldest ts kept. Returns
     * {events in history, {topic, subscribers, last, epoch, …}}. Touches every topic's keys: O(topics).
     */
    TOPICS("""
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
            local out, history = {}, 0
            for _, t in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              local base = ARGV[1] .. '{' .. t .. '}:'
              local meta = redis.call('HMGET', base .. 'meta', 'epoch', 'last')
              if meta[1] then
                local z, subs = base .. 'replicas', 0
                redis.call('ZREMRANGEBYSCORE', z, '-inf', '(' .. ARGV[2])
                for _, r in ipairs(redis.call('ZRANGE', z, 0, -1)) do
                  subs = subs + tonumber(redis.call('HGET', base .. 'r:' .. r, '#subs') or '0')
                end
                trim_age(base .. 'log', tonumber(ARGV[4]))
                history = history + redis.call('XLEN', base .. 'log')
                out[#out + 1] = t
                out[#out + 1] = subs
                out[#out + 1] = tonumber(meta[2])
                out[#out + 1] = meta[1]
              else
                redis.call('ZREM', KEYS[1], t)
              end
            end
            return {history, out}
            """);

    /** A holder: enum constants are built before the enum's own static fields. */
    private static final class Prelude {
        /**
         * Shared by the scripts. {@code ensure}: the topic's epoch, creating the topic (a new epoch, offsets from
     * 1, no history) when its meta hash is gone: expired after idling, or lost with Redis's data.
         * {@code trim_age}: drops history entries older than {@code min_ts}.
         */
        static final String TEXT = """
            local EPOCH_FIELD = '%s'
            local function ensure(meta, log, index, topic, new_epoch, now, keep)
              local epoch = redis.call('HGET', meta, 'epoch')
              if not epoch then
                epoch = new_epoch
                redis.call('DEL', log)
                redis.call('HSET', meta, 'epoch', epoch, 'last', 0)
              end
              redis.call('PEXPIRE', meta, keep)
              redis.call('PEXPIRE', log, keep)
              redis.call('ZADD', index, now, topic)
              return epoch
            end
            local function trim_age(log, min_ts)
              while true do
                local e = redis.call('XRANGE', log, '-', '+', 'COUNT', 1)[1]
                if e == nil or tonumber(e[2][4]) >= min_ts then return end
                redis.call('XDEL', log, e[1])
              end
            end
            """.formatted(EventFrames.EPOCH_FIELD);
    }

    final String source;
    final String sha;

    Script(String body) {
        this.source = Prelude.TEXT + body;
        this.sha = sha1(source);
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
