package org.warmpool.app.room;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.warmpool.engine.api.Addresses;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The way in for participants: the browser page's address on every address of this machine the
 * gateway listens on (with the token), one of them chosen for the QR code; the projector page; or,
 * when the gateway listens on loopback only, how to open it to the room.
 */
public final class WayInViewModel {
    private final ObservableList<String> addresses = FXCollections.observableArrayList();
    private final ObservableList<String> addressesView = FXCollections.unmodifiableObservableList(addresses);
    private final ObjectProperty<String> chosen = new SimpleObjectProperty<>();
    private final String projector;
    private final String advice;

    /** @param settingsFile where the console's settings are, for the advice */
    public WayInViewModel(Addresses gateway, Path settingsFile) {
        addresses.setAll(gateway.participantPages().stream().map(URI::toString).toList());
        chosen.set(addresses.isEmpty() ? null : addresses.get(0));
        String token = gateway.token().map(t -> "?token=" + java.net.URLEncoder.encode(t, java.nio.charset.StandardCharsets.UTF_8))
                .orElse("");
        projector = gateway.http().map(http -> localHttp(http) + "/room" + token).orElse("");
        if (!gateway.problem().isEmpty()) {
            advice = "Participants cannot connect: " + gateway.problem();
        } else if (gateway.loopbackOnly()) {
            advice = "Warmpool listens on this machine only (127.0.0.1): participants' laptops cannot reach it. To open it to"
                    + " the room, set \"bind\": \"0.0.0.0\" and a \"token\" in " + settingsFile + " and start the console again"
                    + " (or run: warmpool serve --bind 0.0.0.0 --token <a word for this workshop>). The token keeps out"
                    + " whoever else is on the network: participants get it inside the address and the QR code.";
        } else if (addresses.isEmpty()) {
            advice = "Warmpool listens beyond this machine, but it has no network address participants could use right now"
                    + " (is it connected to the workshop's network?).";
        } else {
            advice = "";
        }
    }

    /** An address this machine itself can open (a browser on the facilitator's machine, the projector). */
    private static String localHttp(URI http) {
        String host = http.getHost();
        boolean any = "0.0.0.0".equals(host) || "[::]".equals(host) || "::".equals(host);
        return any ? "http://127.0.0.1:" + http.getPort() : http.toString();
    }

    /** The browser page's address on each of this machine's addresses, with the token; empty when they cannot reach it. */
    public ObservableList<String> addresses() {
        return addressesView;
    }

    /** The address shown as a QR code; null when there is none. */
    public ObjectProperty<String> chosenProperty() {
        return chosen;
    }

    /** The projector page for this machine's browser: the room's lights without the code. */
    public String projectorPage() {
        return projector;
    }

    /** How to open Warmpool to the room, or why participants cannot connect; empty when they can. */
    public String advice() {
        return advice;
    }
}
