package org.warmpool.engine.docker;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import org.warmpool.engine.api.Sandbox;

import java.util.List;
import java.util.Map;

/**
 * The hardening every Warmpool container gets, from the cyber-dojo runner's flags: no network,
 * init, pids and memory limits, no new privileges, capabilities dropped (but those a spec adds),
 * tmpfs {@code /sandbox} and {@code /tmp}, a read-only root where the image allows it, ulimits.
 */
final class Hardening {
    private Hardening() {
    }

    static HostConfig hostConfig(ContainerSpec spec) {
        String owner = "uid=" + Sandbox.UID + ",gid=" + Sandbox.GID;
        return HostConfig.newHostConfig()
                .withInit(true)
                .withNetworkMode("none")
                .withPidsLimit(spec.pidsLimit())
                .withMemory(spec.memoryBytes())
                .withMemorySwap(spec.memoryBytes())
                .withSecurityOpts(List.of("no-new-privileges"))
                .withCapDrop(Capability.ALL)
                .withCapAdd(spec.addCapabilities().stream().map(Capability::valueOf).toArray(Capability[]::new))
                .withReadonlyRootfs(spec.readOnlyRoot())
                .withTmpFs(Map.of(
                        "/sandbox", "rw,exec,nosuid,nodev,size=" + spec.sandboxMegabytes() + "m,mode=0755," + owner,
                        "/tmp", "rw,exec,nosuid,nodev,size=64m,mode=1777"))
                .withUlimits(List.of(
                        new Ulimit("core", 0L, 0L),
                        new Ulimit("data", 4L << 30, 4L << 30),
                        new Ulimit("fsize", 256L << 20, 256L << 20),
                        new Ulimit("locks", 1024L, 1024L),
                        new Ulimit("nofile", 1024L, 1024L),
                        new Ulimit("nproc", 1024L, 1024L),
                        new Ulimit("stack", 16L << 20, 16L << 20)));
    }
}
