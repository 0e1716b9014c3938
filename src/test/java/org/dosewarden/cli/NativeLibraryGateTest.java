package org.dosewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.order.OrderUtil;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The start's check of the SQLite driver's cached native library runs beside Micronaut's start, and the first eager
 * bean waits for it, so no bean (the journal among them) is made before the check has ended.
 */
class NativeLibraryGateTest {

    @Test
    @DisplayName("the gate bean is made only once the native-library check has ended")
    void waitsForTheCheck() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch made = new CountDownLatch(1);
        boolean[] checked = {false};
        NativeLibraryGate.start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            checked[0] = true;
        });
        Thread bean = new Thread(() -> {
            new NativeLibraryGate();
            made.countDown();
        });
        bean.start();
        assertFalse(made.await(300, TimeUnit.MILLISECONDS), "the gate did not wait for the check");
        release.countDown();
        assertTrue(made.await(10, TimeUnit.SECONDS));
        assertTrue(checked[0]);
    }

    @Test
    @DisplayName("the gate is the first eager bean a started context makes")
    void firstEagerBean() {
        try (ApplicationContext context = ApplicationContext.run("test")) {
            BeanDefinition<NativeLibraryGate> gate = context.getBeanDefinition(NativeLibraryGate.class);
            assertEquals(Ordered.HIGHEST_PRECEDENCE, OrderUtil.getOrder(gate.getAnnotationMetadata()));
            List<String> tied = context.getBeanDefinitions(Qualifiers.byStereotype(Context.class)).stream()
                    .filter(d -> d.getBeanType() != NativeLibraryGate.class)
                    .filter(d -> OrderUtil.getOrder(d.getAnnotationMetadata()) <= Ordered.HIGHEST_PRECEDENCE)
                    .map(d -> d.getBeanType().getName()).toList();
            assertEquals(List.of(), tied, "eager beans that may come before the gate");
        }
    }
}
