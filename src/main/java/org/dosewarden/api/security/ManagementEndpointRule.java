package org.dosewarden.api.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.management.endpoint.EndpointSensitivityProcessor;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.security.rules.SensitiveEndpointRule;
import jakarta.inject.Singleton;
import java.util.Arrays;
import org.reactivestreams.Publisher;

/**
 * Who may use the sensitive management endpoints (Prometheus metrics): any logged-in user holding one of
 * the dosewarden roles. Anonymous callers are refused (401) by the parent rule; non-sensitive endpoints
 * ({@code /health}) stay open.
 */
@Singleton
@Replaces(SensitiveEndpointRule.class)
final class ManagementEndpointRule extends SensitiveEndpointRule {

    ManagementEndpointRule(EndpointSensitivityProcessor processor) {
        super(processor);
    }

    @Override
    protected Publisher<SecurityRuleResult> checkSensitiveAuthenticated(HttpRequest<?> request,
            Authentication authentication, ExecutableMethod<?, ?> method) {
        boolean hasRole = authentication.getRoles().stream()
                .anyMatch(r -> Arrays.stream(Role.values()).anyMatch(role -> role.configName().equals(r)));
        return Publishers.just(hasRole ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
    }
}
