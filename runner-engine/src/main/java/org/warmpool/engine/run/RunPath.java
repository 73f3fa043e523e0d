package org.warmpool.engine.run;

import org.warmpool.engine.pool.Claim;

/**
 * How a run gets into a claimed container and its output out: the files go in, {@code cyber-dojo.sh}
 * runs as the sandbox user under the request's deadline, stdout, stderr and the exit status come
 * back, and (when asked) the files the run left in the sandbox. Classifying the result, colouring it
 * and handing the container back are the {@link Runner}'s, the same for every path.
 *
 * <p>{@link ExecRunPath} is the seed's path ({@code docker exec}, the deadline enforced by the
 * daemon's {@code stop --time}).
 */
public interface RunPath {

    /**
     * Runs the request in the claimed container on the calling thread.
     *
     * @param started called once the script has been started (the container is then "running")
     * @throws org.warmpool.engine.docker.ContainerGoneException     when the container was gone before the script started
     * @throws org.warmpool.engine.docker.DockerUnavailableException when Docker does not answer
     */
    Execution execute(Claim claim, RunRequest request, Runnable started);
}
