package org.dosewarden.pump.line;

import java.util.List;
import java.util.Optional;
import org.dosewarden.pump.LinkCounters;
import org.dosewarden.pump.LinkState;
import org.dosewarden.pump.PumpAlarmEvent;
import org.dosewarden.pump.PumpAlarmException;
import org.dosewarden.pump.PumpDriver;
import org.dosewarden.pump.PumpException;
import org.dosewarden.pump.PumpMode;
import org.dosewarden.pump.PumpStatus;

/**
 * The part of a {@link PumpDriver} that is the same in every family: the link, the exchange engine's alarms and
 * counters, connecting, closing, and the rule that a pump with an alarm nobody has taken is not started (SR-C2).
 * The family's driver adds the operations, each a short sequence of its commands with its read-back.
 *
 * <p>Not thread-safe: one owner thread (the channel's) calls it; {@link #close()} may come from anywhere.
 *
 * @param <X> the family's exchange engine
 */
public abstract class ExchangeDriver<X extends PumpExchange<?>> implements PumpDriver {

    protected final DriverLink link;
    protected final X exchange;

    protected ExchangeDriver(DriverLink link, X exchange) {
        this.link = link;
        this.exchange = exchange;
    }

    /** "New Era pump 3 on /dev/ttyUSB0", for messages. */
    public final String describe() {
        return link.describe();
    }

    @Override
    public final PumpStatus connect() throws PumpException {
        if (!link.isUp()) {
            exchange.connect("");
        }
        return status();
    }

    @Override
    public final LinkState linkState() {
        return link.state();
    }

    @Override
    public final LinkCounters linkCounters() {
        return exchange.counters();
    }

    @Override
    public final List<PumpAlarmEvent> takeAlarms() {
        return exchange.takeAlarms();
    }

    @Override
    public final void close() {
        link.close();
    }

    /** An alarm seen on the wire (even one a status query acknowledged) needs a person before a run (SR-C2). */
    protected final void refuseStartWhileAlarmPending(String command) throws PumpAlarmException {
        Optional<PumpAlarmEvent> pending = exchange.firstPendingAlarm();
        if (pending.isPresent()) {
            PumpAlarmEvent first = pending.get();
            throw new PumpAlarmException(command, first.alarm(), describe() + " reported alarm " + first.alarm()
                    + " and it has not been acknowledged (takeAlarms); not starting");
        }
    }

    /** The port's status: the pump's mode and the alarms not yet taken. */
    protected final PumpStatus statusOf(PumpMode mode) {
        return new PumpStatus(mode, exchange.pendingAlarms());
    }
}
