package org.dosewarden.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.dosewarden.cli.CommissioningCommand.Exit;
import org.dosewarden.json.JsonMappers;
import org.dosewarden.pump.DeliveredVolume;
import org.dosewarden.pump.PumpAlarmEvent;
import org.dosewarden.pump.PumpAlarmException;
import org.dosewarden.pump.PumpException;
import org.dosewarden.pump.PumpLinkLostException;
import org.dosewarden.pump.PumpMode;
import org.dosewarden.pump.PumpProtocolException;
import org.dosewarden.pump.PumpRefusedException;
import org.dosewarden.pump.PumpStatus;
import org.dosewarden.pump.PumpTimeoutException;
import org.dosewarden.pump.PumpVerificationException;

/**
 * What {@code dosewarden pump} tells the engineer about one command: a line of text, or with {@code --json} one
 * JSON object on standard output; failures and every pump alarm on standard error (an alarm in reply to a command
 * says that the command was not executed); and the exit code ({@link Exit}) that a script reads.
 */
final class CommissioningReport {

    private static final ObjectMapper JSON = JsonMappers.json();

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;

    CommissioningReport(PrintWriter out, PrintWriter err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    /** A command that ran: its result, and {@link Exit#ALARM} when the pump raised an alarm meanwhile. */
    int result(ObjectNode fields, String text, List<PumpAlarmEvent> alarms) {
        int code = Exit.OK;
        if (!alarms.isEmpty()) {
            code = Exit.ALARM;
            ArrayNode list = fields.putArray("alarms");
            for (PumpAlarmEvent a : alarms) {
                list.add(a.alarm().name());
                err.println("pump alarm " + a.alarm() + (a.unsolicited() ? " (sent by the pump)"
                        : " in reply to " + (a.command().isEmpty() ? "a status query" : "'" + a.command() + "'")
                                + ": that command was not executed; it was re-sent"));
            }
            if (!fields.has("alarm")) {
                fields.put("alarm", alarms.get(0).alarm().name());
            }
        }
        out.println(json ? toJson(fields) : text);
        out.flush();
        err.flush();
        return code;
    }

    /** A command the pump link or the pump failed: the alarms beside the failure, then the failure's exit code. */
    int failure(PumpException e, List<PumpAlarmEvent> alarms) {
        for (PumpAlarmEvent a : alarms) {
            if (!(e instanceof PumpAlarmException pa && pa.alarm() == a.alarm() && !a.unsolicited())) {
                err.println("pump alarm " + a.alarm() + (a.unsolicited() ? " (sent by the pump)" : ""));
            }
        }
        return switch (e) {
            case PumpTimeoutException t -> fail(Exit.TIMEOUT, "TIMEOUT", t.getMessage());
            case PumpRefusedException r -> fail(Exit.REFUSED, "PUMP_ERROR_" + r.error().name(), r.getMessage());
            case PumpAlarmException a -> fail(Exit.ALARM, "ALARM_" + a.alarm().name(), a.getMessage());
            case PumpLinkLostException l -> fail(Exit.LINK, "LINK_LOST", l.getMessage());
            case PumpProtocolException p -> fail(Exit.VERIFICATION, "PROTOCOL", p.getMessage());
            case PumpVerificationException v -> fail(Exit.VERIFICATION, "VERIFICATION", v.getMessage());
        };
    }

    /** A failure: the message on standard error, with {@code --json} also {@code {error, message}} on standard output. */
    int fail(int code, String kind, String message) {
        err.println("dosewarden pump: " + message);
        err.flush();
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            o.put("error", kind);
            o.put("message", message);
            out.println(toJson(o));
            out.flush();
        }
        return code;
    }

    /** The pump's mode (infusing and withdrawing read as RUNNING with a direction) and its first pending alarm. */
    static String status(PumpStatus s, ObjectNode fields) {
        boolean running = s.mode() == PumpMode.INFUSING || s.mode() == PumpMode.WITHDRAWING;
        fields.put("mode", running ? "RUNNING" : s.mode().name());
        if (running) {
            fields.put("direction", s.mode() == PumpMode.INFUSING ? "INFUSE" : "WITHDRAW");
        }
        if (s.pendingAlarms().isEmpty()) {
            fields.putNull("alarm");
        } else {
            fields.put("alarm", s.pendingAlarms().get(0).alarm().name());
        }
        return s.mode().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static String delivered(DeliveredVolume v, ObjectNode fields) {
        fields.put("infusedMl", v.infused().millilitres());
        fields.put("withdrawnMl", v.withdrawn().millilitres());
        return "infused " + v.infused() + ", withdrawn " + v.withdrawn();
    }

    private static String toJson(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
