package org.dosewarden.mqtt.embedded;

import java.util.List;
import java.util.Objects;

/**
 * One account of the embedded broker and what it may do. Filters use MQTT wildcards ({@code +}, {@code #}).
 * A subscription is allowed only when one read filter covers all of it (so a read-only dashboard limited
 * to {@code dosewarden/site/dev/#} cannot subscribe to {@code #}).
 *
 * @param username     account name
 * @param password     its password (compared in constant time; never logged)
 * @param readFilters  what it may subscribe to
 * @param writeFilters what it may publish to; empty for a read-only account
 */
public record BrokerAccount(String username, String password, List<String> readFilters, List<String> writeFilters) {

    public BrokerAccount {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        readFilters = List.copyOf(readFilters);
        writeFilters = List.copyOf(writeFilters);
        if (username.isBlank()) {
            throw new IllegalArgumentException("embedded broker account needs a user name");
        }
        if (password.length() < 8) {
            throw new IllegalArgumentException("password of embedded broker account '" + username
                    + "' must have at least 8 characters");
        }
        for (String f : readFilters) {
            TopicFilters.check("read filter of account " + username, f);
        }
        for (String f : writeFilters) {
            TopicFilters.check("write filter of account " + username, f);
        }
    }

    /** May publish to {@code topic}. */
    public boolean mayWrite(String topic) {
        return writeFilters.stream().anyMatch(f -> TopicFilters.matches(f, topic));
    }

    /** May subscribe to {@code filter}: some read filter covers every topic it can match. */
    public boolean mayRead(String filter) {
        return readFilters.stream().anyMatch(f -> TopicFilters.covers(f, filter));
    }

    @Override
    public String toString() {
        return "BrokerAccount[" + username + ", read=" + readFilters + ", write=" + writeFilters + "]";
    }
}
