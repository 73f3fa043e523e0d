package org.warmpool.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.Output;
import org.warmpool.engine.api.ReplayReport;
import org.warmpool.engine.api.RunResult;
import org.warmpool.engine.api.Timings;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The advice at the end of warmpool replay's report, beside what the replay measured. */
class PoolAdviceSectionTest {

    @Test
    void eachReplayedPoolShowsItsAdviceAndThePredictedColdShareBesideTheMeasuredOne() throws Exception {
        List<ReplayReport.Reply> replies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            replies.add(reply("warmpool/python-pytest", i >= 3));
        }
        ReplayReport report = new ReplayReport(URI.create("ws://127.0.0.1:4598/"), null, "rate 3/s", 10, replies,
                Duration.ofSeconds(3), Duration.ofSeconds(4), false, 900);
        String pools = """
                {"pools": [
                 {"image": "warmpool/python-pytest", "target": 2, "mode": "auto", "min": 1, "max": 6,
                  "advice": {"target": 11, "target_5_percent": 8, "why": "…", "arrivals_per_second": 2.99,
                             "refill_seconds": 1.5, "predicted_cold": 0.356}},
                 {"image": "warmpool/busybox", "target": 1, "mode": "fixed", "advice": {"target": null, "why": "Not enough runs"}}]}""";

        String section = PoolAdviceSection.format(report, new ObjectMapper().readTree(pools));

        assertThat(section.lines().toList()).containsExactly(
                "  pool        warmpool/python-pytest: target 2 (auto 1..6)",
                "  advice      11 for under 1 % cold starts (8 for under 5 %)",
                "  model       2.99 runs/s × 1.50 s refill; at target 2 it predicts 35.6 % cold; this replay measured 30.0 % (3 of 10)",
                "              (its target moved during the replay: compare the model with a pool of fixed size)");
    }

    @Test
    void theHttpPortIsTheOneBelowTheWebSocketsByDefault() {
        assertThat(PoolAdviceSection.besides(URI.create("ws://10.0.0.5:4598/"))).isEqualTo(URI.create("http://10.0.0.5:4597/"));
    }

    static ReplayReport.Reply reply(String image, boolean warm) {
        RunResult result = new RunResult("r", image, Outcome.RED, "1", Output.EMPTY, Output.EMPTY, Map.of(), Map.of(), Output.EMPTY,
                new Timings(0, 1, 400, 2, 410), warm, "c");
        return new ReplayReport.Reply("r", null, Outcome.RED, null, "", 420, false, result);
    }
}
