package org.dosewarden.mqtt.embedded;

/** MQTT 3.1.1 topic-filter matching, for the embedded broker's access rules. */
public final class TopicFilters {

    private TopicFilters() {
    }

    /** Rejects a malformed filter: '#' only as the last level, '+' and '#' only as whole levels. */
    public static void check(String what, String filter) {
        if (filter == null || filter.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.contains("#") && (!l.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException(what + " '" + filter + "': '#' must be the whole last level");
            }
            if (l.contains("+") && !l.equals("+")) {
                throw new IllegalArgumentException(what + " '" + filter + "': '+' must be a whole level");
            }
        }
    }

    /** True when {@code topic} (a concrete topic name) matches {@code filter}. */
    public static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /** True when every topic that {@code requested} can match is also matched by {@code allowed}. */
    public static boolean covers(String allowed, String requested) {
        String[] a = allowed.split("/", -1);
        String[] r = requested.split("/", -1);
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals("#")) {
                return true;
            }
            if (i >= r.length) {
                return false;
            }
            if (r[i].equals("#")) {
                return false; // requested reaches deeper or wider than allowed
            }
            if (a[i].equals("+")) {
                continue;
            }
            if (!a[i].equals(r[i])) {
                return false; // includes requested '+' against an allowed literal
            }
        }
        return a.length == r.length;
    }
}
