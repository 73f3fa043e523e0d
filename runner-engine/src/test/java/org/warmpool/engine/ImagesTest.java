package org.warmpool.engine;

import org.warmpool.engine.core.EngineConfig;
import org.warmpool.engine.core.Engine;
import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmpool.engine.api.ImageCheck;
import org.warmpool.engine.run.DockerTestClient;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The offline-workshop path: loading an image tarball, and checking whether an image is Warmpool-ready. */
class ImagesTest {
    static Engine engine;

    @BeforeAll
    static void start() {
        engine = Engine.start(EngineConfig.defaults());
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void anImageSavedOnAnotherMachineLoadsWithProgress(@TempDir Path dir) throws Exception {
        Path tarball = dir.resolve("busybox.tar");
        try (DockerClient raw = DockerTestClient.raw(); InputStream saved = raw.saveImageCmd(DemoImages.BUSYBOX).exec()) {
            Files.copy(saved, tarball);
        }
        AtomicLong read = new AtomicLong();
        engine.loadImage(tarball, read::set);
        assertThat(read.get()).as("bytes reported").isEqualTo(Files.size(tarball));
        assertThat(engine.localImages()).anyMatch(i -> i.tags().contains(DemoImages.BUSYBOX + ":latest"));
    }

    @Test
    void aFileThatIsNotAnImageTarballIsRefusedWithDockersReason(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.tar"), "not a tarball");
        assertThatThrownBy(() -> engine.loadImage(junk, n -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("could not load this file as an image").hasMessageContaining("docker save");
    }

    @Test
    void theDemoImagesAreWarmpoolReadyAndAStrangerIsToldWhatItLacks() {
        for (String image : DemoImages.ALL) {
            assertThat(engine.checkImage(image).ready()).as(image).isTrue();
        }
        ImageCheck missing = engine.checkImage("warmpool/not-on-this-machine");
        assertThat(missing.ready()).isFalse();
        assertThat(missing.problems()).singleElement().asString().contains("docker load");
    }
}
