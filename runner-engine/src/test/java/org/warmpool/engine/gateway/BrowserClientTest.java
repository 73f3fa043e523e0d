package org.warmpool.engine.gateway;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.api.ThrottleLimits;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.warmpool.engine.DemoImages.BUSYBOX;
import static org.warmpool.engine.DemoImages.PYTHON_PYTEST;

/** The browser client in a real headless Chromium against a real engine. */
@ExtendWith(ServedEngine.class)
class BrowserClientTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static boolean present;

    @TempDir
    Path dir;
    WebDriver driver;

    @BeforeAll
    static void chromiumIsThere() {
        present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(present, "Chromium is not installed (apt-get install chromium chromium-driver; ./warmpool test does)");
        }
    }

    @BeforeEach
    void openBrowser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1360,900", "--user-data-dir=" + Files.createDirectories(dir.resolve("profile")));
        // the driver given explicitly: Selenium Manager would try to download one, and there is no internet
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    String page() {
        return "http://127.0.0.1:" + ServedEngine.httpPort() + "/";
    }

    WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    void openOn(String image) {
        driver.get(page());
        waitUpTo(20).until(ExpectedConditions.textToBe(By.id("connection"), "connected"));
        new Select(driver.findElement(By.id("image"))).selectByValue(image);
        waitUpTo(20).until(d -> d.findElements(By.cssSelector("#file-list li")).size() >= 2);
    }

    /** The light's colour once it has one: the class the page gives it. */
    String lightAfterRun() {
        waitUpTo(60).until(d -> !d.findElement(By.id("light")).getAttribute("class").contains("busy")
                && !d.findElement(By.id("outcome")).getText().equals("running…"));
        return driver.findElement(By.id("light")).getAttribute("class").replace("light", "").trim();
    }

    void edit(String file, String content) {
        driver.findElement(By.cssSelector("#file-list li[data-name='" + file + "']")).click();
        WebElement editor = driver.findElement(By.id("content"));
        // what typing does, without typing a whole file key by key
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", editor, content);
    }

    static String variantFile(String colour, String file) {
        return new String(DemoImages.variant(PYTHON_PYTEST, colour).get(file), StandardCharsets.UTF_8);
    }

    @Test
    void theStartPointIsRedTheSlipAmberAndTheFixGreen() throws IOException {
        openOn(PYTHON_PYTEST);
        assertThat(driver.findElements(By.cssSelector("#file-list li"))).extracting(WebElement::getText)
                .containsExactly("cyber-dojo.sh", "hiker.py", "test_hiker.py");

        driver.findElement(By.id("test")).click();
        assertThat(lightAfterRun()).as("the untouched start point").isEqualTo("red");
        assertThat(driver.findElement(By.id("stdout")).getText()).contains("1 failed");
        assertThat(driver.findElement(By.id("facts")).getText()).startsWith("status 1 · ").contains("exec");

        edit("hiker.py", variantFile("amber", "hiker.py"));
        new Actions(driver).keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL).perform();
        assertThat(lightAfterRun()).as("a syntax slip, sent with Ctrl+Enter").isEqualTo("amber");

        edit("hiker.py", variantFile("green", "hiker.py"));
        driver.findElement(By.id("test")).click();
        assertThat(lightAfterRun()).as("the fix").isEqualTo("green");
        assertThat(driver.findElement(By.id("outcome")).getText()).isEqualTo("green");

        assertThat(driver.findElements(By.cssSelector("#history li"))).extracting(e -> e.getAttribute("class"))
                .as("the history strip").containsExactly("red", "amber", "green");
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(Path.of("target", "browser.png"), png);
        String keep = System.getProperty("warmpool.screenshots");
        if (keep != null) {
            Files.write(Path.of(keep, "browser.png"), png);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void outputShowsAsItArrivesThenTheResult() {
        openOn(BUSYBOX);
        edit("cyber-dojo.sh", "echo first\nsleep 2\necho warning >&2\nsleep 1\necho second\nexit 1\n");
        // What the page shows each time its output changes, and whether the result had come by then.
        ((JavascriptExecutor) driver).executeScript("""
                window.seen = [];
                const look = () => window.seen.push({stdout: document.getElementById('stdout').textContent,
                    stderr: document.getElementById('stderr').textContent,
                    results: document.querySelectorAll('#history li').length});
                const observer = new MutationObserver(look);
                for (const id of ['stdout', 'stderr']) {
                  observer.observe(document.getElementById(id), {childList: true, characterData: true, subtree: true});
                }
                """);

        driver.findElement(By.id("test")).click();
        assertThat(lightAfterRun()).isEqualTo("red");

        List<Map<String, Object>> seen = (List<Map<String, Object>>) ((JavascriptExecutor) driver).executeScript("return window.seen;");
        List<Map<String, Object>> beforeTheResult = seen.stream().filter(s -> ((Number) s.get("results")).intValue() == 0).toList();
        assertThat(beforeTheResult).as("what the page showed before the result came: %s", seen)
                .anySatisfy(s -> assertThat(s.get("stdout")).isEqualTo("first\n"))
                .anySatisfy(s -> {
                    assertThat(s.get("stdout")).isEqualTo("first\n");
                    assertThat(s.get("stderr")).isEqualTo("warning\n");
                })
                .anySatisfy(s -> assertThat(s.get("stdout")).isEqualTo("first\nsecond\n"));
        assertThat(driver.findElement(By.id("stdout")).getText()).as("the result's stdout").isEqualTo("first\nsecond");
        assertThat(driver.findElement(By.id("stderr")).getText()).isEqualTo("warning");
    }

    @Test
    void aRunInFlightIsStoppedWithCancel() {
        openOn(BUSYBOX);
        edit("cyber-dojo.sh", "echo started\nwhile :; do :; done\n");
        assertThat(driver.findElement(By.id("cancel")).isDisplayed()).as("Cancel before a run").isFalse();

        driver.findElement(By.id("test")).click();
        waitUpTo(60).until(d -> d.findElement(By.id("stdout")).getText().equals("started"));
        WebElement cancel = driver.findElement(By.id("cancel"));
        assertThat(cancel.isDisplayed()).as("Cancel while it runs").isTrue();
        cancel.click();

        waitUpTo(30).until(ExpectedConditions.textToBe(By.id("outcome"), "cancelled"));
        assertThat(driver.findElement(By.id("notice")).getText()).as("what the page says")
                .startsWith("Cancelled by its client while it ran: stopped after");
        assertThat(driver.findElement(By.cssSelector("#history li:last-child")).getAttribute("class")).isEqualTo("cancelled");
        assertThat(driver.findElement(By.id("test")).isEnabled()).as("Test again").isTrue();
        assertThat(driver.findElement(By.id("cancel")).isDisplayed()).as("Cancel once it is answered").isFalse();
        waitUpTo(30).until(d -> ServedEngine.engine().throttle().inFlight() == 0);
    }

    @Test
    void aTgzChosenOrDroppedIsSentAsItIs() throws IOException {
        Path tgz = dir.resolve("kata.tgz");
        Files.write(tgz, TarPacker.tgz(DemoImages.startPoint(BUSYBOX)));
        openOn(BUSYBOX);

        WebElement input = driver.findElement(By.id("tgz-input"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].hidden = false;", input);
        input.sendKeys(tgz.toAbsolutePath().toString());
        assertThat(lightAfterRun()).as("the chosen .tgz").isEqualTo("red");
        assertThat(driver.findElement(By.id("facts")).getText()).contains("kata.tgz as it is");

        // a drop on the page, with the same bytes in the drop's DataTransfer
        String base64 = Base64.getEncoder().encodeToString(TarPacker.tgz(DemoImages.variant(BUSYBOX, "green")));
        ((JavascriptExecutor) driver).executeScript("""
                const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));
                const drop = new DataTransfer();
                drop.items.add(new File([bytes], 'dropped.tgz', {type: 'application/gzip'}));
                document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: drop, bubbles: true, cancelable: true}));
                """, base64);
        waitUpTo(30).until(d -> d.findElements(By.cssSelector("#history li")).size() == 2);
        assertThat(lightAfterRun()).as("the dropped .tgz").isEqualTo("green");
        assertThat(driver.findElement(By.id("facts")).getText()).contains("dropped.tgz as it is");
    }

    @Test
    void aThrottledTestSaysWhenItCanBeTriedAgain() {
        ServedEngine.engine().setLimits(new ThrottleLimits(64, 4, 2, 100, 0.2, 1));
        try {
            openOn(BUSYBOX);
            driver.findElement(By.id("test")).click();
            assertThat(lightAfterRun()).isEqualTo("red");
            driver.findElement(By.id("test")).click();
            waitUpTo(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
            assertThat(driver.findElement(By.id("notice")).getText()).startsWith("Warmpool is busy:")
                    .containsPattern("You can test again in \\d+ s\\.");
            assertThat(driver.findElement(By.id("test")).isEnabled()).as("Test waits for the retry time").isFalse();
        } finally {
            ServedEngine.engine().setLimits(ServedEngine.DEFAULT_LIMITS);
        }
    }

    @Test
    void onlyWarmpoolsOwnPageMayOpenTheWebSocket() throws IOException {
        String probe = """
                <!doctype html><title>probing</title><script>
                const ws = new WebSocket('ws://127.0.0.1:%d/');
                ws.onopen = () => { document.title = 'open'; ws.close(); };
                ws.onerror = () => { document.title = 'refused'; };
                </script>""".formatted(ServedEngine.wsPort());
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", exchange -> {
            byte[] body = probe.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        other.start();
        try {
            driver.get("http://127.0.0.1:" + other.getAddress().getPort() + "/");
            waitUpTo(20).until(d -> List.of("open", "refused").contains(d.getTitle()));
            assertThat(driver.getTitle()).as("a page from another origin").isEqualTo("refused");
        } finally {
            other.stop(0);
        }

        driver.get(page());
        waitUpTo(20).until(ExpectedConditions.textToBe(By.id("connection"), "connected"));
    }

    @Test
    void whileDockerIsAwayThePageSendsAgainByItselfAndGetsItsLight() {
        org.warmpool.engine.pool.SwitchableRuntime docker =
                new org.warmpool.engine.pool.SwitchableRuntime(new org.warmpool.engine.docker.DockerJavaRuntime());
        try (ServedEngine.Served served = ServedEngine.start(org.warmpool.engine.core.EngineConfig.defaults()
                        .withDockerGrace(java.time.Duration.ofSeconds(1))
                        .withPool(BUSYBOX, org.warmpool.engine.api.PoolSettings.withTarget(1)),
                GatewayConfig.loopback(0, 0), docker)) {
            driver.get("http://127.0.0.1:" + served.httpPort() + "/");
            waitUpTo(20).until(ExpectedConditions.textToBe(By.id("connection"), "connected"));
            waitUpTo(20).until(d -> d.findElements(By.cssSelector("#file-list li")).size() >= 2);
            docker.goDown();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> !served.engine().snapshot().dockerAvailable());

            driver.findElement(By.id("test")).click();
            waitUpTo(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Sending again in"));
            assertThat(driver.findElement(By.id("notice")).getText()).startsWith("Docker is not answering");
            docker.comeBack();
            assertThat(lightAfterRun()).as("the page sent it again by itself").isEqualTo("red");
            assertThat(driver.findElements(By.cssSelector("#history li"))).extracting(e -> e.getAttribute("class"))
                    .as("one light: the retry, not an error").containsExactly("red");
        }
    }

    @Test
    void withATokenThePageAsksForItAndWorksWithIt() {
        try (ServedEngine.Served guarded = ServedEngine.start(
                org.warmpool.engine.core.EngineConfig.defaults().withPool(BUSYBOX, org.warmpool.engine.api.PoolSettings.withTarget(1)),
                GatewayConfig.loopback(0, 0).withToken("s3cret"))) {
            String address = "http://127.0.0.1:" + guarded.httpPort() + "/";

            driver.get(address);
            waitUpTo(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
            assertThat(driver.findElement(By.id("notice")).getText()).contains("needs a token", "?token=");

            driver.get(address + "?token=wrong");
            waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "not the one"));

            driver.get(address + "?token=s3cret");
            waitUpTo(20).until(ExpectedConditions.textToBe(By.id("connection"), "connected"));
            waitUpTo(20).until(d -> d.findElements(By.cssSelector("#file-list li")).size() >= 2);
            driver.findElement(By.id("test")).click();
            assertThat(lightAfterRun()).isEqualTo("red");
        }
    }

    @Test
    void thePageIsServedWithHeadersThatKeepOtherSitesOut() throws Exception {
        HttpTestClient.Reply reply = HttpTestClient.get(ServedEngine.httpPort(), "/");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.response().headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(reply.response().headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(reply.response().headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'", "connect-src 'self' ws://127.0.0.1:" + ServedEngine.wsPort(), "frame-ancestors 'none'");
        assertThat(HttpTestClient.get(ServedEngine.httpPort(), "/api/pools").body())
                .contains("\"ws_port\":" + ServedEngine.wsPort(), "\"image\":\"" + PYTHON_PYTEST + "\"");
        assertThat(HttpTestClient.get(ServedEngine.httpPort(), "/api/start-point?image=" + PYTHON_PYTEST).body())
                .contains("\"cyber-dojo.sh\"", "\"hiker.py\"");
        assertThat(HttpTestClient.get(ServedEngine.httpPort(), "/api/start-point?image=acme/none").status()).isEqualTo(404);
        assertThat(HttpTestClient.get(ServedEngine.httpPort(), "/../../etc/passwd").status()).isEqualTo(404);
        assertThat(new File("target").isDirectory()).isTrue();
    }
}
