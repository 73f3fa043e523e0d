package org.warmpool.engine.run;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

/** A plain docker-java client for tests that act on Docker from outside the engine (kill, commit). */
public final class DockerTestClient {
    private DockerTestClient() {
    }

    public static DockerClient raw() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        return DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
    }
}
