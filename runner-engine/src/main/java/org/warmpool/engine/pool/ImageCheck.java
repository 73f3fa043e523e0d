package org.warmpool.engine.pool;

import org.warmpool.engine.docker.ContainerRuntime;
import org.warmpool.engine.docker.DockerJavaRuntime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether an image follows the cyber-dojo contract closely enough for Warmpool: a sandbox user
 * with uid 41966, bash, tar, and a traffic-light rule.
 */
public record ImageCheck(String image, boolean ready, List<String> problems) {
    private static final List<String> PATHS = List.of("/etc/passwd", PoolManager.RULE_PATH, "/bin/bash", "/bin/tar", "/usr/bin/tar");

    /** @param labels the labels for the short-lived probe container (see {@link PoolManager#labels}) */
    public static ImageCheck of(ContainerRuntime docker, String image, Map<String, String> labels) {
        if (!docker.imageExists(image)) {
            return new ImageCheck(image, false, List.of("not on this machine: docker load -i <file>.tar"));
        }
        Map<String, byte[]> found = docker.readFiles(image, PATHS, 64 * 1024, labels);
        List<String> problems = new ArrayList<>();
        String passwd = new String(found.getOrDefault("/etc/passwd", new byte[0]), StandardCharsets.UTF_8);
        if (!passwd.contains(":" + DockerJavaRuntime.SANDBOX_UID + ":")) {
            problems.add("no sandbox user with uid " + DockerJavaRuntime.SANDBOX_UID + " in /etc/passwd");
        }
        if (!found.containsKey(PoolManager.RULE_PATH)) {
            problems.add("no traffic-light rule at " + PoolManager.RULE_PATH);
        }
        if (!found.containsKey("/bin/bash")) {
            problems.add("no /bin/bash");
        }
        if (!found.containsKey("/bin/tar") && !found.containsKey("/usr/bin/tar")) {
            problems.add("no tar");
        }
        return new ImageCheck(image, problems.isEmpty(), List.copyOf(problems));
    }
}
