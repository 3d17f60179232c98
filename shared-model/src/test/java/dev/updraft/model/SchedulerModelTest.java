package dev.updraft.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.updraft.model.scheduler.JobAction;
import dev.updraft.model.scheduler.JobRun;
import dev.updraft.model.scheduler.JobSpec;
import dev.updraft.model.scheduler.RunStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SchedulerModelTest {

    private final ObjectMapper json = ModelJson.newMapper();

    @Test
    void readsEveryKindOfJob() throws Exception {
        JobSpec periodic = json.readValue("""
                {"id":"platform-status","schedule":{"every":"5s","jitter":"10%"},
                 "action":{"type":"aggregate-publish","aggregation":"platform","topic":"platform.status"},
                 "timeout":"30s","enabled":true}""", JobSpec.class);
        assertThat(periodic.schedule().every()).isEqualTo(Duration.ofSeconds(5));
        assertThat(periodic.schedule().maxJitter()).isEqualTo(Duration.ofMillis(500));
        assertThat(periodic.action()).isEqualTo(new JobAction.AggregatePublish("platform", null, "platform.status"));
        assertThat(json.readValue(json.writeValueAsString(periodic), JobSpec.class)).isEqualTo(periodic);

        JobSpec cron = json.readValue("""
                {"id":"hook","schedule":{"cron":"0 */5 * * * ?","zone":"Europe/Paris"},
                 "action":{"type":"http","url":"http://example.test/hook","body":{"a":1}}}""", JobSpec.class);
        assertThat(cron.timeout()).isEqualTo(JobSpec.DEFAULT_TIMEOUT);
        assertThat(cron.enabled()).isTrue();
        assertThat(((JobAction.Http) cron.action()).method()).isEqualTo("POST");
        assertThat(cron.schedule().zoneId().getId()).isEqualTo("Europe/Paris");
        assertThat(json.readValue(json.writeValueAsString(cron), JobSpec.class)).isEqualTo(cron);
    }

    @Test
    void writesRunsWithWireStatus() throws Exception {
        JobRun run = new JobRun("j", Instant.parse("2026-11-26T04:30:00Z"), null, null, null, RunStatus.TIMED_OUT, "slow");
        assertThat(json.readTree(json.writeValueAsString(run)).get("status").asText()).isEqualTo("timed_out");
        assertThat(json.readValue(json.writeValueAsString(run), JobRun.class)).isEqualTo(run);
    }

    @Test
    void rejectsBadJobsNamingTheField() {
        String action = "\"action\":{\"type\":\"http\",\"url\":\"http://h/\"}";
        assertThat(describe("{\"id\":\"bad id\",\"schedule\":{\"every\":\"1s\"}," + action + "}").field()).isEqualTo("id");
        assertThat(describe("{\"id\":\"j\",\"schedule\":{\"every\":\"50ms\"}," + action + "}").field()).isEqualTo("schedule.every");
        assertThat(describe("{\"id\":\"j\",\"schedule\":{\"every\":\"1s\",\"cron\":\"* * * * * ?\"}," + action + "}").field())
                .isEqualTo("schedule.every");
        assertThat(describe("{\"id\":\"j\",\"schedule\":{\"cron\":\"0 0 * * * ?\",\"zone\":\"Mars/Olympus\"}," + action + "}")
                .field()).isEqualTo("schedule.zone");
        assertThat(describe("{\"id\":\"j\",\"schedule\":{\"every\":\"1s\",\"jitter\":\"150%\"}," + action + "}").field())
                .isEqualTo("schedule.jitter");
        assertThat(describe("{\"id\":\"j\",\"schedule\":{\"every\":\"1s\"},\"action\":{\"type\":\"teleport\"}}").field())
                .isEqualTo("action.type");
        assertThat(describe("{\"id\":\"j\",\"schedule\":{\"every\":\"1s\"},\"action\":{\"type\":\"http\",\"url\":\"nope\"}}")
                .field()).isEqualTo("action.url");
        assertThat(describe("{\"id\":\"j\",\"schedule\":{\"every\":\"1s\"},\"action\":{\"type\":\"aggregate-publish\","
                + "\"topic\":\"t\"}}").field()).isEqualTo("action.aggregation");
        assertThat(describe("{\"id\":\"j\"," + action + "}").field()).isEqualTo("schedule");
    }

    @Test
    void durationsReadTheSharedSyntax() {
        assertThat(Durations.parse("d", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("d", "1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("d", "PT2S")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofMinutes(120))).isEqualTo("2h");
    }

    private FieldError describe(String body) {
        try {
            json.readValue(body, JobSpec.class);
        } catch (Exception e) {
            return JsonErrors.describe(e);
        }
        throw new AssertionError("accepted " + body);
    }
}
