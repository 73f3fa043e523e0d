package org.warmpool.engine.colour;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jcodings.specific.UTF8Encoding;
import org.jruby.Ruby;
import org.jruby.RubyException;
import org.jruby.RubyString;
import org.jruby.exceptions.MainExitException;
import org.jruby.exceptions.RaiseException;
import org.jruby.exceptions.ThreadKill;
import org.jruby.runtime.ThreadContext;
import org.jruby.runtime.backtrace.RubyStackTraceElement;
import org.jruby.runtime.builtin.IRubyObject;
import org.jruby.util.ByteList;

/** Moving text between Java and Ruby, and turning Ruby's failures into one-line reasons. */
final class RubyText {

    /** The file name Ruby sees for every rule, so backtraces and syntax errors can be traced to a line. */
    static final String FILE_NAME = "red_amber_green.rb";

    // Reasons end up in a single log line and a reply field: a lambda that raises its whole
    // stdout, or returns it, must not make them 50 KB long.
    private static final int MESSAGE_LIMIT = 200;
    private static final int VALUE_LIMIT = 60;

    private static final Pattern SYNTAX_ERROR =
            Pattern.compile("^(?:.*?" + Pattern.quote(FILE_NAME) + "):(\\d+): (.*)$", Pattern.MULTILINE);

    private RubyText() {
    }

    /**
     * A UTF-8 Ruby string. The bytes are encoded here rather than left to JRuby's conversions so the
     * result is always valid UTF-8: a lone surrogate becomes {@code ?} instead of an invalid byte
     * sequence that would make {@code =~} raise {@code ArgumentError}.
     */
    static RubyString utf8(Ruby runtime, String text) {
        byte[] bytes = (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
        return RubyString.newString(runtime, new ByteList(bytes, UTF8Encoding.INSTANCE, false));
    }

    /** {@code ZeroDivisionError: divided by 0 (line 2)}. */
    static String describe(ThreadContext context, RaiseException raised) {
        RubyException exception = raised.getException();
        String line = lineOf(exception);
        return className(exception) + ": " + message(context, exception) + (line.isEmpty() ? "" : " (" + line + ")");
    }

    /** {@code syntax error, unexpected end-of-input (line 3)}, from JRuby's {@code red_amber_green.rb:3: syntax error, ...}. */
    static String describeSyntaxError(ThreadContext context, RaiseException raised) {
        String message = rawMessage(context, raised.getException());
        Matcher matcher = SYNTAX_ERROR.matcher(message);
        if (matcher.find()) {
            return oneLine(matcher.group(2)) + " (line " + matcher.group(1) + ")";
        }
        return oneLine(message);
    }

    /** Ruby's {@code inspect} of a value, kept short; {@code value.inspect} is the rule's own code and may raise. */
    static String inspect(ThreadContext context, IRubyObject value) {
        try {
            return shorten(oneLine(value.inspect().toString()), VALUE_LIMIT);
        } catch (RaiseException e) {
            return "an object of class " + value.getMetaClass().getRealClass().getName();
        }
    }

    /** For Java throwables that escape Ruby code: {@code raised SystemStackError: stack level too deep}. */
    static String describeFailure(Throwable failure, String when) {
        if (failure instanceof StackOverflowError) {
            return "raised SystemStackError: stack level too deep" + when;
        }
        if (failure instanceof ThreadKill) {
            return "killed its own thread" + when;
        }
        if (failure instanceof MainExitException) {
            return "called exit!" + when;
        }
        String message = failure.getMessage();
        return "failed" + when + ": " + failure.getClass().getName()
                + (message == null ? "" : ": " + shorten(oneLine(message), MESSAGE_LIMIT));
    }

    static String className(RubyException exception) {
        return exception.getMetaClass().getRealClass().getName();
    }

    private static String message(ThreadContext context, RubyException exception) {
        return shorten(oneLine(rawMessage(context, exception)), MESSAGE_LIMIT);
    }

    private static String rawMessage(ThreadContext context, RubyException exception) {
        try {
            IRubyObject message = exception.message(context);
            return message instanceof RubyString ? message.asJavaString() : message.inspect().toString();
        } catch (RaiseException e) {
            return "(its message raised " + className(e.getException()) + ")";
        }
    }

    private static String lineOf(RubyException exception) {
        RubyStackTraceElement[] frames = exception.getBacktraceElements();
        if (frames == null) {
            return "";
        }
        for (RubyStackTraceElement frame : frames) {
            if (FILE_NAME.equals(frame.getFileName())) {
                return "line " + frame.getLineNumber();
            }
        }
        return "";
    }

    static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    static String shorten(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit) + "…";
    }
}
