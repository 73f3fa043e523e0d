package org.warmpool.engine.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, or "development" when run from classes. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = WarmpoolCli.class.getPackage().getImplementationVersion();
        return new String[]{"warmpool " + (version == null ? "development build" : version)};
    }
}
