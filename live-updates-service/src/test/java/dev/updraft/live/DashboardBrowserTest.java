package dev.updraft.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in a real browser ({@link HeadlessChromium}). */
@QuarkusTest
class DashboardBrowserTest {

    private static final String STATUS = """
            {"completed":false,"elapsedMs":31,"results":[
              {"id":"live-updates","url":"http://localhost:8080/q/health","status":200,"latencyMs":12,
               "body":{"status":"UP","checks":[]}},
              {"id":"fetch-aggregator","url":"http://localhost:8081/q/health","status":200,"latencyMs":25,
               "body":{"status":"UP","checks":[]}},
              {"id":"scheduler","url":"http://localhost:8082/q/health","latencyMs":3,
               "error":{"kind":"connect","message":"connection refused"}}]}""";

    @TestHTTPResource("/")
    URI base;

    @Inject
    OpenConnections openConnections;

    private final HeadlessChromium chromium = new HeadlessChromium();

    @Test
    void showsPlatformStatusLiveAndChatsBetweenTwoBrowsers() {
        WebDriver alice = open("alice");
        waitFor(alice).until(ExpectedConditions.attributeToBe(By.id("conn"), "data-state", "live"));

        HttpPublisher.publish(base, "platform.status", STATUS);
        WebElement live = alice.findElement(By.id("svc-live-updates"));
        waitFor(alice).until(ExpectedConditions.attributeToBe(live, "data-state", "up"));
        assertThat(live.findElement(By.className("state")).getText()).isEqualTo("UP");
        assertThat(live.findElement(By.className("latency")).getText()).isEqualTo("12 ms");
        WebElement scheduler = alice.findElement(By.id("svc-scheduler"));
        assertThat(scheduler.getAttribute("data-state")).isEqualTo("down");
        assertThat(scheduler.findElement(By.className("detail")).getText()).isEqualTo("connect: connection refused");
        assertThat(alice.findElement(By.id("status-updated")).getText()).startsWith("updated");

        HttpPublisher.publish(base, "scheduler.runs", "{\"job\":\"platform-status\",\"scheduledAt\":"
                + "\"2026-11-26T04:30:00Z\",\"startedAt\":\"2026-11-26T04:30:00.004Z\",\"finishedAt\":"
                + "\"2026-11-26T04:30:00.057Z\",\"latenessMs\":4,\"status\":\"succeeded\"}");
        HttpPublisher.publish(base, "scheduler.runs", "{\"job\":\"nightly\",\"scheduledAt\":\"2026-11-26T04:30:05Z\","
                + "\"status\":\"skipped\",\"error\":\"previous run still running\"}");
        waitFor(alice).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#runs li"), 2));
        List<WebElement> runs = alice.findElements(By.cssSelector("#runs li"));
        assertThat(runs.get(0).findElement(By.className("job")).getText()).isEqualTo("nightly");
        assertThat(runs.get(0).findElement(By.className("badge")).getText()).isEqualTo("skipped");
        assertThat(runs.get(0).findElement(By.className("error")).getText()).isEqualTo("previous run still running");
        assertThat(runs.get(1).findElement(By.className("badge")).getText()).isEqualTo("succeeded");
        assertThat(runs.get(1).getText()).contains("took 53 ms", "4 ms late");

        WebDriver bob = open("bob");
        waitFor(alice).until(ExpectedConditions.textToBePresentInElementLocated(By.id("presence"), "bob"));
        assertThat(bob.findElement(By.id("svc-live-updates")).getAttribute("data-state"))
                .as("a late visitor sees the latest status at once").isEqualTo("up");
        waitFor(bob).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#runs li"), 2));
        assertThat(bob.findElements(By.cssSelector("#runs .job"))).extracting(WebElement::getText)
                .as("and the recent runs, newest first").containsExactly("nightly", "platform-status");

        WebElement message = bob.findElement(By.id("message"));
        message.sendKeys("hello from bob");
        bob.findElement(By.cssSelector("#send-form button")).click();
        waitFor(alice).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "hello from bob"));
        WebElement received = alice.findElements(By.cssSelector("#messages li")).getLast();
        assertThat(received.findElement(By.className("who")).getText()).isEqualTo("bob");
        assertThat(received.findElement(By.className("text")).getText()).isEqualTo("hello from bob");
        waitFor(bob).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "hello from bob"));
        assertThat(bob.findElement(By.id("presence")).getText()).contains("alice", "bob (you)");

        // drop alice's connection server-side; what is published meanwhile must arrive once after recovery
        JavascriptExecutor page = (JavascriptExecutor) alice;
        page.executeScript("window.connStates = []; const conn = document.getElementById('conn');"
                + " new MutationObserver(() => window.connStates.push(conn.dataset.state))"
                + ".observe(conn, {attributes: true, attributeFilter: ['data-state']});");
        openConnections.stream()
                .filter(c -> String.valueOf(c.handshakeRequest().query()).contains("user=alice"))
                .forEach(c -> c.close(new CloseReason(1001, "test drop")).await().atMost(Duration.ofSeconds(5)));
        new WebDriverWait(alice, Duration.ofSeconds(5), Duration.ofMillis(20))
                .until(ExpectedConditions.attributeToBe(By.id("conn"), "data-state", "offline"));
        assertThat(alice.findElement(By.id("conn-state")).getText()).startsWith("Offline (server restarting)");
        HttpPublisher.publish(base, "chat.lobby", "{\"text\":\"missed one\"}");
        HttpPublisher.publish(base, "chat.lobby", "{\"text\":\"missed two\"}");
        waitFor(alice).until(ExpectedConditions.attributeToBe(By.id("conn"), "data-state", "live"));
        waitFor(alice).until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-notice"),
                "2 missed messages recovered"));
        waitFor(alice).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "missed two"));
        assertThat(alice.findElements(By.cssSelector("#messages .text")))
                .extracting(WebElement::getText)
                .containsExactly("hello from bob", "missed one", "missed two");
        @SuppressWarnings("unchecked")
        List<String> states = (List<String>) page.executeScript("return window.connStates;");
        assertThat(states).as("the page showed every phase of the reconnect")
                .containsSubsequence("offline", "recovering", "live");
    }

    @AfterEach
    void closeBrowsers() throws IOException {
        chromium.close();
    }

    /** Opens the dashboard in a fresh browser profile and joins the chat as {@code name}. */
    private WebDriver open(String name) {
        WebDriver driver = newBrowser();
        driver.get(base.toString());
        WebElement nameField = driver.findElement(By.id("name"));
        nameField.clear();
        nameField.sendKeys(name);
        driver.findElement(By.cssSelector("#name-form button")).click();
        waitFor(driver).until(ExpectedConditions.attributeToBe(By.id("conn"), "data-state", "live"));
        return driver;
    }

    private WebDriver newBrowser() {
        return chromium.newBrowser();
    }

    private static WebDriverWait waitFor(WebDriver driver) {
        return new WebDriverWait(driver, Duration.ofSeconds(10));
    }
}
