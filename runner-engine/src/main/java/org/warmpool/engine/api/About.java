package org.warmpool.engine.api;

import java.nio.file.Path;

/**
 * This build and where its files live, for the About box and bug reports.
 *
 * @param settingsFile where settings are read from (and saved to, in the console)
 * @param journal      the journal's file, or why nothing is recorded
 * @param assets       the demo images' recipes and start points
 * @param installDir   where the installed application lives; empty when run from a clone
 */
public record About(BuildInfo build, String java, Path settingsFile, String journal, Path assets, String installDir) {
}
