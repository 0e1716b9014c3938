package org.dosewarden.api;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.dosewarden.clock.ManualTimeSource;

/** Virtual time for the API tests: intents expire only when a test advances it. */
@Factory
@Requires(env = "apitest")
class ApiTestClock {

    @Singleton
    @Primary
    ManualTimeSource manualTime() {
        return new ManualTimeSource();
    }
}
