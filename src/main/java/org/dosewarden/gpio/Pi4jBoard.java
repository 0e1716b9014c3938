package org.dosewarden.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * GPIO through Pi4J 3: the mock provider off a Pi and in tests, the gpiod provider (Linux GPIO character device) on
 * a Pi. The context is built with auto-detection off so that only the chosen provider is present and a Pi never
 * silently falls back to the mock; Pi4J's own shutdown hook is off because the daemon shuts GPIO down itself
 * (relay first).
 */
final class Pi4jBoard implements GpioBoard {

    /** Which Pi4J provider drives the pins. */
    enum Provider {
        MOCK("mock"),
        GPIOD("gpiod");

        private final String configName;

        Provider(String configName) {
            this.configName = configName;
        }

        String configName() {
            return configName;
        }
    }

    private final Context context;
    private final Provider provider;
    private final Map<Integer, DigitalInput> inputs = new ConcurrentHashMap<>();
    private final Map<Integer, DigitalOutput> outputs = new ConcurrentHashMap<>();

    private Pi4jBoard(Context context, Provider provider) {
        this.context = context;
        this.provider = provider;
    }

    /**
     * Opens a Pi4J context for {@code provider}.
     *
     * @param gpiodChip gpiod chip name (e.g. "gpiochip0"), or null for Pi4J's choice for the detected board;
     *                  ignored for the mock
     */
    static Pi4jBoard open(Provider provider, String gpiodChip) {
        var builder = Pi4J.newContextBuilder().noAutoDetect().disableShutdownHook();
        switch (provider) {
            case MOCK -> builder.add(new MockPlatform())
                    .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance());
            case GPIOD -> {
                builder.add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance());
                if (gpiodChip != null) {
                    builder.setGpioChipName(gpiodChip);
                }
            }
        }
        return new Pi4jBoard(builder.build(), provider);
    }

    @Override
    public String provider() {
        return provider.configName();
    }

    @Override
    public InputPin input(String id, int bcm, Pull pull) {
        DigitalInput in = context.create(DigitalInput.newConfigBuilder(context)
                .id(id)
                .name(id)
                .address(bcm)
                .pull(switch (pull) {
                    case UP -> PullResistance.PULL_UP;
                    case DOWN -> PullResistance.PULL_DOWN;
                    case OFF -> PullResistance.OFF;
                })
                .provider(provider == Provider.MOCK ? MockDigitalInputProvider.ID : GpioDDigitalInputProvider.ID));
        inputs.put(bcm, in);
        return new InputPin() {
            @Override
            public int bcm() {
                return bcm;
            }

            @Override
            public Level read() {
                return Pi4jBoard.level(in.state(), id, bcm);
            }

            @Override
            public void onChange(Consumer<Level> listener) {
                in.addListener(event -> {
                    DigitalState s = event.state();
                    if (s == DigitalState.HIGH || s == DigitalState.LOW) {
                        listener.accept(s == DigitalState.HIGH ? Level.HIGH : Level.LOW);
                    }
                });
            }
        };
    }

    @Override
    public OutputPin output(String id, int bcm, Level initial, Level onRelease) {
        DigitalOutput out = context.create(DigitalOutput.newConfigBuilder(context)
                .id(id)
                .name(id)
                .address(bcm)
                .initial(state(initial))
                .shutdown(state(onRelease))
                .provider(provider == Provider.MOCK ? MockDigitalOutputProvider.ID : GpioDDigitalOutputProvider.ID));
        // Some providers apply 'initial' lazily; drive it explicitly so the pin is known from here on.
        out.state(state(initial));
        outputs.put(bcm, out);
        return new OutputPin() {
            @Override
            public int bcm() {
                return bcm;
            }

            @Override
            public void drive(Level level) {
                out.state(state(level));
            }

            @Override
            public Level level() {
                return Pi4jBoard.level(out.state(), id, bcm);
            }
        };
    }

    /** The Pi4J input claimed at {@code bcm}, for tests that set mock levels. */
    Optional<DigitalInput> pi4jInput(int bcm) {
        return Optional.ofNullable(inputs.get(bcm));
    }

    /** The Pi4J output claimed at {@code bcm}, for tests that read what the pin is driven to. */
    Optional<DigitalOutput> pi4jOutput(int bcm) {
        return Optional.ofNullable(outputs.get(bcm));
    }

    @Override
    public void close() {
        if (!context.isShutdown()) {
            context.shutdown();
        }
    }

    private static DigitalState state(Level level) {
        return level == Level.HIGH ? DigitalState.HIGH : DigitalState.LOW;
    }

    private static Level level(DigitalState state, String id, int bcm) {
        return switch (state) {
            case HIGH -> Level.HIGH;
            case LOW -> Level.LOW;
            default -> throw new IllegalStateException("pin " + id + " (BCM " + bcm + ") reads " + state);
        };
    }
}
