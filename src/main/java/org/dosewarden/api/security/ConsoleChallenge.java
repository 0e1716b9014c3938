package org.dosewarden.api.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.security.authentication.WwwAuthenticateChallengeProvider;
import io.micronaut.security.config.RedirectConfiguration;
import io.micronaut.security.config.RedirectService;
import io.micronaut.security.errors.PriorToLoginPersistence;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * A 401 answered to the console (its session cookie was sent, or the request is a page's script call and not
 * a navigation) carries no {@code WWW-Authenticate: Basic} challenge. Otherwise the browser would open its
 * own password prompt over the page and then send that password with every later request, cross-site ones
 * included; the page shows its own sign-in instead. Navigations and scripts keep the Basic challenge.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
final class ConsoleChallenge extends DefaultAuthorizationExceptionHandler {

    ConsoleChallenge(ErrorResponseProcessor<?> errorResponseProcessor, RedirectConfiguration redirectConfiguration,
                     RedirectService redirectService,
                     List<WwwAuthenticateChallengeProvider<HttpRequest<?>>> challengeProviders,
                     @Nullable PriorToLoginPersistence priorToLoginPersistence) {
        super(errorResponseProcessor, redirectConfiguration, redirectService, challengeProviders,
                priorToLoginPersistence);
    }

    @Override
    protected MutableHttpResponse<?> httpResponseWithStatus(HttpRequest<?> request, AuthorizationException exception) {
        MutableHttpResponse<?> response = super.httpResponseWithStatus(request, exception);
        if (response.code() == 401 && fromConsole(request)) {
            response.getHeaders().remove(HttpHeaders.WWW_AUTHENTICATE);
        }
        return response;
    }

    static boolean fromConsole(HttpRequest<?> request) {
        if (SessionAuthentication.cookieToken(request).isPresent()) {
            return true;
        }
        String mode = request.getHeaders().get("Sec-Fetch-Mode");
        return mode != null && !mode.equalsIgnoreCase("navigate");
    }
}
