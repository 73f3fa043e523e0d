package org.warmpool.engine.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What one soak does: how much load, through which doors, and which faults, how often.
 *
 * @param runs             submissions to answer at least (the load goes on until each fault has had its
 *                         turn too, up to five times as many)
 * @param clients          WebSocket clients, each closed loop (the next submission once the last is answered)
 * @param httpClients      clients of the cyber-dojo HTTP door, likewise
 * @param idleConnections  WebSocket connections opened at the start and held, silent, to the end
 * @param slowSenders      connections that dribble a submission a few bytes a second, over and over
 * @param faultEvery       the pause between two faults (they take turns)
 * @param faults           which faults to inject
 * @param heapBaselineRuns after this many runs the engine's heap is measured, to compare with the end
 * @param work             where the soak keeps its settings, logs and report
 * @param journal          the engine's journal file (on a small tmpfs for the disk-full fault)
 */
public record SoakPlan(int runs, int clients, int httpClients, int idleConnections, int slowSenders, Duration faultEvery,
                       Set<Fault> faults, int heapBaselineRuns, Path work, Path journal) {

    /** The faults a soak can inject, by the name {@code warmpool soak --faults} takes. */
    public enum Fault {
        /** {@code docker kill} of a pooled or running container. */
        KILL_CONTAINER,
        /** {@code docker rm -f} of a pooled or running container. */
        REMOVE_CONTAINER,
        /** The Docker daemon killed with SIGKILL and started again, mid-run and mid-refill. */
        RESTART_DOCKER,
        /** The engine killed with SIGKILL and started again on the same journal. */
        KILL_ENGINE,
        /** The journal's file system filled for a few seconds, then emptied. */
        DISK_FULL,
        /** A client sends a submission and disappears before its answer. */
        VANISH;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Fault parse(String name) {
            for (Fault f : values()) {
                if (f.wireName().equals(name.trim())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("no fault called '" + name + "'; the faults are " + all());
        }

        static String all() {
            StringBuilder names = new StringBuilder();
            for (Fault f : values()) {
                names.append(names.length() == 0 ? "" : ", ").append(f.wireName());
            }
            return names.toString();
        }
    }

    public SoakPlan {
        faults = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
        if (runs < 1 || clients + httpClients < 1) {
            throw new IllegalArgumentException("a soak needs at least one run and one client");
        }
    }
}
