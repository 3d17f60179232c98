package dev.updraft.model.scheduler;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.updraft.model.DurationJson;
import dev.updraft.model.Durations;
import dev.updraft.model.InvalidFieldException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

/**
 * When a job fires: either {@code every} (at least 100 ms) with an optional {@code jitter}
 * ({@code "10%"} of the period or a duration), or a Quartz {@code cron} expression in {@code zone}
 * (default UTC). The cron syntax itself is checked by the scheduler, which owns the cron engine.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Schedule(
        @JsonSerialize(using = DurationJson.Serializer.class)
        @JsonDeserialize(using = DurationJson.Deserializer.class)
        Duration every,
        String jitter,
        String cron,
        String zone) {

    public static final Duration MIN_EVERY = Duration.ofMillis(100);

    public Schedule {
        if ((every == null) == (cron == null)) {
            throw new InvalidFieldException("every", "a schedule needs exactly one of 'every' or 'cron'");
        }
        if (every != null && every.compareTo(MIN_EVERY) < 0) {
            throw new InvalidFieldException("every", "every must be at least 100ms");
        }
        if (jitter != null) {
            if (every == null) {
                throw new InvalidFieldException("jitter", "jitter applies to 'every' schedules only");
            }
            jitterOf(every, jitter);
        }
        if (zone != null) {
            if (cron == null) {
                throw new InvalidFieldException("zone", "zone applies to 'cron' schedules only");
            }
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw new InvalidFieldException("zone", "zone '" + zone + "' is not a known time zone");
            }
        }
        if (cron != null && cron.isBlank()) {
            throw new InvalidFieldException("cron", "cron must not be blank");
        }
    }

    public static Schedule every(Duration every) {
        return new Schedule(every, null, null, null);
    }

    /** The largest delay jitter may add to a firing: a share of the period or a fixed duration. */
    public Duration maxJitter() {
        return jitter == null ? Duration.ZERO : jitterOf(every, jitter);
    }

    public ZoneId zoneId() {
        return zone == null ? ZoneId.of("UTC") : ZoneId.of(zone);
    }

    private static Duration jitterOf(Duration every, String jitter) {
        String j = jitter.trim();
        if (j.endsWith("%")) {
            double pct;
            try {
                pct = Double.parseDouble(j.substring(0, j.length() - 1));
            } catch (NumberFormatException e) {
                throw new InvalidFieldException("jitter", "jitter '" + jitter + "' is not a percentage");
            }
            if (pct < 0 || pct > 100) {
                throw new InvalidFieldException("jitter", "jitter must be between 0% and 100%");
            }
            return Duration.ofNanos((long) (every.toNanos() * pct / 100));
        }
        Duration d = Durations.parse("jitter", j);
        if (d.compareTo(every) > 0) {
            throw new InvalidFieldException("jitter", "jitter must not exceed the period");
        }
        return d;
    }
}
