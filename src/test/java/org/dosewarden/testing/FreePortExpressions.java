package org.dosewarden.testing;

import io.micronaut.context.env.PropertyExpressionResolver;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.core.value.PropertyResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * {@code ${dosewarden-test.free-port.NAME}} in a test context's configuration: a free loopback port from
 * {@link Ports#free()}, the same for one NAME within one context, another in every context.
 *
 * <p>Micronaut's {@code ${random.port}} takes any free port, the kernel's ephemeral range included, where an outgoing
 * connection of the same or the other test JVM can take it between the choice and the bind ("Cannot bind to port"
 * of an embedded broker, seen in CI). {@link Ports} chooses below that range, in this JVM's own slice.
 */
public final class FreePortExpressions implements PropertyExpressionResolver {

    private static final String PREFIX = "dosewarden-test.free-port.";
    /** Per context (its property resolver), the port chosen for each name. */
    private static final Map<PropertyResolver, Map<String, Integer>> CHOSEN = new WeakHashMap<>();

    @Override
    public <T> Optional<T> resolve(PropertyResolver resolver, ConversionService conversions, String expression,
            Class<T> type) {
        if (!expression.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int port;
        synchronized (CHOSEN) {
            port = CHOSEN.computeIfAbsent(resolver, r -> new HashMap<>()).computeIfAbsent(expression, e -> {
                try {
                    return Ports.free();
                } catch (IOException ex) {
                    throw new UncheckedIOException("no free loopback port for " + e, ex);
                }
            });
        }
        return conversions.convert(port, type);
    }
}
