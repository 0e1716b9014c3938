package org.dosewarden.mqtt.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dosewarden.mqtt.embedded.accounts.<name>.*}: an extra account of the embedded broker, e.g. a
 * vitals gateway that may only write {@code ward/+/vitals}, or a nursing station that may write pause
 * requests.
 */
@EachProperty("dosewarden.mqtt.embedded.accounts")
public class EmbeddedAccountProperties {

    private final String username;
    private String password;
    private List<String> read = new ArrayList<>();
    private List<String> write = new ArrayList<>();

    public EmbeddedAccountProperties(@Parameter String username) {
        this.username = username;
    }

    public String getUsername() {
        return username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public List<String> getRead() {
        return read;
    }

    public void setRead(List<String> read) {
        this.read = read;
    }

    public List<String> getWrite() {
        return write;
    }

    public void setWrite(List<String> write) {
        this.write = write;
    }
}
