package org.warmpool.engine.cli;

import org.warmpool.engine.api.BuildInfo;
import picocli.CommandLine;

/** {@code warmpool --version}: the version, the commit and build time, and the Java running it. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return lines(BuildInfo.current());
    }

    static String[] lines(BuildInfo build) {
        return new String[]{
                "warmpool " + build.version(),
                "commit " + build.commit() + (build.dirty() ? " (with uncommitted changes)" : ""),
                "built " + (build.buildTime().isEmpty() ? "unknown" : build.buildTime())
                        + (build.commitTime().isEmpty() ? "" : ", committed " + build.commitTime()),
                "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ") in "
                        + System.getProperty("java.home")};
    }
}
