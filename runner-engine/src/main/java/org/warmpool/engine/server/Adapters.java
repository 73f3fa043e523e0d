package org.warmpool.engine.server;

import org.warmpool.engine.api.FirstStartStatus;
import org.warmpool.engine.api.JournalQueries;
import org.warmpool.engine.api.Replays;
import org.warmpool.engine.api.SaverStatus;
import org.warmpool.engine.config.FirstStart;
import org.warmpool.engine.journal.Journal;
import org.warmpool.engine.replay.ReplayService;
import org.warmpool.engine.journal.JournalService;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** The engine's pieces seen through the API's ports. */
final class Adapters {
    private Adapters() {
    }

    static FirstStartStatus firstStart(FirstStart first, Path savedIn) {
        FirstStart.Choice choice = first.chosen().getNow(null);
        FirstStart.State state = first.state();
        if (state == FirstStart.State.DONE && choice == null) {
            state = FirstStart.State.CHOOSING; // the choice is being handed over this very moment
        }
        String problem = "";
        if (state == FirstStart.State.FAILED) {
            try {
                first.chosen().join();
            } catch (CancellationException e) {
                problem = "";
            } catch (CompletionException e) {
                problem = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            }
        }
        return new FirstStartStatus(FirstStartStatus.State.valueOf(state.name()), first.reason(), first.target(),
                choice == null ? Map.of() : choice.pools(), choice == null ? Map.of() : choice.notReady(), problem,
                choice == null ? null : savedIn);
    }

    /** The journal, or (when recording is off or failed) a port that says so; with the saver's status. */
    static JournalQueries journal(Journal journal, String problem, SettingsStore settings, Supplier<SaverStatus> saver) {
        return new JournalService(settings.read(s -> s.journal.toJournalConfig()), journal, problem, saver);
    }

    /** Replays through the gateway's own WebSocket (so they are admitted, throttled and journaled like anyone's). */
    static Replays replays(ServerAddresses addresses, Journal journal) {
        return new ReplayService(addresses.localWebSocket().orElse(null), addresses.token().orElse(null), journal);
    }
}
