package org.warmpool.engine.pool;

import org.warmpool.engine.colour.RubyLambdas;
import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.Labels;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Prepares a pool: checks that Docker has its image, then reads and compiles its traffic-light
 * rule (the image's {@value #RULE_PATH}, or an operator's rule from the settings). A missing image
 * or rule makes the pool faulty with a reason an operator can act on.
 */
final class RulePreparation {
    /** Where a cyber-dojo image keeps its traffic-light rule. */
    static final String RULE_PATH = "/usr/local/bin/red_amber_green.rb";
    private static final int MAX_RULE_BYTES = 256 * 1024;

    private final ContainerRuntime docker;
    private final RuleCompiler compiler;
    private final String probeSession;

    /** @param probeSession the owner session of the probe containers that read rules */
    RulePreparation(ContainerRuntime docker, RuleCompiler compiler, String probeSession) {
        this.docker = docker;
        this.compiler = compiler;
        this.probeSession = probeSession;
    }

    /**
     * Prepares {@code pool} on the calling thread (it reads from Docker and may start Ruby).
     *
     * @throws org.warmpool.engine.docker.DockerUnavailableException when Docker does not answer:
     *         the pool stays preparing, to be prepared again when Docker is back
     */
    void prepare(Pool pool) {
        String image = pool.image();
        if (!docker.imageExists(image)) {
            pool.fault("image " + image + " is not on this machine. Load it with: docker load -i <file>.tar"
                    + " (or build the demo images: ./warmpool doctor)");
            return;
        }
        String override = pool.settings().lambdaOverride();
        if (override != null) {
            pool.prepared(compiler.compile("config rule for " + image, override), "operator's rule from the config");
            return;
        }
        Map<String, byte[]> files = docker.readFiles(image, List.of(RULE_PATH), MAX_RULE_BYTES, Labels.probe(image, probeSession));
        byte[] source = files.get(RULE_PATH);
        String origin = RULE_PATH + " in " + image;
        if (source == null) {
            pool.prepared(RubyLambdas.missing(origin), "none: " + RULE_PATH + " is missing (every run will be faulty)");
        } else {
            pool.prepared(compiler.compile(origin, new String(source, StandardCharsets.UTF_8)), RULE_PATH);
        }
    }
}
