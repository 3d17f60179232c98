package dev.updraft.live;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian {@code chromium} driven through {@code chromium-driver}, each browser in a fresh profile.
 * Missing packages fail the test with the command that installs them; they are never a reason to skip.
 */
public final class HeadlessChromium implements AutoCloseable {

    private final List<WebDriver> browsers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    public WebDriver newBrowser() {
        File chromium = required("CHROME_BIN", "/usr/bin/chromium");
        File driverBinary = required("CHROMEDRIVER", "/usr/bin/chromedriver");
        try {
            Path profile = Files.createTempDirectory("updraft-chromium-");
            profiles.add(profile);
            ChromeOptions options = new ChromeOptions()
                    .setBinary(chromium)
                    .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--no-first-run", "--user-data-dir=" + profile, "--window-size=1280,900");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(driverBinary)
                    .usingAnyFreePort()
                    .build();
            WebDriver driver = new ChromeDriver(service, options);
            browsers.add(driver);
            return driver;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a browser profile directory", e);
        }
    }

    /** Quits every browser and deletes its profile. */
    @Override
    public void close() throws IOException {
        browsers.forEach(WebDriver::quit);
        browsers.clear();
        for (Path profile : profiles) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        profiles.clear();
    }

    private static File required(String variable, String fallback) {
        String path = System.getenv().getOrDefault(variable, fallback);
        File file = new File(path);
        if (!file.canExecute()) {
            throw new AssertionError(path + " not found: this test needs the Debian packages chromium and"
                    + " chromium-driver (apt-get install -y chromium chromium-driver), or " + variable
                    + " pointing at the binary");
        }
        return file;
    }
}
