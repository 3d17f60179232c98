package dev.updraft.scheduler.job;

import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.scheduler.JobSpec;
import dev.updraft.model.scheduler.Schedule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * Turns a {@link Schedule} into a Quartz trigger.
 * <p>
 * {@code every} firings sit on a fixed grid: {@code epoch + offset + k * every}, where the offset is a
 * deterministic hash of the job id within {@code [0, jitter)}. Jobs with the same period therefore spread over
 * the jitter window instead of firing on the same millisecond, and a job keeps its phase across restarts and
 * replicas because the grid depends on nothing but its id and schedule.
 * <p>
 * An {@code every} trigger fires a fixed time ahead of each grid point ({@code updraft.scheduler.fire-ahead}, kept
 * in the trigger as {@link #FIRE_AHEAD} so that a trigger built with another setting stays right): Quartz does its
 * store work for a firing (acquiring the trigger, one store transaction per batch, the cluster-wide claim on
 * PostgreSQL) before the firing is due, and {@link RunStarter} starts the run on an in-process timer at the grid
 * point itself. A thousand jobs on one grid point then all start within milliseconds of it instead of queueing
 * behind the store, which processes triggers one after the other. Cron triggers fire at their due time.
 * <p>
 * Quartz's own misfire handling is set to "wait for the next regular firing" for both kinds of trigger; the
 * {@code fire-once-now} policy is applied by {@link MisfireListener}, which keeps the grid intact (Quartz's
 * "fire now" for simple triggers would move the grid to the moment of recovery).
 */
public final class Triggers {

    public static final String GROUP = "updraft";
    /** Trigger data: how many ms before the firing is due Quartz fires the trigger. */
    static final String FIRE_AHEAD = "fireAheadMs";

    private Triggers() {
    }

    public static JobKey jobKey(String id) {
        return JobKey.jobKey(id, GROUP);
    }

    public static TriggerKey triggerKey(String id) {
        return TriggerKey.triggerKey(id, GROUP);
    }

    /** Fails naming {@code schedule.cron} when the expression is not valid Quartz cron syntax. */
    public static CronExpression cron(Schedule schedule) {
        requireTimeFieldsInRange(schedule.cron());
        try {
            CronExpression expression = new CronExpression(schedule.cron());
            expression.setTimeZone(TimeZone.getTimeZone(schedule.zoneId()));
            return expression;
        } catch (ParseException e) {
            throw new InvalidFieldException("schedule.cron", "cron '" + schedule.cron()
                    + "' is not a valid Quartz cron expression: " + e.getMessage()
                    + " (fields: seconds minutes hours day-of-month month day-of-week [year])");
        }
    }

    /**
     * Quartz's parser lets some out-of-range numbers through (it accepts minute {@code 99}, which then never
     * matches): seconds, minutes and hours are checked here.
     */
    private static void requireTimeFieldsInRange(String cron) {
        String[] fields = cron.trim().split("\\s+");
        String[] names = {"seconds", "minutes", "hours"};
        int[] max = {59, 59, 23};
        for (int i = 0; i < Math.min(3, fields.length); i++) {
            for (String token : fields[i].split("[,/-]")) {
                if (!token.isEmpty() && token.chars().allMatch(Character::isDigit)
                        && (token.length() > 2 || Integer.parseInt(token) > max[i])) {
                    throw new InvalidFieldException("schedule.cron", "cron '" + cron + "': " + names[i]
                            + " value " + token + " is outside 0-" + max[i]);
                }
            }
        }
    }

    /**
     * The trigger of {@code spec} from {@code now}. An {@code every} trigger's first firing is the first grid point
     * at or after {@code now + fireAhead}, so that even the first one is fired ahead and not late.
     */
    public static Trigger forJob(JobSpec spec, Instant now, Duration fireAhead) {
        TriggerBuilder<Trigger> builder = TriggerBuilder.newTrigger()
                .withIdentity(triggerKey(spec.id()))
                .forJob(jobKey(spec.id()));
        Schedule schedule = spec.schedule();
        if (schedule.every() != null) {
            Instant firstDue = firstFiring(spec.id(), schedule, now.plus(fireAhead));
            return builder
                    .startAt(Date.from(firstDue.minus(fireAhead)))
                    .usingJobData(FIRE_AHEAD, Long.toString(fireAhead.toMillis()))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                            .withIntervalInMilliseconds(schedule.every().toMillis())
                            .repeatForever()
                            .withMisfireHandlingInstructionNextWithRemainingCount())
                    .build();
        }
        CronExpression expression = cron(schedule);
        if (expression.getNextValidTimeAfter(Date.from(now)) == null) {
            throw new InvalidFieldException("schedule.cron", "cron '" + schedule.cron() + "' never fires after now");
        }
        return builder
                .startAt(Date.from(now))
                .withSchedule(CronScheduleBuilder.cronSchedule(expression)
                        .withMisfireHandlingInstructionDoNothing())
                .build();
    }

    /** When the firing that {@code trigger} fires (or fired) at {@code fireTime} is due. */
    public static Instant dueAt(Trigger trigger, Date fireTime) {
        String ahead = trigger.getJobDataMap().getString(FIRE_AHEAD);
        return fireTime.toInstant().plusMillis(ahead == null ? 0 : Long.parseLong(ahead));
    }

    /** The first grid point of an {@code every} schedule at or after {@code now}. */
    public static Instant firstFiring(String id, Schedule schedule, Instant now) {
        long period = schedule.every().toMillis();
        long offset = phaseOffset(id, schedule.maxJitter()).toMillis();
        long sinceOffset = now.toEpochMilli() - offset;
        long k = Math.floorDiv(sinceOffset + period - 1, period);
        return Instant.ofEpochMilli(k * period + offset);
    }

    /** Where in {@code [0, maxJitter)} this job's grid sits: a hash of its id, the same on every start. */
    public static Duration phaseOffset(String id, Duration maxJitter) {
        long window = maxJitter.toMillis();
        if (window <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(Math.floorMod(hash(id), window));
    }

    private static long hash(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                h = (h << 8) | (digest[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
