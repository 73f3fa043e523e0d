package org.warmpool.app.pools;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.warmpool.engine.api.PoolSnapshot;
import org.warmpool.engine.api.PoolState;
import org.warmpool.engine.api.Pools;

/**
 * One pool's line in "Prepare all": where it is on its way to its target (a progress bar's
 * fraction) and its step in words — waiting, preparing 1/3, ready 3/3, failed: why, or cancelled.
 */
public final class PoolPreparation {
    /** Where a pool is in a "Prepare all". */
    public enum Step {
        /** Nothing started for it yet: its rule is still being read, Docker is away, or its starts queue behind other pools'. */
        WAITING,
        /** Containers starting towards the target. */
        PREPARING,
        /** At its target. */
        READY,
        /** Cannot get there: the reason says why. */
        FAILED,
        /** The operator stopped the preparation before it got there (the pool goes on filling). */
        CANCELLED
    }

    private final String image;
    private final ReadOnlyObjectWrapper<Step> step = new ReadOnlyObjectWrapper<>(Step.WAITING);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("waiting");
    private int ready;
    private int target;

    PoolPreparation(String image, PoolSnapshot pool) {
        this.image = image;
        if (pool != null) {
            ready = pool.ready();
            target = pool.target();
            progress.set(fraction());
        }
    }

    /**
     * Takes the engine's word on the pool and, when the console has one, its latest snapshot (it
     * tells a pool that reads its rule, or whose containers have not begun starting, from one that fills).
     */
    void show(Pools.PoolProgress p, PoolSnapshot pool) {
        ready = p.ready();
        target = p.target();
        progress.set(fraction());
        String trouble = p.problem().isEmpty() ? "" : ": " + p.problem();
        if (p.done() && !p.problem().isEmpty()) {
            set(Step.FAILED, "failed" + trouble);
        } else if (ready >= target) {
            set(Step.READY, "ready " + ready + "/" + target);
        } else if (pool != null && pool.state() == PoolState.PREPARING) {
            set(Step.WAITING, p.problem().isEmpty() ? "waiting: reading its traffic-light rule" : "waiting" + trouble);
        } else if (ready == 0 && (pool == null || pool.starting() == 0)) {
            set(Step.WAITING, "waiting" + (p.problem().isEmpty() ? " for a turn to start containers" : trouble));
        } else {
            set(Step.PREPARING, "preparing " + ready + "/" + target + trouble);
        }
    }

    /** The preparation was cancelled: a pool not yet there says where it stopped. */
    void cancelled() {
        if (step.get() == Step.WAITING || step.get() == Step.PREPARING) {
            set(Step.CANCELLED, "cancelled at " + ready + "/" + target + " (the pool goes on filling to its target)");
        }
    }

    private void set(Step next, String words) {
        step.set(next);
        text.set(words);
    }

    private double fraction() {
        return target <= 0 ? 1 : Math.min(1, ready / (double) target);
    }

    public String image() {
        return image;
    }

    public ReadOnlyObjectProperty<Step> stepProperty() {
        return step.getReadOnlyProperty();
    }

    /** Ready over target, 0 to 1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** "waiting", "preparing 1/3", "ready 3/3", "failed: no bash in the image", "cancelled at 1/3 …". */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
