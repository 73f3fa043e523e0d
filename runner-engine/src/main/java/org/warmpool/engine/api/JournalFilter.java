package org.warmpool.engine.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A selection of journaled runs, written as {@code key=value} pairs separated by commas:
 * {@code image=warmpool/python-pytest,outcome=red,since=2026-11-28T10:00}. Keys: {@code image},
 * {@code outcome} (red, amber, green, timed_out, faulty, error, or {@code error:<code>}),
 * {@code door} (ws, http), {@code id}, {@code participant} ({@code anonymous} also selects runs
 * that name nobody), {@code since} and {@code until} (a date, a local date-time, or an instant with
 * a zone; local times are in this machine's zone). An empty text selects all.
 */
public record JournalFilter(String image, String outcome, String door, String id, Instant since, Instant until,
                            String participant) {
    public static final JournalFilter ALL = new JournalFilter(null, null, null, null, null, null, null);

    /** Without a participant. */
    public JournalFilter(String image, String outcome, String door, String id, Instant since, Instant until) {
        this(image, outcome, door, id, since, until, null);
    }

    /** The runs received at or after {@code since}. */
    public static JournalFilter since(Instant since) {
        return new JournalFilter(null, null, null, null, since, null, null);
    }

    /** The same selection, only {@code participant}'s runs. */
    public JournalFilter withParticipant(String participant) {
        return new JournalFilter(image, outcome, door, id, since, until, participant);
    }

    public static JournalFilter parse(String text) {
        return parse(text, ZoneId.systemDefault());
    }

    public static JournalFilter parse(String text, ZoneId zone) {
        JournalFilter f = ALL;
        if (text == null || text.isBlank()) {
            return f;
        }
        for (String part : text.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0 || eq == item.length() - 1) {
                throw new IllegalArgumentException("\"" + item + "\" is not key=value; use e.g. "
                        + "image=warmpool/python-pytest,outcome=red,since=2026-11-28T10:00");
            }
            String key = item.substring(0, eq).trim();
            String value = item.substring(eq + 1).trim();
            f = switch (key) {
                case "image" -> new JournalFilter(value, f.outcome, f.door, f.id, f.since, f.until, f.participant);
                case "outcome" -> new JournalFilter(f.image, checkOutcome(value), f.door, f.id, f.since, f.until, f.participant);
                case "door" -> new JournalFilter(f.image, f.outcome, checkDoor(value), f.id, f.since, f.until, f.participant);
                case "id" -> new JournalFilter(f.image, f.outcome, f.door, value, f.since, f.until, f.participant);
                case "participant" -> f.withParticipant(value);
                case "since" -> new JournalFilter(f.image, f.outcome, f.door, f.id, time(value, zone), f.until, f.participant);
                case "until" -> new JournalFilter(f.image, f.outcome, f.door, f.id, f.since, time(value, zone), f.participant);
                default -> throw new IllegalArgumentException("unknown filter key \"" + key
                        + "\"; the keys are image, outcome, door, id, participant, since, until");
            };
        }
        return f;
    }

    private static String checkOutcome(String value) {
        if (value.matches("red|amber|green|timed_out|faulty|error(:[a-z_]+)?")) {
            return value;
        }
        throw new IllegalArgumentException("outcome=" + value + " is not one of red, amber, green, timed_out, faulty, error");
    }

    private static String checkDoor(String value) {
        if (value.equals("ws") || value.equals("http")) {
            return value;
        }
        throw new IllegalArgumentException("door=" + value + " is not ws or http");
    }

    static Instant time(String value, ZoneId zone) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDateTime.parse(value).atZone(zone).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(value).atStartOfDay(zone).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException("\"" + value + "\" is not a time; write 2026-11-28, "
                            + "2026-11-28T10:00 (this machine's zone) or 2026-11-28T10:00:00Z");
                }
            }
        }
    }
}
