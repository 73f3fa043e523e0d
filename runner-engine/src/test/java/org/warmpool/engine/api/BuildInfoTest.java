package org.warmpool.engine.api;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BuildInfoTest {
    @Test
    void theBuildWritesTheVersionTheCommitAndTheBuildTime() {
        BuildInfo build = BuildInfo.current();

        assertThat(build.version()).as("version").matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(build.commit()).as("commit").matches("[0-9a-f]{40}").isNotEqualTo(BuildInfo.NO_COMMIT);
        assertThat(build.buildTime()).as("build time").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*");
    }

    @Test
    void missingOrMalformedValuesFallBackToUnknown() throws Exception {
        BuildInfo build = BuildInfo.from(new ByteArrayInputStream("git.commit.id.full=not-a-sha\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(build.version()).isEqualTo("development build");
        assertThat(build.commit()).isEqualTo(BuildInfo.NO_COMMIT);
        assertThat(build.dirty()).isFalse();
        assertThat(build.buildTime()).isEmpty();
    }

    @Test
    void theShortCommitSaysWhenTheTreeHadUncommittedChanges() {
        String sha = "48bdf734bb60720e459fa05c6f0830b5591910ca";
        assertThat(new BuildInfo("1.0", sha, true, "", "").shortCommit()).isEqualTo("48bdf734bb60 (with uncommitted changes)");
        assertThat(new BuildInfo("1.0", sha, false, "", "").shortCommit()).isEqualTo("48bdf734bb60");
    }
}
