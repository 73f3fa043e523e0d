package org.warmpool.engine.agent;

import java.util.Map;

/**
 * How a run ended, as the agent's EXIT frame says (docs/agent.md).
 *
 * @param status        the script's exit status; {@code null} when the deadline killed it
 * @param timedOut      the agent's deadline ended it
 * @param stage         where it ended: {@code untar}, {@code exec} (bash could not run), {@code script}, {@code agent}
 * @param ranMillis     from the script's start to its end
 * @param stdoutBytes   everything the script wrote to stdout (more than was forwarded, when capped)
 * @param stderrBytes   likewise for stderr
 * @param pidsLimitHits times processes could not be created for the pids limit during the run (a fork bomb)
 * @param oomKills      processes the kernel killed for memory during the run
 * @param reason        the agent's note on what went wrong; empty when nothing did
 */
public record AgentExit(Integer status, boolean timedOut, String stage, long ranMillis, long stdoutBytes, long stderrBytes,
                        long pidsLimitHits, long oomKills, String reason) {

    static AgentExit parse(Map<String, String> f) {
        String status = f.getOrDefault("status", "");
        boolean timedOut = status.equals("timeout");
        return new AgentExit(timedOut || status.isEmpty() ? null : Integer.valueOf(status), timedOut,
                f.getOrDefault("stage", ""), number(f, "ran_ms"), number(f, "stdout_bytes"), number(f, "stderr_bytes"),
                number(f, "pids_limit_hits"), number(f, "oom_kills"), f.getOrDefault("reason", ""));
    }

    private static long number(Map<String, String> f, String key) {
        try {
            return Long.parseLong(f.getOrDefault(key, "0"));
        } catch (NumberFormatException e) {
            return 0; // "unknown" when a counter cannot be read
        }
    }
}
