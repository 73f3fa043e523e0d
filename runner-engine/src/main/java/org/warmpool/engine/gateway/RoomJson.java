package org.warmpool.engine.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.warmpool.engine.api.Light;
import org.warmpool.engine.api.Outcome;
import org.warmpool.engine.api.RoomRow;
import org.warmpool.engine.api.RoomSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** {@code GET /api/room}: the room as JSON (docs/protocol.md, "The room"). */
final class RoomJson {
    private RoomJson() {
    }

    /**
     * @param stuckOver only the participants stuck for at least this long ({@code null}: everyone)
     */
    static ObjectNode of(RoomSnapshot room, Instant now, Duration stuckOver) {
        ObjectNode node = Protocol.JSON.createObjectNode();
        node.put("protocol", Protocol.VERSION);
        node.put("now", now.toString());
        node.put("version", room.version());
        ObjectNode session = node.putObject("session");
        if (room.sessionStart() == null) {
            session.putNull("started_at");
        } else {
            session.put("started_at", room.sessionStart().toString());
        }
        node.put("problem", room.problem());
        ArrayNode participants = node.putArray("participants");
        for (RoomRow row : room.rows()) {
            if (stuckOver != null && !row.stuck(now, stuckOver)) {
                continue;
            }
            ObjectNode p = participants.addObject();
            p.put("name", row.participant());
            ArrayNode lights = p.putArray("lights");
            for (Light l : row.lights()) {
                lights.addObject().put("seq", l.seq()).put("at", l.at().toString()).put("image", l.image())
                        .put("outcome", l.outcome().wireName()).put("duration_ms", l.durationMillis());
            }
            ObjectNode counts = p.putObject("counts");
            for (Map.Entry<Outcome, Integer> c : row.counts().entrySet()) {
                counts.put(c.getKey().wireName(), c.getValue());
            }
            p.put("last_run", row.lastRun().toString());
            time(p, "last_green", row.lastGreen().orElse(null));
            time(p, "not_green_since", row.notGreenSince().orElse(null));
        }
        return node;
    }

    private static void time(ObjectNode node, String key, Instant at) {
        if (at == null) {
            node.putNull(key);
        } else {
            node.put(key, at.toString());
        }
    }
}
