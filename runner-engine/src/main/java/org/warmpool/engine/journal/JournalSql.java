package org.warmpool.engine.journal;

import org.warmpool.engine.api.JournalFilter;

import java.util.ArrayList;
import java.util.List;

/** A journal filter as SQL over the runs table. */
final class JournalSql {
    private JournalSql() {
    }

    /** The SQL condition (without WHERE) and its arguments, in order. */
    static String where(JournalFilter filter, List<Object> args) {
        List<String> terms = new ArrayList<>();
        if (filter.image() != null) {
            terms.add("image = ?");
            args.add(filter.image());
        }
        if (filter.outcome() != null) {
            if (filter.outcome().equals("error")) {
                terms.add("outcome LIKE 'error:%'");
            } else {
                terms.add("outcome = ?");
                args.add(filter.outcome());
            }
        }
        if (filter.door() != null) {
            terms.add("door = ?");
            args.add(filter.door());
        }
        if (filter.id() != null) {
            terms.add("client_id = ?");
            args.add(filter.id());
        }
        if (filter.participant() != null) {
            if (filter.participant().equals(org.warmpool.engine.api.JournalEntry.ANONYMOUS)) {
                terms.add("(participant IS NULL OR participant = ?)");
            } else {
                terms.add("participant = ?");
            }
            args.add(filter.participant());
        }
        if (filter.since() != null) {
            terms.add("received_at >= ?");
            args.add(filter.since().toEpochMilli());
        }
        if (filter.until() != null) {
            terms.add("received_at < ?");
            args.add(filter.until().toEpochMilli());
        }
        return terms.isEmpty() ? "1=1" : String.join(" AND ", terms);
    }
}
