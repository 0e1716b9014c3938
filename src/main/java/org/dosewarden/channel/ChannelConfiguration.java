package org.dosewarden.channel;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * {@code dosewarden.channels.<name>.*}: one pump channel as configured in application.yml, environment
 * variables or command-line properties. Turned into a validated {@link ChannelSettings}; a channel whose
 * values do not validate stays disabled with the reason, the others run.
 */
@EachProperty("dosewarden.channels")
public class ChannelConfiguration {

    private final String name;
    private String profile = "";
    private String port = "";
    private int address;
    private String syringe;
    private BigDecimal diameterMm;
    private BigDecimal syringeVolumeMl = BigDecimal.valueOf(60);
    private Duration pollInterval = ChannelSettings.DEFAULT_POLL_PERIOD;
    private Duration linkTimeout = ChannelSettings.DEFAULT_LINK_TIMEOUT;
    private int watchdogSeconds = ChannelSettings.DEFAULT_WATCHDOG_SECONDS;
    private int leaseSeconds = ChannelSettings.DEFAULT_LEASE_SECONDS;
    private Duration nearEndLead = org.dosewarden.safety.SafetySettings.DEFAULT_NEAR_END_LEAD;
    private boolean simulatorPowerUpAlarm = true;
    private boolean simulatedVitals;

    public ChannelConfiguration(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getProfile() {
        return profile;
    }

    public void setProfile(String profile) {
        this.profile = profile;
    }

    public String getPort() {
        return port;
    }

    public void setPort(String port) {
        this.port = port;
    }

    public int getAddress() {
        return address;
    }

    public void setAddress(int address) {
        this.address = address;
    }

    public String getSyringe() {
        return syringe;
    }

    public void setSyringe(String syringe) {
        this.syringe = syringe;
    }

    public BigDecimal getDiameterMm() {
        return diameterMm;
    }

    public void setDiameterMm(BigDecimal diameterMm) {
        this.diameterMm = diameterMm;
    }

    /** With {@code diameter-mm}: the syringe's nominal volume, the largest volume to be infused (default 60 mL). */
    public BigDecimal getSyringeVolumeMl() {
        return syringeVolumeMl;
    }

    public void setSyringeVolumeMl(BigDecimal syringeVolumeMl) {
        this.syringeVolumeMl = syringeVolumeMl;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public Duration getLinkTimeout() {
        return linkTimeout;
    }

    public void setLinkTimeout(Duration linkTimeout) {
        this.linkTimeout = linkTimeout;
    }

    public int getWatchdogSeconds() {
        return watchdogSeconds;
    }

    public void setWatchdogSeconds(int watchdogSeconds) {
        this.watchdogSeconds = watchdogSeconds;
    }

    /** With {@code watchdog-seconds: 0}: the pump is armed for at most this long at a time (default 30 s). */
    public int getLeaseSeconds() {
        return leaseSeconds;
    }

    public void setLeaseSeconds(int leaseSeconds) {
        this.leaseSeconds = leaseSeconds;
    }

    /** Remaining time of a running program at which the near-end advisory is raised (SR-C5; 1 min to 4 h). */
    public Duration getNearEndLead() {
        return nearEndLead;
    }

    public void setNearEndLead(Duration nearEndLead) {
        this.nearEndLead = nearEndLead;
    }



    /** For {@code sim:} ports: whether the built-in simulator powers up with its reset alarm latched (as a real pump). */
    public boolean isSimulatorPowerUpAlarm() {
        return simulatorPowerUpAlarm;
    }

    public void setSimulatorPowerUpAlarm(boolean simulatorPowerUpAlarm) {
        this.simulatorPowerUpAlarm = simulatorPowerUpAlarm;
    }

    /** Demo only: a simulated monitor reports steady vitals every 10 s ({@link DemoVitalsMonitor}). */
    public boolean isSimulatedVitals() {
        return simulatedVitals;
    }

    public void setSimulatedVitals(boolean simulatedVitals) {
        this.simulatedVitals = simulatedVitals;
    }

    /** The validated settings; throws naming the key and the limit when a value is wrong. */
    ChannelSettings toSettings() {
        return new ChannelSettings(name, profile == null ? "" : profile, port == null ? "" : port, address,
                syringe, diameterMm, pollInterval, linkTimeout, watchdogSeconds, leaseSeconds, nearEndLead).validated();
    }
}
