package org.dosewarden.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.pump.DeliveredVolume;
import org.dosewarden.pump.LinkCounters;
import org.dosewarden.pump.LinkState;
import org.dosewarden.pump.PumpAlarmEvent;
import org.dosewarden.pump.PumpDriver;
import org.dosewarden.pump.PumpException;
import org.dosewarden.pump.PumpIdentity;
import org.dosewarden.pump.PumpStatus;
import org.dosewarden.pump.SyringeDiameter;

/**
 * Test fixture: a real driver with one operation made to fail on its n-th call, as a damaged exchange or a pump
 * holding another value would make it fail, and a log of the operations that changed the pump (the settings, start,
 * pause, stop) in the order they were called.
 */
final class ScriptedFailureDriver implements PumpDriver {

    /** What the failing call throws; the real call is not made. */
    interface Failure {
        PumpException make();
    }

    private final PumpDriver real;
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    private final Map<String, Integer> failAt = new ConcurrentHashMap<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final List<String> log = new ArrayList<>();

    ScriptedFailureDriver(PumpDriver real) {
        this.real = real;
    }

    /** The {@code nth} call (from 1) of {@code operation} ({@code setRate}, {@code setVolume}) throws. */
    ScriptedFailureDriver failing(String operation, int nth, Failure failure) {
        failAt.put(operation, nth);
        failures.put(operation, failure);
        return this;
    }

    /** The operations that change the pump, as called: failed ones end in {@code !}. */
    synchronized List<String> log() {
        return List.copyOf(log);
    }

    private synchronized void note(String entry) {
        log.add(entry);
    }

    private void maybeFail(String operation) throws PumpException {
        int n = calls.merge(operation, 1, Integer::sum);
        if (failAt.getOrDefault(operation, 0) == n) {
            note(operation + "!");
            throw failures.get(operation).make();
        }
        note(operation);
    }

    @Override
    public FlowRate setRate(FlowRate rate) throws PumpException {
        maybeFail("setRate");
        return real.setRate(rate);
    }

    @Override
    public Volume setVolumeToBeInfused(Volume volume) throws PumpException {
        maybeFail("setVolume");
        return real.setVolumeToBeInfused(volume);
    }

    @Override
    public PumpStatus start() throws PumpException {
        maybeFail("start");
        return real.start();
    }

    @Override
    public PumpStatus pause() throws PumpException {
        note("pause");
        return real.pause();
    }

    @Override
    public PumpStatus stop() throws PumpException {
        note("stop");
        return real.stop();
    }

    @Override
    public PumpStatus connect() throws PumpException {
        return real.connect();
    }

    @Override
    public LinkState linkState() {
        return real.linkState();
    }

    @Override
    public PumpIdentity identify() throws PumpException {
        return real.identify();
    }

    @Override
    public PumpStatus status() throws PumpException {
        return real.status();
    }

    @Override
    public SyringeDiameter configureDiameter(SyringeDiameter diameter) throws PumpException {
        return real.configureDiameter(diameter);
    }

    @Override
    public FlowRate readRate() throws PumpException {
        return real.readRate();
    }

    @Override
    public DeliveredVolume readDelivered() throws PumpException {
        return real.readDelivered();
    }

    @Override
    public void clearDelivered() throws PumpException {
        real.clearDelivered();
    }

    @Override
    public void armWatchdog(Duration timeout) throws PumpException {
        real.armWatchdog(timeout);
    }

    @Override
    public void disarmWatchdog() throws PumpException {
        real.disarmWatchdog();
    }

    @Override
    public LinkCounters linkCounters() {
        return real.linkCounters();
    }

    @Override
    public List<PumpAlarmEvent> takeAlarms() {
        return real.takeAlarms();
    }

    @Override
    public void close() {
        real.close();
    }
}
