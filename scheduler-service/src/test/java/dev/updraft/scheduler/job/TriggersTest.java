package dev.updraft.scheduler.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.updraft.model.InvalidFieldException;
import dev.updraft.model.scheduler.JobAction;
import dev.updraft.model.scheduler.JobSpec;
import dev.updraft.model.scheduler.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quartz.TriggerUtils;
import org.quartz.spi.OperableTrigger;

/** Schedules as Quartz computes them: the jitter grid and cron across daylight-saving changes. */
class TriggersTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant NOW = Instant.parse("2026-11-26T06:00:00.123Z");

    @Test
    void jitterPlacesEachJobAtAStablePhaseWithinTheJitterWindow() {
        Schedule every = new Schedule(Duration.ofSeconds(1), "200ms", null, null);
        Duration a = Triggers.phaseOffset("job-a", every.maxJitter());
        Duration b = Triggers.phaseOffset("job-b", every.maxJitter());
        assertThat(a).isBetween(Duration.ZERO, Duration.ofMillis(199));
        assertThat(b).isBetween(Duration.ZERO, Duration.ofMillis(199));
        assertThat(a).as("different ids, different phases").isNotEqualTo(b);

        // A restart at any later moment lands on the same grid: first firing = epoch + offset + k * period.
        Instant first = Triggers.firstFiring("job-a", every, NOW);
        Instant afterRestart = Triggers.firstFiring("job-a", every, NOW.plusSeconds(3600).plusMillis(517));
        assertThat(first.toEpochMilli() % 1000).isEqualTo(a.toMillis());
        assertThat(afterRestart.toEpochMilli() % 1000).isEqualTo(a.toMillis());
        assertThat(first).isBetween(NOW, NOW.plusSeconds(1));
    }

    @Test
    void jitterAsAPercentageSpreadsOverThatShareOfThePeriod() {
        Schedule tenPercent = new Schedule(Duration.ofSeconds(5), "10%", null, null);
        for (String id : List.of("a", "b", "c", "platform-status", "x.y:z")) {
            assertThat(Triggers.phaseOffset(id, tenPercent.maxJitter())).isLessThan(Duration.ofMillis(500));
        }
        assertThat(Triggers.phaseOffset("a", Duration.ZERO)).isZero();
    }

    @Test
    void everyTriggerFiresOnTheGrid() {
        JobSpec spec = job(new Schedule(Duration.ofMillis(250), "50ms", null, null));
        OperableTrigger trigger = (OperableTrigger) Triggers.forJob(spec, NOW, Duration.ZERO);
        List<Date> fires = TriggerUtils.computeFireTimes(trigger, null, 5);
        long offset = Triggers.phaseOffset(spec.id(), Duration.ofMillis(50)).toMillis();
        for (int i = 0; i < fires.size(); i++) {
            assertThat(fires.get(i).getTime() % 250).isEqualTo(offset);
            assertThat(Triggers.dueAt(trigger, fires.get(i))).isEqualTo(fires.get(i).toInstant());
            if (i > 0) {
                assertThat(fires.get(i).getTime() - fires.get(i - 1).getTime()).isEqualTo(250);
            }
        }
    }

    /**
     * With a fire-ahead, Quartz fires that long before each grid point and the firing is due on the grid point; the
     * first due grid point is far enough from now that even the first firing happens ahead, not late. The value
     * travels with the trigger, so a trigger stored under another setting still yields its own due times.
     */
    @Test
    void everyTriggerFiresAheadOfTheGridPointItIsDueAt() {
        JobSpec spec = job(new Schedule(Duration.ofMillis(250), "50ms", null, null));
        Duration ahead = Duration.ofMillis(600);
        OperableTrigger trigger = (OperableTrigger) Triggers.forJob(spec, NOW, ahead);
        List<Date> fires = TriggerUtils.computeFireTimes(trigger, null, 5);
        long offset = Triggers.phaseOffset(spec.id(), Duration.ofMillis(50)).toMillis();
        assertThat(fires.get(0).toInstant()).isAfterOrEqualTo(NOW);
        for (Date fire : fires) {
            Instant due = Triggers.dueAt(trigger, fire);
            assertThat(Duration.between(fire.toInstant(), due)).isEqualTo(ahead);
            assertThat(due.toEpochMilli() % 250).isEqualTo(offset);
        }
        assertThat(Triggers.dueAt(trigger, fires.get(0))).isEqualTo(
                Triggers.firstFiring(spec.id(), spec.schedule(), NOW.plus(ahead)));
    }

    /**
     * Spring forward in Paris: 2026-03-29 02:00 becomes 03:00, so 02:30 does not exist that day and a job
     * scheduled at 02:30 does not fire that day (Quartz matches wall-clock times; it does not move the firing).
     * The README documents this; a job that must run daily whatever happens uses a time outside 02:00-03:00
     * or zone UTC.
     */
    @Test
    void springForwardSkipsAWallClockTimeThatDoesNotExist() {
        List<ZonedDateTime> fires = fireTimes("0 30 2 * * ?",
                ZonedDateTime.of(LocalDateTime.parse("2026-03-28T00:00"), PARIS),
                ZonedDateTime.of(LocalDateTime.parse("2026-03-31T00:00"), PARIS));
        assertThat(fires).extracting(ZonedDateTime::toLocalDateTime).containsExactly(
                LocalDateTime.parse("2026-03-28T02:30"),
                LocalDateTime.parse("2026-03-30T02:30"));
    }

    /**
     * Fall back in Paris: 2026-10-25 03:00 CEST becomes 02:00 CET, so 02:00-02:59 happens twice. Quartz fires a
     * wall-clock time once: an hourly job fires at 02:00 CET only, two real hours after 01:00 CEST. Jobs that need
     * a firing every real hour use {@code every: 1h} or zone UTC (the README says so).
     */
    @Test
    void fallBackFiresTheRepeatedWallClockHourOnce() {
        List<ZonedDateTime> fires = fireTimes("0 0 * * * ?",
                ZonedDateTime.of(LocalDateTime.parse("2026-10-25T00:30"), PARIS),
                ZonedDateTime.of(LocalDateTime.parse("2026-10-25T04:30"), PARIS));
        assertThat(fires).extracting(f -> f.toOffsetDateTime().toString()).containsExactly(
                "2026-10-25T01:00+02:00",
                "2026-10-25T02:00+01:00",
                "2026-10-25T03:00+01:00",
                "2026-10-25T04:00+01:00");
        assertThat(Duration.between(fires.get(0), fires.get(1))).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void rejectsBadCronNamingTheField() {
        assertThatThrownBy(() -> Triggers.forJob(job(new Schedule(null, null, "0 61 * * * ?", null)), NOW, Duration.ZERO))
                .isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("schedule.cron"));
        assertThatThrownBy(() -> Triggers.forJob(job(new Schedule(null, null, "0 0 0 1 1 ? 2020", null)), NOW, Duration.ZERO))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("never fires");
    }

    private static List<ZonedDateTime> fireTimes(String cron, ZonedDateTime from, ZonedDateTime to) {
        JobSpec spec = job(new Schedule(null, null, cron, PARIS.getId()));
        OperableTrigger trigger = (OperableTrigger) Triggers.forJob(spec, from.toInstant(), Duration.ofSeconds(1));
        return TriggerUtils.computeFireTimesBetween(trigger, null, Date.from(from.toInstant()), Date.from(to.toInstant()))
                .stream()
                .map(d -> d.toInstant().atZone(PARIS))
                .toList();
    }

    private static JobSpec job(Schedule schedule) {
        return new JobSpec("job-a", schedule, new JobAction.Http("GET", "http://localhost/x", null, null), null, true);
    }
}
