package org.warmpool.engine.colour;

import java.util.Objects;

/**
 * What a traffic-light rule made of one run: either a {@link Colour}, or the reason the rule
 * itself is at fault (missing, broken, too slow, or answering something that is not a colour).
 * Exactly one of {@code colour} and {@code fault} is non-null.
 *
 * @param colour the colour, or {@code null} when the rule is at fault
 * @param fault  a one-line reason for an operator, or {@code null} when there is a colour
 */
public record Verdict(Colour colour, String fault) {

    public Verdict {
        if ((colour == null) == (fault == null)) {
            throw new IllegalArgumentException(
                    "a verdict has either a colour or a fault, not " + (colour == null ? "neither" : "both"));
        }
        if (fault != null && fault.isBlank()) {
            throw new IllegalArgumentException("a faulty verdict needs a reason");
        }
    }

    public static Verdict of(Colour colour) {
        return new Verdict(Objects.requireNonNull(colour, "colour"), null);
    }

    public static Verdict faulty(String reason) {
        return new Verdict(null, Objects.requireNonNull(reason, "reason"));
    }

    public boolean isFaulty() {
        return fault != null;
    }
}
