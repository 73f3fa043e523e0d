package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.api.Light;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.RoomRow;
import org.warmpool.engine.api.RoomRun;
import org.warmpool.engine.api.RoomSnapshot;
import org.warmpool.engine.archive.SubmissionFiles;
import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.api.PoolSettings;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.journal.JournalConfig;
import org.warmpool.engine.room.RoomService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.warmpool.engine.DemoImages.BUSYBOX;
import static org.warmpool.engine.DemoImages.PYTHON_PYTEST;

/**
 * The room against a real engine and Docker: three participants press Test red, amber, green —
 * two over the WebSocket (named in the header), one over cyber-dojo's HTTP API (named by its kata
 * id) — and the room shows three rows of three lights, in order, in the engine's room, in
 * {@code GET /api/room} and on the projector page {@code /room}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoomThroughTheGatewayTest {
    static final List<String> COLOURS = List.of("red", "amber", "green");

    @TempDir
    static Path dir;
    static Journal journal;
    static RoomService room;
    static ServedEngine.Served served;

    @BeforeAll
    static void serveWithAJournalAndItsRoom() throws Exception {
        journal = Journal.open(JournalConfig.at(dir.resolve("journal.db")));
        room = RoomService.over(journal);
        served = ServedEngine.start(EngineConfig.defaults().withPool(BUSYBOX, PoolSettings.withTarget(2))
                .withPool(PYTHON_PYTEST, PoolSettings.withTarget(1)), GatewayConfig.loopback(0, 0), journal, null, room);
    }

    @AfterAll
    static void close() {
        if (served != null) {
            served.close();
        }
        if (journal != null) {
            journal.close();
        }
    }

    static SubmissionFiles submission(String image, String colour) {
        return colour.equals("red") ? DemoImages.startPoint(image) : DemoImages.variant(image, colour);
    }

    @Test
    @Order(1)
    void threeParticipantsRedAmberGreenAreThreeRowsOfThreeLightsInOrder() {
        try (WsTestClient ws = WsTestClient.connect(served.wsPort())) {
            for (String colour : COLOURS) {
                // round by round, as a workshop goes: everyone's red, then everyone's amber, then green
                assertThat(ws.runAs("alice", "a-" + colour, BUSYBOX, submission(BUSYBOX, colour)).path("outcome").asText())
                        .as("alice's %s over the WebSocket", colour).isEqualTo(colour);
                assertThat(ws.runAs("bob", "b-" + colour, PYTHON_PYTEST, submission(PYTHON_PYTEST, colour)).path("outcome").asText())
                        .as("bob's %s over the WebSocket", colour).isEqualTo(colour);
                HttpTestClient.Reply http = HttpTestClient.post(served.httpPort(), "/run_cyber_dojo_sh",
                        HttpTestClient.runBody("carol", BUSYBOX, 10, submission(BUSYBOX, colour)));
                assertThat(http.json().path("run_cyber_dojo_sh").path("outcome").asText())
                        .as("carol's %s over HTTP (kata id carol)", colour).isEqualTo(colour);
            }
        }

        // the room hears of each run before its reply leaves: no waiting needed
        RoomSnapshot snapshot = room.snapshot();
        assertThat(snapshot.rows()).extracting(RoomRow::participant).containsExactly("alice", "bob", "carol");
        for (RoomRow row : snapshot.rows()) {
            assertThat(row.lights()).extracting(Light::outcome).as("%s's lights", row.participant())
                    .containsExactly(Outcome.RED, Outcome.AMBER, Outcome.GREEN);
            assertThat(row.lights()).extracting(Light::seq).as("in the order they were submitted").isSorted();
            assertThat(row.lights()).extracting(Light::at).isSorted();
            assertThat(row.lastGreen()).contains(row.last().at());
            assertThat(row.notGreenSince()).as("%s is green now", row.participant()).isEmpty();
        }
        assertThat(snapshot.row("bob").orElseThrow().lights()).extracting(Light::image).containsOnly(PYTHON_PYTEST);
        assertThat(room.csv().lines()).as("the room as CSV").hasSize(1 + 9)
                .first().isEqualTo("participant,time,image,outcome,duration_ms");
        assertThat(room.csv().lines().skip(1)).extracting(l -> l.split(",")[0] + " " + l.split(",")[3])
                .containsExactly("alice red", "alice amber", "alice green", "bob red", "bob amber", "bob green",
                        "carol red", "carol amber", "carol green");
    }

    @Test
    @Order(2)
    void apiRoomGivesTheSameRoomAsJson() {
        HttpTestClient.Reply reply = HttpTestClient.get(served.httpPort(), "/api/room");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode json = reply.json();
        List<String> rows = new ArrayList<>();
        for (JsonNode p : json.path("participants")) {
            StringBuilder row = new StringBuilder(p.path("name").asText()).append(':');
            for (JsonNode light : p.path("lights")) {
                row.append(' ').append(light.path("outcome").asText());
                assertThat(light.path("duration_ms").isIntegralNumber()).isTrue();
                assertThat(light.path("at").asText()).isNotEmpty();
            }
            rows.add(row.toString());
            assertThat(p.path("counts").path("red").asInt()).isEqualTo(1);
            assertThat(p.path("counts").path("timed_out").asInt()).isZero();
            assertThat(p.path("last_green").asText()).isEqualTo(p.path("last_run").asText());
            assertThat(p.path("not_green_since").isNull()).isTrue();
        }
        assertThat(rows).containsExactly("alice: red amber green", "bob: red amber green", "carol: red amber green");
        assertThat(json.path("session").path("started_at").isNull()).as("no session marked yet: the whole journal").isTrue();
        assertThat(HttpTestClient.get(served.httpPort(), "/api/room?stuck_minutes=0").json().path("participants"))
                .as("nobody is stuck: everyone is green").isEmpty();
        assertThat(HttpTestClient.get(served.httpPort(), "/api/room.csv").body().lines()).hasSize(10);
    }

    @Test
    @Order(3)
    void aLightOpensItsRunFromTheJournal() throws Exception {
        Light carolsAmber = room.snapshot().row("carol").orElseThrow().lights().get(1);

        RoomRun run = room.run(carolsAmber.seq());

        assertThat(run.participant()).isEqualTo("carol");
        assertThat(run.door()).isEqualTo("http");
        assertThat(run.light().outcome()).isEqualTo(Outcome.AMBER);
        assertThat(run.files()).containsKey("cyber-dojo.sh");
        assertThat(run.stdout().content() + run.stderr().content()).isNotBlank();
        assertThat(run.status()).isNotIn("", "0");
        assertThat(run.asReplayItem().expected()).isEqualTo(Outcome.AMBER);
        assertThat(run.asReplayItem().image()).isEqualTo(BUSYBOX);
    }

    @Test
    @Order(4)
    void theProjectorPageShowsTheLightsWithoutTheCode() throws Exception {
        HeadlessChromium.assumePresent();
        WebDriver driver = HeadlessChromium.open(dir.resolve("room-page"));
        try {
            driver.get("http://127.0.0.1:" + served.httpPort() + "/room");
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#rows tr")).size() == 3);

            List<String> rows = new ArrayList<>();
            for (WebElement tr : driver.findElements(By.cssSelector("#rows tr"))) {
                rows.add(tr.getAttribute("data-participant") + ": " + String.join(" ",
                        tr.findElements(By.cssSelector(".strip i")).stream().map(i -> i.getAttribute("class")).toList()));
            }
            assertThat(rows).containsExactly("alice: red amber green", "bob: red amber green", "carol: red amber green");
            assertThat(driver.findElement(By.tagName("body")).getText()).as("no code on the projector")
                    .doesNotContain("cyber-dojo.sh", "def ", "assert");
            Files.write(Path.of("target", "room-page.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            String keep = System.getProperty("warmpool.screenshots");
            if (keep != null) {
                Files.write(Path.of(keep, "room-page.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            }
        } finally {
            driver.quit();
        }
    }

    @Test
    @Order(5)
    void theBrowserPageAsksForANameOnceAndTheRoomShowsItsLights() throws Exception {
        HeadlessChromium.assumePresent();
        WebDriver driver = HeadlessChromium.open(dir.resolve("participant-page"));
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get("http://127.0.0.1:" + served.httpPort() + "/");
            wait.until(ExpectedConditions.textToBe(By.id("connection"), "connected"));
            assertThat(driver.findElement(By.id("name-hint")).isDisplayed()).as("asked for a name on the first visit").isTrue();
            driver.findElement(By.id("participant")).sendKeys("dora");
            new Select(driver.findElement(By.id("image"))).selectByValue(BUSYBOX);
            wait.until(d -> d.findElements(By.cssSelector("#file-list li")).size() >= 2);
            driver.findElement(By.id("test")).click();
            wait.until(d -> d.findElements(By.cssSelector("#history li")).size() == 1);

            assertThat(room.snapshot().row("dora")).as("dora's row").hasValueSatisfying(row ->
                    assertThat(row.lights()).extracting(Light::outcome).containsExactly(Outcome.RED));
            driver.navigate().refresh();
            wait.until(ExpectedConditions.textToBe(By.id("connection"), "connected"));
            assertThat(driver.findElement(By.id("name-hint")).isDisplayed()).as("not asked again").isFalse();
            assertThat(((JavascriptExecutor) driver).executeScript("return document.getElementById('participant').value"))
                    .as("the name kept in the browser").isEqualTo("dora");
        } finally {
            driver.quit();
        }
    }

    @Test
    @Order(6)
    void aNewSessionEmptiesTheRoomKeepsTheJournalAndSurvivesARestart() throws Exception {
        long before = journal.stats().runs();

        RoomSnapshot fresh = room.newSession();

        assertThat(fresh.rows()).isEmpty();
        assertThat(fresh.sessionStart()).isNotNull();
        assertThat(HttpTestClient.get(served.httpPort(), "/api/room").json().path("participants")).isEmpty();
        assertThat(journal.stats().runs()).as("the journal keeps every run").isEqualTo(before);
        try (WsTestClient ws = WsTestClient.connect(served.wsPort())) {
            assertThat(ws.runAs("alice", "a-again", BUSYBOX, submission(BUSYBOX, "red")).path("outcome").asText()).isEqualTo("red");
        }
        assertThat(room.snapshot().rows()).extracting(RoomRow::participant).containsExactly("alice");
        assertThat(room.snapshot().rows().get(0).lights()).hasSize(1);

        RoomService reopened = RoomService.over(journal);
        assertThat(reopened.snapshot().sessionStart()).as("the mark is kept in the journal").isEqualTo(fresh.sessionStart());
        assertThat(reopened.snapshot().rows()).extracting(r -> r.participant() + " " + r.lights().size()).containsExactly("alice 1");
        Path export = dir.resolve("session-export");
        assertThat(room.exportSession(export)).as("the session's runs exported").isEqualTo(1);
        assertThat(Files.readString(export.resolve("results.jsonl"))).contains("\"participant\":\"alice\"", "\"id\":\"a-again\"");
    }
}
