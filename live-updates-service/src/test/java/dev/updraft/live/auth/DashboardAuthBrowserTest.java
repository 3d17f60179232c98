package dev.updraft.live.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.updraft.live.HeadlessChromium;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard with authentication on: it works with {@code ?access_token=} and not without. */
@QuarkusTest
@TestProfile(HmacAuthProfile.class)
class DashboardAuthBrowserTest {

    private static final String STATUS = """
            {"completed":true,"elapsedMs":5,"results":[
              {"id":"live-updates","url":"http://localhost:8080/q/health","status":200,"latencyMs":7,
               "body":{"status":"UP","checks":[]}}]}""";

    @TestHTTPResource("/")
    URI base;

    private final HeadlessChromium chromium = new HeadlessChromium();

    @Test
    void withTheAccessTokenInItsUrlThePageIsLiveAsTheTokensUser() {
        String dana = TestTokens.hs256("dana", List.of("platform.status", "scheduler.runs", "chat.*"),
                List.of("chat.*"));
        WebDriver page = chromium.newBrowser();
        page.get(base + "?access_token=" + dana);
        waitFor(page).until(ExpectedConditions.attributeToBe(By.id("conn"), "data-state", "live"));
        assertThat(page.findElement(By.id("name")).getAttribute("value")).isEqualTo("dana");
        assertThat(page.findElement(By.id("name")).isEnabled()).as("the token names the user").isFalse();

        given().auth().oauth2(TestTokens.hs256("scheduler", List.of(), List.of("platform.status"), "publisher"))
                .contentType(ContentType.JSON).body(STATUS)
                .when().post("/api/topics/platform.status/events").then().statusCode(201);
        waitFor(page).until(ExpectedConditions.attributeToBe(By.id("svc-live-updates"), "data-state", "up"));

        page.findElement(By.id("message")).sendKeys("hello with a token");
        page.findElement(By.cssSelector("#send-form button")).click();
        waitFor(page).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                "hello with a token"));
        assertThat(page.findElement(By.id("presence")).getText()).contains("dana");
    }

    @Test
    void withoutATokenThePageLoadsButCannotConnect() {
        WebDriver page = chromium.newBrowser();
        page.get(base.toString());
        waitFor(page).until(ExpectedConditions.attributeToBe(By.id("conn"), "data-state", "offline"));
    }

    @AfterEach
    void closeBrowsers() throws IOException {
        chromium.close();
    }

    private static WebDriverWait waitFor(WebDriver driver) {
        return new WebDriverWait(driver, Duration.ofSeconds(10));
    }
}
