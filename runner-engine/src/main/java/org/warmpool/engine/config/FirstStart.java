package org.warmpool.engine.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmpool.engine.core.Engine;
import org.warmpool.engine.docker.DockerUnavailableException;
import org.warmpool.engine.api.LocalImage;
import org.warmpool.engine.api.ImageCheck;
import org.warmpool.engine.api.PoolSettings;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The pools of a first start: when the settings do not say which pools to run (no settings file,
 * or one without {@code "pools"}; see {@link Settings#namesPools()}), Warmpool starts pools for
 * the Warmpool-ready images Docker has, so that a facilitator's first {@code ./warmpool} can run
 * a test at once.
 *
 * <p><b>Which images</b>: the demo images ({@link #DEMO_IMAGES}) first, in that order, when
 * Docker has them; then up to {@link #MAX_OTHER_IMAGES} other tagged images, newest first (a
 * workshop's images were usually just loaded). Each is checked with {@link ImageCheck} — a probe
 * container reads its sandbox user, traffic-light rule, bash and tar — which is why the others are
 * bounded. Untagged ({@code <none>}) images are skipped; an image with several tags gets one pool.
 *
 * <p><b>How many ready containers</b>: {@link #targetFor(int, long)}, the same for every pool.
 *
 * <p><b>When</b>: on a thread of its own, never blocking the start. If Docker is not answering
 * yet, it waits until it does (the engine retries Docker by itself), then chooses. The chosen
 * pools are added to the engine at once; saving them in the settings is the caller's business
 * (the console saves them, {@code serve} does not), through {@link Choice#writeInto(Settings)}.
 *
 * <pre>{@code
 * Optional<String> reason = FirstStart.reason(settings);
 * FirstStart first = FirstStart.begin(engine, reason.get(), FirstStart.targetForThisMachine());
 * first.chosen().thenAccept(choice -> log.info(choice.announcement(settingsFile, true)));
 * }</pre>
 */
public final class FirstStart implements AutoCloseable {
    /** The project's demo images (assets/images), pooled first when Docker has them. */
    public static final List<String> DEMO_IMAGES = List.of("warmpool/busybox", "warmpool/python-pytest", "warmpool/bash-shunit2");
    /** At most this many images besides the demo ones are checked (each check starts a probe container). */
    public static final int MAX_OTHER_IMAGES = 8;
    /** The most ready containers a first start gives one pool, however big the machine. */
    public static final int MAX_TARGET = 4;

    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);
    private static final long GIB = 1024L * 1024 * 1024;
    private static final long DOCKER_POLL_MILLIS = 1000;

    /** Where a first start is. */
    public enum State {
        /** Docker does not answer yet; the choice waits for it. */
        WAITING_FOR_DOCKER,
        /** Listing and checking the images Docker has. */
        CHOOSING,
        /** Chosen, and the pools added to the engine (possibly none: see {@link Choice#pools()}). */
        DONE,
        /** Something unexpected went wrong, or it was closed first; {@link #chosen()} says what. */
        FAILED
    }

    /**
     * What a first start chose.
     *
     * @param reason   why the pools were left to it ("no settings file", …)
     * @param pools    ready containers per image, demo images first; empty when Docker had no ready image
     * @param notReady the images checked and left out, with what each lacks
     */
    public record Choice(String reason, Map<String, Integer> pools, Map<String, String> notReady) {
        public Choice {
            pools = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pools));
            notReady = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(notReady));
        }

        /** "warmpool/busybox=1, warmpool/python-pytest=1", in the order chosen. */
        public String poolList() {
            return pools.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        }

        /**
         * The log line: {@code first start: no settings file, so pools for warmpool/busybox=1, … —
         * edit or remove them in <file>}; or, when {@code saved} is false, how to keep or change them.
         *
         * @param settingsFile where the settings live; {@code null} when there is no such file
         */
        public String announcement(Path settingsFile, boolean saved) {
            if (pools.isEmpty()) {
                return "first start: " + reason + ", and Docker has no Warmpool-ready image, so no pools"
                        + " — build the demo images (./warmpool doctor) or load a workshop's (docker load -i FILE.tar), then add pools";
            }
            String where = settingsFile == null ? " — not saved"
                    : saved ? " — edit or remove them in " + settingsFile
                    : " — not saved: name the pools in " + settingsFile + " or with --pool IMAGE=N to choose others";
            return "first start: " + reason + ", so pools for " + poolList() + where;
        }

        /** Puts the chosen pools into {@code settings} and marks its pools as named, so that the next start respects them. */
        public void writeInto(Settings settings) {
            pools.forEach((image, target) -> settings.pools.computeIfAbsent(image, i -> new Settings.Pool()).target = target);
            if (!pools.isEmpty()) {
                settings.namePools();
            }
        }
    }

    private final Engine engine;
    private final String reason;
    private final int target;
    private final CompletableFuture<Choice> chosen = new CompletableFuture<>();
    private final Thread thread;
    private volatile State state = State.CHOOSING;
    private volatile boolean closed;

    private FirstStart(Engine engine, String reason, int target) {
        this.engine = engine;
        this.reason = reason;
        this.target = target;
        this.thread = new Thread(this::run, "warmpool-first-start");
        this.thread.setDaemon(true);
    }

    /**
     * Why these settings leave the pools to a first start ("no settings file", or "the settings
     * file names no pools"); empty when they name pools, even none on purpose ({@code "pools": {}})
     * or only on the command line ({@code --pool}).
     */
    public static Optional<String> reason(Settings settings) {
        if (settings.namesPools()) {
            return Optional.empty();
        }
        return Optional.of(settings.fromFile() ? "the settings file names no pools" : "no settings file");
    }

    /**
     * Ready containers per pool on a machine with {@code cores} cores and {@code memoryBytes} of
     * memory: one per 2 cores and per 4 GiB, whichever gives fewer, at least 1 and at most
     * {@value #MAX_TARGET}. So 1 each on 2 cores (or under 8 GiB), 2 on 4 cores with 8 GiB, 4 from
     * 8 cores with 16 GiB. A run keeps about a core busy while it lasts and each container may use
     * 768 MB, so a pool never waits with more than the machine could run at once; 4 ready
     * containers already kept a 30-participant workshop free of cold starts here. Unknown memory
     * ({@code <= 0}) does not limit.
     */
    public static int targetFor(int cores, long memoryBytes) {
        int byCores = cores / 2;
        long byMemory = memoryBytes <= 0 ? Long.MAX_VALUE : memoryBytes / (4 * GIB);
        return (int) Math.max(1, Math.min(MAX_TARGET, Math.min(byCores, byMemory)));
    }

    /** {@link #targetFor} for this machine: the cores Java may use, and the memory it sees (a container's limit inside one). */
    public static int targetForThisMachine() {
        long memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return targetFor(Runtime.getRuntime().availableProcessors(), memory);
    }

    /**
     * The images to check, in order: the demo images Docker has, then at most
     * {@link #MAX_OTHER_IMAGES} others, newest first, one name per image ({@code :latest} left
     * off), none untagged, none in {@code skip}.
     */
    public static List<String> candidates(List<LocalImage> images, Set<String> skip) {
        Map<String, LocalImage> byName = new LinkedHashMap<>();
        for (LocalImage image : images) {
            for (String tag : image.tags()) {
                if (!tag.contains("<none>")) {
                    byName.putIfAbsent(name(tag), image);
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        Set<String> imageIds = new HashSet<>();
        for (String demo : DEMO_IMAGES) {
            LocalImage image = byName.get(demo);
            if (image != null) {
                imageIds.add(image.id());
                if (!skip.contains(demo)) {
                    ordered.add(demo);
                }
            }
        }
        List<LocalImage> others = images.stream().filter(i -> !imageIds.contains(i.id()))
                .sorted(Comparator.comparingLong(LocalImage::createdEpochSeconds).reversed()).toList();
        int taken = 0;
        for (LocalImage image : others) {
            if (taken == MAX_OTHER_IMAGES) {
                break;
            }
            Optional<String> name = image.tags().stream().filter(t -> !t.contains("<none>")).map(FirstStart::name).sorted().findFirst();
            if (name.isPresent() && imageIds.add(image.id()) && !skip.contains(name.get())) {
                ordered.add(name.get());
                taken++;
            }
        }
        return ordered;
    }

    /** A pool's name for a tag: {@code :latest} is what Docker assumes anyway. */
    static String name(String tag) {
        return tag.endsWith(":latest") ? tag.substring(0, tag.length() - ":latest".length()) : tag;
    }

    /**
     * Starts choosing in the background: waits for Docker if it does not answer, checks the
     * candidates, adds a pool of {@code target} ready containers for each ready one. Close it before
     * closing the engine.
     *
     * @param reason what {@link #reason(Settings)} said, for the announcement
     */
    public static FirstStart begin(Engine engine, String reason, int target) {
        FirstStart first = new FirstStart(engine, reason, target);
        first.thread.start();
        return first;
    }

    /** Completes with the choice once the pools are added; exceptionally if closed first or something unexpected failed. */
    public CompletableFuture<Choice> chosen() {
        return chosen;
    }

    public State state() {
        return state;
    }

    /** Why the pools were left to this first start. */
    public String reason() {
        return reason;
    }

    /** Ready containers each chosen pool gets. */
    public int target() {
        return target;
    }

    private void run() {
        boolean toldWaiting = false;
        try {
            while (!closed) {
                if (engine.dockerVersion().isEmpty()) {
                    state = State.WAITING_FOR_DOCKER;
                    if (!toldWaiting) {
                        log.debug("first start: {}; choosing pools once Docker answers", reason);
                        toldWaiting = true;
                    }
                    Thread.sleep(DOCKER_POLL_MILLIS);
                    continue;
                }
                state = State.CHOOSING;
                try {
                    Choice choice = choose();
                    if (closed) {
                        break;
                    }
                    choice.pools().forEach((image, n) -> engine.addPool(image, PoolSettings.withTarget(n)));
                    state = State.DONE;
                    chosen.complete(choice);
                    return;
                } catch (DockerUnavailableException e) {
                    // went away while choosing: wait for it again, then choose again
                    Thread.sleep(DOCKER_POLL_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            // closed
        } catch (RuntimeException e) {
            if (!closed) {
                log.warn("first start: could not choose pools: {}", e.toString());
            }
            state = State.FAILED;
            chosen.completeExceptionally(e);
            return;
        }
        state = State.FAILED;
        chosen.completeExceptionally(new CancellationException("closed before the first start's pools were chosen"));
    }

    /** Lists and checks; throws {@link DockerUnavailableException} when Docker goes away meanwhile. */
    private Choice choose() {
        Set<String> pooled = engine.snapshot().pools().stream().map(p -> p.image()).collect(Collectors.toSet());
        Map<String, Integer> pools = new LinkedHashMap<>();
        Map<String, String> notReady = new LinkedHashMap<>();
        for (String image : candidates(engine.localImages(), pooled)) {
            if (closed) {
                break;
            }
            ImageCheck check;
            try {
                check = engine.checkImage(image);
            } catch (DockerUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                check = new ImageCheck(image, false, List.of("could not be checked: " + e.getMessage()));
            }
            if (check.ready()) {
                pools.put(image, target);
            } else {
                notReady.put(image, String.join("; ", check.problems()));
                log.info("first start: no pool for {}: {}", image, String.join("; ", check.problems()));
            }
        }
        return new Choice(reason, pools, notReady);
    }

    /** Stops waiting or choosing (pools already added stay); waits briefly for a check in progress to end. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
