package org.warmpool.engine.room;

import org.warmpool.engine.api.Light;
import org.warmpool.engine.api.RoomRow;
import org.warmpool.engine.api.RoomSnapshot;

/** The room as CSV (RFC 4180): a header line, then a line per light, participant by participant, in time order. */
final class RoomCsv {
    static final String HEADER = "participant,time,image,outcome,duration_ms";

    private RoomCsv() {
    }

    static String of(RoomSnapshot room) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (RoomRow row : room.rows()) {
            for (Light l : row.lights()) {
                csv.append(field(row.participant())).append(',').append(l.at()).append(',').append(field(l.image())).append(',')
                        .append(l.outcome().wireName()).append(',').append(l.durationMillis()).append("\r\n");
            }
        }
        return csv.toString();
    }

    /** Quoted when it holds a comma, a quote or a line break; a leading =, +, - or @ is defused for spreadsheets. */
    static String field(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
