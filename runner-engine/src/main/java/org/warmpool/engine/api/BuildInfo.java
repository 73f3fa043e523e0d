package org.warmpool.engine.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this build is: the project version and the commit it was built from, read from the
 * {@code build.properties} the build writes (git-commit-id plugin). {@code warmpool --version}, the
 * console's About and {@code GET /sha} all answer from here.
 *
 * @param version    the Maven project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param commit     40 hex digits, or 40 zeros when the build had no git repository
 * @param dirty      the working tree had uncommitted changes when it was built
 * @param commitTime when that commit was made (ISO-8601), or empty
 * @param buildTime  when the build ran (ISO-8601), or empty
 */
public record BuildInfo(String version, String commit, boolean dirty, String commitTime, String buildTime) {
    public static final String RESOURCE = "/org/warmpool/engine/build.properties";
    public static final String NO_COMMIT = "0".repeat(40);

    private static final BuildInfo CURRENT = load();

    /** This build's information (read once). */
    public static BuildInfo current() {
        return CURRENT;
    }

    static BuildInfo load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            return in == null ? unknown() : from(in);
        } catch (IOException e) {
            return unknown();
        }
    }

    /** Parses a {@code build.properties}; missing or malformed values fall back to "unknown". */
    public static BuildInfo from(InputStream properties) throws IOException {
        Properties p = new Properties();
        p.load(properties);
        String commit = p.getProperty("git.commit.id.full", "").trim();
        String version = p.getProperty("git.build.version", "").trim();
        return new BuildInfo(version.isEmpty() ? "development build" : version,
                commit.matches("[0-9a-f]{40}") ? commit : NO_COMMIT,
                Boolean.parseBoolean(p.getProperty("git.dirty", "false").trim()),
                p.getProperty("git.commit.time", "").trim(), p.getProperty("git.build.time", "").trim());
    }

    static BuildInfo unknown() {
        return new BuildInfo("development build", NO_COMMIT, false, "", "");
    }

    /** {@code 48bdf734bb60} or {@code 48bdf734bb60 (with uncommitted changes)}. */
    public String shortCommit() {
        return commit.substring(0, 12) + (dirty ? " (with uncommitted changes)" : "");
    }
}
