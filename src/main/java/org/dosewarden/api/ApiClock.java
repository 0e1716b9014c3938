package org.dosewarden.api;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import org.dosewarden.clock.TimeSource;

/**
 * The machine clock as the daemon's {@link TimeSource} unless another bean (the demo's accelerated clock,
 * a test's manual clock) is defined: this one is {@link Secondary}, so any other TimeSource bean wins.
 */
@Factory
final class ApiClock {

    @Singleton
    @Secondary
    TimeSource systemTime() {
        return TimeSource.system();
    }
}
